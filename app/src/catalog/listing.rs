//! Product listing: filters, disjunctive facet counts, keyset pagination both ways, full-text
//! search with a typo-tolerant fallback. One body of SQL; engine-specific search clauses.

use storefront::money::{Currency, Money};

use super::categories_tree::CategoryTree;
use super::search_terms;
use crate::db::sql::{Arg, BindArgs, SqlBuf};
use crate::db::{Backend, Db};
use crate::errors::AppError;
use crate::listing::{
    Cursor, FacetGroup, FacetValue, ListingPage, ListingQuery, PRICE_BUCKETS, PriceBucket, Sort,
};
use crate::types::{ProductCard, ProductKind};
use crate::with_db;

/// Most values shown per facet group.
const MAX_FACET_VALUES: usize = 40;
/// Results shown for a typo-tolerant ("did you mean") search.
const FUZZY_LIMIT: usize = 48;

/// The resolved filters of one request.
struct Plan {
    backend: Backend,
    /// Engine-specific full-text expression (FTS5 MATCH string or to_tsquery input).
    fts: Option<String>,
    /// Lower-cased search text, to rank an exact name match first.
    exact: Option<String>,
    /// Restriction to these products (typo fallback).
    ids: Option<Vec<i64>>,
    categories: Option<Vec<i64>>,
    brands: Option<Vec<i64>>,
    attributes: Vec<(String, Vec<String>)>,
    min: Option<i64>,
    max: Option<i64>,
    in_stock: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Skip<'a> {
    Nothing,
    Brand,
    Attr(&'a str),
    Price,
    InStock,
}

impl Plan {
    /// `FROM … WHERE …` for every filter except `skip` (for disjunctive facet counts).
    fn filtered_from(&self, b: &mut SqlBuf, skip: Skip<'_>, brand_join: bool) {
        b.push(" FROM products p");
        if brand_join {
            b.push(" LEFT JOIN brands b ON b.id = p.brand_id");
        }
        if let (Backend::Sqlite, Some(fts)) = (self.backend, &self.fts) {
            b.push(
                " JOIN (SELECT rowid AS sid, bm25(product_fts, 10.0, 4.0, 4.0, 1.0) AS rank \
                 FROM product_fts WHERE product_fts MATCH ",
            )
            .bind(Arg::Text(fts.clone()))
            .push(") s ON s.sid = p.id");
        }
        b.push(" WHERE p.is_active = TRUE AND p.price_min_amount IS NOT NULL");
        if let (Backend::Postgres, Some(fts)) = (self.backend, &self.fts) {
            b.push(" AND p.search_vector @@ to_tsquery('shop_search', ")
                .bind(Arg::Text(fts.clone()))
                .push(")");
        }
        if let Some(ids) = &self.ids {
            b.push(" AND p.id IN ")
                .bind_list(ids.iter().map(|i| Arg::I64(*i)));
        }
        if let Some(cats) = &self.categories {
            b.push(" AND p.category_id IN ")
                .bind_list(cats.iter().map(|i| Arg::I64(*i)));
        }
        if skip != Skip::Brand
            && let Some(brands) = &self.brands
        {
            b.push(" AND p.brand_id IN ")
                .bind_list(brands.iter().map(|i| Arg::I64(*i)));
        }
        for (name, values) in &self.attributes {
            if skip == Skip::Attr(name) {
                continue;
            }
            b.push(" AND EXISTS (SELECT 1 FROM product_facets f WHERE f.product_id = p.id AND f.name = ")
                .bind(Arg::Text(name.clone()))
                .push(" AND f.value IN ")
                .bind_list(values.iter().map(|v| Arg::Text(v.clone())))
                .push(")");
        }
        if skip != Skip::Price {
            if let Some(min) = self.min {
                b.push(" AND p.price_min_amount >= ").bind(Arg::I64(min));
            }
            if let Some(max) = self.max {
                b.push(" AND p.price_min_amount <= ").bind(Arg::I64(max));
            }
        }
        if skip != Skip::InStock && self.in_stock {
            b.push(" AND p.in_stock = TRUE");
        }
    }

