//! A placed order as its confirmation page and the API show it.

use storefront::{Currency, Money};

use super::db_err;
use crate::args;
use crate::db::Db;
use shared::account::Address;
use shared::checkout::{OrderSummary, PaymentChoice, SavingView, SummaryLine};
use shared::errors::AppError;
use shared::order::OrderView;

#[derive(sqlx::FromRow)]
struct Head {
    id: i64,
    number: String,
    status: crate::db::Parsed<storefront::OrderStatus>,
    payment_status: crate::db::Parsed<storefront::PaymentStatus>,
    email: String,
    placed_at: String,
    currency: crate::db::DbCurrency,
    user_id: Option<i64>,
    access_token: Option<String>,
    shipping_method_name: Option<String>,
    cancel_reason: Option<String>,
    subtotal_amount: i64,
    discount_amount: i64,
    shipping_amount: i64,
    tax_amount: i64,
    total_amount: i64,
    shipping_address: Option<String>,
    billing_address: Option<String>,
}

/// An order line as the summary shows it.
#[derive(sqlx::FromRow)]
struct ItemRow {
    variant_id: Option<i64>,
    product_name: String,
    variant_name: String,
    quantity: i32,
    unit_price_amount: i64,
    discount_amount: i64,
    tax_amount: i64,
    total_amount: i64,
}

/// Loads order `number` and its account. `None` when there is no such order.
pub async fn load_order(
    db: &Db,
    number: &str,
) -> Result<Option<(OrderView, Option<i64>)>, AppError> {
    let head: Option<Head> = db
        .opt(
            "SELECT id, number, status, payment_status, email, CAST(placed_at AS TEXT) AS placed_at,
                    CAST(currency AS TEXT) AS currency, user_id, access_token, shipping_method_name,
                    cancel_reason, subtotal_amount, discount_amount, shipping_amount, tax_amount,
                    total_amount, CAST(shipping_address AS TEXT) AS shipping_address,
                    CAST(billing_address AS TEXT) AS billing_address
               FROM orders WHERE number = $1",
            args![number],
        )
        .await
        .map_err(db_err)?;
    let Some(h) = head else { return Ok(None) };
    let currency: Currency = h.currency.0;
    let m = |v: i64| Money::new(v, currency);
    let items: Vec<ItemRow> = db
        .all(
            "SELECT variant_id, product_name, variant_name, quantity, unit_price_amount, discount_amount,
                    tax_amount, total_amount
               FROM order_items WHERE order_id = $1 AND parent_item_id IS NULL ORDER BY id",
            args![h.id],
        )
        .await
        .map_err(db_err)?;
    let savings: Vec<(String, Option<String>, i64)> = db
        .all(
            "SELECT p.name, r.code, r.discount_amount FROM promotion_redemptions r
               JOIN promotions p ON p.id = r.promotion_id WHERE r.order_id = $1 ORDER BY r.id",
            args![h.id],
        )
        .await
        .map_err(db_err)?;
    let card: Option<(Option<String>, Option<String>, String)> = db
        .opt(
            "SELECT card_brand, card_last4, provider FROM payments WHERE order_id = $1 ORDER BY id DESC LIMIT 1",
            args![h.id],
        )
        .await
        .map_err(db_err)?;
    let (subtotal, discount, shipping, tax, total) = (
        h.subtotal_amount,
        h.discount_amount,
        h.shipping_amount,
        h.tax_amount,
        h.total_amount,
    );
    let (ship_addr, bill_addr) = (h.shipping_address.clone(), h.billing_address.clone());
    let addr = |j: &Option<String>| {
        j.as_deref()
            .and_then(|j| serde_json::from_str::<Address>(j).ok())
    };
    let view = OrderView {
        number: h.number.clone(),
        status: h.status.0,
        payment_status: h.payment_status.0,
        email: h.email.clone(),
        placed_at: h.placed_at.clone(),
        summary: OrderSummary {
            lines: items
                .into_iter()
                .map(|i| SummaryLine {
                    variant_id: i.variant_id.unwrap_or(0),
                    name: i.product_name,
                    variant_name: Some(i.variant_name).filter(|v| !v.is_empty()),
                    quantity: u32::try_from(i.quantity).unwrap_or(0),
                    unit_price: m(i.unit_price_amount),
                    subtotal: m(i.unit_price_amount * i64::from(i.quantity)),
                    discount: m(i.discount_amount),
                    tax: m(i.tax_amount),
                    total: m(i.total_amount),
                })
                .collect(),
            subtotal: m(subtotal),
            discount: m(discount),
            shipping: ship_addr.as_ref().map(|_| m(shipping)),
            tax: m(tax),
            tax_included: subtotal - discount + shipping == total && tax > 0,
            total: m(total),
            savings: savings
                .into_iter()
                .map(|(name, code, amount)| SavingView {
                    name,
                    code,
                    amount: m(amount),
                    free_shipping: false,
                })
                .collect(),
        },
        shipping_address: addr(&ship_addr),
        billing_address: addr(&bill_addr),
        shipping_method: h.shipping_method_name.clone(),
        payment: card.map(|(brand, last4, provider)| PaymentChoice {
            method: if provider == "STRIPE" {
                "stripe".into()
            } else {
                "test_card".into()
            },
            brand,
            last4,
        }),
        cancel_reason: h.cancel_reason.clone(),
        access_key: h.access_token.clone(),
        // Loaded on request by `crate::orders::with_lifecycle` (placement does not need it).
        lifecycle: None,
    };
    Ok(Some((view, h.user_id)))
}

/// Order `number` if the viewer may see it: its account, staff, or anyone holding its access
/// key (the guest's link). Anything else is a 404 (not a 403: numbers are not secrets, but
/// whether an order exists is not told).
pub async fn order_for_viewer(
    db: &Db,
    number: &str,
    viewer_user_id: Option<i64>,
    viewer_is_staff: bool,
    key: Option<&str>,
) -> Result<OrderView, AppError> {
    let not_found = || {
        AppError::NotFound(
            "We couldn't find that order. Check the link in your confirmation email.".into(),
        )
    };
    let (mut view, owner) = load_order(db, number).await?.ok_or_else(not_found)?;
    let by_key = match (key, view.access_key.as_deref()) {
        (Some(k), Some(a)) => constant_time_eq(k.as_bytes(), a.as_bytes()),
        _ => false,
    };
    let by_account = owner.is_some() && owner == viewer_user_id;
    if !(by_key || by_account || viewer_is_staff) {
        return Err(not_found());
    }
    if !by_key {
        // Only the holder of the link sees it again (signed-in owners don't need it).
        view.access_key = None;
    }
    Ok(view)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
