//! Turning a refund amount into a [`PaymentEvent`].

use serde::{Deserialize, Serialize};

use super::PaymentEvent;
use crate::money::{Money, MoneyError};

/// Why a refund amount was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum RefundError {
    /// The refund amount is zero or negative.
    #[error("Enter a refund amount greater than zero.")]
    NotPositive,
    /// The refund would return more than was captured and not yet refunded.
    #[error("You can refund at most {refundable}.")]
    ExceedsRefundable {
        /// What can still be refunded (may be zero).
        refundable: Money,
    },
    /// The amounts are in different currencies or overflow.
    #[error(transparent)]
    Money(#[from] MoneyError),
}

impl PaymentEvent {
    /// Classifies refunding `amount` of a payment that captured `captured` and has already
    /// refunded `already_refunded`: [`PaymentEvent::FullRefund`] if the refunded total then
    /// equals the captured total, [`PaymentEvent::PartialRefund`] if it stays below.
    ///
    /// Errors if `amount` is not positive, if it exceeds what is left to refund, or if the
    /// currencies differ. Whether the payment is in a refundable status is checked separately
    /// by [`PaymentStatus::apply`](super::PaymentStatus::apply).
    pub fn refund(
        amount: Money,
        captured: Money,
        already_refunded: Money,
    ) -> Result<PaymentEvent, RefundError> {
        if amount.currency() != captured.currency() {
            return Err(RefundError::Money(MoneyError::CurrencyMismatch {
                expected: captured.currency(),
                found: amount.currency(),
            }));
        }
        if !amount.is_positive() {
            return Err(RefundError::NotPositive);
        }
        let refundable = captured.checked_sub(already_refunded)?;
        let remaining = refundable.checked_sub(amount)?;
        if remaining.is_negative() {
            let refundable = if refundable.is_negative() {
                Money::zero(refundable.currency())
            } else {
                refundable
            };
            return Err(RefundError::ExceedsRefundable { refundable });
        }
        Ok(if remaining.is_zero() {
            PaymentEvent::FullRefund
        } else {
            PaymentEvent::PartialRefund
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn usd(minor: i64) -> Money {
        Money::new(minor, Currency::Usd)
    }

    #[test]
    fn classifies_partial_and_full() {
        assert_eq!(
            PaymentEvent::refund(usd(500), usd(2000), usd(0)),
            Ok(PaymentEvent::PartialRefund)
        );
        assert_eq!(
            PaymentEvent::refund(usd(1500), usd(2000), usd(500)),
            Ok(PaymentEvent::FullRefund)
        );
        assert_eq!(
            PaymentEvent::refund(usd(2000), usd(2000), usd(0)),
            Ok(PaymentEvent::FullRefund)
        );
    }

    #[test]
    fn rejects_over_refunds() {
        assert_eq!(
            PaymentEvent::refund(usd(2001), usd(2000), usd(0)),
            Err(RefundError::ExceedsRefundable {
                refundable: usd(2000)
            })
        );
        assert_eq!(
            PaymentEvent::refund(usd(1), usd(2000), usd(2000)),
            Err(RefundError::ExceedsRefundable { refundable: usd(0) })
        );
        assert_eq!(
            PaymentEvent::refund(usd(1), usd(100), usd(200)),
            Err(RefundError::ExceedsRefundable { refundable: usd(0) })
        );
        assert_eq!(
            RefundError::ExceedsRefundable {
                refundable: usd(2000)
            }
            .to_string(),
            "You can refund at most $20.00."
        );
    }

    #[test]
    fn rejects_non_positive_and_mismatched() {
        assert_eq!(
            PaymentEvent::refund(usd(0), usd(100), usd(0)),
            Err(RefundError::NotPositive)
        );
        assert_eq!(
            PaymentEvent::refund(usd(-5), usd(100), usd(0)),
            Err(RefundError::NotPositive)
        );
        assert!(matches!(
            PaymentEvent::refund(Money::new(5, Currency::Eur), usd(100), usd(0)),
            Err(RefundError::Money(MoneyError::CurrencyMismatch { .. }))
        ));
    }
}
