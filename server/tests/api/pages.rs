use services::with_db;

use crate::helpers::TestApp;

/// Text as Leptos escapes it in HTML.
fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

async fn home_page_server_renders_at_least_20_products(app: TestApp) {
    let (status, html) = app.get_html("/").await;
    assert_eq!(status, 200);
    let head = &html[..html.find("</head>").unwrap_or(html.len())];
    assert!(
        head.contains("<title>Larkspur & Co.</title>"),
        "title missing: {head}"
    );
    let names: Vec<String> = with_db!(&app.db, pool => {
        sqlx::query_scalar("SELECT name FROM products").fetch_all(pool).await
    })
    .unwrap();
    let shown = names
        .iter()
        .filter(|n| html.contains(&html_escape(n)))
        .count();
    assert!(shown >= 20, "only {shown} product names in the SSR HTML");
    assert!(html.matches(r#"data-testid="product-card""#).count() >= 20);
    // Hydration script and stylesheet are referenced.
    assert!(html.contains("/pkg/storefront.js"));
    assert!(html.contains("/pkg/storefront.css"));
    // Money is formatted for display.
    assert!(html.contains('$'));
}

async fn home_page_shows_sale_and_stock_badges(app: TestApp) {
    let (_, html) = app.get_html("/").await;
    assert!(
        html.contains(r#"data-testid="compare-at-price""#),
        "no sale price on the home page"
    );
}

async fn unknown_path_is_a_404_page(app: TestApp) {
    let (status, html) = app.get_html("/definitely/not/here").await;
    assert_eq!(status, 404);
    assert!(html.contains(r#"data-testid="not-found""#));
    assert!(html.contains("find that page"));
    // The shell still renders around it.
    assert!(html.contains(r#"data-testid="cart-link""#));
}

both_backends!(
    home_page_server_renders_at_least_20_products,
    home_page_shows_sale_and_stock_badges,
    unknown_path_is_a_404_page,
);

async fn home_page_has_one_description_and_the_stylesheet(app: TestApp) {
    let (_, html) = app.get_html("/").await;
    assert_eq!(html.matches(r#"<meta name="description""#).count(), 1);
    assert!(html.contains(r#"href="/pkg/storefront.css""#));
}

both_backends!(home_page_has_one_description_and_the_stylesheet);

async fn a_broken_database_gives_an_error_page_not_a_crash(app: TestApp) {
    app.db.close().await;
    let (status, html) = app.get_html("/").await;
    assert_eq!(status, 500);
    assert!(html.contains(r#"data-testid="error-panel""#), "{html}");
    assert!(html.contains("Something went wrong on our side"));
    // The shell still works, so the shopper can navigate away.
    assert!(html.contains(r#"data-testid="cart-link""#));
}

both_backends!(a_broken_database_gives_an_error_page_not_a_crash);

async fn robots_and_sitemaps_list_every_page(app: TestApp) {
    let (status, robots) = app.get_html("/robots.txt").await;
    assert_eq!(status, 200);
    assert!(
        robots.contains(&format!("Sitemap: {}/sitemap.xml", app.address)),
        "{robots}"
    );
    let (status, index) = app.get_html("/sitemap.xml").await;
    assert_eq!(status, 200);
    assert!(index.contains("<sitemapindex"));
    assert!(index.contains("/sitemaps/pages.xml") && index.contains("/sitemaps/products-0.xml"));
    let (_, pages) = app.get_html("/sitemaps/pages.xml").await;
    assert!(pages.contains("/c/clothing</loc>"));
    let (_, products) = app.get_html("/sitemaps/products-0.xml").await;
    let slugs: Vec<String> = with_db!(&app.db, pool => {
        sqlx::query_scalar("SELECT slug FROM products WHERE is_active").fetch_all(pool).await
    })
    .unwrap();
    for slug in &slugs {
        assert!(
            products.contains(&format!("/p/{slug}</loc>")),
            "{slug} missing"
        );
    }
    assert!(products.contains("<lastmod>20"));
    assert_eq!(
        app.get("/sitemaps/products-x.xml").await.status().as_u16(),
        404
    );
    assert_eq!(
        app.get("/sitemaps/products-99.xml").await.status().as_u16(),
        200
    );
}

both_backends!(robots_and_sitemaps_list_every_page);

/// Listing and product pages carry absolute canonical and OpenGraph URLs (the shop's base URL),
/// and the product page a schema.org Product with price and availability.
async fn listing_and_product_pages_have_seo_tags(app: TestApp) {
    let (status, html) = app.get_html("/c/clothing?sort=price_asc").await;
    assert_eq!(status, 200);
    let canonical = format!(
        r#"<link href="{}/c/clothing?sort=price_asc" rel="canonical">"#,
        app.address
    );
    assert!(html.contains(&canonical), "canonical: {canonical}");
    assert!(html.contains(r#"<meta property="og:type" content="website""#));
    assert!(html.contains(&format!(
        r#"<meta property="og:url" content="{}/c/clothing?sort=price_asc""#,
        app.address
    )));
    assert!(html.contains(r#"<meta property="og:title" content="Clothing""#));
    assert!(html.contains(&format!(
        r#"<meta property="og:image" content="{}/"#,
        app.address
    )));

    let (status, html) = app.get_html("/p/paperlight-e-reader").await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!(
        r#"<link href="{}/p/paperlight-e-reader" rel="canonical">"#,
        app.address
    )));
    assert!(html.contains(r#"<meta property="og:type" content="product""#));
    assert!(html.contains(r#""@type":"Product""#));
    assert!(html.contains(r#""availability":"https://schema.org/"#));
}

both_backends!(listing_and_product_pages_have_seo_tags);
