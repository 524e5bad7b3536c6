//! Cart rules for learning products, checked when a line is added and again, over the whole
//! cart, when the order is placed.
//!
//! - A course is bought once: quantity 1, never twice in one cart (on its own or inside a
//!   bundle), never by a buyer who already has it.
//! - A course bundle holds at least 2 courses. A buyer who already owns one of them is
//!   **refused** with the names of the owned courses (buy the others on their own): the
//!   bundle's price is a promise about the whole set, and a partial credit would make the
//!   same bundle cost different buyers different amounts in the same cart.
//! - A team licence's quantity is its seats (2–1000); the per-line limit does not apply.
//! - A certification is bought once, needs its prerequisite courses owned or in the same
//!   cart, and is not sold to someone already registered for it.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::seats::Seats;
use crate::pricing::ProductKind;

/// A course as messages name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseRef {
    /// The course product.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its slug (`/learn/{slug}`).
    pub slug: String,
}

/// A learning product as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearningItem {
    /// The product.
    pub product_id: i64,
    /// Its name.
    pub name: String,
    /// Its slug.
    pub slug: String,
    /// Course, course bundle, team licence or certification.
    pub kind: ProductKind,
    /// The courses a purchase grants: a course itself; a bundle's or licence's courses.
    pub courses: Vec<CourseRef>,
    /// A certification's prerequisite courses.
    pub prerequisites: Vec<CourseRef>,
}

/// What the rules need to know about the buyer and the rest of the cart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLearning {
    /// Learning lines already in the cart, with their quantities.
    pub lines: Vec<(LearningItem, u32)>,
    /// Courses the signed-in buyer has access to (empty for a guest).
    pub owned_courses: BTreeSet<i64>,
    /// Certifications the buyer is registered for (scheduled or passed).
    pub registered: BTreeSet<i64>,
}

/// Why a learning line was refused. [`LearningRejection::code`] is stable for API clients.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum LearningRejection {
    /// The course is in the cart already (on its own or in a bundle).
    #[error("{course} is already in your cart.")]
    DuplicateCourseInCart {
        /// The course's name.
        course: String,
    },
    /// The buyer already has the course (or is registered for the certification).
    #[error("You already have {name}. Open it from My learning.")]
    AlreadyEnrolled {
        /// The course or certification.
        name: String,
        /// Where to open it.
        link: String,
    },
    /// Courses and certifications are bought one at a time.
    #[error("{name} is bought once: the quantity is always 1.")]
    QuantityIsOne {
        /// The product.
        name: String,
    },
    /// A licence outside 2–1000 seats.
    #[error("A team licence has between 2 and 1000 seats.")]
    SeatsOutOfRange,
    /// A bundle with fewer than two courses (bad catalogue data).
    #[error("{name} is not available: a bundle needs at least 2 courses.")]
    BundleTooSmall {
        /// The bundle.
        name: String,
    },
    /// The buyer owns some of the bundle's courses already.
    #[error("You already own {} from {bundle}; buy the other courses on their own instead.", courses.join(", "))]
    BundleCourseOwned {
        /// The bundle.
        bundle: String,
        /// The owned courses' names.
        courses: Vec<String>,
    },
    /// A certification's prerequisite courses are neither owned nor in the cart.
    #[error("{certification} needs {} first: add it to your cart or complete it.", missing.join(", "))]
    PrerequisiteMissing {
        /// The certification.
        certification: String,
        /// The missing courses' names.
        missing: Vec<String>,
    },
}

