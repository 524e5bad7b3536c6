//! Baseline for load tests: the smallest axum server, on the same runtime settings as the shop.
//! `hello [ADDR]` (default 127.0.0.1:3401).

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3401".into());
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "Hello, world!" }));
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("hello-world listening on http://{addr}/");
    axum::serve(listener, app).await?;
    Ok(())
}
