//! Product listing: filters, disjunctive facet counts, keyset pagination both ways, full-text
//! search with a typo-tolerant fallback. One body of SQL; engine-specific search clauses.

use storefront::money::Money;

use super::categories_tree::{CategoryNode, CategoryTree};
use super::facets::{self, Counts};
use super::listing_plan::{Plan, Skip};
use super::search_terms;
use crate::db::sql::{Arg, SqlBuf};
use crate::db::{Backend, Db, DbCurrency, Parsed};
use shared::catalog::{ProductCard, ProductKind};
use shared::errors::AppError;
use shared::listing::{Cursor, ListingPage, ListingQuery, Sort};

/// Results shown for a typo-tolerant ("did you mean") search.
const FUZZY_LIMIT: usize = 48;
/// Searches matching up to this many products are counted over their id set.
const MATCH_SET_MAX: usize = 20_000;

/// Where a listing's counts come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountSource {
    /// The listing summary when it answers exactly, else live counts (what pages use).
    Auto,
    /// Always count live (tests compare the two).
    Live,
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
    kind: Parsed<ProductKind>,
    price_amount: i64,
    compare_at_amount: Option<i64>,
    currency: DbCurrency,
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
        let currency = self.currency.0;
        ProductCard {
            id: self.id,
            slug: self.slug,
            image_alt: self.name.clone(),
            name: self.name,
            brand: self.brand,
            kind: self.kind.0,
            price: Money::new(self.price_amount, currency),
            compare_at: self.compare_at_amount.map(|m| Money::new(m, currency)),
            image_url: self.image_url,
            in_stock: self.in_stock,
        }
    }
}

fn internal(e: sqlx::Error) -> AppError {
    crate::db::query_error("product listing query failed", e)
}

async fn fetch_rows(db: &Db, b: SqlBuf) -> Result<Vec<Row>, AppError> {
    db.all(&b.sql, b.args).await.map_err(internal)
}

/// Runs a listing. `Err(NotFound)` for an unknown category slug.
pub async fn list_products(db: &Db, query: &ListingQuery) -> Result<ListingPage, AppError> {
    list_products_with(db, query, CountSource::Auto)
        .await
        .map(|(page, _)| page)
}

/// [`list_products`], choosing where the counts come from; also says whether they came from
/// the listing summary.
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn list_products_with(
    db: &Db,
    query: &ListingQuery,
    source: CountSource,
) -> Result<(ListingPage, bool), AppError> {
    let tree = CategoryTree::load(db)
        .await
        .map_err(|e| crate::db::service_error("category tree", e))?;
    let Resolved {
        category,
        plan,
        no_terms,
        sort,
    } = resolve(db, query, &tree).await?;
    let current = category.as_ref().map(|c| c.id);
    // Search: find the matches once; the relevance page and every count then work over their
    // ids instead of re-running the full-text search.
    let matches = match_set(db, &plan).await?;
    let id_plan = matches.as_ref().map(|m| Plan {
        fts: None,
        exact: None,
        ids: Some(m.iter().map(|(_, id)| *id).collect()),
        ..plan.clone()
    });
    let (mut rows, has_more) = match (&matches, &id_plan) {
        (Some(m), Some(p)) if sort == Sort::Relevance => page_from_matches(db, p, m, query).await?,
        _ => page_rows(db, &plan, query, sort).await?,
    };
    let (mut counts, from_summary) =
        listing_counts(db, source, &plan, id_plan.as_ref(), &tree, current).await?;
    let mut fuzzy = false;
    if counts.total == 0
        && !no_terms
        && let Some((close, close_counts)) =
            fuzzy_fallback(db, query, &plan, &tree, current).await?
    {
        rows = close;
        counts = close_counts;
        fuzzy = true;
    }
    let (next, prev) = if fuzzy {
        (None, None)
    } else {
        page_cursors(&rows, sort, query, has_more)
    };

    let facet_groups = facets::facet_groups(db, &counts, query, &tree).await?;
    let price_buckets = facets::price_buckets(&counts);

    let page = ListingPage {
        query: query.clone(),
        products: rows.into_iter().map(Row::card).collect(),
        total: counts.total,
        next,
        prev,
        breadcrumbs: category
            .as_ref()
            .map(|c| tree.breadcrumbs(c.id))
            .unwrap_or_default(),
        category_name: category.map(|c| c.name),
        facets: facet_groups,
        price_buckets,
        in_stock_count: counts.in_stock,
        fuzzy,
        site_url: String::new(),
    };
    Ok((page, from_summary))
}

