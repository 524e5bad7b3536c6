//! `/robots.txt` and sitemaps. `/sitemap.xml` is an index: one sitemap for the fixed pages and
//! categories, then one per 50,000-id range of products (the protocol's per-file limit).

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use services::args;
use services::state::AppState;

/// URLs per product sitemap (the sitemap protocol allows 50,000).
pub const PRODUCTS_PER_SITEMAP: i64 = 50_000;

fn xml(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        body,
    )
        .into_response()
}

fn unavailable(e: impl std::fmt::Debug) -> Response {
    tracing::error!(error = ?e, "building sitemap");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "sitemap temporarily unavailable",
    )
        .into_response()
}

pub async fn robots(State(state): State<AppState>) -> impl IntoResponse {
    let base = &state.site.base_url;
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "User-agent: *\nAllow: /\nDisallow: /_fn/\nDisallow: /api/\nDisallow: /cart\n\
             Disallow: /checkout\nDisallow: /account\nDisallow: /search\n\nSitemap: {base}/sitemap.xml\n"
        ),
    )
}

pub async fn sitemap_index(State(state): State<AppState>) -> Response {
    let max_id: Option<i64> = match state
        .db
        .one::<(Option<i64>,)>("SELECT MAX(id) FROM products WHERE is_active", args![])
        .await
    {
        Ok((v,)) => v,
        Err(e) => return unavailable(e),
    };
    let chunks = max_id.map_or(0, |m| (m + PRODUCTS_PER_SITEMAP - 1) / PRODUCTS_PER_SITEMAP);
    let base = &state.site.base_url;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    out.push_str(&format!(
        "  <sitemap><loc>{base}/sitemaps/pages.xml</loc></sitemap>\n"
    ));
    for n in 0..chunks {
        out.push_str(&format!(
            "  <sitemap><loc>{base}/sitemaps/products-{n}.xml</loc></sitemap>\n"
        ));
    }
    out.push_str("</sitemapindex>\n");
    xml(out)
}

pub async fn sitemap_file(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let base = state.site.base_url.clone();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let url = |out: &mut String, path: &str, lastmod: Option<&str>| {
        out.push_str(&format!("  <url><loc>{base}{path}</loc>"));
        if let Some(d) = lastmod {
            out.push_str(&format!("<lastmod>{}</lastmod>", &d[..d.len().min(10)]));
        }
        out.push_str("</url>\n");
    };
    if file == "pages.xml" {
        url(&mut out, "/", None);
        url(&mut out, "/products", None);
        let cats: Vec<(String,)> = match state
            .db
            .all(
                "SELECT slug FROM categories WHERE is_active ORDER BY id",
                args![],
            )
            .await
        {
            Ok(v) => v,
            Err(e) => return unavailable(e),
        };
        for (slug,) in cats {
            url(&mut out, &format!("/c/{slug}"), None);
        }
    } else {
        let n = file
            .strip_prefix("products-")
            .and_then(|r| r.strip_suffix(".xml"))
            .and_then(|n| n.parse::<i64>().ok())
            .filter(|n| (0..1_000_000).contains(n));
        let Some(n) = n else {
            return (StatusCode::NOT_FOUND, "no such sitemap").into_response();
        };
        let rows: Vec<(String, String)> = match state
            .db
            .all(
                "SELECT slug, CAST(updated_at AS TEXT) FROM products
                  WHERE is_active AND id > $1 AND id <= $2 ORDER BY id",
                args![n * PRODUCTS_PER_SITEMAP, (n + 1) * PRODUCTS_PER_SITEMAP],
            )
            .await
        {
            Ok(v) => v,
            Err(e) => return unavailable(e),
        };
        for (slug, updated) in rows {
            url(&mut out, &format!("/p/{slug}"), Some(&updated));
        }
    }
    out.push_str("</urlset>\n");
    xml(out)
}
