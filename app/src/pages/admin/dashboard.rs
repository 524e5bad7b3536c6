//! `/admin`: the dashboard. Figures are read on the server and rendered into the page (the
//! chart is plain SVG, so it shows without JavaScript); with JavaScript, the [`Refreshing`]
//! island re-reads them every 30 seconds.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{AdminNav, RequireStaff, status_class};
use crate::components::{Refreshing, RequestError};
use crate::server_fns::admin::admin_dashboard;
use crate::server_fns::admin::subscriptions::admin_subscription_metrics;
use shared::admin::{
    Dashboard, DayRevenue, Funnel, LowStockRow, PeriodStats, RecentOrder, RecoveryStats, TopProduct,
};
use shared::admin_subscription::SubscriptionMetrics;

#[component]
pub fn AdminHomePage() -> impl IntoView {
    view! {
        <Title text="Back office" />
        <RequireStaff page=|_| view! { <Overview /> }.into_any() />
    }
}

#[component]
fn Overview() -> impl IntoView {
    let data = Resource::new(|| (), |_| admin_dashboard());
    let subscriptions = Resource::new(|| (), |_| admin_subscription_metrics());
    view! {
        <div class="mx-auto max-w-6xl px-4 py-8 sm:px-6" data-testid="admin-home">
            <AdminNav current="/admin" />
            <Refreshing id="dashboard-figures".to_string() seconds=30>
                <Transition fallback=|| {
                    view! { <p class="mt-6 text-stone-500">"Loading…"</p> }
                }>
                    {move || Suspend::new(async move {
                        match data.await {
                            Ok(d) => view! { <Body d=d /> }.into_any(),
                            Err(e) => view! { <RequestError error=e /> }.into_any(),
                        }
                    })}
                </Transition>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match subscriptions.await {
                            Ok(m) => view! { <SubscriptionsCard m=m /> }.into_any(),
                            Err(e) => view! { <RequestError error=e /> }.into_any(),
                        }
                    })}
                </Transition>
            </Refreshing>
        </div>
    }
}

#[component]
fn Body(d: Dashboard) -> impl IntoView {
    view! {
        <div class="mt-6 flex flex-wrap items-baseline justify-between gap-3">
            <h1 class="font-serif text-3xl font-semibold">"Overview"</h1>
            <p class="text-xs text-stone-500" data-testid="dashboard-as-of">
                "Figures in "
                {d.currency.code()}
                " as of "
                {d.as_of.clone()}
                " UTC"
            </p>
        </div>
        <div class="mt-4 grid gap-4 sm:grid-cols-3">
            {d.periods.into_iter().map(|p| view! { <PeriodCard p=p /> }).collect_view()}
        </div>
        <section class="mt-8 rounded-xl border border-stone-200 bg-white p-4">
            <h2 class="font-semibold">"Revenue per day, last 30 days"</h2>
            <RevenueChart days=d.daily.clone() currency=d.currency />
        </section>
        <div class="mt-8 grid gap-6 lg:grid-cols-2">
            {conversion_section(d.funnel, d.recovery)} {top_products_section(d.top_products)}
            {low_stock_section(d.low_stock_count, d.low_stock)}
            {recent_orders_section(d.recent_orders)}
        </div>
    }
}

/// The funnel, and abandoned carts with what the reminders brought back.
fn conversion_section(funnel: Funnel, recovery: RecoveryStats) -> impl IntoView {
    view! {
        <section class="rounded-xl border border-stone-200 bg-white p-4">
            <h2 class="font-semibold">"Conversion, last 30 days"</h2>
            <FunnelView f=funnel />
            <h3 class="mt-6 font-semibold">"Abandoned carts"</h3>
            <dl class="mt-2 grid grid-cols-2 gap-2 text-sm" data-testid="recovery">
                <dt class="text-stone-600">"Abandonment rate"</dt>
                <dd data-testid="abandonment-rate">
                    {recovery.abandonment_rate.clone()} " (" {recovery.abandoned} " of "
                    {recovery.carts} " carts)"
                </dd>
                <dt class="text-stone-600">"Reminders sent"</dt>
                <dd>{recovery.reminders_sent}</dd>
                <dt class="text-stone-600">"Recovered revenue"</dt>
                <dd data-testid="recovered-revenue">
                    {recovery.recovered_revenue.clone()} " from " {recovery.recovered} " carts"
                </dd>
            </dl>
        </section>
    }
}

