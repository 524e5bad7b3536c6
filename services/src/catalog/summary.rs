//! The listing summary: product counts per (category node, brand, stock, price band) and per
//! attribute value, rolled up to every ancestor category and to node 0 (the whole catalogue).
//!
//! Broad listings read their totals and facet counts from here (see `facets::summary_counts`)
//! instead of counting hundreds of thousands of rows per request. The tables are rebuilt by a
//! background job and used only while they are exact: migration 0003 makes every write that can
//! change a count mark the summary stale (a version counter on SQLite, the writing transaction
//! ids on PostgreSQL), and a rebuild clears exactly the marks it saw before counting.

use std::collections::HashMap;

use super::categories_tree::CategoryTree;
use crate::args;
use crate::db::sql::{Arg, SqlBuf};
use crate::db::{Backend, Db};
use shared::listing::PRICE_BUCKETS;

/// Rows per INSERT statement when writing the summary.
const INSERT_CHUNK: usize = 500;
/// PostgreSQL advisory lock key: one rebuild at a time across app instances.
const REBUILD_LOCK: i64 = 0x5EED_C0DE_0003;

/// `CAST(CASE … END AS BIGINT)`: the index in [`PRICE_BUCKETS`] of `column`'s price.
pub(super) fn band_sql(column: &str) -> String {
    let mut sql = String::from("CAST(CASE");
    let last = PRICE_BUCKETS.len() - 1;
    for (i, (_, _, max)) in PRICE_BUCKETS.iter().enumerate().take(last) {
        let max = max.expect("every bucket but the last has a maximum");
        sql.push_str(&format!(" WHEN {column} <= {max} THEN {i}"));
    }
    sql.push_str(&format!(" ELSE {last} END AS BIGINT)"));
    sql
}

/// The price bands a `[min, max]` filter selects, when it selects whole bands only (no filter:
/// every band). `None` when a bound falls inside a band: then only live counting is exact.
pub(super) fn bands_for(min: Option<i64>, max: Option<i64>) -> Option<Vec<i64>> {
    let min_ok = min.is_none_or(|m| PRICE_BUCKETS.iter().any(|(_, lo, _)| *lo == Some(m)));
    let max_ok = max.is_none_or(|m| PRICE_BUCKETS.iter().any(|(_, _, hi)| *hi == Some(m)));
    if !(min_ok && max_ok) {
        return None;
    }
    Some(
        PRICE_BUCKETS
            .iter()
            .enumerate()
            .filter(|(_, (_, lo, hi))| {
                min.is_none_or(|m| lo.is_some_and(|lo| lo >= m))
                    && max.is_none_or(|m| hi.is_some_and(|hi| hi <= m))
            })
            .map(|(i, _)| i as i64)
            .collect(),
    )
}

/// The summary nodes a product in `category` counts towards: the category and each ancestor
/// reachable through active categories (as `CategoryTree::subtree` sees them), and 0.
fn nodes_of(tree: &CategoryTree, category: Option<i64>) -> Vec<i64> {
    let mut out = vec![0];
    if let Some(c) = category {
        out.extend(tree.ancestors(c).into_iter().map(|n| n.id));
    }
    out
}

/// Whether the summary is exact right now.
pub(super) async fn is_fresh(db: &Db) -> Result<bool, sqlx::Error> {
    let sql = match db.backend() {
        Backend::Sqlite => "SELECT version = built_version FROM catalog_summary_state WHERE id = 1",
        Backend::Postgres => {
            "SELECT built AND NOT EXISTS (SELECT 1 FROM catalog_summary_dirty)
               FROM catalog_summary_state WHERE id = 1"
        }
    };
    let (fresh,): (bool,) = db.one(sql, args![]).await?;
    Ok(fresh)
}

