//! Creating and changing products with their variants: one set of rules for the editor, the
//! CSV import and `POST/PUT /api/products`. Search, listing columns and facets follow through
//! the catalogue triggers in the same transaction, so a saved product is findable at once. A
//! product saved as a SUBSCRIPTION gets its plan row (monthly, no trial) when it has none.

use storefront::{Currency, Sku, VariantAttributes};

use crate::args;
use crate::db::{Db, Ts, Tx};
use crate::orders::Actor;
use shared::errors::AppError;

use super::{audit, db_err};

mod checks;

/// Highest price accepted, in minor units (100 million in the major unit).
const MAX_PRICE_MINOR: i64 = 10_000_000_000;

/// Most variants one product may have.
pub const MAX_VARIANTS: usize = 100;

/// A product as an editor submits it (already split into fields, not yet checked).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProductInput {
    pub name: String,
    /// Blank: made from the name.
    pub slug: Option<String>,
    pub description: String,
    /// `PHYSICAL`, `DIGITAL`, `COURSE` or `SUBSCRIPTION` (the kinds made of other products
    /// keep their kind).
    pub kind: String,
    /// Category and brand slugs (blank: none).
    pub category: Option<String>,
    pub brand: Option<String>,
    pub currency: String,
    pub active: bool,
    pub featured: bool,
    pub variants: Vec<VariantInput>,
    /// Image URLs in order, replacing the product's images (`None`: leave them alone).
    pub images: Option<Vec<String>>,
}

/// One variant as submitted. Amounts are minor units of the product's currency.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VariantInput {
    /// The variant being edited (blank: matched by SKU, else new).
    pub id: Option<i64>,
    pub sku: String,
    pub attributes: VariantAttributes,
    pub price_minor: i64,
    pub compare_at_minor: Option<i64>,
    pub weight_grams: i64,
    pub active: bool,
    /// Whether stock is counted. `None`: keep what an existing variant has; a new one
    /// tracks stock unless the product is DIGITAL or a SUBSCRIPTION plan.
    pub track_inventory: Option<bool>,
    /// Units on hand to set (new variants start at this, default 0; for existing ones a
    /// difference is booked as an ADJUSTMENT movement). `None`: leave stock alone.
    pub stock: Option<i64>,
    pub low_stock_threshold: Option<i64>,
}

/// What a save did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SaveOutcome {
    pub id: i64,
    pub slug: String,
    pub created: bool,
    pub variants_created: u64,
    pub variants_updated: u64,
}

/// A checked product, ready to write.
struct Checked {
    name: String,
    slug: String,
    description: String,
    kind: String,
    currency: Currency,
    options_json: String,
    variants: Vec<(VariantInput, Sku)>,
}

fn attributes_json(a: &VariantAttributes) -> String {
    let map: serde_json::Map<String, serde_json::Value> = a
        .pairs()
        .iter()
        .map(|(n, v)| (n.clone(), serde_json::Value::String(v.clone())))
        .collect();
    serde_json::Value::Object(map).to_string()
}

async fn lookup_slug(
    tx: &mut Tx,
    table: &str,
    slug: Option<&str>,
) -> Result<Option<i64>, AppError> {
    let Some(slug) = slug.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let found: Option<(i64,)> = tx
        .opt(
            &format!("SELECT id FROM {table} WHERE slug = $1"),
            args![slug.to_lowercase()],
        )
        .await
        .map_err(db_err)?;
    match found {
        Some((id,)) => Ok(Some(id)),
        None => Err(AppError::invalid(
            if table == "categories" {
                "category"
            } else {
                "brand"
            },
            format!(
                "There is no {} “{slug}”.",
                if table == "categories" {
                    "category"
                } else {
                    "brand"
                }
            ),
        )),
    }
}

