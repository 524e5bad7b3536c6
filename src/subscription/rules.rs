//! Cart rules for subscriptions (the platform spec): quantity 1, at most one subscription per
//! order, and a signed-in account to buy one.

use serde::{Deserialize, Serialize};

/// Why a subscription line was refused; [`SubscriptionRejection::code`] is stable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum SubscriptionRejection {
    /// The cart already holds a subscription.
    #[error("An order can hold one subscription. Check out the one in your cart first.")]
    MultipleSubscriptionsNotAllowed,
    /// More than one of it.
    #[error("A subscription is bought once: the quantity is always 1.")]
    QuantityIsOne,
    /// Not signed in.
    #[error("Sign in to subscribe: your subscription belongs to your account.")]
    SignInRequired,
    /// The account already has a live subscription to this plan.
    #[error("You already subscribe to {plan}. Manage it from your account.")]
    AlreadySubscribed {
        /// The plan's name.
        plan: String,
    },
}

impl SubscriptionRejection {
    /// A stable machine-readable code.
    pub const fn code(&self) -> &'static str {
        match self {
            SubscriptionRejection::MultipleSubscriptionsNotAllowed => {
                "MULTIPLE_SUBSCRIPTIONS_NOT_ALLOWED"
            }
            SubscriptionRejection::QuantityIsOne => "QUANTITY_IS_ONE",
            SubscriptionRejection::SignInRequired => "SIGN_IN_REQUIRED",
            SubscriptionRejection::AlreadySubscribed { .. } => "ALREADY_SUBSCRIBED",
        }
    }
}

/// Adding `requested` of a subscription plan named `plan` to a cart that holds
/// `subscriptions_in_cart` subscription lines, for a buyer who is `signed_in` and
/// `subscribed` to this plan already (live).
pub fn check_subscription_add(
    plan: &str,
    requested: u32,
    subscriptions_in_cart: u32,
    signed_in: bool,
    subscribed: bool,
) -> Result<u32, SubscriptionRejection> {
    if !signed_in {
        return Err(SubscriptionRejection::SignInRequired);
    }
    if requested != 1 {
        return Err(SubscriptionRejection::QuantityIsOne);
    }
    if subscriptions_in_cart > 0 {
        return Err(SubscriptionRejection::MultipleSubscriptionsNotAllowed);
    }
    if subscribed {
        return Err(SubscriptionRejection::AlreadySubscribed {
            plan: plan.to_string(),
        });
    }
    Ok(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_subscription_once_signed_in() {
        assert_eq!(check_subscription_add("Monthly", 1, 0, true, false), Ok(1));
        let code = |r: Result<u32, SubscriptionRejection>| r.unwrap_err().code();
        assert_eq!(
            code(check_subscription_add("M", 1, 0, false, false)),
            "SIGN_IN_REQUIRED"
        );
        assert_eq!(
            code(check_subscription_add("M", 2, 0, true, false)),
            "QUANTITY_IS_ONE"
        );
        assert_eq!(
            code(check_subscription_add("M", 1, 1, true, false)),
            "MULTIPLE_SUBSCRIPTIONS_NOT_ALLOWED"
        );
        assert_eq!(
            code(check_subscription_add("M", 1, 0, true, true)),
            "ALREADY_SUBSCRIBED"
        );
    }
}
