//! A variant's option values (`size=M; colour=Black`) and the product options they imply.

use serde::{Deserialize, Serialize};

/// Why a variant's option values were rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AttributeError {
    /// A part without `=`, e.g. `size M`.
    #[error("Write options as name=value, separated by ';' (found {0:?}).")]
    Malformed(String),
    /// An option name outside `a–z 0–9 space - _`, or too long.
    #[error(
        "Option names use letters, digits, spaces, '-' and '_', up to 32 characters (found {0:?})."
    )]
    BadName(String),
    /// An empty value, a value with `;`/`=`/control characters, or over 64 characters.
    #[error("Option values are 1–64 characters without ';' or '=' (found {0:?}).")]
    BadValue(String),
    /// The same option twice in one variant.
    #[error("The option {0:?} is given twice.")]
    Duplicate(String),
    /// More than [`VariantAttributes::MAX`] options.
    #[error("A variant can have at most 5 options.")]
    TooMany,
}

/// Why a product's variants do not form a consistent set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum VariantSetError {
    /// Variants name different options (`size` on one, `colour` on another).
    #[error("Every variant needs the same options ({expected}); one has {found}.")]
    DifferentOptions {
        /// The first variant's options, comma separated.
        expected: String,
        /// The odd one's options.
        found: String,
    },
    /// Two variants with the same option values.
    #[error("Two variants have the same options ({0}).")]
    DuplicateCombination(String),
    /// Several variants where one has no options.
    #[error("Give every variant its option values (e.g. size=M) when a product has several.")]
    MissingOptions,
}

/// The option values of one variant, in the order given. Names are lower-cased; values keep
/// their case. Parsed from and shown as `size=M; colour=Black` (empty for a product's only
/// variant).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VariantAttributes(Vec<(String, String)>);

impl VariantAttributes {
    /// Most options one variant may have.
    pub const MAX: usize = 5;

    /// Parses `name=value` pairs separated by `;` (blank input: no options).
    pub fn parse(input: &str) -> Result<VariantAttributes, AttributeError> {
        let mut out: Vec<(String, String)> = Vec::new();
        for part in input.split(';') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| AttributeError::Malformed(part.to_string()))?;
            out.push(Self::pair(name, value)?);
            if out.len() > Self::MAX {
                return Err(AttributeError::TooMany);
            }
        }
        Self::from_pairs(out)
    }

    /// Builds from `(name, value)` pairs with the same checks as [`VariantAttributes::parse`].
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Result<VariantAttributes, AttributeError> {
        let mut out: Vec<(String, String)> = Vec::with_capacity(pairs.len());
        for (name, value) in pairs {
            let (name, value) = Self::pair(&name, &value)?;
            if out.iter().any(|(n, _)| *n == name) {
                return Err(AttributeError::Duplicate(name));
            }
            out.push((name, value));
        }
        if out.len() > Self::MAX {
            return Err(AttributeError::TooMany);
        }
        Ok(VariantAttributes(out))
    }

    fn pair(name: &str, value: &str) -> Result<(String, String), AttributeError> {
        let name = name.trim().to_lowercase();
        let value = value.trim().to_string();
        let name_ok = !name.is_empty()
            && name.chars().count() <= 32
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'));
        if !name_ok {
            return Err(AttributeError::BadName(name));
        }
        let value_ok = !value.is_empty()
            && value.chars().count() <= 64
            && !value
                .chars()
                .any(|c| c == ';' || c == '=' || c.is_control());
        if !value_ok {
            return Err(AttributeError::BadValue(value));
        }
        Ok((name, value))
    }

    /// The `(name, value)` pairs in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// True for a variant without options.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The variant's display name: values joined by " / ", or "Default" without options.
    pub fn display_name(&self) -> String {
        if self.0.is_empty() {
            "Default".to_string()
        } else {
            self.0
                .iter()
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
                .join(" / ")
        }
    }

    fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.0.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        names
    }

    fn key(&self) -> Vec<(&str, &str)> {
        let mut key: Vec<(&str, &str)> = self
            .0
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        key.sort_unstable();
        key
    }
}

