//! Categories and brands for staff (`/admin/catalogue`): the category tree and the brands with
//! their product counts; create, rename (and re-slug), move a category (a new parent), and
//! archive/restore. Archived ones leave the shop's menus and facets (`catalog::CategoryTree`
//! reads active categories only, the brand facet lists active brands); their products stay.
//! Every change leaves an `audit_events` row.

use std::collections::HashSet;

use serde_json::json;
use storefront::Slug;

use crate::args;
use crate::db::{Db, Ts, Tx};
use crate::orders::Actor;
use shared::admin::{AdminBrandRow, AdminCategoryRow, AdminTaxonomy, TaxonomySaved};
use shared::errors::AppError;

use super::{audit, clash, db_err};

/// Longest category or brand name, in characters.
pub const MAX_NAME: usize = 120;

/// A category as staff submit it: a blank `slug` is derived from the name; `parent` None
/// puts it at the top level.
#[derive(Clone, Debug, Default)]
pub struct CategoryInput {
    pub name: String,
    pub slug: String,
    pub parent: Option<i64>,
}

/// A brand as staff submit it: a blank `slug` is derived from the name.
#[derive(Clone, Debug, Default)]
pub struct BrandInput {
    pub name: String,
    pub slug: String,
}

#[derive(sqlx::FromRow)]
struct CategoryRow {
    id: i64,
    parent_id: Option<i64>,
    name: String,
    slug: String,
    position: i64,
    is_active: bool,
    product_count: i64,
}

#[derive(sqlx::FromRow)]
struct BrandRow {
    id: i64,
    name: String,
    slug: String,
    is_active: bool,
    product_count: i64,
}

/// A stored category or brand (brands have no parent and position 0).
#[derive(sqlx::FromRow)]
struct Stored {
    parent_id: Option<i64>,
    name: String,
    slug: String,
    position: i64,
    is_active: bool,
}

/// Categories and brands share these checks and messages.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Category,
    Brand,
}

impl Kind {
    fn table(self) -> &'static str {
        match self {
            Kind::Category => "categories",
            Kind::Brand => "brands",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Category => "category",
            Kind::Brand => "brand",
        }
    }
}

/// Every category (as a tree) and every brand, archived ones included.
pub async fn list_taxonomy(db: &Db) -> Result<AdminTaxonomy, AppError> {
    let categories: Vec<CategoryRow> = db
        .all(
            "SELECT c.id, c.parent_id, c.name, c.slug, CAST(c.position AS BIGINT) AS position,
                    c.is_active,
                    CAST((SELECT COUNT(*) FROM products p
                           WHERE p.category_id = c.id AND p.is_active = TRUE) AS BIGINT)
                        AS product_count
               FROM categories c
              ORDER BY c.position, c.name, c.id",
            args![],
        )
        .await
        .map_err(db_err)?;
    let brands: Vec<BrandRow> = db
        .all(
            "SELECT b.id, b.name, b.slug, b.is_active,
                    CAST((SELECT COUNT(*) FROM products p
                           WHERE p.brand_id = b.id AND p.is_active = TRUE) AS BIGINT)
                        AS product_count
               FROM brands b
              ORDER BY b.name, b.id",
            args![],
        )
        .await
        .map_err(db_err)?;
    Ok(AdminTaxonomy {
        categories: tree_order(categories),
        brands: brands
            .into_iter()
            .map(|b| AdminBrandRow {
                id: b.id,
                name: b.name,
                slug: b.slug,
                is_active: b.is_active,
                product_count: b.product_count,
            })
            .collect(),
    })
}

