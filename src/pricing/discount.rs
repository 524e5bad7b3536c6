//! Applying promotions to priced lines.

use serde::{Deserialize, Serialize};

use super::promotion::{Ineligible, PricedLine, Promotion, PromotionKind, Shopper};
use crate::{Currency, Money, MoneyError};

/// A promotion that took something off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedPromotion {
    /// Database id.
    pub promotion_id: i64,
    /// Shown to the shopper.
    pub name: String,
    /// The code, for a coupon.
    pub code: Option<String>,
    /// Taken off the merchandise.
    pub amount: Money,
    /// Made shipping free.
    pub free_shipping: bool,
}

/// What happened to the code the shopper entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CouponOutcome {
    /// No code entered.
    None,
    /// Applied.
    Applied,
    /// Not applied, and why.
    Rejected(Ineligible),
}

/// Discounts for a cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discounts {
    /// Discount on each line, in the order of the lines; never more than the line.
    pub per_line: Vec<Money>,
    /// Taken off shipping (free shipping).
    pub shipping: Money,
    /// Free shipping applies (also when the shipping price is not known yet).
    pub free_shipping: bool,
    /// The promotions that apply.
    pub applied: Vec<AppliedPromotion>,
    /// The entered code's fate.
    pub coupon: CouponOutcome,
}

impl Discounts {
    /// No discounts for `n` lines.
    pub fn none(n: usize, currency: Currency) -> Discounts {
        Discounts {
            per_line: vec![Money::zero(currency); n],
            shipping: Money::zero(currency),
            free_shipping: false,
            applied: Vec::new(),
            coupon: CouponOutcome::None,
        }
    }

    /// Sum of the line discounts.
    pub fn merchandise(&self, currency: Currency) -> Result<Money, MoneyError> {
        Money::sum(self.per_line.iter().copied(), currency)
    }

    fn value(&self, currency: Currency) -> Result<i64, MoneyError> {
        Ok(self
            .merchandise(currency)?
            .checked_add(self.shipping)?
            .minor())
    }
}

/// Applies the automatic promotions `automatic` and the entered `coupon` (if any) to `lines`.
/// `shipping` is the shipping price when known (free shipping takes it off).
///
/// Ineligible automatic promotions are skipped silently; an ineligible coupon is reported in
/// [`Discounts::coupon`] and changes nothing. Exclusive promotions are never combined: the
/// outcome worth most to the shopper wins (ties go to the combination without them).
pub fn apply_promotions(
    currency: Currency,
    lines: &[PricedLine],
    automatic: &[Promotion],
    coupon: Option<&Promotion>,
    shopper: &Shopper,
    shipping: Option<Money>,
) -> Result<Discounts, MoneyError> {
    let subtotals: Vec<Money> = lines
        .iter()
        .map(PricedLine::subtotal)
        .collect::<Result<_, _>>()?;
    let subtotal = Money::sum(subtotals.iter().copied(), currency)?;
    let mut coupon_outcome = CouponOutcome::None;
    let mut candidates: Vec<(&Promotion, bool)> = automatic
        .iter()
        .filter(|p| p.eligibility(lines, subtotal, shopper).is_ok())
        .map(|p| (p, false))
        .collect();
    if let Some(c) = coupon {
        match c.eligibility(lines, subtotal, shopper) {
            Ok(()) => candidates.push((c, true)),
            Err(why) => coupon_outcome = CouponOutcome::Rejected(why),
        }
    }

    let stack: Vec<(&Promotion, bool)> = candidates
        .iter()
        .copied()
        .filter(|(p, _)| !p.exclusive)
        .collect();
    let mut best = run(currency, lines, &subtotals, &stack, shipping)?;
    for alone in candidates.iter().copied().filter(|(p, _)| p.exclusive) {
        let outcome = run(currency, lines, &subtotals, &[alone], shipping)?;
        if outcome.value(currency)? > best.value(currency)? {
            best = outcome;
        }
    }
    if let Some(c) = coupon
        && coupon_outcome == CouponOutcome::None
    {
        let applied = best
            .applied
            .iter()
            .any(|a| a.promotion_id == c.id && a.code.is_some());
        // Lost to an exclusive promotion, or is exclusive and lost to the others together.
        let exclusive_won = best.applied.iter().any(|a| {
            candidates
                .iter()
                .any(|(p, _)| p.exclusive && p.id == a.promotion_id)
        });
        let exclusive_in_play = c.exclusive || exclusive_won;
        coupon_outcome = if applied {
            CouponOutcome::Applied
        } else if exclusive_in_play {
            CouponOutcome::Rejected(Ineligible::NotCombinable)
        } else {
            CouponOutcome::Rejected(Ineligible::NoEffect)
        };
    }
    best.coupon = coupon_outcome;
    Ok(best)
}

