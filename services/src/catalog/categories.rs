use std::collections::HashMap;

use super::categories_tree::CategoryTree;
use super::summary;
use crate::args;
use crate::db::Db;
use crate::db::sql::{Arg, SqlBuf};
use shared::catalog::CategoryLink;

/// Top-level categories with the number of listed products in their subtrees (what a click on
/// the category shows). The header shows this on every page, so the counts come from the
/// listing summary once it has been built (a few seconds stale at most after a write), and are
/// counted live only before that.
#[tracing::instrument(skip(db))]
pub async fn top_categories(db: &Db) -> anyhow::Result<Vec<CategoryLink>> {
    let tree = CategoryTree::load(db).await?;
    let roots: Vec<_> = tree.children(None).collect();
    let counts: HashMap<i64, i64> = if summary::is_built(db).await? {
        let mut b = SqlBuf::new(db.backend());
        b.push(
            "SELECT node_id, CAST(SUM(products) AS BIGINT) FROM listing_summary WHERE node_id IN ",
        )
        .bind_list(roots.iter().map(|r| Arg::I64(r.id)))
        .push(" GROUP BY node_id");
        let rows: Vec<(i64, i64)> = db.all(&b.sql, b.args).await?;
        rows.into_iter().collect()
    } else {
        let rows: Vec<(Option<i64>, i64)> = db
            .all(
                "SELECT category_id, COUNT(*) FROM products
                  WHERE is_active = TRUE AND price_min_amount IS NOT NULL
                  GROUP BY category_id",
                args![],
            )
            .await?;
        tree.subtree_totals(roots.iter().map(|r| r.id), &rows)
            .into_iter()
            .collect()
    };
    Ok(roots
        .into_iter()
        .map(|r| CategoryLink {
            slug: r.slug.clone(),
            name: r.name.clone(),
            product_count: counts.get(&r.id).copied().unwrap_or(0),
        })
        .collect())
}
