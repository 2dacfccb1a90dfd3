//! The provincial profiles, each pinned at the edges of the rules its sources state
//! (docs/provinces.md), with figures computed by hand from those rules.

use perf_eval::audit::{Code, check};
use perf_eval::derivation;
use perf_eval::engine::evaluate;
use perf_eval::lang::Lang;
use perf_eval::profile::Profile;
use perf_eval::project::{Project, load};
use perf_eval::source::Source;
use rust_decimal::Decimal;

use crate::common;
use common::stdout_of;

fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

fn profile(name: &str) -> Profile {
    Profile::builtin(name).unwrap()
}

/// A table in the central layout: the funds block as given, one `≥` row (产出 50), one row under
/// test (产出), a qualitative 效益 row and a 满意度 row, weights adding up to 90.
fn table(funds: &str, row: &str) -> Project {
    let text = format!(
        r#"schema = 1

[project]
name = "测试项目"
year = 2024

[funds]
{funds}

[[indicator]]
level1 = "产出指标"
level2 = "数量指标"
name = "培训人次"
target = "≥1000人次"
actual = "850人次"
weight = 40
note = "部分培训延期"

{row}

[[indicator]]
level1 = "效益指标"
level2 = "社会效益指标"
name = "群众获得感"
target = "有效提升"
actual = "有效提升"
weight = 30

[[indicator]]
level1 = "满意度指标"
level2 = "服务对象满意度指标"
name = "服务对象满意度"
target = "≥90%"
actual = "95%"
weight = 10
"#
    );
    load(&Source::new("t.toml", text)).unwrap()
}

const PLAIN_FUNDS: &str = "total = { initial = 100, annual = 100, executed = 100 }";

/// An 产出 row; `rest` adds keys (weight 10 is given).
fn output_row(level2: &str, name: &str, target: &str, actual: &str, rest: &str) -> String {
    format!(
        "[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"{level2}\"\nname = \"{name}\"\n\
         target = \"{target}\"\nactual = \"{actual}\"\nweight = 10\n{rest}"
    )
}

fn cost_row(actual: &str) -> String {
    output_row(
        "成本指标",
        "项目总成本",
        "≤100万元",
        actual,
        "note = \"超支原因已说明\"",
    )
}

/// How the row under test (the second) was scored.
fn explained(project: &Project, profile: &Profile, lang: Lang) -> String {
    let evaluation = evaluate(project, profile);
    derivation::row(&project.indicators[1], &evaluation.rows[1], profile, lang)
}

/// The funds score of a table whose budget and executed amounts are given.
fn funds_score(profile: &Profile, budget: &str, executed: &str) -> Decimal {
    let funds =
        format!("total = {{ initial = {budget}, annual = {budget}, executed = {executed} }}");
    let project = table(&funds, &cost_row("100万元"));
    evaluate(&project, profile).funds.score
}

#[test]
fn jiangxi_steps_at_their_edges() {
    let jiangxi = profile("jiangxi");
    // (budget, executed, points): 100% → 10, [80%, 100%) → 7, [60%, 80%) → 5, below → 0.
    let cases = [
        ("10000", "10000", "10"),
        ("100000", "99996", "10"), // 99.996% is printed 100.00%, as the system compares it
        ("10000", "9999", "7"),    // 99.99%
        ("100", "80", "7"),
        ("10000", "7999", "5"), // 79.99%
        ("100", "60", "5"),
        ("10000", "5999", "0"), // 59.99%
        ("100", "0", "0"),
        ("100", "110", "10"), // over-executed: capped at 100% first
    ];
    for (budget, executed, points) in cases {
        assert_eq!(
            funds_score(&jiangxi, budget, executed),
            dec(points),
            "{executed}/{budget}"
        );
    }
    // The central rules on the same 80%: 8.00.
    assert_eq!(funds_score(&profile("mof-2020"), "100", "80"), dec("8"));
}

#[test]
fn jiangxi_explains_the_step() {
    let jiangxi = profile("jiangxi");
    let project = table(
        "total = { initial = 100, annual = 100, executed = 85 }",
        &cost_row("100万元"),
    );
    let evaluation = evaluate(&project, &jiangxi);
    assert_eq!(
        derivation::funds(&evaluation.funds, &jiangxi, Lang::Zh),
        "执行率 = 85 / 100（全年预算数）= 85.00%，分档：80% ≤ r < 100% 得 7 分 → 7.00"
    );
    assert_eq!(
        derivation::funds(&evaluation.funds, &jiangxi, Lang::En),
        "rate = 85 / 100 (全年预算数) = 85.00%; step 80% ≤ r < 100%: 7 points → 7.00"
    );
}

