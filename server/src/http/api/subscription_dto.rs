//! API shapes of learning subscriptions (`/api/me/subscriptions`, `/api/me/invoices/{number}`)
//! and their typed request bodies. Bodies carry ids and card fields only, never an amount.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use shared::subscription::{
    CardUpdated, Invoice, InvoiceLine, InvoiceSummary, MySubscription, PlanSwitchOption,
    SubscriptionBilling, SwitchDone,
};

use super::bodies::WholeNumber;
use super::dto::ApiMoney;
use super::order_bodies::Text;

/// One of your subscriptions with its billing facts.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiSubscription {
    pub id: i64,
    pub plan_name: String,
    /// The plan's product page is `/p/{plan_slug}`.
    pub plan_slug: String,
    /// `TRIALING`, `ACTIVE`, `PAST_DUE`, `PAUSED` or `CANCELED`.
    pub status: String,
    /// What one period costs.
    pub price: ApiMoney,
    /// `month` or `year`.
    pub interval: String,
    /// `YYYY-MM-DD`: the next charge date, or the day it ends when `cancel_at_period_end`.
    pub period_end: String,
    /// You asked to stop at the end of the current period.
    pub cancel_at_period_end: bool,
    /// e.g. "Visa ending in 4242", when a card is on file.
    pub card_label: Option<String>,
    pub billing: ApiSubscriptionBilling,
}

/// The next charge, a refused payment, the switch credit, the plans to switch to, the
/// invoices.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiSubscriptionBilling {
    /// What the next charge will be (with tax), on `period_end`; null when nothing more will
    /// be charged (ending, canceled, paused).
    pub next_charge: Option<ApiMoney>,
    /// The last refused payment's message, while `PAST_DUE`.
    pub last_error: Option<String>,
    /// `YYYY-MM-DD` of the next retry, while `PAST_DUE`.
    pub next_retry_on: Option<String>,
    /// Credit left from a plan switch, spent on the next charges.
    pub credit: ApiMoney,
    /// The plans you can switch to now (`POST /api/me/subscriptions/{id}/switch`).
    pub switch_options: Vec<ApiPlanSwitchOption>,
    /// Paid periods, newest first.
    pub invoices: Vec<ApiInvoiceSummary>,
    /// The card can be replaced through `POST /api/me/subscriptions/{id}/card` (offline test
    /// gateway only).
    pub can_update_card: bool,
    /// Stripe bills it: its card and invoices are managed in Stripe's billing portal
    /// (`POST /api/me/subscriptions/{id}/portal`).
    pub managed_by_stripe: bool,
}

/// Another plan and what switching to it costs today.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiPlanSwitchOption {
    /// Send it as `variantId` to switch.
    pub variant_id: i64,
    pub plan_name: String,
    /// `month` or `year`.
    pub interval: String,
    /// What one period of it costs.
    pub price: ApiMoney,
    /// Credit for the unused days of the current period.
    pub credit: ApiMoney,
    /// Due today (before tax).
    pub charge_now: ApiMoney,
    /// Credit left over for later charges.
    pub carried: ApiMoney,
}

/// One paid period.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiInvoiceSummary {
    #[schema(example = "INV-000042")]
    pub invoice_number: String,
    #[schema(example = "LC-100123")]
    pub order_number: String,
    /// `YYYY-MM-DD`.
    pub period_start: String,
    /// `YYYY-MM-DD`.
    pub period_end: String,
    pub total: ApiMoney,
    /// `CAPTURED`, `REFUNDED` or `PARTIALLY_REFUNDED`.
    pub payment_status: String,
    /// `YYYY-MM-DD`.
    pub issued_on: String,
    /// The invoice in the API (`/api/me/invoices/{invoice_number}`).
    pub url: String,
}

/// What a plan switch did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiSwitchDone {
    pub plan_name: String,
    /// Charged today (with tax); zero when the credit covered it.
    pub charged: ApiMoney,
    /// Credit kept for later charges.
    pub carried: ApiMoney,
    /// `YYYY-MM-DD`: the new plan's next renewal.
    pub period_end: String,
    /// The invoice of the new plan's first period (empty when Stripe bills it: its invoice
    /// arrives by webhook and appears in `billing.invoices`).
    pub invoice_number: String,
    /// Stripe bills it: `charged` and `carried` are estimates of what Stripe charges.
    pub billed_by_stripe: bool,
}

/// What replacing the card did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiCardUpdated {
    /// e.g. "Visa ending in 4242".
    pub card_label: String,
    /// A `PAST_DUE` subscription was charged at once: paid (the invoice number) …
    pub paid_invoice: Option<String>,
    /// … or refused again (the message).
    pub refused: Option<String>,
}

/// An invoice: one paid period of a subscription.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiInvoice {
    #[schema(example = "INV-000042")]
    pub invoice_number: String,
    #[schema(example = "LC-100123")]
    pub order_number: String,
    /// `YYYY-MM-DD`.
    pub issued_on: String,
    /// `YYYY-MM-DD`: the period it pays.
    pub period_start: String,
    pub period_end: String,
    /// The shop's name.
    pub seller: String,
    pub buyer_name: Option<String>,
    pub buyer_email: String,
    /// The billing address, one printed line each.
    pub billing_address: Vec<String>,
    pub lines: Vec<ApiInvoiceLine>,
    pub subtotal: ApiMoney,
    /// Discounts, switch credit included.
    pub discount: ApiMoney,
    pub shipping: ApiMoney,
    pub tax: ApiMoney,
    /// True when tax is included in the prices rather than added.
    pub tax_included: bool,
    pub total: ApiMoney,
    pub refunded: ApiMoney,
    /// `CAPTURED`, `REFUNDED` or `PARTIALLY_REFUNDED`.
    pub payment_status: String,
}

