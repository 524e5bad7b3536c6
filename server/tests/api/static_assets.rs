//! The built site: hashed bundle files are served precompressed (brotli or gzip, by the
//! request's `Accept-Encoding`) and cached for a year; pages are revalidated and private.

use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, VARY};
use services::db::Backend;

use crate::helpers::{TestApp, spawn_app_with_options, test_leptos_options};

const HASHED: &str = "storefront.Q2hhbmdlc0V2ZXJ5QnVpbGQ.wasm";

/// A site root like `./dev build` leaves: a hashed bundle with `.br` and `.gz` copies, and
/// an unhashed stylesheet (as a development build names it).
fn built_site() -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!(
        "storefront-test-site-{}",
        uuid::Uuid::new_v4().simple()
    ));
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join(HASHED), b"\0asm plain bytes").unwrap();
    std::fs::write(pkg.join(format!("{HASHED}.br")), b"brotli bytes").unwrap();
    std::fs::write(pkg.join(format!("{HASHED}.gz")), b"gzip bytes").unwrap();
    std::fs::write(pkg.join("storefront.css"), b"body{}").unwrap();
    root
}

async fn spawn_with_site(backend: Backend) -> TestApp {
    let mut options = test_leptos_options();
    options.site_root = built_site().to_string_lossy().as_ref().into();
    spawn_app_with_options(backend, |_| {}, options).await
}

async fn fetch(app: &TestApp, path: &str, accept: Option<&str>) -> reqwest::Response {
    let mut req = app.client.get(app.url(path));
    if let Some(accept) = accept {
        req = req.header(ACCEPT_ENCODING, accept);
    }
    req.send().await.unwrap()
}

async fn hashed_bundle_is_precompressed_and_immutable(backend: Backend) {
    let app = spawn_with_site(backend).await;
    let path = format!("/pkg/{HASHED}");
    for (accept, encoding, body) in [
        (Some("gzip, deflate, br"), Some("br"), "brotli bytes"),
        (Some("gzip"), Some("gzip"), "gzip bytes"),
        (None, None, "\0asm plain bytes"),
    ] {
        let res = fetch(&app, &path, accept).await;
        assert_eq!(res.status(), 200, "{accept:?}");
        let headers = res.headers().clone();
        assert_eq!(
            headers.get(CONTENT_ENCODING).map(|v| v.to_str().unwrap()),
            encoding,
            "{accept:?}"
        );
        assert_eq!(
            headers[CACHE_CONTROL], "public, max-age=31536000, immutable",
            "{accept:?}"
        );
        assert_eq!(headers[reqwest::header::CONTENT_TYPE], "application/wasm");
        if encoding.is_some() {
            assert!(
                headers
                    .get_all(VARY)
                    .iter()
                    .any(|v| v.to_str().unwrap().contains("accept-encoding")),
                "precompressed answers vary by Accept-Encoding"
            );
        }
        assert_eq!(res.text().await.unwrap(), body);
    }
}

async fn unhashed_files_and_pages_are_revalidated(backend: Backend) {
    let app = spawn_with_site(backend).await;
    let css = fetch(&app, "/pkg/storefront.css", None).await;
    assert_eq!(css.status(), 200);
    assert_eq!(css.headers()[CACHE_CONTROL], "private, no-cache");

    let page = fetch(&app, "/", None).await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()[CACHE_CONTROL], "private, no-cache");

    // What a handler decides itself is kept.
    let missing = fetch(&app, "/pkg/nope.Q2hhbmdlc0V2ZXJ5QnVpbGQ.js", None).await;
    assert_eq!(missing.status(), 404);
    assert!(missing.headers().get(CACHE_CONTROL).is_none());
}

both_backends_own_app!(
    hashed_bundle_is_precompressed_and_immutable,
    unhashed_files_and_pages_are_revalidated,
);
