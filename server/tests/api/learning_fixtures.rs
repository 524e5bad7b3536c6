//! What the learning, team, certificate and subscription tests share: finding demo items by
//! SKU, a signed-in learner, the body of a checkout with nothing to ship, a refusal's code.

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::order_lifecycle::VISA;
use crate::shopper::{Reply, Shopper, scalar_i64};

/// The id of the demo variant with `sku`.
pub async fn variant(app: &TestApp, sku: &str) -> i64 {
    scalar_i64(
        &app.db,
        &format!("SELECT id FROM product_variants WHERE sku = '{sku}'"),
    )
    .await
}

/// `POST /api/orders` for a cart with nothing to ship: a billing address and the test card.
pub fn digital_order() -> Value {
    json!({
        "billingAddress": {
            "recipientName": "Ann Lee", "line1": "1 Main St", "city": "Austin",
            "region": "TX", "postalCode": "78701", "country": "US"
        },
        "payment": {"method": "test_card", "cardNumber": VISA, "expMonth": "12", "expYear": "2030", "cvc": "123"}
    })
}

/// A refused rule's stable code (`error.code`), or "".
pub fn code(r: &Reply) -> &str {
    r.body["error"]["code"].as_str().unwrap_or("")
}

/// A signed-in learner (registered through the emailed link).
pub async fn learner(app: &TestApp, email: &str) -> Shopper {
    let s = Shopper::new(app);
    s.register(email).await;
    s
}
