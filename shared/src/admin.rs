//! What the back office's catalogue, inventory, import and dashboard pages show (built on the
//! server, shipped to the browser).

use serde::{Deserialize, Serialize};

/// One row of `/admin/products`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminProductRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub is_active: bool,
    pub variants: i64,
    /// "$24.00" or "$24.00–$30.00"; `None` without an active variant.
    pub price: Option<String>,
    /// Units available (on hand − held) over tracked variants.
    pub available: i64,
    /// Variants at or under their low-stock threshold.
    pub low_stock: i64,
}

/// A page of products for staff.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminProductPage {
    pub rows: Vec<AdminProductRow>,
    /// Cursor of the next page (`?after=`), if there is one.
    pub next_after: Option<String>,
}

/// `/admin/products` filters (every field optional in a hand-written URL).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductFilter {
    /// Name, slug or SKU.
    pub q: Option<String>,
    /// `active`, `archived` or none (both).
    pub status: Option<String>,
    /// Only products with a variant at or under its low-stock threshold.
    pub low_stock: bool,
    pub after: Option<String>,
}

/// A variant as the editor shows it (amounts as plain decimals, e.g. "24.00").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminVariant {
    pub id: i64,
    pub sku: String,
    pub name: String,
    /// `size=M; colour=Black`.
    pub attributes: String,
    pub price: String,
    pub compare_at: String,
    pub weight_grams: i32,
    pub is_active: bool,
    pub track_inventory: bool,
    pub on_hand: i64,
    pub reserved: i64,
    pub available: i64,
    pub low_stock_threshold: i64,
    pub low: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminImage {
    pub id: i64,
    pub url: String,
    pub alt: String,
}

/// A stock change, for the product's stock history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MovementView {
    pub at: String,
    pub sku: String,
    pub delta: i64,
    pub on_hand_after: Option<i64>,
    pub reason: String,
    pub note: Option<String>,
    pub actor: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminProduct {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub kind: String,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub currency: String,
    pub is_active: bool,
    pub is_featured: bool,
    pub variants: Vec<AdminVariant>,
    pub images: Vec<AdminImage>,
    pub movements: Vec<MovementView>,
}

/// A category or brand to pick (by slug).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub slug: String,
    pub name: String,
}

/// The product editor: the product (none when creating) and what can be picked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductEditor {
    pub product: Option<AdminProduct>,
    pub categories: Vec<Choice>,
    pub brands: Vec<Choice>,
    /// The store's currency (Settings), for a new product.
    pub default_currency: String,
}

/// The answer to saving a product.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedProduct {
    pub id: i64,
    pub slug: String,
    pub message: String,
}

/// One problem found in an import file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// 1-based line of the file (the header is line 1).
    pub line: u64,
    pub message: String,
}

/// Session key of the last import's report (the import form posts to a plain route, which
/// redirects to `/admin/import` to show it).
pub const IMPORT_REPORT_KEY: &str = "admin.import_report";

/// What an import did (or, in a dry run, would do).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub dry_run: bool,
    /// Data rows read.
    pub rows: u64,
    pub products_created: u64,
    pub products_updated: u64,
    pub variants_created: u64,
    pub variants_updated: u64,
    /// Nothing is written when there is any error.
    pub errors: Vec<RowError>,
    /// True when the changes were written.
    pub applied: bool,
}

/// Revenue, orders and average order value over one period, with the period before it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodStats {
    /// "Today", "Last 7 days", "Last 30 days".
    pub label: String,
    pub revenue: String,
    pub revenue_minor: i64,
    pub orders: i64,
    pub aov: String,
    /// Change of revenue against the previous period of the same length, e.g. "+12%";
    /// `None` when the previous period had none.
    pub revenue_change: Option<String>,
    pub orders_change: Option<String>,
    pub aov_change: Option<String>,
}

