//! The Outbox and Jobs pages' server functions (staff).

use leptos::prelude::*;

use shared::errors::AppError;
use shared::ops::{JobsPage, OutboxMail, OutboxPage};

/// Mails, newest first; `status` filters, `before` pages back.
#[server(prefix = "/_fn", endpoint = "admin/outbox/list", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_outbox(
    status: Option<String>,
    before: Option<String>,
) -> Result<OutboxPage, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        let before = before
            .as_deref()
            .map(|b| crate::server_fns::ctx::parse_id(b, "page"))
            .transpose()?;
        services::back_office::operations::outbox_page(
            ctx.db(),
            status.as_deref(),
            before,
            &ctx.state.site.mail_transport,
        )
        .await
    }
    .await;
    result.map_err(AppError::with_status)
}

/// One mail as sent (or as it will be), secret links blanked.
#[server(prefix = "/_fn", endpoint = "admin/outbox/get", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_outbox_mail(id: String) -> Result<OutboxMail, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        let id = crate::server_fns::ctx::parse_id(&id, "mail")?;
        let store = ctx.state.settings.store().store_name;
        services::back_office::operations::outbox_mail(
            ctx.db(),
            id,
            &store,
            &ctx.state.site.base_url,
        )
        .await
    }
    .await;
    result.map_err(AppError::with_status)
}

/// Puts a failed mail back in the queue.
#[server(prefix = "/_fn", endpoint = "admin/outbox/retry")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_outbox_retry(id: String) -> Result<String, AppError> {
    use shared::account::Flash;
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        let id = crate::server_fns::ctx::parse_id(&id, "mail")?;
        services::mail::outbox::requeue(ctx.db(), id).await?;
        Ok("The mail is queued again; it goes out within seconds.".to_string())
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}

/// The background jobs and their latest logged runs.
#[server(prefix = "/_fn", endpoint = "admin/jobs", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_jobs() -> Result<JobsPage, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        services::back_office::operations::jobs_page(ctx.db(), services::db::Ts::now()).await
    }
    .await;
    result.map_err(AppError::with_status)
}
