//! The English wording of every finding, for reviewers who read English (`--lang en`). The
//! form's own terms (执行率, 得分, …) stay in Chinese, as reviewers know them.

use crate::code::Code;
use crate::lang::Lang;

use super::serve::{Log, Refusal};
use super::{
    BothBases, Counts, Derived, Expected, Finding, Found, Instead, LowerBecause, Note, Problem,
    Signed, Text, WordPart, XlsPart, text,
};

/// ` (indicators 40 + funds 10)`
fn parts(parts: &Option<(String, String)>) -> String {
    parts.as_ref().map_or(String::new(), |(indicators, funds)| {
        format!(" (indicators {indicators} + funds {funds})")
    })
}

pub const SUMMARY_HEADER: [&str; 7] = [
    "file",
    "project",
    "declared total",
    "computed total",
    "grade",
    "errors",
    "warnings",
];
pub const UNUSABLE_PROJECT: &str = "(unusable)";

pub fn summary_more(shown: usize, more: usize) -> String {
    format!(
        "the table lists the {shown} files with the most errors and warnings; {more} more files with findings are not listed (--summary all lists every file)"
    )
}

pub fn counts(counts: &Counts) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let mut line = format!(
        "checked {}: {}, {}, {} info",
        plural(counts.files, "file"),
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
        counts.infos
    );
    if counts.unusable > 0 {
        line.push_str(&format!(" ({} unusable)", counts.unusable));
    }
    line
}

const WRITE_FIGURE: &str =
    "write the figure alone, with its comparator and unit (≥500人次, 2023年12月)";