/// Whether the summary was ever built (it may be stale).
pub(super) async fn is_built(db: &Db) -> Result<bool, sqlx::Error> {
    let sql = match db.backend() {
        Backend::Sqlite => "SELECT built_version >= 0 FROM catalog_summary_state WHERE id = 1",
        Backend::Postgres => "SELECT built FROM catalog_summary_state WHERE id = 1",
    };
    let (built,): (bool,) = db.one(sql, args![]).await?;
    Ok(built)
}

/// What a rebuild has to clear once written.
enum Marks {
    Version(i64),
    Txids(Vec<i64>),
}

async fn pending(db: &Db) -> Result<Option<Marks>, sqlx::Error> {
    match db.backend() {
        Backend::Sqlite => {
            let (version, built): (i64, i64) = db
                .one(
                    "SELECT version, built_version FROM catalog_summary_state WHERE id = 1",
                    args![],
                )
                .await?;
            Ok((version != built).then_some(Marks::Version(version)))
        }
        Backend::Postgres => {
            let (built,): (bool,) = db
                .one(
                    "SELECT built FROM catalog_summary_state WHERE id = 1",
                    args![],
                )
                .await?;
            let txids: Vec<(i64,)> = db
                .all("SELECT txid FROM catalog_summary_dirty", args![])
                .await?;
            let txids: Vec<i64> = txids.into_iter().map(|(t,)| t).collect();
            Ok((!built || !txids.is_empty()).then_some(Marks::Txids(txids)))
        }
    }
}

type Key = (i64, i64, bool, i64);
type AttrKey = (i64, bool, i64, String, String);

/// Active priced products per (category, brand or 0, stock, price band).
#[derive(sqlx::FromRow)]
struct CountRow {
    category_id: Option<i64>,
    brand_id: i64,
    in_stock: bool,
    band: i64,
    products: i64,
}

/// Active priced products per (category, stock, price band, attribute name and value).
#[derive(sqlx::FromRow)]
struct AttrCountRow {
    category_id: Option<i64>,
    in_stock: bool,
    band: i64,
    name: String,
    value: String,
    products: i64,
}

/// Rebuilds the summary if any write happened since the last rebuild. Returns whether it did.
/// Safe to call from several app instances at once.
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn refresh_listing_summary(db: &Db) -> anyhow::Result<bool> {
    let Some(marks) = pending(db).await? else {
        return Ok(false);
    };
    let started = std::time::Instant::now();
    let tree = CategoryTree::load(db).await?;
    let band = band_sql("p.price_min_amount");

    let sql = format!(
        "SELECT p.category_id, COALESCE(p.brand_id, 0) AS brand_id, p.in_stock, {band} AS band,
                COUNT(*) AS products
           FROM products p
          WHERE p.is_active = TRUE AND p.price_min_amount IS NOT NULL
          GROUP BY p.category_id, COALESCE(p.brand_id, 0), p.in_stock, {band}"
    );
    let rows: Vec<CountRow> = db.all(&sql, args![]).await?;
    let mut counts: HashMap<Key, i64> = HashMap::new();
    for r in rows {
        for node in nodes_of(&tree, r.category_id) {
            *counts
                .entry((node, r.brand_id, r.in_stock, r.band))
                .or_default() += r.products;
        }
    }

    let sql = format!(
        "SELECT p.category_id, p.in_stock, {band} AS band, f.name, f.value, COUNT(*) AS products
           FROM product_facets f JOIN products p ON p.id = f.product_id
          WHERE p.is_active = TRUE AND p.price_min_amount IS NOT NULL
          GROUP BY p.category_id, p.in_stock, {band}, f.name, f.value"
    );
    let rows: Vec<AttrCountRow> = db.all(&sql, args![]).await?;
    let mut attrs: HashMap<AttrKey, i64> = HashMap::new();
    for r in rows {
        for node in nodes_of(&tree, r.category_id) {
            *attrs
                .entry((node, r.in_stock, r.band, r.name.clone(), r.value.clone()))
                .or_default() += r.products;
        }
    }

    write(db, counts, attrs, marks).await?;
    tracing::info!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "listing summary rebuilt"
    );
    Ok(true)
}

