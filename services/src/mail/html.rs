//! Escaping and the mail layout shared by every template.

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A call-to-action button.
pub fn button(href: &str, label: &str) -> String {
    format!(
        r#"<p style="margin:24px 0"><a href="{}" style="background:#4f46e5;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600;display:inline-block">{}</a></p>"#,
        esc(href),
        esc(label)
    )
}

/// A paragraph of plain text.
pub fn para(text: &str) -> String {
    format!(r#"<p style="margin:0 0 12px">{}</p>"#, esc(text))
}

/// The whole HTML document: store name on top, `body` (already HTML), footer with the shop's
/// address and an optional unsubscribe link.
pub fn page(
    store: &str,
    base_url: &str,
    title: &str,
    body: &str,
    unsubscribe: Option<&str>,
) -> String {
    let unsubscribe = unsubscribe
        .map(|u| {
            format!(
                r#" · <a href="{}" style="color:#6b7280">Unsubscribe from cart reminders</a>"#,
                esc(u)
            )
        })
        .unwrap_or_default();
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#111827;font-size:15px;line-height:1.5">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;padding:24px 0"><tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;padding:32px">
<tr><td><p style="margin:0 0 24px;font-size:20px;font-weight:700"><a href="{base}/" style="color:#111827;text-decoration:none">{store}</a></p>
<h1 style="margin:0 0 16px;font-size:22px">{title}</h1>
{body}
</td></tr></table>
<p style="color:#6b7280;font-size:12px;margin:16px 0">{store} · <a href="{base}/" style="color:#6b7280">{base_label}</a>{unsubscribe}</p>
</td></tr></table></body></html>
"#,
        title = esc(title),
        store = esc(store),
        base = esc(base_url),
        base_label = esc(base_url),
    )
}

/// The plain-text twin of [`page`].
pub fn text_page(
    store: &str,
    base_url: &str,
    title: &str,
    body: &str,
    unsubscribe: Option<&str>,
) -> String {
    let mut out = format!(
        "{store}\n\n{title}\n\n{}\n\n--\n{store} · {base_url}/\n",
        body.trim_end()
    );
    if let Some(u) = unsubscribe {
        out.push_str(&format!("No more cart reminders: {u}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn text_page_has_store_footer_and_unsubscribe() {
        let t = text_page(
            "Shop",
            "https://s.test",
            "Hi",
            "Body\n",
            Some("https://s.test/u"),
        );
        assert!(t.starts_with("Shop\n\nHi\n\nBody\n\n--\nShop · https://s.test/\n"));
        assert!(t.contains("No more cart reminders: https://s.test/u"));
    }
}