pub fn finding(finding: &Finding, derived: &dyn Fn(Derived) -> String) -> Text {
    use Finding::*;
    match finding {
        FundsRateMismatch {
            declared,
            computed,
            basis,
            derivation,
            other,
        } => text(
            format!(
                "declared 执行率 {declared}% differs from the computed {computed} (全年执行数 / {basis})"
            ),
            format!("computed {computed}"),
            Some(match other {
                Some((other_basis, other_rate)) => format!(
                    "{}; the declared {declared}% is the rate over {other_basis} ({other_rate})",
                    derived(*derivation)
                ),
                None => derived(*derivation),
            }),
        ),
        FundsScoreMismatch {
            declared,
            computed,
            derivation,
        } => text(
            format!("declared funds 得分 {declared} differs from the computed {computed}"),
            format!("computed {computed}"),
            Some(derived(*derivation)),
        ),
        FundsTotalEmpty => text(
            "年度资金总额 is empty while its sub-rows carry amounts; the sum of the sub-rows is used"
                .to_string(),
            "年度资金总额 empty",
            None,
        ),
        FundsRowsSum { column: c, total, sum } => text(
            format!(
                "{} of 年度资金总额 is {total}, but its sub-rows add up to {sum}",
                c.term()
            ),
            format!("sub-rows add up to {sum}"),
            None,
        ),
        FundsNoBudget { basis } => text(
            format!("the 执行率 cannot be computed: {basis} is empty or zero"),
            format!("no {basis}"),
            None,
        ),
        FundsNoteRequired {
            rate,
            below,
            profile,
        } => text(
            format!(
                "执行率 {rate} is below {below}% and no reason is given; {profile} requires one"
            ),
            "reason required",
            Some("say in the 自评报告 why the budget was not executed (in a project file: `note` in [funds])".to_string()),
        ),
        OverExecution {
            executed,
            basis,
            budget,
        } => text(
            format!("全年执行数 {executed} is above the {basis} {budget} (rate over 100%)"),
            "above the budget",
            None,
        ),
        FundsBasisFallback {
            wanted,
            used,
            executed,
            budget,
            rate,
            profile,
        } => text(
            format!(
                "{wanted} is empty or 0, so the 执行率 is taken over {used} ({executed} / {budget} = {rate})"
            ),
            format!("divided by {used}"),
            Some(format!(
                "{profile} divides by {wanted}; fill it in, or say in the 自评报告 why it is empty (in a project file: `note` in [funds])"
            )),
        ),
        BudgetAdjusted {
            annual,
            initial,
            scores,
            from_zero,
        } => {
            let why = match (scores, from_zero) {
                (
                    Some(BothBases {
                        score,
                        basis,
                        other_score,
                        other_basis,
                        other_rate,
                    }),
                    _,
                ) => format!(
                    "the funds score is {score} over {basis} and would be {other_score} over {other_basis} ({other_rate}); "
                ),
                (None, true) => "the budget was raised from zero during the year; ".to_string(),
                (None, false) => String::new(),
            };
            text(
                format!(
                    "全年预算数 {annual} differs from 年初预算数 {initial} and no reason is given"
                ),
                "adjusted budget",
                Some(format!(
                    "{why}say in the 自评报告 why the budget changed (in a project file: `note` in [funds])"
                )),
            )
        }
        CostCap {
            name,
            declared,
            profile,
            cap,
        } => text(
            format!(
                "「{name}」 scores {declared} but the project filled in no cost indicator: {profile} allows at most {cap}"
            ),
            format!("at most {cap}"),
            None,
        ),
        ScoreOutOfRange {
            name,
            declared,
            weight,
        } => text(
            format!("declared 得分 {declared} of 「{name}」 is outside 0 to its weight {weight}"),
            format!("outside 0..{weight}"),
            None,
        ),
        QualitativeBand {
            name,
            declared,
            band,
            range,
            actual,
            derivation,
        } => text(
            format!(
                "declared 得分 {declared} of 「{name}」 lies outside the {band} band {range} that its actual 「{actual}」 claims"
            ),
            format!("outside {band}"),
            Some(derived(*derivation)),
        ),
        ScoreMismatch {
            name,
            declared,
            computed,
            derivation,
        } => text(
            format!("declared 得分 {declared} of 「{name}」 differs from the computed {computed}"),
            format!("computed {computed}"),
            Some(derived(*derivation)),
        ),
        UnitMismatch {
            name,
            target,
            actual,
        } => text(
            format!(
                "「{name}」: the target is in {target} but the actual in {actual}; they are not compared"
            ),
            "not scored",
            None,
        ),
        ScoreNotComputed { name, reason, taken } => text(
            format!(
                "the score of 「{name}」 cannot be computed: {}; the declared {taken} is taken",
                derived(*reason)
            ),
            "not scored",
            None,
        ),
        MissingNote {
            name,
            scored,
            weight,
        } => text(
            format!("「{name}」 scores {scored} of {weight} but gives no 偏差原因分析及改进措施"),
            "no deviation note",
            Some("say why the target was missed and what will be done".to_string()),
        ),
        Approximate {
            cell: c,
            text: t,
            name,
            word,
            read_as,
        } => text(
            format!(
                "{} 「{t}」 of 「{name}」 is approximate ({word}); it is read as {read_as}",
                c.term()
            ),
            "read with an assumption",
            Some(WRITE_FIGURE.to_string()),
        ),
        Range {
            cell: c,
            text: t,
            name,
            read_as,
        } => text(
            format!(
                "{} 「{t}」 of 「{name}」 is a range; it is read as {read_as}",
                c.term()
            ),
            "read with an assumption",
            Some(WRITE_FIGURE.to_string()),
        ),
        ThisYear {
            cell: c,
            text: t,
            name,
            year,
        } => text(
            format!(
                "{} 「{t}」 of 「{name}」 names no year; it is read in the table's year, {year}",
                c.term()
            ),
            "read with an assumption",
            Some(WRITE_FIGURE.to_string()),
        ),
        PlanAndResult {
            cell: c,
            text: t,
            name,
            read_as,
        } => text(
            format!(
                "{} 「{t}」 of 「{name}」 gives both the plan and the result; it is read as the result, {read_as}",
                c.term()
            ),
            "read with an assumption",
            Some(WRITE_FIGURE.to_string()),
        ),
        CellUnread {
            cell: c,
            text: t,
            name,
            part,
            instead,
        } => {
            let instead = match instead {
                Instead::DeclaredTaken => "the declared score is taken".to_string(),
                Instead::JudgedByWords { band } => format!("it is judged by its words ({band})"),
                Instead::ReadAsText => "the cell is read as text".to_string(),
            };
            text(
                format!(
                    "{} 「{t}」 of 「{name}」 holds a figure that cannot be read ({part}); {instead}",
                    c.term()
                ),
                "cannot be read",
                Some(WRITE_FIGURE.to_string()),
            )
        }
        ActualNoFigure {
            name,
            actual,
            target,
            band,
        } => text(
            format!(
                "实际完成值 「{actual}」 of 「{name}」 gives no figure against the target 「{target}」; it is judged as its claim ({band})"
            ),
            "no figure",
            Some("write the value actually reached".to_string()),
        ),
        DirectionInferred {
            name,
            target,
            because,
        } => {
            let because = match because {
                LowerBecause::ZeroTarget => "its target is 0".to_string(),
                LowerBecause::Name { word } => format!("its name says {word}"),
                LowerBecause::Duration { unit } => {
                    format!("its target is a time limit in {unit}")
                }
            };
            text(
                format!(
                    "年度指标值 「{target}」 of 「{name}」 has no comparator; it is read as ≤ (lower is better) because {because}"
                ),
                "read as ≤",
                Some("write ≤ or ≥ in the target, or `direction`, to say which is meant".to_string()),
            )
        }
        ActualNone {
            name,
            actual,
            weight,
        } => text(
            format!(
                "实际完成值 of 「{name}」 is 「{actual}」: the row is taken as not applicable (不适用) and its {weight} points are not counted"
            ),
            "not applicable",
            Some(
                "if nothing was reached, write 0; if the indicator does not apply, mark it na = true"
                    .to_string(),
            ),
        ),
        RowNotFilled { name } => text(
            format!(
                "「{name}」 has no 实际完成值 and no 得分: it is not scored, and the total is incomplete"
            ),
            "not filled in",
            None,
        ),
        ActualComparator {
            name,
            actual,
            op,
            read_as,
        } => text(
            format!(
                "实际完成值 「{actual}」 of 「{name}」 repeats a comparator ({op}); it is read as {read_as}"
            ),
            "comparator in an actual value",
            Some("write the value actually reached, without ≥ or ≤".to_string()),
        ),
        ActualOpposite {
            name,
            actual,
            target,
            read_as,
        } => text(
            format!(
                "实际完成值 「{actual}」 of 「{name}」 states the opposite of the target 「{target}」; it is not met, scored as {read_as}"
            ),
            "actual states the opposite",
            Some("write the value actually reached, without 高于 or 低于".to_string()),
        ),
        CompletionRate {
            name,
            actual,
            target,
        } => text(
            format!(
                "实际完成值 「{actual}」 of 「{name}」 is a share done, not a figure of the target 「{target}」; it is scored as that share of 100%"
            ),
            "a share instead of a figure",
            Some(format!("write the value reached, as the target 「{target}」 counts it")),
        ),
        ActualUnitMissing { name, actual, unit } => text(
            format!(
                "实际完成值 「{actual}」 of 「{name}」 has no unit; the target's {unit} is assumed"
            ),
            format!("taken as {unit}"),
            None,
        ),
        ZeroTarget { name } => text(
            format!("「{name}」 has a target of 0: it is met only by 0, and otherwise scores 0"),
            "target of 0",
            None,
        ),
        OverAchievementNoteRequired {
            name,
            actual,
            target,
            share,
            profile,
            required,
        } => text(
            format!(
                "「{name}」 reached {actual} against a target of {target} ({share} of it) with no note"
            ),
            "note required",
            Some(format!(
                "{profile} requires a 偏差原因分析及改进措施 at or above {required}% of the target"
            )),
        ),
        OverAchievement {
            name,
            actual,
            target,
            share,
            threshold,
        } => text(
            format!(
                "「{name}」 reached {actual} against a target of {target} ({share} of it) with no note"
            ),
            "over-achieved",
            Some(format!(
                "at or above {threshold}% of the target, say why the target was set so low"
            )),
        ),
        Level1Header { name, header, rows } => text(
            format!("the {name} header says {header} points, but its indicators carry {rows}"),
            format!("rows carry {rows}"),
            None,
        ),
        Level1Split {
            split,
            profile,
            expected,
        } => text(
            format!("first-level weights are {split}; {profile} expects {expected}"),
            "first-level split",
            Some("allowed, but shown: the split differs from the profile's".to_string()),
        ),
        WeightTotal {
            total,
            parts: p,
            profile,
            profile_total,
        } => text(
            format!(
                "the weights add up to {total}{}, but {profile}'s total is {profile_total}",
                parts(p)
            ),
            format!("weights in play: {total}"),
            None,
        ),
        TotalWeightMismatch {
            declared,
            total,
            parts: p,
        } => text(
            format!(
                "the 总分 row declares {declared} points, but the weights add up to {total}{}",
                parts(p)
            ),
            format!("weights add up to {total}"),
            None,
        ),
        TotalSumMismatch { declared, sum } => text(
            format!("declared 总分 {declared} differs from the sum of the declared scores, {sum}"),
            format!("declared scores add up to {sum}"),
            None,
        ),
        TotalMismatch {
            declared,
            computed,
            derivation,
        } => text(
            format!("declared 总分 {declared} differs from the computed {computed}"),
            format!("computed {computed}"),
            Some(derived(*derivation)),
        ),
        GradeMismatch {
            declared,
            computed,
            derivation,
        } => text(
            format!(
                "declared 评价等级 「{declared}」 does not match the computed total's grade 「{computed}」"
            ),
            format!("computed {computed}"),
            Some(derived(*derivation)),
        ),
        Repeated { first, others } => {
            let first = self::finding(first, derived);
            let names: Vec<String> = others.iter().map(|name| format!("「{name}」")).collect();
            let rows = if others.len() == 1 { "indicator" } else { "indicators" };
            Text {
                message: format!(
                    "{}; so do {} more {rows}: {}",
                    first.message,
                    others.len(),
                    names.join(", ")
                ),
                ..first
            }
        }
    }
}

