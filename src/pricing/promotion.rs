//! Promotions as values, and who may use them when.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Currency, Money, MoneyError, TaxRate};

/// A percentage in basis points: 0 to 10,000 (100 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Percent(u16);

impl Percent {
    /// 100 %.
    pub const ALL: Percent = Percent(10_000);

    /// `None` above 100 %.
    pub fn from_basis_points(bp: u32) -> Option<Percent> {
        u16::try_from(bp)
            .ok()
            .filter(|bp| *bp <= 10_000)
            .map(Percent)
    }

    /// Basis points (1 % = 100).
    pub const fn basis_points(self) -> u16 {
        self.0
    }

    /// This share of `amount`, rounded half-to-even to the minor unit.
    pub fn of(self, amount: Money) -> Money {
        let rate = TaxRate::new(Decimal::new(i64::from(self.0), 4)).unwrap_or(TaxRate::ZERO);
        amount.apply_rate(rate)
    }
}

/// What kind of product a line is: shipped goods, downloads, or learning (courses, course
/// bundles, team licences, certifications), which need no shipping. Stored, parsed and
/// serialized as `"PHYSICAL"`, `"DIGITAL"`, `"BUNDLE"`, `"COURSE"`, `"COURSE_BUNDLE"`,
/// `"TEAM_LICENCE"`, `"CERTIFICATION"`, `"SUBSCRIPTION"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProductKind {
    /// Shipped goods.
    Physical,
    /// Delivered by download; no shipping.
    Digital,
    /// Several products sold as one; shipped.
    Bundle,
    /// One course: access for one learner, bought once.
    Course,
    /// Two or more courses sold together at a discount off their sum.
    CourseBundle,
    /// Seats on a course for a team; the quantity is the number of seats (2–1000).
    TeamLicence,
    /// A certification exam on a scheduled date (the variant is the cohort).
    Certification,
    /// A learning subscription plan: every course included in the subscription, billed each
    /// period until cancelled.
    Subscription,
}

impl ProductKind {
    /// Every kind.
    pub const ALL: [ProductKind; 8] = [
        ProductKind::Physical,
        ProductKind::Digital,
        ProductKind::Bundle,
        ProductKind::Course,
        ProductKind::CourseBundle,
        ProductKind::TeamLicence,
        ProductKind::Certification,
        ProductKind::Subscription,
    ];

    /// Whether a line of this kind has to be shipped.
    pub const fn needs_shipping(self) -> bool {
        matches!(self, ProductKind::Physical | ProductKind::Bundle)
    }

    /// Courses, course bundles, team licences and certifications: fulfilled by granting
    /// access to an account.
    pub const fn is_learning(self) -> bool {
        matches!(
            self,
            ProductKind::Course
                | ProductKind::CourseBundle
                | ProductKind::TeamLicence
                | ProductKind::Certification
        )
    }

    /// A subscription plan (quantity 1, one per order, billed each period).
    pub const fn is_subscription(self) -> bool {
        matches!(self, ProductKind::Subscription)
    }

    /// The stored name, e.g. `"PHYSICAL"` or `"TEAM_LICENCE"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ProductKind::Physical => "PHYSICAL",
            ProductKind::Digital => "DIGITAL",
            ProductKind::Bundle => "BUNDLE",
            ProductKind::Course => "COURSE",
            ProductKind::CourseBundle => "COURSE_BUNDLE",
            ProductKind::TeamLicence => "TEAM_LICENCE",
            ProductKind::Certification => "CERTIFICATION",
            ProductKind::Subscription => "SUBSCRIPTION",
        }
    }

    /// What staff see in the back office.
    pub const fn label(self) -> &'static str {
        match self {
            ProductKind::Physical => "Physical",
            ProductKind::Digital => "Digital download",
            ProductKind::Bundle => "Bundle",
            ProductKind::Course => "Course",
            ProductKind::CourseBundle => "Course bundle",
            ProductKind::TeamLicence => "Team licence",
            ProductKind::Certification => "Certification",
            ProductKind::Subscription => "Subscription",
        }
    }
}

