//! Demo learning catalogue (issue 21): a "Learning" department with five subcategories,
//! courses (two of them cohort courses with a limited number of places), two course bundles
//! priced by `storefront::learning::bundle_price`, a team licence with seat tiers, and two
//! certifications whose variants are exam cohorts. Loaded in one transaction; skipped when the
//! `learning` category (or any of these products) already exists.

use std::collections::HashMap;

use anyhow::Context;
use serde_json::json;
use services::args;
use services::db::sql::json_param;
use services::db::{Db, Tx};
use storefront::learning::{BundleDiscount, SeatTier, SeatTiers, bundle_price};
use storefront::pricing::ProductKind;
use storefront::{Currency, Money};

/// The top-level category's slug; its presence means the learning demo is loaded.
const ROOT_SLUG: &str = "learning";

/// The subcategories of "Learning": (slug, name, description).
const SUBCATEGORIES: [(&str, &str, &str); 5] = [
    (
        "learning-programming",
        "Programming",
        "Hands-on courses in Rust, TypeScript and the tools around them, built around real projects.",
    ),
    (
        "learning-design",
        "Design",
        "Interface design, design systems and collaborative tooling for product teams.",
    ),
    (
        "learning-business",
        "Business",
        "Product management, negotiation and the practical skills of running a company.",
    ),
    (
        "learning-marketing",
        "Marketing",
        "Search, email and growth analytics: marketing that compounds instead of burning budget.",
    ),
    (
        "learning-data-science",
        "Data science",
        "Python, SQL and machine learning for analysts who want answers they can defend.",
    ),
];

/// One course product.
struct Course {
    slug: &'static str,
    name: &'static str,
    sku: &'static str,
    category: &'static str,
    price: i64,
    level: &'static str,
    hours: i32,
    modules: &'static [&'static str],
    description: &'static str,
    /// A cohort course's enrolment limit (tracked as stock); `None`: unlimited.
    places: Option<i32>,
    sales: i64,
}

