//! A browser-like client with its own cookie jar, plus helpers for cart and account calls.

use std::sync::Arc;

use reqwest::cookie::{CookieStore, Jar};
use serde_json::{Value, json};
use services::db::Db;
use services::with_db;

use crate::helpers::TestApp;

pub const PASSWORD: &str = "violet kettle 42";

pub struct Shopper {
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
    pub base: String,
    /// The app's database, for reading mail from the outbox (`None` from [`Shopper::at`]).
    pub db: Option<Db>,
}

pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub location: Option<String>,
}

impl Reply {
    pub fn message(&self) -> String {
        self.body["error"]["message"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| self.body.to_string())
    }
}

impl Shopper {
    pub fn new(app: &TestApp) -> Shopper {
        Shopper {
            db: Some(app.db.clone()),
            ..Shopper::at(&app.address)
        }
    }

    /// A shopper behind a proxy that forwards for `ip` (`X-Forwarded-For` on every request;
    /// believed only when the app trusts 127.0.0.1 as a proxy).
    pub fn forwarded_for(app: &TestApp, ip: &str) -> Shopper {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-forwarded-for", ip.parse().unwrap());
        Shopper {
            db: Some(app.db.clone()),
            ..Shopper::with_headers(&app.address, headers)
        }
    }

    /// A shopper talking to the server at `base` (cookies are per host, so the same jar works
    /// against every instance on 127.0.0.1).
    pub fn at(base: &str) -> Shopper {
        Shopper::with_headers(base, reqwest::header::HeaderMap::new())
    }

    fn with_headers(base: &str, headers: reqwest::header::HeaderMap) -> Shopper {
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .unwrap();
        Shopper {
            client,
            jar,
            base: base.to_string(),
            db: None,
        }
    }

    /// The session cookie's value, if any.
    pub fn sid(&self) -> Option<String> {
        let url = self.base.parse().unwrap();
        let header = self.jar.cookies(&url)?;
        header
            .to_str()
            .ok()?
            .split("; ")
            .find_map(|c| c.strip_prefix("lark_sid=").map(str::to_string))
    }

    async fn reply(res: reqwest::Response) -> Reply {
        let status = res.status().as_u16();
        let location = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let text = res.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Reply {
            status,
            body,
            location,
        }
    }

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Reply {
        Self::reply(req.send().await.expect("request failed")).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(self.client.get(format!("{}{path}", self.base)))
            .await
    }

    pub async fn post_json(&self, path: &str, body: Value) -> Reply {
        self.send(self.client.post(format!("{}{path}", self.base)).json(&body))
            .await
    }

    pub async fn put_json(&self, path: &str, body: Value) -> Reply {
        self.send(self.client.put(format!("{}{path}", self.base)).json(&body))
            .await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.send(self.client.delete(format!("{}{path}", self.base)))
            .await
    }

    /// A server function called like the hydrated app does (URL-encoded form, JSON answer).
    pub async fn server_fn(&self, name: &str, form: &[(&str, &str)]) -> Reply {
        self.send(
            self.client
                .post(format!("{}/_fn/{name}", self.base))
                .form(form),
        )
        .await
    }

    /// A plain HTML form post (JavaScript off) from `referer`.
    pub async fn form_post(&self, name: &str, form: &[(&str, &str)], referer: &str) -> Reply {
        self.send(
            self.client
                .post(format!("{}/_fn/{name}", self.base))
                .header("accept", "text/html,application/xhtml+xml")
                .header("referer", format!("{}{referer}", self.base))
                .header("origin", self.base.clone())
                .form(form),
        )
        .await
    }

    pub async fn page(&self, path: &str) -> (u16, String) {
        let res = self
            .client
            .get(format!("{}{path}", self.base))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    }

    pub async fn add(&self, variant_id: i64, quantity: Value) -> Reply {
        self.post_json(
            "/api/cart/items",
            json!({"variant_id": variant_id, "quantity": quantity}),
        )
        .await
    }

    pub async fn cart(&self) -> Value {
        let r = self.get("/api/cart").await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body
    }

    /// Registers `email` and uses the link mailed to it: the account exists and is signed in.
    pub async fn register(&self, email: &str) -> Reply {
        let r = self
            .post_json(
                "/api/users/register",
                json!({"email": email, "password": PASSWORD, "first_name": "Ann"}),
            )
            .await;
        assert_eq!(r.status, 202, "{}", r.body);
        let db = self.db.as_ref().expect("a Shopper::new to read the mail");
        let token = signup_token(db, email).await.expect("a sign-up mail");
        let r = self
            .post_json("/api/users/confirm", json!({"token": token}))
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        r
    }

    pub async fn login(&self, email: &str, password: &str) -> Reply {
        self.post_json(
            "/api/users/login",
            json!({"email": email, "password": password}),
        )
        .await
    }

    pub async fn logout(&self) {
        let r = self.post_json("/api/users/logout", json!({})).await;
        assert_eq!(r.status, 204, "{}", r.body);
    }
}

/// Quantity of `variant_id` in a cart JSON, 0 when absent.
pub fn qty(cart: &Value, variant_id: i64) -> u64 {
    cart["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["variant_id"] == variant_id)
        .map_or(0, |i| i["quantity"].as_u64().unwrap())
}

/// Active, stock-tracked variants of active products, in id order, given `on_hand` units and
/// nothing reserved so tests know exactly how many are available.
pub async fn stocked_variants(db: &Db, n: usize, on_hand: i32) -> Vec<i64> {
    let ids: Vec<i64> = with_db!(db, pool => {
        sqlx::query_scalar(
            "SELECT v.id FROM product_variants v JOIN products p ON p.id = v.product_id
               JOIN inventory i ON i.variant_id = v.id
              WHERE v.is_active AND p.is_active AND v.track_inventory AND p.kind = 'PHYSICAL'
              ORDER BY v.id LIMIT 200",
        )
        .fetch_all(pool)
        .await
    })
    .unwrap();
    let ids: Vec<i64> = ids.into_iter().take(n).collect();
    assert_eq!(ids.len(), n, "demo catalogue has enough variants");
    for id in &ids {
        exec(
            db,
            &format!(
                "UPDATE inventory SET on_hand = {on_hand}, reserved = 0 WHERE variant_id = {id}"
            ),
        )
        .await;
    }
    ids
}

/// Runs one statement (test set-up only).
pub async fn exec(db: &Db, sql: &str) {
    with_db!(db, pool => sqlx::query(sql).execute(pool).await.map(|_| ())).unwrap();
}

pub async fn scalar_i64(db: &Db, sql: &str) -> i64 {
    with_db!(db, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await).unwrap()
}

/// The token in the newest sign-up link mailed to `email` (from the outbox), if any.
pub async fn signup_token(db: &Db, email: &str) -> Option<String> {
    let payloads: Vec<String> = with_db!(db, pool => sqlx::query_scalar(
        "SELECT CAST(payload AS TEXT) FROM outbox WHERE topic = 'user.signup' ORDER BY id DESC")
        .fetch_all(pool).await)
    .unwrap();
    payloads.iter().find_map(|p| {
        let v: Value = serde_json::from_str(p).unwrap();
        if !v["to"].as_str()?.eq_ignore_ascii_case(email.trim()) {
            return None;
        }
        Some(
            v["confirm_url"]
                .as_str()?
                .split("token=")
                .nth(1)?
                .to_string(),
        )
    })
}