fn expected(expected: &Expected) -> String {
    match expected {
        Expected::Number => "a number".into(),
        Expected::Points => "points like 5 or \"5分\"".into(),
        Expected::Percentage => "a percentage like \"86%\"".into(),
        Expected::Amount => "an amount like 1444.49 or \"1444.49万元\"".into(),
        Expected::AmountInRange => "an amount within the exact range".into(),
        Expected::MoneyUnit => "an amount in 元, 万元 or 亿元".into(),
        Expected::MoneyUnitName => "\"元\", \"万元\" or \"亿元\"".into(),
        Expected::WholeNumber => "a whole number".into(),
        Expected::Text => "text (in quotes)".into(),
        Expected::Boolean => "true or false".into(),
        Expected::Table => "a table ([name] or { … })".into(),
        Expected::ArrayOfTables => "an array of tables ([[name]])".into(),
        Expected::NumberOrText => {
            "a number (like 1444.49) or a string holding one (like \"86%\")".into()
        }
        Expected::Cell => "the cell as text (like \"≥1000个\"), a number, or a table like { op = \"≥\", value = 735, unit = \"人次\" }".into(),
        Expected::Comparator => "a comparator like \"≥\", \"≤\" or \"=\"".into(),
        Expected::Kind => "\"quantitative\" (定量) or \"qualitative\" (定性)".into(),
        Expected::Other(words) => words.clone(),
    }
}

