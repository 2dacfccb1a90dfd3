//! How each figure was derived, as arithmetic a reviewer can redo by hand:
//! `6/9 × 5 = 3.333… → 3.33`, `1246.51 / 1444.49 (年初预算数) = 86.29% × 10 = 8.629… → 9`.

use rust_decimal::Decimal;

use crate::engine::{Evaluation, FundsScore, Outcome, RowScore, Unscorable};
use crate::number::{fixed, plain};
use crate::profile::{Band, Profile};
use crate::project::Indicator;

/// A decimal as a person would write the working: exact when short, cut with `…` when not.
pub fn working(value: Decimal) -> String {
    let normalized = value.normalize();
    if normalized.scale() <= 3 {
        plain(normalized)
    } else {
        format!("{}…", plain(normalized.trunc_with_scale(3)))
    }
}

fn rounded(exact: Decimal, score: Decimal, profile: &Profile) -> String {
    let shown = fixed(score, profile.rounding);
    if exact.normalize() == score.normalize() {
        shown
    } else {
        format!("{} → {shown}", working(exact))
    }
}

/// The derivation of one indicator's score.
pub fn row(indicator: &Indicator, row: &RowScore, profile: &Profile) -> String {
    let weight = plain(row.weight);
    let actual = &indicator.actual.value.text;
    let target = &indicator.target.value.text;
    let op = row.direction.map_or("", |d| d.symbol());
    match &row.outcome {
        Outcome::NotApplicable => "不适用: not scored".to_string(),
        Outcome::Met => format!("met: {actual} against {op} {target} → full weight {weight}"),
        Outcome::Proportional {
            numerator,
            denominator,
        } => format!(
            "unmet ({op}): {}/{} × {weight} = {}",
            plain(*numerator),
            plain(*denominator),
            rounded(row.exact, row.score, profile)
        ),
        Outcome::Deducted { points } => format!(
            "unmet ({op}): {weight} − {} = {}",
            plain(*points),
            rounded(row.exact, row.score, profile)
        ),
        Outcome::NoProportion => {
            format!("unmet ({op} {target}): nothing to be proportional to → 0")
        }
        Outcome::Qualitative {
            band,
            declared_in_band,
        } => {
            let (low, high) = profile.qualitative.range(*band);
            let w = row.weight;
            let range = format!(
                "[{}, {}{}",
                plain(low * w),
                plain(high * w),
                if *band == Band::Achieved { "]" } else { ")" }
            );
            let chosen = if *declared_in_band {
                format!("declared {} taken", plain(row.score))
            } else if *band == Band::Achieved {
                format!("band top {}", fixed(row.score, profile.rounding))
            } else {
                format!("band floor {}", fixed(row.score, profile.rounding))
            };
            format!(
                "qualitative: 「{actual}」 claims {} {range} → {chosen}",
                band.label()
            )
        }
        Outcome::Declared { reason } => format!(
            "{}: declared score {} taken",
            unscorable(reason, indicator),
            plain(row.score)
        ),
    }
}

/// Why a row's score cannot be computed, in words.
pub fn unscorable(reason: &Unscorable, indicator: &Indicator) -> String {
    match reason {
        Unscorable::EmptyCell => "the target or actual cell is empty".to_string(),
        Unscorable::UnitMismatch { target, actual } => {
            format!("units differ ({target} vs {actual})")
        }
        Unscorable::NotMeasurable => "target or actual is not a number".to_string(),
        Unscorable::NoClaim => format!(
            "「{}」 neither restates the target nor says how far it was reached",
            indicator.actual.value.text
        ),
    }
}

/// The derivation of the funds score.
pub fn funds(funds: &FundsScore, profile: &Profile) -> String {
    let Some(rate) = funds.rate else {
        return format!("no {} to divide by → 0", funds.basis.label());
    };
    let percent = fixed(rate * Decimal::ONE_HUNDRED, 2);
    let capped = if rate > profile.funds.cap {
        format!(
            " (capped at {}%)",
            plain(profile.funds.cap * Decimal::ONE_HUNDRED)
        )
    } else {
        String::new()
    };
    format!(
        "{} / {} ({}) = {percent}%{capped} × {} = {}",
        plain(funds.executed),
        plain(funds.budget),
        funds.basis.label(),
        plain(funds.weight),
        rounded(funds.exact, funds.score, profile)
    )
}

/// The derivation of the total and grade.
pub fn total(evaluation: &Evaluation) -> String {
    let profile = evaluation.profile;
    let funds = if evaluation.funds.counted {
        format!(
            " + funds {}",
            fixed(evaluation.funds.score, profile.rounding)
        )
    } else {
        String::new()
    };
    format!(
        "indicators {}{funds} = {} of {} → {} on the 100-point scale → {}",
        fixed(
            evaluation.rows.iter().map(|r| r.score).sum::<Decimal>(),
            profile.rounding
        ),
        fixed(evaluation.total, profile.rounding),
        plain(evaluation.weight_total),
        fixed(evaluation.percent, 2),
        evaluation.grade
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::evaluate;
    use crate::project::load;
    use crate::source::Source;

    #[test]
    fn seed_derivations() {
        let text = include_str!("../fixtures/2022.toml");
        let project = load(&Source::new("2022.toml", text)).unwrap();
        let mof = Profile::builtin("mof-2020").unwrap();
        let evaluation = evaluate(&project, &mof);
        let line = |i: usize| row(&project.indicators[i], &evaluation.rows[i], &mof);
        assert_eq!(line(2), "unmet (≥): 6/9 × 5 = 3.333… → 3.33");
        assert_eq!(line(0), "unmet (≥): 850/1000 × 5 = 4.25");
        assert_eq!(
            line(9),
            "met: 1246.51万元 against ≤ 1444.49万元 → full weight 5"
        );
        assert_eq!(
            line(14),
            "qualitative: 「持续推进」 claims 达成 [8, 10] → declared 10 taken"
        );
        assert_eq!(
            funds(&evaluation.funds, &mof),
            "1246.51 / 1246.51 (全年预算数) = 100.00% × 10 = 10.00"
        );
        assert_eq!(
            total(&evaluation),
            "indicators 95.50 + funds 10.00 = 105.50 of 110 → 95.91 on the 100-point scale → 优"
        );
        let yiyang = Profile::builtin("yiyang-2022").unwrap();
        let evaluation = evaluate(&project, &yiyang);
        assert_eq!(
            funds(&evaluation.funds, &yiyang),
            "1246.51 / 1444.49 (年初预算数) = 86.29% × 10 = 8.629… → 9"
        );
        assert_eq!(
            row(&project.indicators[2], &evaluation.rows[2], &yiyang),
            "unmet (≥): 5 − 1 = 4"
        );
    }
}
