//! Taking payments: the gateway seam every provider implements, and the built-in offline test
//! gateway (the default in development). Stripe's implementation lives in the server crate.

mod gateway;
mod test_gateway;

pub use gateway::{
    ChargeRequest, GatewayError, PaymentGateway, PaymentState, Provider, RemoteInvoice,
    RemoteSubscription, StartSubscription, SwitchTo, WebhookEvent, WebhookRejected,
};
pub use test_gateway::{CardInput, CardToken, TestGateway};
