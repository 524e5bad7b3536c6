//! Totals and disjunctive facet counts of a listing: from the listing summary when it answers
//! the request exactly, else counted live with as few scans as the filters allow.

use super::categories_tree::CategoryTree;
use super::listing_plan::{Plan, Skip};
use super::summary;
use crate::args;
use crate::db::Db;
use crate::db::sql::{Arg, SqlBuf};
use shared::errors::AppError;
use shared::listing::{FacetGroup, FacetValue, ListingQuery, PRICE_BUCKETS, PriceBucket};

/// Most values shown per facet group.
const MAX_FACET_VALUES: usize = 40;

/// The numbers behind a listing's facets. Each facet's counts ignore that facet's own selection.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Counts {
    /// Products matching every filter.
    pub total: i64,
    /// Per child of the current category (or per root): products in its subtree.
    pub children: Vec<(i64, i64)>,
    /// Per brand id.
    pub brands: Vec<(i64, i64)>,
    /// Per attribute (name, value).
    pub attrs: Vec<(String, String, i64)>,
    /// Per entry of [`PRICE_BUCKETS`].
    pub buckets: Vec<i64>,
    /// Products that would match with "in stock only" on.
    pub in_stock: i64,
}

fn internal(e: sqlx::Error) -> AppError {
    crate::db::query_error("listing count query failed", e)
}

async fn fetch_groups(db: &Db, b: &SqlBuf) -> Result<Vec<(Option<i64>, i64)>, AppError> {
    db.all(&b.sql, b.args.clone()).await.map_err(internal)
}

async fn fetch_attr_groups(db: &Db, b: &SqlBuf) -> Result<Vec<(String, String, i64)>, AppError> {
    db.all(&b.sql, b.args.clone()).await.map_err(internal)
}

fn brand_selected(plan: &Plan, brand: Option<i64>) -> bool {
    match &plan.brands {
        None => true,
        Some(ids) => brand.is_some_and(|b| ids.contains(&b)),
    }
}

/// Counts from the summary, or `None` when it can't answer exactly (search text, attribute
/// filters, a price bound inside a band, or writes since the last rebuild).
pub(super) async fn summary_counts(
    db: &Db,
    plan: &Plan,
    tree: &CategoryTree,
    current: Option<i64>,
) -> Result<Option<Counts>, AppError> {
    if plan.fts.is_some() || plan.ids.is_some() || !plan.attributes.is_empty() {
        return Ok(None);
    }
    let Some(bands) = summary::bands_for(plan.min, plan.max) else {
        return Ok(None);
    };
    if !summary::is_fresh(db).await.map_err(internal)? {
        return Ok(None);
    }
    let node = current.unwrap_or(0);
    let rows: Vec<(i64, bool, i64, i64)> = db
        .all(
            "SELECT brand_id, in_stock, CAST(band AS BIGINT), products
               FROM listing_summary WHERE node_id = $1",
            args![node],
        )
        .await
        .map_err(internal)?;
    let mut c = Counts {
        buckets: vec![0; PRICE_BUCKETS.len()],
        ..Counts::default()
    };
    for (brand, stock, band, n) in rows {
        let brand = (brand != 0).then_some(brand);
        let brand_ok = brand_selected(plan, brand);
        let stock_ok = !plan.in_stock || stock;
        let band_ok = bands.contains(&band);
        if brand_ok && stock_ok && band_ok {
            c.total += n;
        }
        if let Some(b) = brand
            && stock_ok
            && band_ok
        {
            match c.brands.iter_mut().find(|(id, _)| *id == b) {
                Some((_, m)) => *m += n,
                None => c.brands.push((b, n)),
            }
        }
        if brand_ok && stock_ok {
            c.buckets[band as usize] += n;
        }
        if brand_ok && band_ok && stock {
            c.in_stock += n;
        }
    }

    let children: Vec<i64> = tree.children(current).map(|n| n.id).collect();
    if !children.is_empty() {
        let mut b = SqlBuf::new(plan.backend);
        b.push(
            "SELECT node_id, CAST(SUM(products) AS BIGINT) FROM listing_summary WHERE node_id IN ",
        )
        .bind_list(children.iter().map(|i| Arg::I64(*i)))
        .push(" AND band IN ")
        .bind_list(bands.iter().map(|i| Arg::I64(*i)));
        if let Some(ids) = &plan.brands {
            b.push(" AND brand_id IN ")
                .bind_list(ids.iter().map(|i| Arg::I64(*i)));
        }
        if plan.in_stock {
            b.push(" AND in_stock = TRUE");
        }
        b.push(" GROUP BY node_id");
        c.children = fetch_groups(db, &b)
            .await?
            .into_iter()
            .filter_map(|(id, n)| Some((id?, n)))
            .collect();
    }

    c.attrs = if plan.brands.is_none() {
        let mut b = SqlBuf::new(plan.backend);
        b.push(
            "SELECT name, value, CAST(SUM(products) AS BIGINT) FROM listing_attr_summary \
             WHERE node_id = ",
        )
        .bind(Arg::I64(node))
        .push(" AND band IN ")
        .bind_list(bands.iter().map(|i| Arg::I64(*i)));
        if plan.in_stock {
            b.push(" AND in_stock = TRUE");
        }
        b.push(" GROUP BY name, value");
        fetch_attr_groups(db, &b).await?
    } else {
        // A brand narrows the set enough to count its attribute values live.
        live_attr_counts(db, plan).await?
    };
    Ok(Some(c))
}

