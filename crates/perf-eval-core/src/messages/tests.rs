use super::serve::{self, Log, Refusal};
use super::*;

fn s(text: &str) -> String {
    text.to_string()
}

/// A derivation as the evaluation would word it.
fn derived(which: Derived) -> String {
    match which {
        Derived::Unscorable(_) => s("实际完成值未说明完成程度"),
        _ => s("未达成（≥）：6/9 × 5 = 3.333… → 3.33"),
    }
}

/// One of every message, with figures as tables print them.
fn samples() -> Vec<Finding> {
    use Finding::*;
    let name = || s("培训人次");
    let derivation = || Derived::Row(0);
    vec![
        FundsRateMismatch {
            declared: s("86"),
            computed: s("100.00%"),
            basis: s("全年预算数"),
            derivation: derivation(),
            other: Some((s("年初预算数"), s("86.29%"))),
        },
        FundsScoreMismatch {
            declared: s("9"),
            computed: s("10.00"),
            derivation: derivation(),
        },
        FundsTotalEmpty,
        FundsRowsSum {
            column: Column::Annual,
            total: s("100"),
            sum: s("90"),
        },
        FundsNoBudget {
            basis: s("全年预算数"),
        },
        FundsNoteRequired {
            rate: s("85.00%"),
            below: s("90"),
            profile: s("sichuan"),
        },
        OverExecution {
            executed: s("110"),
            basis: s("全年预算数"),
            budget: s("100"),
        },
        FundsBasisFallback {
            wanted: s("全年预算数"),
            used: s("年初预算数"),
            executed: s("90"),
            budget: s("100"),
            rate: s("90.00%"),
            profile: s("mof-2020"),
        },
        BudgetAdjusted {
            annual: s("1246.51"),
            initial: s("1444.49"),
            scores: Some(BothBases {
                score: s("10.00"),
                basis: s("全年预算数"),
                other_score: s("8.63"),
                other_basis: s("年初预算数"),
                other_rate: s("86.29%"),
            }),
            from_zero: false,
        },
        CostCap {
            name: name(),
            declared: s("10"),
            profile: s("custom"),
            cap: s("5"),
        },
        ScoreOutOfRange {
            name: name(),
            declared: s("12"),
            weight: s("10"),
        },
        QualitativeBand {
            name: name(),
            declared: s("5"),
            band: s("达成"),
            range: s("[8, 10]"),
            actual: s("有效提升"),
            derivation: derivation(),
        },
        ScoreMismatch {
            name: name(),
            declared: s("4"),
            computed: s("4.17"),
            derivation: derivation(),
        },
        UnitMismatch {
            name: name(),
            target: s("天"),
            actual: s("个"),
        },
        ScoreNotComputed {
            name: name(),
            reason: Derived::Unscorable(0),
            taken: s("8"),
        },
        MissingNote {
            name: name(),
            scored: s("4"),
            weight: s("5"),
        },
        Approximate {
            cell: CellName::Target,
            text: s("约500人次"),
            name: name(),
            word: s("约"),
            read_as: s("500人次"),
        },
        Range {
            cell: CellName::Target,
            text: s("500-600人次"),
            name: name(),
            read_as: s("≥500人次"),
        },
        ThisYear {
            cell: CellName::Actual,
            text: s("9月前"),
            name: name(),
            year: 2023,
        },
        PlanAndResult {
            cell: CellName::Actual,
            text: s("计划800人，实际完成420人"),
            name: name(),
            read_as: s("420人"),
        },
        CellUnread {
            cell: CellName::Actual,
            text: s("完成500人次培训并验收"),
            name: name(),
            part: s("完成500人次培训…"),
            instead: Instead::JudgedByWords { band: s("达成") },
        },
        ActualNoFigure {
            name: name(),
            actual: s("达成预期指标"),
            target: s("≥98%"),
            band: s("达成"),
        },
        DirectionInferred {
            name: s("投诉次数"),
            target: s("5次"),
            because: LowerBecause::Name { word: s("投诉") },
        },
        ActualNone {
            name: name(),
            actual: s("无"),
            weight: s("10"),
        },
        RowNotFilled { name: name() },
        ActualComparator {
            name: name(),
            actual: s("≥850个"),
            op: s("≥"),
            read_as: s("850个"),
        },
        ActualOpposite {
            name: name(),
            actual: s("低于90%"),
            target: s("≥90%"),
            read_as: s("90%"),
        },
        CompletionRate {
            name: name(),
            actual: s("已完成100%"),
            target: s("8万元"),
        },
        ActualUnitMissing {
            name: name(),
            actual: s("8"),
            unit: s("万元"),
        },
        ZeroTarget { name: name() },
        OverAchievementNoteRequired {
            name: name(),
            actual: s("130人次"),
            target: s("≥100人次"),
            share: s("130%"),
            profile: s("guangxi"),
            required: s("130"),
        },
        OverAchievement {
            name: name(),
            actual: s("130人次"),
            target: s("≥100人次"),
            share: s("130%"),
            threshold: s("130"),
        },
        Level1Header {
            name: s("产出指标"),
            header: s("50"),
            rows: s("55"),
        },
        Level1Split {
            split: s("产出指标 55 / 效益指标 45"),
            profile: s("mof-2020"),
            expected: s("产出指标 50 / 效益指标 30 / 满意度指标 10"),
        },
        WeightTotal {
            total: s("110"),
            parts: Some((s("100"), s("10"))),
            profile: s("mof-2020"),
            profile_total: s("100"),
        },
        TotalWeightMismatch {
            declared: s("100"),
            total: s("110"),
            parts: None,
        },
        TotalSumMismatch {
            declared: s("96"),
            sum: s("95"),
        },
        TotalMismatch {
            declared: s("96"),
            computed: s("105.50"),
            derivation: derivation(),
        },
        GradeMismatch {
            declared: s("良"),
            computed: s("优"),
            derivation: derivation(),
        },
        Repeated {
            first: Box::new(ActualComparator {
                name: s("服务对象满意度"),
                actual: s("≥95%"),
                op: s("≥"),
                read_as: s("95%"),
            }),
            others: vec![s("项目启动及时率"), s("数据更新及时率")],
        },
    ]
}

