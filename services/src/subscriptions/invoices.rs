//! A subscription's invoices: each paid period is an order with an invoice number (the
//! CHECKOUT order that started it, then one RENEWAL order per period). The list under each
//! subscription on `/account/subscriptions` and the printable invoice
//! (`/account/invoices/{number}`, `GET /api/me/invoices/{number}`).
//!
//! Someone else's invoice is a 404, like one that does not exist: nobody learns whether an
//! invoice number is taken.

use storefront::{Currency, Money};

use super::db_err;
use crate::args;
use crate::db::{Db, DbCurrency, dialect};
use shared::account::Address;
use shared::errors::AppError;
use shared::subscription::{Invoice, InvoiceLine, InvoiceSummary};

const NO_INVOICE: &str = "There is no such invoice in your account.";

fn no_invoice() -> AppError {
    AppError::NotFound(NO_INVOICE.into())
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    invoice_number: String,
    order_number: String,
    period_start: Option<String>,
    period_end: Option<String>,
    total_amount: i64,
    currency: DbCurrency,
    payment_status: String,
    issued_on: String,
}

impl From<SummaryRow> for InvoiceSummary {
    fn from(r: SummaryRow) -> Self {
        InvoiceSummary {
            invoice_number: r.invoice_number,
            order_number: r.order_number,
            period_start: r.period_start.unwrap_or_default(),
            period_end: r.period_end.unwrap_or_default(),
            total: Money::new(r.total_amount, r.currency.0),
            payment_status: r.payment_status,
            issued_on: r.issued_on,
        }
    }
}

/// The invoices of subscription `sub_id` (of `user_id`, when given; `None`: staff, any),
/// newest first. Someone else's subscription has none.
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn list_invoices(
    db: &Db,
    user_id: Option<i64>,
    sub_id: i64,
) -> Result<Vec<InvoiceSummary>, AppError> {
    let sql = format!(
        "SELECT o.invoice_number, o.number AS order_number,
                o.billing_period_start AS period_start, o.billing_period_end AS period_end,
                o.total_amount, CAST(o.currency AS TEXT) AS currency, o.payment_status,
                {} AS issued_on
           FROM orders o
           JOIN subscriptions s ON s.id = o.subscription_id
          WHERE o.subscription_id = $1 AND o.invoice_number IS NOT NULL
            AND ($2 IS NULL OR s.user_id = $2)
          ORDER BY o.placed_at DESC, o.id DESC",
        dialect::utc_day(db.backend(), "o.placed_at")
    );
    let rows: Vec<SummaryRow> = db.all(&sql, args![sub_id, user_id]).await.map_err(db_err)?;
    Ok(rows.into_iter().map(InvoiceSummary::from).collect())
}

#[derive(sqlx::FromRow)]
struct HeadRow {
    id: i64,
    number: String,
    invoice_number: String,
    issued_on: String,
    period_start: Option<String>,
    period_end: Option<String>,
    email: String,
    first_name: Option<String>,
    last_name: Option<String>,
    currency: DbCurrency,
    subtotal_amount: i64,
    discount_amount: i64,
    shipping_amount: i64,
    tax_amount: i64,
    total_amount: i64,
    refunded_amount: i64,
    payment_status: String,
    billing_address: Option<String>,
}

#[derive(sqlx::FromRow)]
struct LineRow {
    product_name: String,
    variant_name: String,
    quantity: i32,
    unit_price_amount: i64,
    discount_amount: i64,
    tax_amount: i64,
    total_amount: i64,
}

/// The invoice's order: the subscription's owner must be `user_id` (when given). Falls back
/// on the order's account when the subscription row is gone.
async fn head(db: &Db, user_id: Option<i64>, number: &str) -> Result<Option<HeadRow>, AppError> {
    let sql = format!(
        "SELECT o.id, o.number, o.invoice_number, {} AS issued_on,
                o.billing_period_start AS period_start, o.billing_period_end AS period_end,
                o.email, u.first_name, u.last_name, CAST(o.currency AS TEXT) AS currency,
                o.subtotal_amount, o.discount_amount, o.shipping_amount, o.tax_amount,
                o.total_amount, o.refunded_amount, o.payment_status,
                CAST(o.billing_address AS TEXT) AS billing_address
           FROM orders o
           LEFT JOIN subscriptions s ON s.id = o.subscription_id
           LEFT JOIN users u ON u.id = o.user_id
          WHERE o.invoice_number = $1
            AND ($2 IS NULL OR COALESCE(s.user_id, o.user_id) = $2)",
        dialect::utc_day(db.backend(), "o.placed_at")
    );
    db.opt(&sql, args![number, user_id]).await.map_err(db_err)
}