/// `CASE WHEN <cond> THEN 1 ELSE 0 END` summed as column `alias`, where `cond` is pushed by `f`.
fn sum_when(b: &mut SqlBuf, alias: &str, f: impl FnOnce(&mut SqlBuf)) {
    b.push(", SUM(CASE WHEN 1 = 1");
    f(b);
    b.push(" THEN 1 ELSE 0 END) AS ").push(alias);
}

/// One brand's conditional sums in [`live_counts`]' single scan.
#[derive(sqlx::FromRow)]
struct BrandSums {
    brand_id: Option<i64>,
    /// Products matching every filter.
    matching: i64,
    /// Products that would match with "in stock only" on.
    in_stock_n: i64,
    /// Per entry of [`PRICE_BUCKETS`] (`band{i}` for entry `i`), ignoring the price filter.
    band0: i64,
    band1: i64,
    band2: i64,
    band3: i64,
    band4: i64,
}

fn price_ok(b: &mut SqlBuf, min: Option<i64>, max: Option<i64>) {
    if let Some(min) = min {
        b.push(" AND p.price_min_amount >= ").bind(Arg::I64(min));
    }
    if let Some(max) = max {
        b.push(" AND p.price_min_amount <= ").bind(Arg::I64(max));
    }
}

/// Counts by querying the products (every request the summary can't answer).
pub(super) async fn live_counts(
    db: &Db,
    plan: &Plan,
    tree: &CategoryTree,
    current: Option<i64>,
) -> Result<Counts, AppError> {
    let mut c = Counts {
        buckets: vec![0; PRICE_BUCKETS.len()],
        ..Counts::default()
    };

    // One scan for the total, price buckets and in-stock count (and, with no brand selected,
    // the brand counts): price and stock become conditional sums per brand.
    let mut b = SqlBuf::new(plan.backend);
    b.push("SELECT p.brand_id");
    sum_when(&mut b, "matching", |b| {
        price_ok(b, plan.min, plan.max);
        if plan.in_stock {
            b.push(" AND p.in_stock = TRUE");
        }
    });
    sum_when(&mut b, "in_stock_n", |b| {
        price_ok(b, plan.min, plan.max);
        b.push(" AND p.in_stock = TRUE");
    });
    for (i, (_, min, max)) in PRICE_BUCKETS.iter().enumerate() {
        sum_when(&mut b, &format!("band{i}"), |b| {
            price_ok(b, *min, *max);
            if plan.in_stock {
                b.push(" AND p.in_stock = TRUE");
            }
        });
    }
    let skip = Skip {
        price: true,
        in_stock: true,
        ..Skip::NOTHING
    };
    plan.filtered_from(&mut b, skip, false);
    b.push(" GROUP BY p.brand_id");
    let rows: Vec<BrandSums> = db.all(&b.sql, b.args).await.map_err(internal)?;
    for r in rows {
        c.total += r.matching;
        c.in_stock += r.in_stock_n;
        let bands = [r.band0, r.band1, r.band2, r.band3, r.band4];
        for (slot, n) in c.buckets.iter_mut().zip(bands) {
            *slot += n;
        }
        if plan.brands.is_none()
            && let Some(brand) = r.brand_id
        {
            c.brands.push((brand, r.matching));
        }
    }
    if plan.brands.is_some() {
        let mut b = SqlBuf::new(plan.backend);
        b.push("SELECT p.brand_id, COUNT(*)");
        let skip = Skip {
            brand: true,
            ..Skip::NOTHING
        };
        plan.filtered_from(&mut b, skip, false);
        b.push(" GROUP BY p.brand_id");
        c.brands = fetch_groups(db, &b)
            .await?
            .into_iter()
            .filter_map(|(id, n)| Some((id?, n)))
            .collect();
    }

    // Categories: drill down into the current category's children (or the roots).
    let children: Vec<i64> = tree.children(current).map(|n| n.id).collect();
    if !children.is_empty() && c.total > 0 {
        let mut b = SqlBuf::new(plan.backend);
        b.push("SELECT p.category_id, COUNT(*)");
        plan.filtered_from(&mut b, Skip::NOTHING, false);
        b.push(" GROUP BY p.category_id");
        let by_category = fetch_groups(db, &b).await?;
        c.children = tree.subtree_totals(children, &by_category);
    }

    c.attrs = live_attr_counts(db, plan).await?;
    Ok(c)
}

