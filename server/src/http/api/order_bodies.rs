//! Typed request bodies of the order endpoints. Field names are camelCase; the snake_case
//! spelling is accepted too. Amounts are never read from a request: there is no price field.

use serde::{Deserialize, Deserializer};
use services::account::addresses::AddressInput;
use services::checkout::steps::PaymentInput;
use services::payments::CardInput;
use storefront::LinePick;
use utoipa::ToSchema;

/// Text sent as a JSON string or number (`"78701"` or `78701`).
#[derive(Clone, Debug, Default, PartialEq, Eq, ToSchema)]
#[schema(value_type = String)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

fn text(t: Option<Text>) -> String {
    t.map(|t| t.0).unwrap_or_default()
}

/// `POST /api/orders`: contact, addresses, shipping method, coupon and payment. Prices and
/// totals are computed from the cart; any sent are ignored.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlaceOrderBody {
    /// Required for guest checkout; a signed-in shopper's account email is used otherwise.
    #[serde(default)]
    pub email: Option<Text>,
    #[serde(default, alias = "shipping_address")]
    pub shipping_address: Option<AddressBody>,
    /// Defaults to the shipping address.
    #[serde(default, alias = "billing_address")]
    pub billing_address: Option<AddressBody>,
    /// A code from `GET /api/checkout/shipping-methods` (e.g. `standard`).
    #[serde(default, alias = "shipping_method")]
    pub shipping_method: Option<Text>,
    /// Empty or absent: no coupon.
    #[serde(default, alias = "coupon_code")]
    pub coupon_code: Option<Text>,
    /// Needed unless the order is free.
    #[serde(default)]
    pub payment: Option<PaymentBody>,
}

/// A postal address.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AddressBody {
    /// Who receives it (or send `name`).
    #[serde(default, alias = "recipient_name")]
    pub recipient_name: Option<Text>,
    /// Same as `recipientName`.
    #[serde(default, alias = "full_name")]
    pub name: Option<Text>,
    #[serde(default)]
    pub company: Option<Text>,
    #[serde(default, alias = "line_1")]
    pub line1: Option<Text>,
    #[serde(default, alias = "line_2")]
    pub line2: Option<Text>,
    #[serde(default)]
    pub city: Option<Text>,
    /// State or region code (`state` also accepted).
    #[serde(default, alias = "state")]
    pub region: Option<Text>,
    #[serde(default, alias = "postal_code")]
    pub postal_code: Option<Text>,
    /// ISO 3166 two-letter code (`country_code` also accepted).
    #[serde(default, alias = "country_code")]
    pub country: Option<Text>,
    #[serde(default)]
    pub phone: Option<Text>,
}

impl From<AddressBody> for AddressInput {
    fn from(a: AddressBody) -> AddressInput {
        let recipient = match text(a.recipient_name) {
            s if s.is_empty() => text(a.name),
            s => s,
        };
        AddressInput {
            recipient_name: recipient,
            company: text(a.company),
            line1: text(a.line1),
            line2: text(a.line2),
            city: text(a.city),
            region: text(a.region),
            postal_code: text(a.postal_code),
            country: text(a.country),
            phone: text(a.phone),
            ..AddressInput::default()
        }
    }
}

/// How the order is paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethodName {
    /// The offline test gateway's card (`card` also accepted).
    #[serde(alias = "card")]
    TestCard,
    /// A Stripe PaymentMethod created in the browser.
    Stripe,
}

/// `{method: "test_card", cardNumber, expMonth, expYear, cvc}` or
/// `{method: "stripe", paymentMethodId}`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PaymentBody {
    #[serde(default)]
    pub method: Option<PaymentMethodName>,
    #[serde(default, alias = "card_number")]
    pub card_number: Option<Text>,
    #[serde(default, alias = "exp_month")]
    pub exp_month: Option<Text>,
    #[serde(default, alias = "exp_year")]
    pub exp_year: Option<Text>,
    #[serde(default)]
    pub cvc: Option<Text>,
    #[serde(default, alias = "payment_method_id")]
    pub payment_method_id: Option<Text>,
}

impl PaymentBody {
    /// The payment, or `None` when `method` is missing.
    pub fn input(self) -> Option<PaymentInput> {
        match self.method? {
            PaymentMethodName::TestCard => Some(PaymentInput::TestCard(CardInput {
                number: text(self.card_number),
                exp_month: text(self.exp_month),
                exp_year: text(self.exp_year),
                cvc: text(self.cvc),
            })),
            PaymentMethodName::Stripe => Some(PaymentInput::Stripe {
                payment_method_id: text(self.payment_method_id),
            }),
        }
    }
}

/// `POST /api/orders/{number}/cancel` (the body may be empty).
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct CancelBody {
    /// Why (kept on the order's timeline; at most 500 characters).
    #[serde(default)]
    pub reason: Option<String>,
    /// A guest's order secret (the `key` of the confirmation link).
    #[serde(default)]
    pub key: Option<String>,
}

/// `PUT /api/orders/{number}/status`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusBody {
    /// Where the order should go: CONFIRMED, PROCESSING, SHIPPED, DELIVERED, CANCELLED or
    /// REFUNDED.
    #[serde(default)]
    #[schema(example = "PROCESSING")]
    pub status: Option<String>,
    /// For SHIPPED.
    #[serde(default)]
    pub carrier: Option<String>,
    /// For SHIPPED.
    #[serde(default, alias = "tracking_number")]
    pub tracking_number: Option<String>,
    /// For CANCELLED and REFUNDED.
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /api/orders/{number}/refunds`: neither `amount` nor `lines` refunds everything left.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct RefundBody {
    /// Minor units (cents) to refund.
    #[serde(default)]
    pub amount: Option<i64>,
    /// Units of order lines to refund (their price, less their share of discounts).
    #[serde(default)]
    pub lines: Option<Vec<LineBody>>,
    #[serde(default)]
    pub reason: Option<String>,
}

/// Some units of one order line.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LineBody {
    /// An `items[].id` of the order.
    #[serde(alias = "order_item_id")]
    pub order_item_id: i64,
    /// 1–999.
    pub quantity: i64,
}

impl LineBody {
    /// The pick, or the reason it is not one.
    pub fn pick(&self) -> Result<LinePick, shared::errors::AppError> {
        if self.order_item_id <= 0 {
            return Err(shared::errors::AppError::invalid(
                "lines",
                "`lines` must be a list of {orderItemId, quantity}.",
            ));
        }
        match u32::try_from(self.quantity) {
            Ok(quantity) if (1..=999).contains(&quantity) => Ok(LinePick {
                order_item_id: self.order_item_id,
                quantity,
            }),
            _ => Err(shared::errors::AppError::invalid(
                "lines",
                "Each line needs a quantity from 1 to 999.",
            )),
        }
    }
}
