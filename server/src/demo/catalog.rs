//! The demo catalog definition (`catalog.json`, embedded at compile time).

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

#[derive(Debug, Deserialize)]
pub struct DemoCatalog {
    pub currency: String,
    pub categories: Vec<DemoCategory>,
    pub brands: Vec<DemoBrand>,
    pub products: Vec<DemoProduct>,
}

#[derive(Debug, Deserialize)]
pub struct DemoCategory {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub parent: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct DemoBrand {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Deserialize)]
pub struct DemoProduct {
    pub slug: String,
    pub name: String,
    pub sku: String,
    pub category: String,
    pub brand: String,
    pub kind: String,
    #[serde(default)]
    pub description: String,
    pub price: i64,
    pub compare_at: Option<i64>,
    #[serde(default)]
    pub weight_grams: i32,
    pub image: String,
    #[serde(default)]
    pub featured: bool,
    /// Option name → values, in file order (first option varies slowest).
    #[serde(default, deserialize_with = "ordered_options")]
    pub options: Vec<(String, Vec<String>)>,
    #[serde(default)]
    pub stock: Vec<i32>,
    #[serde(default, deserialize_with = "ordered_prices")]
    pub price_overrides: Vec<(String, i64)>,
    #[serde(default)]
    pub bundle_of: Vec<String>,
}

/// One purchasable combination of option values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoVariant {
    /// (option name, value) pairs in option order; empty for the default variant.
    pub values: Vec<(String, String)>,
    pub sku: String,
    pub name: String,
    pub price: i64,
    pub stock: i32,
}

impl DemoProduct {
    /// Every combination of option values, first option varying slowest.
    pub fn variants(&self) -> Vec<DemoVariant> {
        let mut combos: Vec<Vec<(String, String)>> = vec![Vec::new()];
        for (name, values) in &self.options {
            combos = combos
                .into_iter()
                .flat_map(|prefix| {
                    values.iter().map(move |v| {
                        let mut next = prefix.clone();
                        next.push((name.clone(), v.clone()));
                        next
                    })
                })
                .collect();
        }
        combos
            .into_iter()
            .enumerate()
            .map(|(i, values)| {
                let stock = match self.stock.len() {
                    0 => 10,
                    1 => self.stock[0],
                    _ => self.stock.get(i).copied().unwrap_or(0),
                };
                let price = self
                    .price_overrides
                    .iter()
                    .find(|(value, _)| values.iter().any(|(_, v)| v == value))
                    .map_or(self.price, |(_, p)| *p);
                let sku = if values.is_empty() {
                    self.sku.clone()
                } else {
                    let suffix: Vec<String> = values.iter().map(|(_, v)| sku_part(v)).collect();
                    format!("{}-{}", self.sku, suffix.join("-"))
                };
                let name = if values.is_empty() {
                    "Default".to_string()
                } else {
                    values
                        .iter()
                        .map(|(_, v)| v.as_str())
                        .collect::<Vec<_>>()
                        .join(" / ")
                };
                DemoVariant {
                    values,
                    sku,
                    name,
                    price,
                    stock,
                }
            })
            .collect()
    }
}

fn sku_part(value: &str) -> String {
    value
        .chars()
        .filter_map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => Some(c.to_ascii_uppercase()),
            ' ' | '-' | '_' | '/' | '.' => Some('-'),
            _ => None,
        })
        .collect()
}

/// The catalog shipped with the binary.
pub fn demo_catalog() -> anyhow::Result<DemoCatalog> {
    Ok(serde_json::from_str(include_str!("catalog.json"))?)
}

fn ordered_options<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Vec<(String, Vec<String>)>, D::Error> {
    d.deserialize_map(OrderedMap::default())
}

fn ordered_prices<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, i64)>, D::Error> {
    d.deserialize_map(OrderedMap::default())
}

/// Collects a JSON object into a Vec, keeping key order.
struct OrderedMap<V>(std::marker::PhantomData<V>);

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap(std::marker::PhantomData)
    }
}

impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedMap<V> {
    type Value = Vec<(String, V)>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, V>()? {
            out.push((k, v));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_parses_and_is_consistent() {
        let cat = demo_catalog().expect("catalog.json parses");
        assert!(cat.products.len() >= 60, "{} products", cat.products.len());
        assert!(cat.categories.iter().filter(|c| c.parent.is_none()).count() >= 6);
        assert!(cat.brands.len() >= 3);
        for p in &cat.products {
            assert!(
                cat.categories.iter().any(|c| c.slug == p.category),
                "{}",
                p.slug
            );
            assert!(cat.brands.iter().any(|b| b.slug == p.brand), "{}", p.slug);
            let n: usize = p.options.iter().map(|(_, v)| v.len()).product();
            assert!(
                p.stock.len() <= 1 || p.stock.len() == n,
                "{} stock list",
                p.slug
            );
            assert!(
                p.image.starts_with("/images/"),
                "{} image must be local",
                p.slug
            );
        }
    }

    #[test]
    fn variants_are_cartesian_first_option_slowest() {
        let p: DemoProduct = serde_json::from_str(
            r#"{"slug":"t","name":"T","sku":"NW-T","category":"c","brand":"b","kind":"PHYSICAL",
                "price":1000,"compare_at":null,"image":"/images/x.svg",
                "options":{"size":["S","XL"],"colour":["Black","Oat Milk"]},
                "stock":[1,2,3,4],"price_overrides":{"XL":1200}}"#,
        )
        .unwrap();
        let v = p.variants();
        assert_eq!(v.len(), 4);
        assert_eq!(v[1].sku, "NW-T-S-OAT-MILK");
        assert_eq!(v[1].name, "S / Oat Milk");
        assert_eq!(v[1].stock, 2);
        assert_eq!(v[0].price, 1000);
        assert_eq!(v[2].price, 1200);
    }
}
