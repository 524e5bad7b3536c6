//! The header's cart count, updated in place by an island after it changed the cart.

/// Shows `count` items in the header's cart link (browser only; a no-op on the server).
pub fn show_cart_count(count: u32) {
    #[cfg(feature = "hydrate")]
    {
        let document = leptos::prelude::document();
        if let Ok(Some(badge)) = document.query_selector("[data-testid=cart-count]") {
            badge.set_text_content(Some(&count.to_string()));
        }
        if let Ok(Some(link)) = document.query_selector("[data-testid=cart-link]") {
            let _ = link.set_attribute("aria-label", &format!("Cart, {count} items"));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = count;
}