impl LearningRejection {
    /// A stable machine-readable code, e.g. `DUPLICATE_COURSE_IN_CART`.
    pub const fn code(&self) -> &'static str {
        match self {
            LearningRejection::DuplicateCourseInCart { .. } => "DUPLICATE_COURSE_IN_CART",
            LearningRejection::AlreadyEnrolled { .. } => "ALREADY_ENROLLED",
            LearningRejection::QuantityIsOne { .. } => "QUANTITY_IS_ONE",
            LearningRejection::SeatsOutOfRange => "SEATS_OUT_OF_RANGE",
            LearningRejection::BundleTooSmall { .. } => "BUNDLE_TOO_SMALL",
            LearningRejection::BundleCourseOwned { .. } => "BUNDLE_COURSE_OWNED",
            LearningRejection::PrerequisiteMissing { .. } => "PREREQUISITE_MISSING",
        }
    }

    /// A page that helps (the owned course), when there is one.
    pub fn link(&self) -> Option<&str> {
        match self {
            LearningRejection::AlreadyEnrolled { link, .. } => Some(link),
            _ => None,
        }
    }

    /// True when the request itself was malformed (a 422 on `quantity`), not a clash.
    pub const fn is_bad_quantity(&self) -> bool {
        matches!(
            self,
            LearningRejection::QuantityIsOne { .. } | LearningRejection::SeatsOutOfRange
        )
    }
}

/// Courses the cart grants already (on their own, in bundles, or through licences bought for
/// oneself are not counted: a licence's seats go to a team).
fn courses_in(lines: &[(LearningItem, u32)]) -> BTreeSet<i64> {
    lines
        .iter()
        .filter(|(i, _)| matches!(i.kind, ProductKind::Course | ProductKind::CourseBundle))
        .flat_map(|(i, _)| i.courses.iter().map(|c| c.id))
        .collect()
}

/// Adding `requested` units of `item` to a cart holding `cart.lines` (not counting a line of
/// `item` itself, whose quantity is `in_cart`). Returns the line's new quantity.
pub fn check_add(
    item: &LearningItem,
    in_cart: u32,
    requested: u32,
    cart: &CartLearning,
) -> Result<u32, LearningRejection> {
    if item.kind == ProductKind::TeamLicence {
        let seats = in_cart.saturating_add(requested);
        return Seats::new(seats)
            .map(Seats::get)
            .map_err(|_| LearningRejection::SeatsOutOfRange);
    }
    if requested != 1 {
        return Err(LearningRejection::QuantityIsOne {
            name: item.name.clone(),
        });
    }
    // Another line of the same product: a certification's other cohort, say.
    if in_cart > 0
        || cart
            .lines
            .iter()
            .any(|(i, _)| i.product_id == item.product_id)
    {
        return Err(LearningRejection::DuplicateCourseInCart {
            course: item.name.clone(),
        });
    }
    let others: Vec<(LearningItem, u32)> = cart
        .lines
        .iter()
        .filter(|(i, _)| i.product_id != item.product_id)
        .cloned()
        .collect();
    check_line(item, &others, cart)?;
    Ok(1)
}

/// One line against the rest of the cart (`others`) and what the buyer owns.
fn check_line(
    item: &LearningItem,
    others: &[(LearningItem, u32)],
    cart: &CartLearning,
) -> Result<(), LearningRejection> {
    let in_cart = courses_in(others);
    match item.kind {
        ProductKind::Course => {
            if in_cart.contains(&item.product_id) {
                return Err(LearningRejection::DuplicateCourseInCart {
                    course: item.name.clone(),
                });
            }
            if cart.owned_courses.contains(&item.product_id) {
                return Err(LearningRejection::AlreadyEnrolled {
                    name: item.name.clone(),
                    link: format!("/learn/{}", item.slug),
                });
            }
        }
        ProductKind::CourseBundle => {
            if item.courses.len() < 2 {
                return Err(LearningRejection::BundleTooSmall {
                    name: item.name.clone(),
                });
            }
            if let Some(c) = item.courses.iter().find(|c| in_cart.contains(&c.id)) {
                return Err(LearningRejection::DuplicateCourseInCart {
                    course: c.name.clone(),
                });
            }
            let owned: Vec<String> = item
                .courses
                .iter()
                .filter(|c| cart.owned_courses.contains(&c.id))
                .map(|c| c.name.clone())
                .collect();
            if !owned.is_empty() {
                return Err(LearningRejection::BundleCourseOwned {
                    bundle: item.name.clone(),
                    courses: owned,
                });
            }
        }
        ProductKind::Certification => {
            if others.iter().any(|(i, _)| i.product_id == item.product_id) {
                return Err(LearningRejection::DuplicateCourseInCart {
                    course: item.name.clone(),
                });
            }
            if cart.registered.contains(&item.product_id) {
                return Err(LearningRejection::AlreadyEnrolled {
                    name: item.name.clone(),
                    link: "/account/learning".into(),
                });
            }
            let missing: Vec<String> = item
                .prerequisites
                .iter()
                .filter(|c| !cart.owned_courses.contains(&c.id) && !in_cart.contains(&c.id))
                .map(|c| c.name.clone())
                .collect();
            if !missing.is_empty() {
                return Err(LearningRejection::PrerequisiteMissing {
                    certification: item.name.clone(),
                    missing,
                });
            }
        }
        _ => {}
    }
    Ok(())
}

