//! Exact decimal numbers as people write them, and 四舍五入.
//!
//! Every figure in a self-evaluation table is a decimal written by a person; it must stay the
//! decimal they wrote. Nothing here goes through `f64`.

use std::borrow::Cow;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use rust_decimal::{Decimal, RoundingStrategy};
use thiserror::Error;
use unicode_normalization::UnicodeNormalization;
use unicode_security::confusable_detection::skeleton;

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

/// An exact fraction, for scores that must be rounded once from their true value.
///
/// Most are quotients of short decimals (`68.25 × 3 ÷ 90`): they are kept as `i128` numerator and
/// denominator, with checked arithmetic, and move to big integers only when a step would
/// overflow; the big-integer `gcd` that reducing every intermediate result costs is paid only
/// there. The value, not the form, is what every operation and comparison sees.
#[derive(Debug, Clone)]
pub struct Fraction(Repr);

#[derive(Debug, Clone)]
enum Repr {
    /// `numer / denom` with `denom > 0`, not necessarily in lowest terms.
    Small {
        numer: i128,
        denom: i128,
    },
    Big(BigRational),
}

impl Fraction {
    pub fn zero() -> Fraction {
        Fraction(Repr::Small { numer: 0, denom: 1 })
    }

    pub fn one() -> Fraction {
        Fraction(Repr::Small { numer: 1, denom: 1 })
    }

    pub fn is_positive(&self) -> bool {
        match &self.0 {
            Repr::Small { numer, .. } => *numer > 0,
            Repr::Big(big) => big.is_positive(),
        }
    }

    fn big(&self) -> BigRational {
        match &self.0 {
            Repr::Small { numer, denom } => {
                BigRational::new(BigInt::from(*numer), BigInt::from(*denom))
            }
            Repr::Big(big) => big.clone(),
        }
    }

    /// Combines two small fractions with `small`, or both as big ones with `big` when either is
    /// big already or `small` overflows.
    fn combine<T>(
        &self,
        other: &Fraction,
        small: impl FnOnce(i128, i128, i128, i128) -> Option<T>,
        big: impl FnOnce(BigRational, BigRational) -> T,
    ) -> T {
        if let (Repr::Small { numer: a, denom: b }, Repr::Small { numer: c, denom: d }) =
            (&self.0, &other.0)
            && let Some(result) = small(*a, *b, *c, *d)
        {
            return result;
        }
        big(self.big(), other.big())
    }

    fn small(numer: Option<i128>, denom: Option<i128>) -> Option<Fraction> {
        Some(Fraction(Repr::Small {
            numer: numer?,
            denom: denom?,
        }))
    }

    /// 四舍五入 to `places` decimals; `None` when the result leaves the range of exact decimals.
    fn round(&self, places: u32) -> Option<Decimal> {
        let mantissa = match &self.0 {
            Repr::Small { numer, denom } => match round_small(*numer, *denom, places) {
                Some(rounded) => rounded,
                None => round_big(&self.big(), places)?,
            },
            Repr::Big(big) => round_big(big, places)?,
        };
        Decimal::try_from_i128_with_scale(mantissa, places).ok()
    }

    /// The number of digits of the whole part (0 for a fraction below one).
    fn whole_digits(&self) -> u32 {
        match &self.0 {
            Repr::Small { numer, denom } => (numer / denom)
                .unsigned_abs()
                .checked_ilog10()
                .map_or(0, |log| log + 1),
            Repr::Big(big) => {
                let whole = big.to_integer().abs();
                if whole.is_zero() {
                    0
                } else {
                    whole.to_string().len() as u32
                }
            }
        }
    }
}

impl From<Decimal> for Fraction {
    /// A decimal as the exact fraction it is: `2.275` is 2275/1000.
    fn from(value: Decimal) -> Fraction {
        // A decimal's mantissa has at most 96 bits and its scale at most 28: both fit.
        Fraction(Repr::Small {
            numer: value.mantissa(),
            denom: 10i128.pow(value.scale()),
        })
    }
}

impl std::ops::Mul for Fraction {
    type Output = Fraction;

    fn mul(self, other: Fraction) -> Fraction {
        self.combine(
            &other,
            |a, b, c, d| Fraction::small(a.checked_mul(c), b.checked_mul(d)),
            |x, y| Fraction(Repr::Big(x * y)),
        )
    }
}

impl std::ops::Div for Fraction {
    type Output = Fraction;

