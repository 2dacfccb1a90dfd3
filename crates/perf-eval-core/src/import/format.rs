//! Excel number formats, applied as Excel and WPS display a cell: a stored 0.98 under `0%` is
//! the `98%` a person reads, not 0.98. The codes and built-in formats are those of ECMA-376
//! Part 1, §18.8.30 (numFmt) and §18.8.31 (numFmts); built-in dates follow the Chinese (zh-CN)
//! locale, where format 14 shows `2023/11/1` and format 27 `2023年11月`.
//!
//! What is displayed is what is read. A format this cannot display exactly (conditions,
//! Chinese-numeral `[DBNum1]`, fractions, scientific notation, month names) is an [`Unreadable`]
//! and the caller says so at the cell; it is never guessed.

use rust_decimal::{Decimal, RoundingStrategy};

/// A format code that cannot be displayed exactly here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable;

/// The code of a built-in format id, as the zh-CN locale shows it.
pub fn builtin(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        5 | 6 => "¥#,##0;¥-#,##0",
        7 | 8 => "¥#,##0.00;¥-#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "yyyy/m/d",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "yyyy/m/d h:mm",
        27 | 36 | 50 | 52 | 57 => "yyyy\"年\"m\"月\"",
        28 | 29 | 51 | 53 | 54 | 58 => "m\"月\"d\"日\"",
        30 => "m-d-yy",
        31 => "yyyy\"年\"m\"月\"d\"日\"",
        32 => "h\"时\"mm\"分\"",
        33 => "h\"时\"mm\"分\"ss\"秒\"",
        34 | 55 => "上午/下午h\"时\"mm\"分\"",
        35 | 56 => "上午/下午h\"时\"mm\"分\"ss\"秒\"",
        37 | 38 => "#,##0 ;(#,##0)",
        39 | 40 => "#,##0.00;(#,##0.00)",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mm:ss.0",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

/// One piece of a format code.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Literal(String),
    /// `0`, `#` or `?`.
    Digit(char),
    Point,
    Comma,
    Percent,
    /// A run of one date or time letter: `yyyy`, `m`, `dd`, `h`, `ss`.
    Date(char, usize),
    AmPm,
    /// `@`: the cell's text.
    Text,
    General,
    /// `;` between sections.
    Section,
}

/// The number as a person reads it in Excel when the cell has no format: at most 15
/// significant digits (Excel keeps no more), so a cached `94.399999999999991` shows `94.4`.
pub fn general(value: f64) -> String {
    match significant(value) {
        Some(decimal) => decimal.normalize().to_string(),
        None => format!("{value}"),
    }
}

/// `value` rounded to Excel's 15 significant digits; `None` past the exact range.
fn significant(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    Decimal::from_scientific(&format!("{value:.14e}")).ok()
}

/// A number displayed through a format code; `date1904` for workbooks counting days from 1904.
pub fn number(value: f64, code: &str, date1904: bool) -> Result<String, Unreadable> {
    let tokens = tokens(code)?;
    let sections: Vec<&[Token]> = tokens.split(|t| *t == Token::Section).collect();
    // `positive;negative;zero;text`: a negative number in its own section shows no sign of its
    // own (the section writes one, or brackets).
    let (section, value, sign) = match sections.len() {
        1 => (sections[0], value, value < 0.0),
        _ if value < 0.0 => (sections[1], -value, false),
        n if n >= 3 && value == 0.0 => (sections[2], value, false),
        _ => (sections[0], value, false),
    };
    let dated = section.iter().any(|t| matches!(t, Token::Date(..)));
    if dated {
        return date(value, section, date1904);
    }
    if section.iter().any(|t| matches!(t, Token::Digit(_))) {
        return digits(value, section, sign);
    }
    // A section of words only (`"-"` for zero), `General` or `@` with words about it.
    let mut out = String::new();
    for token in section {
        match token {
            Token::Literal(text) => out.push_str(text),
            Token::General | Token::Text => out.push_str(&general(value)),
            Token::Percent => out.push('%'),
            _ => return Err(Unreadable),
        }
    }
    Ok(out)
}

/// A text cell displayed through a format whose text section writes words about it
/// (`@"万元"`); `None` when the format shows the text as it is.
pub fn text(value: &str, code: &str) -> Option<String> {
    let tokens = tokens(code).ok()?;
    let sections: Vec<&[Token]> = tokens.split(|t| *t == Token::Section).collect();
    let section = match sections.len() {
        4.. => sections[3],
        _ => sections.iter().find(|s| s.contains(&Token::Text))?,
    };
    if !section.iter().any(|t| matches!(t, Token::Literal(_))) {
        return None;
    }
    section
        .iter()
        .map(|token| match token {
            Token::Literal(words) => Some(words.as_str()),
            Token::Text => Some(value),
            _ => None,
        })
        .collect()
}