/// A product kind name that is not one of [`ProductKind::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown product kind \"{0}\"")]
pub struct UnknownProductKind(pub String);

impl std::str::FromStr for ProductKind {
    type Err = UnknownProductKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ProductKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownProductKind(s.to_owned()))
    }
}

impl std::fmt::Display for ProductKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A cart line as priced now, with what promotions and tax rules match on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedLine {
    /// The caller's key for the line (cart item id).
    pub key: i64,
    /// The product the variant belongs to.
    pub product_id: i64,
    /// The product's categories with all their ancestors.
    pub category_ids: Vec<i64>,
    /// Physical, digital or bundle.
    pub kind: ProductKind,
    /// Catalog price now.
    pub unit_price: Money,
    /// Units.
    pub quantity: u32,
    /// Weight of one unit in grams.
    pub unit_weight_grams: u32,
}

impl PricedLine {
    /// `unit_price × quantity`.
    pub fn subtotal(&self) -> Result<Money, MoneyError> {
        self.unit_price.checked_mul_qty(self.quantity)
    }
}

/// What a promotion takes off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PromotionKind {
    /// A percentage of the target amount, optionally capped.
    PercentOff {
        /// How much.
        percent: Percent,
        /// The most it may take off in total.
        max_discount: Option<Money>,
    },
    /// A fixed amount off the target amount (never more than it).
    AmountOff {
        /// How much.
        amount: Money,
    },
    /// Shipping costs nothing.
    FreeShipping,
    /// For every `buy` matching units, `get` more matching units are `percent` off (100 % =
    /// free); the cheapest units are the ones discounted.
    BuyXGetY {
        /// Units to pay for.
        buy: u32,
        /// Units discounted per group.
        get: u32,
        /// Discount on the `get` units.
        percent: Percent,
        /// How many groups at most (`None`: as many as the cart holds).
        max_applications: Option<u32>,
    },
    /// Spend at least a threshold, get an amount off; the highest tier reached applies.
    Tiered {
        /// The tiers, in any order.
        tiers: Vec<Tier>,
    },
}

/// One step of a tiered promotion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    /// Spend at least this (after earlier discounts)…
    pub min_spend: Money,
    /// …and get this off.
    pub amount_off: Money,
}

/// Which lines a promotion works on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    /// The whole order.
    Order,
    /// Lines whose product is listed or sits in a listed category (or below it).
    Items {
        /// Products.
        product_ids: Vec<i64>,
        /// Categories.
        category_ids: Vec<i64>,
    },
}

impl Target {
    /// Whether `line` is targeted.
    pub fn matches(&self, line: &PricedLine) -> bool {
        match self {
            Target::Order => true,
            Target::Items {
                product_ids,
                category_ids,
            } => {
                product_ids.contains(&line.product_id)
                    || line.category_ids.iter().any(|c| category_ids.contains(c))
            }
        }
    }
}

/// When a promotion may be used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conditions {
    /// The cart's subtotal (before discounts) must reach this.
    pub min_subtotal: Option<Money>,
    /// Not before (Unix seconds).
    pub starts_at: Option<i64>,
    /// Not at or after (Unix seconds).
    pub ends_at: Option<i64>,
    /// Only for signed-in shoppers.
    pub requires_account: bool,
    /// Only when the shopper (account, or email for guests) has no earlier order.
    pub first_order_only: bool,
}

/// A promotion the engine can apply. Usage limits are not checked here: they are enforced
/// atomically when the order is placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promotion {
    /// Database id.
    pub id: i64,
    /// Shown to the shopper ("Summer sale").
    pub name: String,
    /// The code that applies it, for coupon promotions.
    pub code: Option<String>,
    /// What it takes off.
    pub kind: PromotionKind,
    /// Which lines.
    pub target: Target,
    /// When.
    pub conditions: Conditions,
    /// Never combined with another promotion.
    pub exclusive: bool,
    /// Higher goes first within its group.
    pub priority: i32,
}

/// Who is buying, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shopper {
    /// Now, in Unix seconds.
    pub now: i64,
    /// Signed in.
    pub signed_in: bool,
    /// Orders placed before by this account (or this email, for guests).
    pub previous_orders: u32,
}

