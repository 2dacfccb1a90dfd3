//! How each figure was derived, as arithmetic a reviewer can redo by hand:
//! `未达成（≥）：6/9 × 5 = 3.333… → 3.33（保留2位小数，四舍五入）`,
//! `执行率 = 1246.51 / 1444.49（年初预算数）= 86.29% × 10 = 8.629… → 9（取整，四舍五入）`.

use rust_decimal::Decimal;

use crate::engine::{AdjustmentKind, Evaluation, FundsScore, Outcome, RowScore, Unscorable};
use crate::lang::Lang;
use crate::messages::Derived;
use crate::number::{fixed, percent, plain};
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

/// `3.333… → 3.33（保留2位小数，四舍五入）` when rounding changed the value, else the value.
fn rounded(exact: Decimal, score: Decimal, profile: &Profile, lang: Lang) -> String {
    let shown = fixed(score, profile.rounding);
    if exact.normalize() == score.normalize() {
        return shown;
    }
    let how = match (lang, profile.rounding) {
        (Lang::Zh, 0) => "（取整，四舍五入）".to_string(),
        (Lang::Zh, n) => format!("（保留{n}位小数，四舍五入）"),
        (Lang::En, 0) => " (whole points, 四舍五入)".to_string(),
        (Lang::En, n) => format!(" ({n} places, 四舍五入)"),
    };
    format!("{} → {shown}{how}", working(exact))
}

/// A band as its range of points: `[8, 10]`, `[6, 8)`.
pub fn band_range(band: Band, weight: Decimal, profile: &Profile) -> String {
    let (low, high) = profile.qualitative.range(band);
    let close = if band == Band::Achieved { "]" } else { ")" };
    format!("[{}, {}{close}", plain(low * weight), plain(high * weight))
}

/// The derivation of one indicator's score, then what adjusted it (a cost cap, a 扣分).
pub fn row(indicator: &Indicator, row: &RowScore, profile: &Profile, lang: Lang) -> String {
    let mut text = rule_derivation(indicator, row, profile, lang);
    let shown = |value| fixed(value, profile.rounding);
    for adjustment in &row.adjustments {
        let after = shown(adjustment.after);
        text.push_str(&match (adjustment.kind, lang) {
            (AdjustmentKind::CostCap { cap }, Lang::Zh) => {
                format!("；未填报成本指标，得分不超过 {} → {after}", plain(cap))
            }
            (AdjustmentKind::CostCap { cap }, Lang::En) => {
                format!(
                    "; no cost indicator filled in, capped at {} → {after}",
                    plain(cap)
                )
            }
            (AdjustmentKind::Deduction { points }, Lang::Zh) => format!(
                "；扣分 {}：{} − {} = {after}",
                plain(points),
                shown(adjustment.before),
                plain(points)
            ),
            (AdjustmentKind::Deduction { points }, Lang::En) => format!(
                "; deduction {}: {} − {} = {after}",
                plain(points),
                shown(adjustment.before),
                plain(points)
            ),
        });
    }
    text
}

