//! Serving a digital product through its download link: a random 256-bit token per order
//! line that works `max_downloads` times until `expires_at`, unless revoked (a refund or
//! cancellation). Each use is counted in the same statement that checks it, so parallel
//! requests cannot exceed the count.

use super::db_err;
use crate::args;
use crate::db::{Db, Ts};
use shared::errors::AppError;

/// A file to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Download {
    pub file_name: String,
    pub content_type: String,
    pub content: Vec<u8>,
}

#[derive(sqlx::FromRow)]
struct Taken {
    product_id: Option<i64>,
    product_name: String,
    number: String,
}

/// Uses one download of `token`'s link. Unknown: 404; expired, used up or revoked: 403 with
/// the reason.
pub async fn take(db: &Db, token: &str) -> Result<Download, AppError> {
    if !crate::tokens::looks_like_token(token) {
        return Err(unknown());
    }
    let now = Ts::now();
    let counted = db
        .exec(
            "UPDATE download_links SET download_count = download_count + 1, last_downloaded_at = $1
              WHERE token = $2 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $1)
                AND (max_downloads IS NULL OR download_count < max_downloads)",
            args![now, token],
        )
        .await
        .map_err(db_err)?;
    if counted == 0 {
        return Err(refused(db, token, now).await?);
    }
    let taken: Taken = db
        .one(
            "SELECT oi.product_id AS product_id, oi.product_name AS product_name, o.number AS number
               FROM download_links d
               JOIN order_items oi ON oi.id = d.order_item_id
               JOIN orders o ON o.id = d.order_id
              WHERE d.token = $1",
            args![token],
        )
        .await
        .map_err(db_err)?;
    let file: Option<(String, String, Vec<u8>)> = match taken.product_id {
        Some(p) => db
            .opt(
                "SELECT file_name, content_type, content FROM download_files WHERE product_id = $1",
                args![p],
            )
            .await
            .map_err(db_err)?,
        None => None,
    };
    Ok(match file {
        Some((file_name, content_type, content)) => Download {
            file_name,
            content_type,
            content,
        },
        // No file uploaded: a receipt-style text file, so the link still delivers something.
        None => Download {
            file_name: format!(
                "{}.txt",
                storefront::Slug::from_title(&taken.product_name)
                    .map_or_else(|_| "download".to_string(), |s| s.as_str().to_string())
            ),
            content_type: "text/plain; charset=utf-8".into(),
            content: format!(
                "{}\nOrder {}\n\nThank you for your purchase.\n",
                taken.product_name, taken.number
            )
            .into_bytes(),
        },
    })
}

fn unknown() -> AppError {
    AppError::NotFound("This download link does not exist.".into())
}

/// Why a known link no longer works.
async fn refused(db: &Db, token: &str, now: Ts) -> Result<AppError, AppError> {
    let row: Option<(bool, bool)> = db
        .opt(
            "SELECT revoked_at IS NOT NULL, (expires_at IS NOT NULL AND expires_at <= $2)
               FROM download_links WHERE token = $1",
            args![token, now],
        )
        .await
        .map_err(db_err)?;
    Ok(match row {
        None => unknown(),
        Some((true, _)) => AppError::Forbidden(
            "This download is no longer available: the order was refunded or cancelled.".into(),
        ),
        Some((_, true)) => AppError::Forbidden(
            "This download link has expired. Contact us if you need the file again.".into(),
        ),
        Some(_) => AppError::Forbidden(
            "This download link has been used as many times as it allows. Contact us if you need the file again."
                .into(),
        ),
    })
}
