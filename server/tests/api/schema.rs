//! The schema's guarantees hold on both engines.

use services::with_db;

use crate::helpers::TestApp;

async fn first_variant(app: &TestApp) -> i64 {
    with_db!(&app.db, pool => {
        sqlx::query_scalar("SELECT variant_id FROM inventory ORDER BY id LIMIT 1").fetch_one(pool).await
    })
    .unwrap()
}

async fn inventory_can_never_go_negative_or_over_reserved(app: TestApp) {
    let v = first_variant(&app).await;
    for sql in [
        "UPDATE inventory SET on_hand = -1 WHERE variant_id = $1",
        "UPDATE inventory SET reserved = -1 WHERE variant_id = $1",
        "UPDATE inventory SET reserved = on_hand + 1 WHERE variant_id = $1",
    ] {
        let res = with_db!(&app.db, pool => sqlx::query(sql).bind(v).execute(pool).await.map(|r| r.rows_affected()));
        assert!(res.is_err(), "{sql} was accepted");
    }
}

async fn cart_items_are_unique_per_variant_and_need_a_cart(app: TestApp) {
    let v = first_variant(&app).await;
    let cart: i64 = with_db!(&app.db, pool => {
        sqlx::query_scalar(
            "INSERT INTO carts (token, session_id, status, currency) VALUES ('t1', 's1', 'ACTIVE', 'USD') RETURNING id",
        )
        .fetch_one(pool)
        .await
    })
    .unwrap();
    let insert =
        "INSERT INTO cart_items (cart_id, variant_id, quantity, unit_price_amount, currency)
                  VALUES ($1, $2, 1, 1000, 'USD')";
    with_db!(&app.db, pool => sqlx::query(insert).bind(cart).bind(v).execute(pool).await.map(|r| r.rows_affected())).unwrap();
    let dup = with_db!(&app.db, pool => sqlx::query(insert).bind(cart).bind(v).execute(pool).await.map(|r| r.rows_affected()));
    assert!(dup.is_err(), "duplicate cart line accepted");
    // Upsert is the way to add more of the same variant.
    with_db!(&app.db, pool => {
        sqlx::query(
            "INSERT INTO cart_items (cart_id, variant_id, quantity, unit_price_amount, currency)
             VALUES ($1, $2, 2, 1000, 'USD')
             ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = cart_items.quantity + excluded.quantity",
        )
        .bind(cart)
        .bind(v)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    })
    .unwrap();
    let qty: i32 = with_db!(&app.db, pool => {
        sqlx::query_scalar("SELECT quantity FROM cart_items WHERE cart_id = $1").bind(cart).fetch_one(pool).await
    })
    .unwrap();
    assert_eq!(qty, 3);
    let orphan = with_db!(&app.db, pool => sqlx::query(insert).bind(999_999_i64).bind(v).execute(pool).await.map(|r| r.rows_affected()));
    assert!(orphan.is_err(), "cart line without a cart accepted");
    let bad_status = with_db!(&app.db, pool => {
        sqlx::query("UPDATE carts SET status = 'LOST' WHERE id = $1").bind(cart).execute(pool).await.map(|r| r.rows_affected())
    });
    assert!(bad_status.is_err(), "unknown cart status accepted");
}

async fn money_columns_hold_large_minor_amounts(app: TestApp) {
    let v = first_variant(&app).await;
    let big: i64 = 9_000_000_000_000; // beyond i32
    with_db!(&app.db, pool => {
        sqlx::query("UPDATE product_variants SET price_amount = $1 WHERE id = $2").bind(big).bind(v).execute(pool).await.map(|r| r.rows_affected())
    })
    .unwrap();
    let back: i64 = with_db!(&app.db, pool => {
        sqlx::query_scalar("SELECT price_amount FROM product_variants WHERE id = $1").bind(v).fetch_one(pool).await
    })
    .unwrap();
    assert_eq!(back, big);
}

async fn webhook_events_are_deduplicated(app: TestApp) {
    let insert = "INSERT INTO webhook_events (provider, event_id, event_type, payload)
                  VALUES ('STRIPE', 'evt_1', 'payment_intent.succeeded', $1)
                  ON CONFLICT (provider, event_id) DO NOTHING";
    let payload = sqlx::types::Json(serde_json::json!({"id": "evt_1"}));
    let first = with_db!(&app.db, pool => sqlx::query(insert).bind(&payload).execute(pool).await.map(|r| r.rows_affected())).unwrap();
    let second = with_db!(&app.db, pool => sqlx::query(insert).bind(&payload).execute(pool).await.map(|r| r.rows_affected())).unwrap();
    assert_eq!(first, 1);
    assert_eq!(second, 0);
}

both_backends!(
    inventory_can_never_go_negative_or_over_reserved,
    cart_items_are_unique_per_variant_and_need_a_cart,
    money_columns_hold_large_minor_amounts,
    webhook_events_are_deduplicated,
);

