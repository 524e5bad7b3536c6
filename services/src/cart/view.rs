//! The cart re-priced from the catalog now, with totals from the domain core.

use storefront::cart::{CartLine, cart_totals};
use storefront::{CartLimits, Currency, Money};

use super::db_err;
use super::lookup::CartRef;
use crate::db::Db;
use crate::with_db;
use shared::cart::{CartLineView, CartView};
use shared::errors::AppError;

type Row = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    i32,
    i64,
    i64,
    String,
    bool,
    Option<i32>,
    bool,
    Option<String>,
);

/// The cart's lines and totals; an absent cart is an empty one in `fallback` currency.
pub async fn load_view(
    db: &Db,
    limits: CartLimits,
    cart: Option<&CartRef>,
) -> Result<CartView, AppError> {
    let currency = cart.map_or(Currency::BASE, |c| c.currency);
    let rows: Vec<Row> = match cart {
        None => Vec::new(),
        Some(cart) => with_db!(db, pool => {
            sqlx::query_as(
                "SELECT ci.id, ci.variant_id, p.slug, p.name, v.name, v.sku, ci.quantity,
                        ci.unit_price_amount, v.price_amount, v.currency, v.track_inventory,
                        i.on_hand - i.reserved, (v.is_active AND p.is_active),
                        COALESCE(
                          (SELECT im.url FROM product_images im WHERE im.product_id = p.id AND im.variant_id = v.id
                            ORDER BY im.position, im.id LIMIT 1),
                          (SELECT im.url FROM product_images im WHERE im.product_id = p.id
                            ORDER BY im.position, im.id LIMIT 1))
                   FROM cart_items ci
                   JOIN product_variants v ON v.id = ci.variant_id
                   JOIN products p ON p.id = v.product_id
                   LEFT JOIN inventory i ON i.variant_id = v.id
                  WHERE ci.cart_id = $1
                  ORDER BY ci.created_at, ci.id",
            )
            .bind(cart.id)
            .fetch_all(pool)
            .await
        })
        .map_err(db_err)?,
    };
    let mut lines = Vec::with_capacity(rows.len());
    let mut priced = Vec::with_capacity(rows.len());
    for r in rows {
        let (
            id,
            variant_id,
            slug,
            name,
            vname,
            sku,
            qty,
            added,
            now_amount,
            vcur,
            tracked,
            avail,
            active,
            image,
        ) = r;
        let quantity = qty.max(0) as u32;
        let line_currency = vcur.parse::<Currency>().unwrap_or(currency);
        let unit_price = Money::new(now_amount, line_currency);
        let added_price = Money::new(added, line_currency);
        let line = CartLine {
            unit_price,
            added_price,
            quantity,
        };
        let purchasable = active && line_currency == currency;
        if purchasable {
            priced.push(line);
        }
        lines.push(CartLineView {
            id,
            variant_id,
            product_slug: slug,
            product_name: name,
            variant_name: (vname != "Default").then_some(vname),
            sku,
            image_url: image,
            quantity,
            unit_price,
            previous_price: line.price_change().map(|(was, _)| was),
            line_total: line
                .total()
                .map_err(|e| AppError::internal("cart line total", e))?,
            available: tracked.then(|| avail.unwrap_or(0).max(0) as u32),
            purchasable,
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
