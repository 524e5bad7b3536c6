use storefront::money::{Currency, Money};

use crate::db::Db;
use crate::types::{ProductCard, ProductKind};
use crate::with_db;

#[derive(sqlx::FromRow)]
struct CardRow {
    id: i64,
    slug: String,
    name: String,
    brand: Option<String>,
    kind: String,
    price_amount: i64,
    compare_at_amount: Option<i64>,
    currency: String,
    image_url: Option<String>,
    image_alt: Option<String>,
    in_stock: bool,
}

impl CardRow {
    fn into_card(self) -> anyhow::Result<ProductCard> {
        let currency: Currency = self.currency.parse()?;
        let kind = ProductKind::from_db(&self.kind);
        Ok(ProductCard {
            id: self.id,
            slug: self.slug,
            image_alt: self.image_alt.unwrap_or_else(|| self.name.clone()),
            name: self.name,
            brand: self.brand,
            kind,
            price: Money::new(self.price_amount, currency),
            compare_at: self.compare_at_amount.map(|m| Money::new(m, currency)),
            image_url: self.image_url,
            in_stock: self.in_stock,
        })
    }
}

/// The card columns; callers append `WHERE`/`ORDER BY`/`LIMIT`.
pub(crate) const CARD_SELECT: &str = "
SELECT p.id, p.slug, p.name, b.name AS brand, p.kind,
       v.price_amount, v.compare_at_amount, v.currency,
       (SELECT i.url FROM product_images i WHERE i.product_id = p.id
         ORDER BY i.position, i.id LIMIT 1) AS image_url,
       (SELECT i.alt FROM product_images i WHERE i.product_id = p.id
         ORDER BY i.position, i.id LIMIT 1) AS image_alt,
       EXISTS (SELECT 1 FROM product_variants pv
                 LEFT JOIN inventory inv ON inv.variant_id = pv.id
                WHERE pv.product_id = p.id AND pv.is_active
                  AND (NOT pv.track_inventory OR inv.on_hand - inv.reserved > 0)) AS in_stock
  FROM products p
  LEFT JOIN brands b ON b.id = p.brand_id
  JOIN product_variants v ON v.id = (
        SELECT pv.id FROM product_variants pv
         WHERE pv.product_id = p.id AND pv.is_active
         ORDER BY pv.price_amount, pv.position, pv.id LIMIT 1)
";

/// Featured first, then best sellers: what the home page shows.
#[tracing::instrument(skip(db))]
pub async fn featured_products(db: &Db, limit: i64) -> anyhow::Result<Vec<ProductCard>> {
    let sql = format!(
        "{CARD_SELECT} WHERE p.is_active ORDER BY p.is_featured DESC, p.sales_count DESC, p.id LIMIT $1"
    );
    let rows: Vec<CardRow> = with_db!(db, pool => {
        sqlx::query_as(&sql).bind(limit).fetch_all(pool).await
    })?;
    rows.into_iter().map(CardRow::into_card).collect()
}

/// The best sellers (by units sold), for the home page.
#[tracing::instrument(skip(db))]
pub async fn bestsellers(db: &Db, limit: i64) -> anyhow::Result<Vec<ProductCard>> {
    let ids: Vec<i64> = with_db!(db, pool => {
        sqlx::query_scalar(
            "SELECT id FROM products WHERE is_active = TRUE AND price_min_amount IS NOT NULL
              ORDER BY sales_count DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(pool)
        .await
    })?;
    super::cards_by_ids(db, &ids)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}