/// Attribute values present in the results, disjunctive within each selected attribute.
async fn live_attr_counts(db: &Db, plan: &Plan) -> Result<Vec<(String, String, i64)>, AppError> {
    let mut b = SqlBuf::new(plan.backend);
    b.push(
        "SELECT f.name, f.value, COUNT(*) FROM product_facets f WHERE f.product_id IN (SELECT p.id",
    );
    plan.filtered_from(&mut b, Skip::NOTHING, false);
    b.push(") GROUP BY f.name, f.value");
    let mut attr_counts = fetch_attr_groups(db, &b).await?;
    for (name, _) in &plan.attributes {
        let mut b = SqlBuf::new(plan.backend);
        b.push("SELECT f.name, f.value, COUNT(*) FROM product_facets f WHERE f.name = ")
            .bind(Arg::Text(name.clone()))
            .push(" AND f.product_id IN (SELECT p.id");
        let skip = Skip {
            attr: Some(name),
            ..Skip::NOTHING
        };
        plan.filtered_from(&mut b, skip, false);
        b.push(") GROUP BY f.name, f.value");
        let own = fetch_attr_groups(db, &b).await?;
        attr_counts.retain(|(n, _, _)| n != name);
        attr_counts.extend(own);
    }
    Ok(attr_counts)
}

/// The price-bucket links with their counts.
pub(super) fn price_buckets(counts: &Counts) -> Vec<PriceBucket> {
    PRICE_BUCKETS
        .iter()
        .zip(&counts.buckets)
        .map(|((label, min, max), count)| PriceBucket {
            label: (*label).to_string(),
            min: *min,
            max: *max,
            count: *count,
        })
        .collect()
}

