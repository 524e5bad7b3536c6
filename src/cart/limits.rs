//! How many lines a cart may hold and how many of one variant a line may hold.

use serde::{Deserialize, Serialize};

use crate::Quantity;

/// Configurable cart limits (seed 000: 50 lines, 10 per line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLimits {
    /// Most distinct lines (variants) in one cart.
    pub max_lines: u32,
    /// Most units of one variant on a line (never above [`Quantity::MAX`]).
    pub max_per_line: u32,
}

impl Default for CartLimits {
    fn default() -> Self {
        CartLimits {
            max_lines: 50,
            max_per_line: 10,
        }
    }
}

impl CartLimits {
    /// Limits with `max_per_line` clamped to what a [`Quantity`] can hold and both at least 1.
    pub fn new(max_lines: u32, max_per_line: u32) -> CartLimits {
        CartLimits {
            max_lines: max_lines.max(1),
            max_per_line: max_per_line.clamp(1, Quantity::MAX),
        }
    }
}

/// Why a change to the cart was refused. The cart is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum CartRejection {
    /// The cart already has the maximum number of lines.
    #[error("Your cart can hold at most {max} different items. Remove one to add another.")]
    TooManyLines {
        /// The configured maximum.
        max: u32,
    },
    /// The line would exceed the per-line maximum.
    #[error("{}", per_line_text(*max, *in_cart))]
    LineLimit {
        /// The configured maximum per line.
        max: u32,
        /// Units of this item already in the cart.
        in_cart: u32,
    },
    /// Not enough stock for the requested quantity.
    #[error("{}", stock_text(*available, *in_cart))]
    NotEnoughStock {
        /// Units available to sell (on hand − reserved), never negative.
        available: u32,
        /// Units of this item already in the cart.
        in_cart: u32,
    },
}

fn per_line_text(max: u32, in_cart: u32) -> String {
    if in_cart == 0 {
        format!("You can buy at most {max} of this item.")
    } else {
        format!("You can buy at most {max} of this item; your cart already has {in_cart}.",)
    }
}

fn stock_text(available: u32, in_cart: u32) -> String {
    match (available, in_cart) {
        (0, _) => "Sorry, this item is out of stock.".to_string(),
        (a, 0) => format!("Only {a} left in stock."),
        (a, c) => format!("Only {a} left in stock, and your cart already has {c}."),
    }
}

/// What adding `adding` units does to a line that holds `in_cart` units (0 = no line yet) in a
/// cart with `lines` lines. `available` is `None` for items without stock tracking.
/// Returns the line's new quantity.
pub fn plan_add(
    limits: CartLimits,
    lines: u32,
    in_cart: u32,
    adding: Quantity,
    available: Option<u32>,
) -> Result<u32, CartRejection> {
    if in_cart == 0 && lines >= limits.max_lines {
        return Err(CartRejection::TooManyLines {
            max: limits.max_lines,
        });
    }
    let wanted = in_cart.saturating_add(adding.get());
    if wanted > limits.max_per_line {
        return Err(CartRejection::LineLimit {
            max: limits.max_per_line,
            in_cart,
        });
    }
    if let Some(available) = available
        && wanted > available
    {
        return Err(CartRejection::NotEnoughStock { available, in_cart });
    }
    Ok(wanted)
}

/// Setting a line to exactly `quantity` units.
pub fn plan_set(
    limits: CartLimits,
    quantity: Quantity,
    available: Option<u32>,
) -> Result<u32, CartRejection> {
    let wanted = quantity.get();
    if wanted > limits.max_per_line {
        return Err(CartRejection::LineLimit {
            max: limits.max_per_line,
            in_cart: 0,
        });
    }
    if let Some(available) = available
        && wanted > available
    {
        return Err(CartRejection::NotEnoughStock {
            available,
            in_cart: 0,
        });
    }
    Ok(wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: u32) -> Quantity {
        Quantity::new(n).unwrap()
    }

    #[test]
    fn adds_up_to_the_line_limit() {
        let l = CartLimits::default();
        assert_eq!(plan_add(l, 0, 0, q(3), Some(100)), Ok(3));
        assert_eq!(plan_add(l, 1, 3, q(7), Some(100)), Ok(10));
        assert_eq!(
            plan_add(l, 1, 3, q(8), Some(100)),
            Err(CartRejection::LineLimit {
                max: 10,
                in_cart: 3
            })
        );
    }

    #[test]
    fn line_count_only_blocks_new_lines() {
        let l = CartLimits::new(2, 10);
        assert_eq!(
            plan_add(l, 2, 0, q(1), None),
            Err(CartRejection::TooManyLines { max: 2 })
        );
        assert_eq!(plan_add(l, 2, 1, q(1), None), Ok(2));
    }

    #[test]
    fn stock_message_says_how_many_are_left() {
        let l = CartLimits::default();
        let e = plan_add(l, 0, 0, q(5), Some(3)).unwrap_err();
        assert_eq!(e.to_string(), "Only 3 left in stock.");
        let e = plan_add(l, 1, 2, q(2), Some(3)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Only 3 left in stock, and your cart already has 2."
        );
        let e = plan_add(l, 0, 0, q(1), Some(0)).unwrap_err();
        assert_eq!(e.to_string(), "Sorry, this item is out of stock.");
        assert_eq!(plan_add(l, 0, 0, q(9), None), Ok(9));
    }

    #[test]
    fn set_checks_limit_and_stock() {
        let l = CartLimits::default();
        assert_eq!(plan_set(l, q(4), Some(4)), Ok(4));
        assert!(matches!(
            plan_set(l, q(11), None),
            Err(CartRejection::LineLimit { .. })
        ));
        assert!(matches!(
            plan_set(l, q(5), Some(4)),
            Err(CartRejection::NotEnoughStock { available: 4, .. })
        ));
    }

    #[test]
    fn limits_are_clamped() {
        assert_eq!(
            CartLimits::new(0, 500),
            CartLimits {
                max_lines: 1,
                max_per_line: 99
            }
        );
    }
}
