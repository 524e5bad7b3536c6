//! Turning arbitrary shopper text into safe full-text queries for each engine.

/// Lower-cased alphanumeric words of `q` (quotes, operators, punctuation and emoji dropped),
/// unique, at most 8 words of at most 40 characters.
pub fn terms(q: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in q.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        let w: String = w.to_lowercase().chars().take(40).collect();
        if !out.contains(&w) {
            out.push(w);
        }
        if out.len() == 8 {
            break;
        }
    }
    out
}

/// FTS5 MATCH expression: every term as a quoted prefix phrase, all required.
pub fn fts5_query(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| format!("\"{t}\"*"))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// `to_tsquery` input: every term as a prefix, all required.
pub fn tsquery(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| format!("{t}:*"))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// Character trigrams of a word list (for the typo fallback), padded like pg_trgm.
pub fn trigrams(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in terms(text) {
        let padded: Vec<char> = format!("  {w} ").chars().collect();
        for win in padded.windows(3) {
            let t: String = win.iter().collect();
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// Jaccard similarity of two strings' trigram sets (0..=1).
pub fn similarity(a: &str, b: &str) -> f64 {
    let ta = trigrams(a);
    let tb = trigrams(b);
    if ta.is_empty() || tb.is_empty() {
        return 0.0;
    }
    let common = ta.iter().filter(|t| tb.contains(t)).count();
    common as f64 / (ta.len() + tb.len() - common) as f64
}

/// FTS5 trigram-table query: the unpadded trigrams of each word, any of them.
pub fn fts5_trigram_query(q: &str) -> Option<String> {
    let mut grams: Vec<String> = Vec::new();
    for w in terms(q) {
        let chars: Vec<char> = w.chars().collect();
        for win in chars.windows(3) {
            let g: String = win.iter().collect();
            if !grams.contains(&g) {
                grams.push(g);
            }
        }
    }
    (!grams.is_empty()).then(|| {
        grams
            .iter()
            .take(40)
            .map(|g| format!("\"{g}\""))
            .collect::<Vec<_>>()
            .join(" OR ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_becomes_plain_terms() {
        assert_eq!(
            terms(r#""socks" OR 1=1; -- 🧦 NEAR( héadph*"#),
            ["socks", "or", "1", "near", "héadph"]
        );
        assert_eq!(fts5_query(&terms("wool socks")), r#""wool"* AND "socks"*"#);
        assert_eq!(tsquery(&terms("NW-MCT")), "nw:* & mct:*");
        assert!(terms("🧦 !!! ''").is_empty());
        assert_eq!(fts5_trigram_query("ab"), None);
    }

    #[test]
    fn similarity_tolerates_typos() {
        assert!(similarity("hedphones", "headphones") > 0.4);
        assert!(similarity("hedphones", "cast iron skillet") < 0.1);
    }
}
