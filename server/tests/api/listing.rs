//! Listing, facets, keyset pagination and search, checked against brute force computed from
//! the base tables (so the denormalised columns and triggers are checked too).

use std::collections::{BTreeSet, HashMap, HashSet};

use services::catalog::{
    CategoryTree, CountSource, list_products, list_products_with, refresh_listing_summary,
};
use services::with_db;
use shared::listing::{ListingPage, ListingQuery, PRICE_BUCKETS, Sort};
use sqlx::types::Json;

use crate::helpers::TestApp;

#[derive(Debug)]
struct Truth {
    id: i64,
    name: String,
    brand: Option<String>,
    category: Option<i64>,
    price: Option<i64>,
    in_stock: bool,
    attrs: BTreeSet<(String, String)>,
}

/// id, name, brand slug, category id, active
type ProductRow = (i64, String, Option<String>, Option<i64>, bool);
/// id, product id, price, active, tracks inventory, attributes
type VariantRow = (i64, i64, i64, bool, bool, Json<serde_json::Value>);

async fn truth(app: &TestApp) -> (Vec<Truth>, CategoryTree) {
    let products: Vec<ProductRow> = with_db!(&app.db, pool => {
        sqlx::query_as(
            "SELECT p.id, p.name, b.slug, p.category_id, p.is_active FROM products p
               LEFT JOIN brands b ON b.id = p.brand_id",
        )
        .fetch_all(pool)
        .await
    })
    .unwrap();
    let variants: Vec<VariantRow> = with_db!(&app.db, pool => {
        sqlx::query_as(
            "SELECT id, product_id, price_amount, is_active, track_inventory, attributes FROM product_variants",
        )
        .fetch_all(pool)
        .await
    })
    .unwrap();
    let stock: HashMap<i64, i32> = with_db!(&app.db, pool => {
        sqlx::query_as::<_, (i64, i32, i32)>("SELECT variant_id, on_hand, reserved FROM inventory")
            .fetch_all(pool)
            .await
    })
    .unwrap()
    .into_iter()
    .map(|(v, on_hand, reserved)| (v, on_hand - reserved))
    .collect();
    let tree = CategoryTree::load(&app.db).await.unwrap();
    let out = products
        .into_iter()
        .filter(|p| p.4)
        .map(|(id, name, brand, category, _)| {
            let mine: Vec<_> = variants.iter().filter(|v| v.1 == id && v.3).collect();
            let attrs = mine
                .iter()
                .flat_map(|v| {
                    v.5.0
                        .as_object()
                        .into_iter()
                        .flatten()
                        .filter_map(|(k, val)| val.as_str().map(|s| (k.clone(), s.to_string())))
                })
                .collect();
            Truth {
                id,
                name,
                brand,
                category,
                price: mine.iter().map(|v| v.2).min(),
                in_stock: mine
                    .iter()
                    .any(|v| !v.4 || stock.get(&v.0).copied().unwrap_or(0) > 0),
                attrs,
            }
        })
        .collect();
    (out, tree)
}

#[derive(Clone, Copy, PartialEq)]
enum Skip<'a> {
    Nothing,
    Brand,
    Attr(&'a str),
    Price,
    InStock,
}

fn matches(p: &Truth, q: &ListingQuery, tree: &CategoryTree, skip: Skip<'_>) -> bool {
    let Some(price) = p.price else { return false };
    if let Some(slug) = &q.category {
        let c = tree.by_slug(slug).unwrap();
        if !p
            .category
            .is_some_and(|id| tree.subtree(c.id).contains(&id))
        {
            return false;
        }
    }
    if skip != Skip::Brand
        && !q.brands.is_empty()
        && !p.brand.as_ref().is_some_and(|b| q.brands.contains(b))
    {
        return false;
    }
    for (name, values) in &q.attributes {
        if skip != Skip::Attr(name)
            && !values
                .iter()
                .any(|v| p.attrs.contains(&(name.clone(), v.clone())))
        {
            return false;
        }
    }
    if skip != Skip::Price
        && (q.min_price.is_some_and(|m| price < m) || q.max_price.is_some_and(|m| price > m))
    {
        return false;
    }
    !(skip != Skip::InStock && q.in_stock && !p.in_stock)
}

fn query(pairs: &[(&str, &str)]) -> ListingQuery {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    ListingQuery::parse(&pairs, None).unwrap()
}