fn tokens(code: &str) -> Result<Vec<Token>, Unreadable> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = code.chars().collect();
    let mut at = 0;
    let literal = |tokens: &mut Vec<Token>, text: &str| match tokens.last_mut() {
        Some(Token::Literal(last)) => last.push_str(text),
        _ => tokens.push(Token::Literal(text.to_string())),
    };
    while let Some(&c) = chars.get(at) {
        at += 1;
        let rest: String = chars[at - 1..].iter().take(7).collect();
        match c {
            '"' => {
                let end = chars[at..]
                    .iter()
                    .position(|&q| q == '"')
                    .ok_or(Unreadable)?;
                let words: String = chars[at..at + end].iter().collect();
                literal(&mut tokens, &words);
                at += end + 1;
            }
            '\\' => {
                let next = chars.get(at).ok_or(Unreadable)?;
                literal(&mut tokens, &next.to_string());
                at += 1;
            }
            // `_)` leaves the room of a bracket, `*-` fills the cell: no text of their own.
            '_' | '*' => at += 1,
            '[' => {
                let end = chars[at..]
                    .iter()
                    .position(|&b| b == ']')
                    .ok_or(Unreadable)?;
                let inside: String = chars[at..at + end].iter().collect();
                at += end + 1;
                if let Some(currency) = inside.strip_prefix('$') {
                    // `[$¥-804]`: a currency sign and a locale; `[$-804]`: a locale only.
                    let sign = currency.split('-').next().unwrap_or("");
                    if !sign.is_empty() {
                        literal(&mut tokens, sign);
                    }
                } else if !is_colour(&inside) {
                    // Conditions (`[>=100]`), `[DBNum1]` numerals, elapsed time (`[h]`).
                    return Err(Unreadable);
                }
            }
            '0' | '#' | '?' => tokens.push(Token::Digit(c)),
            '.' => tokens.push(Token::Point),
            ',' => tokens.push(Token::Comma),
            '%' => tokens.push(Token::Percent),
            '@' => tokens.push(Token::Text),
            ';' => tokens.push(Token::Section),
            'E' | 'e' if matches!(chars.get(at), Some('+' | '-')) => return Err(Unreadable),
            _ if rest.to_ascii_lowercase().starts_with("general") => {
                tokens.push(Token::General);
                at += 6;
            }
            _ if rest.to_ascii_uppercase().starts_with("AM/PM") => {
                tokens.push(Token::AmPm);
                at += 4;
            }
            _ if rest.to_ascii_uppercase().starts_with("A/P") => {
                tokens.push(Token::AmPm);
                at += 2;
            }
            _ if rest.starts_with("上午/下午") => {
                tokens.push(Token::AmPm);
                at += 4;
            }
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' | 'e' => {
                let letter = c.to_ascii_lowercase();
                let mut run = 1;
                while chars
                    .get(at)
                    .is_some_and(|n| n.to_ascii_lowercase() == letter)
                {
                    run += 1;
                    at += 1;
                }
                tokens.push(Token::Date(if letter == 'e' { 'y' } else { letter }, run));
            }
            // Era, week-day and other letters Excel reads as codes.
            c if c.is_ascii_alphabetic() => return Err(Unreadable),
            c => literal(&mut tokens, &c.to_string()),
        }
    }
    Ok(tokens)
}

