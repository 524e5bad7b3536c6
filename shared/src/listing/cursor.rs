//! Keyset cursors: the sort key and id of the last row of a page, as an opaque URL token
//! `sort~value~id` (the value may itself contain `~`).

use serde::{Deserialize, Serialize};

use super::Sort;

/// Where a page starts (exclusive).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    pub sort: Sort,
    /// The sort column's value of the boundary row, as text (integer, float, name or timestamp).
    pub value: String,
    pub id: i64,
}

impl Cursor {
    pub fn encode(&self) -> String {
        format!("{}~{}~{}", self.sort.as_str(), self.value, self.id)
    }

    /// Parses a token produced by [`Cursor::encode`]; `None` when it is malformed.
    pub fn decode(token: &str) -> Option<Cursor> {
        if token.len() > 400 || token.chars().any(char::is_control) {
            return None;
        }
        let (sort, rest) = token.split_once('~')?;
        let (value, id) = rest.rsplit_once('~')?;
        let sort = Sort::parse(sort)?;
        let id: i64 = id.parse().ok().filter(|i| *i > 0)?;
        let valid = match sort {
            Sort::PriceAsc | Sort::PriceDesc | Sort::Bestselling => value.parse::<i64>().is_ok(),
            Sort::Relevance => value.parse::<f64>().is_ok_and(f64::is_finite),
            Sort::Newest => !value.is_empty() && value.len() <= 40,
            Sort::Name => value.len() <= 300,
        };
        valid.then(|| Cursor {
            sort,
            value: value.to_string(),
            id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrips_including_tildes_in_names() {
        for c in [
            Cursor {
                sort: Sort::PriceAsc,
                value: "4800".into(),
                id: 12,
            },
            Cursor {
                sort: Sort::Name,
                value: "A ~ B ~ C".into(),
                id: 7,
            },
            Cursor {
                sort: Sort::Relevance,
                value: "-12.5".into(),
                id: 3,
            },
            Cursor {
                sort: Sort::Newest,
                value: "2026-11-24 09:00:00.123+00".into(),
                id: 9,
            },
        ] {
            assert_eq!(Cursor::decode(&c.encode()), Some(c));
        }
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "x",
            "price_asc~abc~1",
            "nope~1~1",
            "price_asc~1~0",
            "price_asc~1~-4",
            "relevance~NaN~1",
        ] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }
}
