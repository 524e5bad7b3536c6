//! Human-readable formatting of [`Money`]: `$1,234.50`, `-$0.99`, `¥1,235`, `CAD 1,234.50`.

use std::fmt;

use super::Money;

impl Money {
    /// The amount as a plain decimal without symbol or grouping, e.g. `"1234.50"`,
    /// `"-0.99"`, `"1235"` (JPY). Suitable for pre-filling an input that
    /// [`Money::parse_amount`] reads back.
    pub fn to_plain_string(&self) -> String {
        let (major, fraction) = self.split_major_minor();
        let sign = if self.is_negative() { "-" } else { "" };
        format!("{sign}{major}{fraction}")
    }

    /// Integer part and (possibly empty) `.dd` fractional suffix of the absolute amount.
    fn split_major_minor(&self) -> (u64, String) {
        let exponent = self.currency().exponent();
        let abs = self.minor().unsigned_abs();
        let per_major = 10_u64.pow(exponent);
        let fraction = if exponent == 0 {
            String::new()
        } else {
            format!(".{:0width$}", abs % per_major, width = exponent as usize)
        };
        (abs / per_major, fraction)
    }
}

/// Formats as a shopper would expect: currency symbol, `,` thousands separators, and exactly
/// the currency's number of decimals. Currencies without an unambiguous symbol use their code
/// followed by a space (`CAD 1,234.50`). Negative amounts put the sign first (`-$1,234.50`).
/// Grouping is always in threes, including for INR.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (major, fraction) = self.split_major_minor();
        if self.is_negative() {
            f.write_str("-")?;
        }
        match self.currency().symbol() {
            Some(symbol) => f.write_str(symbol)?,
            None => write!(f, "{} ", self.currency().code())?,
        }
        f.write_str(&group_thousands(major))?;
        f.write_str(&fraction)
    }
}

/// `1234567` → `"1,234,567"`.
fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::Currency;
    use super::*;

    fn show(minor: i64, currency: Currency) -> String {
        Money::new(minor, currency).to_string()
    }

    #[test]
    fn usd() {
        assert_eq!(show(123_450, Currency::Usd), "$1,234.50");
        assert_eq!(show(-123_450, Currency::Usd), "-$1,234.50");
        assert_eq!(show(5, Currency::Usd), "$0.05");
        assert_eq!(show(-99, Currency::Usd), "-$0.99");
        assert_eq!(show(0, Currency::Usd), "$0.00");
        assert_eq!(show(100_000, Currency::Usd), "$1,000.00");
        assert_eq!(show(99_999, Currency::Usd), "$999.99");
        assert_eq!(show(123_456_789_012, Currency::Usd), "$1,234,567,890.12");
    }

    #[test]
    fn other_currencies() {
        assert_eq!(show(123_450, Currency::Eur), "€1,234.50");
        assert_eq!(show(123_450, Currency::Gbp), "£1,234.50");
        assert_eq!(show(123_450, Currency::Inr), "₹1,234.50");
        assert_eq!(show(1_235, Currency::Jpy), "¥1,235");
        assert_eq!(show(-1_235, Currency::Jpy), "-¥1,235");
        assert_eq!(show(50_000, Currency::Krw), "₩50,000");
        assert_eq!(show(123_450, Currency::Cad), "CAD 1,234.50");
        assert_eq!(show(-5, Currency::Aud), "-AUD 0.05");
    }

    #[test]
    fn extremes() {
        assert_eq!(show(i64::MIN, Currency::Usd), "-$92,233,720,368,547,758.08");
        assert_eq!(show(i64::MAX, Currency::Jpy), "¥9,223,372,036,854,775,807");
    }

    #[test]
    fn plain_string() {
        assert_eq!(
            Money::new(123_450, Currency::Usd).to_plain_string(),
            "1234.50"
        );
        assert_eq!(Money::new(-99, Currency::Usd).to_plain_string(), "-0.99");
        assert_eq!(Money::new(1_235, Currency::Jpy).to_plain_string(), "1235");
    }

    #[test]
    fn grouping() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1_000), "1,000");
        assert_eq!(group_thousands(12_345_678), "12,345,678");
    }
}
