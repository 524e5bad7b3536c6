//! Reading shopper-entered amounts such as `"1,234.50"` into exact minor units.

use super::{Currency, Money, MoneyError, ParseAmountError};

/// Parses a non-negative decimal amount typed by a person into exact minor units.
///
/// Accepts `"12"`, `"12.3"`, `"12.34"`, `".5"`, `"1,234.50"` (commas must group thousands
/// correctly) with surrounding whitespace. Rejects empty input, signs (prices entered are
/// never negative), more decimals than the currency has (`"12.345"` USD, `"12.5"` JPY),
/// currency symbols and anything else that is not a plain number. All failures are
/// [`MoneyError::Parse`].
pub fn parse_amount(input: &str, currency: Currency) -> Result<Money, MoneyError> {
    parse_minor(input.trim(), currency.exponent())
        .map(|minor| Money::new(minor, currency))
        .map_err(MoneyError::Parse)
}

impl Money {
    /// Same as [`parse_amount`].
    pub fn parse_amount(input: &str, currency: Currency) -> Result<Money, MoneyError> {
        parse_amount(input, currency)
    }
}

fn parse_minor(input: &str, exponent: u32) -> Result<i64, ParseAmountError> {
    if input.is_empty() {
        return Err(ParseAmountError::Empty);
    }
    if input.starts_with('-') {
        return Err(ParseAmountError::Negative);
    }
    let (whole, fraction) = match input.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (input, None),
    };
    let whole_digits = whole_part_digits(whole, fraction.is_some())?;
    let fraction_digits = fraction.unwrap_or("");
    if fraction.is_some() && !is_digits(fraction_digits) {
        return Err(ParseAmountError::Invalid);
    }
    let fraction_len = u32::try_from(fraction_digits.len()).unwrap_or(u32::MAX);
    if fraction_len > exponent {
        return Err(ParseAmountError::TooManyDecimals { max: exponent });
    }

    let mut minor: i64 = 0;
    let padding = std::iter::repeat_n(b'0', (exponent - fraction_len) as usize);
    let all_digits = whole_digits
        .bytes()
        .chain(fraction_digits.bytes())
        .chain(padding);
    for byte in all_digits {
        if byte == b',' {
            continue;
        }
        minor = minor
            .checked_mul(10)
            .and_then(|m| m.checked_add(i64::from(byte - b'0')))
            .ok_or(ParseAmountError::TooLarge)?;
    }
    Ok(minor)
}

/// Validates the part before the decimal point: plain digits, or digits grouped in threes
/// with commas. It may be empty only when a fraction follows (`".5"`).
fn whole_part_digits(whole: &str, has_fraction: bool) -> Result<&str, ParseAmountError> {
    if whole.is_empty() {
        return if has_fraction {
            Ok(whole)
        } else {
            Err(ParseAmountError::Invalid)
        };
    }
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or("");
    let first_ok = is_digits(first) && (!whole.contains(',') || first.len() <= 3);
    if first_ok && groups.all(|g| g.len() == 3 && is_digits(g)) {
        Ok(whole)
    } else {
        Err(ParseAmountError::Invalid)
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(input: &str) -> Result<i64, MoneyError> {
        parse_amount(input, Currency::Usd).map(|m| m.minor())
    }

    fn usd_err(input: &str) -> ParseAmountError {
        match usd(input) {
            Err(MoneyError::Parse(e)) => e,
            other => panic!("expected parse error for {input:?}, got {other:?}"),
        }
    }

    #[test]
    fn accepts_plain_and_grouped_amounts() {
        assert_eq!(usd("12"), Ok(1200));
        assert_eq!(usd("12.3"), Ok(1230));
        assert_eq!(usd("12.34"), Ok(1234));
        assert_eq!(usd("1,234.50"), Ok(123_450));
        assert_eq!(usd("1,234,567"), Ok(123_456_700));
        assert_eq!(usd("  0.05 "), Ok(5));
        assert_eq!(usd(".5"), Ok(50));
        assert_eq!(usd("0"), Ok(0));
        assert_eq!(usd("007.10"), Ok(710));
        assert_eq!(usd("1234.5"), Ok(123_450));
    }

    #[test]
    fn respects_currency_exponent() {
        let jpy = |s| parse_amount(s, Currency::Jpy).map(|m| m.minor());
        assert_eq!(jpy("1,235"), Ok(1235));
        assert_eq!(
            jpy("12.5"),
            Err(MoneyError::Parse(ParseAmountError::TooManyDecimals {
                max: 0
            }))
        );
        assert_eq!(
            parse_amount("9.99", Currency::Eur),
            Ok(Money::new(999, Currency::Eur))
        );
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(usd_err(""), ParseAmountError::Empty);
        assert_eq!(usd_err("   "), ParseAmountError::Empty);
        assert_eq!(usd_err("-5"), ParseAmountError::Negative);
        assert_eq!(
            usd_err("12.345"),
            ParseAmountError::TooManyDecimals { max: 2 }
        );
        for bad in [
            "abc", "12a", "1.2.3", "12.", ".", "+5", "$5", "1 234", "1,23", "12,34.5", "1234,567",
            ",123", "1,,234", "12.3a", "12.-3", "١٢", "1e3",
        ] {
            assert_eq!(usd_err(bad), ParseAmountError::Invalid, "input {bad:?}");
        }
    }

    #[test]
    fn rejects_amounts_that_do_not_fit() {
        assert_eq!(usd_err("92233720368547758.08"), ParseAmountError::TooLarge);
        assert_eq!(usd("92233720368547758.07"), Ok(i64::MAX));
        assert_eq!(
            usd_err("99999999999999999999999"),
            ParseAmountError::TooLarge
        );
    }

    #[test]
    fn messages_are_shopper_friendly() {
        assert_eq!(ParseAmountError::Empty.to_string(), "Enter an amount.");
        assert_eq!(
            ParseAmountError::TooManyDecimals { max: 2 }.to_string(),
            "Use at most 2 decimal places."
        );
        assert_eq!(
            MoneyError::Parse(ParseAmountError::Invalid).to_string(),
            "Enter an amount like 1,234.50."
        );
    }
}
