use crate::helpers::TestApp;

async fn featured_products_server_fn_returns_json(app: TestApp) {
    let res = app
        .client
        .post(app.url("/_fn/catalog/featured"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let products: Vec<shared::catalog::ProductCard> = res.json().await.unwrap();
    assert_eq!(products.len(), 24);
    assert!(products.iter().all(|p| p.price.minor() > 0));
}

async fn categories_server_fn_lists_top_level_categories(app: TestApp) {
    let res = app
        .client
        .post(app.url("/_fn/catalog/categories"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let cats: Vec<shared::catalog::CategoryLink> = res.json().await.unwrap();
    assert!(cats.len() >= 6);
    assert!(cats.iter().all(|c| c.product_count > 0), "{cats:?}");
}

both_backends!(
    featured_products_server_fn_returns_json,
    categories_server_fn_lists_top_level_categories,
);

async fn list_server_fn_accepts_an_empty_query_and_rejects_bad_input(app: TestApp) {
    let url = app.url("/_fn/catalog/list");
    let res = app
        .client
        .post(&url)
        .json(&serde_json::json!({ "pairs": [], "path_category": "clothing" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let page: shared::listing::ListingPage = res.json().await.unwrap();
    assert_eq!(page.category_name.as_deref(), Some("Clothing"));
    let res = app
        .client
        .post(&url)
        .json(&serde_json::json!({ "pairs": [["sort", "cheapest"]], "path_category": null }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    let err: shared::errors::AppError = res.json().await.unwrap();
    assert!(
        matches!(err, shared::errors::AppError::BadRequest(_)),
        "{err:?}"
    );
}

both_backends!(list_server_fn_accepts_an_empty_query_and_rejects_bad_input);