/// `rows` (sorted by position, name) depth-first from the top level, each child after its
/// parent. Rows no top-level category reaches (a cycle in bad data) follow at depth 0.
fn tree_order(rows: Vec<CategoryRow>) -> Vec<AdminCategoryRow> {
    let ids: HashSet<i64> = rows.iter().map(|r| r.id).collect();
    let mut placed = vec![false; rows.len()];
    let mut order: Vec<(usize, u32)> = Vec::with_capacity(rows.len());
    let mut stack: Vec<(usize, u32)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.parent_id.is_none_or(|p| !ids.contains(&p)))
        .map(|(i, _)| (i, 0))
        .rev()
        .collect();
    loop {
        while let Some((i, depth)) = stack.pop() {
            if placed[i] {
                continue;
            }
            placed[i] = true;
            order.push((i, depth));
            let id = rows[i].id;
            let children: Vec<(usize, u32)> = rows
                .iter()
                .enumerate()
                .filter(|(j, r)| r.parent_id == Some(id) && !placed[*j])
                .map(|(j, _)| (j, depth + 1))
                .rev()
                .collect();
            stack.extend(children);
        }
        match placed.iter().position(|p| !p) {
            Some(i) => stack.push((i, 0)),
            None => break,
        }
    }
    order
        .into_iter()
        .filter_map(|(i, depth)| {
            let r = rows.get(i)?;
            Some(AdminCategoryRow {
                id: r.id,
                parent_id: r.parent_id,
                depth,
                name: r.name.clone(),
                slug: r.slug.clone(),
                position: r.position,
                is_active: r.is_active,
                product_count: r.product_count,
            })
        })
        .collect()
}

/// The trimmed name: 1 to [`MAX_NAME`] characters (422 on `name`).
fn checked_name(name: &str, kind: Kind) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(AppError::invalid(
            "name",
            format!(
                "Give the {} a name (up to {MAX_NAME} characters).",
                kind.noun()
            ),
        ));
    }
    Ok(name.to_string())
}

/// The slug as given (lower-cased, then checked by [`Slug::parse`]), or derived from the name
/// when blank (422 on `slug`).
fn checked_slug(slug: &str, name: &str) -> Result<String, AppError> {
    let slug = slug.trim();
    let parsed = if slug.is_empty() {
        Slug::from_title(name)
    } else {
        Slug::parse(&slug.to_lowercase())
    };
    parsed
        .map(|s| s.as_str().to_string())
        .map_err(|e| AppError::invalid("slug", e.to_string()))
}

fn not_found(kind: Kind, id: i64) -> AppError {
    AppError::NotFound(format!("There is no {} {id}.", kind.noun()))
}

/// Category or brand `id` (`None` when there is none).
async fn stored(tx: &mut Tx, kind: Kind, id: i64) -> Result<Option<Stored>, AppError> {
    let sql = match kind {
        Kind::Category => {
            "SELECT parent_id, name, slug, CAST(position AS BIGINT) AS position, is_active
               FROM categories WHERE id = $1"
        }
        Kind::Brand => {
            "SELECT CAST(NULL AS BIGINT) AS parent_id, name, slug, CAST(0 AS BIGINT) AS position,
                    is_active
               FROM brands WHERE id = $1"
        }
    };
    tx.opt(sql, args![id]).await.map_err(db_err)
}

/// A 409 naming the slug when a category (brand) other than `id` already has it.
async fn slug_free(tx: &mut Tx, kind: Kind, slug: &str, id: Option<i64>) -> Result<(), AppError> {
    let taken: Option<(i64,)> = tx
        .opt(
            &format!("SELECT id FROM {} WHERE slug = $1", kind.table()),
            args![slug],
        )
        .await
        .map_err(db_err)?;
    match taken {
        Some((other,)) if Some(other) != id => Err(AppError::Conflict(match kind {
            Kind::Category => format!(
                "Another category already uses the slug “{slug}” (/c/{slug}); choose another."
            ),
            Kind::Brand => {
                format!("Another brand already uses the slug “{slug}”; choose another.")
            }
        })),
        _ => Ok(()),
    }
}

