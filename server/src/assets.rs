//! The built site on disk: where it is, the hashed bundle names, and how long browsers may
//! cache what is served.
//!
//! A production build (`./dev build`) names the bundle after its content
//! (`pkg/storefront.<hash>.wasm`, listed in `hash.txt` beside the server binary) and ships
//! brotli and gzip copies next to each file. Those names never change content, so they are
//! cached for a year; pages are revalidated on every visit.

use std::path::{Path, PathBuf};

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::config::LeptosOptions;

/// Hashed bundle files: cached for a year, never revalidated.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Pages, API answers and unhashed files: revalidated on every use, and kept out of shared
/// caches (pages carry the visitor's cart and name).
pub const REVALIDATE: &str = "private, no-cache";
/// Images and icons under the site root that carry no hash: an hour, then revalidated.
pub const SHORT: &str = "public, max-age=3600";

/// Fills in the site layout of a production install when the environment does not say:
/// a `site/` folder beside the server binary is the site root, and a `hash.txt` beside it
/// turns on hashed bundle names. `cargo leptos` sets both variables itself.
pub fn apply_install_layout(options: &mut LeptosOptions) {
    let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
    else {
        return;
    };
    if std::env::var_os("LEPTOS_SITE_ROOT").is_none() && exe_dir.join("site").is_dir() {
        options.site_root = exe_dir.join("site").to_string_lossy().as_ref().into();
    }
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() && exe_dir.join("hash.txt").is_file() {
        options.hash_files = true;
    }
}

/// Where Leptos looks for the hash file: beside the executable, or the absolute path given
/// in `LEPTOS_HASH_FILE_NAME`.
fn hash_file(options: &LeptosOptions) -> Option<PathBuf> {
    let exe_dir = std::env::current_exe().ok()?.parent()?.to_path_buf();
    Some(exe_dir.join(options.hash_file.as_ref()))
}

/// The content hash of one bundle file (`css`, `js`, `wasm`) from the hash file.
fn bundle_hash(options: &LeptosOptions, kind: &str) -> Option<String> {
    if !options.hash_files {
        return None;
    }
    let text = std::fs::read_to_string(hash_file(options)?).ok()?;
    text.lines().find_map(|line| {
        let (file, hash) = line.trim().split_once(':')?;
        (file == kind).then(|| hash.trim().to_string())
    })
}

/// `/pkg/storefront[.<hash>].css`: the stylesheet for pages rendered outside Leptos.
pub fn stylesheet_href(options: &LeptosOptions) -> String {
    let name = match bundle_hash(options, "css") {
        Some(hash) => format!("{}.{hash}.css", options.output_name),
        None => format!("{}.css", options.output_name),
    };
    format!("/{}/{name}", options.site_pkg_dir)
}

/// Whether a file name carries a cargo-leptos content hash: `name.<hash>.ext`, the hash
/// being URL-safe base64 of at least 16 characters (`__wasm_split.<hash>.js` too).
pub fn is_hashed_name(file: &str) -> bool {
    let mut parts = file.rsplit('.');
    let (Some(_ext), Some(hash), Some(_stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    hash.len() >= 16
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The `Cache-Control` a response gets when the handler set none: a year for hashed files
/// under `/pkg/`, an hour for other static files, revalidation for everything else.
pub fn cache_policy(path: &str, content_type: Option<&str>) -> &'static str {
    if let Some(file) = path.strip_prefix("/pkg/") {
        return if is_hashed_name(file) {
            IMMUTABLE
        } else {
            REVALIDATE
        };
    }
    let is_html = content_type.is_some_and(|t| t.starts_with("text/html"));
    let is_static = content_type.is_some_and(|t| {
        t.starts_with("image/") || t.starts_with("font/") || t.starts_with("text/css")
    });
    if is_static && !is_html {
        SHORT
    } else {
        REVALIDATE
    }
}

/// Middleware: sets `Cache-Control` on successful GET/HEAD responses that have none, and
/// `Vary: Accept-Encoding` on the bundle (served brotli, gzip or plain by that header).
pub async fn cache_control(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let cacheable_method =
        request.method() == axum::http::Method::GET || request.method() == axum::http::Method::HEAD;
    let mut response = next.run(request).await;
    if path.starts_with("/pkg/") && !response.headers().contains_key(header::VARY) {
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    let status = response.status();
    if !cacheable_method
        || response.headers().contains_key(header::CACHE_CONTROL)
        || !(status.is_success() || status == axum::http::StatusCode::NOT_MODIFIED)
    {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let policy = cache_policy(&path, content_type);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed_name("storefront.V9xk2mQ7-a_bcdEfGhIjK.wasm"));
        assert!(is_hashed_name("__wasm_split.AbCdEfGhIjKlMnOpQrSt.js"));
        assert!(!is_hashed_name("storefront.wasm"));
        assert!(!is_hashed_name("storefront.css"));
        assert!(!is_hashed_name("storefront.short.js"));
        assert!(!is_hashed_name("a.bad!hash!chars!!!!!.js"));
    }

    #[test]
    fn policy_by_path_and_type() {
        assert_eq!(
            cache_policy("/pkg/storefront.V9xk2mQ7abcdEfGhIjK.js", None),
            IMMUTABLE
        );
        assert_eq!(cache_policy("/pkg/storefront.js", None), REVALIDATE);
        assert_eq!(
            cache_policy("/products", Some("text/html; charset=utf-8")),
            REVALIDATE
        );
        assert_eq!(
            cache_policy("/images/demo/lamp.webp", Some("image/webp")),
            SHORT
        );
        assert_eq!(
            cache_policy("/api/products", Some("application/json")),
            REVALIDATE
        );
    }
}
