//! Several stateless instances on one database. PostgreSQL (the scale-out backend): two
//! servers on different ports, clients alternating between them — a session works on either,
//! no oversell with the load spread over both, each outbox mail sent once. Both engines: a
//! job claimed by one runner is not run by another.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde_json::json;
use services::args;
use services::db::{Backend, Ts};

use crate::helpers::{TestApp, spawn_app_with, test_config, test_leptos_options};
use crate::order_lifecycle::order_body;
use crate::shopper::{Shopper, qty, scalar_i64, stocked_variants};
use crate::smtp_sink::{SmtpSink, header};

fn jobs() -> server::jobs::JobsConfig {
    server::jobs::JobsConfig {
        only: Some(vec!["outbox".into()]),
        mail_every: Duration::from_millis(100),
        ..Default::default()
    }
}

/// Instance A (the test app) and instance B on the same database, both sending mail to `sink`.
async fn two_instances(sink: &SmtpSink) -> (TestApp, String) {
    let url = sink.url();
    let a = spawn_app_with(Backend::Postgres, |c| {
        c.smtp_url = Some(url.clone());
        c.jobs = Some(jobs());
        c.instance = Some("instance-a".into());
    })
    .await;
    let mut config = test_config(a.database_url.clone());
    config.smtp_url = Some(sink.url());
    config.jobs = Some(jobs());
    config.instance = Some("instance-b".into());
    let b = server::Application::build(config, test_leptos_options())
        .await
        .expect("second instance");
    let b_address = format!("http://127.0.0.1:{}", b.port());
    tokio::spawn(b.run_until_stopped(std::future::pending()));
    (a, b_address)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_share_sessions_stock_and_mail() {
    crate::helpers::within_limit(async {
        let sink = SmtpSink::start().await;
        let (a, b) = two_instances(&sink).await;
        let both = [a.address.clone(), b.clone()];

        // A session started on A works on B, and back.
        let v = stocked_variants(&a.db, 2, 10).await;
        let on_a = Shopper::new(&a);
        on_a.register("nia@example.com").await;
        assert_eq!(on_a.add(v[1], json!(2)).await.status, 200);
        let on_b = Shopper {
            client: on_a.client.clone(),
            jar: on_a.jar.clone(),
            base: both[1].clone(),
            db: None,
        };
        assert_eq!(qty(&on_b.cart().await, v[1]), 2, "the cart on B");
        assert_eq!(on_b.get("/api/orders").await.status, 200, "signed in on B");
        assert_eq!(on_b.add(v[1], json!(1)).await.status, 200);
        assert_eq!(qty(&on_a.cart().await, v[1]), 3, "B's change seen on A");
        on_b.logout().await;
        assert_eq!(
            on_a.get("/api/orders").await.status,
            401,
            "signed out on A too"
        );

        // 100 shoppers for 10 units, alternating instances: exactly 10 orders.
        let mut shoppers = Vec::new();
        for i in 0..100 {
            let s = Shopper::at(&both[i % 2]);
            assert_eq!(s.add(v[0], json!(1)).await.status, 200);
            // Checkout on the other instance than the cart was filled on.
            shoppers.push(Shopper {
                client: s.client.clone(),
                jar: s.jar.clone(),
                base: both[(i + 1) % 2].clone(),
                db: None,
            });
        }
        let tasks: Vec<_> = shoppers
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                tokio::spawn(async move {
                    s.post_json(
                        "/api/orders",
                        order_body(&format!("r{i}@example.com"), None),
                    )
                    .await
                    .status
                })
            })
            .collect();
        let mut by_status = std::collections::BTreeMap::new();
        for t in tasks {
            *by_status.entry(t.await.unwrap()).or_insert(0) += 1;
        }
        assert_eq!(by_status.get(&201), Some(&10), "{by_status:?}");
        assert_eq!(by_status.get(&409), Some(&90), "{by_status:?}");
        assert_eq!(
            scalar_i64(
                &a.db,
                &format!(
                    "SELECT CAST(on_hand AS BIGINT) FROM inventory WHERE variant_id = {}",
                    v[0]
                )
            )
            .await,
            0
        );

        // Both instances run the mail sender; every mail (Nia's sign-up link and the ten order
        // confirmations) arrives exactly once.
        let mails = sink.wait_for(11, 30).await;
        tokio::time::sleep(Duration::from_secs(1)).await;
        let mails_now = sink.messages();
        assert_eq!(
            mails_now.len(),
            mails.len(),
            "nothing after the queue drained"
        );
        let confirmations = mails_now
            .iter()
            .filter(|m| header(m, "Subject").is_some_and(|s| s.ends_with("confirmed")))
            .count();
        assert_eq!(confirmations, 10);
        let mut ids: Vec<String> = mails_now
            .iter()
            .filter_map(|m| header(m, "Message-ID"))
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "no mail twice");
        assert_eq!(
            scalar_i64(&a.db, "SELECT COUNT(*) FROM outbox WHERE status = 'DONE'").await,
            i64::try_from(n).unwrap()
        );
        // The job runs are on record (and may come from either instance).
        let (runs,): (i64,) =
            a.db.one("SELECT runs FROM jobs WHERE name = 'outbox'", args![])
                .await
                .unwrap();
        assert!(runs > 0);
    })
    .await
}

