//! Issue 19.11: security headers on every response — pages (with a per-page nonce that every
//! inline script carries), JSON, static files and uploaded media.

use services::db::Backend;

use crate::helpers::spawn_app_with;

async fn every_response_carries_the_security_headers(backend: Backend) {
    let app = spawn_app_with(backend, |_| {}).await;
    let (_, first) = app.get_html("/products").await;
    for path in [
        "/",
        "/products",
        "/api/products",
        "/images/products/field-watch-38.webp",
        "/no-such-page",
    ] {
        let res = app.get(path).await;
        let h = res.headers().clone();
        let get = |name: &str| {
            h.get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        assert_eq!(get("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(
            get("referrer-policy"),
            "strict-origin-when-cross-origin",
            "{path}"
        );
        let csp = get("content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("object-src 'none'"), "{path}: {csp}");
        assert!(
            !csp.contains("'unsafe-inline'; img") || csp.contains("style-src"),
            "{csp}"
        );
        assert!(
            !csp.contains("script-src 'self' 'unsafe-inline'"),
            "{path}: {csp}"
        );
        assert!(
            get("strict-transport-security").is_empty(),
            "no HSTS on http"
        );
        let html = res.text().await.unwrap_or_default();
        if html.contains("<script") {
            // Every inline script carries this page's nonce, and the nonce is fresh per page.
            let nonce = csp
                .split("'nonce-")
                .nth(1)
                .and_then(|s| s.split('\'').next())
                .unwrap_or_else(|| panic!("{path}: a page with scripts has a nonce: {csp}"));
            for tag in html.split("<script").skip(1) {
                let open = tag.split('>').next().unwrap_or_default();
                if open.contains("application/ld+json") || open.contains(" src=") {
                    continue;
                }
                assert!(
                    open.contains(&format!("nonce=\"{nonce}\"")),
                    "{path}: <script{open}>"
                );
            }
            assert!(
                !first.contains(&format!("nonce=\"{nonce}\"")),
                "nonce reused"
            );
        }
    }
    // Uploaded media get nosniff too (an uploaded file never runs as a script or page).
    let media = app.get("/media/does-not-exist.png").await;
    assert_eq!(
        media.headers().get("x-content-type-options").unwrap(),
        "nosniff"
    );

    // On https, HSTS.
    let tls = spawn_app_with(backend, |c| {
        c.public_url = Some("https://shop.example".into());
    })
    .await;
    let res = tls.get("/").await;
    assert!(
        res.headers()
            .get("strict-transport-security")
            .is_some_and(|v| v.to_str().unwrap().contains("max-age=31536000")),
        "{:?}",
        res.headers()
    );
}

both_backends_own_app!(every_response_carries_the_security_headers);
