//! The cart re-priced from the catalog now, with totals from the domain core.

use storefront::cart::{CartLine, cart_totals};
use storefront::{CartLimits, Currency, Money};

use super::db_err;
use super::lookup::CartRef;
use crate::args;
use crate::db::{Db, DbCurrency};
use shared::cart::{CartLineView, CartView};
use shared::errors::AppError;
use shared::learning::PlanTerms;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    variant_id: i64,
    slug: String,
    name: String,
    variant_name: String,
    sku: String,
    quantity: i32,
    /// The unit price when the line was added.
    unit_price_amount: i64,
    /// The variant's price now.
    price_amount: i64,
    currency: DbCurrency,
    track_inventory: bool,
    /// On hand minus reserved (no inventory row: `None`).
    available: Option<i32>,
    /// Variant and product both active.
    active: bool,
    image_url: Option<String>,
    /// The variant's own price (a trial plan's line costs nothing now; this after it).
    list_amount: i64,
    /// A subscription plan's free days and interval (`None` for other products).
    trial_days: Option<i32>,
    billing_interval: Option<String>,
}

/// The cart's lines and totals; an absent cart is an empty one in `fallback` currency.
pub async fn load_view(
    db: &Db,
    limits: CartLimits,
    cart: Option<&CartRef>,
) -> Result<CartView, AppError> {
    let currency = cart.map_or(Currency::BASE, |c| c.currency);
    let rows: Vec<Row> = match cart {
        None => Vec::new(),
        Some(cart) => db
            .all(
                &format!(
                "SELECT ci.id AS id, ci.variant_id AS variant_id, p.slug AS slug, p.name AS name,
                        v.name AS variant_name, v.sku AS sku, ci.quantity AS quantity,
                        ci.unit_price_amount AS unit_price_amount, {price} AS price_amount,
                        v.currency AS currency, v.track_inventory AS track_inventory,
                        i.on_hand - i.reserved AS available, (v.is_active AND p.is_active) AS active,
                        COALESCE(
                          (SELECT im.url FROM product_images im WHERE im.product_id = p.id AND im.variant_id = v.id
                            ORDER BY im.position, im.id LIMIT 1),
                          (SELECT im.url FROM product_images im WHERE im.product_id = p.id
                            ORDER BY im.position, im.id LIMIT 1)) AS image_url,
                        v.price_amount AS list_amount,
                        (SELECT sp.trial_days FROM subscription_plans sp
                          WHERE sp.product_id = p.id AND p.kind = 'SUBSCRIPTION') AS trial_days,
                        (SELECT sp.billing_interval FROM subscription_plans sp
                          WHERE sp.product_id = p.id AND p.kind = 'SUBSCRIPTION') AS billing_interval
                   FROM cart_items ci
                   JOIN product_variants v ON v.id = ci.variant_id
                   JOIN products p ON p.id = v.product_id
                   LEFT JOIN inventory i ON i.variant_id = v.id
                  WHERE ci.cart_id = $1
                  ORDER BY ci.created_at, ci.id",
                price = crate::learning::LINE_UNIT_PRICE
            ),
                args![cart.id],
            )
            .await
            .map_err(db_err)?,
    };
    let mut lines = Vec::with_capacity(rows.len());
    let mut priced = Vec::with_capacity(rows.len());
    for r in rows {
        let quantity = r.quantity.max(0) as u32;
        let line_currency = r.currency.0;
        let unit_price = Money::new(r.price_amount, line_currency);
        let added_price = Money::new(r.unit_price_amount, line_currency);
        let line = CartLine {
            unit_price,
            added_price,
            quantity,
        };
        let note = r.trial_days.and_then(|days| {
            PlanTerms {
                interval: r.billing_interval.clone().unwrap_or_default(),
                trial_days: u32::try_from(days).unwrap_or(0),
                price: Some(Money::new(r.list_amount, line_currency)),
            }
            .trial_note()
        });
        let purchasable = r.active && line_currency == currency;
        if purchasable {
            priced.push(line);
        }
        lines.push(CartLineView {
            id: r.id,
            variant_id: r.variant_id,
            product_slug: r.slug,
            product_name: r.name,
            variant_name: (r.variant_name != "Default").then_some(r.variant_name),
            sku: r.sku,
            image_url: r.image_url,
            quantity,
            unit_price,
            previous_price: line.price_change().map(|(was, _)| was),
            line_total: line
                .total()
                .map_err(|e| AppError::internal("cart line total", e))?,
            available: r
                .track_inventory
                .then(|| r.available.unwrap_or(0).max(0) as u32),
            purchasable,
            note,
        });
    }
    let totals =
        cart_totals(currency, &priced).map_err(|e| AppError::internal("cart totals", e))?;
    Ok(CartView {
        lines,
        totals,
        limits,
    })
}