static COURSES: [Course; 14] = [
    Course {
        slug: "rust-for-web-developers",
        name: "Rust for Web Developers",
        sku: "CRS-RUST-WEB",
        category: "learning-programming",
        price: 12_900,
        level: "INTERMEDIATE",
        hours: 14,
        modules: &[
            "Welcome and setup",
            "Ownership and borrowing",
            "Errors with Result",
            "Traits and generics",
            "An HTTP API with Axum",
            "Talking to a database",
            "Testing and deployment",
        ],
        description: "Go from your first cargo new to a deployed web service. You will build a small JSON API with Axum and SQLx, learning ownership, error handling and traits along the way. Written for developers who already know JavaScript, Python or Go.",
        places: None,
        sales: 342,
    },
    Course {
        slug: "async-rust-in-practice",
        name: "Async Rust in Practice",
        sku: "CRS-RUST-ASYNC",
        category: "learning-programming",
        price: 9_900,
        level: "ADVANCED",
        hours: 10,
        modules: &[
            "Futures without the magic",
            "Tokio's runtime",
            "Tasks, channels and cancellation",
            "Timeouts and backpressure",
            "Streams",
            "Debugging async code",
        ],
        description: "Understand what an async fn really compiles to, then put that knowledge to work. Covers Tokio tasks, channels, cancellation safety, backpressure and tracing, with exercises drawn from production services.",
        places: None,
        sales: 187,
    },
    Course {
        slug: "typescript-fundamentals",
        name: "TypeScript Fundamentals",
        sku: "CRS-TS-FUND",
        category: "learning-programming",
        price: 5_900,
        level: "BEGINNER",
        hours: 8,
        modules: &[
            "Why types",
            "Everyday types",
            "Narrowing",
            "Functions and generics",
            "Modules and tooling",
        ],
        description: "A calm, thorough introduction to TypeScript for JavaScript developers. Learn to let the compiler catch bugs for you, type real-world code without fighting it, and set up a project the way teams do.",
        places: None,
        sales: 298,
    },
    Course {
        slug: "ui-design-foundations",
        name: "UI Design Foundations",
        sku: "CRS-UI-FOUND",
        category: "learning-design",
        price: 6_900,
        level: "BEGINNER",
        hours: 9,
        modules: &[
            "Seeing like a designer",
            "Layout and spacing",
            "Typography",
            "Colour and contrast",
            "Designing for accessibility",
            "Your first screen",
        ],
        description: "Learn the principles behind interfaces that feel right: hierarchy, spacing, type and colour. Every module ends with a short exercise, and the course closes with a complete screen you can put in your portfolio.",
        places: None,
        sales: 221,
    },
    Course {
        slug: "figma-for-teams",
        name: "Figma for Teams",
        sku: "CRS-FIGMA-TEAMS",
        category: "learning-design",
        price: 7_900,
        level: "INTERMEDIATE",
        hours: 6,
        modules: &[
            "Files, projects and libraries",
            "Components and variants",
            "Auto layout",
            "Reviews and handoff",
        ],
        description: "A live, cohort-based workshop on running design work in Figma across a team. Shared libraries, component variants, review rituals and developer handoff, practised together in four sessions. Limited to 30 places per cohort.",
        places: Some(30),
        sales: 96,
    },
    Course {
        slug: "design-systems-in-practice",
        name: "Design Systems in Practice",
        sku: "CRS-DESIGN-SYS",
        category: "learning-design",
        price: 8_900,
        level: "ADVANCED",
        hours: 8,
        modules: &[
            "What a design system is for",
            "Tokens",
            "Component APIs",
            "Documentation people read",
            "Governance and adoption",
        ],
        description: "Build a design system that survives contact with real product teams. Covers design tokens, component APIs that designers and engineers agree on, documentation and the politics of adoption.",
        places: None,
        sales: 74,
    },
    Course {
        slug: "product-management-essentials",
        name: "Product Management Essentials",
        sku: "CRS-PM-ESS",
        category: "learning-business",
        price: 8_900,
        level: "ALL",
        hours: 11,
        modules: &[
            "The product manager's job",
            "Discovery and interviews",
            "Prioritisation",
            "Roadmaps that do not lie",
            "Working with engineering",
            "Measuring outcomes",
        ],
        description: "The day-to-day craft of product management, from customer interviews to shipping and measuring. Practical templates for discovery, prioritisation and roadmaps, plus case studies from small and large teams.",
        places: None,
        sales: 263,
    },
    Course {
        slug: "negotiation-for-founders",
        name: "Negotiation for Founders",
        sku: "CRS-NEGOTIATE",
        category: "learning-business",
        price: 11_900,
        level: "INTERMEDIATE",
        hours: 7,
        modules: &[
            "Preparation and BATNA",
            "Anchoring and concessions",
            "Term sheets",
            "Enterprise sales deals",
            "Live role-play",
        ],
        description: "A cohort course for founders who negotiate with investors, customers and hires. Structured preparation, anchoring and concessions are practised in live role-plays with feedback from experienced dealmakers. Each cohort is limited to 30 places.",
        places: Some(30),
        sales: 58,
    },
    Course {
        slug: "seo-that-lasts",
        name: "SEO That Lasts",
        sku: "CRS-SEO",
        category: "learning-marketing",
        price: 5_900,
        level: "ALL",
        hours: 7,
        modules: &[
            "How search works today",
            "Technical foundations",
            "Search intent and content",
            "Links and authority",
            "Measuring what matters",
        ],
        description: "Search engine optimisation without the tricks that stop working next year. Learn technical foundations, writing for search intent and honest link building, and how to measure results you can report with confidence.",
        places: None,
        sales: 176,
    },
    Course {
        slug: "email-marketing-playbook",
        name: "Email Marketing Playbook",
        sku: "CRS-EMAIL-MKT",
        category: "learning-marketing",
        price: 4_900,
        level: "BEGINNER",
        hours: 5,
        modules: &[
            "Building a list people want to be on",
            "Welcome sequences",
            "Newsletters",
            "Deliverability",
            "Testing and metrics",
        ],
        description: "Everything you need to run email marketing that readers look forward to. Grow a list with consent, write welcome sequences and newsletters, stay out of the spam folder and test what works.",
        places: None,
        sales: 203,
    },
    Course {
        slug: "growth-analytics-for-marketers",
        name: "Growth Analytics for Marketers",
        sku: "CRS-GROWTH",
        category: "learning-marketing",
        price: 6_900,
        level: "INTERMEDIATE",
        hours: 6,
        modules: &[
            "Funnels and cohorts",
            "Attribution without illusions",
            "Experiments",
            "Dashboards people use",
        ],
        description: "Turn marketing data into decisions. Build funnels and cohort views, understand what attribution can and cannot tell you, and run experiments that settle arguments.",
        places: None,
        sales: 89,
    },
    Course {
        slug: "python-for-data-analysis",
        name: "Python for Data Analysis",
        sku: "CRS-PY-DATA",
        category: "learning-data-science",
        price: 8_900,
        level: "BEGINNER",
        hours: 12,
        modules: &[
            "Python in a notebook",
            "pandas DataFrames",
            "Cleaning messy data",
            "Grouping and joining",
            "Charts with matplotlib",
            "A complete analysis",
        ],
        description: "Learn Python the way analysts use it: in notebooks, with pandas and real, messy data. By the end you will clean, reshape, summarise and chart a dataset end to end, and explain what you found.",
        places: None,
        sales: 318,
    },
    Course {
        slug: "sql-for-analysts",
        name: "SQL for Analysts",
        sku: "CRS-SQL-ANALYST",
        category: "learning-data-science",
        price: 6_900,
        level: "BEGINNER",
        hours: 8,
        modules: &[
            "Selecting and filtering",
            "Aggregates",
            "Joins",
            "Subqueries and CTEs",
            "Window functions",
            "Query performance basics",
        ],
        description: "Ask questions of a database and trust the answers. From SELECT to window functions, every lesson uses a realistic shop database, with exercises that mirror the requests analysts get every week.",
        places: None,
        sales: 287,
    },
    Course {
        slug: "machine-learning-basics",
        name: "Machine Learning Basics",
        sku: "CRS-ML-BASICS",
        category: "learning-data-science",
        price: 10_900,
        level: "INTERMEDIATE",
        hours: 13,
        modules: &[
            "What learning from data means",
            "Linear and logistic regression",
            "Trees and ensembles",
            "Evaluating models honestly",
            "Feature engineering",
            "From notebook to production",
        ],
        description: "A practical first course in machine learning with scikit-learn. Train regression and tree models, evaluate them without fooling yourself, and learn what it takes to move a model from a notebook into a product.",
        places: None,
        sales: 154,
    },
];

