use crate::helpers::TestApp;

async fn healthz_is_ok(app: TestApp) {
    let res = app.get("/healthz").await;
    assert_eq!(res.status().as_u16(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

async fn readyz_reports_the_database(app: TestApp) {
    let res = app.get("/readyz").await;
    assert_eq!(res.status().as_u16(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ready");
    assert_eq!(body["database"], app.backend.as_str());
}

async fn readyz_is_503_when_the_database_is_gone(app: TestApp) {
    app.db.close().await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status().as_u16(), 503);
    // Liveness is unaffected.
    assert_eq!(app.get("/healthz").await.status().as_u16(), 200);
}

both_backends!(
    healthz_is_ok,
    readyz_reports_the_database,
    readyz_is_503_when_the_database_is_gone
);
