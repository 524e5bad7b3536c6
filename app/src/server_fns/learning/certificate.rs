use leptos::prelude::*;

use shared::errors::AppError;
use shared::learning::Certificate;

/// The public certificate `/certificates/{code}` (no sign-in): its holder, certification and
/// dates, whether it is still valid, and the page's absolute address. 404 for an unknown code.
#[server(prefix = "/_fn", endpoint = "learning/certificate", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_certificate(code: String) -> Result<Certificate, AppError> {
    let result = async {
        let state = crate::server_fns::ctx::app_state()?;
        let mut certificate =
            services::learning::certificates::certificate(&state.db, &code).await?;
        certificate.verify_url = format!("{}{}", state.site.base_url, certificate.verify_url);
        Ok::<_, AppError>(certificate)
    }
    .await;
    result.map_err(AppError::with_status)
}