/// Checks `parent` for category `id` (`None`: a new one): it exists (422), is neither the
/// category nor one of its descendants (422), and, when `must_be_active` (an active category
/// moving there), is not archived (422: the shop could not reach it under an archived one).
async fn check_parent(
    tx: &mut Tx,
    id: Option<i64>,
    parent: i64,
    must_be_active: bool,
) -> Result<(), AppError> {
    let links: Vec<(i64, Option<i64>, String, bool)> = tx
        .all(
            "SELECT id, parent_id, name, is_active FROM categories",
            args![],
        )
        .await
        .map_err(db_err)?;
    let Some((_, _, parent_name, parent_active)) = links.iter().find(|l| l.0 == parent) else {
        return Err(AppError::invalid(
            "parent",
            format!("There is no category {parent}."),
        ));
    };
    if let Some(id) = id {
        let mut cur = Some(parent);
        let mut steps = 0;
        while let Some(c) = cur {
            if c == id {
                return Err(AppError::invalid(
                    "parent",
                    "A category cannot be moved under itself.",
                ));
            }
            steps += 1;
            if steps > links.len() {
                break; // a cycle in bad data
            }
            cur = links.iter().find(|l| l.0 == c).and_then(|l| l.1);
        }
    }
    if must_be_active && !parent_active {
        return Err(AppError::invalid(
            "parent",
            format!("“{parent_name}” is archived; restore it first or choose another parent."),
        ));
    }
    Ok(())
}

/// The position after the last of `parent`'s children (top level when `None`).
async fn next_position(tx: &mut Tx, parent: Option<i64>) -> Result<i32, AppError> {
    let (next,): (i64,) = match parent {
        Some(p) => {
            tx.one::<(i64,)>(
                "SELECT CAST(COALESCE(MAX(position), -1) + 1 AS BIGINT) FROM categories
                  WHERE parent_id = $1",
                args![p],
            )
            .await
        }
        None => {
            tx.one::<(i64,)>(
                "SELECT CAST(COALESCE(MAX(position), -1) + 1 AS BIGINT) FROM categories
                  WHERE parent_id IS NULL",
                args![],
            )
            .await
        }
    }
    .map_err(db_err)?;
    i32::try_from(next).map_err(|_| {
        AppError::Conflict("There is no room for another category at this level.".into())
    })
}