/// A listing request resolved against the catalogue.
struct Resolved {
    /// The category listed, if any.
    category: Option<CategoryNode>,
    /// The filters as SQL sees them.
    plan: Plan,
    /// Search text with no searchable words (only punctuation or emoji): it matches nothing.
    no_terms: bool,
    /// The order used: relevance only when there is something to be relevant to.
    sort: Sort,
}

/// Resolves the category, brands and search text of `query` (`Err(NotFound)` for an unknown
/// category slug).
async fn resolve(db: &Db, query: &ListingQuery, tree: &CategoryTree) -> Result<Resolved, AppError> {
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
    Ok(Resolved {
        category,
        plan,
        no_terms,
        sort,
    })
}

/// The listing's counts, from the summary when `source` allows and it answers exactly, else
/// live (over the search's match ids when there are some); and whether the summary answered.
async fn listing_counts(
    db: &Db,
    source: CountSource,
    plan: &Plan,
    id_plan: Option<&Plan>,
    tree: &CategoryTree,
    current: Option<i64>,
) -> Result<(Counts, bool), AppError> {
    let summary = match source {
        CountSource::Auto => facets::summary_counts(db, plan, tree, current).await?,
        CountSource::Live => None,
    };
    Ok(match summary {
        Some(c) => (c, true),
        None => (
            facets::live_counts(db, id_plan.unwrap_or(plan), tree, current).await?,
            false,
        ),
    })
}

/// The typo-tolerant fallback for a search that found nothing, on its first page: close name
/// matches, best first, with their counts; `None` when it does not apply or finds nothing.
async fn fuzzy_fallback(
    db: &Db,
    query: &ListingQuery,
    plan: &Plan,
    tree: &CategoryTree,
    current: Option<i64>,
) -> Result<Option<(Vec<Row>, Counts)>, AppError> {
    let Some(q) = &query.q else {
        return Ok(None);
    };
    if query.after.is_some() || query.before.is_some() {
        return Ok(None);
    }
    let ids = fuzzy_candidates(db, q).await?;
    if ids.is_empty() {
        return Ok(None);
    }
    let plan = Plan {
        fts: None,
        exact: None,
        ids: Some(ids.clone()),
        ..plan.clone()
    };
    let mut rows = fetch_rows(
        db,
        select_cards(&plan, Sort::Bestselling, None, ids.len() as u32),
    )
    .await?;
    rows.sort_by_key(|r| ids.iter().position(|i| *i == r.id).unwrap_or(usize::MAX));
    let counts = facets::live_counts(db, &plan, tree, current).await?;
    Ok(Some((rows, counts)))
}

/// The cursors to the next and previous pages around `rows`, where such pages exist.
fn page_cursors(
    rows: &[Row],
    sort: Sort,
    query: &ListingQuery,
    has_more: bool,
) -> (Option<Cursor>, Option<Cursor>) {
    let backward = query.before.is_some();
    let first = rows.first().map(|r| r.cursor(sort));
    let last = rows.last().map(|r| r.cursor(sort));
    let (has_next, has_prev) = if backward {
        (true, has_more)
    } else {
        (has_more, query.after.is_some())
    };
    (last.filter(|_| has_next), first.filter(|_| has_prev))
}

/// A search's matches in the listed categories with their relevance score, best first (every
/// other filter is applied later), or `None` when there is no search text or too many matches.
async fn match_set(db: &Db, plan: &Plan) -> Result<Option<Vec<(f64, i64)>>, AppError> {
    if plan.fts.is_none() {
        return Ok(None);
    }
    let broad = Plan {
        brands: None,
        attributes: Vec::new(),
        min: None,
        max: None,
        in_stock: false,
        ..plan.clone()
    };
    let mut b = SqlBuf::new(plan.backend);
    b.push("SELECT ");
    broad.score(&mut b);
    b.push(", p.id");
    broad.filtered_from(&mut b, Skip::NOTHING, false);
    b.push(" LIMIT ").bind(Arg::I64(MATCH_SET_MAX as i64 + 1));
    let mut matches: Vec<(f64, i64)> = db.all(&b.sql, b.args).await.map_err(internal)?;
    if matches.len() > MATCH_SET_MAX {
        return Ok(None);
    }
    matches.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    Ok(Some(matches))
}

