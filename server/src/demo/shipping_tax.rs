//! Demo shipping zones/methods and tax rates, so checkout has something to offer.

use services::args;
use services::db::Db;

struct Method {
    code: &'static str,
    name: &'static str,
    description: &'static str,
    carrier: &'static str,
    price: i64,
    free_over: Option<i64>,
    days: (i32, i32),
}

struct Zone {
    name: &'static str,
    countries: &'static [&'static str],
    methods: &'static [Method],
}

const ZONES: &[Zone] = &[
    Zone {
        name: "United States",
        countries: &["US"],
        methods: &[
            Method {
                code: "standard",
                name: "Standard",
                description: "Tracked, 3–5 business days. Free over $50.",
                carrier: "USPS",
                price: 599,
                free_over: Some(5000),
                days: (3, 5),
            },
            Method {
                code: "express",
                name: "Express",
                description: "Tracked, 1–2 business days.",
                carrier: "UPS",
                price: 1499,
                free_over: None,
                days: (1, 2),
            },
        ],
    },
    Zone {
        name: "Canada",
        countries: &["CA"],
        methods: &[Method {
            code: "standard",
            name: "Standard International",
            description: "Tracked, 5–9 business days.",
            carrier: "Canada Post",
            price: 1299,
            free_over: Some(15000),
            days: (5, 9),
        }],
    },
    Zone {
        name: "Europe & UK",
        countries: &["GB", "IE", "FR", "DE", "NL", "BE", "ES", "IT", "SE", "DK"],
        methods: &[Method {
            code: "standard",
            name: "International",
            description: "Tracked, 6–10 business days. Duties may apply.",
            carrier: "DHL",
            price: 1999,
            free_over: None,
            days: (6, 10),
        }],
    },
];

/// (country, region, name, rate in parts per million)
const TAX_RATES: &[(&str, Option<&str>, &str, i64)] = &[
    ("US", Some("CA"), "California sales tax", 72_500),
    ("US", Some("NY"), "New York sales tax", 88_750),
    ("US", Some("TX"), "Texas sales tax", 62_500),
    ("US", Some("WA"), "Washington sales tax", 65_000),
    ("CA", None, "GST", 50_000),
    ("GB", None, "VAT", 200_000),
    ("DE", None, "MwSt", 190_000),
    ("FR", None, "TVA", 200_000),
];

pub async fn seed_if_empty(db: &Db, currency: &str) -> anyhow::Result<()> {
    let mut tx = db.begin_write().await?;
    let (zones,): (i64,) = tx
        .one("SELECT COUNT(*) FROM shipping_zones", args![])
        .await?;
    if zones == 0 {
        for (position, z) in ZONES.iter().enumerate() {
            let (zone_id,): (i64,) = tx
                .one(
                    "INSERT INTO shipping_zones (name, position) VALUES ($1, $2) RETURNING id",
                    args![z.name, position as i32],
                )
                .await?;
            for country in z.countries {
                tx.exec(
                    "INSERT INTO shipping_zone_countries (shipping_zone_id, country) VALUES ($1, $2)",
                    args![zone_id, *country],
                )
                .await?;
            }
            for (mpos, m) in z.methods.iter().enumerate() {
                tx.exec(
                    "INSERT INTO shipping_methods (shipping_zone_id, code, name, description, carrier,
                         price_amount, currency, free_over_amount, min_delivery_days,
                         max_delivery_days, position)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                    args![
                        zone_id,
                        m.code,
                        m.name,
                        m.description,
                        m.carrier,
                        m.price,
                        currency,
                        m.free_over,
                        m.days.0,
                        m.days.1,
                        mpos as i32,
                    ],
                )
                .await?;
            }
        }
    }
    let (rates,): (i64,) = tx.one("SELECT COUNT(*) FROM tax_rates", args![]).await?;
    if rates == 0 {
        for (country, region, name, ppm) in TAX_RATES {
            tx.exec(
                "INSERT INTO tax_rates (country, region, name, rate_ppm) VALUES ($1, $2, $3, $4)",
                args![*country, *region, *name, *ppm],
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
