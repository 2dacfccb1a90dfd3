//! Every proportional and funds score agrees with an independent exact computation.
//!
//! Ten thousand generated tables, tie cases first (values whose true score lands exactly on a half
//! at the rounding place), are scored under every built-in profile at 0, 1 and 2 places, with and
//! without the funds cap, and each score is compared with the same rule worked in scaled `i128`
//! integers: `round_half_away(B × w × 10^p / A)`.

use perf_eval::engine::evaluate;
use perf_eval::profile::{BUILTIN, Method, Profile};
use perf_eval::project::load;
use perf_eval::source::Source;
use rust_decimal::Decimal;

/// A decimal as `mantissa / 10^scale`.
fn parts(value: Decimal) -> (i128, u32) {
    (value.mantissa(), value.scale())
}

fn pow10(n: u32) -> i128 {
    10i128.pow(n)
}

/// `a × b ÷ c` rounded half away from zero to `places`, in integers: the reference.
fn reference(a: Decimal, b: Decimal, c: Decimal, places: u32) -> Decimal {
    let ((a, sa), (b, sb), (c, sc)) = (parts(a), parts(b), parts(c));
    let numerator = a * b * pow10(sc + places);
    let denominator = c * pow10(sa + sb);
    let (quotient, remainder) = (numerator / denominator, numerator % denominator);
    let rounded = if 2 * remainder >= denominator {
        quotient + 1
    } else {
        quotient
    };
    Decimal::from_i128_with_scale(rounded, places)
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

/// A small deterministic generator (a linear congruential one): the corpus is the same on every
/// run, so a failure names a table that can be rebuilt.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const WEIGHTS: &[&str] = &[
    "1", "2", "2.5", "3", "4", "5", "6", "7.5", "10", "12.5", "15", "20",
];

/// One generated row: comparator, target A, actual B, weight.
struct Row {
    op: &'static str,
    target: Decimal,
    actual: Decimal,
    weight: Decimal,
}

/// A row whose true score B/A × w (or A/B × w) is exactly `(2k + 1) / (2 × 10^p)`: a tie at
/// `p` places.
fn tie_row(rng: &mut Lcg, places: u32) -> Row {
    let weight = dec(rng.pick(WEIGHTS));
    let m = Decimal::from(rng.below(40) + 1);
    // A = 2 × w × 10^p × m, so B = (2k + 1) × m gives B × w / A = (2k + 1) / (2 × 10^p).
    let a = Decimal::TWO * weight * Decimal::from(pow10(places) as i64) * m;
    let max_k = (a / m - Decimal::ONE) / Decimal::TWO;
    let k = Decimal::from(rng.below(max_k.trunc().try_into().unwrap_or(1).max(1)));
    let b = (Decimal::TWO * k + Decimal::ONE) * m;
    match rng.below(2) {
        0 => Row {
            op: "≥",
            target: a,
            actual: b,
            weight,
        },
        // For ≤ the score is A/B × w: swap so that the smaller value is the target.
        _ => Row {
            op: "≤",
            target: b,
            actual: a,
            weight,
        },
    }
}

fn random_row(rng: &mut Lcg) -> Row {
    let target = Decimal::new(rng.below(100_000) as i64 + 1, rng.below(3) as u32);
    let actual = Decimal::new(rng.below(100_000) as i64, rng.below(3) as u32);
    let op = ["≥", "≤", "="][rng.below(3) as usize];
    Row {
        op,
        target,
        actual,
        weight: dec(rng.pick(WEIGHTS)),
    }
}

struct Table {
    text: String,
    rows: Vec<Row>,
    funds: (Decimal, Decimal, Decimal),
}

fn table(rng: &mut Lcg, index: usize) -> Table {
    let places = (index % 3) as u32;
    let rows: Vec<Row> = (0..6)
        .map(|i| {
            if i < 3 {
                tie_row(rng, places)
            } else {
                random_row(rng)
            }
        })
        .collect();
    let budget = Decimal::new(rng.below(10_000_000) as i64 + 1, 2);
    let executed = Decimal::new(rng.below(12_000_000) as i64, 2);
    let funds_weight = dec(rng.pick(&["10", "15", "20", "7.5"]));
    let mut text = format!(
        "schema = 1\n[project]\nname = \"T{index}\"\nyear = 2024\n[funds]\nweight = {funds_weight}\n\
         total = {{ initial = {budget}, annual = {budget}, executed = {executed} }}\n"
    );
    for (i, row) in rows.iter().enumerate() {
        text.push_str(&format!(
            "[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"R{i}\"\n\
             target = \"{}{}个\"\nactual = \"{}个\"\nweight = {}\n",
            row.op, row.target, row.actual, row.weight
        ));
    }
    Table {
        text,
        rows,
        funds: (budget, executed, funds_weight),
    }
}

