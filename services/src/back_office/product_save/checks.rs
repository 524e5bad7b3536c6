//! The checks a submitted product passes before it is written, in a fixed order: the first
//! problem is a 422 naming its field.

use std::collections::HashSet;

use storefront::{Currency, Money, Sku, Slug, VariantAttributes, product_options};

use shared::errors::AppError;

use super::{Checked, MAX_PRICE_MINOR, MAX_VARIANTS, ProductInput, VariantInput};

/// Checks every field of `input`; `existing_kind` is the stored kind of the product being
/// edited (`None` for a new one).
pub(super) fn check(
    input: &ProductInput,
    existing_kind: Option<&str>,
) -> Result<Checked, AppError> {
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::invalid(
            "name",
            "Give the product a name (up to 200 characters).",
        ));
    }
    let slug = match input
        .slug
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(s) => Slug::parse(s),
        None => Slug::from_title(name),
    }
    .map_err(|e| AppError::invalid("slug", e.to_string()))?;
    if input.description.chars().count() > 20_000 {
        return Err(AppError::invalid(
            "description",
            "The description can be at most 20,000 characters.",
        ));
    }
    let kind = check_kind(&input.kind, existing_kind)?;
    let currency = Currency::parse(input.currency.trim())
        .map_err(|e| AppError::invalid("currency", e.to_string()))?;
    let variants = check_variants(&input.variants, currency)?;
    let options_json = options_json(&input.variants)?;
    Ok(Checked {
        name: name.to_string(),
        slug: slug.as_str().to_string(),
        description: input.description.trim().to_string(),
        kind,
        currency,
        options_json,
        variants,
    })
}

/// The product type to store: PHYSICAL (also for a blank one), DIGITAL, COURSE or
/// SUBSCRIPTION (a plan: its variants are its prices; its interval and trial are set in the
/// editor's Learning panel); the kinds made of other products (BUNDLE, COURSE_BUNDLE,
/// TEAM_LICENCE, CERTIFICATION) only for a product that already is one (their composition
/// is not edited here).
fn check_kind(kind: &str, existing_kind: Option<&str>) -> Result<String, AppError> {
    use storefront::pricing::ProductKind;
    let kind = kind.trim().to_ascii_uppercase();
    if kind.is_empty() {
        return Ok(ProductKind::Physical.as_str().to_string());
    }
    match kind.parse::<ProductKind>() {
        Ok(
            ProductKind::Physical
            | ProductKind::Digital
            | ProductKind::Course
            | ProductKind::Subscription,
        ) => Ok(kind),
        Ok(k) if existing_kind == Some(k.as_str()) => Ok(kind),
        Ok(k) => Err(AppError::invalid(
            "kind",
            format!(
                "A {} is made from other products, which this form does not edit yet; choose PHYSICAL, DIGITAL, COURSE or SUBSCRIPTION.",
                k.label().to_lowercase()
            ),
        )),
        Err(_) => Err(AppError::invalid(
            "kind",
            format!(
                "Unknown product type {kind:?}: use PHYSICAL, DIGITAL, COURSE or SUBSCRIPTION."
            ),
        )),
    }
}

/// Checks how many variants there are and each one in order (a SKU used once, amounts in
/// range); each variant with its parsed SKU.
fn check_variants(
    variants: &[VariantInput],
    currency: Currency,
) -> Result<Vec<(VariantInput, Sku)>, AppError> {
    if variants.is_empty() {
        return Err(AppError::invalid(
            "variants",
            "A product needs at least one variant (a SKU and a price).",
        ));
    }
    if variants.len() > MAX_VARIANTS {
        return Err(AppError::invalid(
            "variants",
            format!("A product can have at most {MAX_VARIANTS} variants."),
        ));
    }
    let mut skus = HashSet::new();
    let mut checked = Vec::with_capacity(variants.len());
    for v in variants {
        let sku = Sku::parse(&v.sku).map_err(|e| AppError::invalid("sku", e.to_string()))?;
        if !skus.insert(sku.as_str().to_string()) {
            return Err(AppError::invalid(
                "sku",
                format!("The SKU {} is used twice.", sku.as_str()),
            ));
        }
        check_ranges(v, &sku, currency)?;
        checked.push((v.clone(), sku));
    }
    Ok(checked)
}

/// A variant's price, compare-at price, weight, stock and low-stock threshold are in range.
fn check_ranges(v: &VariantInput, sku: &Sku, currency: Currency) -> Result<(), AppError> {
    let money = |m: i64| Money::new(m, currency).to_string();
    if !(0..=MAX_PRICE_MINOR).contains(&v.price_minor) {
        return Err(AppError::invalid(
            "price",
            format!(
                "{}: the price must be between 0 and {}.",
                sku.as_str(),
                money(MAX_PRICE_MINOR)
            ),
        ));
    }
    if let Some(c) = v.compare_at_minor
        && !(0..=MAX_PRICE_MINOR).contains(&c)
    {
        return Err(AppError::invalid(
            "compare_at",
            format!("{}: the compare-at price is out of range.", sku.as_str()),
        ));
    }
    if !(0..=1_000_000).contains(&v.weight_grams) {
        return Err(AppError::invalid(
            "weight_grams",
            format!("{}: weight is 0 to 1,000,000 grams.", sku.as_str()),
        ));
    }
    if let Some(s) = v.stock
        && !(0..=1_000_000).contains(&s)
    {
        return Err(AppError::invalid(
            "stock",
            format!("{}: stock is 0 to 1,000,000 units.", sku.as_str()),
        ));
    }
    if let Some(t) = v.low_stock_threshold
        && !(0..=100_000).contains(&t)
    {
        return Err(AppError::invalid(
            "low_stock_threshold",
            format!("{}: the low-stock threshold is 0 to 100,000.", sku.as_str()),
        ));
    }
    Ok(())
}

/// The product's options (each attribute name with its values) as stored JSON, from the
/// variants' attributes (a 422 when they don't fit together).
fn options_json(variants: &[VariantInput]) -> Result<String, AppError> {
    let attrs: Vec<VariantAttributes> = variants.iter().map(|v| v.attributes.clone()).collect();
    let options =
        product_options(&attrs).map_err(|e| AppError::invalid("attributes", e.to_string()))?;
    Ok(serde_json::Value::Array(
        options
            .into_iter()
            .map(|(name, values)| serde_json::json!({ "name": name, "values": values }))
            .collect(),
    )
    .to_string())
}