/// Two runners racing for the same due job: exactly one runs it per interval.
async fn a_job_runs_once_per_interval_across_instances(backend: Backend) {
    let app = spawn_app_with(backend, |_| {}).await;
    let counter = Arc::new(AtomicU64::new(0));
    let c = counter.clone();
    let spec = server::jobs::JobSpec::new("test-counter", Duration::from_secs(60), move |_| {
        let c = c.clone();
        async move {
            c.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(50)).await;
            Ok(1)
        }
    });
    let runners: Vec<server::jobs::Runner> = (0..4)
        .map(|i| {
            server::jobs::Runner::new(
                app.db.clone(),
                format!("runner-{i}"),
                Duration::from_secs(300),
            )
        })
        .collect();
    runners[0].register(&spec).await.unwrap();
    let now = Ts::now();
    let mut tasks = Vec::new();
    for r in runners.clone() {
        let spec = spec.clone();
        tasks.push(tokio::spawn(async move {
            r.run_if_due(&spec, now).await.unwrap()
        }));
    }
    let mut ran = 0;
    for t in tasks {
        if matches!(t.await.unwrap(), server::jobs::Outcome::Ran { .. }) {
            ran += 1;
        }
    }
    assert_eq!((ran, counter.load(Ordering::SeqCst)), (1, 1));
    // Not again within the interval; again after it.
    let soon = Ts::now().plus(Duration::from_secs(30));
    assert_eq!(
        runners[1].run_if_due(&spec, soon).await.unwrap(),
        server::jobs::Outcome::Skipped
    );
    let later = Ts::now().plus(Duration::from_secs(61));
    assert!(matches!(
        runners[2].run_if_due(&spec, later).await.unwrap(),
        server::jobs::Outcome::Ran { .. }
    ));
    assert_eq!(counter.load(Ordering::SeqCst), 2);

    // A failing job is recorded, shown to staff, and does not stop the next run.
    let failing = server::jobs::JobSpec::new("test-failing", Duration::from_secs(60), |_| async {
        anyhow::bail!("the mail server said no")
    });
    runners[0].register(&failing).await.unwrap();
    assert!(matches!(
        runners[0].run_if_due(&failing, Ts::now()).await.unwrap(),
        server::jobs::Outcome::Failed(_)
    ));
    let staff = crate::order_lifecycle::staff(&app).await;
    let r = staff.get("/_fn/admin/jobs").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let jobs = r.body["jobs"].as_array().unwrap();
    let failed = jobs.iter().find(|j| j["name"] == "test-failing").unwrap();
    assert_eq!(failed["failures"], 1);
    assert!(failed["last_error"].as_str().unwrap().contains("said no"));
    let counted = jobs.iter().find(|j| j["name"] == "test-counter").unwrap();
    assert_eq!(counted["runs"], 2);
    assert_eq!(
        r.body["runs"].as_array().unwrap().len(),
        3,
        "2 runs with work + 1 failure"
    );
    let (status, html) = staff.page("/admin/jobs").await;
    assert_eq!(status, 200);
    assert!(html.contains("the mail server said no"));
}

/// `/metrics` speaks Prometheus: requests by route, pool, jobs, orders.
async fn metrics_are_exposed(backend: Backend) {
    let app = spawn_app_with(backend, |_| {}).await;
    let _ = app.get("/products").await;
    let _ = app.get("/p/does-not-exist").await;
    let res = app.get("/metrics").await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = res.text().await.unwrap();
    for needle in [
        "storefront_http_requests_total{method=\"GET\",route=\"/products\",status=\"200\"} 1",
        "storefront_http_request_duration_seconds_bucket{route=\"/p/{slug}\",le=\"+Inf\"} 1",
        "storefront_db_pool_connections{state=\"idle\"}",
        "storefront_db_pool_max 5",
        "storefront_http_rejected_total 0",
        "# TYPE storefront_orders gauge",
    ] {
        assert!(text.contains(needle), "{needle} in\n{text}");
    }
}