/// The expected score of a generated row under a profile, worked independently of the engine.
fn expected_row(row: &Row, profile: &Profile) -> Decimal {
    let (a, b, w) = (row.target, row.actual, row.weight);
    let met = match row.op {
        "≥" => b >= a,
        "≤" => b <= a,
        _ => b == a,
    };
    if met {
        return w;
    }
    match profile.quantitative.method {
        Method::Deduct { points } => reference(
            (w - points).max(Decimal::ZERO),
            Decimal::ONE,
            Decimal::ONE,
            profile.rounding,
        )
        .min(w),
        Method::LinearReverse { zero_at } if row.op == "≤" => {
            let left = zero_at * a - b;
            let span = (zero_at - Decimal::ONE) * a;
            if left <= Decimal::ZERO {
                Decimal::ZERO
            } else {
                reference(left, w, span, profile.rounding).min(w)
            }
        }
        Method::Proportional | Method::LinearReverse { .. } => {
            let (numerator, denominator) = match row.op {
                "≥" => (b, a),
                "≤" => (a, b),
                _ => (a.min(b), a.max(b)),
            };
            if denominator.is_zero() {
                Decimal::ZERO
            } else {
                reference(numerator, w, denominator, profile.rounding).min(w)
            }
        }
    }
}

fn expected_funds(
    budget: Decimal,
    executed: Decimal,
    weight: Decimal,
    profile: &Profile,
) -> Decimal {
    let cap = profile.funds.cap;
    if !profile.funds.steps.is_empty() {
        // Stepped rules: the points of the band the capped rate falls in.
        let rate = (executed / budget).min(cap);
        return profile.funds.step_points(rate).unwrap().min(weight);
    }
    // min(rate, cap) × w: at or above the cap the score is cap × w exactly.
    if executed >= cap * budget {
        reference(cap, weight, Decimal::ONE, profile.rounding).min(weight)
    } else {
        reference(executed, weight, budget, profile.rounding).min(weight)
    }
}

#[test]
fn ten_thousand_tables_agree_with_exact_integer_arithmetic() {
    let mut rng = Lcg(2020);
    let mut profiles = Vec::new();
    for (name, _) in BUILTIN {
        for places in 0..=2 {
            for cap in ["1", "1.2"] {
                let mut profile = Profile::builtin(name).unwrap();
                profile.rounding = places;
                profile.funds.cap = dec(cap);
                profiles.push(profile);
            }
        }
    }
    let mut rows_checked = 0usize;
    for index in 0..1_000 {
        let table = table(&mut rng, index);
        let project = load(&Source::new(format!("t{index}.toml"), table.text.as_str()))
            .unwrap_or_else(|e| panic!("{e}\n{}", table.text));
        // Each table under a few of the profiles, in turn, so every profile sees every shape.
        for profile in profiles.iter().skip(index % 6).step_by(6) {
            let evaluation = evaluate(&project, profile);
            for (row, scored) in table.rows.iter().zip(&evaluation.rows) {
                let expected = expected_row(row, profile);
                assert_eq!(
                    scored.score,
                    expected,
                    "table {index} under {} at {} places: {}{} / {} × {}\n{}",
                    profile.name,
                    profile.rounding,
                    row.op,
                    row.target,
                    row.actual,
                    row.weight,
                    table.text
                );
                rows_checked += 1;
            }
            let (budget, executed, weight) = table.funds;
            assert_eq!(
                evaluation.funds.score,
                expected_funds(budget, executed, weight, profile),
                "table {index} funds under {} at {} places, cap {}",
                profile.name,
                profile.rounding,
                profile.funds.cap
            );
        }
    }
    assert!(rows_checked >= 1_000 * 6 * 4, "{rows_checked} rows checked");
}

#[test]
fn the_reference_itself_rounds_half_away_from_zero() {
    assert_eq!(reference(dec("68.25"), dec("3"), dec("90"), 2), dec("2.28"));
    assert_eq!(reference(dec("75"), dec("3"), dec("90"), 0), dec("3"));
    assert_eq!(reference(dec("2"), dec("1"), dec("3"), 2), dec("0.67"));
    assert_eq!(reference(dec("1"), dec("1"), dec("3"), 2), dec("0.33"));
}
