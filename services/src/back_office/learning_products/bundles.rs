//! A course bundle's price follows its courses: `bundle_price` of the courses' own prices
//! and the bundle's discount, written to the bundle's active variants whenever the bundle or
//! one of its courses is saved.

use storefront::learning::{BundleDiscount, BundlePrice, bundle_price};
use storefront::{Currency, Money};

use crate::args;
use crate::db::{DbCurrency, Ts, Tx};
use shared::errors::AppError;

use super::db_err;

/// What re-pricing a bundle did.
pub(super) enum Priced {
    /// Nothing to price by yet (no discount, fewer than 2 courses, or no active variant).
    Nothing,
    /// The bundle's variants now cost `price`.
    Now(BundlePrice),
    /// The bundle rule refused the prices (why); nothing was written.
    Refused(String),
}

/// Replaces the `bundle_items` of bundle (or licence) `product_id` with one of each variant.
pub(super) async fn replace_items(
    tx: &mut Tx,
    product_id: i64,
    variant_ids: &[i64],
) -> Result<(), AppError> {
    tx.exec(
        "DELETE FROM bundle_items WHERE bundle_product_id = $1",
        args![product_id],
    )
    .await
    .map_err(db_err)?;
    for (position, variant_id) in (0i64..).zip(variant_ids) {
        tx.exec(
            "INSERT INTO bundle_items (bundle_product_id, component_variant_id, quantity, position)
             VALUES ($1, $2, 1, $3)",
            args![product_id, *variant_id, position],
        )
        .await
        .map_err(db_err)?;
    }
    Ok(())
}

/// Sets the price of product `product_id`'s active variants to `amount` (minor units).
pub(super) async fn set_price(
    tx: &mut Tx,
    product_id: i64,
    amount: i64,
    now: Ts,
) -> Result<(), AppError> {
    tx.exec(
        "UPDATE product_variants SET price_amount = $1, updated_at = $2
          WHERE product_id = $3 AND is_active AND price_amount <> $1",
        args![amount, now, product_id],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// What a bundle is priced from.
struct Parts {
    /// The courses' own prices, in the bundle's order.
    prices: Vec<Money>,
    /// The stored discount: (basis points, amount), one of them set.
    discount: Option<(Option<i64>, Option<i64>)>,
    /// The currency of the bundle's first active variant.
    currency: Option<Currency>,
}

/// What bundle `bundle_id` is priced from.
async fn parts(tx: &mut Tx, bundle_id: i64) -> Result<Parts, AppError> {
    let courses: Vec<(i64, DbCurrency)> = tx
        .all(
            "SELECT v.price_amount, CAST(v.currency AS TEXT)
               FROM bundle_items bi
               JOIN product_variants v ON v.id = bi.component_variant_id
               JOIN products c ON c.id = v.product_id
              WHERE bi.bundle_product_id = $1 AND c.kind = 'COURSE'
              ORDER BY bi.position, bi.id",
            args![bundle_id],
        )
        .await
        .map_err(db_err)?;
    let discount: Option<(Option<i64>, Option<i64>)> = tx
        .opt(
            "SELECT CAST(percent_bps AS BIGINT), amount FROM bundle_discounts WHERE product_id = $1",
            args![bundle_id],
        )
        .await
        .map_err(db_err)?;
    let currency = super::panel::variant_currency(tx, bundle_id).await?;
    let prices = courses
        .into_iter()
        .map(|(amount, c)| Money::new(amount, c.0))
        .collect();
    Ok(Parts {
        prices,
        discount,
        currency,
    })
}

/// Prices bundle `bundle_id` from its courses and discount, and writes the price to its
/// active variants.
pub(super) async fn reprice(tx: &mut Tx, bundle_id: i64, now: Ts) -> Result<Priced, AppError> {
    let Parts {
        prices,
        discount,
        currency,
    } = parts(tx, bundle_id).await?;
    let (Some(discount), Some(currency)) = (discount, currency) else {
        return Ok(Priced::Nothing);
    };
    if prices.len() < 2 {
        return Ok(Priced::Nothing);
    }
    if let Some(other) = prices.iter().find(|p| p.currency() != currency) {
        return Ok(Priced::Refused(format!(
            "A course is priced in {}, the bundle in {}: every course must be in the \
             bundle's currency.",
            other.currency().code(),
            currency.code()
        )));
    }
    let discount = match discount {
        (Some(bps), _) => match u32::try_from(bps) {
            Ok(bps) => BundleDiscount::Percent(bps),
            Err(_) => {
                return Ok(Priced::Refused(
                    "The percentage off is out of range.".into(),
                ));
            }
        },
        (None, Some(amount)) => BundleDiscount::Amount(Money::new(amount, currency)),
        (None, None) => return Ok(Priced::Nothing),
    };
    let priced = match bundle_price(&prices, discount) {
        Ok(p) => p,
        Err(e) => return Ok(Priced::Refused(e.to_string())),
    };
    set_price(tx, bundle_id, priced.price.minor(), now).await?;
    Ok(Priced::Now(priced))
}

/// Re-prices every course bundle that holds a variant of course `course_product_id` (and the
/// product itself when it is a course bundle), after its price was saved. A bundle its rule
/// can no longer price (an amount off larger than the courses now cost) is a 422 naming
/// `price`, and the save is not written.
pub(crate) async fn refresh_bundles_for_course(
    tx: &mut Tx,
    course_product_id: i64,
    now: Ts,
) -> Result<(), AppError> {
    let bundles: Vec<(i64, String)> = tx
        .all(
            "SELECT b.id, b.name FROM products b
              WHERE b.kind = 'COURSE_BUNDLE'
                AND (b.id = $1 OR EXISTS (
                     SELECT 1 FROM bundle_items bi
                       JOIN product_variants v ON v.id = bi.component_variant_id
                      WHERE bi.bundle_product_id = b.id AND v.product_id = $1))
              ORDER BY b.id",
            args![course_product_id],
        )
        .await
        .map_err(db_err)?;
    for (id, name) in bundles {
        if let Priced::Refused(why) = reprice(tx, id, now).await? {
            return Err(AppError::invalid(
                "price",
                format!("The course bundle “{name}” could not be re-priced: {why}"),
            ));
        }
    }
    Ok(())
}