/// The position of a message in the catalogue: written as an exhaustive match, so that a new
/// message does not compile until it is listed here and given a sample.
fn index(finding: &Finding) -> usize {
    use Finding::*;
    match finding {
        FundsRateMismatch { .. } => 0,
        FundsScoreMismatch { .. } => 1,
        FundsTotalEmpty => 2,
        FundsRowsSum { .. } => 3,
        FundsNoBudget { .. } => 4,
        FundsNoteRequired { .. } => 5,
        OverExecution { .. } => 6,
        FundsBasisFallback { .. } => 7,
        BudgetAdjusted { .. } => 8,
        CostCap { .. } => 9,
        ScoreOutOfRange { .. } => 10,
        QualitativeBand { .. } => 11,
        ScoreMismatch { .. } => 12,
        UnitMismatch { .. } => 13,
        ScoreNotComputed { .. } => 14,
        MissingNote { .. } => 15,
        Approximate { .. } => 16,
        Range { .. } => 17,
        ThisYear { .. } => 18,
        CellUnread { .. } => 19,
        ActualNoFigure { .. } => 20,
        DirectionInferred { .. } => 21,
        ActualNone { .. } => 22,
        RowNotFilled { .. } => 23,
        ActualComparator { .. } => 24,
        ActualUnitMissing { .. } => 25,
        ZeroTarget { .. } => 26,
        OverAchievementNoteRequired { .. } => 27,
        OverAchievement { .. } => 28,
        Level1Header { .. } => 29,
        Level1Split { .. } => 30,
        WeightTotal { .. } => 31,
        TotalWeightMismatch { .. } => 32,
        TotalSumMismatch { .. } => 33,
        TotalMismatch { .. } => 34,
        GradeMismatch { .. } => 35,
        PlanAndResult { .. } => 36,
        ActualOpposite { .. } => 37,
        CompletionRate { .. } => 38,
        Repeated { .. } => 39,
    }
}