/// The facet groups shown beside the results.
pub(super) async fn facet_groups(
    db: &Db,
    counts: &Counts,
    query: &ListingQuery,
    tree: &CategoryTree,
) -> Result<Vec<FacetGroup>, AppError> {
    let mut groups = Vec::new();

    let values: Vec<FacetValue> = counts
        .children
        .iter()
        .filter(|(_, n)| *n > 0)
        .filter_map(|(id, n)| {
            let c = tree.by_id(*id)?;
            Some(FacetValue {
                value: c.slug.clone(),
                label: c.name.clone(),
                count: *n,
                selected: false,
            })
        })
        .collect();
    if !values.is_empty() {
        groups.push(FacetGroup {
            param: "category".into(),
            label: "Category".into(),
            values,
        });
    }

    // Archived brands are not offered (one already in the query stays, so it can be removed).
    let brand_rows: Vec<(i64, String, String, bool)> = db
        .all(
            "SELECT id, slug, name, is_active FROM brands ORDER BY name",
            args![],
        )
        .await
        .map_err(internal)?;
    let values: Vec<FacetValue> = brand_rows
        .into_iter()
        .filter_map(|(id, slug, name, active)| {
            let count = counts
                .brands
                .iter()
                .find(|(b, _)| *b == id)
                .map_or(0, |(_, n)| *n);
            let selected = query.brands.contains(&slug);
            ((active && count > 0) || selected).then_some(FacetValue {
                value: slug,
                label: name,
                count,
                selected,
            })
        })
        .collect();
    if !values.is_empty() {
        groups.push(FacetGroup {
            param: "brand".into(),
            label: "Brand".into(),
            values,
        });
    }

    let attr_counts = &counts.attrs;
    let mut names: Vec<String> = attr_counts.iter().map(|(n, _, _)| n.clone()).collect();
    for (name, _) in &query.attributes {
        names.push(name.clone());
    }
    names.sort_by_key(|n| (attribute_rank(n), n.clone()));
    names.dedup();
    for name in names {
        let mut values: Vec<FacetValue> = attr_counts
            .iter()
            .filter(|(n, _, count)| *n == name && *count > 0)
            .map(|(_, v, count)| FacetValue {
                value: v.clone(),
                label: v.clone(),
                count: *count,
                selected: query.selected(&name, v),
            })
            .collect();
        for (n, selected) in &query.attributes {
            if *n == name {
                for v in selected {
                    if !values.iter().any(|x| &x.value == v) {
                        values.push(FacetValue {
                            value: v.clone(),
                            label: v.clone(),
                            count: 0,
                            selected: true,
                        });
                    }
                }
            }
        }
        values.sort_by(|a, b| {
            size_order(&a.value)
                .cmp(&size_order(&b.value))
                .then(a.value.cmp(&b.value))
        });
        values.truncate(MAX_FACET_VALUES);
        if values.len() > 1 || values.iter().any(|v| v.selected) {
            groups.push(FacetGroup {
                label: attribute_label(&name),
                param: name,
                values,
            });
        }
    }
    Ok(groups)
}

/// Size and colour first; other options after, alphabetically.
fn attribute_rank(name: &str) -> u8 {
    match name {
        "size" => 0,
        "colour" | "color" => 1,
        _ => 2,
    }
}

fn attribute_label(name: &str) -> String {
    let mut chars = name.replace('_', " ").chars().collect::<Vec<_>>();
    if let Some(c) = chars.first_mut() {
        *c = c.to_ascii_uppercase();
    }
    chars.into_iter().collect()
}

/// Clothing sizes in their natural order; everything else after, alphabetically.
fn size_order(v: &str) -> (u8, u32) {
    const SIZES: &[&str] = &["XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL"];
    if let Some(i) = SIZES.iter().position(|s| s.eq_ignore_ascii_case(v)) {
        return (0, i as u32);
    }
    match v.parse::<u32>() {
        Ok(n) => (1, n),
        Err(_) => (2, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_sort_naturally() {
        let mut v = vec!["XL", "S", "M", "32", "L", "30", "One size"];
        v.sort_by_key(|s| (size_order(s), s.to_string()));
        assert_eq!(v, ["S", "M", "L", "XL", "30", "32", "One size"]);
    }
}