/// One day of the revenue chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayRevenue {
    /// `YYYY-MM-DD` (UTC).
    pub day: String,
    pub revenue_minor: i64,
    pub orders: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopProduct {
    pub name: String,
    pub slug: String,
    pub units: i64,
    pub revenue: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LowStockRow {
    pub product_id: i64,
    pub product: String,
    pub sku: String,
    pub variant: String,
    pub available: i64,
    pub threshold: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecentOrder {
    pub number: String,
    pub email: String,
    pub status: String,
    pub total: String,
    pub placed_at: String,
}

/// Sessions reaching each step over the last 30 days (each step counts only sessions that
/// reached the one before).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funnel {
    pub viewed: i64,
    pub added: i64,
    pub checkout: i64,
    pub purchased: i64,
}

/// Abandoned carts and what the reminders brought back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecoveryStats {
    /// Carts that were ordered or abandoned (started in the period).
    pub carts: i64,
    /// Of those, left without an order.
    pub abandoned: i64,
    /// "37%", or "–" without carts.
    pub abandonment_rate: String,
    pub reminders_sent: i64,
    /// Carts restored from a reminder and then ordered.
    pub recovered: i64,
    /// Their orders' revenue (net of refunds).
    pub recovered_revenue: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub currency: storefront::Currency,
    pub periods: Vec<PeriodStats>,
    /// The last 30 days, oldest first, every day present.
    pub daily: Vec<DayRevenue>,
    pub top_products: Vec<TopProduct>,
    pub low_stock: Vec<LowStockRow>,
    pub low_stock_count: i64,
    pub recent_orders: Vec<RecentOrder>,
    pub funnel: Funnel,
    /// Abandoned carts and reminders, last 30 days.
    pub recovery: RecoveryStats,
    /// When the figures were read (UTC, `YYYY-MM-DD HH:MM:SS`).
    pub as_of: String,
}

/// One row of `/admin/promotions`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminPromotionRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    /// "15% off", "$5.00 off", "Free shipping", "Buy 2 get 1 free", "Tiered".
    pub summary: String,
    pub codes: Vec<String>,
    pub is_active: bool,
    pub is_automatic: bool,
    pub times_used: i64,
    pub usage_limit: Option<i64>,
    /// Orders that used it (placed, not counting cancelled ones given back).
    pub window: String,
}

/// A promotion as its editor shows it (amounts as plain decimals, percentages as "15").
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AdminPromotion {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub kind: String,
    pub value: String,
    pub currency: String,
    pub min_subtotal: String,
    pub max_discount: String,
    pub buy: String,
    pub get: String,
    pub code: String,
    pub starts: String,
    pub ends: String,
    pub usage_limit: String,
    pub per_customer: String,
    pub categories: String,
    pub is_active: bool,
    pub is_automatic: bool,
    pub stackable: bool,
    pub first_order_only: bool,
    pub requires_account: bool,
    pub times_used: i64,
    /// Spend tiers of an amount-off promotion: `150.00=15.00; 300.00=40.00` (spend = save).
    pub tiers: String,
}

/// What a sample cart would get from a promotion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PromotionPreview {
    /// `SKU × qty — line subtotal`.
    pub lines: Vec<String>,
    pub subtotal: String,
    pub discount: String,
    pub discount_minor: i64,
    pub free_shipping: bool,
    pub total_after: String,
    /// Why it would not apply (or which SKUs were unknown).
    pub notes: Vec<String>,
}

/// One row of `/admin/customers`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminCustomerRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: crate::account::Role,
    pub orders: i64,
    /// Paid orders net of refunds, in the shop's main currency.
    pub lifetime_value: String,
    pub last_order: Option<String>,
    pub joined: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminCustomerPage {
    pub rows: Vec<AdminCustomerRow>,
    pub next_after: Option<String>,
}