fn top_products_section(top: Vec<TopProduct>) -> impl IntoView {
    view! {
        <section class="rounded-xl border border-stone-200 bg-white p-4">
            <h2 class="font-semibold">"Top products, last 30 days"</h2>
            <ol class="mt-3 space-y-1 text-sm" data-testid="top-products">
                {top
                    .into_iter()
                    .map(|t| {
                        view! {
                            <li class="flex justify-between gap-3">
                                <a href=format!("/p/{}", t.slug) class="hover:underline">
                                    {t.name}
                                </a>
                                <span class="text-stone-600">
                                    {t.units} " sold · " {t.revenue}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}

/// Variants at or under their alert level, with a badge counting them.
fn low_stock_section(count: i64, rows: Vec<LowStockRow>) -> impl IntoView {
    let badge_class = if count > 0 {
        "rounded-full bg-red-600 px-2 py-0.5 text-xs text-white"
    } else {
        "rounded-full bg-stone-200 px-2 py-0.5 text-xs"
    };
    view! {
        <section class="rounded-xl border border-stone-200 bg-white p-4">
            <h2 class="flex items-center gap-2 font-semibold">
                "Low stock" <span class=badge_class data-testid="low-stock-badge">
                    {count}
                </span>
            </h2>
            <ul class="mt-3 space-y-1 text-sm">
                {rows
                    .into_iter()
                    .map(|l| {
                        view! {
                            <li class="flex justify-between gap-3">
                                <a
                                    href=format!("/admin/products/{}", l.product_id)
                                    class="hover:underline"
                                >
                                    {l.product}
                                    " "
                                    <span class="text-stone-500">{l.variant} " · " {l.sku}</span>
                                </a>
                                <span class="text-red-700">
                                    {l.available} " left (alert at " {l.threshold} ")"
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <a href="/admin/products?low_stock=1" class="mt-2 inline-block text-sm underline">
                "All low-stock products"
            </a>
        </section>
    }
}

fn recent_orders_section(orders: Vec<RecentOrder>) -> impl IntoView {
    view! {
        <section class="rounded-xl border border-stone-200 bg-white p-4">
            <h2 class="font-semibold">"Recent orders"</h2>
            <ul class="mt-3 space-y-1 text-sm" data-testid="recent-orders">
                {orders
                    .into_iter()
                    .map(|o| {
                        view! {
                            <li class="flex flex-wrap justify-between gap-2">
                                <a
                                    href=format!("/admin/orders/{}", o.number)
                                    class="font-medium hover:underline"
                                >
                                    {o.number.clone()}
                                </a>
                                <span class="text-stone-600">{o.email}</span>
                                <span class=status_class(&o.status)>{o.status.clone()}</span>
                                <span>{o.total}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// Learning subscriptions: subscribers, MRR, churn and recoveries over the last 30 days, and
/// how many are past due (each figure with its own test id).
#[component]
fn SubscriptionsCard(m: SubscriptionMetrics) -> impl IntoView {
    let other = m
        .mrr_other
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <section
            class="mt-8 rounded-xl border border-stone-200 bg-white p-4"
            data-testid="subscription-metrics"
        >
            <div class="flex flex-wrap items-baseline justify-between gap-3">
                <h2 class="font-semibold">"Subscriptions"</h2>
                <a href="/admin/subscriptions" class="text-sm underline">
                    "All subscriptions"
                </a>
            </div>
            <dl class="mt-3 grid grid-cols-2 gap-4 text-sm sm:grid-cols-5">
                <div>
                    <dt class="text-stone-600">"Active subscribers"</dt>
                    <dd class="text-2xl font-semibold" data-testid="active-subscribers">
                        {m.active_subscribers}
                    </dd>
                </div>
                <div>
                    <dt class="text-stone-600">"MRR"</dt>
                    <dd class="text-2xl font-semibold" data-testid="mrr">
                        {m.mrr.to_string()}
                    </dd>
                    {(!other.is_empty())
                        .then(|| {
                            view! {
                                <dd class="text-xs text-stone-500" data-testid="mrr-other">
                                    "plus "
                                    {other.clone()}
                                    " (not converted)"
                                </dd>
                            }
                        })}
                </div>
                <div>
                    <dt class="text-stone-600">"Churn, 30 days"</dt>
                    <dd class="text-2xl font-semibold" data-testid="churn-30d">
                        {m.churn_30d.clone()}
                    </dd>
                    <dd class="text-xs text-stone-500">{m.canceled_30d} " canceled"</dd>
                </div>
                <div>
                    <dt class="text-stone-600">"Recovered payments, 30 days"</dt>
                    <dd class="text-2xl font-semibold" data-testid="recoveries-30d">
                        {m.recoveries_30d}
                    </dd>
                </div>
                <div>
                    <dt class="text-stone-600">"Past due now"</dt>
                    <dd class="text-2xl font-semibold" data-testid="past-due">
                        <a href="/admin/subscriptions?status=PAST_DUE" class="hover:underline">
                            {m.past_due}
                        </a>
                    </dd>
                </div>
            </dl>
        </section>
    }
}

#[component]
fn PeriodCard(p: PeriodStats) -> impl IntoView {
    let change = |c: Option<String>| {
        let class = match c.as_deref() {
            Some(s) if s.starts_with('+') => "text-emerald-700",
            Some(s) if s.starts_with('−') => "text-red-700",
            _ => "text-stone-500",
        };
        view! { <span class=format!("text-xs {class}")>{c.unwrap_or_else(|| "–".into())}</span> }
    };
    let id = p.label.to_lowercase().replace(' ', "-");
    view! {
        <div
            class="rounded-xl border border-stone-200 bg-white p-4"
            data-testid=format!("period-{id}")
        >
            <p class="text-sm text-stone-600">{p.label.clone()}</p>
            <p class="mt-1 text-2xl font-semibold" data-testid="period-revenue">
                {p.revenue.clone()}
            </p>
            <p class="text-xs text-stone-500">"revenue " {change(p.revenue_change)}</p>
            <div class="mt-2 flex gap-6 text-sm">
                <p>
                    <span data-testid="period-orders">{p.orders}</span>
                    " orders "
                    {change(p.orders_change)}
                </p>
                <p>"AOV " {p.aov.clone()} " " {change(p.aov_change)}</p>
            </div>
        </div>
    }
}

/// Daily revenue as SVG bars (server-rendered; a `<title>` per bar gives the figures).
#[component]
pub fn RevenueChart(days: Vec<DayRevenue>, currency: storefront::Currency) -> impl IntoView {
    const W: f64 = 600.0;
    const H: f64 = 160.0;
    let max = days
        .iter()
        .map(|d| d.revenue_minor)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let n = days.len().max(1) as f64;
    let slot = W / n;
    let cur = currency;
    let first = days.first().map(|d| d.day.clone()).unwrap_or_default();
    let last = days.last().map(|d| d.day.clone()).unwrap_or_default();
    let peak = storefront::Money::new(max as i64, cur).to_string();
    view! {
        <svg
            viewBox=format!("0 0 {W} {}", H + 20.0)
            class="mt-3 h-48 w-full"
            role="img"
            aria-label="Revenue per day"
            data-testid="revenue-chart"
        >
            <line x1="0" y1=H x2=W y2=H stroke="#d6d3d1" stroke-width="1" />
            {days
                .into_iter()
                .enumerate()
                .map(|(i, d)| {
                    let h = if d.revenue_minor > 0 {
                        (d.revenue_minor as f64 / max * (H - 10.0)).max(2.0)
                    } else {
                        0.0
                    };
                    let x = i as f64 * slot + slot * 0.15;
                    let label = format!(
                        "{}: {} ({} orders)",
                        d.day,
                        storefront::Money::new(d.revenue_minor, cur),
                        d.orders,
                    );
                    view! {
                        <rect
                            x=format!("{x:.1}")
                            y=format!("{:.1}", H - h)
                            width=format!("{:.1}", slot * 0.7)
                            height=format!("{h:.1}")
                            fill="#6d28d9"
                            data-day=d.day.clone()
                            data-revenue=d.revenue_minor.to_string()
                        >
                            <title>{label}</title>
                        </rect>
                    }
                })
                .collect_view()}
            <text x="0" y=H + 15.0 font-size="10" fill="#78716c">
                {first}
            </text>
            <text x=W y=H + 15.0 font-size="10" fill="#78716c" text-anchor="end">
                {last}
            </text>
            <text x="0" y="10" font-size="10" fill="#78716c">
                "peak "
                {peak}
            </text>
        </svg>
    }
}

#[component]
fn FunnelView(f: Funnel) -> impl IntoView {
    let base = f.viewed.max(1) as f64;
    let steps = [
        ("Viewed a product", f.viewed),
        ("Added to cart", f.added),
        ("Started checkout", f.checkout),
        ("Ordered", f.purchased),
    ];
    view! {
        <ul class="mt-3 space-y-2 text-sm" data-testid="funnel">
            {steps
                .into_iter()
                .map(|(label, n)| {
                    let pct = n as f64 / base * 100.0;
                    view! {
                        <li>
                            <div class="flex justify-between">
                                <span>{label}</span>
                                <span>{n} " sessions · " {format!("{pct:.0}%")}</span>
                            </div>
                            <div class="mt-1 h-2 rounded bg-stone-100">
                                <div
                                    class="h-2 rounded bg-violet-600"
                                    style=format!("width: {pct:.1}%")
                                ></div>
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