#[test]
fn every_message_has_a_sample_and_both_languages() {
    let samples = samples();
    let mut seen: Vec<usize> = samples.iter().map(index).collect();
    seen.sort_unstable();
    assert_eq!(seen, (0..samples.len()).collect::<Vec<_>>());
    for sample in &samples {
        for lang in [Lang::Zh, Lang::En] {
            let text = sample.text(lang, &derived);
            assert!(
                !text.message.is_empty() && !text.label.is_empty(),
                "{sample:?}"
            );
        }
        assert_ne!(
            sample.text(Lang::Zh, &derived),
            sample.text(Lang::En, &derived),
            "{sample:?}"
        );
    }
}

#[test]
fn chinese_messages_hold_no_english_sentence() {
    for sample in samples() {
        let text = sample.text(Lang::Zh, &derived);
        for part in [Some(&text.message), Some(&text.label), text.help.as_ref()]
            .into_iter()
            .flatten()
        {
            assert_eq!(english_sentence(part), None, "{part}");
        }
    }
}

#[test]
fn the_detector_finds_english_sentences() {
    assert_eq!(
        english_sentence("the 产出指标 header says 50 points"),
        Some("header says".to_string())
    );
    assert_eq!(english_sentence("请在 [funds] 的 `note` 中说明"), None);
    assert_eq!(english_sentence("标注 na = true"), None);
    assert_eq!(english_sentence("mof-2020 规定"), None);
}

/// One of every input problem and remark, with names and figures as the loader gives them.
fn problems() -> Vec<Problem> {
    use Problem::*;
    let ticked = || vec![s("name"), s("year")];
    vec![
        Syntax {
            what: s("unclosed table"),
            expected: vec![s("`]`")],
        },
        UnknownKey {
            key: s("socre"),
            suggestion: Some(s("score")),
            known: ticked(),
        },
        MissingKey { key: s("year") },
        DuplicateKey {
            key: Some(s("name")),
        },
        WrongType {
            found: Found::Boolean(s("true")),
            expected: Expected::NumberOrText,
        },
        UnknownValue {
            found: s("ratios"),
            expected: vec![s("ratio"), s("linear")],
        },
        UnquotedFigure {
            key: s("weight"),
            digits: s("5"),
            value: s("5分"),
            full_width: false,
        },
        TooPrecise { text: s("1e40") },
        NotFinite { text: s("nan") },
        NotRead {
            expected: Expected::Points,
            found: s("五"),
        },
        AtMost {
            max: s("1000000"),
            found: s("2000000"),
        },
        Negative {
            what: Signed::Weight,
            found: s("-5"),
        },
        Empty,
        TooLong {
            length: 20000,
            max: 10000,
        },
        ControlCharacter { code: s("001B") },
        BidiOverride { code: s("202E") },
        Schema {
            found: s("2"),
            supported: s("1"),
        },
        Year { found: s("99999") },
        MissingWeight {
            name: s("培训人次"),
        },
        Fraction,
        ZeroAtNeedsLinear,
        ZeroAtAboveOne,
        DeductNeedsPoints,
        ReverseNeedsProportional,
        PartialAboveAchieved,
        GradesOrder,
        LastGradeZero,
        Decimals,
        StepsOrder,
        StepAboveWeight,
        UnknownProfile {
            name: s("hunan"),
            known: s("mof-2020, yiyang-2022"),
        },
        RulesNotBeside {
            name: s("/etc/passwd.toml"),
        },
        ProfileInvalid {
            name: s("本省规则.toml"),
            line: 1,
            column: 1,
        },
        ProfileUnreadable {
            path: s("本省规则.toml"),
            kind: std::io::ErrorKind::NotFound,
            said: s("No such file or directory (os error 2)"),
        },
        Unreadable {
            kind: std::io::ErrorKind::NotFound,
            said: s("No such file or directory (os error 2)"),
        },
        TooLarge { mib: 16 },
        NotUtf8,
        Unwritable {
            kind: std::io::ErrorKind::StorageFull,
            said: s("No space left on device (os error 28)"),
        },
        OverwriteInput,
        LinkNotFollowed,
        IsFolder,
        NotRegularFile,
        Exists { force: true },
        PackageTooLarge { mb: 10 },
        UnpacksTooLarge { mb: 64, xml_mb: 32 },
        OldWordFormat,
        HtmlWorkbook,
        Damaged,
        ChainsDamaged,
        XlsTooCostly {
            at: Some(s("自评表!IV65536")),
            part: XlsPart::Cells,
            mb: Some(256),
        },
        XlsTooCostly {
            at: None,
            part: XlsPart::Continues,
            mb: None,
        },
        MergesOverlap {
            sheet: s("自评表")
        },
        WordTooCostly {
            part: WordPart::Nesting,
            max: 8,
        },
        WordTooCostly {
            part: WordPart::Paragraphs,
            max: 100_000,
        },
        WordTooCostly {
            part: WordPart::Cells,
            max: 200_000,
        },
        Malformed,
        NotATable,
        CannotOpen {
            why: s("invalid Zip archive"),
        },
        NoSuchSheet {
            sheet: s("项目三"),
            sheets: s("项目一、项目二"),
        },
        SheetUnreadable {
            sheet: s("项目一"),
            why: s("bad record"),
        },
        CellTooLong {
            cell: s("Sheet1!A1"),
            max: 32767,
        },
        TextTooLarge { mb: 16 },
        ImportedInvalid {
            why: s("p.toml:1:1: 缺少必填的键 `year`"),
        },
        NoTable {
            sheets: s("Sheet1"),
        },
        NoYear,
        RateOutOfRange { shown: s("-1e28") },
        CellNotNumber {
            what: s("分值"),
            found: s("二十"),
        },
        WeightEmpty {
            name: s("培训人次"),
        },
        RowIncomplete {
            name: s("培训人次"),
        },
        Level1Named {
            level2: s("数量指标"),
            name: s("产出指标"),
        },
        FormulaNotComputed,
        NumberFormatUnread {
            code: s("[DBNum1]0"),
            read_as: s("98"),
        },
        ManyTables {
            count: 2,
            sheets: s("项目一、项目二"),
            folder: true,
        },
        UnknownCode {
            code: s("scroe-mismatch"),
        },
        Internal {
            cause: s("attempt to multiply with overflow"),
        },
        LinkLoop { to: s("tables") },
        FormatUnknown {
            extensions: s(".md、.docx"),
            flag: true,
        },
        XlsxToTerminal,
        NoSuchIndicator {
            query: s("不存在"),
            count: 16,
        },
        DiffRules,
    ]
}

