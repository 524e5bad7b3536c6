use leptos::prelude::*;

use shared::errors::AppError;

/// Marks certification registration `id` passed (`action` = "pass") or failed ("fail").
/// Staff only. A plain form post comes back to the page with a flash message.
#[server(prefix = "/_fn", endpoint = "admin/learning/mark")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_mark_certification(id: String, action: String) -> Result<String, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let passed = match action.trim() {
            "pass" => true,
            "fail" => false,
            _ => {
                return Err(AppError::invalid(
                    "action",
                    "Mark the registration “pass” or “fail”.",
                ));
            }
        };
        let id = parse_id(&id, "registration")?;
        services::learning::certificates::mark(ctx.db(), &staff, id, passed).await?;
        Ok(if passed {
            "Marked passed: the certificate is issued and the learner is emailed.".to_string()
        } else {
            "Marked failed.".to_string()
        })
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}
