//! Learning: what the buyer owns (`/account/learning`), the gated course page
//! (`/learn/{slug}`), team licences (`/account/teams/{id}`), certificates, and the learning
//! facts a product page shows (seat tiers, bundle savings, syllabus, prerequisites, cohorts).

use serde::{Deserialize, Serialize};
use storefront::money::Money;

/// Everything a buyer can open, on `/account/learning` and `GET /api/me/enrolments`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MyLearning {
    pub courses: Vec<MyCourse>,
    pub certifications: Vec<MyCertification>,
    pub downloads: Vec<MyDownload>,
    /// Team licences the buyer owns (manage seats on `/account/teams/{id}`).
    pub licences: Vec<MyLicence>,
}

/// A course the buyer has access to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyCourse {
    pub course_id: i64,
    pub slug: String,
    pub name: String,
    /// Modules marked done, and how many the syllabus has.
    pub modules_done: u32,
    pub modules_total: u32,
    /// Where the access comes from: "Order SO-1001", "Team seat (Acme licence)".
    pub source: String,
    /// RFC 3339.
    pub granted_at: String,
}

/// A certification the buyer is registered for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyCertification {
    pub registration_id: i64,
    pub product_id: i64,
    pub slug: String,
    pub name: String,
    /// The cohort's exam date (`YYYY-MM-DD`), when one was picked.
    pub cohort_date: Option<String>,
    /// `SCHEDULED`, `PASSED`, `FAILED` or `REVOKED`.
    pub status: String,
    /// Set once passed: the certificate is `/certificates/{code}`.
    pub certificate_code: Option<String>,
}

/// A download link of a digital product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyDownload {
    pub product_name: String,
    pub order_number: String,
    /// `/downloads/{token}`.
    pub url: String,
    /// `None`: unlimited.
    pub downloads_left: Option<u32>,
    /// RFC 3339; `None`: never expires.
    pub expires_at: Option<String>,
    /// Expired, used up or revoked: shown, not linked.
    pub usable: bool,
}

/// A team licence the buyer owns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyLicence {
    pub id: i64,
    pub product_name: String,
    pub seats: u32,
    /// Seats invited or taken (not revoked).
    pub seats_used: u32,
    /// `ACTIVE` or `REVOKED`.
    pub status: String,
}

/// A team licence as its owner manages it, on `/account/teams/{id}` and
/// `GET /api/me/licences/{id}/seats`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamLicence {
    pub id: i64,
    /// The licence product's name.
    pub product_name: String,
    /// Seats bought.
    pub seats: u32,
    /// Seats invited or taken (not revoked).
    pub seats_used: u32,
    /// `ACTIVE` or `REVOKED` (refunded or cancelled: no seat gives access any more).
    pub status: String,
    /// Every seat given out: live ones first, newest first; revoked ones stay listed.
    pub seat_list: Vec<SeatView>,
}

/// One seat of a team licence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatView {
    pub id: i64,
    /// The invited address (lower case); only an account with it can accept.
    pub email: String,
    /// `INVITED`, `ACTIVE` or `REVOKED`.
    pub status: String,
    /// The name of the account holding the seat, once accepted (when it has one).
    pub holder_name: Option<String>,
    /// RFC 3339.
    pub invited_at: String,
    pub accepted_at: Option<String>,
    pub revoked_at: Option<String>,
    /// When the holder last opened one of the licence's courses.
    pub last_opened_at: Option<String>,
}

/// `/learn/{slug}`: the course for someone who has access, or why not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CourseAccess {
    Open(CoursePage),
    /// Not signed in, or no access: a 403 page with a link to buy (`product_slug`).
    Locked {
        name: String,
        product_slug: String,
        signed_in: bool,
    },
}

/// The course page of someone with access.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoursePage {
    pub course_id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub modules: Vec<ModuleView>,
    pub modules_done: u32,
}

/// One syllabus module and whether the learner marked it done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleView {
    /// 0-based position in the syllabus (what "mark done" posts).
    pub index: u32,
    pub title: String,
    pub done: bool,
}