/// A customer's order, for their detail page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerOrder {
    pub number: String,
    pub status: String,
    pub total: String,
    pub refunded: String,
    pub placed_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminCustomer {
    pub row: AdminCustomerRow,
    pub phone: Option<String>,
    pub is_active: bool,
    pub marketing_opt_in: bool,
    pub lifetime_value_minor: i64,
    pub average_order: String,
    pub orders: Vec<CustomerOrder>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaxRateView {
    pub id: i64,
    pub name: String,
    pub country: String,
    pub region: String,
    /// "8.25".
    pub rate: String,
    pub inclusive: bool,
    pub shipping: bool,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShippingMethodView {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub price: String,
    pub free_over: String,
    pub currency: String,
    pub min_days: String,
    pub max_days: String,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShippingZoneView {
    pub id: i64,
    pub name: String,
    /// "US, CA-QC".
    pub countries: String,
    pub methods: Vec<ShippingMethodView>,
}

/// The Settings page (administrators only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SettingsView {
    pub store_name: String,
    pub currency: String,
    pub reservation_minutes: u32,
    pub cart_max_lines: u32,
    pub cart_max_per_line: u32,
    pub tax_rates: Vec<TaxRateView>,
    pub zones: Vec<ShippingZoneView>,
}

/// One category on `/admin/catalogue`, in tree order: each after its parent, siblings by
/// position then name; `depth` 0 is the top level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminCategoryRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub depth: u32,
    pub name: String,
    pub slug: String,
    pub position: i64,
    pub is_active: bool,
    /// Active products filed directly under this category.
    pub product_count: i64,
}

/// One brand on `/admin/catalogue`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminBrandRow {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub is_active: bool,
    /// Active products of this brand.
    pub product_count: i64,
}

/// `/admin/catalogue`: the category tree and the brands, archived ones included.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AdminTaxonomy {
    pub categories: Vec<AdminCategoryRow>,
    pub brands: Vec<AdminBrandRow>,
}

/// A category or brand created or saved from `/admin/catalogue`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaxonomySaved {
    pub id: i64,
    pub slug: String,
    pub message: String,
}

/// The product editor's "Learning" panel for a course, course bundle, team licence,
/// certification or subscription plan: what is set now and the courses to choose from (a
/// plan's billing interval and trial are `current.plan`). Amounts for inputs are
/// plain decimals ("24.00"); amounts to read are formatted ("$24.00").
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AdminLearningPanel {
    pub product_id: i64,
    /// `COURSE`, `COURSE_BUNDLE`, `TEAM_LICENCE`, `CERTIFICATION` or `SUBSCRIPTION`.
    pub kind: String,
    /// False for a draft (created here, not in the shop until ticked Active and saved).
    pub is_active: bool,
    /// The product's currency (of its first active variant, else the store's).
    pub currency: String,
    /// What the shop's product page shows: syllabus, level, hours, courses with the list
    /// price and saving, seat tiers, prerequisites, cohorts with places left.
    pub current: crate::learning::ProductLearning,
    /// The product's first active variant (a course's places are its stock).
    pub variant_id: Option<i64>,
    /// A course's places on hand (`None`: unlimited), and those not held by checkouts.
    pub capacity: Option<i64>,
    pub places_left: Option<i64>,
    /// The variant's price, formatted: a bundle's computed price, a licence's 2-seat unit.
    pub price: Option<String>,
    /// A bundle's discount: a percentage ("25") or an amount ("40.00"); the other is blank.
    pub discount_percent: String,
    pub discount_amount: String,
    /// The course variants a bundle holds, or the licence's course (their order).
    pub chosen: Vec<i64>,
    /// A licence's tiers for the inputs: from this many seats, price per seat ("109.00").
    pub tiers: Vec<(u32, String)>,
    /// Courses on sale, to choose a bundle's courses, a licence's course or prerequisites.
    pub courses: Vec<CourseChoice>,
    /// A course: whether every live subscriber opens it (`included_in_subscription`).
    #[serde(default)]
    pub included_in_subscription: bool,
}

/// A course on sale, as the learning panel offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseChoice {
    pub product_id: i64,
    pub variant_id: i64,
    pub name: String,
    /// "$69.00".
    pub price: String,
}