/// A bundle's discount off its courses' sum: basis points, or an amount in minor units.
#[derive(Clone, Copy)]
enum Off {
    Percent(u32),
    Amount(i64),
}

/// A course bundle (COURSE_BUNDLE).
struct Bundle {
    slug: &'static str,
    name: &'static str,
    sku: &'static str,
    category: &'static str,
    courses: [&'static str; 3],
    off: Off,
    description: &'static str,
    sales: i64,
}

static BUNDLES: [Bundle; 2] = [
    Bundle {
        slug: "rust-developer-path",
        name: "Rust Developer Path",
        sku: "PATH-RUST",
        category: "learning-programming",
        courses: [
            "rust-for-web-developers",
            "async-rust-in-practice",
            "typescript-fundamentals",
        ],
        off: Off::Percent(2_500),
        description: "Three courses that take you from typed front-end code to production Rust services: TypeScript Fundamentals, Rust for Web Developers and Async Rust in Practice. Together they cost 25% less than on their own.",
        sales: 131,
    },
    Bundle {
        slug: "data-analyst-path",
        name: "Data Analyst Path",
        sku: "PATH-DATA",
        category: "learning-data-science",
        courses: [
            "python-for-data-analysis",
            "sql-for-analysts",
            "machine-learning-basics",
        ],
        off: Off::Amount(4_000),
        description: "Everything an analyst needs, in the order you need it: SQL for Analysts, Python for Data Analysis and Machine Learning Basics. Save $40 compared with buying the three courses separately.",
        sales: 117,
    },
];

/// The team licence: (slug, name, sku, course slug, description).
const LICENCE: (&str, &str, &str, &str, &str) = (
    "rust-for-web-developers-team-licence",
    "Rust for Web Developers — Team licence",
    "LIC-RUST-WEB",
    "rust-for-web-developers",
    "Rust for Web Developers for your whole team, with seats you assign and reassign from your account. Each seat gives one person full access to the course; the more seats you buy, the less each one costs.",
);

/// The licence's seat tiers: (from this many seats, per-seat price in minor units).
const SEAT_TIERS: [(u32, i64); 3] = [(2, 10_900), (10, 9_400), (50, 7_700)];

/// A certification: its exam cohorts are its variants.
struct Certification {
    slug: &'static str,
    name: &'static str,
    sku: &'static str,
    category: &'static str,
    price: i64,
    prerequisites: [&'static str; 2],
    /// (option value / variant name, starts_on, SKU, places).
    cohorts: [(&'static str, &'static str, &'static str, i32); 2],
    description: &'static str,
    sales: i64,
}

/// The option a certification's cohorts are picked by (option names are stored lower-case,
/// as the back office writes them; the product page capitalises the label).
const COHORT_OPTION: &str = "exam date";

static CERTIFICATIONS: [Certification; 2] = [
    Certification {
        slug: "certified-rust-web-developer",
        name: "Certified Rust Web Developer",
        sku: "CERT-RUST",
        category: "learning-programming",
        price: 29_900,
        prerequisites: ["rust-for-web-developers", "async-rust-in-practice"],
        cohorts: [
            ("15 March 2027", "2027-03-15", "CERT-RUST-2027-03", 20),
            ("14 June 2027", "2027-06-14", "CERT-RUST-2027-06", 5),
        ],
        description: "A proctored, project-based exam that shows you can design, build and operate a Rust web service. Pick an exam date below; you need Rust for Web Developers and Async Rust in Practice first (or in the same order).",
        sales: 42,
    },
    Certification {
        slug: "certified-data-analyst",
        name: "Certified Data Analyst",
        sku: "CERT-DATA",
        category: "learning-data-science",
        price: 24_900,
        prerequisites: ["python-for-data-analysis", "sql-for-analysts"],
        cohorts: [
            ("22 April 2027", "2027-04-22", "CERT-DATA-2027-04", 20),
            ("16 September 2027", "2027-09-16", "CERT-DATA-2027-09", 20),
        ],
        description: "A timed case-study exam: answer a business question from raw data with SQL and Python, and present your findings. Choose a cohort date below; Python for Data Analysis and SQL for Analysts are required first (or in the same order).",
        sales: 37,
    },
];

/// A product row to insert.
struct NewProduct<'a> {
    slug: &'a str,
    sku: &'a str,
    name: &'a str,
    description: &'a str,
    kind: ProductKind,
    category_id: i64,
    /// JSON array of `{"name", "values"}`.
    options: String,
    sales: i64,
}

/// A variant row to insert; `places` is its stock (`None`: not tracked).
struct NewVariant<'a> {
    sku: &'a str,
    name: &'a str,
    /// JSON object of option values.
    attributes: String,
    price: i64,
    places: Option<i32>,
    position: i32,
}

/// A course as inserted.
#[derive(Clone, Copy)]
struct Seeded {
    product_id: i64,
    variant_id: i64,
    price: i64,
}

/// Loads the learning catalogue in one transaction, in `currency`; how many products were
/// inserted (0 when it was already there).
pub async fn seed_learning(db: &Db, currency: &str) -> anyhow::Result<usize> {
    let cur: Currency = currency
        .parse()
        .with_context(|| format!("demo learning catalogue currency {currency:?}"))?;
    let mut tx = db.begin_write().await?;
    if already_seeded(&mut tx).await? {
        tx.rollback().await?;
        return Ok(0);
    }
    let cats = categories(&mut tx).await.context("learning categories")?;
    let seeded = courses(&mut tx, &cats, cur).await.context("demo courses")?;
    let mut inserted = seeded.len();
    inserted += bundles(&mut tx, &cats, &seeded, cur)
        .await
        .context("demo course bundles")?;
    inserted += licence(&mut tx, &cats, &seeded, cur)
        .await
        .context("demo team licence")?;
    inserted += certifications(&mut tx, &cats, &seeded, cur)
        .await
        .context("demo certifications")?;
    inserted += subscription_plans(&mut tx, &cats, cur)
        .await
        .context("demo subscription plans")?;
    tx.commit().await?;
    Ok(inserted)
}

/// Whether the `learning` category or any of the learning products exists already.
async fn already_seeded(tx: &mut Tx) -> anyhow::Result<bool> {
    let root: Option<(i64,)> = tx
        .opt(
            "SELECT id FROM categories WHERE slug = $1",
            args![ROOT_SLUG],
        )
        .await?;
    if root.is_some() {
        return Ok(true);
    }
    let slugs = COURSES
        .iter()
        .map(|c| c.slug)
        .chain(BUNDLES.iter().map(|b| b.slug))
        .chain(std::iter::once(LICENCE.0))
        .chain(CERTIFICATIONS.iter().map(|c| c.slug));
    for slug in slugs {
        let found: Option<(i64,)> = tx
            .opt("SELECT id FROM products WHERE slug = $1", args![slug])
            .await?;
        if found.is_some() {
            tracing::warn!(
                slug,
                "demo learning catalogue skipped: a product has its slug"
            );
            return Ok(true);
        }
    }
    Ok(false)
}

/// Inserts "Learning" (after the existing categories) and its subcategories; slug → id.
async fn categories(tx: &mut Tx) -> anyhow::Result<HashMap<&'static str, i64>> {
    let (next,): (i64,) = tx
        .one(
            "SELECT CAST(COALESCE(MAX(position), -1) + 1 AS BIGINT) FROM categories",
            args![],
        )
        .await?;
    let next = i32::try_from(next).context("category position")?;
    let (root,): (i64,) = tx
        .one(
            "INSERT INTO categories (parent_id, slug, name, description, position)
             VALUES (NULL, $1, 'Learning', $2, $3) RETURNING id",
            args![
                ROOT_SLUG,
                "Online courses, learning paths, team licences and certifications, taught by practitioners and yours to keep.",
                next,
            ],
        )
        .await?;
    let mut ids = HashMap::from([(ROOT_SLUG, root)]);
    for (position, (slug, name, description)) in (next + 1..).zip(SUBCATEGORIES) {
        let (id,): (i64,) = tx
            .one(
                "INSERT INTO categories (parent_id, slug, name, description, position)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
                args![Some(root), slug, name, description, position],
            )
            .await?;
        ids.insert(slug, id);
    }
    Ok(ids)
}

/// The id of subcategory `slug`.
fn category(categories: &HashMap<&'static str, i64>, slug: &str) -> anyhow::Result<i64> {
    categories
        .get(slug)
        .copied()
        .with_context(|| format!("no demo category {slug}"))
}

/// The course with `slug`, as inserted.
fn course(courses: &HashMap<&'static str, Seeded>, slug: &str) -> anyhow::Result<Seeded> {
    courses
        .get(slug)
        .copied()
        .with_context(|| format!("no demo course {slug}"))
}

/// Inserts a product row; its id.
async fn insert_product(tx: &mut Tx, p: &NewProduct<'_>) -> anyhow::Result<i64> {
    let sql = format!(
        "INSERT INTO products (slug, sku, name, description, kind, category_id, options, sales_count)
         VALUES ($1, $2, $3, $4, $5, $6, {}, $8) RETURNING id",
        json_param(tx.backend(), 7)
    );
    let (id,): (i64,) = tx
        .one(
            &sql,
            args![
                p.slug,
                p.sku,
                p.name,
                p.description,
                p.kind.as_str(),
                p.category_id,
                p.options.as_str(),
                p.sales,
            ],
        )
        .await
        .with_context(|| format!("inserting product {}", p.slug))?;
    Ok(id)
}

/// Inserts a variant of `product_id` (with its inventory row when it has limited places);
/// its id.
async fn insert_variant(
    tx: &mut Tx,
    product_id: i64,
    v: &NewVariant<'_>,
    cur: Currency,
) -> anyhow::Result<i64> {
    let sql = format!(
        "INSERT INTO product_variants (product_id, sku, name, attributes, price_amount, currency,
             weight_grams, track_inventory, position)
         VALUES ($1, $2, $3, {}, $5, $6, 0, $7, $8) RETURNING id",
        json_param(tx.backend(), 4)
    );
    let (variant_id,): (i64,) = tx
        .one(
            &sql,
            args![
                product_id,
                v.sku,
                v.name,
                v.attributes.as_str(),
                v.price,
                cur.code(),
                v.places.is_some(),
                v.position,
            ],
        )
        .await
        .with_context(|| format!("inserting variant {}", v.sku))?;
    if let Some(places) = v.places {
        tx.exec(
            "INSERT INTO inventory (variant_id, on_hand, reserved, low_stock_threshold)
             VALUES ($1, $2, 0, 5)",
            args![variant_id, places],
        )
        .await?;
    }
    Ok(variant_id)
}