/// Why a promotion does not apply (the message is for the shopper who typed the code).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum Ineligible {
    /// Not started yet.
    #[error("This code isn't active yet.")]
    NotStarted,
    /// Ended.
    #[error("This code has expired.")]
    Ended,
    /// The cart is too small.
    #[error("Spend {short_by} more to use this code (minimum {minimum}).")]
    MinSubtotal {
        /// The minimum.
        minimum: Money,
        /// What is missing.
        short_by: Money,
    },
    /// Guests cannot use it.
    #[error("Sign in to use this code.")]
    NeedsAccount,
    /// Only for a first order.
    #[error("This code is only for your first order.")]
    FirstOrderOnly,
    /// Nothing in the cart qualifies.
    #[error("None of the items in your cart qualify for this code.")]
    NoMatchingItems,
    /// Priced in another currency.
    #[error("This code can't be used in this currency.")]
    Currency,
    /// An exclusive code lost to (or would replace) savings worth more.
    #[error("This code can't be combined with your other savings, which are worth more.")]
    NotCombinable,
    /// Applies, but takes nothing off this cart yet.
    #[error("This code doesn't lower the price of your cart yet.")]
    NoEffect,
    /// The code is used up or was withdrawn (decided by the caller from the database).
    #[error("This code is no longer available.")]
    Unavailable,
}

impl Promotion {
    /// The currency this promotion's amounts are in, if it has any.
    fn currency(&self) -> Option<Currency> {
        let from_kind = match &self.kind {
            PromotionKind::PercentOff { max_discount, .. } => max_discount.map(|m| m.currency()),
            PromotionKind::AmountOff { amount } => Some(amount.currency()),
            PromotionKind::Tiered { tiers } => tiers.first().map(|t| t.min_spend.currency()),
            PromotionKind::FreeShipping | PromotionKind::BuyXGetY { .. } => None,
        };
        from_kind.or(self.conditions.min_subtotal.map(|m| m.currency()))
    }

    /// Whether this promotion may apply to `lines` for `shopper` (limits aside).
    pub fn eligibility(
        &self,
        lines: &[PricedLine],
        subtotal: Money,
        shopper: &Shopper,
    ) -> Result<(), Ineligible> {
        let c = &self.conditions;
        if self
            .currency()
            .is_some_and(|cur| cur != subtotal.currency())
        {
            return Err(Ineligible::Currency);
        }
        if c.starts_at.is_some_and(|t| shopper.now < t) {
            return Err(Ineligible::NotStarted);
        }
        if c.ends_at.is_some_and(|t| shopper.now >= t) {
            return Err(Ineligible::Ended);
        }
        if c.requires_account && !shopper.signed_in {
            return Err(Ineligible::NeedsAccount);
        }
        if c.first_order_only && shopper.previous_orders > 0 {
            return Err(Ineligible::FirstOrderOnly);
        }
        if let Some(minimum) = c.min_subtotal
            && subtotal.minor() < minimum.minor()
        {
            let short_by = Money::new(minimum.minor() - subtotal.minor(), minimum.currency());
            return Err(Ineligible::MinSubtotal { minimum, short_by });
        }
        if !lines.iter().any(|l| self.target.matches(l)) {
            return Err(Ineligible::NoMatchingItems);
        }
        Ok(())
    }

    /// Line promotions run before order promotions, free shipping last.
    pub(crate) fn stage(&self) -> u8 {
        match (&self.kind, &self.target) {
            (PromotionKind::BuyXGetY { .. }, _) => 0,
            (PromotionKind::FreeShipping, _) => 3,
            (_, Target::Items { .. }) => 1,
            (_, Target::Order) => 2,
        }
    }
}

#[cfg(test)]
mod kind_tests {
    use super::*;

    #[test]
    fn product_kinds_round_trip_and_refuse_unknown_names() {
        for k in ProductKind::ALL {
            assert_eq!(k.as_str().parse::<ProductKind>(), Ok(k));
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.as_str())
            );
        }
        assert!("digital".parse::<ProductKind>().is_err());
        assert!("SERVICE".parse::<ProductKind>().is_err());
    }
}
