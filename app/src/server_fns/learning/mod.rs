//! Learning: what the buyer can open (`/account/learning`), the gated course page
//! (`/learn/{slug}`) and marking its modules done.

mod course;
mod mark_module;
mod my_learning;

pub use course::{GetCourse, get_course};
pub use mark_module::{MarkModule, mark_module};
pub use my_learning::{GetMyLearning, get_my_learning};