/// Written as an exhaustive match, so that a new problem does not compile until it is listed
/// here and given a sample.
fn problem_index(problem: &Problem) -> usize {
    use Problem::*;
    match problem {
        Syntax { .. } => 0,
        UnknownKey { .. } => 1,
        MissingKey { .. } => 2,
        DuplicateKey { .. } => 3,
        WrongType { .. } => 4,
        UnknownValue { .. } => 5,
        UnquotedFigure { .. } => 6,
        TooPrecise { .. } => 7,
        NotFinite { .. } => 8,
        NotRead { .. } => 9,
        AtMost { .. } => 10,
        Negative { .. } => 11,
        Empty => 12,
        TooLong { .. } => 13,
        ControlCharacter { .. } => 14,
        BidiOverride { .. } => 15,
        Schema { .. } => 16,
        Year { .. } => 17,
        MissingWeight { .. } => 18,
        Fraction => 19,
        ZeroAtNeedsLinear => 20,
        ZeroAtAboveOne => 21,
        DeductNeedsPoints => 22,
        ReverseNeedsProportional => 23,
        PartialAboveAchieved => 24,
        GradesOrder => 25,
        LastGradeZero => 26,
        Decimals => 27,
        StepsOrder => 28,
        StepAboveWeight => 29,
        UnknownProfile { .. } => 30,
        ProfileUnreadable { .. } => 31,
        Unreadable { .. } => 32,
        TooLarge { .. } => 33,
        NotUtf8 => 34,
        Unwritable { .. } => 35,
        OverwriteInput => 36,
        IsFolder => 37,
        NotRegularFile => 38,
        Exists { .. } => 39,
        PackageTooLarge { .. } => 40,
        UnpacksTooLarge { .. } => 41,
        OldWordFormat => 42,
        HtmlWorkbook => 43,
        Damaged => 44,
        Malformed => 45,
        NotATable => 46,
        CannotOpen { .. } => 47,
        NoSuchSheet { .. } => 48,
        SheetUnreadable { .. } => 49,
        CellTooLong { .. } => 50,
        TextTooLarge { .. } => 51,
        ImportedInvalid { .. } => 52,
        NoTable { .. } => 53,
        NoYear => 54,
        RateOutOfRange { .. } => 55,
        CellNotNumber { .. } => 56,
        WeightEmpty { .. } => 57,
        ManyTables { .. } => 58,
        UnknownCode { .. } => 59,
        Internal { .. } => 60,
        LinkLoop { .. } => 61,
        FormatUnknown { .. } => 62,
        XlsxToTerminal => 63,
        NoSuchIndicator { .. } => 64,
        DiffRules => 65,
        ChainsDamaged => 66,
        XlsTooCostly {
            part: XlsPart::Cells,
            ..
        } => 67,
        XlsTooCostly { .. } => 68,
        MergesOverlap { .. } => 69,
        FormulaNotComputed => 70,
        NumberFormatUnread { .. } => 71,
        RowIncomplete { .. } => 72,
        Level1Named { .. } => 73,
        RulesNotBeside { .. } => 74,
        ProfileInvalid { .. } => 75,
        LinkNotFollowed => 76,
        WordTooCostly {
            part: WordPart::Nesting,
            ..
        } => 77,
        WordTooCostly {
            part: WordPart::Paragraphs,
            ..
        } => 78,
        WordTooCostly {
            part: WordPart::Cells,
            ..
        } => 79,
    }
}

