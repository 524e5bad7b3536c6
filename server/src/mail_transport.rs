//! Mail transports: SMTP (lettre) when `SMTP_URL` is set, else a file mailbox — one `.eml`
//! file per mail in `MAIL_DIR` (default `data/mail`), which the back office's Outbox page lists.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use services::mail::{MailTransport, OutgoingMail, SendError};

/// `List-Unsubscribe: <url>`.
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
#[derive(Clone)]
struct OneClick;

impl Header for OneClick {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(OneClick)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".into())
    }
}

/// The MIME message (plain text and HTML alternatives).
pub fn build_message(mail: &OutgoingMail) -> Result<Message, SendError> {
    let address = mail.from_address.parse().map_err(|e| {
        SendError::Permanent(format!("sender address {:?}: {e}", mail.from_address))
    })?;
    let from = Mailbox::new(Some(mail.from_name.clone()), address);
    let to: Mailbox = mail
        .to
        .parse()
        .map_err(|e| SendError::Permanent(format!("recipient {:?}: {e}", mail.to)))?;
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject.clone())
        .message_id(Some(mail.message_id.clone()));
    if let Some(u) = &mail.unsubscribe_url {
        builder = builder
            .header(ListUnsubscribe(
                u.replace("/unsubscribe?", "/email/unsubscribe?"),
            ))
            .header(OneClick);
    }
    builder
        .multipart(MultiPart::alternative_plain_html(
            mail.text.clone(),
            mail.html.clone(),
        ))
        .map_err(|e| SendError::Permanent(format!("building the message: {e}")))
}

/// SMTP through lettre: `smtp://user:pass@host:587?tls=required`, `smtps://host:465`, or plain
/// `smtp://host:25` (a local relay, the tests' sink).
pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl Smtp {
    pub fn new(url: &str) -> anyhow::Result<Smtp> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .with_context(
                || "SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465",
            )?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        Ok(Smtp { transport })
    }
}

#[async_trait::async_trait]
impl MailTransport for Smtp {
    async fn send(&self, mail: &OutgoingMail) -> Result<Option<String>, SendError> {
        let message = build_message(mail)?;
        match self.transport.send(message).await {
            Ok(response) => Ok(response.message().next().map(str::to_string)),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(format!("SMTP: {e}"))),
            Err(e) => Err(SendError::Transient(format!("SMTP: {e}"))),
        }
    }

    fn kind(&self) -> &'static str {
        "smtp"
    }
}

/// Writes each mail to `dir/<outbox id>-<template>.eml` (a resent mail overwrites its file).
pub struct FileMailbox {
    dir: PathBuf,
}

impl FileMailbox {
    pub fn new(dir: PathBuf) -> anyhow::Result<FileMailbox> {
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("creating the mail folder {}", dir.display()))?;
        Ok(FileMailbox { dir })
    }
}

#[async_trait::async_trait]
impl MailTransport for FileMailbox {
    async fn send(&self, mail: &OutgoingMail) -> Result<Option<String>, SendError> {
        let bytes = build_message(mail)?.formatted();
        let name = format!("{:08}.eml", mail.outbox_id);
        let tmp = self.dir.join(format!(".{name}.tmp"));
        let path = self.dir.join(&name);
        let io =
            |e: std::io::Error| SendError::Transient(format!("writing {}: {e}", path.display()));
        tokio::fs::write(&tmp, bytes).await.map_err(io)?;
        tokio::fs::rename(&tmp, &path).await.map_err(io)?;
        Ok(Some(name))
    }

    fn kind(&self) -> &'static str {
        "file"
    }
}

/// The transport the configuration asks for, and a label for the back office.
pub fn transport(
    smtp_url: Option<&str>,
    mail_dir: &std::path::Path,
) -> anyhow::Result<(std::sync::Arc<dyn MailTransport>, String)> {
    match smtp_url {
        Some(url) => {
            let host = url
                .split_once("://")
                .map_or(url, |(_, rest)| rest)
                .rsplit('@')
                .next()
                .unwrap_or_default()
                .split(['/', '?'])
                .next()
                .unwrap_or_default()
                .to_string();
            Ok((
                std::sync::Arc::new(Smtp::new(url)?),
                format!("SMTP ({host})"),
            ))
        }
        None => Ok((
            std::sync::Arc::new(FileMailbox::new(mail_dir.to_path_buf())?),
            format!("file mailbox ({})", mail_dir.display()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(from_name: &str) -> OutgoingMail {
        OutgoingMail {
            outbox_id: 7,
            from_name: from_name.into(),
            from_address: "shop@example.com".into(),
            to: "ann@example.com".into(),
            subject: "Order LC-1 confirmed — thanks".into(),
            text: "Hello ×".into(),
            html: "<p>Hello</p>".into(),
            message_id: "<outbox-7@example.com>".into(),
            unsubscribe_url: Some("https://s.test/unsubscribe?token=abc".into()),
        }
    }

    #[test]
    fn any_store_name_makes_a_valid_sender() {
        for name in [
            "Larkspur & Co.",
            "Smith, Jones \"and\" Sons <Ltd>",
            "Café Ünïcode",
        ] {
            let m = build_message(&mail(name)).expect(name);
            let text = String::from_utf8(m.formatted()).unwrap();
            assert!(text.contains("shop@example.com>"), "{text}");
            assert!(
                text.contains("Message-ID: <outbox-7@example.com>"),
                "{text}"
            );
            assert!(
                text.contains("List-Unsubscribe: <https://s.test/email/unsubscribe?token=abc>")
            );
            assert!(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        }
    }

    #[test]
    fn a_bad_recipient_is_permanent() {
        let mut m = mail("Shop");
        m.to = "not an address".into();
        assert!(matches!(build_message(&m), Err(SendError::Permanent(_))));
    }
}
