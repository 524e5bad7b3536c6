//! Product images uploaded by staff: checked by content (PNG, JPEG, WebP or GIF, at most
//! [`MAX_IMAGE_BYTES`]), written to the media directory under a fresh name and served under
//! `/media/…`.

use std::path::Path;

use crate::args;
use crate::db::{Db, Ts};
use crate::orders::Actor;
use shared::errors::AppError;

use super::{audit, db_err};

/// Largest image accepted.
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;

/// The file type of an image, from its first bytes (never from its name or the browser's
/// claim).
pub fn image_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("gif")
    } else {
        None
    }
}

/// Checks an upload and says why it is refused.
pub fn check_image(bytes: &[u8]) -> Result<&'static str, AppError> {
    if bytes.is_empty() {
        return Err(AppError::invalid(
            "image",
            "Choose an image file to upload.",
        ));
    }
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(AppError::invalid(
            "image",
            format!(
                "That image is {:.1} MB; the limit is 5 MB.",
                bytes.len() as f64 / 1_048_576.0
            ),
        ));
    }
    image_kind(bytes).ok_or_else(|| {
        AppError::invalid("image", "That file is not a PNG, JPEG, WebP or GIF image.")
    })
}

/// Stores `bytes` as a new image of product `product_id` (last in order). Returns its URL.
pub async fn add_image(
    db: &Db,
    media_dir: &Path,
    product_id: i64,
    bytes: &[u8],
    alt: &str,
    actor: &Actor,
) -> Result<String, AppError> {
    let ext = check_image(bytes)?;
    let alt: String = alt.trim().chars().take(200).collect();
    let exists: Option<(i64,)> = db
        .opt("SELECT id FROM products WHERE id = $1", args![product_id])
        .await
        .map_err(db_err)?;
    if exists.is_none() {
        return Err(AppError::NotFound(format!(
            "There is no product {product_id}."
        )));
    }
    let name = format!("p{product_id}-{}.{ext}", crate::tokens::random_hex(12));
    tokio::fs::create_dir_all(media_dir)
        .await
        .map_err(|e| AppError::internal("creating the media directory", e))?;
    let path = media_dir.join(&name);
    tokio::fs::write(&path, bytes)
        .await
        .map_err(|e| AppError::internal("writing an uploaded image", e))?;
    let url = format!("/media/{name}");
    let now = Ts::now();
    let saved = async {
        let mut tx = db.begin_write().await.map_err(db_err)?;
        tx.exec(
            "INSERT INTO product_images (product_id, url, alt, position, created_at)
             VALUES ($1, $2, $3, COALESCE((SELECT MAX(position) + 1 FROM product_images WHERE product_id = $1), 0), $4)",
            args![product_id, url.as_str(), alt.as_str(), now],
        )
        .await
        .map_err(db_err)?;
        audit(
            &mut tx,
            actor,
            "product.image_add",
            "product",
            Some(product_id),
            serde_json::json!({ "url": url }),
            now,
        )
        .await?;
        tx.commit().await.map_err(db_err)
    }
    .await;
    if let Err(e) = saved {
        let _ = tokio::fs::remove_file(&path).await;
        return Err(e);
    }
    Ok(url)
}

/// Removes image `image_id` of product `product_id` (and its file when it is ours).
pub async fn remove_image(
    db: &Db,
    media_dir: &Path,
    product_id: i64,
    image_id: i64,
    actor: &Actor,
) -> Result<(), AppError> {
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let row: Option<(String,)> = tx
        .opt(
            "SELECT url FROM product_images WHERE id = $1 AND product_id = $2",
            args![image_id, product_id],
        )
        .await
        .map_err(db_err)?;
    let (url,) = row.ok_or_else(|| AppError::NotFound("There is no such image.".into()))?;
    tx.exec("DELETE FROM product_images WHERE id = $1", args![image_id])
        .await
        .map_err(db_err)?;
    audit(
        &mut tx,
        actor,
        "product.image_remove",
        "product",
        Some(product_id),
        serde_json::json!({ "url": url }),
        now,
    )
    .await?;
    let (still_used,): (i64,) = tx
        .one(
            "SELECT COUNT(*) FROM product_images WHERE url = $1",
            args![url.as_str()],
        )
        .await
        .map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    if still_used == 0
        && let Some(file) = url.strip_prefix("/media/")
        && !file.contains('/')
        && !file.contains("..")
    {
        let _ = tokio::fs::remove_file(media_dir.join(file)).await;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_known_by_their_bytes() {
        assert_eq!(image_kind(b"\x89PNG\r\n\x1a\n...."), Some("png"));
        assert_eq!(image_kind(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("jpg"));
        assert_eq!(image_kind(b"RIFF\0\0\0\0WEBPVP8 "), Some("webp"));
        assert_eq!(image_kind(b"GIF89a..."), Some("gif"));
        assert_eq!(image_kind(b"<svg xmlns="), None);
        assert!(check_image(b"").is_err());
        assert!(check_image(&vec![0xFF; MAX_IMAGE_BYTES + 1]).is_err());
    }
}