fn check_against_truth(page: &ListingPage, products: &[Truth], tree: &CategoryTree, label: &str) {
    let q = &page.query;
    let count = |skip| {
        products
            .iter()
            .filter(|p| matches(p, q, tree, skip))
            .count() as i64
    };
    assert_eq!(page.total, count(Skip::Nothing), "{label}: total");
    for g in &page.facets {
        for v in &g.values {
            let expected = match g.param.as_str() {
                "category" => {
                    let c = tree.by_slug(&v.value).unwrap();
                    let sub = tree.subtree(c.id);
                    products
                        .iter()
                        .filter(|p| matches(p, q, tree, Skip::Nothing))
                        .filter(|p| p.category.is_some_and(|id| sub.contains(&id)))
                        .count()
                }
                "brand" => products
                    .iter()
                    .filter(|p| matches(p, q, tree, Skip::Brand))
                    .filter(|p| p.brand.as_deref() == Some(v.value.as_str()))
                    .count(),
                name => products
                    .iter()
                    .filter(|p| matches(p, q, tree, Skip::Attr(name)))
                    .filter(|p| p.attrs.contains(&(name.to_string(), v.value.clone())))
                    .count(),
            } as i64;
            assert_eq!(v.count, expected, "{label}: facet {}={}", g.param, v.value);
        }
    }
    for (bucket, (_, min, max)) in page.price_buckets.iter().zip(PRICE_BUCKETS) {
        let expected = products
            .iter()
            .filter(|p| matches(p, q, tree, Skip::Price))
            .filter(|p| {
                let price = p.price.unwrap();
                min.is_none_or(|m| price >= m) && max.is_none_or(|m| price <= m)
            })
            .count() as i64;
        assert_eq!(
            bucket.count, expected,
            "{label}: price bucket {}",
            bucket.label
        );
    }
    let in_stock = products
        .iter()
        .filter(|p| matches(p, q, tree, Skip::InStock) && p.in_stock)
        .count() as i64;
    assert_eq!(page.in_stock_count, in_stock, "{label}: in-stock count");
}

async fn filters_and_facet_counts_agree_with_brute_force(app: TestApp) {
    let (products, tree) = truth(&app).await;
    // Pick real values from the data so the filters bite.
    let mut brand_counts: HashMap<&str, usize> = HashMap::new();
    for p in &products {
        if let Some(b) = &p.brand {
            *brand_counts.entry(b.as_str()).or_default() += 1;
        }
    }
    let mut brands: Vec<_> = brand_counts.into_iter().collect();
    brands.sort_by_key(|(b, n)| (std::cmp::Reverse(*n), b.to_string()));
    let (b1, b2) = (brands[0].0, brands[1].0);
    let cases: Vec<Vec<(&str, &str)>> = vec![
        vec![],
        vec![("category", "clothing")],
        vec![("brand", b1)],
        vec![("brand", b1), ("brand", b2)],
        vec![("size", "M")],
        vec![("size", "M"), ("size", "L"), ("colour", "Black")],
        vec![("category", "clothing"), ("size", "S"), ("brand", b1)],
        vec![("min_price", "25"), ("max_price", "100")],
        vec![("in_stock", "1")],
        vec![("in_stock", "1"), ("colour", "Black"), ("max_price", "80")],
        vec![("q", "tee")],
        vec![("q", "bag"), ("in_stock", "1")],
        // Whole price bands: answered from the listing summary.
        vec![("min_price", "25"), ("max_price", "49.99")],
        vec![("category", "clothing"), ("in_stock", "1")],
        vec![("brand", b1), ("max_price", "24.99")],
        vec![
            ("category", "clothing"),
            ("brand", b1),
            ("brand", b2),
            ("min_price", "50"),
        ],
        vec![("brand", "no-such-brand")],
    ];
    assert!(
        refresh_listing_summary(&app.db).await.unwrap(),
        "first build"
    );
    assert!(
        !refresh_listing_summary(&app.db).await.unwrap(),
        "nothing changed"
    );
    for case in cases {
        let q = query(&case);
        let label = format!("{case:?}");
        let (page, live) = list_products_with(&app.db, &q, CountSource::Live)
            .await
            .unwrap();
        assert!(!live, "{label}: forced live counts");
        let (auto, from_summary) = list_products_with(&app.db, &q, CountSource::Auto)
            .await
            .unwrap();
        let whole_bands = [None, Some(2500), Some(5000), Some(10000), Some(20000)]
            .contains(&q.min_price)
            && [None, Some(2499), Some(4999), Some(9999), Some(19999)].contains(&q.max_price);
        let answerable = q.q.is_none() && q.attributes.is_empty() && whole_bands;
        assert_eq!(from_summary, answerable, "{label}: count source");
        assert_eq!(auto, page, "{label}: summary and live counts agree");
        if q.q.is_none() {
            check_against_truth(&page, &products, &tree, &label);
        }
        assert!(page.products.len() as i64 <= page.total.min(24), "{label}");
        // Whatever is shown matches the filters.
        for card in &page.products {
            let t = products.iter().find(|p| p.id == card.id).unwrap();
            assert!(
                matches(t, &page.query, &tree, Skip::Nothing),
                "{label}: {}",
                card.name
            );
            assert_eq!(card.price.minor(), t.price.unwrap(), "{label}: card price");
            assert_eq!(card.in_stock, t.in_stock, "{label}: card stock");
        }
    }
}

