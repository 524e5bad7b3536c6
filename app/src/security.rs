//! The Content-Security-Policy of every response (server side only).
//!
//! Pages run only the shop's own scripts: the hydration script and Leptos' hydration data are
//! inline and carry the page's nonce; the bundle and its chunks come from `/pkg` ('self');
//! compiling WebAssembly needs `'wasm-unsafe-eval'` (not `'unsafe-eval'`). Stripe's origins are
//! allowed only when Stripe takes payments. Nobody may frame the shop (clickjacking).

/// The policy; `nonce` for pages with inline scripts (none: no inline script runs).
pub fn content_security_policy(nonce: Option<&str>, stripe: bool) -> String {
    let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    let (stripe_js, stripe_api, stripe_frames) = if stripe {
        (
            " https://js.stripe.com",
            " https://api.stripe.com",
            "https://js.stripe.com https://hooks.stripe.com",
        )
    } else {
        ("", "", "'none'")
    };
    format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'{stripe_js}; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; font-src 'self'; \
         connect-src 'self'{stripe_api}; frame-src {stripe_frames}; frame-ancestors 'none'; \
         object-src 'none'; base-uri 'none'; form-action 'self'"
    )
}

/// For the shell: a fresh nonce for this page (used by the hydration script and Leptos'
/// inline data) and the policy that allows exactly it, sent as the response's header.
pub fn page_policy() {
    use leptos::prelude::*;
    leptos::nonce::provide_nonce();
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string());
    let stripe = crate::server_fns::ctx::app_state()
        .map(|s| matches!(s.gateway_info, shared::checkout::GatewayInfo::Stripe { .. }))
        .unwrap_or(false);
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        let policy = content_security_policy(nonce.as_deref(), stripe);
        if let Ok(value) = axum::http::HeaderValue::from_str(&policy) {
            res.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_only_what_the_shop_runs() {
        let p = content_security_policy(Some("abc"), false);
        assert!(
            p.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"),
            "{p}"
        );
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(!p.contains(" 'unsafe-eval'") && !p.contains("script-src 'self' 'unsafe-inline'"));
        assert!(!p.contains("stripe"));
        let with_stripe = content_security_policy(None, true);
        assert!(with_stripe.contains("https://js.stripe.com"));
        assert!(!with_stripe.contains("nonce"));
    }
}
