//! The built-in offline gateway, the default when no Stripe keys are set. It accepts
//! Stripe's public test card numbers with Stripe's outcomes:
//! `4242 4242 4242 4242` succeeds, `4000 0000 0000 0002` is declined,
//! `4000 0000 0000 9995` has insufficient funds, `4000 0000 0000 0069` is expired and
//! `4000 0000 0000 0127` has an incorrect CVC. Any other valid (Luhn) number succeeds.
//!
//! Card data never leaves this module: [`TestGateway::tokenize`] turns the form into an
//! opaque token carrying only the outcome, brand and last four digits.

use storefront::Money;

use super::gateway::{ChargeRequest, GatewayError, PaymentGateway, PaymentState, Provider};
use shared::errors::AppError;

/// The card form's fields as typed.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
pub struct CardInput {
    pub number: String,
    pub exp_month: String,
    pub exp_year: String,
    pub cvc: String,
}

/// What the payment step keeps: the token, brand and last four.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardToken {
    pub token: String,
    pub brand: String,
    pub last4: String,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct TestGateway;

fn outcome_of(number: &str) -> &'static str {
    match number {
        "4000000000000002" => "declined",
        "4000000000009995" => "insufficient",
        "4000000000000069" => "expired",
        "4000000000000127" => "cvc",
        _ => "ok",
    }
}

fn brand_of(number: &str) -> &'static str {
    let two: u32 = number.get(..2).and_then(|p| p.parse().ok()).unwrap_or(0);
    let four: u32 = number.get(..4).and_then(|p| p.parse().ok()).unwrap_or(0);
    if number.starts_with('4') {
        "Visa"
    } else if (51..=55).contains(&two) || (2221..=2720).contains(&four) {
        "Mastercard"
    } else if two == 34 || two == 37 {
        "American Express"
    } else if four == 6011 || two == 65 {
        "Discover"
    } else {
        "Card"
    }
}

fn luhn_ok(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let dd = d * 2;
                if dd > 9 { dd - 9 } else { dd }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

impl TestGateway {
    /// Checks the card form (a 422 naming the bad field) and returns its token. `now` is
    /// (year, month) for the expiry check.
    pub fn tokenize(&self, card: &CardInput, now: (i32, u32)) -> Result<CardToken, AppError> {
        let number: String = card
            .number
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if number.is_empty() {
            return Err(AppError::invalid("cardNumber", "Enter the card number."));
        }
        if !number.bytes().all(|b| b.is_ascii_digit())
            || !(12..=19).contains(&number.len())
            || !luhn_ok(&number)
        {
            return Err(AppError::invalid(
                "cardNumber",
                "That card number is not valid. Check it and try again.",
            ));
        }
        let month: u32 = card
            .exp_month
            .trim()
            .parse()
            .ok()
            .filter(|m| (1..=12).contains(m))
            .ok_or_else(|| {
                AppError::invalid(
                    "expMonth",
                    "Enter the expiry month as a number from 1 to 12.",
                )
            })?;
        let year: i32 = card
            .exp_year
            .trim()
            .parse::<i32>()
            .ok()
            .map(|y| if (0..100).contains(&y) { 2000 + y } else { y })
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| AppError::invalid("expYear", "Enter the expiry year, e.g. 2030."))?;
        if (year, month) < now {
            return Err(AppError::invalid("expYear", "That card has expired."));
        }
        let cvc = card.cvc.trim();
        if !(3..=4).contains(&cvc.len()) || !cvc.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AppError::invalid(
                "cvc",
                "Enter the 3 or 4 digit security code (CVC).",
            ));
        }
        let last4 = number[number.len() - 4..].to_string();
        let brand = brand_of(&number).to_string();
        let nonce = &crate::tokens::random_token()[..16];
        Ok(CardToken {
            token: format!("tok_test_{}_{nonce}", outcome_of(&number)),
            brand,
            last4,
        })
    }
}

#[async_trait::async_trait]
impl PaymentGateway for TestGateway {
    fn provider(&self) -> Provider {
        Provider::Test
    }

