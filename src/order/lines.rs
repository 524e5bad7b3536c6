//! Per-line bookkeeping of an order after it is placed: shipping some of its units
//! (partial fulfilment) and refunding some of its units.

use serde::{Deserialize, Serialize};

use crate::money::{Money, MoneyError};

/// One order line as fulfilment and refunds see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineState {
    /// The order item's id.
    pub id: i64,
    /// Units ordered.
    pub quantity: u32,
    /// Units shipped so far.
    pub fulfilled: u32,
    /// Units refunded so far (or being refunded).
    pub refunded: u32,
    /// What the customer paid for the whole line (after its discount, with its tax).
    pub total: Money,
}

/// `quantity` units of line `id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinePick {
    /// The order item's id.
    pub order_item_id: i64,
    /// How many of its units.
    pub quantity: u32,
}

/// Why a pick of lines was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum LinePickError {
    /// Nothing was picked.
    #[error("Choose at least one item and a quantity.")]
    Empty,
    /// The id is not a line of this order.
    #[error("Item {0} is not part of this order.")]
    UnknownLine(i64),
    /// The same line twice.
    #[error("Item {0} is listed twice.")]
    Duplicate(i64),
    #[error("Only {left} of item {id} can still be {what}.")]
    /// More units than are left for the operation.
    TooMany {
        /// The line.
        id: i64,
        /// Units still available for it.
        left: u32,
        /// "shipped" or "refunded".
        what: &'static str,
    },
    /// Arithmetic on the amounts failed.
    #[error(transparent)]
    Money(#[from] MoneyError),
}

fn check_picks<'a>(
    lines: &'a [LineState],
    picks: &[LinePick],
    left: impl Fn(&LineState) -> u32,
    what: &'static str,
) -> Result<Vec<(&'a LineState, u32)>, LinePickError> {
    let picks: Vec<&LinePick> = picks.iter().filter(|p| p.quantity > 0).collect();
    if picks.is_empty() {
        return Err(LinePickError::Empty);
    }
    let mut out = Vec::with_capacity(picks.len());
    for (i, p) in picks.iter().enumerate() {
        if picks[..i]
            .iter()
            .any(|q| q.order_item_id == p.order_item_id)
        {
            return Err(LinePickError::Duplicate(p.order_item_id));
        }
        let line = lines
            .iter()
            .find(|l| l.id == p.order_item_id)
            .ok_or(LinePickError::UnknownLine(p.order_item_id))?;
        let left = left(line);
        if p.quantity > left {
            return Err(LinePickError::TooMany {
                id: line.id,
                left,
                what,
            });
        }
        out.push((line, p.quantity));
    }
    Ok(out)
}

/// Checks a shipment of `picks` against what is left to ship. `Ok(true)` when the order is
/// then fully shipped.
pub fn plan_fulfilment(lines: &[LineState], picks: &[LinePick]) -> Result<bool, LinePickError> {
    let ok = check_picks(
        lines,
        picks,
        |l| l.quantity.saturating_sub(l.fulfilled),
        "shipped",
    )?;
    Ok(lines.iter().all(|l| {
        let shipping = ok.iter().find(|(o, _)| o.id == l.id).map_or(0, |(_, q)| *q);
        l.fulfilled + shipping >= l.quantity
    }))
}

/// What refunding `units` more units of `line` gives back: the line's total split over its
/// units with [`Money::allocate`] (so refunding every unit, in any steps, sums to exactly
/// the line total).
pub fn unit_refund(line: &LineState, units: u32) -> Result<Money, MoneyError> {
    if units == 0 || line.quantity == 0 {
        return Ok(Money::zero(line.total.currency()));
    }
    let shares = line.total.allocate(&vec![1; line.quantity as usize])?;
    let from = line.refunded.min(line.quantity) as usize;
    let to = (line.refunded + units).min(line.quantity) as usize;
    Money::sum(shares[from..to].iter().copied(), line.total.currency())
}

/// Checks a refund of `picks` against the units not yet refunded and prices it.
pub fn plan_line_refund(lines: &[LineState], picks: &[LinePick]) -> Result<Money, LinePickError> {
    let ok = check_picks(
        lines,
        picks,
        |l| l.quantity.saturating_sub(l.refunded),
        "refunded",
    )?;
    let currency = ok[0].0.total.currency();
    let mut total = Money::zero(currency);
    for (line, q) in ok {
        total = total.checked_add(unit_refund(line, q)?)?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn line(id: i64, quantity: u32, total: i64) -> LineState {
        LineState {
            id,
            quantity,
            fulfilled: 0,
            refunded: 0,
            total: Money::new(total, Currency::Usd),
        }
    }

    fn pick(id: i64, quantity: u32) -> LinePick {
        LinePick {
            order_item_id: id,
            quantity,
        }
    }

    #[test]
    fn partial_then_complete_fulfilment() {
        let mut lines = [line(1, 2, 2000), line(2, 1, 500)];
        assert_eq!(plan_fulfilment(&lines, &[pick(1, 1)]), Ok(false));
        lines[0].fulfilled = 1;
        assert_eq!(plan_fulfilment(&lines, &[pick(1, 1), pick(2, 1)]), Ok(true));
        assert_eq!(
            plan_fulfilment(&lines, &[pick(1, 2)]),
            Err(LinePickError::TooMany {
                id: 1,
                left: 1,
                what: "shipped"
            })
        );
        assert_eq!(
            plan_fulfilment(&lines, &[pick(9, 1)]),
            Err(LinePickError::UnknownLine(9))
        );
        assert_eq!(
            plan_fulfilment(&lines, &[pick(1, 0)]),
            Err(LinePickError::Empty)
        );
        assert_eq!(
            plan_fulfilment(&lines, &[pick(2, 1), pick(2, 1)]),
            Err(LinePickError::Duplicate(2))
        );
    }

    #[test]
    fn unit_refunds_sum_to_the_line_total() {
        let mut l = line(1, 3, 1000);
        let mut sum = 0;
        for _ in 0..3 {
            let r = unit_refund(&l, 1).unwrap();
            sum += r.minor();
            l.refunded += 1;
        }
        assert_eq!(sum, 1000);
        let l = line(1, 3, 1000);
        assert_eq!(unit_refund(&l, 3).unwrap().minor(), 1000);
        assert_eq!(
            plan_line_refund(&[l], &[pick(1, 4)]),
            Err(LinePickError::TooMany {
                id: 1,
                left: 3,
                what: "refunded"
            })
        );
    }

    #[test]
    fn line_refunds_price_several_lines() {
        let lines = [line(1, 2, 2000), line(2, 1, 499)];
        assert_eq!(
            plan_line_refund(&lines, &[pick(1, 1), pick(2, 1)])
                .unwrap()
                .minor(),
            1499
        );
    }
}
