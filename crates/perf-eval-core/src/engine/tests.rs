use super::*;
use crate::project::load;
use crate::source::Source;

fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

fn seed() -> Project {
    let text = include_str!("../../../../fixtures/2022.toml");
    load(&Source::new("fixtures/2022.toml", text)).unwrap()
}

fn scores(evaluation: &Evaluation) -> Vec<String> {
    evaluation
        .rows
        .iter()
        .map(|row| row.score.to_string())
        .collect()
}

#[test]
fn seed_under_its_own_practice_reproduces_96() {
    let project = seed();
    let profile = Profile::builtin("yiyang-2022").unwrap();
    let evaluation = evaluate(&project, &profile);
    let funds = &evaluation.funds;
    assert_eq!(funds.budget, dec("1444.49"));
    assert_eq!(round_half_up(funds.rate.unwrap(), 4), dec("0.8629"));
    assert_eq!(round_half_up(funds.exact, 2), dec("8.63"));
    assert_eq!(funds.score, dec("9"));
    assert!(!funds.counted);
    assert_eq!(
        scores(&evaluation),
        [
            "4", "5", "4", "4", "4", "5", "10", "5", "5", "5", "10", "5", "10", "5", "10", "5"
        ]
    );
    assert_eq!(evaluation.weight_total, dec("100"));
    assert_eq!(evaluation.total, dec("96"));
    assert_eq!(evaluation.grade, "优秀");
    let sums: Vec<_> = evaluation
        .level1
        .iter()
        .map(|l| (l.name.as_str(), l.header_weight, l.weight, l.score))
        .collect();
    assert_eq!(
        sums,
        [
            ("产出指标", Some(dec("50")), dec("55"), dec("51")),
            ("效益指标", Some(dec("40")), dec("45"), dec("45")),
        ]
    );
}

#[test]
fn seed_under_the_central_rules() {
    let project = seed();
    let profile = Profile::builtin("mof-2020").unwrap();
    let evaluation = evaluate(&project, &profile);
    assert_eq!(evaluation.funds.rate, Some(Decimal::ONE));
    assert_eq!(evaluation.funds.score, dec("10"));
    let scores = scores(&evaluation);
    assert_eq!(
        scores,
        [
            "4.25", "5", "3.33", "4.17", "3.75", "5", "10", "5", "5", "5", "10", "5", "10", "5",
            "10", "5"
        ]
    );
    assert_eq!(
        evaluation.rows[2].outcome,
        Outcome::Proportional {
            numerator: dec("6"),
            denominator: dec("9")
        }
    );
    // 成本指标 without a comparator is ≤: 1246.51 ≤ 1444.49 is met.
    assert_eq!(evaluation.rows[9].direction, Some(Comparator::AtMost));
    assert_eq!(evaluation.rows[9].outcome, Outcome::Met);
    assert_eq!(evaluation.weight_total, dec("110"));
    assert_eq!(evaluation.total, dec("105.50"));
    assert_eq!(evaluation.grade, "优");
}

fn outcome(target: &str, actual: &str, direction: Comparator) -> Outcome {
    quantitative(
        &Value::parse(target),
        &Value::parse(actual),
        direction,
        Method::Proportional,
    )
}

#[test]
fn quantitative_rules() {
    use Comparator::*;
    assert_eq!(outcome("≥90%", "95%", AtLeast), Outcome::Met);
    assert_eq!(
        outcome("≤2天", "4天", AtMost),
        Outcome::Proportional {
            numerator: dec("2"),
            denominator: dec("4")
        }
    );
    assert_eq!(
        outcome("=10个", "8个", Equal),
        Outcome::Proportional {
            numerator: dec("8"),
            denominator: dec("10")
        }
    );
    assert_eq!(
        outcome("=10个", "12个", Equal),
        Outcome::Proportional {
            numerator: dec("10"),
            denominator: dec("12")
        }
    );
    // 元 and 万元 convert.
    assert_eq!(
        outcome("≤100万元", "1200000元", AtMost),
        Outcome::Proportional {
            numerator: dec("1000000"),
            denominator: dec("1200000")
        }
    );
    // A unit on one side only is the other side's.
    assert_eq!(outcome("≥90%", "92", AtLeast), Outcome::Met);
    assert_eq!(
        outcome("≥20天", "15个", AtLeast),
        Outcome::Declared {
            reason: Unscorable::UnitMismatch {
                target: "天".into(),
                actual: "个".into()
            }
        }
    );
    assert_eq!(
        outcome("≥20天", "良好", AtLeast),
        Outcome::Declared {
            reason: Unscorable::NotMeasurable
        }
    );
}