/// What a product page shows for a learning product (all empty for other kinds).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProductLearning {
    /// A course's syllabus (module titles).
    pub modules: Vec<String>,
    /// A course's level (`BEGINNER` …) and length in hours, when set.
    pub level: Option<String>,
    pub hours: Option<u32>,
    /// A team licence's tiers: from `from` to `to` seats (None: and more), per seat.
    pub seat_tiers: Vec<SeatTierView>,
    /// A course bundle's (or licence's) courses with their own prices.
    pub courses: Vec<CourseLink>,
    /// A course bundle: the courses' sum, and "You save …".
    pub list_price: Option<Money>,
    pub savings: Option<Money>,
    /// A certification's prerequisite courses.
    pub prerequisites: Vec<CourseLink>,
    /// A certification's cohorts (each is a variant): exam date and places left.
    pub cohorts: Vec<CohortView>,
    /// A subscription plan's terms: how often it bills, its free trial and price (`None`
    /// for other kinds, and for a plan without its `subscription_plans` row).
    #[serde(default)]
    pub plan: Option<PlanTerms>,
}

/// A subscription plan's terms, as its product page (and the back office) show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanTerms {
    /// `MONTH` or `YEAR`.
    pub interval: String,
    /// Free days before the first charge (0: no trial).
    pub trial_days: u32,
    /// What each period costs (the plan's first active variant), when it has one.
    pub price: Option<Money>,
}

impl PlanTerms {
    /// "month" or "year".
    pub fn period_word(&self) -> &'static str {
        if self.interval.eq_ignore_ascii_case("YEAR") {
            "year"
        } else {
            "month"
        }
    }

    /// "$29.00 / month", when the plan has a price.
    pub fn recurring(&self) -> Option<String> {
        self.price.map(|p| format!("{p} / {}", self.period_word()))
    }

    /// "Free for 14 days, then $29.00 / month", for a plan with a free trial.
    pub fn trial_text(&self) -> Option<String> {
        (self.trial_days > 0).then(|| {
            let days = if self.trial_days == 1 {
                "1 day".to_string()
            } else {
                format!("{} days", self.trial_days)
            };
            match self.recurring() {
                Some(r) => format!("Free for {days}, then {r}"),
                None => format!("Free for {days}"),
            }
        })
    }

    /// "Free trial — then $29.00 / month": a cart line's note, for a plan with a free trial.
    pub fn trial_note(&self) -> Option<String> {
        (self.trial_days > 0).then(|| match self.recurring() {
            Some(r) => format!("Free trial — then {r}"),
            None => "Free trial".to_string(),
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatTierView {
    pub from: u32,
    pub to: Option<u32>,
    pub unit: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseLink {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub price: Option<Money>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortView {
    pub variant_id: i64,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    /// `None`: no limit.
    pub places_left: Option<u32>,
}

/// `/certificates/{code}`: what anyone may check about a certificate. The holder is named
/// (first and last name, else the part of the email before `@`), never by email address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// `CERT-XXXX-XXXX-XXXX`.
    pub code: String,
    pub holder: String,
    /// The certification's name.
    pub certification: String,
    /// The cohort's exam date in words ("7 March 2027"), when one was picked.
    pub exam_date: Option<String>,
    /// When it was marked passed, in words.
    pub passed_on: Option<String>,
    /// False once revoked (its order was refunded or cancelled).
    pub valid: bool,
    /// Why it is not valid: "This certificate was revoked."
    pub notice: Option<String>,
    /// The verification page: its path from the service, absolute from the server function.
    pub verify_url: String,
}

/// A certification registration in the back office (`/admin/learning`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationRow {
    pub id: i64,
    pub product_id: i64,
    pub certification: String,
    /// The holder's email.
    pub email: String,
    /// The cohort's exam date (`YYYY-MM-DD`), when one was picked.
    pub cohort_date: Option<String>,
    /// `SCHEDULED`, `PASSED`, `FAILED` or `REVOKED`.
    pub status: String,
    pub certificate_code: Option<String>,
    pub order_number: String,
}

/// A course enrolment in the back office (`/admin/learning`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentRow {
    pub id: i64,
    pub course_id: i64,
    pub course: String,
    /// The learner's email.
    pub email: String,
    /// Where the access comes from: "Order LC-100042", "Team seat (licence order …)".
    pub source: String,
    pub order_number: Option<String>,
    /// `ACTIVE` or `REVOKED`.
    pub status: String,
    /// `YYYY-MM-DD` (UTC).
    pub granted_on: String,
}

/// A product to filter `/admin/learning` by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearningProductOption {
    pub id: i64,
    pub name: String,
}

/// `/admin/learning`: registrations and enrolments, of one product when `product_id` is set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminLearning {
    pub product_id: Option<i64>,
    /// The filter's choices.
    pub certifications: Vec<LearningProductOption>,
    pub courses: Vec<LearningProductOption>,
    pub registrations: Vec<RegistrationRow>,
    pub enrolments: Vec<EnrolmentRow>,
}