/// The derivation of the score an indicator's rule gave.
fn rule_derivation(indicator: &Indicator, row: &RowScore, profile: &Profile, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let unadjusted = row.unadjusted();
    let w = plain(row.weight);
    let actual = &indicator.actual.value.text;
    let op = row.direction.map_or("", |d| d.symbol());
    // `≥ 90%` when the comparator came from elsewhere, `≥90%` as written when the cell has it.
    let target = match indicator.target.value.value.op() {
        Some(_) => indicator.target.value.text.clone(),
        None => format!("{op} {}", indicator.target.value.text),
    };
    let result = || rounded(row.exact, unadjusted, profile, lang);
    match &row.outcome {
        Outcome::NotApplicable if zh => "不适用，不计分".to_string(),
        Outcome::NotApplicable => "not applicable: not scored".to_string(),
        Outcome::NoneReported if zh => format!("实际完成值为「{actual}」，按不适用处理，不计分"),
        Outcome::NoneReported => {
            format!("actual 「{actual}」: taken as not applicable, not scored")
        }
        Outcome::Detail if zh => "明细行，不计分".to_string(),
        Outcome::Detail => "breakdown row: not scored".to_string(),
        Outcome::NotFilled if zh => "实际完成值和得分均未填写，未计分".to_string(),
        Outcome::NotFilled => "actual and score not filled in: not scored".to_string(),
        Outcome::Met if zh => format!("达成：实际 {actual}，目标 {target} → 得满分 {w}"),
        Outcome::Met => format!("met: {actual} against {target} → full weight {w}"),
        Outcome::Proportional {
            numerator,
            denominator,
        } => {
            let (n, d) = (plain(*numerator), plain(*denominator));
            if zh {
                format!("未达成（{op}）：{n}/{d} × {w} = {}", result())
            } else {
                format!("unmet ({op}): {n}/{d} × {w} = {}", result())
            }
        }
        Outcome::Linear {
            target,
            actual,
            zero_at,
        } => {
            let (t, a, k) = (plain(*target), plain(*actual), plain(*zero_at));
            // `(2 × 100 − 150) / 100` at the usual twice the target; `(1.5 × 100)` otherwise.
            let span = match *zero_at - Decimal::ONE {
                one if one == Decimal::ONE => t.clone(),
                other => format!("({} × {t})", plain(other)),
            };
            if zh {
                format!(
                    "未达成（{op}，至 {k} 倍指标值线性减至 0）：({k} × {t} − {a}) / {span} × {w} = {}",
                    result()
                )
            } else {
                format!(
                    "unmet ({op}, linear to 0 at {k} × the target): ({k} × {t} − {a}) / {span} × {w} = {}",
                    result()
                )
            }
        }
        Outcome::Deducted { points } if zh => {
            format!("未达成（{op}）：{w} − {} = {}", plain(*points), result())
        }
        Outcome::Deducted { points } => {
            format!("unmet ({op}): {w} − {} = {}", plain(*points), result())
        }
        Outcome::NoProportion if zh => format!("未达成（{target}）：无法按比例计分 → 0"),
        Outcome::NoProportion => format!("unmet ({target}): nothing to be proportional to → 0"),
        Outcome::Qualitative {
            band,
            declared_in_band,
        } => {
            let range = band_range(*band, row.weight, profile);
            let score = fixed(unadjusted, profile.rounding);
            let chosen = match (declared_in_band, band, zh) {
                (true, _, true) => format!("取填报得分 {}", plain(unadjusted)),
                (true, _, false) => format!("declared {} taken", plain(unadjusted)),
                (false, Band::Achieved, true) => format!("取档位上限 {score}"),
                (false, Band::Achieved, false) => format!("band top {score}"),
                (false, _, true) => format!("取档位下限 {score}"),
                (false, _, false) => format!("band floor {score}"),
            };
            if zh {
                format!("定性：「{actual}」属{} {range} → {chosen}", band.label())
            } else {
                format!(
                    "qualitative: 「{actual}」 claims {} {range} → {chosen}",
                    band.label()
                )
            }
        }
        Outcome::Declared { reason } if zh => format!(
            "{}：取填报得分 {}",
            unscorable(reason, indicator, lang),
            plain(unadjusted)
        ),
        Outcome::Declared { reason } => format!(
            "{}: declared score {} taken",
            unscorable(reason, indicator, lang),
            plain(unadjusted)
        ),
    }
}

/// Why a row's score cannot be computed, in words.
/// A derivation a finding quotes, worded in `lang` from the evaluation it was found in.
pub fn derived(evaluation: &Evaluation, which: Derived, lang: Lang) -> String {
    let profile = evaluation.profile;
    let row = |index: usize| {
        evaluation
            .project
            .indicators
            .get(index)
            .zip(evaluation.rows.get(index))
    };
    match which {
        Derived::Funds => funds(&evaluation.funds, profile, lang),
        Derived::Total => total(evaluation, lang),
        Derived::Row(index) => row(index).map_or_else(String::new, |(indicator, row)| {
            self::row(indicator, row, profile, lang)
        }),
        Derived::Unscorable(index) => match row(index) {
            Some((
                indicator,
                RowScore {
                    outcome: Outcome::Declared { reason },
                    ..
                },
            )) => unscorable(reason, indicator, lang),
            _ => String::new(),
        },
    }
}

