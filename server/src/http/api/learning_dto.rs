//! Learning facts of a product in the API (`GET /api/products/{slug}`): syllabus, seat
//! tiers, a bundle's courses and savings, a certification's prerequisites and cohorts.

use serde::Serialize;
use utoipa::ToSchema;

use super::dto::ApiMoney;
use shared::learning::{CourseLink, ProductLearning};

/// What kind of product: shipped goods, a download, or learning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ApiProductKind {
    /// Shipped goods.
    Physical,
    /// A download (signed, expiring links once paid).
    Digital,
    /// Goods sold together; shipped.
    Bundle,
    /// One course; bought once (quantity 1).
    Course,
    /// Two or more courses at a discount off their sum.
    CourseBundle,
    /// Seats on a course for a team: quantity = seats, 2–1000, priced by tier.
    TeamLicence,
    /// An exam on a scheduled date (each variant is a cohort); needs its prerequisites.
    Certification,
    /// A learning subscription plan: quantity 1, one per order, needs an account.
    Subscription,
}

impl From<shared::catalog::ProductKind> for ApiProductKind {
    fn from(k: shared::catalog::ProductKind) -> Self {
        use shared::catalog::ProductKind as K;
        match k {
            K::Physical => ApiProductKind::Physical,
            K::Digital => ApiProductKind::Digital,
            K::Bundle => ApiProductKind::Bundle,
            K::Course => ApiProductKind::Course,
            K::CourseBundle => ApiProductKind::CourseBundle,
            K::TeamLicence => ApiProductKind::TeamLicence,
            K::Certification => ApiProductKind::Certification,
            K::Subscription => ApiProductKind::Subscription,
        }
    }
}

/// Learning facts (empty lists and nulls for other kinds).
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiLearning {
    /// A course's module titles, in order.
    pub modules: Vec<String>,
    /// `BEGINNER`, `INTERMEDIATE`, `ADVANCED` or `ALL`.
    pub level: Option<String>,
    pub hours: Option<u32>,
    /// A team licence's per-seat prices.
    pub seat_tiers: Vec<ApiSeatTier>,
    /// A bundle's (or licence's) courses.
    pub courses: Vec<ApiCourseLink>,
    /// A bundle: what its courses cost on their own, and the saving.
    pub list_price: Option<ApiMoney>,
    pub savings: Option<ApiMoney>,
    /// A certification's prerequisite courses (owned, or in the same cart).
    pub prerequisites: Vec<ApiCourseLink>,
    /// A certification's cohorts: add the cohort's `variant_id` to the cart.
    pub cohorts: Vec<ApiCohort>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiSeatTier {
    /// From this many seats…
    pub from_seats: u32,
    /// …to this many (null: and more).
    pub to_seats: Option<u32>,
    pub price_per_seat: ApiMoney,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiCourseLink {
    pub slug: String,
    pub name: String,
    pub price: Option<ApiMoney>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiCohort {
    pub variant_id: i64,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    /// Null: no limit.
    pub places_left: Option<u32>,
}

fn link(c: CourseLink) -> ApiCourseLink {
    ApiCourseLink {
        slug: c.slug,
        name: c.name,
        price: c.price.map(Into::into),
    }
}

impl From<ProductLearning> for ApiLearning {
    fn from(l: ProductLearning) -> Self {
        ApiLearning {
            modules: l.modules,
            level: l.level,
            hours: l.hours,
            seat_tiers: l
                .seat_tiers
                .into_iter()
                .map(|t| ApiSeatTier {
                    from_seats: t.from,
                    to_seats: t.to,
                    price_per_seat: t.unit.into(),
                })
                .collect(),
            courses: l.courses.into_iter().map(link).collect(),
            list_price: l.list_price.map(Into::into),
            savings: l.savings.map(Into::into),
            prerequisites: l.prerequisites.into_iter().map(link).collect(),
            cohorts: l
                .cohorts
                .into_iter()
                .map(|c| ApiCohort {
                    variant_id: c.variant_id,
                    starts_on: c.starts_on,
                    places_left: c.places_left,
                })
                .collect(),
        }
    }
}
