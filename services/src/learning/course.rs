//! `/learn/{slug}`: the course page for a learner with access (syllabus and progress), or
//! why it is locked; marking modules done.

use std::collections::HashSet;

use super::db_err;
use crate::args;
use crate::db::{Db, Ts};
use shared::errors::AppError;
use shared::learning::{CourseAccess, CoursePage, ModuleView};

#[derive(sqlx::FromRow)]
struct CourseRow {
    id: i64,
    slug: String,
    name: String,
    description: String,
}

/// The active COURSE product `slug`; 404 otherwise.
async fn find_course(db: &Db, slug: &str) -> Result<CourseRow, AppError> {
    let not_found = || AppError::NotFound(format!("There is no course “{slug}”."));
    if storefront::ids::Slug::parse(slug).is_err() {
        return Err(not_found());
    }
    db.opt::<CourseRow>(
        "SELECT p.id, p.slug, p.name, p.description FROM products p
          WHERE p.slug = $1 AND p.is_active AND p.kind = 'COURSE'",
        args![slug],
    )
    .await
    .map_err(db_err)?
    .ok_or_else(not_found)
}

/// The course's module titles, in order (no details row: an empty syllabus).
async fn syllabus(db: &Db, course_id: i64) -> Result<Vec<String>, AppError> {
    let row: Option<(String,)> = db
        .opt(
            "SELECT modules FROM course_details WHERE product_id = $1",
            args![course_id],
        )
        .await
        .map_err(db_err)?;
    match row {
        None => Ok(Vec::new()),
        Some((text,)) => serde_json::from_str(&text)
            .map_err(|e| AppError::internal("course_details.modules is not a list of titles", e)),
    }
}

/// Whether `user_id` has an ACTIVE enrolment in `course_id` (bought, in a bundle, or a seat).
pub async fn has_course_access(db: &Db, user_id: i64, course_id: i64) -> Result<bool, AppError> {
    let row: Option<(i64,)> = db
        .opt(
            "SELECT e.id FROM enrolments e
              WHERE e.user_id = $1 AND e.course_id = $2 AND e.status = 'ACTIVE'
              LIMIT 1",
            args![user_id, course_id],
        )
        .await
        .map_err(db_err)?;
    if row.is_some() {
        return Ok(true);
    }
    crate::subscriptions::access::subscriber_opens(db, user_id, course_id).await
}

/// The course page for `user_id`, or `Locked` (signed out, or no access). 404 for anything
/// but an active course.
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn course_access(
    db: &Db,
    user_id: Option<i64>,
    slug: &str,
) -> Result<CourseAccess, AppError> {
    let course = find_course(db, slug).await?;
    let allowed = match user_id {
        Some(u) => has_course_access(db, u, course.id).await?,
        None => false,
    };
    let (true, Some(user)) = (allowed, user_id) else {
        return Ok(CourseAccess::Locked {
            name: course.name,
            product_slug: course.slug,
            signed_in: user_id.is_some(),
        });
    };
    seat_opened(db, user, course.id).await?;
    let titles = syllabus(db, course.id).await?;
    let done: HashSet<i64> = db
        .all::<(i64,)>(
            "SELECT CAST(module AS BIGINT) FROM course_progress WHERE user_id = $1 AND course_id = $2",
            args![user, course.id],
        )
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|(m,)| m)
        .collect();
    let modules: Vec<ModuleView> = titles
        .into_iter()
        .enumerate()
        .map(|(i, title)| ModuleView {
            index: u32::try_from(i).unwrap_or(u32::MAX),
            title,
            done: i64::try_from(i).is_ok_and(|i| done.contains(&i)),
        })
        .collect();
    let modules_done = u32::try_from(modules.iter().filter(|m| m.done).count()).unwrap_or(0);
    Ok(CourseAccess::Open(CoursePage {
        course_id: course.id,
        slug: course.slug,
        name: course.name,
        description: course.description,
        modules,
        modules_done,
    }))
}

/// A seat holder opened the course: the licence owner sees when each seat was last used.
async fn seat_opened(db: &Db, user: i64, course: i64) -> Result<(), AppError> {
    let seat: Option<(i64,)> = db
        .opt(
            "SELECT seat_id FROM enrolments
              WHERE user_id = $1 AND course_id = $2 AND status = 'ACTIVE' AND seat_id IS NOT NULL
              LIMIT 1",
            args![user, course],
        )
        .await
        .map_err(db_err)?;
    if seat.is_none() {
        // Most views: access bought directly or by subscription, nothing to record.
        return Ok(());
    }
    db.exec(
        "UPDATE licence_seats SET last_opened_at = $1
          WHERE user_id = $2 AND status = 'ACTIVE' AND id IN
                (SELECT seat_id FROM enrolments
                  WHERE user_id = $2 AND course_id = $3 AND status = 'ACTIVE' AND seat_id IS NOT NULL)",
        args![crate::db::Ts::now(), user, course],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Marks module `module` (0-based) of course `slug` done or not done for `user_id`. 404 for
/// an unknown course, 403 without access, 422 for a module outside the syllabus. Marking
/// twice changes nothing.
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn mark_module(
    db: &Db,
    user_id: i64,
    slug: &str,
    module: u32,
    done: bool,
) -> Result<(), AppError> {
    let course = find_course(db, slug).await?;
    if !has_course_access(db, user_id, course.id).await? {
        return Err(AppError::Forbidden(
            "This course is for enrolled learners.".into(),
        ));
    }
    let titles = syllabus(db, course.id).await?;
    let outside = || AppError::invalid("module", "That module is not part of this course.");
    let index = usize::try_from(module).map_err(|_| outside())?;
    if index >= titles.len() {
        return Err(outside());
    }
    let module = i32::try_from(module).map_err(|_| outside())?;
    if done {
        db.exec(
            "INSERT INTO course_progress (user_id, course_id, module, completed_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id, course_id, module) DO NOTHING",
            args![user_id, course.id, module, Ts::now()],
        )
        .await
        .map_err(db_err)?;
    } else {
        db.exec(
            "DELETE FROM course_progress WHERE user_id = $1 AND course_id = $2 AND module = $3",
            args![user_id, course.id, module],
        )
        .await
        .map_err(db_err)?;
    }
    Ok(())
}