/// A single-variant product's only variant ("Default", no options).
fn default_variant(sku: &str, price: i64, places: Option<i32>) -> NewVariant<'_> {
    NewVariant {
        sku,
        name: "Default",
        attributes: "{}".to_string(),
        price,
        places,
        position: 0,
    }
}

/// Inserts the courses with their syllabus; slug → the inserted course.
async fn courses(
    tx: &mut Tx,
    categories: &HashMap<&'static str, i64>,
    cur: Currency,
) -> anyhow::Result<HashMap<&'static str, Seeded>> {
    let mut seeded = HashMap::new();
    for c in &COURSES {
        let product_id = insert_product(
            tx,
            &NewProduct {
                slug: c.slug,
                sku: c.sku,
                name: c.name,
                description: c.description,
                kind: ProductKind::Course,
                category_id: category(categories, c.category)?,
                options: "[]".to_string(),
                sales: c.sales,
            },
        )
        .await?;
        let variant_id = insert_variant(
            tx,
            product_id,
            &default_variant(c.sku, c.price, c.places),
            cur,
        )
        .await?;
        tx.exec(
            "INSERT INTO course_details (product_id, modules, level, hours) VALUES ($1, $2, $3, $4)",
            args![product_id, json!(c.modules).to_string(), c.level, c.hours],
        )
        .await
        .with_context(|| format!("course details of {}", c.slug))?;
        seeded.insert(
            c.slug,
            Seeded {
                product_id,
                variant_id,
                price: c.price,
            },
        );
    }
    Ok(seeded)
}