    /// Relevance score, lower is better (bm25 convention).
    fn score(&self, b: &mut SqlBuf) {
        match (self.backend, &self.fts) {
            (Backend::Sqlite, Some(_)) => {
                b.push("(s.rank");
            }
            (Backend::Postgres, Some(fts)) => {
                b.push("(CAST(-ts_rank(p.search_vector, to_tsquery('shop_search', ")
                    .bind(Arg::Text(fts.clone()))
                    .push(")) AS DOUBLE PRECISION)");
            }
            (_, None) => {
                b.push("(CAST(0 AS DOUBLE PRECISION)");
            }
        }
        if let Some(exact) = &self.exact {
            b.push(" - CASE WHEN lower(p.name) = ")
                .bind(Arg::Text(exact.clone()))
                .push(" THEN 1000.0 ELSE 0.0 END");
        }
        b.push(")");
    }

    fn sort_key(&self, b: &mut SqlBuf, sort: Sort) {
        match sort {
            Sort::Relevance => self.score(b),
            Sort::Bestselling => {
                b.push("p.sales_count");
            }
            Sort::PriceAsc | Sort::PriceDesc => {
                b.push("p.price_min_amount");
            }
            Sort::Newest => {
                b.push("p.created_at");
            }
            Sort::Name => {
                b.push("p.name");
            }
        }
    }
}

fn descending(sort: Sort) -> bool {
    matches!(sort, Sort::Bestselling | Sort::PriceDesc | Sort::Newest)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    slug: String,
    name: String,
    brand: Option<String>,
    kind: String,
    price_amount: i64,
    compare_at_amount: Option<i64>,
    currency: Option<String>,
    image_url: Option<String>,
    in_stock: bool,
    key_f64: Option<f64>,
    key_text: Option<String>,
}

impl Row {
    fn cursor(&self, sort: Sort) -> Cursor {
        let value = match sort {
            Sort::Relevance => self.key_f64.unwrap_or_default().to_string(),
            _ => self.key_text.clone().unwrap_or_default(),
        };
        Cursor {
            sort,
            value,
            id: self.id,
        }
    }