async fn keyset_pages_have_no_duplicates_or_gaps(app: TestApp) {
    let (products, tree) = truth(&app).await;
    for sort in Sort::ALL.into_iter().filter(|s| *s != Sort::Relevance) {
        for filters in [vec![], vec![("category", "clothing")]] {
            let mut q = query(&filters);
            q.sort = sort;
            q.per_page = 7;
            let expected: HashSet<i64> = products
                .iter()
                .filter(|p| matches(p, &q, &tree, Skip::Nothing))
                .map(|p| p.id)
                .collect();
            // Forwards.
            let mut seen = Vec::new();
            let mut pages = Vec::new();
            let mut cur = q.clone();
            loop {
                let page = list_products(&app.db, &cur).await.unwrap();
                assert!(page.products.len() <= 7);
                seen.extend(page.products.iter().map(|p| p.id));
                pages.push(page.products.iter().map(|p| p.id).collect::<Vec<_>>());
                match page.next.clone() {
                    Some(c) => {
                        // The link survives a round trip through the URL.
                        let href = cur.next_page(c).href("/products", true);
                        let qs = href.split_once('?').unwrap().1;
                        let pairs: Vec<(String, String)> = qs
                            .split('&')
                            .map(|kv| {
                                let (k, v) = kv.split_once('=').unwrap();
                                (k.to_string(), decode(v))
                            })
                            .collect();
                        cur = ListingQuery::parse(&pairs, None).unwrap();
                    }
                    None => break,
                }
                assert!(pages.len() < 100, "runaway pagination");
            }
            let unique: HashSet<i64> = seen.iter().copied().collect();
            assert_eq!(unique.len(), seen.len(), "{sort:?} {filters:?}: duplicates");
            assert_eq!(unique, expected, "{sort:?} {filters:?}: gaps");
            // Backwards from the last page reproduces the same pages.
            let last = list_products(&app.db, &cur).await.unwrap();
            let mut back = cur.clone();
            let mut prev_link = last.prev.clone();
            let mut i = pages.len() - 1;
            while let Some(c) = prev_link {
                back = back.prev_page(c);
                let page = list_products(&app.db, &back).await.unwrap();
                i -= 1;
                assert_eq!(
                    page.products.iter().map(|p| p.id).collect::<Vec<_>>(),
                    pages[i],
                    "{sort:?} {filters:?}: backwards page {i}"
                );
                prev_link = page.prev.clone();
            }
            assert_eq!(i, 0, "{sort:?}: walked back to the first page");
        }
    }
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

async fn search(app: &TestApp, text: &str) -> ListingPage {
    list_products(&app.db, &query(&[("q", text)]))
        .await
        .unwrap()
}

async fn search_ranks_exact_prefix_typo_accents_and_skus(app: TestApp) {
    let (products, _) = truth(&app).await;
    // Exact name first, for every product whose name is unique.
    for p in products.iter().take(30) {
        let page = search(&app, &p.name).await;
        assert_eq!(
            page.products.first().map(|c| c.id),
            Some(p.id),
            "exact name {:?}",
            p.name
        );
    }
    // Prefix.
    let headphones = products
        .iter()
        .find(|p| p.name.to_lowercase().contains("headphones"))
        .unwrap();
    let page = search(&app, "headph").await;
    assert!(
        page.products.iter().any(|c| c.id == headphones.id),
        "prefix"
    );
    assert!(!page.fuzzy);
    // Multi-word, any order, case-insensitive.
    let words: Vec<&str> = headphones.name.split_whitespace().collect();
    let two = format!("{} {}", words[words.len() - 1].to_uppercase(), words[0]);
    assert!(
        search(&app, &two)
            .await
            .products
            .iter()
            .any(|c| c.id == headphones.id),
        "{two}"
    );
    // Typo tolerance.
    let page = search(&app, "hedphones").await;
    assert!(page.fuzzy, "typo search should fall back");
    assert!(page.products.iter().any(|c| c.id == headphones.id), "typo");
    // Diacritics, and the index follows a rename.
    with_db!(&app.db, pool => {
        sqlx::query("UPDATE products SET name = 'Crème Café Mug' WHERE id = $1")
            .bind(headphones.id)
            .execute(pool)
            .await
            .map(|_| ())
    })
    .unwrap();
    let page = search(&app, "creme cafe").await;
    assert_eq!(
        page.products.first().map(|c| c.id),
        Some(headphones.id),
        "accents"
    );
    assert!(
        search(&app, "headph")
            .await
            .products
            .iter()
            .all(|c| c.id != headphones.id),
        "old name gone"
    );
    // SKU.
    let sku: String = with_db!(&app.db, pool => {
        sqlx::query_scalar("SELECT sku FROM product_variants WHERE product_id = $1 ORDER BY id LIMIT 1")
            .bind(headphones.id)
            .fetch_one(pool)
            .await
    })
    .unwrap();
    assert!(
        search(&app, &sku)
            .await
            .products
            .iter()
            .any(|c| c.id == headphones.id),
        "sku {sku}"
    );
    // Hostile input is just text.
    for q in [
        r#""quoted" OR 1=1; --"#,
        "NEAR(a b)",
        "🧦🧦",
        "*",
        "a\"b",
        "'; DROP TABLE products; --",
    ] {
        let page = search(&app, q).await;
        assert!(page.total >= 0, "{q}");
    }
}

async fn listing_pages_render_and_reject_bad_input(app: TestApp) {
    let (status, html) = app.get_html("/products").await;
    assert_eq!(status, 200);
    assert!(html.matches(r#"data-testid="product-card""#).count() >= 24);
    assert!(html.contains(r#"data-testid="facet-brand""#));
    assert!(html.contains(r#"data-testid="next-page""#));
    let (status, html) = app.get_html("/c/clothing?size=M").await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"data-testid="listing-title""#) && html.contains("Clothing"));
    let (status, _) = app.get_html("/c/no-such-category").await;
    assert_eq!(status, 404);
    for bad in [
        "/products?sort=cheapest",
        "/products?min_price=abc",
        "/products?min_price=90&max_price=10",
        "/products?after=not-a-cursor",
        "/products?in_stock=maybe",
        "/products?brand=Not%20A%20Slug",
        "/products?sort=name&after=name~a%00b~1",
    ] {
        let (status, html) = app.get_html(bad).await;
        assert_eq!(status, 400, "{bad}");
        assert!(html.contains(r#"data-testid="bad-request""#), "{bad}");
    }
    for odd in [
        "/search?q=%22socks%22%20OR%201%3D1",
        "/search?q=%F0%9F%A7%A6",
        "/search?q=NEAR(a%20b)",
        "/products?per_page=100000&page=99999999999",
        "/products?utm_source=newsletter",
        "/search",
        "/search?q=a%00b",
        "/products?size=M%00",
    ] {
        let (status, _) = app.get_html(odd).await;
        assert_eq!(status, 200, "{odd}");
    }
    let long = format!("/search?q={}", "a".repeat(500));
    assert_eq!(app.get_html(&long).await.0, 400);
}

/// The summary answers only while exact: any write that changes a count sends requests back to
/// live counting until the next rebuild.
async fn listing_summary_is_used_only_while_exact(app: TestApp) {
    let q = query(&[("category", "clothing")]);
    let auto = |q: ListingQuery| {
        let db = app.db.clone();
        async move {
            list_products_with(&db, &q, CountSource::Auto)
                .await
                .unwrap()
        }
    };
    let (stale, from_summary) = auto(q.clone()).await;
    assert!(!from_summary, "never built yet");
    assert!(refresh_listing_summary(&app.db).await.unwrap());
    let (before, from_summary) = auto(q.clone()).await;
    assert!(from_summary);
    assert_eq!(before, stale);

    // Sell out an in-stock product: its row flips in_stock through the inventory triggers.
    let id = before
        .products
        .iter()
        .find(|c| c.in_stock)
        .expect("an in-stock product")
        .id;
    with_db!(&app.db, pool => {
        sqlx::query(
            "UPDATE inventory SET on_hand = 0, reserved = 0
              WHERE variant_id IN (SELECT id FROM product_variants WHERE product_id = $1)",
        )
        .bind(id)
        .execute(pool)
        .await
        .unwrap();
        sqlx::query("UPDATE product_variants SET track_inventory = TRUE WHERE product_id = $1")
            .bind(id)
            .execute(pool)
            .await
            .unwrap();
    });
    let (after, from_summary) = auto(q.clone()).await;
    assert!(!from_summary, "stale after a stock change");
    assert_eq!(after.in_stock_count, before.in_stock_count - 1);
    assert!(refresh_listing_summary(&app.db).await.unwrap());
    let (rebuilt, from_summary) = auto(q.clone()).await;
    assert!(from_summary);
    assert_eq!(rebuilt, after);

    // Hiding a product is a change too.
    with_db!(&app.db, pool => {
        sqlx::query("UPDATE products SET is_active = FALSE WHERE id = $1")
            .bind(id)
            .execute(pool)
            .await
            .unwrap();
    });
    let (hidden, from_summary) = auto(q.clone()).await;
    assert!(!from_summary, "stale after hiding a product");
    assert_eq!(hidden.total, before.total - 1);
    assert!(refresh_listing_summary(&app.db).await.unwrap());
    let (rebuilt, from_summary) = auto(q).await;
    assert!(from_summary);
    assert_eq!(rebuilt, hidden);
}

/// Long id lists (a search's match set) bind as one parameter on both engines.
async fn id_sets_bind_as_one_parameter(app: TestApp) {
    use services::db::sql::{Arg, BindArgs, SqlBuf};
    let real: Vec<i64> = with_db!(&app.db, pool => {
        sqlx::query_scalar("SELECT id FROM products ORDER BY id").fetch_all(pool).await.unwrap()
    });
    // Every product, some twice, plus ids that don't exist: more than any IN list would hold.
    let mut ids: Vec<i64> = real.iter().chain(real.iter().take(10)).copied().collect();
    ids.extend(1_000_000..1_000_200);
    let mut b = SqlBuf::new(app.backend);
    b.push("SELECT COUNT(DISTINCT p.id) FROM ")
        .bind_id_set(&ids)
        .push(" s CROSS JOIN products p WHERE p.id = s.id AND p.id > ")
        .bind(Arg::I64(0));
    let n: i64 = with_db!(&app.db, pool => {
        sqlx::query_scalar::<_, i64>(&b.sql).bind_args(&b.args).fetch_one(pool).await.unwrap()
    });
    assert_eq!(n, real.len() as i64);
}

/// Relevance-ordered search pages (cut from the match set) page both ways without duplicates or
/// gaps, in the same order as one big page; also with a filter narrowing the matches.
async fn search_pages_by_relevance_both_ways(app: TestApp) {
    let mut text = None;
    for candidate in ["e", "a", "co", "s"] {
        let page = list_products(&app.db, &query(&[("q", candidate)]))
            .await
            .unwrap();
        if page.total >= 10 && !page.fuzzy {
            text = Some(candidate);
            break;
        }
    }
    let text = text.expect("a search with at least 10 matches");
    for extra in [vec![], vec![("in_stock", "1")]] {
        let mut pairs = vec![("q", text)];
        pairs.extend(extra.iter().copied());
        let mut all = query(&pairs);
        all.per_page = 96;
        let everything: Vec<i64> = list_products(&app.db, &all)
            .await
            .unwrap()
            .products
            .iter()
            .map(|p| p.id)
            .collect();
        let mut cur = query(&pairs);
        cur.per_page = 3;
        let mut pages: Vec<Vec<i64>> = Vec::new();
        loop {
            let page = list_products(&app.db, &cur).await.unwrap();
            pages.push(page.products.iter().map(|p| p.id).collect());
            match page.next {
                Some(c) => cur = cur.next_page(c),
                None => break,
            }
            assert!(pages.len() < 100, "runaway pagination");
        }
        assert_eq!(pages.concat(), everything, "{pairs:?}: forward pages");
        let mut i = pages.len() - 1;
        let mut prev = list_products(&app.db, &cur).await.unwrap().prev;
        while let Some(c) = prev {
            cur = cur.prev_page(c);
            let page = list_products(&app.db, &cur).await.unwrap();
            i -= 1;
            let ids: Vec<i64> = page.products.iter().map(|p| p.id).collect();
            assert_eq!(ids, pages[i], "{pairs:?}: backwards page {i}");
            prev = page.prev;
        }
        assert_eq!(i, 0);
    }
}

both_backends!(
    search_pages_by_relevance_both_ways,
    id_sets_bind_as_one_parameter,
    filters_and_facet_counts_agree_with_brute_force,
    listing_summary_is_used_only_while_exact,
    keyset_pages_have_no_duplicates_or_gaps,
    search_ranks_exact_prefix_typo_accents_and_skus,
    listing_pages_render_and_reject_bad_input,
);
