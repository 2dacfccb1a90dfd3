//! Exact decimal numbers as people write them, and 四舍五入.
//!
//! Every figure in a self-evaluation table is a decimal written by a person; it must stay the
//! decimal they wrote. Nothing here goes through `f64`.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use rust_decimal::{Decimal, RoundingStrategy};
use thiserror::Error;

/// Why a piece of text is not an exact decimal.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NumberError {
    #[error("not a number")]
    NotANumber,
    #[error("too large or too precise for exact decimals (at most 28 significant digits)")]
    OutOfRange,
}

/// 四舍五入: round half away from zero to `places` decimals.
///
/// `Decimal::round_dp` rounds half to even (2.5 → 2), which is not what Chinese forms mean.
pub fn round_half_up(value: Decimal, places: u32) -> Decimal {
    value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
}

/// A decimal as the exact fraction it is: `2.275` is 2275/1000.
pub fn exact(value: Decimal) -> BigRational {
    BigRational::new(
        BigInt::from(value.mantissa()),
        BigInt::from(10u32).pow(value.scale()),
    )
}

/// `a × b ÷ c` as an exact fraction, for scores that must be rounded once from their true value
/// (in decimals `a / c × b` rounds the quotient to 28 digits first: 68.25 / 90 × 3 would give
/// 2.2749… instead of 2.275). `None` when `c` is zero.
pub fn product_ratio(a: Decimal, b: Decimal, c: Decimal) -> Option<BigRational> {
    (!c.is_zero()).then(|| exact(a) * exact(b) / exact(c))
}

/// 四舍五入 of an exact fraction to `places` decimals; `None` when the result leaves the range
/// of exact decimals.
pub fn round_exact(value: &BigRational, places: u32) -> Option<Decimal> {
    let scaled = (value * BigInt::from(10u32).pow(places)).round();
    let mantissa = scaled.to_integer().to_i128()?;
    Decimal::try_from_i128_with_scale(mantissa, places).ok()
}

/// An exact fraction as a decimal for the working shown to people: exact when it is a decimal of
/// at most 28 significant digits, otherwise rounded to 28 (`2/3` → 0.666…67).
pub fn approximate(value: &BigRational) -> Option<Decimal> {
    let whole = value.to_integer().abs();
    let digits = if whole.is_zero() {
        0
    } else {
        whole.to_string().len() as u32
    };
    round_exact(value, 28u32.checked_sub(digits)?).map(|d| d.normalize())
}

/// A fraction as a percentage with two places, `0.86292…` → `86.29%`: the one way every output
/// prints a rate. A rate too large to multiply by 100 is shown as `>9999…%`.
pub fn percent(fraction: Decimal) -> String {
    format!("{}%", percent_figure(fraction))
}

/// The number of [`percent`] without its sign: `86.29`.
pub fn percent_figure(fraction: Decimal) -> String {
    match fraction.checked_mul(Decimal::ONE_HUNDRED) {
        Some(percent) => fixed(percent, 2),
        None => format!(">{}", Decimal::MAX.trunc()),
    }
}

/// Prints `value` with exactly `places` decimals (after rounding 四舍五入 to them).
pub fn fixed(value: Decimal, places: u32) -> String {
    format!("{:.*}", places as usize, round_half_up(value, places))
}

/// Prints a decimal without trailing zeros: `5.00` → `5`, `1444.490` → `1444.49`.
pub fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

/// Folds full-width digits and punctuation to their ASCII forms, so `１，４４４．４９` reads
/// like `1,444.49`. Everything else is kept as it is.
pub fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' | '．' | '，' | '＋' | '－' | '％' | '＜' | '＞' | '＝' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Parses a plain decimal: optional sign, digits with optional `,` or `_` group separators, an
/// optional fraction and an optional exponent (`1e3`, as TOML allows). Full-width digits are
/// folded first. Surrounding white space is ignored.
pub fn parse_decimal(text: &str) -> Result<Decimal, NumberError> {
    let folded = fold_width(text);
    let trimmed = folded.trim();
    let cleaned: String = trimmed.chars().filter(|c| *c != ',' && *c != '_').collect();
    let body = cleaned.strip_prefix('+').unwrap_or(&cleaned);
    let unsigned = body.strip_prefix('-').unwrap_or(body);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    if !is_plain_mantissa(mantissa) || exponent.is_some_and(|e| !is_exponent(e)) {
        return Err(NumberError::NotANumber);
    }
    let parsed = if exponent.is_some() {
        Decimal::from_scientific(body)
    } else {
        Decimal::from_str_exact(body)
    };
    parsed.map_err(|_| NumberError::OutOfRange)
}

