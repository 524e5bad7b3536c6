use crate::args;
use crate::db::Db;
use shared::catalog::ProductCard;

/// Featured first, then best sellers: what the home page shows.
#[tracing::instrument(skip(db))]
pub async fn featured_products(db: &Db, limit: i64) -> anyhow::Result<Vec<ProductCard>> {
    top_products(
        db,
        "SELECT id FROM products WHERE is_active = TRUE AND price_min_amount IS NOT NULL
          ORDER BY is_featured DESC, sales_count DESC, id DESC LIMIT $1",
        limit,
    )
    .await
}

/// The best sellers (by units sold), for the home page.
#[tracing::instrument(skip(db))]
pub async fn bestsellers(db: &Db, limit: i64) -> anyhow::Result<Vec<ProductCard>> {
    top_products(
        db,
        "SELECT id FROM products WHERE is_active = TRUE AND price_min_amount IS NOT NULL
          ORDER BY sales_count DESC, id DESC LIMIT $1",
        limit,
    )
    .await
}

async fn top_products(db: &Db, sql: &str, limit: i64) -> anyhow::Result<Vec<ProductCard>> {
    let rows: Vec<(i64,)> = db.all(sql, args![limit]).await?;
    let ids: Vec<i64> = rows.into_iter().map(|(id,)| id).collect();
    super::cards_by_ids(db, &ids)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}