fn notes() -> Vec<Note> {
    vec![
        Note::Converted {
            file: s("2022.toml"),
            encoding: s("GBK"),
        },
        Note::Copy {
            copy: s("工作底稿"),
            kept: s("公开表"),
        },
        Note::LeftOut {
            problem: Box::new(Problem::CellNotNumber {
                what: s("得分"),
                found: s("良"),
            }),
            place: s("Sheet1!I9"),
        },
        Note::Wrote {
            file: s("2025.toml"),
        },
        Note::RulesShow,
        Note::Imported {
            file: s("tables/项目.toml"),
        },
        Note::ImportedFrom {
            workbook: s("自评表.xlsx"),
            sheet: s("公开表"),
        },
        Note::Remarks,
        Note::HiddenRow {
            cells: s("上年度指标"),
        },
        Note::HiddenColumn {
            cells: s("实际完成值 | 850"),
        },
        Note::HiddenSheet { sheet: s("底稿") },
        Note::AtCell {
            place: s("自评表!I28"),
            problem: Box::new(Problem::FormulaNotComputed),
        },
        Note::Drafted {
            placeholders: 3,
            errors: 1,
        },
        Note::Warning { text: s("注意") },
        Note::Scored {
            file: s("自评表.xlsx"),
            errors: 2,
        },
        Note::Settings {
            file: s("perf-eval.toml"),
            select: vec![s("score-mismatch")],
            ignore: vec![s("level1-split")],
            deny_warnings: true,
        },
    ]
}

#[test]
fn every_problem_has_a_sample_and_chinese_words() {
    let problems = problems();
    let mut seen: Vec<usize> = problems.iter().map(problem_index).collect();
    seen.sort_unstable();
    assert_eq!(seen, (0..problems.len()).collect::<Vec<_>>());
    let notes = notes();
    let words = problems
        .iter()
        .map(|p| (p.text(Lang::Zh), p.text(Lang::En)))
        .chain(notes.iter().map(|n| (n.text(Lang::Zh), n.text(Lang::En))));
    for (zh, en) in words {
        assert!(!zh.is_empty() && !en.is_empty());
        assert_ne!(zh, en);
        assert_eq!(english_sentence(&zh), None, "{zh}");
    }
}

