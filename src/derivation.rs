//! How each figure was derived, as arithmetic a reviewer can redo by hand:
//! `未达成（≥）：6/9 × 5 = 3.333… → 3.33（保留2位小数，四舍五入）`,
//! `执行率 = 1246.51 / 1444.49（年初预算数）= 86.29% × 10 = 8.629… → 9（取整，四舍五入）`.

use rust_decimal::Decimal;

use crate::engine::{Evaluation, FundsScore, Outcome, RowScore, Unscorable};
use crate::lang::Lang;
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

fn band_range(band: Band, weight: Decimal, profile: &Profile) -> String {
    let (low, high) = profile.qualitative.range(band);
    let close = if band == Band::Achieved { "]" } else { ")" };
    format!("[{}, {}{close}", plain(low * weight), plain(high * weight))
}

/// The derivation of one indicator's score.
pub fn row(indicator: &Indicator, row: &RowScore, profile: &Profile, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let w = plain(row.weight);
    let actual = &indicator.actual.value.text;
    let op = row.direction.map_or("", |d| d.symbol());
    // `≥ 90%` when the comparator came from elsewhere, `≥90%` as written when the cell has it.
    let target = match indicator.target.value.value.op() {
        Some(_) => indicator.target.value.text.clone(),
        None => format!("{op} {}", indicator.target.value.text),
    };
    let result = || rounded(row.exact, row.score, profile, lang);
    match &row.outcome {
        Outcome::NotApplicable if zh => "不适用，不计分".to_string(),
        Outcome::NotApplicable => "not applicable: not scored".to_string(),
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
            let score = fixed(row.score, profile.rounding);
            let chosen = match (declared_in_band, band, zh) {
                (true, _, true) => format!("取填报得分 {}", plain(row.score)),
                (true, _, false) => format!("declared {} taken", plain(row.score)),
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
            plain(row.score)
        ),
        Outcome::Declared { reason } => format!(
            "{}: declared score {} taken",
            unscorable(reason, indicator, lang),
            plain(row.score)
        ),
    }
}

/// Why a row's score cannot be computed, in words.
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
    let (executed, budget, weight) = (
        plain(funds.executed),
        plain(funds.budget),
        plain(funds.weight),
    );
    let score = rounded(funds.exact, funds.score, profile, lang);
    match lang {
        Lang::Zh => format!(
            "执行率 = {executed} / {budget}（{basis}）= {percent}{capped} × {weight} = {score}"
        ),
        Lang::En => format!(
            "rate = {executed} / {budget} ({basis}) = {percent}{capped} × {weight} = {score}"
        ),
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
    let grade = &evaluation.grade;
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
        let text = include_str!("../fixtures/2022.toml");
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