#[test]
fn zero_targets_never_divide() {
    use Comparator::*;
    assert_eq!(outcome("≤0次", "0次", AtMost), Outcome::Met);
    assert_eq!(outcome("≤0次", "2次", AtMost), Outcome::NoProportion);
    assert_eq!(outcome("=0起", "0起", Equal), Outcome::Met);
    assert_eq!(outcome("=0起", "1起", Equal), Outcome::NoProportion);
    assert_eq!(outcome("≥0个", "0个", AtLeast), Outcome::Met);
}

#[test]
fn dates_are_deadlines() {
    use Comparator::*;
    assert_eq!(
        outcome("2023年12月", "2023年11月20日", AtMost),
        Outcome::Met
    );
    assert_eq!(
        outcome("≤2023-10", "2023年11月", AtMost),
        Outcome::NoProportion
    );
    assert_eq!(
        quantitative(
            &Value::parse("≤2023-10"),
            &Value::parse("2023年11月"),
            AtMost,
            Method::Deduct { points: dec("1") }
        ),
        Outcome::Deducted { points: dec("1") }
    );
}

#[test]
fn qualitative_claims() {
    assert_eq!(claim("持续推进", "持续推进"), Some(Band::Achieved));
    assert_eq!(claim("有效提升", "已达成"), Some(Band::Achieved));
    assert_eq!(claim("有效提升", "效果明显"), Some(Band::Achieved));
    assert_eq!(claim("有效提升", "基本完成"), Some(Band::Partial));
    assert_eq!(claim("有效提升", "未完成"), Some(Band::Unmet));
    assert_eq!(claim("有效提升", "一般"), None);
}

fn one_row(extra: &str) -> Project {
    let text = format!(
        "schema = 1\n[project]\nname = \"P\"\nyear = 2022\n[[indicator]]\nlevel1 = \"效益指标\"\n\
         level2 = \"社会效益指标\"\nname = \"群众满意\"\nweight = 10\n{extra}"
    );
    load(&Source::new("p.toml", text)).unwrap()
}

#[test]
fn qualitative_scores() {
    let profile = Profile::builtin("mof-2020").unwrap();
    let score = |extra: &str| {
        let project = one_row(extra);
        let evaluation = evaluate(&project, &profile);
        (evaluation.rows[0].outcome.clone(), evaluation.rows[0].score)
    };
    let achieved = |declared_in_band| Outcome::Qualitative {
        band: Band::Achieved,
        declared_in_band,
    };
    assert_eq!(
        score("target = \"有效提升\"\nactual = \"有效提升\""),
        (achieved(false), dec("10.00"))
    );
    assert_eq!(
        score("target = \"有效提升\"\nactual = \"有效提升\"\nscore = 8.5"),
        (achieved(true), dec("8.5"))
    );
    assert_eq!(
        score("target = \"有效提升\"\nactual = \"有效提升\"\nscore = 7"),
        (achieved(false), dec("10.00"))
    );
    assert_eq!(
        score("target = \"有效提升\"\nactual = \"基本完成\""),
        (
            Outcome::Qualitative {
                band: Band::Partial,
                declared_in_band: false
            },
            dec("6.00")
        )
    );
    assert_eq!(
        score("target = \"\"\nactual = \"\"\nscore = 9"),
        (
            Outcome::Declared {
                reason: Unscorable::EmptyCell
            },
            dec("9")
        )
    );
    assert_eq!(
        score("target = \"\"\nactual = \"\"\nscore = 12"),
        (
            Outcome::Declared {
                reason: Unscorable::EmptyCell
            },
            dec("10")
        )
    );
}

#[test]
fn not_applicable_rows_leave_the_total() {
    let profile = Profile::builtin("yiyang-2022").unwrap();
    let project = one_row("target = \"≥1\"\nactual = \"1\"\nna = true");
    let evaluation = evaluate(&project, &profile);
    assert_eq!(evaluation.rows[0].outcome, Outcome::NotApplicable);
    assert_eq!(evaluation.weight_total, Decimal::ZERO);
    assert_eq!(evaluation.total, Decimal::ZERO);
}

#[test]
fn funds_total_from_sub_rows() {
    let text = "schema = 1\n[project]\nname = \"P\"\nyear = 2022\n[funds]\n\
                appropriation = { initial = 80, annual = 100, executed = 90 }\n\
                other = { initial = 20, annual = 0, executed = 0 }\n";
    let project = load(&Source::new("p.toml", text)).unwrap();
    let profile = Profile::builtin("mof-2020").unwrap();
    let funds = evaluate(&project, &profile).funds;
    assert!(funds.summed_from_rows);
    assert_eq!(funds.amounts, [dec("100"), dec("100"), dec("90")]);
    assert_eq!(funds.score, dec("9.00"));
}

