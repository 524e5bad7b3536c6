use leptos::prelude::*;

use shared::errors::AppError;
use shared::learning::CourseAccess;

/// The course page `/learn/{slug}`: open for a learner with access, `Locked` otherwise (the
/// page answers 403 then); 404 for anything but an active course.
#[server(prefix = "/_fn", endpoint = "learning/course", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_course(slug: String) -> Result<CourseAccess, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let user = ctx.user().await?.map(|u| u.id);
        services::learning::course::course_access(ctx.db(), user, slug.trim()).await
    }
    .await;
    result.map_err(AppError::with_status)
}