    async fn authorize(&self, req: ChargeRequest<'_>) -> Result<PaymentState, GatewayError> {
        let outcome = req
            .token
            .strip_prefix("tok_test_")
            .and_then(|rest| rest.split('_').next())
            .ok_or_else(|| GatewayError::Declined {
                code: "invalid_token".into(),
                message: "Your card details have expired; please enter them again.".into(),
            })?;
        let declined = |code: &str, message: &str| GatewayError::Declined {
            code: code.into(),
            message: message.into(),
        };
        match outcome {
            "ok" => Ok(PaymentState::Authorized {
                reference: format!(
                    "test_pay_{}",
                    &crate::tokens::token_hash(req.idempotency_key)[..24]
                ),
            }),
            "declined" => Err(declined("card_declined", "Your card was declined.")),
            "insufficient" => Err(declined(
                "insufficient_funds",
                "Your card has insufficient funds.",
            )),
            "expired" => Err(declined("expired_card", "Your card has expired.")),
            "cvc" => Err(declined(
                "incorrect_cvc",
                "Your card's security code is incorrect.",
            )),
            _ => Err(declined(
                "invalid_token",
                "Your card details have expired; please enter them again.",
            )),
        }
    }

    async fn capture(
        &self,
        reference: &str,
        amount: Money,
        _idempotency_key: &str,
    ) -> Result<PaymentState, GatewayError> {
        Ok(PaymentState::Captured {
            reference: reference.to_string(),
            amount: amount.minor(),
        })
    }

    /// The test gateway settles at once: a payment it authorised is as good as captured.
    async fn status(&self, reference: &str) -> Result<PaymentState, GatewayError> {
        Ok(PaymentState::Authorized {
            reference: reference.to_string(),
        })
    }

    async fn refund(
        &self,
        reference: &str,
        _amount: Money,
        idempotency_key: &str,
    ) -> Result<String, GatewayError> {
        Ok(format!(
            "test_re_{}",
            &crate::tokens::token_hash(&format!("{reference}:{idempotency_key}"))[..24]
        ))
    }

    async fn cancel(&self, _reference: &str, _idempotency_key: &str) -> Result<(), GatewayError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(n: &str) -> CardInput {
        CardInput {
            number: n.into(),
            exp_month: "12".into(),
            exp_year: "2030".into(),
            cvc: "123".into(),
        }
    }

    #[test]
    fn test_numbers_tokenize_with_brand_and_last4_only() {
        let t = TestGateway
            .tokenize(&card("4242 4242 4242 4242"), (2026, 11))
            .unwrap();
        assert_eq!((t.brand.as_str(), t.last4.as_str()), ("Visa", "4242"));
        assert!(!t.token.contains("4242424242424242"));
        let t = TestGateway
            .tokenize(&card("5555-5555-5555-4444"), (2026, 11))
            .unwrap();
        assert_eq!(t.brand, "Mastercard");
    }

    #[test]
    fn bad_cards_name_the_field() {
        let field = |c: CardInput| match TestGateway.tokenize(&c, (2026, 11)) {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(card("4242 4242 4242 4241")), "cardNumber");
        assert_eq!(field(card("abcd")), "cardNumber");
        assert_eq!(field(card("")), "cardNumber");
        let mut c = card("4242424242424242");
        c.exp_month = "13".into();
        assert_eq!(field(c), "expMonth");
        let mut c = card("4242424242424242");
        c.exp_year = "2025".into();
        assert_eq!(field(c), "expYear");
        let mut c = card("4242424242424242");
        c.cvc = "12a".into();
        assert_eq!(field(c), "cvc");
    }

    #[tokio::test]
    async fn outcomes_follow_stripe_test_numbers() {
        let money = Money::new(1000, storefront::Currency::Usd);
        let charge = |n: &'static str| async move {
            let t = TestGateway.tokenize(&card(n), (2026, 11)).unwrap();
            TestGateway
                .authorize(ChargeRequest {
                    token: &t.token,
                    amount: money,
                    idempotency_key: "k",
                    description: "test",
                    order_number: "LC-1",
                    return_url: "http://shop.test/checkout/return",
                    keep_card_for: None,
                })
                .await
        };
        assert!(charge("4242424242424242").await.is_ok());
        let code = |r: Result<PaymentState, GatewayError>| match r {
            Err(GatewayError::Declined { code, .. }) => code,
            other => panic!("{other:?}"),
        };
        assert_eq!(code(charge("4000000000000002").await), "card_declined");
        assert_eq!(code(charge("4000000000009995").await), "insufficient_funds");
    }
}