/// The recommendations job turns orders into "customers also bought" on the product page.
async fn recommendations_come_from_orders(backend: Backend) {
    let app = spawn_app_with(backend, |_| {}).await;
    let stocked = stocked_variants(&app.db, 20, 10).await;
    let (other,): (i64,) = app
        .db
        .one(
            "SELECT MIN(v.id) FROM product_variants v
              WHERE v.id > $1 AND v.id <= $2
                AND v.product_id <> (SELECT product_id FROM product_variants WHERE id = $1)",
            args![stocked[0], stocked[19]],
        )
        .await
        .unwrap();
    let v = [stocked[0], other];
    crate::order_lifecycle::buy(&app, &[(v[0], 1), (v[1], 1)], None).await;
    let mut products = Vec::new();
    for variant in [v[0], v[1]] {
        let row: (i64, String, String) = app
            .db
            .one(
                "SELECT p.id, p.slug, p.name FROM products p
                   JOIN product_variants v ON v.product_id = p.id WHERE v.id = $1",
                args![variant],
            )
            .await
            .unwrap();
        products.push(row);
    }
    let (first, slug, _) = products[0].clone();
    let (second, _, second_name) = products[1].clone();
    assert_ne!(first, second, "two different products");
    assert_eq!(
        scalar_i64(&app.db, "SELECT COUNT(*) FROM product_recommendations").await,
        0
    );
    let kept = services::catalog::refresh_recommendations(&app.db)
        .await
        .unwrap();
    assert_eq!(kept, 2, "each product recommends the other");
    let (recommended,): (i64,) = app
        .db
        .one(
            "SELECT recommended_id FROM product_recommendations WHERE product_id = $1 AND position = 1",
            args![first],
        )
        .await
        .unwrap();
    assert_eq!(recommended, second);
    let (status, html) = app.get_html(&format!("/p/{slug}")).await;
    assert_eq!(status, 200);
    let section = html
        .split("data-testid=\"also-bought\"")
        .nth(1)
        .expect("also-bought section");
    assert!(section.contains(&second_name), "{second_name} recommended");
    // Running again replaces the lists (no duplicates).
    assert_eq!(
        services::catalog::refresh_recommendations(&app.db)
            .await
            .unwrap(),
        2
    );
}

/// Issue 19.13: invented HTTP methods share one label; the token is required when set; in
/// production without a token the shop does not serve `/metrics`, and `METRICS_ADDR` serves it
/// on a separate address instead.
async fn metrics_are_guarded(backend: Backend) {
    let app = spawn_app_with(backend, |c| {
        c.metrics.token = Some(server::config::Secret::new("scrape-me"));
    })
    .await;
    let client = reqwest::Client::new();
    for i in 0..20 {
        let method = reqwest::Method::from_bytes(format!("X{i}").as_bytes()).unwrap();
        let _ = client.request(method, app.url("/products")).send().await;
    }
    assert_eq!(app.get("/metrics").await.status(), 401);
    let wrong = client
        .get(app.url("/metrics"))
        .bearer_auth("scrape-mE")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let res = client
        .get(app.url("/metrics"))
        .bearer_auth("scrape-me")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    assert!(text.contains("method=\"OTHER\""), "{text}");
    assert!(
        !text.contains("method=\"X1\""),
        "invented methods got labels:\n{text}"
    );

    // Production, no token: not served by the shop.
    let prod = spawn_app_with(backend, |c| {
        c.app_env = server::config::AppEnv::Production;
        c.allow_test_payments = true;
    })
    .await;
    assert_eq!(prod.get("/metrics").await.status(), 404);

    // A separate private address serves it (and the shop's address does not).
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let private = spawn_app_with(backend, |c| {
        c.app_env = server::config::AppEnv::Production;
        c.allow_test_payments = true;
        c.metrics.addr = Some(format!("127.0.0.1:{port}").parse().unwrap());
    })
    .await;
    assert_eq!(private.get("/metrics").await.status(), 404);
    let res = client
        .get(format!("http://127.0.0.1:{port}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("storefront_db_pool_max"));
}

both_backends_own_app!(
    a_job_runs_once_per_interval_across_instances,
    metrics_are_exposed,
    metrics_are_guarded,
    recommendations_come_from_orders
);
