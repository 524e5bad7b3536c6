//! The resolved filters of a listing request and the SQL they produce. One body of SQL for both
//! engines; only the full-text clauses differ.

use crate::db::Backend;
use crate::db::sql::{Arg, SqlBuf};
use shared::listing::Sort;

/// Id lists up to this long are bound as `IN (…)`; longer ones as one array parameter.
const SHORT_ID_LIST: usize = 64;

/// The resolved filters of one request.
#[derive(Clone)]
pub(super) struct Plan {
    pub backend: Backend,
    /// Engine-specific full-text expression (FTS5 MATCH string or to_tsquery input).
    pub fts: Option<String>,
    /// Lower-cased search text, to rank an exact name match first.
    pub exact: Option<String>,
    /// Restriction to these products (typo fallback).
    pub ids: Option<Vec<i64>>,
    pub categories: Option<Vec<i64>>,
    pub brands: Option<Vec<i64>>,
    pub attributes: Vec<(String, Vec<String>)>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub in_stock: bool,
}

/// Filters left out of a query, for disjunctive facet counts (a facet's counts ignore the
/// facet's own selection).
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Skip<'a> {
    pub brand: bool,
    pub price: bool,
    pub in_stock: bool,
    pub attr: Option<&'a str>,
}

impl Skip<'_> {
    pub const NOTHING: Skip<'static> = Skip {
        brand: false,
        price: false,
        in_stock: false,
        attr: None,
    };
}

impl Plan {
    /// `FROM … WHERE …` for every filter except `skip` (for disjunctive facet counts).
    pub fn filtered_from(&self, b: &mut SqlBuf, skip: Skip<'_>, brand_join: bool) {
        b.push(" FROM ");
        let sqlite_fts = match (self.backend, &self.fts) {
            (Backend::Sqlite, Some(fts)) => Some(fts),
            _ => None,
        };
        // A long id list (a search's match set) drives the join, like the FTS matches do.
        let id_set = self
            .ids
            .as_ref()
            .filter(|ids| ids.len() > SHORT_ID_LIST && sqlite_fts.is_none());
        if let Some(ids) = id_set {
            b.bind_id_set(ids).push(" s CROSS JOIN ");
        } else if let Some(fts) = sqlite_fts {
            // The matches drive the join (CROSS JOIN fixes SQLite's join order): otherwise the
            // planner may walk a covering products index and probe the FTS index per product.
            b.push(
                "(SELECT rowid AS sid, bm25(product_fts, 10.0, 4.0, 4.0, 1.0) AS rank \
                 FROM product_fts WHERE product_fts MATCH ",
            )
            .bind(Arg::Text(fts.clone()))
            .push(") s CROSS JOIN ");
        }
        b.push("products p");
        if brand_join {
            b.push(" LEFT JOIN brands b ON b.id = p.brand_id");
        }
        b.push(" WHERE p.is_active = TRUE AND p.price_min_amount IS NOT NULL");
        if id_set.is_some() {
            b.push(" AND p.id = s.id");
        } else if sqlite_fts.is_some() {
            b.push(" AND p.id = s.sid");
        }
        if let (Backend::Postgres, Some(fts)) = (self.backend, &self.fts) {
            b.push(" AND p.search_vector @@ to_tsquery('shop_search', ")
                .bind(Arg::Text(fts.clone()))
                .push(")");
        }
        if let Some(ids) = self.ids.as_ref().filter(|_| id_set.is_none()) {
            b.push(" AND p.id IN ")
                .bind_list(ids.iter().map(|i| Arg::I64(*i)));
        }
        if let Some(cats) = &self.categories {
            b.push(" AND p.category_id IN ")
                .bind_list(cats.iter().map(|i| Arg::I64(*i)));
        }
        if !skip.brand
            && let Some(brands) = &self.brands
        {
            b.push(" AND p.brand_id IN ")
                .bind_list(brands.iter().map(|i| Arg::I64(*i)));
        }
        for (name, values) in &self.attributes {
            if skip.attr == Some(name.as_str()) {
                continue;
            }
            b.push(" AND EXISTS (SELECT 1 FROM product_facets f WHERE f.product_id = p.id AND f.name = ")
                .bind(Arg::Text(name.clone()))
                .push(" AND f.value IN ")
                .bind_list(values.iter().map(|v| Arg::Text(v.clone())))
                .push(")");
        }
        if !skip.price {
            if let Some(min) = self.min {
                b.push(" AND p.price_min_amount >= ").bind(Arg::I64(min));
            }
            if let Some(max) = self.max {
                b.push(" AND p.price_min_amount <= ").bind(Arg::I64(max));
            }
        }
        if !skip.in_stock && self.in_stock {
            b.push(" AND p.in_stock = TRUE");
        }
    }

    /// Relevance score, lower is better (bm25 convention).
    pub fn score(&self, b: &mut SqlBuf) {
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

    pub fn sort_key(&self, b: &mut SqlBuf, sort: Sort) {
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