/// One line of an invoice.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiInvoiceLine {
    pub product_name: String,
    /// For a subscription line, the period it pays.
    pub variant_name: String,
    pub quantity: u32,
    pub unit_price: ApiMoney,
    pub discount: ApiMoney,
    pub tax: ApiMoney,
    pub total: ApiMoney,
}

/// `POST /api/me/subscriptions/{id}/switch`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SwitchPlanBody {
    /// The plan price to switch to: a `variant_id` of the subscription's `switch_options`.
    /// What it costs is computed on the server.
    #[serde(alias = "variant_id")]
    pub variant_id: WholeNumber,
}

/// `POST /api/me/subscriptions/{id}/card`: the card, as on the checkout's payment step
/// (offline test gateway only).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionCardBody {
    #[serde(default, alias = "card_number")]
    #[schema(example = "4242 4242 4242 4242")]
    pub card_number: Option<Text>,
    /// 1–12.
    #[serde(default, alias = "exp_month")]
    pub exp_month: Option<Text>,
    /// e.g. 2030.
    #[serde(default, alias = "exp_year")]
    pub exp_year: Option<Text>,
    #[serde(default)]
    pub cvc: Option<Text>,
}

impl SubscriptionCardBody {
    /// The card form's fields (missing ones empty: the tokenizer names them).
    pub fn input(self) -> services::payments::CardInput {
        let text = |t: Option<Text>| t.map(|t| t.0).unwrap_or_default();
        services::payments::CardInput {
            number: text(self.card_number),
            exp_month: text(self.exp_month),
            exp_year: text(self.exp_year),
            cvc: text(self.cvc),
        }
    }
}

impl From<PlanSwitchOption> for ApiPlanSwitchOption {
    fn from(o: PlanSwitchOption) -> Self {
        ApiPlanSwitchOption {
            variant_id: o.variant_id,
            plan_name: o.plan_name,
            interval: o.interval,
            price: o.price.into(),
            credit: o.credit.into(),
            charge_now: o.charge_now.into(),
            carried: o.carried.into(),
        }
    }
}

impl From<InvoiceSummary> for ApiInvoiceSummary {
    fn from(i: InvoiceSummary) -> Self {
        ApiInvoiceSummary {
            url: format!("/api/me/invoices/{}", i.invoice_number),
            invoice_number: i.invoice_number,
            order_number: i.order_number,
            period_start: i.period_start,
            period_end: i.period_end,
            total: i.total.into(),
            payment_status: i.payment_status,
            issued_on: i.issued_on,
        }
    }
}

impl From<SubscriptionBilling> for ApiSubscriptionBilling {
    fn from(b: SubscriptionBilling) -> Self {
        ApiSubscriptionBilling {
            next_charge: b.next_charge.map(Into::into),
            last_error: b.last_error,
            next_retry_on: b.next_retry_on,
            credit: b.credit.into(),
            switch_options: b.switch_options.into_iter().map(Into::into).collect(),
            invoices: b.invoices.into_iter().map(Into::into).collect(),
            can_update_card: b.can_update_card,
            managed_by_stripe: b.managed_by_stripe,
        }
    }
}

impl ApiSubscription {
    pub fn new(s: MySubscription, billing: SubscriptionBilling) -> Self {
        ApiSubscription {
            id: s.id,
            plan_name: s.plan_name,
            plan_slug: s.plan_slug,
            status: s.status,
            price: s.price.into(),
            interval: s.interval,
            period_end: s.period_end,
            cancel_at_period_end: s.cancel_at_period_end,
            card_label: s.card_label,
            billing: billing.into(),
        }
    }
}

impl From<SwitchDone> for ApiSwitchDone {
    fn from(d: SwitchDone) -> Self {
        ApiSwitchDone {
            plan_name: d.plan_name,
            charged: d.charged.into(),
            carried: d.carried.into(),
            period_end: d.period_end,
            invoice_number: d.invoice_number,
            billed_by_stripe: d.billed_by_stripe,
        }
    }
}

impl From<CardUpdated> for ApiCardUpdated {
    fn from(c: CardUpdated) -> Self {
        ApiCardUpdated {
            card_label: c.card_label,
            paid_invoice: c.paid_invoice,
            refused: c.refused,
        }
    }
}

impl From<InvoiceLine> for ApiInvoiceLine {
    fn from(l: InvoiceLine) -> Self {
        ApiInvoiceLine {
            product_name: l.product_name,
            variant_name: l.variant_name,
            quantity: l.quantity,
            unit_price: l.unit_price.into(),
            discount: l.discount.into(),
            tax: l.tax.into(),
            total: l.total.into(),
        }
    }
}

impl From<Invoice> for ApiInvoice {
    fn from(i: Invoice) -> Self {
        ApiInvoice {
            invoice_number: i.invoice_number,
            order_number: i.order_number,
            issued_on: i.issued_on,
            period_start: i.period_start,
            period_end: i.period_end,
            seller: i.seller,
            buyer_name: i.buyer_name,
            buyer_email: i.buyer_email,
            billing_address: i.billing_address,
            lines: i.lines.into_iter().map(Into::into).collect(),
            subtotal: i.subtotal.into(),
            discount: i.discount.into(),
            shipping: i.shipping.into(),
            tax: i.tax.into(),
            tax_included: i.tax_included,
            total: i.total.into(),
            refunded: i.refunded.into(),
            payment_status: i.payment_status,
        }
    }
}
