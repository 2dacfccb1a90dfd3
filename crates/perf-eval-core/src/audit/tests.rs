use super::*;
use crate::project::load;
use crate::source::Source;

fn findings_of(text: &str, profile: &str) -> Vec<(&'static str, usize, usize)> {
    let source = Source::new("t.toml", text);
    let project = load(&source).unwrap();
    let profile = Profile::builtin(profile).unwrap();
    let (_, findings) = check(&project, &profile);
    findings
        .iter()
        .map(|f| {
            let at = source.location(f.span.start);
            (f.code.name(), at.line, at.column)
        })
        .collect()
}

const SEED: &str = include_str!("../../../../fixtures/2022.toml");

/// The seed's 实际完成值 cells repeat the target's comparator on eleven rows (≥850个, …): one
/// finding, at the first of them, that names the other ten.
const SEED_COMPARATORS: [(&str, usize, usize); 1] = [("actual-comparator", 42, 10)];

fn without_comparators(
    findings: Vec<(&'static str, usize, usize)>,
) -> Vec<(&'static str, usize, usize)> {
    let (comparators, rest): (Vec<_>, Vec<_>) = findings
        .into_iter()
        .partition(|(code, _, _)| *code == "actual-comparator");
    assert_eq!(comparators, SEED_COMPARATORS);
    rest
}

#[test]
fn seed_under_its_own_practice() {
    assert_eq!(
        without_comparators(findings_of(SEED, "yiyang-2022")),
        [
            ("budget-adjusted", 20, 47),
            ("level1-header", 31, 10),
            ("level1-header", 35, 10),
        ]
    );
}

#[test]
fn seed_under_the_central_rules() {
    assert_eq!(
        without_comparators(findings_of(SEED, "mof-2020")),
        [
            ("funds-rate-mismatch", 18, 8),
            ("funds-score-mismatch", 19, 9),
            ("budget-adjusted", 20, 47),
            ("level1-header", 31, 10),
            ("level1-header", 35, 10),
            ("level1-split", 38, 10),
            ("score-mismatch", 44, 9),
            ("score-mismatch", 63, 9),
            ("score-mismatch", 73, 9),
            ("score-mismatch", 83, 9),
            ("weight-total", 186, 10),
            ("total-mismatch", 187, 9),
        ]
    );
}

#[test]
fn seed_messages_read_like_a_reviewer_s_remarks() {
    let source = Source::new("t.toml", SEED);
    let project = load(&source).unwrap();
    let profile = Profile::builtin("mof-2020").unwrap();
    let (evaluation, findings) = check(&project, &profile);
    let texts: Vec<(Code, Text)> = findings
        .iter()
        .map(|f| (f.code, f.text(&evaluation, Lang::Zh)))
        .collect();
    let find = |name: &str| {
        &texts
            .iter()
            .find(|(code, t)| *code == Code::ScoreMismatch && t.message.contains(name))
            .unwrap()
            .1
    };
    let row = find("融合通信平台对接部门数量");
    assert_eq!(
        row.message,
        "「融合通信平台对接部门数量」填报得分 4，按规则应得 4.17"
    );
    assert_eq!(row.label, "应得 4.17");
    assert_eq!(
        row.help.as_deref(),
        Some("未达成（≥）：5/6 × 5 = 4.166… → 4.17（保留2位小数，四舍五入）")
    );
    let header = &texts
        .iter()
        .find(|(code, _)| *code == Code::Level1Header)
        .unwrap()
        .1;
    assert_eq!(
        header.message,
        "产出指标表头标明 50 分，但其下各指标分值合计为 55"
    );
    for (_, finding) in &texts {
        for text in [
            Some(&finding.message),
            Some(&finding.label),
            finding.help.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            assert_eq!(crate::messages::english_sentence(text), None, "{text}");
        }
    }
}

#[test]
fn seed_messages_carry_both_numbers_and_the_formula() {
    let source = Source::new("t.toml", SEED);
    let project = load(&source).unwrap();
    let profile = Profile::builtin("mof-2020").unwrap();
    let (evaluation, findings) = check(&project, &profile);
    let find = |code: Code| {
        findings
            .iter()
            .find(|f| f.code == code)
            .unwrap()
            .text(&evaluation, Lang::En)
    };
    let rate = find(Code::FundsRateMismatch);
    assert_eq!(
        rate.message,
        "declared 执行率 86% differs from the computed 100.00% (全年执行数 / 全年预算数)"
    );
    assert_eq!(
        rate.help.as_deref(),
        Some(
            "rate = 1246.51 / 1246.51 (全年预算数) = 100.00% × 10 = 10.00; the declared 86% is the rate over 年初预算数 (86.29%)"
        )
    );
    let mismatch: Vec<_> = findings
        .iter()
        .filter(|f| f.code == Code::ScoreMismatch)
        .map(|f| f.text(&evaluation, Lang::En).help.unwrap())
        .collect();
    assert_eq!(
        mismatch,
        [
            "unmet (≥): 850/1000 × 5 = 4.25",
            "unmet (≥): 6/9 × 5 = 3.333… → 3.33 (2 places, 四舍五入)",
            "unmet (≥): 5/6 × 5 = 4.166… → 4.17 (2 places, 四舍五入)",
            "unmet (≥): 15/20 × 5 = 3.75",
        ]
    );
    assert_eq!(
        find(Code::WeightTotal).message,
        "the weights add up to 110 (indicators 100 + funds 10), but mof-2020's total is 100"
    );
    assert_eq!(
        find(Code::BudgetAdjusted).help.as_deref(),
        Some(
            "the funds score is 10.00 over 全年预算数 and would be 8.63 over 年初预算数 (86.29%); say in the 自评报告 why the budget changed (in a project file: `note` in [funds])"
        )
    );
}

#[test]
fn every_code_has_its_severity() {
    let errors = Code::ALL
        .iter()
        .filter(|c| c.severity() == Severity::Error)
        .count();
    assert_eq!(errors, 14);
    assert_eq!(Code::Level1Split.severity(), Severity::Info);
}

#[test]
fn shared_first_level_weights_under_hubei() {
    let source = Source::new("t.toml", SEED);
    let project = load(&source).unwrap();
    let profile = Profile::builtin("hubei").unwrap();
    let (evaluation, findings) = check(&project, &profile);
    let split = findings
        .iter()
        .find(|f| f.code == Code::Level1Split)
        .unwrap()
        .text(&evaluation, Lang::Zh);
    assert_eq!(
        split.message,
        "一级指标分值为 产出指标 55 / 效益指标 45；hubei 规定为 产出指标 40 / 效益指标+满意度指标 40"
    );
    // The table's own 分值 (10) stands over the profile's default (20).
    assert_eq!(evaluation.funds.weight, Decimal::from(10));
    assert_eq!(evaluation.funds.score, Decimal::from(10));
}

#[test]
fn a_budget_raised_from_zero_is_noted_like_any_adjustment() {
    let text = "schema = 1\n[project]\nname = \"P\"\nyear = 2022\n[funds]\nweight = 10\nscore = 10\n\
                total = { initial = 0, annual = 207.45, executed = 207.45 }\n";
    let source = Source::new("t.toml", text);
    let project = load(&source).unwrap();
    let profile = Profile::builtin("mof-2020").unwrap();
    let (evaluation, findings) = check(&project, &profile);
    let adjusted: Vec<_> = findings
        .iter()
        .filter(|f| f.code == Code::BudgetAdjusted)
        .map(|f| f.text(&evaluation, Lang::Zh))
        .collect();
    assert_eq!(adjusted.len(), 1);
    assert_eq!(
        adjusted[0].message,
        "全年预算数 207.45 与年初预算数 0 不一致，未说明调整原因"
    );
    assert_eq!(
        adjusted[0].help.as_deref(),
        Some(
            "年中由零追加预算；请在自评报告中说明预算调整原因（项目文件：写在 [funds] 的 `note`）"
        )
    );
    // Without a 年初预算数 column there is nothing it was adjusted from.
    let text = text.replace("initial = 0, ", "");
    let project = load(&Source::new("t.toml", text.as_str())).unwrap();
    let (_, findings) = check(&project, &profile);
    assert!(findings.iter().all(|f| f.code != Code::BudgetAdjusted));
}

#[test]
fn a_habit_on_a_few_rows_is_a_finding_each_and_on_many_rows_one() {
    // Three rows keep the comparator (two ≥ and the one ≤): each is its own finding.
    let mut kept = 0;
    let few: String = SEED
        .lines()
        .map(|line| match line.strip_prefix("actual = \"≥") {
            Some(rest) if kept < 2 => {
                kept += 1;
                format!("actual = \"≥{rest}\n")
            }
            Some(rest) => format!("actual = \"{rest}\n"),
            None => format!("{line}\n"),
        })
        .collect();
    let comparators: Vec<_> = findings_of(&few, "yiyang-2022")
        .into_iter()
        .filter(|(code, _, _)| *code == "actual-comparator")
        .collect();
    assert_eq!(
        comparators,
        [
            ("actual-comparator", 42, 10),
            ("actual-comparator", 81, 10),
            ("actual-comparator", 163, 10)
        ]
    );
    // All eleven: one finding that names the ten after the first.
    let source = Source::new("t.toml", SEED);
    let project = load(&source).unwrap();
    let (_, findings) = check(&project, &Profile::builtin("yiyang-2022").unwrap());
    let repeated: Vec<_> = findings
        .iter()
        .filter(|f| f.code == Code::ActualComparator)
        .collect();
    assert_eq!(repeated.len(), 1);
    match &repeated[0].said {
        Say::Repeated { others, .. } => {
            assert_eq!(others.len(), 10);
            assert_eq!(others[0], "城市运行指挥中心使用率");
        }
        said => panic!("{said:?}"),
    }
}

#[test]
fn an_opposite_comparator_is_its_own_finding_beside_a_grouped_habit() {
    let text = SEED.replacen("actual = \"≥850个\"", "actual = \"低于850个\"", 1);
    let source = Source::new("t.toml", &text);
    let project = load(&source).unwrap();
    let (_, findings) = check(&project, &Profile::builtin("yiyang-2022").unwrap());
    let comparators: Vec<_> = findings
        .iter()
        .filter(|f| f.code == Code::ActualComparator)
        .collect();
    assert_eq!(comparators.len(), 2);
    assert!(matches!(comparators[0].said, Say::ActualOpposite { .. }));
    match &comparators[1].said {
        Say::Repeated { first, others } => {
            assert!(matches!(**first, Say::ActualComparator { .. }));
            assert_eq!(others.len(), 9);
        }
        said => panic!("{said:?}"),
    }
}