/// The schema of one engine: table → (columns, indexes), by name.
type Schema = std::collections::BTreeMap<
    String,
    (
        std::collections::BTreeSet<String>,
        std::collections::BTreeSet<String>,
    ),
>;

async fn schema_of(db: &services::db::Db) -> Schema {
    let mut out = Schema::new();
    type Pairs = Vec<(String, String)>;
    let (tables, columns, indexes): (Vec<(String,)>, Pairs, Pairs) =
        match db {
            services::db::Db::Sqlite(pool) => (
                sqlx::query_as(
                    "SELECT name FROM sqlite_master WHERE type = 'table'
                       AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_sqlx%' ESCAPE '\\'",
                )
                .fetch_all(pool)
                .await
                .unwrap(),
                sqlx::query_as(
                    "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
                      WHERE m.type = 'table'",
                )
                .fetch_all(pool)
                .await
                .unwrap(),
                sqlx::query_as(
                    "SELECT tbl_name, name FROM sqlite_master
                      WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'",
                )
                .fetch_all(pool)
                .await
                .unwrap(),
            ),
            services::db::Db::Postgres(pool) => (
                sqlx::query_as(
                    "SELECT table_name::TEXT FROM information_schema.tables
                      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
                        AND table_name NOT LIKE '\\_sqlx%'",
                )
                .fetch_all(pool)
                .await
                .unwrap(),
                sqlx::query_as(
                    "SELECT table_name::TEXT, column_name::TEXT FROM information_schema.columns
                      WHERE table_schema = current_schema()",
                )
                .fetch_all(pool)
                .await
                .unwrap(),
                // Indexes the schema names (not those behind primary keys and UNIQUE
                // constraints, which SQLite creates unnamed).
                sqlx::query_as(
                    "SELECT i.tablename::TEXT, i.indexname::TEXT FROM pg_indexes i
                      WHERE i.schemaname = current_schema()
                        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                )
                .fetch_all(pool)
                .await
                .unwrap(),
            ),
        };
    for (t,) in tables {
        out.entry(t).or_default();
    }
    for (t, c) in columns {
        if let Some(e) = out.get_mut(&t) {
            e.0.insert(c);
        }
    }
    for (t, i) in indexes {
        if let Some(e) = out.get_mut(&t) {
            e.1.insert(i);
        }
    }
    out
}

/// Where the engines differ on purpose: product search (SQLite's FTS5 tables — each with its
/// shadow tables — against PostgreSQL's `tsvector` column and trigram index) and how the
/// listing summary learns what changed (SQLite counts versions; PostgreSQL records the
/// changing transactions, which may commit out of order).
const ENGINE_SPECIFIC: &[&str] = &[
    "table catalog_summary_dirty: PostgreSQL only",
    "column catalog_summary_state.built: PostgreSQL only",
    "column catalog_summary_state.built_version: SQLite only",
    "column catalog_summary_state.version: SQLite only",
    "column products.search_vector: PostgreSQL only",
    "index idx_products_search_name_trgm on products: PostgreSQL only",
    "index idx_products_search_vector on products: PostgreSQL only",
];

fn engine_specific(difference: &str) -> bool {
    ENGINE_SPECIFIC.contains(&difference)
        || ["table product_fts", "table product_trgm"]
            .iter()
            .any(|p| difference.starts_with(p) && difference.ends_with(": SQLite only"))
}

/// Issue 20: both engines' migrations build the same tables, columns and indexes (types differ
/// by engine: TEXT timestamps in SQLite, TIMESTAMPTZ in PostgreSQL), apart from the listed
/// engine-specific search and summary structures.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_engines_have_the_same_schema() {
    crate::helpers::within_limit(async {
        let sqlite = crate::helpers::spawn_app(services::db::Backend::Sqlite).await;
        let postgres = crate::helpers::spawn_app(services::db::Backend::Postgres).await;
        let (a, b) = (schema_of(&sqlite.db).await, schema_of(&postgres.db).await);
        let mut differences = Vec::new();
        for t in a
            .keys()
            .chain(b.keys())
            .collect::<std::collections::BTreeSet<_>>()
        {
            match (a.get(t), b.get(t)) {
                (Some(_), None) => differences.push(format!("table {t}: SQLite only")),
                (None, Some(_)) => differences.push(format!("table {t}: PostgreSQL only")),
                (Some((ca, ia)), Some((cb, ib))) => {
                    for c in ca.symmetric_difference(cb) {
                        let only = if ca.contains(c) {
                            "SQLite"
                        } else {
                            "PostgreSQL"
                        };
                        differences.push(format!("column {t}.{c}: {only} only"));
                    }
                    for i in ia.symmetric_difference(ib) {
                        let only = if ia.contains(i) {
                            "SQLite"
                        } else {
                            "PostgreSQL"
                        };
                        differences.push(format!("index {i} on {t}: {only} only"));
                    }
                }
                (None, None) => {}
            }
        }
        differences.retain(|d| !engine_specific(d));
        assert!(
            differences.is_empty(),
            "the engines' schemas differ:\n{}",
            differences.join("\n")
        );
    })
    .await
}