    /// Panics when `other` is zero, as integer division does.
    fn div(self, other: Fraction) -> Fraction {
        self.combine(
            &other,
            |a, b, c, d| {
                // Keep the denominator positive: a/b ÷ c/d = (a·d·sign c) / (b·|c|).
                let numer = a.checked_mul(d)?.checked_mul(c.signum())?;
                let denom = b.checked_mul(c.checked_abs()?)?;
                (denom != 0).then_some(Fraction(Repr::Small { numer, denom }))
            },
            |x, y| Fraction(Repr::Big(x / y)),
        )
    }
}

impl std::ops::Sub for Fraction {
    type Output = Fraction;

    fn sub(self, other: Fraction) -> Fraction {
        self.combine(
            &other,
            |a, b, c, d| {
                if b == d {
                    return Fraction::small(a.checked_sub(c), Some(b));
                }
                let numer = a.checked_mul(d)?.checked_sub(c.checked_mul(b)?);
                Fraction::small(numer, b.checked_mul(d))
            },
            |x, y| Fraction(Repr::Big(x - y)),
        )
    }
}

impl PartialEq for Fraction {
    fn eq(&self, other: &Fraction) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Fraction {}

impl PartialOrd for Fraction {
    fn partial_cmp(&self, other: &Fraction) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Fraction {
    fn cmp(&self, other: &Fraction) -> std::cmp::Ordering {
        // Denominators are positive: a/b against c/d is a·d against c·b.
        self.combine(
            other,
            |a, b, c, d| Some(a.checked_mul(d)?.cmp(&c.checked_mul(b)?)),
            |x, y| x.cmp(&y),
        )
    }
}

/// `numer / denom × 10^places`, 四舍五入 to an integer, by long division in `u128`; `None` when
/// that does not fit (the caller then works in big integers, which also find out whether the
/// result is too large for a decimal).
fn round_small(numer: i128, denom: i128, places: u32) -> Option<i128> {
    let denom = denom.unsigned_abs();
    // The most decimal digits a remainder (below `denom`) can be shifted by at once.
    let step = (u128::MAX / denom).ilog10();
    if step == 0 {
        return None;
    }
    let magnitude = numer.unsigned_abs();
    let (mut quotient, mut remainder) = (magnitude / denom, magnitude % denom);
    let mut left = places;
    while left > 0 {
        let k = left.min(step);
        let shifted = remainder * 10u128.pow(k);
        quotient = quotient
            .checked_mul(10u128.pow(k))?
            .checked_add(shifted / denom)?;
        remainder = shifted % denom;
        left -= k;
    }
    // Half away from zero: up when the remainder is at least half the denominator.
    if remainder >= denom - remainder {
        quotient = quotient.checked_add(1)?;
    }
    let quotient = i128::try_from(quotient).ok()?;
    Some(if numer < 0 { -quotient } else { quotient })
}

fn round_big(value: &BigRational, places: u32) -> Option<i128> {
    (value * BigInt::from(10u32).pow(places))
        .round()
        .to_integer()
        .to_i128()
}

/// A decimal as the exact fraction it is: `2.275` is 2275/1000.
pub fn exact(value: Decimal) -> Fraction {
    Fraction::from(value)
}

/// `a × b ÷ c` as an exact fraction, for scores that must be rounded once from their true value
/// (in decimals `a / c × b` rounds the quotient to 28 digits first: 68.25 / 90 × 3 would give
/// 2.2749… instead of 2.275). `None` when `c` is zero.
pub fn product_ratio(a: Decimal, b: Decimal, c: Decimal) -> Option<Fraction> {
    (!c.is_zero()).then(|| exact(a) * exact(b) / exact(c))
}

/// 四舍五入 of an exact fraction to `places` decimals; `None` when the result leaves the range
/// of exact decimals.
pub fn round_exact(value: &Fraction, places: u32) -> Option<Decimal> {
    value.round(places)
}

/// An exact fraction as a decimal for the working shown to people: exact when it is a decimal of
/// at most 28 significant digits, otherwise rounded to 28 (`2/3` → 0.666…67).
pub fn approximate(value: &Fraction) -> Option<Decimal> {
    round_exact(value, 28u32.checked_sub(value.whole_digits())?).map(|d| d.normalize())
}

/// A fraction as a percentage with two places, `0.86292…` → `86.29%`: the one way every output
/// prints a rate. A rate too large to multiply by 100 is shown as `>7922…%`.
pub fn percent(fraction: Decimal) -> String {
    percent_at(fraction, 2)
}

/// [`percent`] at `places` decimals: a rate at the precision a table declared it (`86%`).
pub fn percent_at(fraction: Decimal, places: u32) -> String {
    format!("{}%", percent_figure_at(fraction, places))
}

/// The number of [`percent`] without its sign: `86.29`.
pub fn percent_figure(fraction: Decimal) -> String {
    percent_figure_at(fraction, 2)
}

fn percent_figure_at(fraction: Decimal, places: u32) -> String {
    match fraction.checked_mul(Decimal::ONE_HUNDRED) {
        Some(percent) => fixed(percent, places),
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

/// Folds a cell to the characters it shows, so that what a reader sees is what is read:
/// invisible format characters (zero-width space, word joiner, soft hyphen, byte-order mark,
/// variation selectors) are dropped; width and font variants (full-width `１，４４４．４９`,
/// small forms `﹥`, mathematical digits `𝟓𝟎`) take their plain forms by Unicode normalisation
/// (NFKC); and symbols that Unicode's confusables table (UTS #39) maps to `<`, `>`, `=` or `~`
/// (`˃`, `ᐳ`, `〜`) become them. Ideographic and other spaces become a space. Letters, CJK and
/// every other character are kept as they are (NFKC is not applied to them: it would turn `m²`
/// into `m2` and `①` into `1`).
pub fn fold_width(text: &str) -> String {
    fold(text, true)
}

/// A cell folded as [`fold_width`] folds it, with every space taken out: what the cell readers
/// match against (`≥ 1 000 人` reads as `≥1000人`).
pub fn compact(text: &str) -> String {
    fold(text, false)
}

/// [`fold_width`], keeping spaces (as ` `) or dropping them.
fn fold(text: &str, spaces: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // Visible ASCII and CJK ideographs, most of every cell, are kept as they are.
        if c.is_ascii_graphic() || is_cjk_ideograph(c) {
            out.push(c);
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            if spaces {
                out.push(' ');
            }
        } else if is_width_or_font_variant(c) {
            // A compatibility form may decompose to a space (`﹉` is ` ̅`).
            out.extend(
                std::iter::once(c)
                    .nfkc()
                    .filter(|c| spaces || !c.is_whitespace()),
            );
        } else if let Some(plain) = lookalike(c) {
            out.push(plain);
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters that show nothing: format characters (Unicode category Cf) and variation selectors.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{E0100}'..='\u{E01EF}')
}

/// Full-width and half-width forms, small form variants, vertical forms and mathematical
/// alphanumerics: the blocks whose compatibility decompositions are only a change of width or
/// font.
fn is_width_or_font_variant(c: char) -> bool {
    matches!(c,
        '\u{FF01}'..='\u{FF5E}' | '\u{FE10}'..='\u{FE19}' | '\u{FE30}'..='\u{FE4F}'
        | '\u{FE50}'..='\u{FE6B}' | '\u{1D400}'..='\u{1D7FF}')
}

/// The comparator or range symbol a lookalike stands for, by the confusables skeleton; `═`
/// (box drawing), which the table leaves alone, is read as `=` too.
fn lookalike(c: char) -> Option<char> {
    // ASCII and the CJK ideographs that fill most cells are no comparator's lookalike; skipping
    // the confusables lookup for them keeps folding cheap (it decomposed every character).
    if c.is_ascii() || is_cjk_ideograph(c) {
        return None;
    }
    if c == '═' {
        return Some('=');
    }
    let mut buffer = [0; 4];
    let mut skeleton = skeleton(c.encode_utf8(&mut buffer));
    match (skeleton.next(), skeleton.next()) {
        (Some(plain @ ('<' | '>' | '=' | '~')), None) => Some(plain),
        _ => None,
    }
}

/// CJK Unified Ideographs and Extension A.
pub(crate) fn is_cjk_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Parses a plain decimal: optional sign, digits with optional `,` or `_` group separators, an
/// optional fraction and an optional exponent (`1e3`, as TOML allows). Full-width digits are
/// folded first. Surrounding white space is ignored.
pub fn parse_decimal(text: &str) -> Result<Decimal, NumberError> {
    // Folding changes no ASCII character but spaces, which are trimmed or refused either way.
    let folded = if text.is_ascii() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(fold_width(text))
    };
    let trimmed = folded.trim();
    let cleaned = if trimmed.contains([',', '_']) {
        Cow::Owned(trimmed.replace([',', '_'], ""))
    } else {
        Cow::Borrowed(trimmed)
    };
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

    /// The same value worked in big integers only: what the `i128` path must agree with.
    fn big_only(fraction: &Fraction) -> Fraction {
        Fraction(Repr::Big(fraction.big()))
    }

    #[test]
    fn the_i128_path_agrees_with_big_integers() {
        let figures = [
            "0",
            "1",
            "-2.5",
            "68.25",
            "90",
            "3",
            "0.0000000001",
            "1444.49",
            "99999999999.99",
            "-0.333",
            "79228162514264337593543950335",
            "7.9228162514264337593543950335",
        ];
        for a in figures {
            for b in figures {
                for c in figures.iter().filter(|c| !d(c).is_zero()) {
                    let fraction = product_ratio(d(a), d(b), d(c)).unwrap();
                    let big = big_only(&fraction);
                    for places in [0, 2, 28] {
                        assert_eq!(
                            round_exact(&fraction, places),
                            round_exact(&big, places),
                            "{a} × {b} ÷ {c} at {places}"
                        );
                    }
                    assert_eq!(approximate(&fraction), approximate(&big), "{a} × {b} ÷ {c}");
                    let other = exact(d(b)) - exact(d(a));
                    assert_eq!(fraction.cmp(&other), big.cmp(&big_only(&other)));
                }
            }
        }
    }

    #[test]
    fn overflow_moves_to_big_integers() {
        // The mantissas' product leaves i128: the result is still exact.
        let max = Decimal::MAX;
        let square = exact(max) * exact(max) / exact(max);
        assert_eq!(round_exact(&square, 0), Some(max));
        assert_eq!(round_exact(&(exact(max) * exact(d("10"))), 0), None);
        // A denominator (10⁹ × 7.9·10²⁸) too large for the long division in u128.
        let small = exact(d("0.000000001")) / exact(max);
        assert!(matches!(small.0, Repr::Small { .. }));
        assert_eq!(approximate(&small), approximate(&big_only(&small)));
        assert_eq!(round_exact(&small, 28), Some(Decimal::ZERO));
        assert_eq!(
            round_exact(&(exact(d("1")) / exact(d("-3"))), 2),
            Some(d("-0.33"))
        );
        assert!(!(exact(d("1")) / exact(d("-3"))).is_positive());
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
    fn no_cjk_ideograph_is_a_comparator_lookalike() {
        let ideographs = ('\u{3400}'..='\u{4DBF}').chain('\u{4E00}'..='\u{9FFF}');
        let confusable: Vec<char> = ideographs
            .filter(|&c| {
                let mut buffer = [0; 4];
                let mut skeleton = skeleton(c.encode_utf8(&mut buffer));
                matches!(
                    (skeleton.next(), skeleton.next()),
                    (Some('<' | '>' | '=' | '~'), None)
                )
            })
            .collect();
        assert_eq!(confusable, Vec::<char>::new());
        assert_eq!(lookalike('产'), None);
        assert_eq!(lookalike('〜'), Some('~'));
    }

    #[test]
    fn folds_widths_fonts_lookalikes_and_invisibles() {
        assert_eq!(fold_width("１，４４４．４９"), "1,444.49");
        assert_eq!(fold_width("＞＝９０％"), ">=90%");
        assert_eq!(fold_width("\u{200B}≥90%"), "≥90%");
        assert_eq!(fold_width("≥\u{2060}9\u{FEFF}0%"), "≥90%");
        assert_eq!(fold_width("𝟓𝟎%"), "50%");
        assert_eq!(fold_width("﹥﹦﹤"), ">=<");
        assert_eq!(fold_width("˃90%"), ">90%");
        assert_eq!(fold_width("ᐳ90%"), ">90%");
        assert_eq!(fold_width("═90%"), "=90%");
        assert_eq!(fold_width("90%〜95%"), "90%~95%");
        assert_eq!(fold_width("　500\u{00A0}人"), " 500 人");
        // Not width variants: kept.
        assert_eq!(fold_width("500m²"), "500m²");
        assert_eq!(fold_width("①一站式"), "①一站式");
        assert_eq!(fold_width("≥≤≧"), "≥≤≧");
    }

    #[test]
    fn compact_is_folding_without_spaces() {
        for text in [
            "　≥ 1 000\u{00A0}人",
            "＞＝９０％",
            "\u{FE49}5",
            "a\u{000B}b",
            "≥\u{2060}9",
        ] {
            let spaced: String = fold_width(text).split_whitespace().collect();
            assert_eq!(compact(text), spaced, "{text:?}");
        }
        assert_eq!(compact("　≥ 1 000\u{00A0}人"), "≥1000人");
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
