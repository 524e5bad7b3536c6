use serde::{Deserialize, Serialize};

use super::{Cursor, ListingQuery};
use crate::catalog::ProductCard;

/// One page of a listing with everything the filter sidebar needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListingPage {
    pub query: ListingQuery,
    pub products: Vec<ProductCard>,
    /// Products matching all filters (all pages).
    pub total: i64,
    /// Cursor for the following page, if any.
    pub next: Option<Cursor>,
    /// Cursor for the preceding page, if any.
    pub prev: Option<Cursor>,
    /// The category being browsed, root first (empty for all products).
    pub breadcrumbs: Vec<CategoryCrumb>,
    pub category_name: Option<String>,
    pub facets: Vec<FacetGroup>,
    pub price_buckets: Vec<PriceBucket>,
    /// How many of the matching products (ignoring the in-stock filter) are in stock.
    pub in_stock_count: i64,
    /// Search found nothing exact; these are close matches (typo tolerance).
    pub fuzzy: bool,
    /// The shop's public base URL (no trailing slash), for canonical and OpenGraph URLs.
    #[serde(default)]
    pub site_url: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryCrumb {
    pub slug: String,
    pub name: String,
}

/// A filter group (categories, brands, or one variant attribute such as size).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetGroup {
    /// URL parameter name: `category`, `brand`, or the attribute name (`size`, `colour`…).
    pub param: String,
    pub label: String,
    pub values: Vec<FacetValue>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValue {
    /// Value as it appears in the URL (slug or attribute value).
    pub value: String,
    pub label: String,
    /// Matching products if this value were (also) selected.
    pub count: i64,
    pub selected: bool,
}

/// A price range shortcut with its count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceBucket {
    pub label: String,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub count: i64,
}

/// (label, min minor units inclusive, max minor units inclusive)
pub const PRICE_BUCKETS: &[(&str, Option<i64>, Option<i64>)] = &[
    ("Under $25", None, Some(2499)),
    ("$25 – $50", Some(2500), Some(4999)),
    ("$50 – $100", Some(5000), Some(9999)),
    ("$100 – $200", Some(10000), Some(19999)),
    ("$200 and up", Some(20000), None),
];
