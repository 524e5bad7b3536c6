//! The listing query: parsed from URL pairs, validated, canonical, and turned back into links.

use serde::{Deserialize, Serialize};
use storefront::ids::Slug;
use storefront::money::{Currency, Money};

use super::Cursor;

pub const DEFAULT_PER_PAGE: u32 = 24;
pub const MAX_PER_PAGE: u32 = 96;
pub const MAX_PAGE: u32 = 1_000_000;
pub const MAX_QUERY_LEN: usize = 200;
const MAX_VALUES: usize = 20;
const MAX_ATTRIBUTES: usize = 8;
const MAX_VALUE_LEN: usize = 64;

/// Parameters with a fixed meaning; any other lower-case key is a variant attribute filter.
const RESERVED: &[&str] = &[
    "q",
    "category",
    "brand",
    "min_price",
    "max_price",
    "in_stock",
    "sort",
    "after",
    "before",
    "per_page",
    "page",
    "variant",
    "limit",
];

/// Marketing/tracking parameters that are ignored rather than treated as filters.
fn is_tracking(key: &str) -> bool {
    key.starts_with("utm_") || matches!(key, "fbclid" | "gclid" | "msclkid" | "ref" | "source")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sort {
    Relevance,
    Bestselling,
    PriceAsc,
    PriceDesc,
    Newest,
    Name,
}

impl Sort {
    pub const ALL: [Sort; 6] = [
        Sort::Relevance,
        Sort::Bestselling,
        Sort::PriceAsc,
        Sort::PriceDesc,
        Sort::Newest,
        Sort::Name,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Bestselling => "bestselling",
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
            Sort::Newest => "newest",
            Sort::Name => "name",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Relevance => "Most relevant",
            Sort::Bestselling => "Best selling",
            Sort::PriceAsc => "Price: low to high",
            Sort::PriceDesc => "Price: high to low",
            Sort::Newest => "Newest",
            Sort::Name => "Name: A to Z",
        }
    }

    pub fn parse(s: &str) -> Option<Sort> {
        Some(
            match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
                "relevance" => Sort::Relevance,
                "bestselling" | "best_selling" | "popular" => Sort::Bestselling,
                "price_asc" | "price" => Sort::PriceAsc,
                "price_desc" => Sort::PriceDesc,
                "newest" | "new" => Sort::Newest,
                "name" | "name_asc" => Sort::Name,
                _ => return None,
            },
        )
    }
}

/// A validated, canonical listing request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListingQuery {
    /// Search text, trimmed and whitespace-collapsed.
    pub q: Option<String>,
    /// Category slug (includes its subcategories).
    pub category: Option<String>,
    /// Brand slugs (any of).
    pub brands: Vec<String>,
    /// Variant attribute filters: name → any of values. Sorted by name.
    pub attributes: Vec<(String, Vec<String>)>,
    /// Inclusive bounds on the lowest variant price, in minor units.
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
    pub in_stock: bool,
    pub sort: Sort,
    pub after: Option<Cursor>,
    pub before: Option<Cursor>,
    pub per_page: u32,
    /// Page number shown to the shopper (cursors do the real work).
    pub page: u32,
}

impl Default for ListingQuery {
    fn default() -> Self {
        ListingQuery {
            q: None,
            category: None,
            brands: Vec::new(),
            attributes: Vec::new(),
            min_price: None,
            max_price: None,
            in_stock: false,
            sort: Sort::Bestselling,
            after: None,
            before: None,
            per_page: DEFAULT_PER_PAGE,
            page: 1,
        }
    }
}