pub fn unscorable(reason: &Unscorable, indicator: &Indicator, lang: Lang) -> String {
    let actual = &indicator.actual.value.text;
    match (reason, lang) {
        (Unscorable::EmptyCell, Lang::Zh) => "年度指标值或实际完成值为空".to_string(),
        (Unscorable::EmptyCell, Lang::En) => "the target or actual cell is empty".to_string(),
        (Unscorable::UnitMismatch { target, actual }, Lang::Zh) => {
            format!("计量单位不同（{target} / {actual}）")
        }
        (Unscorable::UnitMismatch { target, actual }, Lang::En) => {
            format!("units differ ({target} vs {actual})")
        }
        (Unscorable::NotMeasurable, Lang::Zh) => "指标值或完成值不是数值".to_string(),
        (Unscorable::NotMeasurable, Lang::En) => "target or actual is not a number".to_string(),
        (Unscorable::NoClaim, Lang::Zh) => format!("「{actual}」未说明完成程度"),
        (Unscorable::NoClaim, Lang::En) => {
            format!("「{actual}」 neither restates the target nor says how far it was reached")
        }
    }
}

/// The derivation of the funds score.
pub fn funds(funds: &FundsScore, profile: &Profile, lang: Lang) -> String {
    let basis = funds.basis.label();
    if funds.rate.is_some() && funds.budget.is_zero() {
        let weight = plain(funds.weight);
        let score = rounded(funds.exact, funds.score, profile, lang);
        return match lang {
            Lang::Zh => format!("{basis}与执行数均为 0，执行率按 100% 计 × {weight} = {score}"),
            Lang::En => {
                format!("{basis} and execution both 0: rate taken as 100% × {weight} = {score}")
            }
        };
    }
    let Some(rate) = funds.rate else {
        return match lang {
            Lang::Zh => format!("{basis}为空，无法计算执行率 → 0"),
            Lang::En => format!("no {basis} to divide by → 0"),
        };
    };
    let percent = percent(rate);
    let cap = plain(profile.funds.cap * Decimal::ONE_HUNDRED);
    let capped = match (rate > profile.funds.cap, lang) {
        (false, _) => String::new(),
        (true, Lang::Zh) => format!("（按{cap}%计）"),
        (true, Lang::En) => format!(" (capped at {cap}%)"),
    };
    let executed = match (funds.executed_other.is_zero(), lang) {
        (true, _) => plain(funds.executed),
        (false, Lang::Zh) => format!(
            "{}（含执行数（其他）{}）",
            plain(funds.executed),
            plain(funds.executed_other)
        ),
        (false, Lang::En) => format!(
            "{} (incl. other execution {})",
            plain(funds.executed),
            plain(funds.executed_other)
        ),
    };
    let (budget, weight) = (plain(funds.budget), plain(funds.weight));
    let score = rounded(funds.exact, funds.score, profile, lang);
    if !profile.funds.steps.is_empty() {
        let step = stepped(rate.min(profile.funds.cap), profile, lang);
        return match lang {
            Lang::Zh => format!(
                "执行率 = {executed} / {budget}（{basis}）= {percent}{capped}，{step} → {score}"
            ),
            Lang::En => format!(
                "rate = {executed} / {budget} ({basis}) = {percent}{capped}; {step} → {score}"
            ),
        };
    }
    match lang {
        Lang::Zh => format!(
            "执行率 = {executed} / {budget}（{basis}）= {percent}{capped} × {weight} = {score}"
        ),
        Lang::En => format!(
            "rate = {executed} / {budget} ({basis}) = {percent}{capped} × {weight} = {score}"
        ),
    }
}

/// Which step of a stepped funds score a rate falls in: `80% ≤ 执行率 < 100% 得 7 分`.
fn stepped(rate: Decimal, profile: &Profile, lang: Lang) -> String {
    let steps = &profile.funds.steps;
    let percent = |fraction: Decimal| plain(fraction * Decimal::ONE_HUNDRED);
    let points = profile.funds.step_points(rate).unwrap_or_default();
    let (low, high) = match profile.funds.step_index(rate) {
        Some(i) => (
            Some(steps[i].min),
            i.checked_sub(1).map(|above| steps[above].min),
        ),
        None => (None, steps.last().map(|lowest| lowest.min)),
    };
    let range = match (low, high) {
        (Some(low), Some(high)) => format!("{}% ≤ r < {}%", percent(low), percent(high)),
        (Some(low), None) => format!("r ≥ {}%", percent(low)),
        (None, Some(high)) => format!("r < {}%", percent(high)),
        (None, None) => String::new(),
    };
    match lang {
        Lang::Zh => format!("分档：{range} 得 {} 分", plain(points)),
        Lang::En => format!("step {range}: {} points", plain(points)),
    }
}