#[test]
fn guangxi_reverse_rows_fall_linearly_to_zero_at_twice_the_target() {
    let guangxi = profile("guangxi");
    let mof = profile("mof-2020");
    // Target ≤100万元, weight 10: w × (2 × 100 − B) / 100 under guangxi; 100/B × w centrally.
    let cases = [
        ("100万元", "10", "10"),  // 1×: met
        ("120万元", "8", "8.33"), // 1.2×
        ("150万元", "5", "6.67"), // 1.5×: half
        ("199万元", "0.1", "5.03"),
        ("200万元", "0", "5"),  // 2×: nothing
        ("250万元", "0", "4"),  // beyond 2×
        ("80万元", "10", "10"), // under the target: met
    ];
    for (actual, linear, ratio) in cases {
        let project = table(PLAIN_FUNDS, &cost_row(actual));
        assert_eq!(
            evaluate(&project, &guangxi).rows[1].score,
            dec(linear),
            "{actual}"
        );
        assert_eq!(
            evaluate(&project, &mof).rows[1].score,
            dec(ratio),
            "{actual}"
        );
    }
    let project = table(PLAIN_FUNDS, &cost_row("150万元"));
    assert_eq!(
        explained(&project, &guangxi, Lang::Zh),
        "未达成（≤，至 2 倍指标值线性减至 0）：(2 × 100 − 150) / 100 × 10 = 5.00"
    );
}

#[test]
fn guangxi_deductions_are_subtracted_never_below_zero() {
    let guangxi = profile("guangxi");
    let row = |deduction: &str| {
        table(
            PLAIN_FUNDS,
            &format!("{}\ndeduction = {deduction}", cost_row("100万元")),
        )
    };
    // 培训人次 850/1000 × 40 = 34; the cost row is met, 10, less its 扣分.
    let project = row("1.5");
    let evaluation = evaluate(&project, &guangxi);
    assert_eq!(evaluation.rows[0].score, dec("34"));
    assert_eq!(evaluation.rows[1].score, dec("8.5"));
    assert_eq!(
        explained(&project, &guangxi, Lang::Zh),
        "达成：实际 100万元，目标 ≤100万元 → 得满分 10；扣分 1.5：10.00 − 1.5 = 8.50"
    );
    // 34 + 8.5 + 30 + 10 + funds 10 = 92.5 of 100.
    assert_eq!(evaluation.total, dec("92.5"));
    let project = row("12");
    assert_eq!(evaluate(&project, &guangxi).rows[1].score, Decimal::ZERO);
}

#[test]
fn guangxi_requires_a_note_from_130_percent_of_the_target() {
    let guangxi = profile("guangxi");
    let codes = |profile: &Profile, actual: &str| {
        let row = output_row("数量指标", "宣传场次", "≥100场", actual, "");
        let (_, findings) = check(&table(PLAIN_FUNDS, &row), profile);
        findings.iter().map(|f| f.code).collect::<Vec<_>>()
    };
    assert_eq!(codes(&guangxi, "129场"), []);
    assert_eq!(
        codes(&guangxi, "130场"),
        [Code::OverAchievementNoteRequired]
    );
    // The central rules only question it, as a warning.
    assert_eq!(
        codes(&profile("mof-2020"), "130场"),
        [Code::OverAchievement]
    );
}

