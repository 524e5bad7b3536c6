/// Marks the document `<body data-hydrated="true">` once the page's WebAssembly has taken
/// over: called where each page's view is created (the lazily loaded routes and the 404
/// page), so the mark waits for the page's own chunk, not just the shell. The end-to-end
/// suite waits for it before using hydrated-only behaviour.
pub fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::*;
        Effect::new(move |_| {
            if let Some(body) = document().body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        });
    }
}