fn refusals() -> Vec<Refusal> {
    vec![
        Refusal::Busy,
        Refusal::Unauthorized,
        Refusal::TooLarge { mb: 16 },
        Refusal::TooManyFiles { max: 100 },
        Refusal::NoFiles,
        Refusal::BadUpload {
            why: s("incomplete multipart"),
        },
        Refusal::TimedOut { seconds: 60 },
        Refusal::NotOne { count: 3 },
        Refusal::UnknownProfile { name: s("hunan") },
        Refusal::NotFound,
    ]
}

fn logs() -> Vec<Log> {
    vec![
        Log::Listening {
            address: s("127.0.0.1:8080"),
            token: true,
        },
        Log::Answered {
            what: s("POST /api/check"),
            files: 3,
            millis: 120,
            status: 200,
        },
    ]
}

#[test]
fn every_refusal_and_log_line_of_serve_has_both_languages() {
    // One sample of each variant: a variant added without a sample fails here.
    let statuses: Vec<u16> = refusals().iter().map(Refusal::status).collect();
    assert_eq!(statuses, [503, 401, 413, 413, 400, 400, 503, 400, 400, 404]);
    let words = refusals()
        .iter()
        .map(|r| (r.text(Lang::Zh), r.text(Lang::En)))
        .chain(logs().iter().map(|l| (l.text(Lang::Zh), l.text(Lang::En))))
        .collect::<Vec<_>>();
    assert_eq!(words.len(), 12);
    for (zh, en) in &words {
        assert!(!zh.is_empty() && !en.is_empty());
        assert_ne!(zh, en);
        assert_eq!(english_sentence(zh), None, "{zh}");
    }
    assert_eq!(
        Refusal::TooLarge { mb: 16 }.text(Lang::Zh),
        "上传内容超过 16 MiB（与命令行单个文件的上限相同），未读取；请分批上传"
    );
}

#[test]
fn the_page_is_labelled_in_both_languages() {
    let (zh, en) = (serve::page(Lang::Zh), serve::page(Lang::En));
    let (zh, en) = (
        serde_json::to_value(zh).unwrap(),
        serde_json::to_value(en).unwrap(),
    );
    let fields = zh.as_object().unwrap();
    assert_eq!(fields.len(), en.as_object().unwrap().len());
    for (key, value) in fields {
        let text = value.to_string();
        assert_ne!(text, en[key].to_string(), "{key}");
        assert_eq!(english_sentence(&text), None, "{key}: {text}");
    }
}

#[test]
fn every_code_has_a_short_name_in_both_languages() {
    use crate::audit::Code;
    let mut zh: Vec<&str> = Code::ALL.iter().map(|c| c.title(Lang::Zh)).collect();
    for (code, name) in Code::ALL.iter().zip(&zh) {
        let en = code.title(Lang::En);
        assert!(!en.is_empty() && en != *name, "{code:?}");
        assert_eq!(english_sentence(name), None, "{name}");
        // Short enough for a column of the pack.
        assert!(name.chars().count() <= 16, "{name}");
    }
    assert_eq!(Code::ScoreMismatch.title(Lang::Zh), "得分与规则不符");
    assert_eq!(
        Code::ScoreMismatch.title(Lang::En),
        "score differs from the rules"
    );
    // No two kinds share a name: a reviewer tells them apart by it.
    zh.sort_unstable();
    zh.dedup();
    assert_eq!(zh.len(), Code::ALL.len());
}

#[test]
fn a_repeated_habit_is_the_first_row_s_words_and_the_other_rows() {
    let repeated = samples().pop().unwrap();
    let zh = repeated.text(Lang::Zh, &derived);
    assert_eq!(
        zh.message,
        "「服务对象满意度」的实际完成值「≥95%」重复了比较符号（≥），按 95% 读取；\
         另有 2 个指标同样如此：「项目启动及时率」、「数据更新及时率」"
    );
    assert_eq!(zh.label, "实际完成值含比较符号");
    let en = repeated.text(Lang::En, &derived);
    assert!(
        en.message
            .ends_with("; so do 2 more indicators: 「项目启动及时率」, 「数据更新及时率」"),
        "{}",
        en.message
    );
}