fn slug_param(name: &str, value: &str) -> Result<String, String> {
    Slug::parse(value.trim())
        .map(|s| s.as_str().to_string())
        .map_err(|_| format!("“{}” is not a valid {name}.", truncate(value, 40)))
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn price_param(name: &str, value: &str) -> Result<Option<i64>, String> {
    let v = value.trim().trim_start_matches('$');
    if v.is_empty() {
        return Ok(None);
    }
    Money::parse_amount(v, Currency::Usd)
        .map(|m| Some(m.minor()))
        .map_err(|_| format!("Enter the {name} as an amount like 25 or 25.99."))
}

fn number_param(name: &str, value: &str, min: u32, max: u32, default: u32) -> Result<u32, String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(default);
    }
    // Absurdly large numbers are clamped, not rejected; non-numbers are an error.
    if v.chars().all(|c| c.is_ascii_digit()) {
        Ok(v.parse::<u64>()
            .map_or(max, |n| n.clamp(u64::from(min), u64::from(max)) as u32))
    } else if v.starts_with('-') && v[1..].chars().all(|c| c.is_ascii_digit()) && v.len() > 1 {
        Ok(min)
    } else {
        Err(format!("{name} must be a whole number."))
    }
}

fn is_attribute_key(key: &str) -> bool {
    let mut chars = key.chars();
    key.len() <= 32
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Collapses whitespace and drops control characters.
fn clean_text(s: &str) -> String {
    s.split_whitespace()
        .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One option filter value (`color=red`), cleaned and bounded, added to its filter.
fn add_attribute(
    attrs: &mut Vec<(String, Vec<String>)>,
    key: &str,
    value: &str,
) -> Result<(), String> {
    let v = clean_text(value);
    if v.is_empty() {
        return Ok(());
    }
    if v.chars().count() > MAX_VALUE_LEN {
        return Err(format!("The {key} filter value is too long."));
    }
    match attrs.iter_mut().find(|(name, _)| name == key) {
        Some((_, values)) => values.push(v),
        None => attrs.push((key.to_string(), vec![v])),
    }
    Ok(())
}

impl ListingQuery {
    /// Parses URL query pairs. `path_category` (from `/c/{slug}`) overrides `category=`.
    /// Errors are messages fit for the shopper (HTTP 400).
    pub fn parse(pairs: &[(String, String)], path_category: Option<&str>) -> Result<Self, String> {
        let mut out = ListingQuery::default();
        let mut sort: Option<Sort> = None;
        let mut attrs: Vec<(String, Vec<String>)> = Vec::new();
        for (key, value) in pairs {
            match key.as_str() {
                "q" => {
                    let q = clean_text(value);
                    if q.chars().count() > MAX_QUERY_LEN {
                        return Err(format!(
                            "Search text is too long ({MAX_QUERY_LEN} characters at most)."
                        ));
                    }
                    out.q = (!q.is_empty()).then_some(q);
                }
                "category" if !value.trim().is_empty() => {
                    out.category = Some(slug_param("category", value)?)
                }
                "brand" => {
                    for b in value.split(',').filter(|b| !b.trim().is_empty()) {
                        out.brands.push(slug_param("brand", b)?);
                    }
                }
                "min_price" => out.min_price = price_param("minimum price", value)?,
                "max_price" => out.max_price = price_param("maximum price", value)?,
                "in_stock" => {
                    out.in_stock = match value.trim().to_ascii_lowercase().as_str() {
                        "1" | "true" | "on" | "yes" => true,
                        "" | "0" | "false" | "off" | "no" => false,
                        _ => return Err("in_stock must be 1 or 0.".into()),
                    }
                }
                "sort" if !value.trim().is_empty() => {
                    sort = Some(Sort::parse(value).ok_or_else(|| {
                        let names: Vec<&str> = Sort::ALL.iter().map(|s| s.as_str()).collect();
                        format!(
                            "Unknown sort order “{}”. Use one of: {}.",
                            truncate(value, 30),
                            names.join(", ")
                        )
                    })?)
                }
                "after" | "before" if !value.is_empty() => {
                    let c = Cursor::decode(value).ok_or_else(|| {
                        "This page link is no longer valid. Start again from the first page."
                            .to_string()
                    })?;
                    if key == "after" {
                        out.after = Some(c);
                    } else {
                        out.before = Some(c);
                    }
                }
                "per_page" | "limit" => {
                    out.per_page =
                        number_param("per_page", value, 1, MAX_PER_PAGE, DEFAULT_PER_PAGE)?
                }
                "page" => out.page = number_param("page", value, 1, MAX_PAGE, 1)?,
                k if RESERVED.contains(&k) || is_tracking(k) => {}
                k if is_attribute_key(k) => add_attribute(&mut attrs, k, value)?,
                _ => {} // unknown keys (e.g. from other tools) are ignored
            }
        }
        if let Some(slug) = path_category {
            out.category = Some(slug.to_string());
        }
        out.finish(sort, attrs)
    }

    /// The checks across parameters (counts, price range, sort and page links) once every
    /// pair is read.
    fn finish(
        mut self,
        sort: Option<Sort>,
        mut attrs: Vec<(String, Vec<String>)>,
    ) -> Result<Self, String> {
        let out = &mut self;
        out.brands.sort();
        out.brands.dedup();
        if out.brands.len() > MAX_VALUES {
            return Err(format!("Pick at most {MAX_VALUES} brands."));
        }
        if attrs.len() > MAX_ATTRIBUTES {
            return Err(format!("Use at most {MAX_ATTRIBUTES} option filters."));
        }
        for (_, values) in &mut attrs {
            values.sort();
            values.dedup();
            if values.len() > MAX_VALUES {
                return Err(format!("Pick at most {MAX_VALUES} values per filter."));
            }
        }
        attrs.sort();
        out.attributes = attrs;
        if let (Some(min), Some(max)) = (out.min_price, out.max_price)
            && min > max
        {
            return Err("The minimum price is higher than the maximum price.".into());
        }
        out.sort = match sort {
            Some(Sort::Relevance) | None if out.q.is_some() => Sort::Relevance,
            Some(Sort::Relevance) | None => Sort::Bestselling,
            Some(s) => s,
        };
        if out.after.is_some() && out.before.is_some() {
            return Err("A page link can't have both “after” and “before”.".into());
        }
        for c in out.after.iter().chain(out.before.iter()) {
            if c.sort != out.sort {
                return Err(
                    "This page link doesn't match the sort order. Start again from the first page."
                        .into(),
                );
            }
        }
        if out.after.is_none() && out.before.is_none() {
            out.page = 1;
        }
        Ok(self)
    }

    fn default_sort(&self) -> Sort {
        if self.q.is_some() {
            Sort::Relevance
        } else {
            Sort::Bestselling
        }
    }

    /// Canonical URL pairs (defaults omitted). `include_category` is false on `/c/{slug}`.
    pub fn to_pairs(&self, include_category: bool) -> Vec<(String, String)> {
        let mut p = Vec::new();
        if let Some(q) = &self.q {
            p.push(("q".into(), q.clone()));
        }
        if include_category && let Some(c) = &self.category {
            p.push(("category".into(), c.clone()));
        }
        for b in &self.brands {
            p.push(("brand".into(), b.clone()));
        }
        for (name, values) in &self.attributes {
            for v in values {
                p.push((name.clone(), v.clone()));
            }
        }
        let amount = |m: i64| Money::new(m, Currency::Usd).to_plain_string();
        if let Some(m) = self.min_price {
            p.push(("min_price".into(), amount(m)));
        }
        if let Some(m) = self.max_price {
            p.push(("max_price".into(), amount(m)));
        }
        if self.in_stock {
            p.push(("in_stock".into(), "1".into()));
        }
        if self.sort != self.default_sort() {
            p.push(("sort".into(), self.sort.as_str().into()));
        }
        if self.per_page != DEFAULT_PER_PAGE {
            p.push(("per_page".into(), self.per_page.to_string()));
        }
        if let Some(c) = &self.after {
            p.push(("after".into(), c.encode()));
        }
        if let Some(c) = &self.before {
            p.push(("before".into(), c.encode()));
        }
        if (self.after.is_some() || self.before.is_some()) && self.page > 1 {
            p.push(("page".into(), self.page.to_string()));
        }
        p
    }

    /// `base` plus this query as a URL.
    pub fn href(&self, base: &str, include_category: bool) -> String {
        let pairs = self.to_pairs(include_category);
        if pairs.is_empty() {
            return base.to_string();
        }
        let qs: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
            .collect();
        format!("{base}?{}", qs.join("&"))
    }

    /// The same filters from the first page (every filter change resets pagination).
    pub fn first_page(&self) -> Self {
        ListingQuery {
            after: None,
            before: None,
            page: 1,
            ..self.clone()
        }
    }

    /// Toggles one value of a multi-valued filter (`brand` or an attribute).
    pub fn toggled(&self, param: &str, value: &str) -> Self {
        let mut q = self.first_page();
        let toggle = |values: &mut Vec<String>| {
            if let Some(i) = values.iter().position(|v| v == value) {
                values.remove(i);
            } else {
                values.push(value.to_string());
                values.sort();
            }
        };
        if param == "brand" {
            toggle(&mut q.brands);
        } else if param == "category" {
            q.category = if q.category.as_deref() == Some(value) {
                None
            } else {
                Some(value.into())
            };
        } else {
            match q.attributes.iter_mut().find(|(n, _)| n == param) {
                Some((_, values)) => toggle(values),
                None => q
                    .attributes
                    .push((param.to_string(), vec![value.to_string()])),
            }
            q.attributes.retain(|(_, v)| !v.is_empty());
            q.attributes.sort();
        }
        q
    }

    pub fn with_sort(&self, sort: Sort) -> Self {
        ListingQuery {
            sort,
            ..self.first_page()
        }
    }

    pub fn with_price(&self, min: Option<i64>, max: Option<i64>) -> Self {
        ListingQuery {
            min_price: min,
            max_price: max,
            ..self.first_page()
        }
    }

    pub fn with_in_stock(&self, in_stock: bool) -> Self {
        ListingQuery {
            in_stock,
            ..self.first_page()
        }
    }

    pub fn next_page(&self, cursor: Cursor) -> Self {
        ListingQuery {
            after: Some(cursor),
            before: None,
            page: self.page + 1,
            ..self.clone()
        }
    }

    pub fn prev_page(&self, cursor: Cursor) -> Self {
        let page = self.page.saturating_sub(1).max(1);
        if page == 1 {
            return self.first_page();
        }
        ListingQuery {
            after: None,
            before: Some(cursor),
            page,
            ..self.clone()
        }
    }

    /// True when any filter (not sort/pagination) is applied.
    pub fn has_filters(&self) -> bool {
        !self.brands.is_empty()
            || !self.attributes.is_empty()
            || self.min_price.is_some()
            || self.max_price.is_some()
            || self.in_stock
    }

    /// How many filters are applied, one per removable choice: each brand, each option value,
    /// the price range, in-stock only, and the category where it is a filter rather than the
    /// page itself (`include_category` is false on `/c/{slug}`).
    pub fn active_filter_count(&self, include_category: bool) -> usize {
        let category = usize::from(include_category && self.category.is_some());
        let options: usize = self.attributes.iter().map(|(_, v)| v.len()).sum();
        let price = usize::from(self.min_price.is_some() || self.max_price.is_some());
        category + self.brands.len() + options + price + usize::from(self.in_stock)
    }

    pub fn selected(&self, param: &str, value: &str) -> bool {
        match param {
            "brand" => self.brands.iter().any(|b| b == value),
            "category" => self.category.as_deref() == Some(value),
            _ => self
                .attributes
                .iter()
                .any(|(n, vs)| n == param && vs.iter().any(|v| v == value)),
        }
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(s: &[(&str, &str)]) -> Vec<(String, String)> {
        s.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parses_filters_and_roundtrips() {
        let q = ListingQuery::parse(
            &pairs(&[
                ("brand", "northwind"),
                ("size", "M"),
                ("brand", "cairn-crest"),
                ("colour", "Black"),
                ("size", "L"),
                ("min_price", "25"),
                ("max_price", "99.5"),
                ("in_stock", "1"),
                ("sort", "price_desc"),
                ("utm_source", "mail"),
            ]),
            None,
        )
        .unwrap();
        assert_eq!(q.brands, ["cairn-crest", "northwind"]);
        assert_eq!(
            q.attributes,
            [
                ("colour".to_string(), vec!["Black".to_string()]),
                ("size".to_string(), vec!["L".to_string(), "M".to_string()])
            ]
        );
        assert_eq!((q.min_price, q.max_price), (Some(2500), Some(9950)));
        assert!(q.in_stock);
        assert_eq!(q.sort, Sort::PriceDesc);
        let again = ListingQuery::parse(&q.to_pairs(true), None).unwrap();
        assert_eq!(again, q);
    }

    #[test]
    fn defaults_and_clamps() {
        let q =
            ListingQuery::parse(&pairs(&[("per_page", "100000"), ("page", "-3")]), None).unwrap();
        assert_eq!(q.per_page, MAX_PER_PAGE);
        assert_eq!(q.page, 1);
        assert_eq!(q.sort, Sort::Bestselling);
        let s = ListingQuery::parse(&pairs(&[("q", "  wool   socks ")]), None).unwrap();
        assert_eq!(s.q.as_deref(), Some("wool socks"));
        assert_eq!(s.sort, Sort::Relevance);
        assert_eq!(s.href("/search", true), "/search?q=wool+socks");
    }

    #[test]
    fn rejects_bad_input_with_messages() {
        for bad in [
            vec![("sort", "cheapest")],
            vec![("min_price", "abc")],
            vec![("min_price", "-5")],
            vec![("min_price", "50"), ("max_price", "10")],
            vec![("in_stock", "maybe")],
            vec![("after", "garbage")],
            vec![("brand", "Not A Slug!")],
            vec![("per_page", "ten")],
        ] {
            assert!(ListingQuery::parse(&pairs(&bad), None).is_err(), "{bad:?}");
        }
        let long = "x".repeat(MAX_QUERY_LEN + 1);
        assert!(ListingQuery::parse(&pairs(&[("q", &long)]), None).is_err());
        // Odd characters are fine in search text.
        assert!(
            ListingQuery::parse(&pairs(&[("q", "\"socks\" OR 1=1; -- 🧦 NEAR(")]), None).is_ok()
        );
    }

    #[test]
    fn cursor_must_match_sort() {
        let c = Cursor {
            sort: Sort::PriceAsc,
            value: "100".into(),
            id: 1,
        }
        .encode();
        assert!(ListingQuery::parse(&pairs(&[("sort", "price_asc"), ("after", &c)]), None).is_ok());
        assert!(ListingQuery::parse(&pairs(&[("after", &c)]), None).is_err());
    }

    #[test]
    fn toggling_resets_pagination() {
        let c = Cursor {
            sort: Sort::Bestselling,
            value: "10".into(),
            id: 5,
        };
        let q = ListingQuery::default().next_page(c);
        let t = q.toggled("brand", "northwind");
        assert!(t.after.is_none());
        assert_eq!(t.brands, ["northwind"]);
        assert!(t.toggled("brand", "northwind").brands.is_empty());
        let a = t.toggled("size", "M").toggled("size", "M");
        assert!(a.attributes.is_empty());
    }

    #[test]
    fn counts_active_filters() {
        assert_eq!(ListingQuery::default().active_filter_count(true), 0);
        let q = ListingQuery::parse(
            &pairs(&[
                ("q", "tee"),
                ("category", "t-shirts"),
                ("brand", "northwind"),
                ("brand", "cairn-crest"),
                ("size", "M"),
                ("size", "L"),
                ("colour", "Black"),
                ("min_price", "25"),
                ("max_price", "99"),
                ("in_stock", "1"),
                ("sort", "price_desc"),
            ]),
            None,
        )
        .unwrap();
        // 2 brands + 3 option values + the price range + in stock (+ the category as a filter).
        assert_eq!(q.active_filter_count(false), 7);
        assert_eq!(q.active_filter_count(true), 8);
        let p = ListingQuery::parse(&pairs(&[("max_price", "50")]), Some("t-shirts")).unwrap();
        assert_eq!(p.active_filter_count(false), 1);
    }
}