/// Inserts the course bundles, each priced by the bundle rule; how many.
async fn bundles(
    tx: &mut Tx,
    categories: &HashMap<&'static str, i64>,
    courses: &HashMap<&'static str, Seeded>,
    cur: Currency,
) -> anyhow::Result<usize> {
    for b in &BUNDLES {
        let parts = b
            .courses
            .iter()
            .map(|slug| course(courses, slug))
            .collect::<anyhow::Result<Vec<Seeded>>>()?;
        let prices: Vec<Money> = parts.iter().map(|c| Money::new(c.price, cur)).collect();
        let discount = match b.off {
            Off::Percent(bps) => BundleDiscount::Percent(bps),
            Off::Amount(minor) => BundleDiscount::Amount(Money::new(minor, cur)),
        };
        let price = bundle_price(&prices, discount)
            .with_context(|| format!("pricing bundle {}", b.slug))?
            .price
            .minor();
        let product_id = insert_product(
            tx,
            &NewProduct {
                slug: b.slug,
                sku: b.sku,
                name: b.name,
                description: b.description,
                kind: ProductKind::CourseBundle,
                category_id: category(categories, b.category)?,
                options: "[]".to_string(),
                sales: b.sales,
            },
        )
        .await?;
        insert_variant(tx, product_id, &default_variant(b.sku, price, None), cur).await?;
        for (position, part) in (0i32..).zip(&parts) {
            bundle_item(tx, product_id, part.variant_id, position).await?;
        }
        // The columns are INTEGER / BIGINT; a BIGINT parameter is assigned to either.
        let (sql, value) = match b.off {
            Off::Percent(bps) => (
                "INSERT INTO bundle_discounts (product_id, percent_bps) VALUES ($1, $2)",
                i64::from(bps),
            ),
            Off::Amount(minor) => (
                "INSERT INTO bundle_discounts (product_id, amount) VALUES ($1, $2)",
                minor,
            ),
        };
        tx.exec(sql, args![product_id, value]).await?;
    }
    Ok(BUNDLES.len())
}