/// The whole cart at placement: every line against the others, quantities included (a
/// prerequisite removed after its certification was added is caught here).
pub fn check_cart(cart: &CartLearning) -> Result<(), LearningRejection> {
    for (index, (item, quantity)) in cart.lines.iter().enumerate() {
        if item.kind == ProductKind::TeamLicence {
            Seats::new(*quantity).map_err(|_| LearningRejection::SeatsOutOfRange)?;
            continue;
        }
        if *quantity != 1 {
            return Err(LearningRejection::QuantityIsOne {
                name: item.name.clone(),
            });
        }
        let others: Vec<(LearningItem, u32)> = cart
            .lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != index)
            .map(|(_, l)| l.clone())
            .collect();
        check_line(item, &others, cart)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course(id: i64, name: &str) -> CourseRef {
        CourseRef {
            id,
            name: name.into(),
            slug: name.to_lowercase().replace(' ', "-"),
        }
    }

    fn item(
        id: i64,
        kind: ProductKind,
        courses: Vec<CourseRef>,
        pre: Vec<CourseRef>,
    ) -> LearningItem {
        LearningItem {
            product_id: id,
            name: format!("P{id}"),
            slug: format!("p{id}"),
            kind,
            courses,
            prerequisites: pre,
        }
    }

    fn rust() -> LearningItem {
        let c = course(1, "Rust");
        LearningItem {
            name: "Rust".into(),
            slug: "rust".into(),
            ..item(1, ProductKind::Course, vec![c], vec![])
        }
    }

    #[test]
    fn a_course_is_bought_once() {
        let empty = CartLearning::default();
        assert_eq!(check_add(&rust(), 0, 1, &empty), Ok(1));
        let e = check_add(&rust(), 0, 2, &empty).unwrap_err();
        assert_eq!(e.code(), "QUANTITY_IS_ONE");
        assert_eq!(
            check_add(&rust(), 1, 1, &empty).unwrap_err().code(),
            "DUPLICATE_COURSE_IN_CART"
        );
        let owned = CartLearning {
            owned_courses: [1].into(),
            ..Default::default()
        };
        let e = check_add(&rust(), 0, 1, &owned).unwrap_err();
        assert_eq!(e.code(), "ALREADY_ENROLLED");
        assert_eq!(e.link(), Some("/learn/rust"));
        let bundle = item(
            9,
            ProductKind::CourseBundle,
            vec![course(1, "Rust"), course(2, "Go")],
            vec![],
        );
        let with_bundle = CartLearning {
            lines: vec![(bundle, 1)],
            ..Default::default()
        };
        assert_eq!(
            check_add(&rust(), 0, 1, &with_bundle).unwrap_err().code(),
            "DUPLICATE_COURSE_IN_CART"
        );
    }

    #[test]
    fn bundles_refuse_owned_or_duplicate_courses() {
        let bundle = item(
            9,
            ProductKind::CourseBundle,
            vec![course(1, "Rust"), course(2, "Go")],
            vec![],
        );
        let owned = CartLearning {
            owned_courses: [2].into(),
            ..Default::default()
        };
        let e = check_add(&bundle, 0, 1, &owned).unwrap_err();
        assert_eq!(e.code(), "BUNDLE_COURSE_OWNED");
        assert_eq!(
            e.to_string(),
            "You already own Go from P9; buy the other courses on their own instead."
        );
        let with_course = CartLearning {
            lines: vec![(rust(), 1)],
            ..Default::default()
        };
        assert_eq!(
            check_add(&bundle, 0, 1, &with_course).unwrap_err().code(),
            "DUPLICATE_COURSE_IN_CART"
        );
        let small = item(
            8,
            ProductKind::CourseBundle,
            vec![course(1, "Rust")],
            vec![],
        );
        assert_eq!(
            check_add(&small, 0, 1, &CartLearning::default())
                .unwrap_err()
                .code(),
            "BUNDLE_TOO_SMALL"
        );
    }

    #[test]
    fn seats_ignore_the_line_limit() {
        let licence = item(5, ProductKind::TeamLicence, vec![course(1, "Rust")], vec![]);
        let none = CartLearning::default();
        assert_eq!(check_add(&licence, 0, 250, &none), Ok(250));
        assert_eq!(
            check_add(&licence, 0, 1, &none).unwrap_err().code(),
            "SEATS_OUT_OF_RANGE"
        );
        assert_eq!(
            check_add(&licence, 999, 2, &none).unwrap_err().code(),
            "SEATS_OUT_OF_RANGE"
        );
        assert_eq!(check_add(&licence, 5, 5, &none), Ok(10));
        // Owning the course does not stop buying seats for a team.
        let owned = CartLearning {
            owned_courses: [1].into(),
            ..Default::default()
        };
        assert_eq!(check_add(&licence, 0, 5, &owned), Ok(5));
    }

    #[test]
    fn certifications_need_their_prerequisites() {
        let cert = item(
            7,
            ProductKind::Certification,
            vec![],
            vec![course(1, "Rust")],
        );
        let e = check_add(&cert, 0, 1, &CartLearning::default()).unwrap_err();
        assert_eq!(e.code(), "PREREQUISITE_MISSING");
        assert_eq!(
            e.to_string(),
            "P7 needs Rust first: add it to your cart or complete it."
        );
        let in_cart = CartLearning {
            lines: vec![(rust(), 1)],
            ..Default::default()
        };
        assert_eq!(check_add(&cert, 0, 1, &in_cart), Ok(1));
        let owned = CartLearning {
            owned_courses: [1].into(),
            ..Default::default()
        };
        assert_eq!(check_add(&cert, 0, 1, &owned), Ok(1));
        let registered = CartLearning {
            owned_courses: [1].into(),
            registered: [7].into(),
            ..Default::default()
        };
        assert_eq!(
            check_add(&cert, 0, 1, &registered).unwrap_err().code(),
            "ALREADY_ENROLLED"
        );
        // Removing the prerequisite afterwards is caught when the order is placed.
        let cart = CartLearning {
            lines: vec![(cert.clone(), 1)],
            ..Default::default()
        };
        assert_eq!(
            check_cart(&cart).unwrap_err().code(),
            "PREREQUISITE_MISSING"
        );
        let cart = CartLearning {
            lines: vec![(cert, 1), (rust(), 1)],
            ..Default::default()
        };
        assert_eq!(check_cart(&cart), Ok(()));
    }

    #[test]
    fn the_whole_cart_is_checked_at_placement() {
        let bundle = item(
            9,
            ProductKind::CourseBundle,
            vec![course(1, "Rust"), course(2, "Go")],
            vec![],
        );
        let cart = CartLearning {
            lines: vec![(rust(), 1), (bundle, 1)],
            ..Default::default()
        };
        assert_eq!(
            check_cart(&cart).unwrap_err().code(),
            "DUPLICATE_COURSE_IN_CART"
        );
        let cart = CartLearning {
            lines: vec![(rust(), 2)],
            ..Default::default()
        };
        assert_eq!(check_cart(&cart).unwrap_err().code(), "QUANTITY_IS_ONE");
        let licence = item(5, ProductKind::TeamLicence, vec![course(1, "Rust")], vec![]);
        let cart = CartLearning {
            lines: vec![(licence, 1001)],
            ..Default::default()
        };
        assert_eq!(check_cart(&cart).unwrap_err().code(), "SEATS_OUT_OF_RANGE");
    }
}
