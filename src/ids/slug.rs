//! URL slugs for products, categories and pages.

use serde::{Deserialize, Serialize};

use super::string_newtype_impls;

/// A URL path segment such as `"mens-running-shoe-blue"`.
///
/// 1 to 120 characters of lower-case `a–z` and `0–9`, separated by single hyphens; it does
/// not start or end with a hyphen. [`Slug::parse`] is strict (it is used on URLs and stored
/// data); use [`Slug::from_title`] to derive a slug from free text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct Slug(String);

/// Why a slug was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum SlugError {
    /// Empty, or (for [`Slug::from_title`]) no letters or digits to build one from.
    #[error("A URL slug needs at least one letter or digit.")]
    Empty,
    /// Longer than [`Slug::MAX_LEN`] characters.
    #[error("A URL slug can be at most 120 characters.")]
    TooLong,
    /// Contains something other than lower-case letters, digits and hyphens.
    #[error("A URL slug can only contain lower-case letters, digits and hyphens (found '{0}').")]
    InvalidChar(char),
    /// Starts or ends with a hyphen, or has two hyphens in a row.
    #[error("A URL slug can't start or end with a hyphen or have two in a row.")]
    MisplacedHyphen,
}

impl Slug {
    /// Longest accepted slug, in characters.
    pub const MAX_LEN: usize = 120;

    /// Validates an existing slug exactly as given (no trimming or case folding).
    pub fn parse(input: &str) -> Result<Slug, SlugError> {
        if input.is_empty() {
            return Err(SlugError::Empty);
        }
        if let Some(bad) = input.chars().find(|&c| !is_slug_char(c)) {
            return Err(SlugError::InvalidChar(bad));
        }
        if input.starts_with('-') || input.ends_with('-') || input.contains("--") {
            return Err(SlugError::MisplacedHyphen);
        }
        if input.len() > Self::MAX_LEN {
            return Err(SlugError::TooLong);
        }
        Ok(Slug(input.to_owned()))
    }

    /// Builds a slug from a human title: lower-cases, folds common Latin accents
    /// (`é` → `e`, `ß` → `ss`), drops apostrophes, turns every other run of non-alphanumeric
    /// characters into one hyphen, and cuts the result to [`Slug::MAX_LEN`] characters.
    ///
    /// `"Men's Running Shoe — Blue!"` → `"mens-running-shoe-blue"`. Fails with
    /// [`SlugError::Empty`] only if no letter or digit remains.
    pub fn from_title(title: &str) -> Result<Slug, SlugError> {
        let mut slug = String::with_capacity(title.len().min(Self::MAX_LEN));
        let mut pending_hyphen = false;
        for c in title.chars().flat_map(char::to_lowercase) {
            if matches!(c, '\'' | '’' | '‘' | '`') {
                continue;
            }
            let folded = fold_char(c);
            if folded.is_empty() {
                pending_hyphen = true;
                continue;
            }
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push_str(folded);
        }
        if slug.len() > Self::MAX_LEN {
            slug.truncate(Self::MAX_LEN);
            let trimmed_len = slug.trim_end_matches('-').len();
            slug.truncate(trimmed_len);
        }
        Slug::parse(&slug)
    }

    /// The slug text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_slug_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
}

/// ASCII spelling of a lower-case character for a slug; empty for separators.
fn fold_char(c: char) -> &'static str {
    const ALNUM: &str = "abcdefghijklmnopqrstuvwxyz0123456789";
    let index = match c {
        'a'..='z' => Some(c as usize - 'a' as usize),
        '0'..='9' => Some(26 + c as usize - '0' as usize),
        _ => None,
    };
    if let Some(i) = index {
        return &ALNUM[i..=i];
    }
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
        'ç' | 'ć' | 'č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' | 'ń' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => "u",
        'ý' | 'ÿ' => "y",
        'ś' | 'š' => "s",
        'ź' | 'ż' | 'ž' => "z",
        'ł' => "l",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => "",
    }
}

string_newtype_impls!(Slug, SlugError);

#[cfg(test)]
mod tests {
    use super::*;

    fn from_title(title: &str) -> String {
        Slug::from_title(title).unwrap().as_str().to_owned()
    }

    #[test]
    fn parses_valid_slugs() {
        for ok in [
            "a",
            "shoes",
            "mens-running-shoe-blue",
            "2024-sale",
            "x1-y2-z3",
        ] {
            assert_eq!(Slug::parse(ok).unwrap().as_str(), ok);
        }
        assert!(Slug::parse(&"a".repeat(120)).is_ok());
    }

    #[test]
    fn rejects_invalid_slugs() {
        assert_eq!(Slug::parse(""), Err(SlugError::Empty));
        assert_eq!(Slug::parse("Shoes"), Err(SlugError::InvalidChar('S')));
        assert_eq!(
            Slug::parse("running shoes"),
            Err(SlugError::InvalidChar(' '))
        );
        assert_eq!(Slug::parse("under_score"), Err(SlugError::InvalidChar('_')));
        assert_eq!(Slug::parse("-shoes"), Err(SlugError::MisplacedHyphen));
        assert_eq!(Slug::parse("shoes-"), Err(SlugError::MisplacedHyphen));
        assert_eq!(Slug::parse("red--shoes"), Err(SlugError::MisplacedHyphen));
        assert_eq!(Slug::parse("-"), Err(SlugError::MisplacedHyphen));
        assert_eq!(Slug::parse(&"a".repeat(121)), Err(SlugError::TooLong));
    }

    #[test]
    fn builds_from_titles() {
        assert_eq!(
            from_title("Men's Running Shoe — Blue!"),
            "mens-running-shoe-blue"
        );
        assert_eq!(from_title("  Hello,   World  "), "hello-world");
        assert_eq!(from_title("Crème Brûlée Set (2×)"), "creme-brulee-set-2");
        assert_eq!(from_title("Straße & Co."), "strasse-co");
        assert_eq!(from_title("100% Cotton T-Shirt"), "100-cotton-t-shirt");
        assert_eq!(from_title("already-a-slug"), "already-a-slug");
        assert_eq!(from_title("Rock ’n’ Roll"), "rock-n-roll");
    }

    #[test]
    fn from_title_truncates_without_trailing_hyphen() {
        let title = format!("{} {}", "a".repeat(119), "b".repeat(10));
        assert_eq!(from_title(&title), "a".repeat(119));
        assert_eq!(from_title(&"word ".repeat(60)).len(), 119);
    }

    #[test]
    fn from_title_fails_only_when_nothing_usable_remains() {
        for empty in ["", "   ", "!!! — ???", "日本語", "''"] {
            assert_eq!(
                Slug::from_title(empty),
                Err(SlugError::Empty),
                "title {empty:?}"
            );
        }
    }

    #[test]
    fn conversions_and_serde() {
        let slug: Slug = "blue-shoes".parse().unwrap();
        assert_eq!(slug.to_string(), "blue-shoes");
        assert_eq!(serde_json::to_string(&slug).unwrap(), "\"blue-shoes\"");
        assert_eq!(
            serde_json::from_str::<Slug>("\"blue-shoes\"").unwrap(),
            slug
        );
        assert!(serde_json::from_str::<Slug>("\"Blue Shoes\"").is_err());
    }
}
