use leptos::prelude::*;

use shared::errors::AppError;
use shared::learning::{AdminLearning, MyLearning};

/// `/admin/learning`: certification registrations and course enrolments, of one product when
/// `product` (an id; blank for all) is set. Staff only.
#[server(prefix = "/_fn", endpoint = "admin/learning/list", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_get_learning(product: Option<String>) -> Result<AdminLearning, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        let product = product
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| crate::server_fns::ctx::parse_id(p, "product"))
            .transpose()?;
        services::learning::admin::admin_learning(ctx.db(), product).await
    }
    .await;
    result.map_err(AppError::with_status)
}

/// A customer's courses, certifications, downloads and team licences, for the back office's
/// customer page. Staff only.
#[server(prefix = "/_fn", endpoint = "admin/learning/customer", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_customer_learning(id: String) -> Result<MyLearning, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        let id = crate::server_fns::ctx::parse_id(&id, "customer")?;
        services::learning::certificates::customer_learning(ctx.db(), id).await
    }
    .await;
    result.map_err(AppError::with_status)
}