/// The derivation of the total and grade.
pub fn total(evaluation: &Evaluation, lang: Lang) -> String {
    let places = evaluation.profile.rounding;
    let indicators = fixed(
        evaluation.rows.iter().map(|r| r.score).sum::<Decimal>(),
        places,
    );
    let funds = fixed(evaluation.funds.score, places);
    let total = fixed(evaluation.total, places);
    let weight = plain(evaluation.weight_total);
    let percent = fixed(evaluation.percent, 2);
    let grade = match (evaluation.grade.is_empty(), lang) {
        (false, _) => evaluation.grade.as_str(),
        (true, Lang::Zh) => "不评级",
        (true, Lang::En) => "not graded",
    };
    match (lang, evaluation.funds.counted) {
        (Lang::Zh, true) => format!(
            "指标得分 {indicators} + 预算执行 {funds} = {total}（满分 {weight}）→ 百分制 {percent} → {grade}"
        ),
        (Lang::Zh, false) => {
            format!("指标得分 {total}（满分 {weight}）→ 百分制 {percent} → {grade}")
        }
        (Lang::En, true) => format!(
            "indicators {indicators} + funds {funds} = {total} of {weight} → {percent} on the 100-point scale → {grade}"
        ),
        (Lang::En, false) => {
            format!("indicators {total} of {weight} → {percent} on the 100-point scale → {grade}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::evaluate;
    use crate::project::load;
    use crate::source::Source;

    #[test]
    fn seed_derivations() {
        let text = include_str!("../../../fixtures/2022.toml");
        let project = load(&Source::new("2022.toml", text)).unwrap();
        let mof = Profile::builtin("mof-2020").unwrap();
        let evaluation = evaluate(&project, &mof);
        let line = |i: usize, lang| row(&project.indicators[i], &evaluation.rows[i], &mof, lang);
        assert_eq!(
            line(2, Lang::Zh),
            "未达成（≥）：6/9 × 5 = 3.333… → 3.33（保留2位小数，四舍五入）"
        );
        assert_eq!(
            line(2, Lang::En),
            "unmet (≥): 6/9 × 5 = 3.333… → 3.33 (2 places, 四舍五入)"
        );
        assert_eq!(line(0, Lang::En), "unmet (≥): 850/1000 × 5 = 4.25");
        assert_eq!(
            line(9, Lang::Zh),
            "达成：实际 1246.51万元，目标 ≤ 1444.49万元 → 得满分 5"
        );
        assert_eq!(
            line(14, Lang::Zh),
            "定性：「持续推进」属达成 [8, 10] → 取填报得分 10"
        );
        assert_eq!(
            line(14, Lang::En),
            "qualitative: 「持续推进」 claims 达成 [8, 10] → declared 10 taken"
        );
        assert_eq!(
            funds(&evaluation.funds, &mof, Lang::En),
            "rate = 1246.51 / 1246.51 (全年预算数) = 100.00% × 10 = 10.00"
        );
        assert_eq!(
            total(&evaluation, Lang::Zh),
            "指标得分 95.50 + 预算执行 10.00 = 105.50（满分 110）→ 百分制 95.91 → 优"
        );
        let yiyang = Profile::builtin("yiyang-2022").unwrap();
        let evaluation = evaluate(&project, &yiyang);
        assert_eq!(
            funds(&evaluation.funds, &yiyang, Lang::Zh),
            "执行率 = 1246.51 / 1444.49（年初预算数）= 86.29% × 10 = 8.629… → 9（取整，四舍五入）"
        );
        assert_eq!(
            row(
                &project.indicators[2],
                &evaluation.rows[2],
                &yiyang,
                Lang::En
            ),
            "unmet (≥): 5 − 1 = 4"
        );
        assert_eq!(
            total(&evaluation, Lang::En),
            "indicators 96 of 100 → 96.00 on the 100-point scale → 优秀"
        );
    }
}
