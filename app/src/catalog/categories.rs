use crate::db::Db;
use crate::types::CategoryLink;
use crate::with_db;

/// Top-level categories with the number of active products in them or their children.
#[tracing::instrument(skip(db))]
pub async fn top_categories(db: &Db) -> anyhow::Result<Vec<CategoryLink>> {
    const SQL: &str = "
SELECT c.slug, c.name,
       (SELECT COUNT(*) FROM products p
          JOIN categories pc ON pc.id = p.category_id
         WHERE p.is_active AND (pc.id = c.id OR pc.parent_id = c.id)) AS product_count
  FROM categories c
 WHERE c.parent_id IS NULL AND c.is_active
 ORDER BY c.position, c.name";
    let rows: Vec<(String, String, i64)> = with_db!(db, pool => {
        sqlx::query_as(SQL).fetch_all(pool).await
    })?;
    Ok(rows
        .into_iter()
        .map(|(slug, name, product_count)| CategoryLink {
            slug,
            name,
            product_count,
        })
        .collect())
}