fn is_colour(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    matches!(
        name.as_str(),
        "black" | "blue" | "cyan" | "green" | "magenta" | "red" | "white" | "yellow"
    ) || name
        .strip_prefix("color")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A number through `0`, `#`, `?`, `.`, `,` and `%`, with words before and after it.
fn digits(value: f64, section: &[Token], sign: bool) -> Result<String, Unreadable> {
    let first = section
        .iter()
        .position(|t| matches!(t, Token::Digit(_)))
        .ok_or(Unreadable)?;
    let last = section
        .iter()
        .rposition(|t| matches!(t, Token::Digit(_)))
        .ok_or(Unreadable)?;
    let pattern = &section[first..=last];
    // Words between the digits (`000-0000`) or a `/` (a fraction) are not a plain number.
    if pattern
        .iter()
        .any(|t| !matches!(t, Token::Digit(_) | Token::Point | Token::Comma))
    {
        return Err(Unreadable);
    }
    let point = pattern.iter().position(|t| *t == Token::Point);
    let (whole, fraction) = match point {
        Some(at) => (&pattern[..at], &pattern[at + 1..]),
        None => (pattern, &pattern[..0]),
    };
    let places: Vec<char> = fraction
        .iter()
        .filter_map(|t| match t {
            Token::Digit(d) => Some(*d),
            _ => None,
        })
        .collect();
    let zeros = whole.iter().filter(|t| **t == Token::Digit('0')).count();
    let grouped = whole.contains(&Token::Comma);
    // Commas right after the digits each divide by a thousand (`0.0,,"百万"`).
    let scale = section[last + 1..]
        .iter()
        .take_while(|t| **t == Token::Comma)
        .count();
    let percents = section.iter().filter(|t| **t == Token::Percent).count();
    let mut number = significant(value.abs()).ok_or(Unreadable)?;
    for _ in 0..percents {
        number = number.checked_mul(Decimal::ONE_HUNDRED).ok_or(Unreadable)?;
    }
    for _ in 0..scale {
        number = number.checked_div(Decimal::from(1000)).ok_or(Unreadable)?;
    }
    let number =
        number.round_dp_with_strategy(places.len() as u32, RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{:.*}", places.len(), number);
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut int = int.trim_start_matches('0').to_string();
    while int.len() < zeros {
        int.insert(0, '0');
    }
    if grouped {
        int = group(&int);
    }
    // `#` and `?` places show no trailing zero; `0` places do.
    let kept = places
        .iter()
        .rposition(|&d| d == '0')
        .map_or(0, |at| at + 1);
    let frac = frac.trim_end_matches('0');
    let frac = format!("{frac:0<kept$}");
    let mut out = String::new();
    if sign && !(int.trim_start_matches('0').is_empty() && frac.trim_matches('0').is_empty()) {
        out.push('-');
    }
    for token in &section[..first] {
        push_word(&mut out, token)?;
    }
    out.push_str(&int);
    if point.is_some() {
        out.push('.');
        out.push_str(&frac);
    }
    for token in &section[last + 1..] {
        if *token != Token::Comma {
            push_word(&mut out, token)?;
        }
    }
    Ok(out)
}

fn push_word(out: &mut String, token: &Token) -> Result<(), Unreadable> {
    match token {
        Token::Literal(text) => out.push_str(text),
        Token::Percent => out.push('%'),
        _ => return Err(Unreadable),
    }
    Ok(())
}

/// `1234567` → `1,234,567`.
fn group(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A serial date (days since 1899-12-30, or 1904-01-01) through date and time codes.
fn date(serial: f64, section: &[Token], date1904: bool) -> Result<String, Unreadable> {
    if !(0.0..2_958_466.0).contains(&serial) {
        return Err(Unreadable);
    }
    let seconds = (serial.fract() * 86_400.0).round() as i64;
    let mut days = serial.trunc() as i64 + seconds / 86_400;
    let seconds = seconds % 86_400;
    if date1904 {
        days += 1_462;
    }
    let (year, month, day) = civil(days);
    let (hour, minute, second) = (seconds / 3_600, seconds / 60 % 60, seconds % 60);
    let twelve = section.contains(&Token::AmPm);
    let mut out = String::new();
    for (i, token) in section.iter().enumerate() {
        match token {
            Token::Literal(text) => out.push_str(text),
            Token::Point | Token::Comma => out.push(if *token == Token::Point { '.' } else { ',' }),
            Token::AmPm => out.push_str(if hour < 12 { "上午" } else { "下午" }),
            Token::Date('y', n) => match n {
                1 | 2 => out.push_str(&format!("{:02}", year % 100)),
                _ => out.push_str(&year.to_string()),
            },
            Token::Date('m', n) if *n <= 2 => {
                // `m` after an hour or before seconds is minutes.
                let before = section[..i]
                    .iter()
                    .rev()
                    .find(|t| matches!(t, Token::Date(..)));
                let after = section[i + 1..]
                    .iter()
                    .find(|t| matches!(t, Token::Date(..)));
                let minutes = matches!(before, Some(Token::Date('h', _)))
                    || matches!(after, Some(Token::Date('s', _)));
                let part = if minutes { minute } else { month };
                out.push_str(&pad(part, *n));
            }
            Token::Date('d', n) if *n <= 2 => out.push_str(&pad(day, *n)),
            Token::Date('h', n) if *n <= 2 => {
                let hour = if twelve && hour % 12 == 0 {
                    12
                } else if twelve {
                    hour % 12
                } else {
                    hour
                };
                out.push_str(&pad(hour, *n));
            }
            Token::Date('s', n) if *n <= 2 => out.push_str(&pad(second, *n)),
            // Month and day names, fractions of a second and digits in a date.
            _ => return Err(Unreadable),
        }
    }
    Ok(out)
}

fn pad(value: i64, width: usize) -> String {
    format!("{value:0width$}")
}

/// Days since 1899-12-30 as a civil date (Howard Hinnant's days-to-civil algorithm).
pub fn civil(serial: i64) -> (i64, i64, i64) {
    let z = serial - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(value: f64, code: &str) -> String {
        number(value, code, false).unwrap()
    }

    #[test]
    fn percent_thousands_and_fixed_places() {
        assert_eq!(shown(0.98, "0%"), "98%");
        assert_eq!(shown(0.98, "0.00%"), "98.00%");
        assert_eq!(shown(0.8629, "0.0%"), "86.3%");
        assert_eq!(shown(1444.49, "#,##0.00"), "1,444.49");
        assert_eq!(shown(1234567.0, "#,##0"), "1,234,567");
        assert_eq!(shown(2.5, "0"), "3");
        assert_eq!(shown(-2.5, "0"), "-3");
        assert_eq!(shown(0.125, "0.00"), "0.13");
        assert_eq!(shown(94.399_999_999_999_99, "0.0"), "94.4");
        assert_eq!(shown(5.0, "0.0#"), "5.0");
        assert_eq!(shown(5.25, "0.0#"), "5.25");
        assert_eq!(shown(0.5, "#.00"), ".50");
        assert_eq!(shown(-3.0, "#,##0;(#,##0)"), "(3)");
        assert_eq!(shown(0.0, "0;-0;\"-\""), "-");
        assert_eq!(shown(12345678.0, "0.00,,\"百万\""), "12.35百万");
    }

    #[test]
    fn units_currency_and_colours_as_words() {
        assert_eq!(shown(12.0, "0\"个\""), "12个");
        assert_eq!(shown(1444.486, "0.00\"万元\""), "1444.49万元");
        assert_eq!(shown(5.0, "0个"), "5个");
        assert_eq!(shown(1500.0, "[$¥-804]#,##0.00"), "¥1,500.00");
        assert_eq!(shown(-5.0, "0;[Red]-0"), "-5");
        assert_eq!(shown(7.0, "General\"人\""), "7人");
        assert_eq!(shown(7.25, "@"), "7.25");
    }

    #[test]
    fn dates_and_times() {
        assert_eq!(shown(45231.0, "yyyy\"年\"m\"月\""), "2023年11月");
        assert_eq!(shown(45230.0, builtin(14).unwrap()), "2023/10/31");
        assert_eq!(shown(45230.0, builtin(31).unwrap()), "2023年10月31日");
        assert_eq!(shown(45230.0, "yyyy-mm-dd"), "2023-10-31");
        assert_eq!(shown(45230.75, "yyyy/m/d h:mm"), "2023/10/31 18:00");
        assert_eq!(shown(0.5, "上午/下午h\"时\"mm\"分\""), "下午12时00分");
        assert_eq!(
            number(43800.0, "yyyy\"年\"m\"月\"", true).unwrap(),
            "2023年12月"
        );
    }

    #[test]
    fn what_cannot_be_shown_exactly_is_said() {
        for code in [
            "[DBNum1]0",
            "[>=100]0;0.0",
            "0.00E+00",
            "# ?/?",
            "000-0000",
            "mmm-yy",
            "[h]:mm",
            "\"open",
        ] {
            assert_eq!(number(45000.0, code, false), Err(Unreadable), "{code}");
        }
    }

    #[test]
    fn general_keeps_fifteen_digits() {
        assert_eq!(general(94.399_999_999_999_99), "94.4");
        assert_eq!(general(1444.49), "1444.49");
        assert_eq!(general(5.0), "5");
        assert_eq!(general(0.1 + 0.2), "0.3");
    }

    #[test]
    fn text_sections() {
        assert_eq!(text("8", "@\"万元\"").as_deref(), Some("8万元"));
        assert_eq!(
            text("甲", "0;-0;0;\"（\"@\"）\"").as_deref(),
            Some("（甲）")
        );
        assert_eq!(text("8", "@"), None);
        assert_eq!(text("8", "0.00"), None);
    }
}