#[test]
fn funds_without_budget_score_nothing() {
    let text =
        "schema = 1\n[project]\nname = \"P\"\nyear = 2022\n[funds]\ntotal = { executed = 5 }\n";
    let project = load(&Source::new("p.toml", text)).unwrap();
    let profile = Profile::builtin("mof-2020").unwrap();
    let funds = evaluate(&project, &profile).funds;
    assert_eq!(funds.rate, None);
    assert_eq!(funds.score, Decimal::ZERO);
}

#[test]
fn rates_above_the_cap_score_the_weight() {
    let text = "schema = 1\n[project]\nname = \"P\"\nyear = 2022\n[funds]\n\
                total = { annual = 100, executed = 120 }\n";
    let project = load(&Source::new("p.toml", text)).unwrap();
    let profile = Profile::builtin("mof-2020").unwrap();
    let funds = evaluate(&project, &profile).funds;
    assert_eq!(funds.rate, Some(dec("1.2")));
    assert_eq!(funds.score, dec("10"));
}

#[test]
fn rule_names_match_the_json_tags() {
    let outcomes = [
        Outcome::NotApplicable,
        Outcome::Met,
        Outcome::Proportional {
            numerator: Decimal::ONE,
            denominator: Decimal::TWO,
        },
        Outcome::Deducted {
            points: Decimal::ONE,
        },
        Outcome::NoProportion,
        Outcome::Qualitative {
            band: Band::Partial,
            declared_in_band: true,
        },
        Outcome::Declared {
            reason: Unscorable::NoClaim,
        },
    ];
    for outcome in outcomes {
        let json = serde_json::to_value(&outcome).unwrap();
        assert_eq!(json["rule"], outcome.rule());
    }
}

#[test]
fn rounding_never_lifts_a_score_above_its_weight() {
    // Found by the property tests: 14.5 rounded to whole points is 15.
    let profile = Profile::builtin("yiyang-2022").unwrap();
    let text = "schema = 1\n[project]\nname = \"P\"\nyear = 2022\n[[indicator]]\n\
                level1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"X\"\n\
                target = \"≥1个\"\nactual = \"1个\"\nweight = 14.5\n";
    let project = load(&Source::new("p.toml", text)).unwrap();
    assert_eq!(evaluate(&project, &profile).rows[0].score, dec("14.5"));
}

/// One 数量指标 row of weight 3.
fn weighted_row(target: &str, actual: &str) -> Project {
    let text = format!(
        "schema = 1\n[project]\nname = \"P\"\nyear = 2022\n[[indicator]]\nlevel1 = \"产出指标\"\n\
         level2 = \"数量指标\"\nname = \"A\"\ntarget = \"{target}\"\nactual = \"{actual}\"\nweight = 3\n"
    );
    load(&Source::new("p.toml", text)).unwrap()
}

/// A profile like mof-2020 but rounding to `places`.
fn rounding_to(places: u32) -> Profile {
    let mut profile = Profile::builtin("mof-2020").unwrap();
    profile.rounding = places;
    profile
}

#[test]
fn proportional_scores_round_once_from_the_exact_value() {
    // 68.25 / 90 × 3 is exactly 2.275: dividing first gave 2.2749… → 2.27.
    let project = weighted_row("≥90个", "68.25个");
    let profile = rounding_to(2);
    let evaluation = evaluate(&project, &profile);
    assert_eq!(evaluation.rows[0].exact, dec("2.275"));
    assert_eq!(evaluation.rows[0].score, dec("2.28"));
    // 75 / 90 × 3 is exactly 2.5: whole points give 3, not 2.
    let project = weighted_row("≥90个", "75个");
    assert_eq!(evaluate(&project, &rounding_to(0)).rows[0].score, dec("3"));
    // ≤: A/B × w, 90 / 120 × 3 = 2.25 → 2.3 at one place.
    let project = weighted_row("≤90天", "120天");
    assert_eq!(
        evaluate(&project, &rounding_to(1)).rows[0].score,
        dec("2.3")
    );
}

#[test]
fn funds_scores_round_once_from_the_exact_value() {
    // 执行率 = 91 / 140 = 0.65 exactly; 0.65 × 15 = 9.75 → 10 in whole points.
    let text = "schema = 1\n[project]\nname = \"P\"\nyear = 2022\n[funds]\nweight = 15\n\
                total = { initial = 140, annual = 140, executed = 91 }\n";
    let project = load(&Source::new("p.toml", text)).unwrap();
    let profile = rounding_to(0);
    let evaluation = evaluate(&project, &profile);
    assert_eq!(evaluation.funds.exact, dec("9.75"));
    assert_eq!(evaluation.funds.score, dec("10"));
    // 1 / 3 × 7.5 = 2.5 exactly, though 1 / 3 is not a decimal.
    let text = "schema = 1\n[project]\nname = \"P\"\nyear = 2022\n[funds]\nweight = 7.5\n\
                total = { initial = 3, annual = 3, executed = 1 }\n";
    let project = load(&Source::new("p.toml", text)).unwrap();
    assert_eq!(evaluate(&project, &rounding_to(0)).funds.score, dec("3"));
}