/// A `bundle_items` row: one of `variant_id` in bundle (or licence) `product_id`.
async fn bundle_item(
    tx: &mut Tx,
    product_id: i64,
    variant_id: i64,
    position: i32,
) -> anyhow::Result<()> {
    tx.exec(
        "INSERT INTO bundle_items (bundle_product_id, component_variant_id, quantity, position)
         VALUES ($1, $2, 1, $3)",
        args![product_id, variant_id, position],
    )
    .await?;
    Ok(())
}

/// Inserts the team licence (its course as its one bundle item, its seat tiers); how many.
async fn licence(
    tx: &mut Tx,
    categories: &HashMap<&'static str, i64>,
    courses: &HashMap<&'static str, Seeded>,
    cur: Currency,
) -> anyhow::Result<usize> {
    let (slug, name, sku, course_slug, description) = LICENCE;
    let tiers = SeatTiers::new(
        SEAT_TIERS
            .iter()
            .map(|&(min_seats, unit)| SeatTier {
                min_seats,
                unit: Money::new(unit, cur),
            })
            .collect(),
    )
    .context("demo seat tiers")?;
    let first = tiers.tiers().first().context("no seat tiers")?.unit.minor();
    let taught = course(courses, course_slug)?;
    let product_id = insert_product(
        tx,
        &NewProduct {
            slug,
            sku,
            name,
            description,
            kind: ProductKind::TeamLicence,
            category_id: category(categories, "learning-programming")?,
            options: "[]".to_string(),
            sales: 64,
        },
    )
    .await?;
    insert_variant(tx, product_id, &default_variant(sku, first, None), cur).await?;
    bundle_item(tx, product_id, taught.variant_id, 0).await?;
    for t in tiers.tiers() {
        tx.exec(
            "INSERT INTO seat_tiers (product_id, min_seats, unit_amount) VALUES ($1, $2, $3)",
            args![product_id, i64::from(t.min_seats), t.unit.minor()],
        )
        .await?;
    }
    Ok(1)
}

