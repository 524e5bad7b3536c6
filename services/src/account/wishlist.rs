//! Wishlist: products saved for later (optionally a preferred variant), moved to the cart
//! with one click.

use storefront::Money;

use super::db_err;
use crate::args;
use crate::db::{Db, DbCurrency, Ts};
use shared::account::WishlistEntry;
use shared::errors::AppError;

/// A wishlist entry with its shown variant (the preferred one, else the first active one).
#[derive(sqlx::FromRow)]
struct Row {
    product_id: i64,
    slug: String,
    name: String,
    variant_id: Option<i64>,
    variant_name: Option<String>,
    price_amount: Option<i64>,
    currency: Option<DbCurrency>,
    image_url: Option<String>,
    in_stock: bool,
}

/// The user's wishlist, newest first.
pub async fn list(db: &Db, user_id: i64) -> Result<Vec<WishlistEntry>, AppError> {
    let rows: Vec<Row> = db
        .all(
            "SELECT p.id AS product_id, p.slug, p.name, v.id AS variant_id, v.name AS variant_name,
                    v.price_amount, CAST(v.currency AS TEXT) AS currency,
                    (SELECT im.url FROM product_images im WHERE im.product_id = p.id ORDER BY im.position, im.id LIMIT 1) AS image_url,
                    CASE WHEN v.id IS NULL THEN FALSE
                         WHEN v.track_inventory = FALSE THEN TRUE
                         ELSE COALESCE((SELECT i.on_hand - i.reserved FROM inventory i WHERE i.variant_id = v.id), 0) > 0 END AS in_stock
               FROM wishlist_items w
               JOIN products p ON p.id = w.product_id
               LEFT JOIN product_variants v ON v.id = COALESCE(
                    (SELECT wv.id FROM product_variants wv WHERE wv.id = w.variant_id AND wv.is_active),
                    (SELECT fv.id FROM product_variants fv WHERE fv.product_id = p.id AND fv.is_active
                      ORDER BY fv.position, fv.id LIMIT 1))
              WHERE w.user_id = $1 AND p.is_active
              ORDER BY w.created_at DESC, w.id DESC",
            args![user_id],
        )
        .await
        .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|r| WishlistEntry {
            product_id: r.product_id,
            slug: r.slug,
            name: r.name,
            variant_id: r.variant_id,
            variant_name: r.variant_name.filter(|n| n != "Default"),
            price: r
                .price_amount
                .zip(r.currency)
                .map(|(a, c)| Money::new(a, c.0)),
            image_url: r.image_url,
            in_stock: r.in_stock,
        })
        .collect())
}

/// Saves a product (and preferred variant, which must belong to it). Saving again updates
/// the variant. Unknown or withdrawn products are a 404.
pub async fn add(
    db: &Db,
    user_id: i64,
    product_id: i64,
    variant_id: Option<i64>,
) -> Result<String, AppError> {
    let name: Option<String> = db
        .opt::<(String,)>(
            "SELECT name FROM products WHERE id = $1 AND is_active",
            args![product_id],
        )
        .await
        .map_err(db_err)?
        .map(|(n,)| n);
    let Some(name) = name else {
        return Err(AppError::NotFound("We couldn't find that product.".into()));
    };
    if let Some(v) = variant_id {
        let belongs: Option<(i64,)> = db
            .opt(
                "SELECT id FROM product_variants WHERE id = $1 AND product_id = $2",
                args![v, product_id],
            )
            .await
            .map_err(db_err)?;
        if belongs.is_none() {
            return Err(AppError::NotFound(
                "We couldn't find that product option.".into(),
            ));
        }
    }
    db.exec(
        "INSERT INTO wishlist_items (user_id, product_id, variant_id, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id, product_id) DO UPDATE SET variant_id = excluded.variant_id",
        args![user_id, product_id, variant_id, Ts::now()],
    )
    .await
    .map_err(db_err)?;
    Ok(name)
}

/// Removes a product from the wishlist; one that isn't there is a 404.
pub async fn remove(db: &Db, user_id: i64, product_id: i64) -> Result<(), AppError> {
    let n = db
        .exec(
            "DELETE FROM wishlist_items WHERE user_id = $1 AND product_id = $2",
            args![user_id, product_id],
        )
        .await
        .map_err(db_err)?;
    if n == 0 {
        Err(AppError::NotFound(
            "That product is not in your wishlist.".into(),
        ))
    } else {
        Ok(())
    }
}

/// Whether the product is on the user's wishlist (to show "Saved" on product pages).
pub async fn contains(db: &Db, user_id: i64, product_id: i64) -> Result<bool, AppError> {
    let (n,): (i64,) = db
        .one(
            "SELECT COUNT(*) FROM wishlist_items WHERE user_id = $1 AND product_id = $2",
            args![user_id, product_id],
        )
        .await
        .map_err(db_err)?;
    Ok(n > 0)
}