    fn card(self) -> ProductCard {
        let currency = self
            .currency
            .as_deref()
            .and_then(|c| c.trim().parse().ok())
            .unwrap_or(Currency::Usd);
        ProductCard {
            id: self.id,
            slug: self.slug,
            image_alt: self.name.clone(),
            name: self.name,
            brand: self.brand,
            kind: ProductKind::from_db(&self.kind),
            price: Money::new(self.price_amount, currency),
            compare_at: self.compare_at_amount.map(|m| Money::new(m, currency)),
            image_url: self.image_url,
            in_stock: self.in_stock,
        }
    }
}

fn internal(e: impl std::fmt::Debug) -> AppError {
    AppError::internal("product listing query failed", e)
}

async fn fetch_rows(db: &Db, b: &SqlBuf) -> Result<Vec<Row>, AppError> {
    with_db!(db, pool => {
        sqlx::query_as::<_, Row>(&b.sql).bind_args(&b.args).fetch_all(pool).await
    })
    .map_err(internal)
}

async fn fetch_count(db: &Db, b: &SqlBuf) -> Result<i64, AppError> {
    with_db!(db, pool => {
        sqlx::query_scalar::<_, i64>(&b.sql).bind_args(&b.args).fetch_one(pool).await
    })
    .map_err(internal)
}

async fn fetch_groups(db: &Db, b: &SqlBuf) -> Result<Vec<(Option<i64>, i64)>, AppError> {
    with_db!(db, pool => {
        sqlx::query_as::<_, (Option<i64>, i64)>(&b.sql).bind_args(&b.args).fetch_all(pool).await
    })
    .map_err(internal)
}

async fn fetch_attr_groups(db: &Db, b: &SqlBuf) -> Result<Vec<(String, String, i64)>, AppError> {
    with_db!(db, pool => {
        sqlx::query_as::<_, (String, String, i64)>(&b.sql).bind_args(&b.args).fetch_all(pool).await
    })
    .map_err(internal)
}

/// Runs a listing. `Err(NotFound)` for an unknown category slug.
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn list_products(db: &Db, query: &ListingQuery) -> Result<ListingPage, AppError> {
    let tree = CategoryTree::load(db).await.map_err(internal)?;
    let category = match &query.category {
        Some(slug) => Some(
            tree.by_slug(slug)
                .cloned()
                .ok_or_else(|| AppError::NotFound(format!("There is no category “{slug}”.")))?,
        ),
        None => None,
    };
    let brands = resolve_brands(db, &query.brands).await?;
    let terms = query
        .q
        .as_deref()
        .map(search_terms::terms)
        .unwrap_or_default();
    let fts = (!terms.is_empty()).then(|| match db.backend() {
        Backend::Sqlite => search_terms::fts5_query(&terms),
        Backend::Postgres => search_terms::tsquery(&terms),
    });
    let mut plan = Plan {
        backend: db.backend(),
        exact: fts.as_ref().and(query.q.as_ref()).map(|q| q.to_lowercase()),
        fts,
        ids: None,
        categories: category.as_ref().map(|c| tree.subtree(c.id)),
        brands,
        attributes: query.attributes.clone(),
        min: query.min_price,
        max: query.max_price,
        in_stock: query.in_stock,
    };
    // Search text with no searchable words (only punctuation or emoji) matches nothing.
    let no_terms = query.q.is_some() && plan.fts.is_none();
    if no_terms {
        plan.ids = Some(Vec::new());
    }
    let sort = if query.sort == Sort::Relevance && plan.fts.is_none() {
        Sort::Bestselling
    } else {
        query.sort
    };

    let (mut rows, has_more) = page_rows(db, &plan, query, sort).await?;
    let mut total = count(db, &plan).await?;
    let mut fuzzy = false;
    if total == 0
        && !no_terms
        && query.after.is_none()
        && query.before.is_none()
        && let Some(q) = &query.q
    {
        let ids = fuzzy_candidates(db, q).await?;
        if !ids.is_empty() {
            plan.fts = None;
            plan.exact = None;
            plan.ids = Some(ids.clone());
            let mut unordered = fetch_rows(
                db,
                &select_cards(&plan, Sort::Bestselling, None, ids.len() as u32),
            )
            .await?;
            unordered.sort_by_key(|r| ids.iter().position(|i| *i == r.id).unwrap_or(usize::MAX));
            total = count(db, &plan).await?;
            rows = unordered;
            fuzzy = true;
        }
    }

    let backward = query.before.is_some();
    let (next, prev) = if fuzzy {
        (None, None)
    } else {
        let first = rows.first().map(|r| r.cursor(sort));
        let last = rows.last().map(|r| r.cursor(sort));
        let (has_next, has_prev) = if backward {
            (true, has_more)
        } else {
            (has_more, query.after.is_some())
        };
        (last.filter(|_| has_next), first.filter(|_| has_prev))
    };

    let facets = facets(db, &plan, query, &tree, category.as_ref().map(|c| c.id)).await?;
    let price_buckets = price_buckets(db, &plan).await?;
    let in_stock_count = {
        let mut b = SqlBuf::new(plan.backend);
        b.push("SELECT COUNT(*)");
        plan.filtered_from(&mut b, Skip::InStock, false);
        b.push(" AND p.in_stock = TRUE");
        fetch_count(db, &b).await?
    };

    Ok(ListingPage {
        query: query.clone(),
        products: rows.into_iter().map(Row::card).collect(),
        total,
        next,
        prev,
        breadcrumbs: category
            .as_ref()
            .map(|c| tree.breadcrumbs(c.id))
            .unwrap_or_default(),
        category_name: category.map(|c| c.name),
        facets,
        price_buckets,
        in_stock_count,
        fuzzy,
    })
}

async fn resolve_brands(db: &Db, slugs: &[String]) -> Result<Option<Vec<i64>>, AppError> {
    if slugs.is_empty() {
        return Ok(None);
    }
    let mut b = SqlBuf::new(db.backend());
    b.push("SELECT id FROM brands WHERE slug IN ")
        .bind_list(slugs.iter().map(|s| Arg::Text(s.clone())));
    let ids: Vec<i64> = with_db!(db, pool => {
        sqlx::query_scalar::<_, i64>(&b.sql).bind_args(&b.args).fetch_all(pool).await
    })
    .map_err(internal)?;
    Ok(Some(ids))
}

fn select_cards(plan: &Plan, sort: Sort, cursor: Option<(&Cursor, bool)>, limit: u32) -> SqlBuf {
    let mut b = SqlBuf::new(plan.backend);
    b.push(
        "SELECT p.id, p.slug, p.name, b.name AS brand, p.kind, p.price_min_amount AS price_amount, \
         p.compare_at_amount, p.currency, p.image_url, p.in_stock, ",
    );
    if sort == Sort::Relevance {
        plan.score(&mut b);
        b.push(" AS key_f64, CAST(NULL AS TEXT) AS key_text");
    } else {
        b.push("CAST(NULL AS DOUBLE PRECISION) AS key_f64, CAST(");
        plan.sort_key(&mut b, sort);
        b.push(" AS TEXT) AS key_text");
    }
    plan.filtered_from(&mut b, Skip::Nothing, true);
    let backward = cursor.is_some_and(|(_, backward)| backward);
    if let Some((c, _)) = cursor {
        let op = if descending(sort) != backward {
            "<"
        } else {
            ">"
        };
        b.push(" AND (");
        plan.sort_key(&mut b, sort);
        b.push(", p.id) ").push(op).push(" (");
        match sort {
            Sort::Relevance => {
                b.bind(Arg::F64(c.value.parse().unwrap_or_default()));
            }
            Sort::Bestselling | Sort::PriceAsc | Sort::PriceDesc => {
                b.bind(Arg::I64(c.value.parse().unwrap_or_default()));
            }
            Sort::Newest => {
                b.bind_timestamp(c.value.clone());
            }
            Sort::Name => {
                b.bind(Arg::Text(c.value.clone()));
            }
        }
        b.push(", ").bind(Arg::I64(c.id)).push(")");
    }
    let dir = if descending(sort) != backward {
        " DESC"
    } else {
        " ASC"
    };
    b.push(" ORDER BY ");
    plan.sort_key(&mut b, sort);
    b.push(dir).push(", p.id").push(dir);
    b.push(" LIMIT ").bind(Arg::I64(i64::from(limit)));
    b
}

/// The page's rows in display order, and whether more exist beyond it (in the paging direction).
async fn page_rows(
    db: &Db,
    plan: &Plan,
    query: &ListingQuery,
    sort: Sort,
) -> Result<(Vec<Row>, bool), AppError> {
    let cursor = match (&query.after, &query.before) {
        (Some(c), _) => Some((c, false)),
        (None, Some(c)) => Some((c, true)),
        _ => None,
    };
    // A cursor from the relevance order of a query with no searchable words can't apply.
    let cursor = cursor.filter(|(c, _)| c.sort == sort);
    let per_page = query.per_page;
    let b = select_cards(plan, sort, cursor, per_page + 1);
    let mut rows = fetch_rows(db, &b).await?;
    let has_more = rows.len() > per_page as usize;
    rows.truncate(per_page as usize);
    if cursor.is_some_and(|(_, backward)| backward) {
        rows.reverse();
    }
    Ok((rows, has_more))
}

async fn count(db: &Db, plan: &Plan) -> Result<i64, AppError> {
    let mut b = SqlBuf::new(plan.backend);
    b.push("SELECT COUNT(*)");
    plan.filtered_from(&mut b, Skip::Nothing, false);
    fetch_count(db, &b).await
}

async fn facets(
    db: &Db,
    plan: &Plan,
    query: &ListingQuery,
    tree: &CategoryTree,
    current: Option<i64>,
) -> Result<Vec<FacetGroup>, AppError> {
    let mut groups = Vec::new();

    // Categories: drill down into the current category's children (or the roots).
    let mut b = SqlBuf::new(plan.backend);
    b.push("SELECT p.category_id, COUNT(*)");
    plan.filtered_from(&mut b, Skip::Nothing, false);
    b.push(" GROUP BY p.category_id");
    let by_category = fetch_groups(db, &b).await?;
    let values: Vec<FacetValue> = tree
        .children(current)
        .map(|c| {
            let subtree = tree.subtree(c.id);
            let count = by_category
                .iter()
                .filter(|(id, _)| id.is_some_and(|id| subtree.contains(&id)))
                .map(|(_, n)| n)
                .sum();
            FacetValue {
                value: c.slug.clone(),
                label: c.name.clone(),
                count,
                selected: false,
            }
        })
        .filter(|v| v.count > 0)
        .collect();
    if !values.is_empty() {
        groups.push(FacetGroup {
            param: "category".into(),
            label: "Category".into(),
            values,
        });
    }

    // Brands (disjunctive: counts ignore the brand filter itself).
    let mut b = SqlBuf::new(plan.backend);
    b.push("SELECT p.brand_id, COUNT(*)");
    plan.filtered_from(&mut b, Skip::Brand, false);
    b.push(" GROUP BY p.brand_id");
    let by_brand = fetch_groups(db, &b).await?;
    let brand_rows: Vec<(i64, String, String)> = with_db!(db, pool => {
        sqlx::query_as("SELECT id, slug, name FROM brands ORDER BY name").fetch_all(pool).await
    })
    .map_err(internal)?;
    let values: Vec<FacetValue> = brand_rows
        .into_iter()
        .filter_map(|(id, slug, name)| {
            let count = by_brand
                .iter()
                .find(|(b, _)| *b == Some(id))
                .map_or(0, |(_, n)| *n);
            let selected = query.brands.contains(&slug);
            (count > 0 || selected).then_some(FacetValue {
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

    // Variant attributes: values present in the results, disjunctive within each attribute.
    let mut b = SqlBuf::new(plan.backend);
    b.push(
        "SELECT f.name, f.value, COUNT(*) FROM product_facets f WHERE f.product_id IN (SELECT p.id",
    );
    plan.filtered_from(&mut b, Skip::Nothing, false);
    b.push(") GROUP BY f.name, f.value");
    let mut attr_counts = fetch_attr_groups(db, &b).await?;
    for (name, _) in &query.attributes {
        let mut b = SqlBuf::new(plan.backend);
        b.push("SELECT f.name, f.value, COUNT(*) FROM product_facets f WHERE f.name = ")
            .bind(Arg::Text(name.clone()))
            .push(" AND f.product_id IN (SELECT p.id");
        plan.filtered_from(&mut b, Skip::Attr(name), false);
        b.push(") GROUP BY f.name, f.value");
        let own = fetch_attr_groups(db, &b).await?;
        attr_counts.retain(|(n, _, _)| n != name);
        attr_counts.extend(own);
    }
    let mut names: Vec<String> = attr_counts.iter().map(|(n, _, _)| n.clone()).collect();
    for (name, _) in &query.attributes {
        names.push(name.clone());
    }
    names.sort_by_key(|n| (attribute_rank(n), n.clone()));
    names.dedup();
    for name in names {
        let mut values: Vec<FacetValue> = attr_counts
            .iter()
            .filter(|(n, _, _)| *n == name)
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

async fn price_buckets(db: &Db, plan: &Plan) -> Result<Vec<PriceBucket>, AppError> {
    let mut out = Vec::with_capacity(PRICE_BUCKETS.len());
    let mut b = SqlBuf::new(plan.backend);
    b.push("SELECT ");
    for (i, (_, min, max)) in PRICE_BUCKETS.iter().enumerate() {
        if i > 0 {
            b.push(", ");
        }
        b.push("COALESCE(SUM(CASE WHEN 1 = 1");
        if let Some(min) = min {
            b.push(" AND p.price_min_amount >= ").bind(Arg::I64(*min));
        }
        if let Some(max) = max {
            b.push(" AND p.price_min_amount <= ").bind(Arg::I64(*max));
        }
        b.push(" THEN 1 ELSE 0 END), 0)");
    }
    plan.filtered_from(&mut b, Skip::Price, false);
    let counts: (i64, i64, i64, i64, i64) = with_db!(db, pool => {
        sqlx::query_as::<_, (i64, i64, i64, i64, i64)>(&b.sql).bind_args(&b.args).fetch_one(pool).await
    })
    .map_err(internal)?;
    let counts = [counts.0, counts.1, counts.2, counts.3, counts.4];
    for ((label, min, max), count) in PRICE_BUCKETS.iter().zip(counts) {
        out.push(PriceBucket {
            label: (*label).to_string(),
            min: *min,
            max: *max,
            count,
        });
    }
    Ok(out)
}

/// Close matches for a query that found nothing: trigram similarity on product names.
async fn fuzzy_candidates(db: &Db, q: &str) -> Result<Vec<i64>, AppError> {
    match db {
        Db::Sqlite(pool) => {
            let Some(grams) = search_terms::fts5_trigram_query(q) else {
                return Ok(Vec::new());
            };
            let rows: Vec<(i64, String)> = sqlx::query_as(
                "SELECT p.id, p.name FROM products p
                  WHERE p.is_active = TRUE AND p.id IN (
                        SELECT rowid FROM product_trgm WHERE product_trgm MATCH $1
                         ORDER BY rank LIMIT 300)",
            )
            .bind(grams)
            .fetch_all(pool)
            .await
            .map_err(internal)?;
            let mut scored: Vec<(f64, i64)> = rows
                .into_iter()
                .map(|(id, name)| (word_similarity(q, &name), id))
                .filter(|(s, _)| *s >= 0.3)
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            Ok(scored
                .into_iter()
                .take(FUZZY_LIMIT)
                .map(|(_, id)| id)
                .collect())
        }
        Db::Postgres(pool) => {
            let text = search_terms::terms(q).join(" ");
            if text.is_empty() {
                return Ok(Vec::new());
            }
            let mut tx = pool.begin().await.map_err(internal)?;
            sqlx::query("SET LOCAL pg_trgm.word_similarity_threshold = 0.45")
                .execute(&mut *tx)
                .await
                .map_err(internal)?;
            let ids: Vec<i64> = sqlx::query_scalar(
                "SELECT id FROM products
                  WHERE is_active = TRUE AND unaccent($1) <% search_name
                  ORDER BY word_similarity(unaccent($1), search_name) DESC, id
                  LIMIT $2",
            )
            .bind(&text)
            .bind(FUZZY_LIMIT as i64)
            .fetch_all(&mut *tx)
            .await
            .map_err(internal)?;
            tx.commit().await.map_err(internal)?;
            Ok(ids)
        }
    }
}

/// For each query word, its best trigram similarity with a word of `name`; averaged.
fn word_similarity(q: &str, name: &str) -> f64 {
    let qt = search_terms::terms(q);
    let nt = search_terms::terms(name);
    if qt.is_empty() || nt.is_empty() {
        return 0.0;
    }
    let total: f64 = qt
        .iter()
        .map(|w| {
            nt.iter()
                .map(|n| search_terms::similarity(w, n))
                .fold(0.0, f64::max)
        })
        .sum();
    total / qt.len() as f64
}

/// Up to `limit` best search matches for autocomplete (no facets, no counts).
#[tracing::instrument(skip(db))]
pub async fn suggest(db: &Db, q: &str, limit: u32) -> Result<Vec<ProductCard>, AppError> {
    let terms = search_terms::terms(q);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let plan = Plan {
        backend: db.backend(),
        fts: Some(match db.backend() {
            Backend::Sqlite => search_terms::fts5_query(&terms),
            Backend::Postgres => search_terms::tsquery(&terms),
        }),
        exact: Some(q.trim().to_lowercase()),
        ids: None,
        categories: None,
        brands: None,
        attributes: Vec::new(),
        min: None,
        max: None,
        in_stock: false,
    };
    let rows = fetch_rows(
        db,
        &select_cards(&plan, Sort::Relevance, None, limit.clamp(1, 20)),
    )
    .await?;
    Ok(rows.into_iter().map(Row::card).collect())
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

    #[test]
    fn word_similarity_finds_typos() {
        assert!(word_similarity("hedphones", "Aria ANC Over-Ear Headphones") >= 0.3);
        assert!(word_similarity("hedphones", "Cast Iron Skillet") < 0.3);
    }
}
