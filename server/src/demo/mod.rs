//! Demo data: the catalog loaded into an empty shop, and the bootstrap admin account.

mod admin;
mod catalog;
mod learning;
mod promotions;
mod seed;
mod shipping_tax;

pub use admin::{ADMIN_PASSWORD_FILE, AdminReport, admin_login_lines, ensure_admin};
pub use catalog::{DemoCatalog, demo_catalog};
pub use seed::seed_if_needed;

/// The shop's default currency before staff choose one: the catalogue's most common, else
/// the demo catalogue's.
pub async fn store_currency(db: &services::db::Db) -> anyhow::Result<storefront::Currency> {
    let found: Option<(services::db::DbCurrency,)> = db
        .opt(
            "SELECT CAST(currency AS TEXT) FROM product_variants GROUP BY currency ORDER BY COUNT(*) DESC, currency LIMIT 1",
            services::args![],
        )
        .await?;
    Ok(match found {
        Some((c,)) => c.0,
        None => demo_catalog()?.currency.parse()?,
    })
}
