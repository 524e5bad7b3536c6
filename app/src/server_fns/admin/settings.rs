#![allow(clippy::too_many_arguments)] // one argument per form field
//! The Settings page's functions: administrators only (staff get 403).

use leptos::prelude::*;

use shared::admin::SettingsView;
use shared::errors::AppError;

/// Everything the Settings page shows.
#[server(prefix = "/_fn", endpoint = "admin/settings/get", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_get_settings() -> Result<SettingsView, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_admin().await?;
        services::back_office::store_settings::settings_view(ctx.db(), &ctx.state.settings).await
    }
    .await;
    result.map_err(AppError::with_status)
}

/// Saves the store name, currency, stock-hold time and cart limits.
#[server(prefix = "/_fn", endpoint = "admin/settings/general")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_save_general(
    #[server(default)] store_name: String,
    #[server(default)] currency: String,
    #[server(default)] reservation_minutes: String,
    #[server(default)] cart_max_lines: String,
    #[server(default)] cart_max_per_line: String,
) -> Result<String, AppError> {
    use services::orders::Actor;
    use shared::account::Flash;
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let admin = ctx.require_admin().await?;
        services::back_office::store_settings::save_general(
            ctx.db(),
            &ctx.state.settings,
            &services::back_office::store_settings::GeneralInput {
                store_name,
                currency,
                reservation_minutes,
                cart_max_lines,
                cart_max_per_line,
            },
            &Actor::staff(&admin),
        )
        .await?;
        Ok("Settings saved.".to_string())
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}

/// Creates (blank `id`) or changes a tax rate; `delete` set: deletes it.
#[server(prefix = "/_fn", endpoint = "admin/settings/tax")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_save_tax_rate(
    #[server(default)] id: String,
    #[server(default)] name: String,
    #[server(default)] country: String,
    #[server(default)] region: String,
    #[server(default)] rate: String,
    #[server(default)] inclusive: Option<String>,
    #[server(default)] shipping: Option<String>,
    #[server(default)] active: Option<String>,
    #[server(default)] delete: Option<String>,
) -> Result<String, AppError> {
    use services::back_office::store_settings::{TaxRateInput, delete_tax_rate, save_tax_rate};
    use services::orders::Actor;
    use shared::account::Flash;
    let on = |v: &Option<String>| v.as_deref().is_some_and(|v| v != "false" && v != "off");
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let admin = ctx.require_admin().await?;
        let actor = Actor::staff(&admin);
        let existing = match id.trim() {
            "" => None,
            v => Some(crate::server_fns::ctx::parse_id(v, "tax rate")?),
        };
        if on(&delete) {
            let id = existing.ok_or_else(|| AppError::invalid("id", "Which tax rate?"))?;
            delete_tax_rate(ctx.db(), id, &actor).await?;
            return Ok("Tax rate deleted.".to_string());
        }
        let input = TaxRateInput {
            name,
            country,
            region,
            rate,
            inclusive: on(&inclusive),
            shipping: on(&shipping),
            active: on(&active),
        };
        save_tax_rate(ctx.db(), existing, &input, &actor).await?;
        Ok("Tax rate saved.".to_string())
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}

/// Creates (blank `id`) or changes a shipping method of zone `zone_id`.
#[server(prefix = "/_fn", endpoint = "admin/settings/shipping")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_save_shipping_method(
    #[server(default)] id: String,
    #[server(default)] zone_id: String,
    #[server(default)] code: String,
    #[server(default)] name: String,
    #[server(default)] price: String,
    #[server(default)] free_over: String,
    #[server(default)] currency: String,
    #[server(default)] min_days: String,
    #[server(default)] max_days: String,
    #[server(default)] active: Option<String>,
) -> Result<String, AppError> {
    use services::back_office::store_settings::{MethodInput, save_method};
    use services::orders::Actor;
    use shared::account::Flash;
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let admin = ctx.require_admin().await?;
        let existing = match id.trim() {
            "" => None,
            v => Some(crate::server_fns::ctx::parse_id(v, "shipping method")?),
        };
        let input = MethodInput {
            zone_id: crate::server_fns::ctx::parse_id(&zone_id, "shipping zone")?,
            code,
            name,
            price,
            free_over,
            currency,
            min_days,
            max_days,
            active: active
                .as_deref()
                .is_some_and(|v| v != "false" && v != "off"),
        };
        save_method(ctx.db(), existing, &input, &Actor::staff(&admin)).await?;
        Ok("Shipping method saved.".to_string())
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}

/// Creates (blank `id`) or changes a shipping zone: its name and where it ships.
#[server(prefix = "/_fn", endpoint = "admin/settings/zone")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_save_zone(
    #[server(default)] id: String,
    #[server(default)] name: String,
    #[server(default)] countries: String,
) -> Result<String, AppError> {
    use services::orders::Actor;
    use shared::account::Flash;
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let admin = ctx.require_admin().await?;
        let existing = match id.trim() {
            "" => None,
            v => Some(crate::server_fns::ctx::parse_id(v, "shipping zone")?),
        };
        services::back_office::store_settings::save_zone(
            ctx.db(),
            existing,
            &name,
            &countries,
            &Actor::staff(&admin),
        )
        .await?;
        Ok("Shipping zone saved.".to_string())
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}