#[test]
fn zhejiang_counts_other_execution_and_takes_nothing_of_nothing_as_100_percent() {
    let zhejiang = profile("zhejiang");
    let mof = profile("mof-2020");
    let score = |profile: &Profile, funds: &str| {
        let project = table(funds, &cost_row("100万元"));
        let evaluation = evaluate(&project, profile);
        (evaluation.funds.rate, evaluation.funds.score)
    };
    // 0 budget, 0 executed: 100% → 10 under zhejiang; no rate, 0 centrally.
    let nothing = "total = { initial = 0, annual = 0, executed = 0 }";
    assert_eq!(score(&zhejiang, nothing), (Some(Decimal::ONE), dec("10")));
    assert_eq!(score(&mof, nothing), (None, Decimal::ZERO));
    // (80 + 执行数（其他）15) / 100 = 95% → 9.50; centrally 80% → 8.
    let other = "total = { initial = 100, annual = 100, executed = 80, executed_other = 15 }";
    assert_eq!(score(&zhejiang, other), (Some(dec("0.95")), dec("9.5")));
    assert_eq!(score(&mof, other), (Some(dec("0.8")), dec("8")));
    // Executed above the budget: allowed, the score capped at 10, no over-execution finding.
    let over = "total = { initial = 100, annual = 100, executed = 110 }";
    assert_eq!(score(&zhejiang, over), (Some(dec("1.1")), dec("10")));
    let project = table(over, &cost_row("100万元"));
    let over_execution = |profile: &Profile| {
        check(&project, profile)
            .1
            .iter()
            .any(|f| f.code == Code::OverExecution)
    };
    assert!(!over_execution(&zhejiang));
    assert!(over_execution(&mof));
    let project = table(nothing, &cost_row("100万元"));
    let evaluation = evaluate(&project, &zhejiang);
    assert_eq!(
        derivation::funds(&evaluation.funds, &zhejiang, Lang::Zh),
        "全年预算数与执行数均为 0，执行率按 100% 计 × 10 = 10.00"
    );
}

/// A qualitative row that claims 部分达成, with a declared score.
fn partial_row(score: &str) -> String {
    output_row(
        "质量指标",
        "验收质量",
        "达到验收标准",
        "基本达到验收标准",
        &format!("score = {score}\nnote = \"个别子项返工\""),
    )
}

#[test]
fn hubei_bands_reach_down_to_50_percent() {
    let hubei = profile("hubei");
    let mof = profile("mof-2020");
    let band_error = |profile: &Profile, score: &str| {
        let project = table(PLAIN_FUNDS, &partial_row(score));
        check(&project, profile)
            .1
            .iter()
            .any(|f| f.code == Code::QualitativeBand)
    };
    // 部分达成 is [5, 8) of 10 under hubei, [6, 8) centrally.
    assert!(!band_error(&hubei, "5"));
    assert!(band_error(&hubei, "4.99"));
    assert!(!band_error(&hubei, "7.99"));
    assert!(band_error(&hubei, "8"));
    assert!(band_error(&mof, "5"));
    assert!(!band_error(&mof, "6"));
    // Outside the band, the band's floor: 5 under hubei, 6 centrally.
    let project = table(PLAIN_FUNDS, &partial_row("4"));
    assert_eq!(evaluate(&project, &hubei).rows[1].score, dec("5"));
    assert_eq!(evaluate(&project, &mof).rows[1].score, dec("6"));
}

#[test]
fn hubei_funds_are_20_points_over_the_adjusted_fiscal_budget() {
    let hubei = profile("hubei");
    // 年度资金总额 120 includes 20 of 其他资金; 财政资金 = 当年财政拨款 80 + 上年结转资金 20 = 100,
    // executed 70 + 16.29 = 86.29: 86.29% × 20 = 17.258 → 17.26. Centrally: 106.29 / 120.
    let funds = r#"total = { initial = 110, annual = 120, executed = 106.29 }
appropriation = { initial = 90, annual = 80, executed = 70 }
carryover = { initial = 0, annual = 20, executed = 16.29 }
other = { initial = 20, annual = 20, executed = 20 }
note = "年中追加"
weight = 20"#;
    let project = table(funds, &cost_row("100万元"));
    let evaluation = evaluate(&project, &hubei);
    assert_eq!(evaluation.funds.budget, dec("100"));
    assert_eq!(evaluation.funds.executed, dec("86.29"));
    assert_eq!(evaluation.funds.score, dec("17.26"));
    assert_eq!(
        derivation::funds(&evaluation.funds, &hubei, Lang::Zh),
        "执行率 = 86.29 / 100（调整后财政资金）= 86.29% × 20 = 17.258 → 17.26（保留2位小数，四舍五入）"
    );
    let mof = profile("mof-2020");
    let central = evaluate(&project, &mof);
    assert_eq!(central.funds.budget, dec("120"));
    // The table's own 分值 20 stands: 106.29 / 120 × 20 = 17.715 → 17.72.
    assert_eq!(central.funds.score, dec("17.72"));
    // Executed above the fiscal budget: capped at 20.
    let over = "total = { initial = 100, annual = 100, executed = 130 }\nweight = 20";
    let project = table(over, &cost_row("100万元"));
    assert_eq!(evaluate(&project, &hubei).funds.score, dec("20"));
}