/// The Learning Subscription, monthly and annual (no trial), opening every course without a
/// cohort limit; how many plans.
async fn subscription_plans(
    tx: &mut Tx,
    categories: &HashMap<&'static str, i64>,
    cur: Currency,
) -> anyhow::Result<usize> {
    const PLANS: [(&str, &str, &str, &str, i64, &str); 2] = [
        (
            "learning-subscription-monthly",
            "Learning Subscription — Monthly",
            "SUB-LEARN-MONTH",
            "MONTH",
            2_900,
            "Unlimited access to every course marked \"Included in the subscription\": new ones too. Billed monthly; cancel anytime and keep access to the end of the month you paid for.",
        ),
        (
            "learning-subscription-annual",
            "Learning Subscription — Annual",
            "SUB-LEARN-YEAR",
            "YEAR",
            29_000,
            "Everything in the monthly subscription for a year, at two months free. Cancel anytime and keep access to the end of the year you paid for.",
        ),
    ];
    for (slug, name, sku, interval, price, description) in PLANS {
        let product_id = insert_product(
            tx,
            &NewProduct {
                slug,
                sku,
                name,
                description,
                kind: ProductKind::Subscription,
                category_id: category(categories, "learning")?,
                options: "[]".to_string(),
                sales: 150,
            },
        )
        .await?;
        insert_variant(tx, product_id, &default_variant(sku, price, None), cur).await?;
        tx.exec(
            "INSERT INTO subscription_plans (product_id, billing_interval, trial_days) VALUES ($1, $2, 0)",
            args![product_id, interval],
        )
        .await?;
    }
    // Every course without a limited number of places is included.
    tx.exec(
        "UPDATE products SET included_in_subscription = TRUE
          WHERE kind = 'COURSE' AND NOT EXISTS
                (SELECT 1 FROM product_variants v WHERE v.product_id = products.id AND v.track_inventory)",
        args![],
    )
    .await?;
    Ok(PLANS.len())
}

/// Inserts the certifications: prerequisites, and one variant per cohort (an exam date with
/// limited places); how many.
async fn certifications(
    tx: &mut Tx,
    categories: &HashMap<&'static str, i64>,
    courses: &HashMap<&'static str, Seeded>,
    cur: Currency,
) -> anyhow::Result<usize> {
    for c in &CERTIFICATIONS {
        let dates: Vec<&str> = c.cohorts.iter().map(|(label, ..)| *label).collect();
        let product_id = insert_product(
            tx,
            &NewProduct {
                slug: c.slug,
                sku: c.sku,
                name: c.name,
                description: c.description,
                kind: ProductKind::Certification,
                category_id: category(categories, c.category)?,
                options: json!([{ "name": COHORT_OPTION, "values": dates }]).to_string(),
                sales: c.sales,
            },
        )
        .await?;
        for (position, &(label, starts_on, sku, places)) in (0i32..).zip(&c.cohorts) {
            let variant = NewVariant {
                sku,
                name: label,
                attributes: json!({ COHORT_OPTION: label }).to_string(),
                price: c.price,
                places: Some(places),
                position,
            };
            let variant_id = insert_variant(tx, product_id, &variant, cur).await?;
            tx.exec(
                "INSERT INTO cohorts (variant_id, starts_on) VALUES ($1, $2)",
                args![variant_id, starts_on],
            )
            .await?;
        }
        for slug in c.prerequisites {
            let required = course(courses, slug)?;
            tx.exec(
                "INSERT INTO certification_prerequisites (certification_id, course_id)
                 VALUES ($1, $2)",
                args![product_id, required.product_id],
            )
            .await?;
        }
    }
    Ok(CERTIFICATIONS.len())
}
