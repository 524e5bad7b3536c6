//! Learning: what the buyer can open (`/account/learning`), the gated course page
//! (`/learn/{slug}`) and marking its modules done.

mod accept_invite;
mod admin_learning;
mod certificate;
mod course;
mod invite_seat;
mod mark_certification;
mod mark_module;
mod my_learning;
mod revoke_seat;
mod team;

pub use accept_invite::{AcceptInvite, accept_invite};
pub use admin_learning::{
    AdminCustomerLearning, AdminGetLearning, admin_customer_learning, admin_get_learning,
};
pub use certificate::{GetCertificate, get_certificate};
pub use course::{GetCourse, get_course};
pub use invite_seat::{InviteSeat, invite_seat};
pub use mark_certification::{AdminMarkCertification, admin_mark_certification};
pub use mark_module::{MarkModule, mark_module};
pub use my_learning::{GetMyLearning, get_my_learning};
pub use revoke_seat::{RevokeSeat, revoke_seat};
pub use team::{GetTeam, get_team};
