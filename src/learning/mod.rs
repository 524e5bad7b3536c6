//! Learning products: team-licence seats and their tiered prices, course-bundle pricing
//! (a discount off the sum of the courses, split back over the courses so refunds are exact),
//! and the cart rules for courses, bundles, licences and certifications. Pure functions over
//! what the caller loaded; every refusal has a stable code (`LearningRejection::code`).

mod bundle;
mod rules;
mod seats;

pub use bundle::{BundleDiscount, BundleError, BundlePrice, bundle_price};
pub use rules::{CartLearning, CourseRef, LearningItem, LearningRejection, check_add, check_cart};
pub use seats::{SeatTier, SeatTierError, SeatTiers, Seats, SeatsError};

#[cfg(test)]
mod proptests;