/// Creates (`id` None) or updates product `id` from `input`, in one transaction.
pub async fn save_product(
    db: &Db,
    id: Option<i64>,
    input: &ProductInput,
    actor: &Actor,
) -> Result<SaveOutcome, AppError> {
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let out = save_in(&mut tx, id, input, actor, Ts::now()).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(out)
}

/// [`save_product`] inside the caller's transaction (the CSV import saves many at once).
pub(crate) async fn save_in(
    tx: &mut Tx,
    id: Option<i64>,
    input: &ProductInput,
    actor: &Actor,
    now: Ts,
) -> Result<SaveOutcome, AppError> {
    let kind = stored_kind(tx, id).await?;
    let c = checks::check(input, kind.as_deref())?;
    let category_id = lookup_slug(tx, "categories", input.category.as_deref()).await?;
    let brand_id = lookup_slug(tx, "brands", input.brand.as_deref()).await?;
    check_slug_free(tx, &c.slug, id).await?;
    if let Some(id) = id {
        check_plan_kept(tx, id, kind.as_deref(), &c.kind).await?;
    }
    let product_id = write_product(tx, id, &c, input, category_id, brand_id, now).await?;
    if c.kind == "SUBSCRIPTION" {
        // A plan sells only with its plan row: monthly, no trial, until staff set its terms.
        super::learning_products::ensure_plan_row(tx, product_id).await?;
    }
    let mut out = SaveOutcome {
        id: product_id,
        slug: c.slug.clone(),
        created: id.is_none(),
        ..SaveOutcome::default()
    };
    let mut kept: Vec<i64> = Vec::new();
    for (position, (v, sku)) in c.variants.iter().enumerate() {
        let variant_id =
            save_variant(tx, product_id, position, v, sku, &c, actor, now, &mut out).await?;
        kept.push(variant_id);
    }
    archive_left_out(tx, product_id, &kept, now).await?;
    super::learning_products::refresh_bundles_for_course(tx, product_id, now).await?;
    if let Some(urls) = &input.images {
        replace_images(tx, product_id, urls, now).await?;
    }
    audit(
        tx,
        actor,
        if out.created {
            "product.create"
        } else {
            "product.update"
        },
        "product",
        Some(product_id),
        serde_json::json!({
            "name": c.name,
            "slug": c.slug,
            "active": input.active,
            "variants": c.variants.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>(),
        }),
        now,
    )
    .await?;
    Ok(out)
}

/// The stored kind of product `id` when one is being edited (404 when there is none).
async fn stored_kind(tx: &mut Tx, id: Option<i64>) -> Result<Option<String>, AppError> {
    let Some(id) = id else {
        return Ok(None);
    };
    let (_, kind, _): (i64, String, String) = tx
        .opt(
            "SELECT id, kind, slug FROM products WHERE id = $1",
            args![id],
        )
        .await
        .map_err(db_err)?
        .ok_or_else(|| AppError::NotFound(format!("There is no product {id}.")))?;
    Ok(Some(kind))
}