/// "Ann Lee", or `None` when the account has no name.
fn full_name(first: Option<String>, last: Option<String>) -> Option<String> {
    let name = [first, last]
        .into_iter()
        .flatten()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Some(name).filter(|n| !n.is_empty())
}

/// The billing address snapshot (JSON) as printed lines.
fn address_lines(json: Option<&str>) -> Vec<String> {
    let Some(a) = json.and_then(|j| serde_json::from_str::<Address>(j).ok()) else {
        return Vec::new();
    };
    let filled = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let mut city = a.city;
    if let Some(region) = filled(a.region) {
        city = format!("{city}, {region}");
    }
    let city = format!("{city} {}", a.postal_code).trim().to_string();
    [
        Some(a.recipient_name),
        filled(a.company),
        Some(a.line1),
        filled(a.line2),
        Some(city),
        Some(a.country),
    ]
    .into_iter()
    .flatten()
    .filter(|l| !l.trim().is_empty())
    .collect()
}

fn line(r: LineRow, currency: Currency) -> InvoiceLine {
    let m = |v: i64| Money::new(v, currency);
    InvoiceLine {
        product_name: r.product_name,
        variant_name: r.variant_name,
        quantity: u32::try_from(r.quantity).unwrap_or(0),
        unit_price: m(r.unit_price_amount),
        discount: m(r.discount_amount),
        tax: m(r.tax_amount),
        total: m(r.total_amount),
    }
}

/// Invoice `invoice_number` of `user_id` (`None`: staff, any). 404 when there is no such
/// invoice or it is someone else's. `seller` is left empty for the caller to fill in (the
/// store settings' name).
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn invoice(
    db: &Db,
    user_id: Option<i64>,
    invoice_number: &str,
) -> Result<Invoice, AppError> {
    let number = invoice_number.trim();
    if number.is_empty() || number.len() > 64 {
        return Err(no_invoice());
    }
    let h = head(db, user_id, number).await?.ok_or_else(no_invoice)?;
    let currency = h.currency.0;
    let m = |v: i64| Money::new(v, currency);
    let lines: Vec<LineRow> = db
        .all(
            "SELECT product_name, variant_name, quantity, unit_price_amount, discount_amount,
                    tax_amount, total_amount
               FROM order_items WHERE order_id = $1 AND parent_item_id IS NULL ORDER BY id",
            args![h.id],
        )
        .await
        .map_err(db_err)?;
    let tax_included = h.subtotal_amount - h.discount_amount + h.shipping_amount == h.total_amount
        && h.tax_amount > 0;
    Ok(Invoice {
        invoice_number: h.invoice_number,
        order_number: h.number,
        issued_on: h.issued_on,
        period_start: h.period_start.unwrap_or_default(),
        period_end: h.period_end.unwrap_or_default(),
        seller: String::new(),
        buyer_name: full_name(h.first_name, h.last_name),
        buyer_email: h.email,
        billing_address: address_lines(h.billing_address.as_deref()),
        lines: lines.into_iter().map(|r| line(r, currency)).collect(),
        subtotal: m(h.subtotal_amount),
        discount: m(h.discount_amount),
        shipping: m(h.shipping_amount),
        tax: m(h.tax_amount),
        tax_included,
        total: m(h.total_amount),
        refunded: m(h.refunded_amount),
        payment_status: h.payment_status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_addresses_print_without_empty_parts() {
        assert_eq!(
            full_name(Some("Ann".into()), Some(" Lee ".into())).as_deref(),
            Some("Ann Lee")
        );
        assert_eq!(full_name(Some(" ".into()), None), None);
        let json = serde_json::to_string(&Address {
            recipient_name: "Ann Lee".into(),
            line1: "1 Main St".into(),
            line2: Some(String::new()),
            city: "Austin".into(),
            region: Some("TX".into()),
            postal_code: "78701".into(),
            country: "US".into(),
            ..Address::default()
        })
        .unwrap();
        assert_eq!(
            address_lines(Some(&json)),
            vec!["Ann Lee", "1 Main St", "Austin, TX 78701", "US"]
        );
        assert!(address_lines(None).is_empty());
        assert!(address_lines(Some("not json")).is_empty());
    }
}