#[test]
fn the_grade_is_taken_from_the_printed_percentage() {
    // 179.99 of 200 is 89.995 on the 100-point scale, printed as 90.00: the grade is 优.
    let text = "schema = 1\n[project]\nname = \"P\"\nyear = 2022\n[[indicator]]\nlevel1 = \"产出指标\"\n\
                level2 = \"数量指标\"\nname = \"A\"\ntarget = \"≥20000个\"\nactual = \"17999个\"\nweight = 200\n";
    let project = load(&Source::new("p.toml", text)).unwrap();
    let mut profile = rounding_to(2);
    profile.funds.counted = false;
    let evaluation = evaluate(&project, &profile);
    assert_eq!(evaluation.total, dec("179.99"));
    assert_eq!(evaluation.percent, dec("90.00"));
    assert_eq!(evaluation.grade, "优");
}

fn linear_score(target: Decimal, actual: Decimal, zero_at: Decimal, weight: Decimal) -> Decimal {
    crate::number::approximate(&linear_fraction(target, actual, zero_at, weight)).unwrap()
}

#[test]
fn linear_reverse_rule() {
    use Comparator::*;
    let linear = |target: &str, actual: &str, direction, zero_at: &str| {
        quantitative(
            &Value::parse(target),
            &Value::parse(actual),
            direction,
            Method::LinearReverse {
                zero_at: dec(zero_at),
            },
        )
    };
    assert_eq!(
        linear("≤100万元", "125万元", AtMost, "1.5"),
        Outcome::Linear {
            target: dec("100"),
            actual: dec("125"),
            zero_at: dec("1.5")
        }
    );
    // w × (1.5 × 100 − 125) / (0.5 × 100) = 0.5 w; at 1.5× the target, nothing.
    assert_eq!(
        linear_score(dec("100"), dec("125"), dec("1.5"), dec("8")),
        dec("4")
    );
    assert_eq!(
        linear_score(dec("100"), dec("150"), dec("1.5"), dec("8")),
        dec("0")
    );
    assert_eq!(
        linear_score(dec("3"), dec("4"), dec("2"), dec("5")),
        dec("3.333333333333333333333333333")
    );
    // ≥ rows stay proportional; a ≤ target of 0 has nothing to fall from; dates are not linear.
    assert_eq!(
        linear("≥10个", "8个", AtLeast, "2"),
        Outcome::Proportional {
            numerator: dec("8"),
            denominator: dec("10")
        }
    );
    assert_eq!(linear("≤0次", "2次", AtMost, "2"), Outcome::NoProportion);
    assert_eq!(
        linear("2023年10月", "2023年12月", AtMost, "2"),
        Outcome::NoProportion
    );
    // Far out of decimal range the fraction stays exact, and never above the weight.
    assert_eq!(
        linear_score(
            dec("1000000000000000000000000000"),
            dec("1"),
            dec("100"),
            dec("5")
        ),
        dec("5")
    );
}

#[test]
fn claims_as_a_reviewer_reads_them() {
    use Band::*;
    let cases = [
        // Restated with fewer or stronger words.
        ("群众满意度有效提升", "有效提升", Some(Achieved)),
        ("有效提升", "显著提升", Some(Achieved)),
        ("服务能力明显提高", "服务能力得到提升", Some(Achieved)),
        ("有效提升", "有所提升", Some(Partial)),
        // Grades on a grade scale.
        ("优良中差", "良", Some(Achieved)),
        ("优良中差", "中", Some(Partial)),
        ("优良中差", "差", Some(Unmet)),
        ("良好及以上", "优秀", Some(Achieved)),
        ("优", "良", Some(Partial)),
        ("优", "中等", Some(Unmet)),
        // Unmet wordings.
        ("按期完成", "未能按期完成", Some(Unmet)),
        ("有效提升", "尚未形成长效机制", Some(Unmet)),
        ("规范管理", "存在资金拨付不及时等问题", Some(Unmet)),
        ("规范管理", "基本完成，存在个别问题", Some(Partial)),
        ("有效提升", "一般", None),
        ("有效提升", "好", None),
    ];
    for (target, actual, band) in cases {
        assert_eq!(claim(target, actual), band, "{target} / {actual}");
    }
}