/// A 409 when subscription plan `id` (stored as `stored`) would become another kind while
/// it has live subscriptions: they renew and open courses through it.
async fn check_plan_kept(
    tx: &mut Tx,
    id: i64,
    stored: Option<&str>,
    kind: &str,
) -> Result<(), AppError> {
    if stored != Some("SUBSCRIPTION") || kind == "SUBSCRIPTION" {
        return Ok(());
    }
    let live = super::learning_products::live_subscriptions(tx, id).await?;
    if live > 0 {
        return Err(AppError::Conflict(format!(
            "This plan has {live} live subscription{}: it stays a SUBSCRIPTION product. \
             Archive it to stop selling it.",
            if live == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

/// A 409 when a product other than `id` already has the address `slug`.
async fn check_slug_free(tx: &mut Tx, slug: &str, id: Option<i64>) -> Result<(), AppError> {
    let taken: Option<(i64,)> = tx
        .opt("SELECT id FROM products WHERE slug = $1", args![slug])
        .await
        .map_err(db_err)?;
    if let Some((other,)) = taken
        && Some(other) != id
    {
        return Err(AppError::Conflict(format!(
            "Another product already uses the address /p/{slug}; choose another slug."
        )));
    }
    Ok(())
}

/// Updates product `id`'s row, or inserts a new one (`id` None); returns the product's id.
async fn write_product(
    tx: &mut Tx,
    id: Option<i64>,
    c: &Checked,
    input: &ProductInput,
    category_id: Option<i64>,
    brand_id: Option<i64>,
    now: Ts,
) -> Result<i64, AppError> {
    let json = crate::db::sql::json_param(tx.backend(), 6);
    let Some(id) = id else {
        let (new_id,): (i64,) = tx
            .one(
                &format!(
                    "INSERT INTO products (name, slug, description, kind, category_id, options,
                            brand_id, is_active, is_featured, created_at, updated_at)
                         VALUES ($1, $2, $3, $4, $5, {json}, $7, $8, $9, $10, $10) RETURNING id"
                ),
                args![
                    c.name.as_str(),
                    c.slug.as_str(),
                    c.description.as_str(),
                    c.kind.as_str(),
                    category_id,
                    c.options_json.as_str(),
                    brand_id,
                    input.active,
                    input.featured,
                    now
                ],
            )
            .await
            .map_err(super::clash("address or SKU"))?;
        return Ok(new_id);
    };
    tx.exec(
        &format!(
            "UPDATE products SET name = $1, slug = $2, description = $3, kind = $4,
                        category_id = $5, options = {json}, brand_id = $7, is_active = $8,
                        is_featured = $9, updated_at = $10
                      WHERE id = $11"
        ),
        args![
            c.name.as_str(),
            c.slug.as_str(),
            c.description.as_str(),
            c.kind.as_str(),
            category_id,
            c.options_json.as_str(),
            brand_id,
            input.active,
            input.featured,
            now,
            id
        ],
    )
    .await
    .map_err(super::clash("address or SKU"))?;
    Ok(id)
}

/// Archives the product's active variants that are not in `kept`: never deleted, as orders
/// and carts point at them.
async fn archive_left_out(
    tx: &mut Tx,
    product_id: i64,
    kept: &[i64],
    now: Ts,
) -> Result<(), AppError> {
    let mut q = crate::db::sql::SqlBuf::new(tx.backend());
    q.push("UPDATE product_variants SET is_active = FALSE, updated_at = ")
        .bind(now.into())
        .push(" WHERE product_id = ")
        .bind(product_id.into())
        .push(" AND is_active = TRUE AND id NOT IN ")
        .bind_id_set(kept);
    tx.exec(&q.sql, q.args).await.map_err(db_err)?;
    Ok(())
}

/// The variant being saved: the one named by id (it must be this product's), else the one
/// with this SKU in this product, else none (a new one). A SKU of another variant is a 409.
async fn existing_variant(
    tx: &mut Tx,
    product_id: i64,
    variant_id: Option<i64>,
    sku: &Sku,
) -> Result<Option<i64>, AppError> {
    let by_sku: Option<(i64, i64)> = tx
        .opt(
            "SELECT id, product_id FROM product_variants WHERE sku = $1",
            args![sku.as_str()],
        )
        .await
        .map_err(db_err)?;
    Ok(match (variant_id, by_sku) {
        (Some(id), Some((other, _))) if other != id => {
            return Err(AppError::Conflict(format!(
                "The SKU {} is already used by another variant.",
                sku.as_str()
            )));
        }
        (_, Some((_, owner))) if owner != product_id => {
            return Err(AppError::Conflict(format!(
                "The SKU {} belongs to another product.",
                sku.as_str()
            )));
        }
        (Some(id), _) => {
            let mine: Option<(i64,)> = tx
                .opt(
                    "SELECT id FROM product_variants WHERE id = $1 AND product_id = $2",
                    args![id, product_id],
                )
                .await
                .map_err(db_err)?;
            if mine.is_none() {
                return Err(AppError::invalid(
                    "variants",
                    format!("Variant {id} is not part of this product."),
                ));
            }
            Some(id)
        }
        (None, Some((id, _))) => Some(id),
        (None, None) => None,
    })
}

/// Whether the variant tracks stock: as given, else as stored, else not for digital goods
/// and subscription plans.
async fn tracks_stock(
    tx: &mut Tx,
    v: &VariantInput,
    existing: Option<i64>,
    kind: &str,
) -> Result<bool, AppError> {
    Ok(match (v.track_inventory, existing) {
        (Some(t), _) => t,
        (None, Some(id)) => {
            let (t,): (bool,) = tx
                .one(
                    "SELECT track_inventory FROM product_variants WHERE id = $1",
                    args![id],
                )
                .await
                .map_err(db_err)?;
            t
        }
        (None, None) => !matches!(kind, "DIGITAL" | "SUBSCRIPTION"),
    })
}

/// A saved variant's threshold and counted stock, when the form gives them.
async fn update_stock_settings(
    tx: &mut Tx,
    id: i64,
    v: &VariantInput,
    actor: &Actor,
    now: Ts,
) -> Result<(), AppError> {
    if let Some(t) = v.low_stock_threshold {
        super::inventory::ensure_row(tx, id, now).await?;
        tx.exec(
            "UPDATE inventory SET low_stock_threshold = $1, updated_at = $2 WHERE variant_id = $3",
            args![t, now, id],
        )
        .await
        .map_err(db_err)?;
    }
    if let Some(target) = v.stock {
        super::inventory::set_on_hand(tx, id, target, "Set by product save", actor, now).await?;
    }
    Ok(())
}

/// A new variant's inventory row, with an INITIAL movement when it starts with stock.
async fn first_stock(
    tx: &mut Tx,
    id: i64,
    v: &VariantInput,
    actor: &Actor,
    now: Ts,
) -> Result<(), AppError> {
    let stock = v.stock.unwrap_or(0);
    tx.exec(
        "INSERT INTO inventory (variant_id, on_hand, reserved, low_stock_threshold, created_at, updated_at)
         VALUES ($1, $2, 0, $3, $4, $4)",
        args![id, stock, v.low_stock_threshold.unwrap_or(5), now],
    )
    .await
    .map_err(db_err)?;
    if stock > 0 {
        tx.exec(
            "INSERT INTO inventory_movements (variant_id, delta, on_hand_after, reason, note, actor, actor_user_id, created_at)
             VALUES ($1, $2, $2, 'INITIAL', 'New variant', $3, $4, $5)",
            args![id, stock, actor.label.as_str(), actor.user_id, now],
        )
        .await
        .map_err(db_err)?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn save_variant(
    tx: &mut Tx,
    product_id: i64,
    position: usize,
    v: &VariantInput,
    sku: &Sku,
    c: &Checked,
    actor: &Actor,
    now: Ts,
    out: &mut SaveOutcome,
) -> Result<i64, AppError> {
    let currency = c.currency;
    let existing = existing_variant(tx, product_id, v.id, sku).await?;
    let attrs = attributes_json(&v.attributes);
    let json = crate::db::sql::json_param(tx.backend(), 3);
    let name = v.attributes.display_name();
    let compare = v.compare_at_minor;
    let position = i64::try_from(position).unwrap_or(0);
    let track = tracks_stock(tx, v, existing, &c.kind).await?;
    match existing {
        Some(id) => {
            tx.exec(
                &format!(
                    "UPDATE product_variants SET sku = $1, name = $2, attributes = {json},
                        price_amount = $4, compare_at_amount = $5, currency = $6, weight_grams = $7,
                        track_inventory = $8, is_active = $9, position = $10, updated_at = $11
                      WHERE id = $12"
                ),
                args![
                    sku.as_str(),
                    name.as_str(),
                    attrs.as_str(),
                    v.price_minor,
                    compare,
                    currency.code(),
                    v.weight_grams,
                    track,
                    v.active,
                    position,
                    now,
                    id
                ],
            )
            .await
            .map_err(super::clash("address or SKU"))?;
            out.variants_updated += 1;
            update_stock_settings(tx, id, v, actor, now).await?;
            Ok(id)
        }
        None => {
            let (id,): (i64,) = tx
                .one(
                    &format!(
                        "INSERT INTO product_variants (product_id, sku, name, attributes, price_amount,
                            compare_at_amount, currency, weight_grams, track_inventory, is_active,
                            position, created_at, updated_at)
                         VALUES ($1, $2, $4, {json}, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id"
                    ),
                    args![
                        product_id,
                        sku.as_str(),
                        attrs.as_str(),
                        name.as_str(),
                        v.price_minor,
                        compare,
                        currency.code(),
                        v.weight_grams,
                        track,
                        v.active,
                        position,
                        now
                    ],
                )
                .await
                .map_err(super::clash("address or SKU"))?;
            first_stock(tx, id, v, actor, now).await?;
            out.variants_created += 1;
            Ok(id)
        }
    }
}

/// A usable image address: one of ours (`/media/…`, `/images/…`) or an https URL.
fn check_image_url(url: &str) -> Result<String, AppError> {
    let url = url.trim();
    let ok = url.len() <= 500
        && !url.contains(char::is_whitespace)
        && !url.contains("..")
        && (url.starts_with("/media/")
            || url.starts_with("/images/")
            || url.starts_with("https://"));
    if ok {
        Ok(url.to_string())
    } else {
        Err(AppError::invalid(
            "images",
            format!("{url:?} is not an image address (use /media/…, /images/… or https://…)."),
        ))
    }
}

async fn replace_images(
    tx: &mut Tx,
    product_id: i64,
    urls: &[String],
    now: Ts,
) -> Result<(), AppError> {
    let urls = urls
        .iter()
        .filter(|u| !u.trim().is_empty())
        .map(|u| check_image_url(u))
        .collect::<Result<Vec<_>, _>>()?;
    if urls.len() > 20 {
        return Err(AppError::invalid(
            "images",
            "A product can have at most 20 images.",
        ));
    }
    let current: Vec<(String,)> = tx
        .all(
            "SELECT url FROM product_images WHERE product_id = $1 ORDER BY position, id",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    if current.iter().map(|c| &c.0).eq(urls.iter()) {
        return Ok(());
    }
    tx.exec(
        "DELETE FROM product_images WHERE product_id = $1",
        args![product_id],
    )
    .await
    .map_err(db_err)?;
    for (position, url) in urls.iter().enumerate() {
        tx.exec(
            "INSERT INTO product_images (product_id, url, alt, position, created_at) VALUES ($1, $2, '', $3, $4)",
            args![product_id, url.as_str(), i64::try_from(position).unwrap_or(0), now],
        )
        .await
        .map_err(db_err)?;
    }
    Ok(())
}

/// Archives product `id` (hidden from the shop, kept for orders; saving it active again
/// brings it back).
pub async fn archive_product(db: &Db, id: i64, actor: &Actor) -> Result<String, AppError> {
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let row: Option<(String,)> = tx
        .opt("SELECT name FROM products WHERE id = $1", args![id])
        .await
        .map_err(db_err)?;
    let (name,) = row.ok_or_else(|| AppError::NotFound(format!("There is no product {id}.")))?;
    tx.exec(
        "UPDATE products SET is_active = FALSE, updated_at = $1 WHERE id = $2",
        args![now, id],
    )
    .await
    .map_err(db_err)?;
    audit(
        &mut tx,
        actor,
        "product.archive",
        "product",
        Some(id),
        serde_json::json!({ "name": name }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(name)
}
