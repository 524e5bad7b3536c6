use leptos::prelude::*;

use shared::checkout::CheckoutView;
use shared::errors::AppError;

/// The checkout as the wizard shows it, priced now. Asking for the payment or review step
/// enters it: stock is held for every line (an "only N left" answer holds nothing).
#[server(prefix = "/_fn", endpoint = "checkout/get")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_checkout(step: Option<String>) -> Result<CheckoutView, AppError> {
    use crate::server_fns::ctx::Ctx;
    use services::checkout::steps;
    use shared::checkout::Step;

    // Every refusal keeps its status (e.g. 422 when the cart was just checked out).
    async {
        let ctx = Ctx::load().await?;
        let state = &ctx.state;
        let c = steps::current(
            state,
            &ctx.session,
            crate::server_fns::ctx::client_ip().await,
        )
        .await?;
        let saved = match &c.user {
            Some(u) => services::account::addresses::list(ctx.db(), u.id).await?,
            None => Vec::new(),
        };
        let p = services::checkout::priced(
            ctx.db(),
            &ctx.settings(),
            &c.record,
            &c.cart,
            c.signed_in(),
        )
        .await?;
        let asked = step.as_deref().and_then(Step::from_slug);
        let next = p.next_step(&c.record);
        let mut reserved_until = None;
        let mut record = c.record.clone();
        if let Some(s) = asked
            && s >= Step::Payment
            && next >= Step::Payment
        {
            match steps::enter_payment(state, &c, &p.lines).await {
                Ok(until) => reserved_until = until,
                Err(e @ AppError::OutOfStock { .. }) => record.last_error = Some(e.to_string()),
                Err(e) => return Err(e),
            }
        }
        Ok(services::checkout::build_view(
            &ctx.settings(),
            state.gateway_info.clone(),
            &record,
            &p,
            c.signed_in(),
            saved,
            reserved_until,
        ))
    }
    .await
    .map_err(AppError::with_status)
}
