//! Email: templates, the outbox sender, abandoned-cart reminders, and what the back office
//! shows of them. Every mail is first an `outbox` row written in the transaction of the change
//! that causes it; [`outbox::deliver_due`] renders and sends them through a
//! [`MailTransport`] (SMTP or the file mailbox, both in `server`).

pub mod html;
pub mod outbox;
pub mod recovery;
pub mod render;
pub mod subscription_templates;
pub mod templates;

pub use outbox::{DeliveryReport, SenderConfig, deliver_due};
pub use render::{LinkMode, Rendered, render};

/// The host of a base URL: `https://shop.example:8443/x` → `shop.example`.
pub fn url_host(url: &str) -> &str {
    url.split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split([':', '/'])
        .next()
        .unwrap_or_default()
}

/// A rendered mail on its way out.
#[derive(Clone, Debug)]
pub struct OutgoingMail {
    /// The outbox row it comes from.
    pub outbox_id: i64,
    /// The store name (the sender's display name).
    pub from_name: String,
    /// The sender address.
    pub from_address: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Stays the same when the row is sent again after a crash, so receivers (and the file
    /// mailbox, which names files by it) see one mail.
    pub message_id: String,
    /// One-click unsubscribe address (RFC 8058) for reminder mails.
    pub unsubscribe_url: Option<String>,
}

/// Why a send failed: worth another try later, or never.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("{0}")]
    Transient(String),
    #[error("{0}")]
    Permanent(String),
}

/// Where mails go: SMTP, or files in a folder.
#[async_trait::async_trait]
pub trait MailTransport: Send + Sync {
    /// Hands the mail over; returns the provider's id for it, if any.
    async fn send(&self, mail: &OutgoingMail) -> Result<Option<String>, SendError>;
    /// `smtp` or `file`, for logs and the back office.
    fn kind(&self) -> &'static str;
}