/// Creates a category, last among its siblings.
pub async fn create_category(
    db: &Db,
    input: &CategoryInput,
    actor: &Actor,
) -> Result<TaxonomySaved, AppError> {
    let name = checked_name(&input.name, Kind::Category)?;
    let slug = checked_slug(&input.slug, &name)?;
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    if let Some(parent) = input.parent {
        check_parent(&mut tx, None, parent, true).await?;
    }
    slug_free(&mut tx, Kind::Category, &slug, None).await?;
    let position = next_position(&mut tx, input.parent).await?;
    let (id,): (i64,) = tx
        .one(
            "INSERT INTO categories (parent_id, slug, name, position, is_active, created_at,
                                     updated_at)
             VALUES ($1, $2, $3, $4, TRUE, $5, $5) RETURNING id",
            args![input.parent, slug.as_str(), name.as_str(), position, now],
        )
        .await
        .map_err(clash("category slug"))?;
    audit(
        &mut tx,
        actor,
        "category.create",
        "category",
        Some(id),
        json!({ "name": name, "slug": slug, "parent_id": input.parent }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(TaxonomySaved {
        id,
        message: format!("Created the category “{name}”."),
        slug,
    })
}

/// Renames, re-slugs and moves category `id` (a new parent puts it last among its new
/// siblings).
pub async fn update_category(
    db: &Db,
    id: i64,
    input: &CategoryInput,
    actor: &Actor,
) -> Result<TaxonomySaved, AppError> {
    let name = checked_name(&input.name, Kind::Category)?;
    let slug = checked_slug(&input.slug, &name)?;
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let old = stored(&mut tx, Kind::Category, id)
        .await?
        .ok_or_else(|| not_found(Kind::Category, id))?;
    let moved = old.parent_id != input.parent;
    if let Some(parent) = input.parent {
        check_parent(&mut tx, Some(id), parent, old.is_active && moved).await?;
    }
    slug_free(&mut tx, Kind::Category, &slug, Some(id)).await?;
    let position = if moved {
        next_position(&mut tx, input.parent).await?
    } else {
        i32::try_from(old.position).unwrap_or(i32::MAX)
    };
    tx.exec(
        "UPDATE categories SET name = $1, slug = $2, parent_id = $3, position = $4, updated_at = $5
          WHERE id = $6",
        args![
            name.as_str(),
            slug.as_str(),
            input.parent,
            position,
            now,
            id
        ],
    )
    .await
    .map_err(clash("category slug"))?;
    audit(
        &mut tx,
        actor,
        "category.update",
        "category",
        Some(id),
        json!({
            "name": name, "slug": slug, "parent_id": input.parent,
            "was": { "name": old.name, "slug": old.slug, "parent_id": old.parent_id },
        }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    let message = if moved {
        format!("Saved and moved “{name}”.")
    } else {
        format!("Saved “{name}”.")
    };
    Ok(TaxonomySaved { id, slug, message })
}

/// Archives (`active` false) or restores category `id`. A category with active
/// sub-categories cannot be archived (409), nor one restored under an archived parent (409).
pub async fn set_category_active(
    db: &Db,
    id: i64,
    active: bool,
    actor: &Actor,
) -> Result<String, AppError> {
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let c = stored(&mut tx, Kind::Category, id)
        .await?
        .ok_or_else(|| not_found(Kind::Category, id))?;
    if c.is_active == active {
        return Ok(already(&c.name, active));
    }
    if active {
        if let Some(parent) = c.parent_id
            && let Some(p) = stored(&mut tx, Kind::Category, parent).await?
            && !p.is_active
        {
            return Err(AppError::Conflict(format!(
                "“{}” is archived: restore it first, or move “{}” elsewhere.",
                p.name, c.name
            )));
        }
    } else {
        let (children,): (i64,) = tx
            .one(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM categories
                  WHERE parent_id = $1 AND is_active = TRUE",
                args![id],
            )
            .await
            .map_err(db_err)?;
        if children > 0 {
            return Err(AppError::Conflict(format!(
                "“{}” has {children} active sub-categor{}: archive or move {} first.",
                c.name,
                if children == 1 { "y" } else { "ies" },
                if children == 1 { "it" } else { "them" },
            )));
        }
    }
    write_active(&mut tx, Kind::Category, id, active, now).await?;
    audit(
        &mut tx,
        actor,
        if active {
            "category.restore"
        } else {
            "category.archive"
        },
        "category",
        Some(id),
        json!({ "name": c.name, "slug": c.slug, "active": active }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(if active {
        format!("Restored “{}”: it is shown in the shop again.", c.name)
    } else {
        format!("Archived “{}”: it is no longer shown in the shop.", c.name)
    })
}

fn already(name: &str, active: bool) -> String {
    if active {
        format!("“{name}” is already active.")
    } else {
        format!("“{name}” is already archived.")
    }
}

async fn write_active(
    tx: &mut Tx,
    kind: Kind,
    id: i64,
    active: bool,
    now: Ts,
) -> Result<(), AppError> {
    tx.exec(
        &format!(
            "UPDATE {} SET is_active = $1, updated_at = $2 WHERE id = $3",
            kind.table()
        ),
        args![active, now, id],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Creates a brand.
pub async fn create_brand(
    db: &Db,
    input: &BrandInput,
    actor: &Actor,
) -> Result<TaxonomySaved, AppError> {
    let name = checked_name(&input.name, Kind::Brand)?;
    let slug = checked_slug(&input.slug, &name)?;
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    slug_free(&mut tx, Kind::Brand, &slug, None).await?;
    let (id,): (i64,) = tx
        .one(
            "INSERT INTO brands (slug, name, is_active, created_at, updated_at)
             VALUES ($1, $2, TRUE, $3, $3) RETURNING id",
            args![slug.as_str(), name.as_str(), now],
        )
        .await
        .map_err(clash("brand slug"))?;
    audit(
        &mut tx,
        actor,
        "brand.create",
        "brand",
        Some(id),
        json!({ "name": name, "slug": slug }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(TaxonomySaved {
        id,
        message: format!("Created the brand “{name}”."),
        slug,
    })
}

/// Renames and re-slugs brand `id`.
pub async fn update_brand(
    db: &Db,
    id: i64,
    input: &BrandInput,
    actor: &Actor,
) -> Result<TaxonomySaved, AppError> {
    let name = checked_name(&input.name, Kind::Brand)?;
    let slug = checked_slug(&input.slug, &name)?;
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let old = stored(&mut tx, Kind::Brand, id)
        .await?
        .ok_or_else(|| not_found(Kind::Brand, id))?;
    slug_free(&mut tx, Kind::Brand, &slug, Some(id)).await?;
    tx.exec(
        "UPDATE brands SET name = $1, slug = $2, updated_at = $3 WHERE id = $4",
        args![name.as_str(), slug.as_str(), now, id],
    )
    .await
    .map_err(clash("brand slug"))?;
    audit(
        &mut tx,
        actor,
        "brand.update",
        "brand",
        Some(id),
        json!({
            "name": name, "slug": slug,
            "was": { "name": old.name, "slug": old.slug },
        }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(TaxonomySaved {
        id,
        message: format!("Saved “{name}”."),
        slug,
    })
}

/// Archives (`active` false) or restores brand `id`.
pub async fn set_brand_active(
    db: &Db,
    id: i64,
    active: bool,
    actor: &Actor,
) -> Result<String, AppError> {
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let b = stored(&mut tx, Kind::Brand, id)
        .await?
        .ok_or_else(|| not_found(Kind::Brand, id))?;
    if b.is_active == active {
        return Ok(already(&b.name, active));
    }
    write_active(&mut tx, Kind::Brand, id, active, now).await?;
    audit(
        &mut tx,
        actor,
        if active {
            "brand.restore"
        } else {
            "brand.archive"
        },
        "brand",
        Some(id),
        json!({ "name": b.name, "slug": b.slug, "active": active }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(if active {
        format!(
            "Restored “{}”: it is shown in the shop's filters again.",
            b.name
        )
    } else {
        format!(
            "Archived “{}”: it is no longer offered as a filter in the shop.",
            b.name
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, parent_id: Option<i64>, name: &str) -> CategoryRow {
        CategoryRow {
            id,
            parent_id,
            name: name.into(),
            slug: name.to_lowercase(),
            position: 0,
            is_active: true,
            product_count: 0,
        }
    }

    #[test]
    fn the_tree_lists_children_after_their_parent() {
        let rows = vec![
            row(1, None, "A"),
            row(2, Some(3), "B1"),
            row(3, None, "B"),
            row(4, Some(1), "A1"),
            row(5, Some(4), "A1x"),
            row(6, Some(7), "Loop1"),
            row(7, Some(6), "Loop2"),
        ];
        let out: Vec<(String, u32)> = tree_order(rows)
            .into_iter()
            .map(|r| (r.name, r.depth))
            .collect();
        let expected = [
            ("A", 0),
            ("A1", 1),
            ("A1x", 2),
            ("B", 0),
            ("B1", 1),
            ("Loop1", 0),
            ("Loop2", 1),
        ];
        assert_eq!(
            out,
            expected
                .iter()
                .map(|(n, d)| (n.to_string(), *d))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn names_and_slugs_are_checked() {
        assert!(checked_name("  ", Kind::Category).is_err());
        assert!(checked_name(&"x".repeat(121), Kind::Brand).is_err());
        assert_eq!(
            checked_name("  Cloud ops ", Kind::Category).unwrap(),
            "Cloud ops"
        );
        assert_eq!(checked_slug("", "Cloud & Ops").unwrap(), "cloud-ops");
        assert_eq!(checked_slug(" Cloud-Ops ", "x").unwrap(), "cloud-ops");
        assert!(checked_slug("cloud ops", "x").is_err());
        assert!(checked_slug("", "!!!").is_err());
    }
}
