//! Integration tests: the real app on port 0 against a fresh database per test.
//! Every test is instantiated twice by `both_backends!`: `…::sqlite` and `…::postgres`.

#[macro_use]
mod helpers;

mod accounts;
mod admin_roles;
mod cart;
mod catalog_admin;
mod certificates;
mod checkout;
mod demo_data;
mod fake_stripe;
mod health;
mod learning;
mod learning_admin;
mod learning_fixtures;
mod listing;
mod mail;
mod order_lifecycle;
mod pages;
mod production;
mod promotions_customers;
mod renewals;
mod rest_api;
mod scale_out;
mod schema;
mod security_headers;
mod server_fns;
mod shopper;
mod smtp_sink;
mod static_assets;
mod stripe;
mod stripe_billing;
mod subscription_back_office;
mod subscription_billing_pages;
mod subscription_plans;
mod subscription_self_service;
mod subscriptions;
mod taxonomy;
mod teams;