impl std::fmt::Display for VariantAttributes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (n, v)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{n}={v}")?;
        }
        Ok(())
    }
}

/// The product's options (name → values in first-seen order) implied by its variants, after
/// checking that every variant names the same options and no two share all values.
pub fn product_options(
    variants: &[VariantAttributes],
) -> Result<Vec<(String, Vec<String>)>, VariantSetError> {
    let Some(first) = variants.first() else {
        return Ok(Vec::new());
    };
    if variants.len() > 1 && variants.iter().any(VariantAttributes::is_empty) {
        return Err(VariantSetError::MissingOptions);
    }
    let expected = first.names();
    let mut seen: Vec<Vec<(&str, &str)>> = Vec::with_capacity(variants.len());
    for v in variants {
        if v.names() != expected {
            return Err(VariantSetError::DifferentOptions {
                expected: expected.join(", "),
                found: v.names().join(", "),
            });
        }
        let key = v.key();
        if seen.contains(&key) {
            return Err(VariantSetError::DuplicateCombination(v.to_string()));
        }
        seen.push(key);
    }
    let mut options: Vec<(String, Vec<String>)> = first
        .pairs()
        .iter()
        .map(|(n, _)| (n.clone(), Vec::new()))
        .collect();
    for v in variants {
        for (name, value) in v.pairs() {
            if let Some((_, values)) = options.iter_mut().find(|(n, _)| n == name)
                && !values.contains(value)
            {
                values.push(value.clone());
            }
        }
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_back() {
        let a = VariantAttributes::parse(" Size = M ; colour=Oat Milk;").unwrap();
        assert_eq!(a.to_string(), "size=M; colour=Oat Milk");
        assert_eq!(a.display_name(), "M / Oat Milk");
        assert_eq!(VariantAttributes::parse(&a.to_string()).unwrap(), a);
        assert!(VariantAttributes::parse("").unwrap().is_empty());
        assert_eq!(
            VariantAttributes::parse("").unwrap().display_name(),
            "Default"
        );
    }

    #[test]
    fn rejects_bad_input() {
        assert!(matches!(
            VariantAttributes::parse("size M"),
            Err(AttributeError::Malformed(_))
        ));
        assert!(matches!(
            VariantAttributes::parse("size=M; size=L"),
            Err(AttributeError::Duplicate(_))
        ));
        assert!(matches!(
            VariantAttributes::parse("size="),
            Err(AttributeError::BadValue(_))
        ));
        assert!(matches!(
            VariantAttributes::parse("s!ze=M"),
            Err(AttributeError::BadName(_))
        ));
        assert_eq!(
            VariantAttributes::parse("a=1;b=2;c=3;d=4;e=5;f=6"),
            Err(AttributeError::TooMany)
        );
    }

    #[test]
    fn options_come_from_the_variants() {
        let v: Vec<_> = [
            "size=S; colour=Black",
            "size=M; colour=Black",
            "colour=Oat; size=S",
        ]
        .iter()
        .map(|s| VariantAttributes::parse(s).unwrap())
        .collect();
        assert_eq!(
            product_options(&v).unwrap(),
            vec![
                ("size".to_string(), vec!["S".to_string(), "M".to_string()]),
                (
                    "colour".to_string(),
                    vec!["Black".to_string(), "Oat".to_string()]
                ),
            ]
        );
        let odd = vec![
            VariantAttributes::parse("size=S").unwrap(),
            VariantAttributes::parse("colour=Black").unwrap(),
        ];
        assert!(matches!(
            product_options(&odd),
            Err(VariantSetError::DifferentOptions { .. })
        ));
        let twice = vec![
            VariantAttributes::parse("size=S").unwrap(),
            VariantAttributes::parse("size=S").unwrap(),
        ];
        assert!(matches!(
            product_options(&twice),
            Err(VariantSetError::DuplicateCombination(_))
        ));
        let missing = vec![
            VariantAttributes::parse("size=S").unwrap(),
            VariantAttributes::default(),
        ];
        assert_eq!(
            product_options(&missing),
            Err(VariantSetError::MissingOptions)
        );
        assert!(
            product_options(&[VariantAttributes::default()])
                .unwrap()
                .is_empty()
        );
    }
}
