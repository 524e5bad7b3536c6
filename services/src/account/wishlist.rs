//! Wishlist: products saved for later (optionally a preferred variant), moved to the cart
//! with one click.

use storefront::{Currency, Money};

use super::db_err;
use crate::db::{Db, Ts};
use crate::with_db;
use shared::account::WishlistEntry;
use shared::errors::AppError;

type Row = (
    i64,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    bool,
);

/// The user's wishlist, newest first.
pub async fn list(db: &Db, user_id: i64) -> Result<Vec<WishlistEntry>, AppError> {
    let rows: Vec<Row> = with_db!(db, pool => {
        sqlx::query_as(
            "SELECT p.id, p.slug, p.name, v.id, v.name, v.price_amount, CAST(v.currency AS TEXT),
                    (SELECT im.url FROM product_images im WHERE im.product_id = p.id ORDER BY im.position, im.id LIMIT 1),
                    CASE WHEN v.id IS NULL THEN FALSE
                         WHEN v.track_inventory = FALSE THEN TRUE
                         ELSE COALESCE((SELECT i.on_hand - i.reserved FROM inventory i WHERE i.variant_id = v.id), 0) > 0 END
               FROM wishlist_items w
               JOIN products p ON p.id = w.product_id
               LEFT JOIN product_variants v ON v.id = COALESCE(
                    (SELECT wv.id FROM product_variants wv WHERE wv.id = w.variant_id AND wv.is_active),
                    (SELECT fv.id FROM product_variants fv WHERE fv.product_id = p.id AND fv.is_active
                      ORDER BY fv.position, fv.id LIMIT 1))
              WHERE w.user_id = $1 AND p.is_active
              ORDER BY w.created_at DESC, w.id DESC",
        )
        .bind(user_id)
        .fetch_all(pool)
        .await
    })
    .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|r| WishlistEntry {
            product_id: r.0,
            slug: r.1,
            name: r.2,
            variant_id: r.3,
            variant_name: r.4.filter(|n| n != "Default"),
            price: r
                .5
                .zip(r.6.and_then(|c| c.parse::<Currency>().ok()))
                .map(|(a, c)| Money::new(a, c)),
            image_url: r.7,
            in_stock: r.8,
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
    let name: Option<String> = with_db!(db, pool => {
        sqlx::query_scalar("SELECT name FROM products WHERE id = $1 AND is_active")
            .bind(product_id)
            .fetch_optional(pool)
            .await
    })
    .map_err(db_err)?;
    let Some(name) = name else {
        return Err(AppError::NotFound("We couldn't find that product.".into()));
    };
    if let Some(v) = variant_id {
        let belongs: Option<i64> = with_db!(db, pool => {
            sqlx::query_scalar("SELECT id FROM product_variants WHERE id = $1 AND product_id = $2")
                .bind(v)
                .bind(product_id)
                .fetch_optional(pool)
                .await
        })
        .map_err(db_err)?;
        if belongs.is_none() {
            return Err(AppError::NotFound(
                "We couldn't find that product option.".into(),
            ));
        }
    }
    with_db!(db, pool => {
        sqlx::query(
            "INSERT INTO wishlist_items (user_id, product_id, variant_id, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id, product_id) DO UPDATE SET variant_id = excluded.variant_id",
        )
        .bind(user_id)
        .bind(product_id)
        .bind(variant_id)
        .bind(Ts::now())
        .execute(pool)
        .await
        .map(|_| ())
    })
    .map_err(db_err)?;
    Ok(name)
}

/// Removes a product from the wishlist; one that isn't there is a 404.
pub async fn remove(db: &Db, user_id: i64, product_id: i64) -> Result<(), AppError> {
    let n = with_db!(db, pool => {
        sqlx::query("DELETE FROM wishlist_items WHERE user_id = $1 AND product_id = $2")
            .bind(user_id)
            .bind(product_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    })
    .map_err(db_err)?;
    if n == 0 {
        Err(AppError::NotFound(
            "That product is not in your wishlist.".into(),
        ))
    } else {
        Ok(())
    }
}

/// Product ids on the wishlist (to show "Saved" on product pages).
pub async fn contains(db: &Db, user_id: i64, product_id: i64) -> Result<bool, AppError> {
    let n: i64 = with_db!(db, pool => {
        sqlx::query_scalar("SELECT COUNT(*) FROM wishlist_items WHERE user_id = $1 AND product_id = $2")
            .bind(user_id)
            .bind(product_id)
            .fetch_one(pool)
            .await
    })
    .map_err(db_err)?;
    Ok(n > 0)
}
