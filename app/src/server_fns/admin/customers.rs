//! Customers for staff; account roles for admins.

use leptos::prelude::*;

use shared::admin::{AdminCustomer, AdminCustomerPage};
use shared::errors::AppError;

/// Accounts, newest first, searched by email or name.
#[server(prefix = "/_fn", endpoint = "admin/customers/list", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_list_customers(
    q: Option<String>,
    role: Option<String>,
    after: Option<String>,
) -> Result<AdminCustomerPage, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        services::back_office::list_customers(
            ctx.db(),
            q.as_deref(),
            role.as_deref(),
            after.as_deref(),
        )
        .await
    }
    .await;
    result.map_err(AppError::with_status)
}

/// One customer with orders and lifetime value.
#[server(prefix = "/_fn", endpoint = "admin/customers/get", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_get_customer(id: String) -> Result<AdminCustomer, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        let id = crate::server_fns::ctx::parse_id(&id, "customer")?;
        services::back_office::customer(ctx.db(), id).await
    }
    .await;
    result.map_err(AppError::with_status)
}

/// Changes an account's role (administrators only). The account signs in again.
#[server(prefix = "/_fn", endpoint = "admin/customers/role")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_set_role(id: String, role: String) -> Result<String, AppError> {
    use services::orders::Actor;
    use shared::account::Flash;
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let admin = ctx.require_admin().await?;
        let id = crate::server_fns::ctx::parse_id(&id, "account")?;
        let email =
            services::back_office::set_role(ctx.db(), id, &role, &Actor::staff(&admin)).await?;
        Ok(format!(
            "{email} is now {}.",
            role.trim().to_ascii_uppercase()
        ))
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}