fn found(found: &Found) -> String {
    match found {
        Found::Boolean(v) => format!("boolean {v}"),
        Found::Integer(v) => format!("integer {v}"),
        Found::Float(v) => format!("float {v}"),
        Found::Text(v) => format!("string {v}"),
        Found::Array => "an array".into(),
        Found::Table => "a table".into(),
        Found::Other(words) => words.clone(),
    }
}

fn signed(what: Signed) -> &'static str {
    match what {
        Signed::Weight => "a weight (分值)",
        Signed::Deduction => "a deduction (扣分)",
        Signed::Amount => "an amount",
        Signed::Value => "the value",
    }
}

pub fn problem(problem: &Problem) -> String {
    use Problem::*;
    match problem {
        Syntax { what, expected } if expected.is_empty() => format!("invalid TOML: {what}"),
        Syntax { what, expected } => {
            format!("invalid TOML: {what}, expected {}", expected.join(", "))
        }
        UnknownKey {
            key,
            suggestion: Some(near),
            ..
        } => format!("unknown key `{key}`; did you mean `{near}`?"),
        UnknownKey { key, known, .. } => format!(
            "unknown key `{key}`, expected one of {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        MissingKey { key } => format!("missing required key `{key}`"),
        DuplicateKey { key: Some(key) } => format!("duplicate key `{key}`"),
        DuplicateKey { key: None } => "duplicate key".into(),
        WrongType {
            found: f,
            expected: e,
        } => format!("expected {}, found {}", expected(e), found(f)),
        UnknownValue { found, expected } => format!(
            "unknown value `{found}`, expected {}",
            expected
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        UnquotedFigure {
            key,
            digits,
            value,
            full_width,
        } => {
            let (width, ascii) = if *full_width {
                (
                    format!(", and {value} is written in full-width digits"),
                    " in ASCII digits",
                )
            } else {
                (String::new(), "")
            };
            format!(
                "`{key}` must be a number{width}: write {key} = {digits}{ascii}, or put the cell in quotes: {key} = \"{value}\""
            )
        }
        TooPrecise { text } => format!(
            "{text} is too large or too precise for exact decimals (at most 28 significant digits)"
        ),
        NotFinite { text } => format!("expected a finite number, found {text}"),
        NotRead { expected: e, found } => format!("expected {}, found {found:?}", expected(e)),
        AtMost { max, found } => format!("expected at most {max}, found {found}"),
        Negative { what, found } => {
            format!("{} must not be negative, found {found}", signed(*what))
        }
        Empty => "must not be empty".into(),
        TooLong { length, max } => {
            format!("is {length} characters long; expected at most {max}")
        }
        ControlCharacter { code } => {
            format!("contains U+{code} (a control character); remove it")
        }
        BidiOverride { code } => format!(
            "contains U+{code} (a bidirectional override, which can make text display differently from what it holds); remove it"
        ),
        Schema { found, supported } => format!(
            "unsupported schema version {found}; this perf-eval reads schema = {supported}"
        ),
        Year { found } => format!("expected a year like 2022, found {found}"),
        MissingWeight { name } => format!(
            "missing required key `weight` (分值) for indicator “{name}”; only rows with na = true or detail = true (其中：…) may omit it"
        ),
        Fraction => "must be a fraction of the weight between 0 and 1".into(),
        ZeroAtNeedsLinear => "`reverse_zero_at` applies only with reverse = \"linear\"".into(),
        ZeroAtAboveOne => "must be above 1: the score reaches 0 beyond the target".into(),
        DeductNeedsPoints => {
            "method = \"deduct\" needs `points`, the points an unmet indicator loses".into()
        }
        ReverseNeedsProportional => {
            "`reverse` applies only with method = \"proportional\"".into()
        }
        PartialAboveAchieved => {
            "the 部分达成 bound must not be above the 达成 bound (`achieved`)".into()
        }
        GradesOrder => "grades must be listed from the highest to the lowest, each `min` below the one before".into(),
        LastGradeZero => {
            "the last grade must start at min = 0, so that every score has a grade".into()
        }
        Decimals => "expected 0 to 6 decimal places".into(),
        StepsOrder => "steps must be listed from the highest rate to the lowest, each `min` below the one before".into(),
        StepAboveWeight => "a step must not earn more points than the funds weight".into(),
        UnknownProfile { name, known } => format!(
            "unknown rule profile `{name}`; built-in profiles: {known} (or give a path to a profile file)"
        ),
        RulesNotBeside { name } => format!(
            "a project file's `rules` may name a built-in profile or a profile file in the project file's own folder; `{name}` is neither (give a profile elsewhere with --rules on the command line)"
        ),
        ProfileInvalid { name, line, column } => format!(
            "{name} is not a valid rule profile (line {line}, column {column}); nothing of a file a project file names is shown: check with --rules {name} to see why"
        ),
        ProfileUnreadable { path, kind, said } => format!(
            "cannot read the profile file {path}: {}",
            super::io(*kind, said, Lang::En)
        ),
        Unreadable { kind, said } => format!("cannot read: {}", super::io(*kind, said, Lang::En)),
        TooLarge { mib } => format!(
            "larger than {mib} MiB, far more than a table holds; refused (raise the limit with --max-input-mib or PERF_EVAL_MAX_INPUT_MIB)"
        ),
        NotUtf8 => "not UTF-8 text; save the file as UTF-8".into(),
        Unwritable { kind, said } => format!("cannot write: {}", super::io(*kind, said, Lang::En)),
        OverwriteInput => "refusing to write the report over the input file".into(),
        LinkNotFollowed => {
            "is a symbolic link; files are never written through one: remove it or choose another name".into()
        }
        IsFolder => "is a folder; give the name of a file to write".into(),
        NotRegularFile => "is not a regular file; give the name of a file to write".into(),
        Exists { force: true } => {
            "already exists; remove it first, or give --force to replace it".into()
        }
        Exists { force: false } => {
            "already exists; choose another name, or remove it first".into()
        }
        PackageTooLarge { mb } => format!("larger than {mb} MB; not a 自评表"),
        UnpacksTooLarge { mb, xml_mb } => {
            format!("unpacks to more than {mb} MB ({xml_mb} MB of XML); not a 自评表")
        }
        OldWordFormat => "an old Word (.doc) or WPS (.wps) document cannot be read; open it in Word or WPS and save it as .docx".into(),
        HtmlWorkbook => "a web page (HTML) saved under a spreadsheet name, not an Excel workbook; open it in Excel or WPS and save it as .xlsx".into(),
        Damaged => {
            "cannot open: the file's header claims more than the file holds; it is damaged".into()
        }
        ChainsDamaged => "cannot open: the file is damaged (a chain of its sectors loops back on itself or leaves the file)".into(),
        XlsTooCostly { at, part, mb } => {
            let at = at.as_ref().map_or(String::new(), |at| format!("{at}: "));
            let part = match part {
                XlsPart::Cells => "cells lie far outside the table".to_string(),
                XlsPart::Dimensions { rows, columns } => {
                    format!("its size record (DIMENSIONS) claims {rows} rows × {columns} columns")
                }
                XlsPart::Text => "too much text".into(),
                XlsPart::Formulas => "formulas grow too long written out".into(),
                XlsPart::Continues => "too many CONTINUE records".into(),
                XlsPart::Sheets => "sheets point at the same records over and over".into(),
            };
            let cost = mb.map_or("too long".to_string(), |mb| format!("more than {mb} MB of memory"));
            format!(
                "{at}{part}: reading this .xls would take {cost}; not a 自评表 (to read it anyway, save it as .xlsx in Excel or WPS)"
            )
        }
        WordTooCostly { part, max } => {
            let part = match part {
                WordPart::Nesting => format!("tables nested more than {max} deep"),
                WordPart::Paragraphs => format!("more than {max} paragraphs"),
                WordPart::Cells => format!("more than {max} table cells"),
            };
            format!("this Word document holds {part}; not a 自评表, not read")
        }
        MergesOverlap { sheet } => {
            format!("cannot read sheet `{sheet}`: merged cells overlap again and again; the file is damaged")
        }
        Malformed => "cannot read: the file is malformed".into(),
        NotATable => {
            "not a workbook (.xlsx, .xls), a Word document (.docx) or UTF-8 text".into()
        }
        CannotOpen { why } => format!("cannot open: {why}"),
        NoSuchSheet { sheet, sheets } => {
            format!("no sheet named `{sheet}`; the sheets are: {sheets}")
        }
        SheetUnreadable { sheet, why } => format!("cannot read sheet `{sheet}`: {why}"),
        CellTooLong { cell, max } => {
            format!("{cell}: the cell holds more than {max} characters, more than Excel allows")
        }
        TextTooLarge { mb } => format!("more than {mb} MB of text; not a 自评表"),
        ImportedInvalid { why } => {
            format!("the table read does not make a valid project file: {why}")
        }
        NoTable { sheets } => format!(
            "no 项目支出绩效自评表 found: no sheet or table ({sheets}) has an indicator header row with 三级指标 and 分值"
        ),
        NoYear => "the title does not say the year (2022年度…); give it with --year".into(),
        RateOutOfRange { shown } => format!("执行率 {shown} is out of range"),
        CellNotNumber { what, found } => format!("{what} is not a number (found {found:?})"),
        WeightEmpty { name } => format!(
            "分值 is empty for 「{name}」; write the weight, or / if the row does not apply"
        ),
        RowIncomplete { name } => format!(
            "the row {name} is incomplete (no 分值; cut off at a page break?) and is left out — complete it"
        ),
        Level1Named { level2, name } => format!(
            "the 一级指标 cell gives only its weight; read as {name}, which its 二级指标 {level2} belongs to — check it"
        ),
        FormulaNotComputed => "a formula saved without its computed value (the program that saved the file does not compute formulas); not read — open and save the file in Excel or WPS, then read it again".into(),
        NumberFormatUnread { code, read_as } => format!(
            "the number format `{code}` cannot be read as displayed; read as the stored {read_as} — compare it with the figure the form shows"
        ),
        ManyTables {
            count,
            sheets,
            folder: true,
        } => format!(
            "the workbook holds {count} tables (sheets: {sheets}); choose one with --sheet NAME, or give -o FOLDER to write one file per sheet"
        ),
        ManyTables {
            count,
            sheets,
            folder: false,
        } => format!(
            "holds {count} tables ({sheets}); import the one to use with `perf-eval import --sheet NAME`"
        ),
        UnknownCode { code } => {
            format!("unknown finding code `{code}`; the codes are listed in docs/checks.md")
        }
        Internal { cause } => format!(
            "internal error while checking this file ({cause}); please report it with the file"
        ),
        LinkLoop { to } => format!("symbolic link loop back to {to}; not followed"),
        FormatUnknown { extensions, flag } => format!(
            "cannot tell the format from the extension; use {extensions}{}",
            if *flag { ", or give --format" } else { "" }
        ),
        XlsxToTerminal => "an Excel workbook is not for a terminal; add --output 自评表.xlsx".into(),
        NoSuchIndicator { query, count } => format!(
            "no indicator matches `{query}`; give its number (1 to {count}) or part of its name"
        ),
        DiffRules => "diff compares two profiles: give --rules once (against the file's own) or twice".into(),
    }
}

pub fn note(note: &Note) -> String {
    match note {
        Note::Converted { file, encoding } => format!(
            "note: {file} is not UTF-8; it was read as {encoding} (saving it as UTF-8 avoids this)"
        ),
        Note::Copy { copy, kept } => {
            format!("{copy}: the same table as {kept}; passed over as a copy")
        }
        Note::LeftOut { problem: p, place } => {
            format!("{place}: {}; left out, perf-eval computes it", problem(p))
        }
        Note::Wrote { file } => {
            format!("wrote {file}; next: edit it, then `perf-eval score {file}`")
        }
        Note::RulesShow => "perf-eval rules show NAME prints a profile to copy and adapt.".into(),
        Note::Imported { file } => format!("wrote {file}"),
        Note::ImportedFrom { workbook, sheet } => format!(
            "# Imported by perf-eval from {workbook}, {sheet}; the comments name each value's cell."
        ),
        Note::Remarks => {
            "# Notes and hidden rows and columns of the form, which a project file has no key for:"
                .into()
        }
        Note::HiddenRow { cells } => format!("(hidden row, not read) {cells}"),
        Note::HiddenColumn { cells } => format!("(hidden column, not read) {cells}"),
        Note::HiddenSheet { sheet } => format!("the hidden sheet {sheet} is not shown, not read"),
        Note::AtCell { place, problem: p } => format!("{place}: {}", problem(p)),
        Note::Warning { text } => format!("# warning: {text}"),
        Note::Settings {
            file,
            select,
            ignore,
            deny_warnings,
        } => {
            let codes = |codes: &[String]| {
                codes
                    .iter()
                    .map(|code| format!("`{code}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let mut parts = vec![match select.as_slice() {
                [] => "every code reported".to_string(),
                only => format!("only {} reported", codes(only)),
            }];
            if !ignore.is_empty() {
                parts.push(format!("{} ignored", codes(ignore)));
            }
            if *deny_warnings {
                parts.push("warnings fail".to_string());
            }
            format!("settings: {file} ({})", parts.join("; "))
        }
        Note::Drafted {
            placeholders,
            errors,
        } => {
            let places = match placeholders {
                0 => "the draft has no places left to fill in".to_string(),
                n => format!("the draft has {n} places marked 【待填写】 for the unit to write"),
            };
            let table = match errors {
                0 => "the table checks clean".to_string(),
                n => format!(
                    "the table has {n} check errors and should not be handed in until they are corrected (perf-eval check shows where each is)"
                ),
            };
            format!("{places}; {table}.")
        }
        Note::Scored { file, errors } => match errors {
            0 => format!("wrote {file}; the table checks clean."),
            n => format!(
                "wrote {file}; the table has {n} check errors and should not be handed in until they are corrected (perf-eval check shows where each is)."
            ),
        },
    }
}

pub fn refusal(refusal: &Refusal) -> String {
    match refusal {
        Refusal::Busy => "the server is busy checking other tables; try again shortly".into(),
        Refusal::Unauthorized => {
            "an access token is needed: enter the one your administrator gave you, or use the link with the token".into()
        }
        Refusal::TooLarge { mb } => format!(
            "the upload is larger than {mb} MiB (the command line's limit for one file) and was not read; upload fewer files at once"
        ),
        Refusal::TooManyFiles { max } => {
            format!("at most {max} files per upload; upload them in parts")
        }
        Refusal::NoFiles => {
            "no file received: choose or drop .xlsx, .xls, .docx, .txt or .toml files".into()
        }
        Refusal::BadUpload { why } => {
            format!("the upload could not be read ({why}); reload the page and try again")
        }
        Refusal::TimedOut { seconds } => format!(
            "the check did not finish within {seconds} seconds and was given up; upload fewer files at once"
        ),
        Refusal::NotOne { count } => format!(
            "自评表.xlsx and the 自评报告 draft are made for one table at a time; {count} files received"
        ),
        Refusal::UnknownProfile { name } => format!("no scoring rules named \"{name}\""),
        Refusal::NotFound => "no such page".into(),
    }
}

pub fn log(log: &Log) -> String {
    match log {
        Log::Listening { address, token } => {
            let token = if *token {
                ", an access token required"
            } else {
                ""
            };
            format!("perf-eval check page at http://{address}/{token} (Ctrl+C stops it)")
        }
        Log::Answered {
            what,
            files,
            millis,
            status,
        } => format!("{what}: {files} files, {millis} ms, status {status}"),
    }
}

/// The short name of each kind of finding, for the audit pack's problem column.
pub fn title(code: Code) -> &'static str {
    match code {
        Code::ScoreMismatch => "score differs from the rules",
        Code::ScoreOutOfRange => "score outside the weight",
        Code::QualitativeBand => "score outside the band of the actual",
        Code::FundsRateMismatch => "execution rate miscalculated",
        Code::FundsScoreMismatch => "funds score differs from the rules",
        Code::TotalSumMismatch => "total differs from the sum of scores",
        Code::TotalMismatch => "total differs from the rules",
        Code::WeightTotal => "weights do not add up to full marks",
        Code::TotalWeightMismatch => "total row's weight differs from the sum",
        Code::Level1Header => "level-1 weight differs from its rows",
        Code::GradeMismatch => "grade does not match the total",
        Code::FundsNoteRequired => "low execution rate not explained",
        Code::OverAchievementNoteRequired => "over-achievement not explained",
        Code::CostCap => "no cost indicator: score above the cap",
        Code::MissingNote => "deviation note missing",
        Code::OverAchievement => "target far exceeded",
        Code::ActualComparator => "comparator in an actual value",
        Code::ActualUnitMissing => "actual value without a unit",
        Code::UnitMismatch => "units differ",
        Code::ZeroTarget => "target of 0",
        Code::ScoreNotComputed => "score not computable",
        Code::FundsTotalEmpty => "funds total not filled in",
        Code::FundsRowsSum => "funds total differs from its rows",
        Code::FundsNoBudget => "no budget figure",
        Code::OverExecution => "spending above the budget",
        Code::BudgetAdjusted => "budget change not explained",
        Code::CellAssumed => "figure read as approximate or a range",
        Code::CellUnread => "figure not readable",
        Code::ActualNoFigure => "actual value without a figure",
        Code::ActualNone => "actual value is 无",
        Code::RowNotFilled => "indicator not filled in",
        Code::FundsBasisFallback => "rate taken over the other budget column",
        Code::Level1Split => "level-1 weights differ from the rules",
        Code::DirectionInferred => "direction inferred",
    }
}
