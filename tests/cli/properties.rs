//! Properties of the engine that must hold for every table, not just the ones we thought of.

use perf_eval::engine::{Evaluation, evaluate};
use perf_eval::number::{plain, round_half_up};
use perf_eval::profile::Profile;
use perf_eval::project::{Project, load};
use perf_eval::source::Source;
use perf_eval::value::{Comparator, Value};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A decimal with up to `places` decimals below `max`.
fn decimal(max: i64, places: u32) -> impl Strategy<Value = Decimal> {
    let scale = 10_i64.pow(places);
    (0..max * scale).prop_map(move |n| Decimal::new(n, places))
}

#[derive(Debug, Clone)]
struct Row {
    op: &'static str,
    target: Decimal,
    actual: Decimal,
    unit: &'static str,
    weight: Decimal,
    qualitative: Option<&'static str>,
}

fn row() -> impl Strategy<Value = Row> {
    (
        prop::sample::select(vec!["≥", "≤", "=", ""]),
        decimal(10_000, 2),
        decimal(20_000, 2),
        prop::sample::select(vec!["个", "%", "万元", "天/月", ""]),
        decimal(30, 1),
        prop::option::weighted(
            0.2,
            prop::sample::select(vec!["有效提升", "基本完成", "未完成", "一般"]),
        ),
    )
        .prop_map(|(op, target, actual, unit, weight, qualitative)| Row {
            op,
            target,
            actual,
            unit,
            weight,
            qualitative,
        })
}

fn project_text(rows: &[Row]) -> String {
    let mut text = String::from(
        "schema = 1\n[project]\nname = \"P\"\nyear = 2023\n[funds]\n\
         total = { initial = 100, annual = 90, executed = 81.5 }\n",
    );
    for row in rows {
        let (target, actual) = match row.qualitative {
            Some(words) => ("有效提升".to_string(), words.to_string()),
            None => (
                format!("{}{}{}", row.op, row.target, row.unit),
                format!("{}{}", row.actual, row.unit),
            ),
        };
        text.push_str(&format!(
            "[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"X\"\n\
             target = \"{target}\"\nactual = \"{actual}\"\nweight = {}\nscore = {}\n",
            row.weight, row.weight
        ));
    }
    text
}

fn load_rows(rows: &[Row]) -> Project {
    load(&Source::new("p.toml", project_text(rows))).expect("generated files load")
}

fn profiles() -> Vec<Profile> {
    ["mof-2020", "yiyang-2022"]
        .iter()
        .map(|name| Profile::builtin(name).unwrap())
        .collect()
}

fn row_scores(evaluation: &Evaluation) -> Vec<Decimal> {
    evaluation.rows.iter().map(|r| r.score).collect()
}

proptest! {
    #[test]
    fn scores_stay_within_their_weights(rows in prop::collection::vec(row(), 1..12)) {
        let project = load_rows(&rows);
        for profile in profiles() {
            let evaluation = evaluate(&project, &profile);
            for row in &evaluation.rows {
                prop_assert!(row.score >= Decimal::ZERO && row.score <= row.weight, "{row:?}");
            }
            prop_assert!(evaluation.funds.score <= evaluation.funds.weight);
        }
    }

    #[test]
    fn the_total_is_exactly_the_sum_of_its_parts(rows in prop::collection::vec(row(), 0..12)) {
        let project = load_rows(&rows);
        for profile in profiles() {
            let evaluation = evaluate(&project, &profile);
            let mut sum: Decimal = evaluation.rows.iter().map(|r| r.score).sum();
            if evaluation.funds.counted {
                sum += evaluation.funds.score;
            }
            prop_assert_eq!(evaluation.total, sum);
        }
    }

    #[test]
    fn reordering_rows_changes_nothing(
        rows in prop::collection::vec(row(), 1..10),
        seed in any::<u64>(),
    ) {
        let mut shuffled = rows.clone();
        let len = shuffled.len();
        for i in 0..len {
            let j = (seed.wrapping_mul(6364136223846793005).wrapping_add(i as u64) % len as u64) as usize;
            shuffled.swap(i, j);
        }
        let (a, b) = (load_rows(&rows), load_rows(&shuffled));
        for profile in profiles() {
            let (ea, eb) = (evaluate(&a, &profile), evaluate(&b, &profile));
            prop_assert_eq!(ea.total, eb.total);
            prop_assert_eq!(&ea.grade, &eb.grade);
            let (mut sa, mut sb) = (row_scores(&ea), row_scores(&eb));
            sa.sort();
            sb.sort();
            prop_assert_eq!(sa, sb);
        }
    }

    #[test]
    fn more_never_scores_less_under_at_least_and_never_more_under_at_most(
        target in decimal(1_000, 2),
        low in decimal(2_000, 2),
        extra in decimal(500, 2),
        weight in decimal(20, 1),
    ) {
        let high = low + extra;
        let profile = Profile::builtin("mof-2020").unwrap();
        let score = |op: &str, actual: Decimal| {
            let text = format!(
                "schema = 1\n[project]\nname = \"P\"\nyear = 2023\n[[indicator]]\n\
                 level1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"X\"\n\
                 target = \"{op}{target}个\"\nactual = \"{actual}个\"\nweight = {weight}\n"
            );
            let project = load(&Source::new("p.toml", text)).unwrap();
            evaluate(&project, &profile).rows[0].score
        };
        prop_assert!(score("≥", high) >= score("≥", low));
        prop_assert!(score("≤", high) <= score("≤", low));
    }

    #[test]
    fn rounding_is_half_away_from_zero_and_idempotent(
        units in -1_000_000_i64..1_000_000,
        places in 0_u32..4,
    ) {
        let value = Decimal::new(units, 4);
        let once = round_half_up(value, places);
        prop_assert_eq!(round_half_up(once, places), once);
        prop_assert!((value - once).abs() <= Decimal::new(5, places + 1));
        // Exactly half way rounds away from zero.
        let half = Decimal::new(5, places + 1);
        let up = round_half_up(Decimal::ONE + half, places);
        prop_assert_eq!(up, Decimal::ONE + Decimal::new(1, places));
    }

    #[test]
    fn printed_values_read_back(
        op in prop::sample::select(vec!["≥", "≤", "=", ">", "<", ""]),
        number in decimal(1_000_000, 3),
        magnitude in prop::sample::select(vec!["", "万", "亿"]),
        unit in prop::sample::select(vec!["个", "%", "元", "天/月", "人次", ""]),
    ) {
        let text = format!("{op}{}{magnitude}{unit}", plain(number));
        let value = Value::parse(&text);
        let Value::Number { op: parsed_op, quantity } = &value else {
            return Err(TestCaseError::fail(format!("{text} read as {value:?}")));
        };
        prop_assert_eq!(parsed_op.map_or("", Comparator::symbol), op);
        prop_assert_eq!(quantity.number, number);
        prop_assert_eq!(quantity.to_string(), format!("{}{magnitude}{unit}", plain(number)));
        prop_assert_eq!(Value::parse(&format!("{op}{quantity}")), value.clone());
    }
}