fn is_plain_mantissa(text: &str) -> bool {
    let mut parts = text.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !whole.is_empty() && digits(whole) && fraction.is_none_or(|f| !f.is_empty() && digits(f))
}

fn is_exponent(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::from_str_exact(text).unwrap()
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round_half_up(d("2.5"), 0), d("3"));
        assert_eq!(round_half_up(d("8.63"), 0), d("9"));
        assert_eq!(round_half_up(d("3.335"), 2), d("3.34"));
        assert_eq!(round_half_up(d("-2.5"), 0), d("-3"));
        assert_eq!(round_half_up(d("4.165"), 2), d("4.17"));
    }

    #[test]
    fn exact_fractions_round_once_from_the_true_value() {
        // 68.25 / 90 × 3 is exactly 2.275: dividing first would give 2.2749… → 2.27.
        let score = product_ratio(d("68.25"), d("3"), d("90")).unwrap();
        assert_eq!(round_exact(&score, 2), Some(d("2.28")));
        assert_eq!(approximate(&score), Some(d("2.275")));
        // 75 / 90 × 3 is exactly 2.5: whole points give 3, not 2.
        let score = product_ratio(d("75"), d("3"), d("90")).unwrap();
        assert_eq!(round_exact(&score, 0), Some(d("3")));
        assert_eq!(round_exact(&exact(d("-2.5")), 0), Some(d("-3")));
        let third = product_ratio(d("1"), d("1"), d("3")).unwrap();
        assert_eq!(
            approximate(&third),
            Some(d("0.3333333333333333333333333333"))
        );
        assert_eq!(product_ratio(d("1"), d("1"), d("0")), None);
    }

    #[test]
    fn percentages() {
        assert_eq!(percent(d("0.86292")), "86.29%");
        assert_eq!(percent(d("1")), "100.00%");
        assert!(percent(Decimal::MAX).starts_with(">79228"));
    }

    #[test]
    fn fixed_and_plain_printing() {
        assert_eq!(fixed(d("5"), 2), "5.00");
        assert_eq!(fixed(d("3.3333"), 2), "3.33");
        assert_eq!(fixed(d("8.629"), 0), "9");
        assert_eq!(plain(d("5.00")), "5");
        assert_eq!(plain(d("1444.490")), "1444.49");
    }

    #[test]
    fn parses_exactly_what_was_written() {
        assert_eq!(parse_decimal("1444.49").unwrap().to_string(), "1444.49");
        assert_eq!(parse_decimal("1_246.51").unwrap(), d("1246.51"));
        assert_eq!(parse_decimal("1,444.49").unwrap(), d("1444.49"));
        assert_eq!(parse_decimal("１４４４．４９").unwrap(), d("1444.49"));
        assert_eq!(parse_decimal("+3").unwrap(), d("3"));
        assert_eq!(parse_decimal("-0.5").unwrap(), d("-0.5"));
        assert_eq!(parse_decimal("1.5e3").unwrap(), d("1500"));
        assert_eq!(parse_decimal(" 7 ").unwrap(), d("7"));
    }

    #[test]
    fn rejects_what_is_not_a_plain_number() {
        for text in [
            "", ".", "1.", ".5", "abc", "1..2", "1e", "inf", "nan", "1-2", "--1",
        ] {
            assert_eq!(
                parse_decimal(text),
                Err(NumberError::NotANumber),
                "{text:?}"
            );
        }
    }

    #[test]
    fn reports_numbers_beyond_exact_range() {
        assert_eq!(parse_decimal("1e40"), Err(NumberError::OutOfRange));
        assert_eq!(
            parse_decimal("123456789012345678901234567890"),
            Err(NumberError::OutOfRange)
        );
    }
}