/// Applies `set` in stage and priority order.
fn run(
    currency: Currency,
    lines: &[PricedLine],
    subtotals: &[Money],
    set: &[(&Promotion, bool)],
    shipping: Option<Money>,
) -> Result<Discounts, MoneyError> {
    let mut ordered = set.to_vec();
    ordered.sort_by(|(a, _), (b, _)| {
        a.stage()
            .cmp(&b.stage())
            .then(b.priority.cmp(&a.priority))
            .then(a.id.cmp(&b.id))
    });
    let mut out = Discounts::none(lines.len(), currency);
    let mut remaining: Vec<Money> = subtotals.to_vec();
    for (promo, is_coupon) in ordered {
        let targeted: Vec<usize> = (0..lines.len())
            .filter(|&i| promo.target.matches(&lines[i]))
            .collect();
        let mut taken = vec![Money::zero(currency); lines.len()];
        let mut free_shipping = false;
        match &promo.kind {
            PromotionKind::PercentOff {
                percent,
                max_discount,
            } => {
                let base = Money::sum(targeted.iter().map(|&i| remaining[i]), currency)?;
                let mut amount = percent.of(base);
                if let Some(cap) = max_discount {
                    amount = min(amount, *cap);
                }
                spread(amount, &targeted, &remaining, &mut taken)?;
            }
            PromotionKind::AmountOff { amount } => {
                let base = Money::sum(targeted.iter().map(|&i| remaining[i]), currency)?;
                spread(min(*amount, base), &targeted, &remaining, &mut taken)?;
            }
            PromotionKind::Tiered { tiers } => {
                let base = Money::sum(targeted.iter().map(|&i| remaining[i]), currency)?;
                let reached = tiers
                    .iter()
                    .filter(|t| t.min_spend.minor() <= base.minor())
                    .max_by_key(|t| (t.min_spend.minor(), t.amount_off.minor()));
                if let Some(tier) = reached {
                    spread(
                        min(tier.amount_off, base),
                        &targeted,
                        &remaining,
                        &mut taken,
                    )?;
                }
            }
            PromotionKind::BuyXGetY {
                buy,
                get,
                percent,
                max_applications,
            } => {
                let units: u64 = targeted.iter().map(|&i| u64::from(lines[i].quantity)).sum();
                let group = u64::from(*buy) + u64::from(*get);
                let mut applications = units / group.max(1);
                if let Some(max) = max_applications {
                    applications = applications.min(u64::from(*max));
                }
                let mut free_units = applications * u64::from(*get);
                // The cheapest units are discounted; ties by line order.
                let mut by_price = targeted.clone();
                by_price.sort_by_key(|&i| (lines[i].unit_price.minor(), i));
                for i in by_price {
                    if free_units == 0 {
                        break;
                    }
                    let n = free_units.min(u64::from(lines[i].quantity));
                    free_units -= n;
                    let units_price = lines[i]
                        .unit_price
                        .checked_mul_qty(u32::try_from(n).unwrap_or(u32::MAX))?;
                    taken[i] = min(percent.of(units_price), remaining[i]);
                }
            }
            PromotionKind::FreeShipping => free_shipping = true,
        }
        let amount = Money::sum(taken.iter().copied(), currency)?;
        if amount.is_zero() && !free_shipping {
            continue;
        }
        for i in 0..lines.len() {
            remaining[i] = remaining[i].checked_sub(taken[i])?;
            out.per_line[i] = out.per_line[i].checked_add(taken[i])?;
        }
        if free_shipping {
            out.free_shipping = true;
            out.shipping = shipping.unwrap_or(Money::zero(currency));
        }
        out.applied.push(AppliedPromotion {
            promotion_id: promo.id,
            name: promo.name.clone(),
            code: if is_coupon { promo.code.clone() } else { None },
            amount,
            free_shipping,
        });
    }
    Ok(out)
}

fn min(a: Money, b: Money) -> Money {
    if b.minor() < a.minor() { b } else { a }
}

/// Splits `amount` (≤ the sum of `remaining` over `targets`) over `targets` in proportion to
/// what is left of each, exact to the minor unit; no line gets more than it has left.
fn spread(
    amount: Money,
    targets: &[usize],
    remaining: &[Money],
    taken: &mut [Money],
) -> Result<(), MoneyError> {
    if !amount.is_positive() {
        return Ok(());
    }
    let weights: Vec<u64> = targets
        .iter()
        .map(|&i| u64::try_from(remaining[i].minor()).unwrap_or(0))
        .collect();
    if weights.iter().all(|w| *w == 0) {
        return Ok(());
    }
    for (share, &i) in amount.allocate(&weights)?.into_iter().zip(targets) {
        taken[i] = min(share, remaining[i]);
    }
    Ok(())
}