async fn write(
    db: &Db,
    counts: HashMap<Key, i64>,
    attrs: HashMap<AttrKey, i64>,
    marks: Marks,
) -> anyhow::Result<()> {
    let backend = db.backend();
    let mut statements = inserts(
        backend,
        "INSERT INTO listing_summary (node_id, brand_id, in_stock, band, products) VALUES ",
        counts.into_iter().map(|((node, brand, stock, band), n)| {
            vec![
                Arg::I64(node),
                Arg::I64(brand),
                Arg::Bool(stock),
                Arg::I64(band),
                Arg::I64(n),
            ]
        }),
    );
    statements.extend(inserts(
        backend,
        "INSERT INTO listing_attr_summary (node_id, in_stock, band, name, value, products) VALUES ",
        attrs
            .into_iter()
            .map(|((node, stock, band, name, value), n)| {
                vec![
                    Arg::I64(node),
                    Arg::Bool(stock),
                    Arg::I64(band),
                    Arg::Text(name),
                    Arg::Text(value),
                    Arg::I64(n),
                ]
            }),
    ));

    let mut tx = db.begin_write().await?;
    if backend == Backend::Postgres {
        tx.exec("SELECT pg_advisory_xact_lock($1)", args![REBUILD_LOCK])
            .await?;
    }
    tx.exec("DELETE FROM listing_summary", args![]).await?;
    tx.exec("DELETE FROM listing_attr_summary", args![]).await?;
    for b in statements {
        tx.exec(&b.sql, b.args).await?;
    }
    match marks {
        Marks::Version(v) => {
            tx.exec(
                "UPDATE catalog_summary_state SET built_version = $1 WHERE id = 1",
                args![v],
            )
            .await?;
        }
        Marks::Txids(ids) => {
            let mut b = SqlBuf::new(backend);
            b.push("DELETE FROM catalog_summary_dirty WHERE txid IN ")
                .bind_list(ids.iter().map(|i| Arg::I64(*i)));
            if !ids.is_empty() {
                tx.exec(&b.sql, b.args).await?;
            }
            tx.exec(
                "UPDATE catalog_summary_state SET built = TRUE WHERE id = 1",
                args![],
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Multi-row INSERT statements of at most [`INSERT_CHUNK`] rows each.
fn inserts(backend: Backend, head: &str, rows: impl Iterator<Item = Vec<Arg>>) -> Vec<SqlBuf> {
    let rows: Vec<Vec<Arg>> = rows.collect();
    rows.chunks(INSERT_CHUNK)
        .map(|chunk| {
            let mut b = SqlBuf::new(backend);
            b.push(head);
            for (i, row) in chunk.iter().enumerate() {
                b.push(if i > 0 { ", " } else { "" });
                b.bind_list(row.iter().cloned());
            }
            b
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_contiguous() {
        for w in PRICE_BUCKETS.windows(2) {
            assert_eq!(w[0].2.map(|m| m + 1), w[1].1);
        }
        assert!(PRICE_BUCKETS[0].1.is_none());
        assert!(PRICE_BUCKETS[PRICE_BUCKETS.len() - 1].2.is_none());
    }

    #[test]
    fn whole_bands_only() {
        assert_eq!(bands_for(None, None), Some(vec![0, 1, 2, 3, 4]));
        assert_eq!(bands_for(Some(2500), Some(4999)), Some(vec![1]));
        assert_eq!(bands_for(Some(5000), None), Some(vec![2, 3, 4]));
        assert_eq!(bands_for(None, Some(9999)), Some(vec![0, 1, 2]));
        assert_eq!(bands_for(Some(2000), Some(20000)), None);
        assert_eq!(bands_for(Some(10000), Some(4999)), Some(vec![]));
    }
}