/// A relevance-ordered page cut from the match set (no second full-text pass): rows in display
/// order and whether more exist in the paging direction. `plan` holds the match ids.
async fn page_from_matches(
    db: &Db,
    plan: &Plan,
    matches: &[(f64, i64)],
    query: &ListingQuery,
) -> Result<(Vec<Row>, bool), AppError> {
    use std::cmp::Ordering;
    let cursor = match (&query.after, &query.before) {
        (Some(c), _) => Some((c, false)),
        (None, Some(c)) => Some((c, true)),
        _ => None,
    }
    .filter(|(c, _)| c.sort == Sort::Relevance);
    let order = |a: &(f64, i64), b: &(f64, i64)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
    let mut candidates: Vec<(f64, i64)> = match cursor {
        None => matches.to_vec(),
        Some((c, backward)) => {
            let at = (c.value.parse().unwrap_or_default(), c.id);
            let want = if backward {
                Ordering::Less
            } else {
                Ordering::Greater
            };
            let mut v: Vec<_> = matches
                .iter()
                .filter(|m| order(m, &at) == want)
                .copied()
                .collect();
            if backward {
                v.reverse();
            }
            v
        }
    };
    let narrowed = plan.brands.is_some()
        || !plan.attributes.is_empty()
        || plan.min.is_some()
        || plan.max.is_some()
        || plan.in_stock;
    if narrowed {
        let within = Plan {
            ids: Some(candidates.iter().map(|m| m.1).collect()),
            ..plan.clone()
        };
        let mut b = SqlBuf::new(plan.backend);
        b.push("SELECT p.id");
        within.filtered_from(&mut b, Skip::NOTHING, false);
        let keep: std::collections::HashSet<i64> = db
            .all::<(i64,)>(&b.sql, b.args)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|(id,)| id)
            .collect();
        candidates.retain(|m| keep.contains(&m.1));
    }
    let per_page = query.per_page as usize;
    let has_more = candidates.len() > per_page;
    candidates.truncate(per_page);
    let ids: Vec<i64> = candidates.iter().map(|m| m.1).collect();
    let page_plan = Plan {
        ids: Some(ids.clone()),
        ..plan.clone()
    };
    let mut rows = fetch_rows(
        db,
        select_cards(&page_plan, Sort::Bestselling, None, ids.len().max(1) as u32),
    )
    .await?;
    rows.sort_by_key(|r| ids.iter().position(|i| *i == r.id).unwrap_or(usize::MAX));
    for r in &mut rows {
        r.key_f64 = candidates.iter().find(|m| m.1 == r.id).map(|m| m.0);
    }
    if cursor.is_some_and(|(_, backward)| backward) {
        rows.reverse();
    }
    Ok((rows, has_more))
}

async fn resolve_brands(db: &Db, slugs: &[String]) -> Result<Option<Vec<i64>>, AppError> {
    if slugs.is_empty() {
        return Ok(None);
    }
    let mut b = SqlBuf::new(db.backend());
    b.push("SELECT id FROM brands WHERE slug IN ")
        .bind_list(slugs.iter().map(|s| Arg::Text(s.clone())));
    let ids: Vec<(i64,)> = db.all(&b.sql, b.args).await.map_err(internal)?;
    Ok(Some(ids.into_iter().map(|(id,)| id).collect()))
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
    plan.filtered_from(&mut b, Skip::NOTHING, true);
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
    let mut rows = fetch_rows(db, b).await?;
    let has_more = rows.len() > per_page as usize;
    rows.truncate(per_page as usize);
    if cursor.is_some_and(|(_, backward)| backward) {
        rows.reverse();
    }
    Ok((rows, has_more))
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
        select_cards(&plan, Sort::Relevance, None, limit.clamp(1, 20)),
    )
    .await?;
    Ok(rows.into_iter().map(Row::card).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_similarity_finds_typos() {
        assert!(word_similarity("hedphones", "Aria ANC Over-Ear Headphones") >= 0.3);
        assert!(word_similarity("hedphones", "Cast Iron Skillet") < 0.3);
    }
}
