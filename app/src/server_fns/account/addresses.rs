#![allow(clippy::too_many_arguments)] // one argument per address form field
use leptos::prelude::*;

use shared::account::Address;
use shared::errors::AppError;

/// The signed-in user's address book.
#[server(prefix = "/_fn", endpoint = "account/addresses", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_addresses() -> Result<Vec<Address>, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        services::account::addresses::list(ctx.db(), user.id).await
    }
    .await;
    result.map_err(AppError::with_status)
}

/// One address of the signed-in user (404 for anyone else's).
#[server(prefix = "/_fn", endpoint = "account/address", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_address(id: String) -> Result<Address, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        let id = crate::server_fns::ctx::parse_id(&id, "address")
            .map_err(|_| AppError::NotFound("That address is not in your address book.".into()))?;
        services::account::addresses::get(ctx.db(), user.id, id).await
    }
    .await;
    result.map_err(AppError::with_status)
}

/// Adds (no `id`) or edits an address.
#[server(prefix = "/_fn", endpoint = "account/address/save")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn save_address(
    #[server(default)] id: Option<String>,
    #[server(default)] label: String,
    #[server(default)] recipient_name: String,
    #[server(default)] company: String,
    #[server(default)] line1: String,
    #[server(default)] line2: String,
    #[server(default)] city: String,
    #[server(default)] region: String,
    #[server(default)] postal_code: String,
    #[server(default)] country: String,
    #[server(default)] phone: String,
    #[server(default)] default_shipping: Option<String>,
    #[server(default)] default_billing: Option<String>,
) -> Result<String, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};
    use services::account::addresses::{self, AddressInput};
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let input = AddressInput {
        label,
        recipient_name,
        company,
        line1,
        line2,
        city,
        region,
        postal_code,
        country,
        phone,
        default_shipping,
        default_billing,
    };
    let result = async {
        let user = ctx.require_user().await?;
        match id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(id) => {
                let id = parse_id(id, "address")?;
                addresses::update(ctx.db(), user.id, id, &input).await?;
                Ok("Address saved.".to_string())
            }
            None => {
                addresses::create(ctx.db(), user.id, &input).await?;
                Ok("Address added.".to_string())
            }
        }
    }
    .await;
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        Some("/account/addresses".into()),
    )
    .await
}

/// Deletes an address.
#[server(prefix = "/_fn", endpoint = "account/address/delete")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn delete_address(id: String) -> Result<String, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        let id = parse_id(&id, "address")?;
        services::account::addresses::delete(ctx.db(), user.id, id).await?;
        Ok("Address deleted.".to_string())
    }
    .await;
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        Some("/account/addresses".into()),
    )
    .await
}

/// Makes an address the default for `kind` (`shipping` or `billing`).
#[server(prefix = "/_fn", endpoint = "account/address/default")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_default_address(id: String, kind: String) -> Result<String, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};
    use services::account::addresses::DefaultKind;
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        let id = parse_id(&id, "address")?;
        let kind = match kind.as_str() {
            "shipping" => DefaultKind::Shipping,
            "billing" => DefaultKind::Billing,
            _ => return Err(AppError::bad("Choose shipping or billing.")),
        };
        services::account::addresses::set_default(ctx.db(), user.id, id, kind).await?;
        Ok("Default address updated.".to_string())
    }
    .await;
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        Some("/account/addresses".into()),
    )
    .await
}