#[test]
fn hubei_grades_nothing() {
    let hubei = profile("hubei");
    let text = format!(
        "{}\n[total]\ngrade = \"良\"\n",
        include_str!("../data/findings/clean.toml")
            .replace("# exit: 0", "")
            .replace("[total]\nweight = 100\nscore = 99\ngrade = \"优\"\n", "")
    );
    let project = load(&Source::new("t.toml", text)).unwrap();
    let (evaluation, findings) = check(&project, &hubei);
    assert_eq!(evaluation.grade, "");
    assert!(findings.iter().all(|f| f.code != Code::GradeMismatch));
    assert!(derivation::total(&evaluation, Lang::Zh).ends_with("→ 不评级"));
    let mof = profile("mof-2020");
    let (evaluation, findings) = check(&project, &mof);
    assert_eq!(evaluation.grade, "优");
    assert!(findings.iter().any(|f| f.code == Code::GradeMismatch));
}

#[test]
fn sichuan_requires_a_reason_below_90_percent() {
    let sichuan = profile("sichuan");
    let codes = |funds: &str| {
        let project = table(funds, &cost_row("100万元"));
        check(&project, &sichuan)
            .1
            .iter()
            .map(|f| f.code)
            .filter(|c| *c == Code::FundsNoteRequired)
            .count()
    };
    assert_eq!(
        codes("total = { initial = 10000, annual = 10000, executed = 8999 }"),
        1
    );
    assert_eq!(
        codes("total = { initial = 100, annual = 100, executed = 90 }"),
        0
    );
    assert_eq!(
        codes("total = { initial = 100, annual = 100, executed = 50 }\nnote = \"项目延期至次年\""),
        0
    );
    // The central rules ask for no reason.
    let project = table(
        "total = { initial = 100, annual = 100, executed = 50 }",
        &cost_row("100万元"),
    );
    assert!(
        check(&project, &profile("mof-2020"))
            .1
            .iter()
            .all(|f| f.code != Code::FundsNoteRequired)
    );
}

#[test]
fn anhui_scores_as_the_central_rules() {
    let text = include_str!("../../fixtures/2022.toml");
    let project = load(&Source::new("fixtures/2022.toml", text)).unwrap();
    let anhui = profile("anhui");
    let mof = profile("mof-2020");
    let (a, b) = (evaluate(&project, &anhui), evaluate(&project, &mof));
    assert_eq!(a.total, dec("105.50"));
    assert_eq!(a.rows, b.rows);
    assert_eq!(a.funds.score, b.funds.score);
    assert_eq!(a.grade, b.grade);
}

#[test]
fn the_cost_cap_limits_an_unfilled_cost_row() {
    let rules = Profile::resolve(
        "tests/data/cost-cap-rules.toml",
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
    )
    .unwrap();
    let row = output_row("成本指标", "成本指标", "未填报", "未填报", "score = 8");
    let project = table(PLAIN_FUNDS, &row);
    let evaluation = evaluate(&project, &rules);
    assert_eq!(evaluation.rows[1].score, dec("5"));
    assert_eq!(
        explained(&project, &rules, Lang::En),
        "qualitative: 「未填报」 claims 达成 [8, 10] → declared 8 taken; no cost indicator filled in, capped at 5 → 5.00"
    );
    // A filled-in cost indicator is not capped.
    let project = table(PLAIN_FUNDS, &cost_row("100万元"));
    assert_eq!(evaluate(&project, &rules).rows[1].score, dec("10"));
}

#[test]
fn diff_shows_where_hubei_differs_from_the_central_rules() {
    insta::assert_snapshot!(
        "diff_mof_hubei",
        stdout_of(&[
            "diff",
            "tests/data/provinces/hubei.toml",
            "--rules",
            "mof-2020",
            "--rules",
            "hubei"
        ])
    );
}

#[test]
fn explain_shows_the_guangxi_reverse_rule() {
    insta::assert_snapshot!(
        "explain_guangxi",
        stdout_of(&[
            "explain",
            "tests/data/provinces/guangxi.toml",
            "--rules",
            "guangxi"
        ])
    );
}

#[test]
fn explain_shows_the_hubei_funds_and_bands() {
    insta::assert_snapshot!(
        "explain_hubei",
        stdout_of(&["explain", "tests/data/provinces/hubei.toml"])
    );
}

#[test]
fn rules_lists_regions_and_references() {
    insta::assert_snapshot!("rules_list", stdout_of(&["rules"]));
}
