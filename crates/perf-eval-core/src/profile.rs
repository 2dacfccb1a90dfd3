//! Rule profiles: every scoring choice that differs between the central rules and local practice
//! (denominator, whether the funds score counts, proportional or fixed deductions, rounding,
//! bands, grades). The engine hard-codes none of them.
//!
//! Built-in profiles live in `indicators/*.toml` and are compiled into the binary; a profile can
//! also be loaded from a file.

use std::path::Path;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{Error, InputError};

use crate::messages::{Problem, Signed};
use crate::number::round_half_up;
use crate::project::{MAX_POINTS, Project};
use crate::source::{Source, Span};
use crate::toml_input::{self, RawNumber, SpannedNumber, span_of};

/// The profile used when a project file names none.
pub const DEFAULT_PROFILE: &str = "mof-2020";

/// The built-in profiles, name and text: the files of `indicators/`, the default first, then by
/// name (listed by `build.rs`).
pub const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// A complete set of scoring rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub name: String,
    /// One line saying what the profile is.
    pub title: String,
    /// The document the rules come from.
    pub source: String,
    /// Where the rules apply (全国, 湖北省, 益阳市).
    pub region: String,
    /// Public places where each rule can be read (addresses, or code a search finds).
    pub references: Vec<String>,
    /// The full score (100).
    pub total: Decimal,
    /// Decimal places of every score, rounded 四舍五入.
    pub rounding: u32,
    /// Declared figures within this distance of the computed ones are accepted.
    pub tolerance: Decimal,
    pub funds: FundsRule,
    /// Expected first-level weights (产出 50 / 效益 30 / 满意度 10); empty when free.
    pub level1: Vec<Level1Rule>,
    pub quantitative: QuantitativeRule,
    pub qualitative: Bands,
    /// Grades, highest first; empty when the rules grade nothing (湖北: 可以不评级).
    pub grades: Vec<Grade>,
    /// Notes a province requires before a table is accepted.
    pub notes: NoteRules,
    /// The most a 成本指标 row may score when the unit filled in no cost indicator (山西: 5).
    pub cost_unfilled_cap: Option<Decimal>,
}

/// Notes required by the rules, each checked with its own finding code.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NoteRules {
    /// A funds note is required when the 执行率 is below this fraction (四川: 0.9).
    pub funds_below: Option<Decimal>,
    /// A deviation note is required when actual ÷ target is at or above this, whatever the
    /// comparator (广西: 1.3).
    pub over_achievement: Option<Decimal>,
}

/// Which budget column divides 全年执行数.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// 全年预算数 (the adjusted annual budget).
    Annual,
    /// 年初预算数 (the budget at the start of the year).
    Initial,
    /// 全年预算数 of 财政资金 only: 当年财政拨款 + 上年结转资金 (湖北's 调整后财政资金总额,
    /// 上年结余结转 included), with 全年执行数 over the same rows.
    Adjusted,
}

impl Basis {
    pub fn label(self) -> &'static str {
        match self {
            Basis::Annual => "全年预算数",
            Basis::Initial => "年初预算数",
            Basis::Adjusted => "调整后财政资金",
        }
    }
}

/// What counts as executed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Executed {
    /// 全年执行数 alone.
    #[default]
    Executed,
    /// 全年执行数 plus 执行数（其他） (浙江).
    WithOther,
}

/// The rate when both the budget and the amount executed are zero.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ZeroBudget {
    /// No rate can be computed; the funds score is 0.
    #[default]
    NoRate,
    /// The rate is 100% (浙江).
    Full,
}

/// Whether a rate above 100% is questioned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OverExecution {
    /// Reported as `over-execution`.
    #[default]
    Warn,
    /// Allowed (浙江); the score is still capped.
    Allowed,
}

/// One step of a stepped funds score: a rate at or above `min` earns `points`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Step {
    pub min: Decimal,
    pub points: Decimal,
}

/// How the 预算执行率 row is scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FundsRule {
    /// Default 分值 when the table gives none.
    pub weight: Decimal,
    pub basis: Basis,
    /// Whether the funds score is part of the total.
    pub counted: bool,
    /// The highest rate that scores (1 = 100%).
    pub cap: Decimal,
    pub executed: Executed,
    pub zero_budget: ZeroBudget,
    pub over_execution: OverExecution,
    /// Stepped scoring, highest step first; empty when the score is rate × weight.
    pub steps: Vec<Step>,
}

impl FundsRule {
    /// The step a rate reaches: the first whose `min` it is at or above, `None` below the last.
    /// The rate is compared as printed, in percent to 2 places, as the deployed system compares
    /// it (a rate of 99.996% shows as 100.00%).
    pub fn step_index(&self, rate: Decimal) -> Option<usize> {
        let shown = round_half_up(rate * Decimal::ONE_HUNDRED, 2);
        self.steps
            .iter()
            .position(|step| shown >= step.min * Decimal::ONE_HUNDRED)
    }

    /// The points of a stepped score (0 below the last step); `None` when the score is not
    /// stepped.
    pub fn step_points(&self, rate: Decimal) -> Option<Decimal> {
        if self.steps.is_empty() {
            return None;
        }
        Some(
            self.step_index(rate)
                .map_or(Decimal::ZERO, |index| self.steps[index].points),
        )
    }
}

/// An expected first-level weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Level1Rule {
    pub name: String,
    pub weight: Decimal,
    /// Other first-level groups whose weights count in this one (湖北: 效益 and 满意度 share 40).
    pub includes: Vec<String>,
}

impl Level1Rule {
    /// Whether a first-level group's weight counts in this rule.
    pub fn covers(&self, name: &str) -> bool {
        self.name == name || self.includes.iter().any(|n| n == name)
    }
}

/// How an unmet quantitative indicator is scored.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Method {
    /// B/A × w for ≥ targets, A/B × w for ≤ targets.
    Proportional,
    /// The weight less a fixed number of points.
    Deduct { points: Decimal },
    /// B/A × w for ≥ targets; ≤ targets lose their weight linearly from the target to
    /// `zero_at` × the target, where they score 0 (the deployed system's default
    /// `selfreverseindex`: zero at twice the target).
    LinearReverse { zero_at: Decimal },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuantitativeRule {
    pub method: Method,
    /// Actual ÷ target at or above which over-achievement needs an explanation (1.3).
    pub over_achievement: Option<Decimal>,
}

/// Qualitative bands as fractions of the weight: 达成 [achieved, 1], 部分达成 [partial,
/// achieved), 未达成 [0, partial).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bands {
    pub achieved: Decimal,
    pub partial: Decimal,
}

/// The three qualitative bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Achieved,
    Partial,
    Unmet,
}

impl Band {
    pub fn label(self) -> &'static str {
        match self {
            Band::Achieved => "达成",
            Band::Partial => "部分达成",
            Band::Unmet => "未达成",
        }
    }
}

impl Bands {
    /// The lowest and highest fraction of the weight in a band; the upper bound is included
    /// only for 达成.
    pub fn range(&self, band: Band) -> (Decimal, Decimal) {
        match band {
            Band::Achieved => (self.achieved, Decimal::ONE),
            Band::Partial => (self.partial, self.achieved),
            Band::Unmet => (Decimal::ZERO, self.partial),
        }
    }

    /// Whether `score` of `weight` lies in `band`.
    pub fn contains(&self, band: Band, score: Decimal, weight: Decimal) -> bool {
        let (low, high) = self.range(band);
        let (low, high) = (low * weight, high * weight);
        score >= low && (score < high || (band == Band::Achieved && score <= high))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    pub name: String,
    /// Other names of the same grade (优秀 for 优).
    pub aliases: Vec<String>,
    /// The lowest score on the 100-point scale that earns it.
    pub min: Decimal,
}

impl Grade {
    pub fn is_named(&self, name: &str) -> bool {
        let name = name.trim();
        self.name == name || self.aliases.iter().any(|alias| alias == name)
    }
}

impl Profile {
    /// A built-in profile by name.
    pub fn builtin(name: &str) -> Option<Profile> {
        // Parsed once: checking thousands of files must not parse the profile thousands of times.
        static PARSED: OnceLock<Vec<Profile>> = OnceLock::new();
        let parsed = PARSED.get_or_init(|| {
            BUILTIN
                .iter()
                .map(|(name, text)| {
                    let source = Source::new(format!("indicators/{name}.toml"), *text);
                    parse(&source).expect("built-in profiles are valid (tested)")
                })
                .collect()
        });
        parsed.iter().find(|profile| profile.name == name).cloned()
    }

    /// A built-in profile by name, or a profile file by path (relative paths from `base`): what
    /// the auditor names on the command line, which may be any file.
    pub fn resolve(spec: &str, base: &Path) -> Result<Profile, Error> {
        if let Some(profile) = Profile::builtin(spec) {
            return Ok(profile);
        }
        if !looks_like_path(spec) {
            return Err(unknown(spec));
        }
        let source = Source::read(&base.join(spec))?;
        Ok(parse(&source)?)
    }

    /// The profile a project is scored under: `requested` (from the command line) first, then
    /// the file's own `rules` (a built-in profile or a file beside it, [`Profile::beside`]),
    /// then [`DEFAULT_PROFILE`].
    pub fn select(
        requested: Option<&str>,
        project: &Project,
        source: &Source,
    ) -> Result<Profile, Error> {
        if let Some(requested) = requested {
            return Profile::resolve(requested, Path::new("."));
        }
        let Some(rules) = &project.rules else {
            return Ok(Profile::builtin(DEFAULT_PROFILE).expect("the default profile is built in"));
        };
        let folder = match Path::new(&source.name).parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        Profile::beside(&rules.value, folder).map_err(|problem| {
            InputError::new(source, rules.span, Some("project.rules"), problem).into()
        })
    }

    /// The profile a project file's `rules` names: a built-in one, or a profile file in the
    /// project file's own `folder` — a bare file name, not a link leading out of the folder. A
    /// table is the input under audit: it must not make the tool read any other file the
    /// auditor can read, nor show a line of a file that is not a profile (a key, a file of
    /// passwords); `--rules` on the command line is free.
    fn beside(name: &str, folder: &Path) -> Result<Profile, Problem> {
        if let Some(profile) = Profile::builtin(name) {
            return Ok(profile);
        }
        if !looks_like_path(name) {
            return Err(unknown_problem(name));
        }
        let not_beside = || Problem::RulesNotBeside {
            name: name.to_string(),
        };
        let mut parts = Path::new(name).components();
        let bare = matches!(
            (parts.next(), parts.next()),
            (Some(std::path::Component::Normal(_)), None)
        ) && !name.contains(['/', '\\']);
        if !bare {
            return Err(not_beside());
        }
        let path = folder.join(name);
        let unreadable = |io: std::io::Error| Problem::ProfileUnreadable {
            path: crate::source::display_path(&path),
            kind: io.kind(),
            said: io.to_string(),
        };
        let real = std::fs::canonicalize(&path).map_err(unreadable)?;
        let home = std::fs::canonicalize(folder).map_err(unreadable)?;
        if real.parent() != Some(home.as_path()) {
            return Err(not_beside());
        }
        let source = Source::read(&path).map_err(|error| match error {
            crate::source::ReadError::Read { source: io, .. } => unreadable(io),
            other => Error::from(other).problem(),
        })?;
        parse(&source).map_err(|error| {
            let at = error.excerpt.start;
            Problem::ProfileInvalid {
                name: name.to_string(),
                line: at.line,
                column: at.column,
            }
        })
    }

    /// The text of a built-in profile, to copy and adapt.
    pub fn builtin_text(name: &str) -> Result<&'static str, Error> {
        BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| *text)
            .ok_or_else(|| unknown(name))
    }

    /// The built-in profiles: name, region and title, then the source and every reference.
    pub fn catalogue() -> String {
        let mut list = String::new();
        for (name, _) in BUILTIN {
            let profile = Profile::builtin(name).expect("built-in profiles load");
            list.push_str(&format!(
                "{name:<12} {}  {}\n             {}\n",
                profile.region, profile.title, profile.source
            ));
            for reference in &profile.references {
                list.push_str(&format!("             - {reference}\n"));
            }
        }
        list
    }

    /// The grade of a score on the 100-point scale; `None` when the rules grade nothing.
    pub fn grade(&self, percent: Decimal) -> Option<&Grade> {
        self.grades
            .iter()
            .find(|grade| percent >= grade.min)
            .or(self.grades.last())
    }

    /// Whether `name` names the grade of a score; never when the rules grade nothing.
    pub fn grade_named(&self, percent: Decimal, name: &str) -> bool {
        self.grade(percent)
            .is_some_and(|grade| grade.is_named(name))
    }
}

/// Whether a `rules` value names a file rather than a built-in profile.
fn looks_like_path(spec: &str) -> bool {
    spec.ends_with(".toml") || spec.contains(['/', '\\'])
}

fn unknown(name: &str) -> Error {
    Error::usage(unknown_problem(name))
}

fn unknown_problem(name: &str) -> Problem {
    Problem::UnknownProfile {
        name: name.to_string(),
        known: BUILTIN
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// 评分规则文件 — a rule profile: every scoring choice of a set of rules.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileFile {
    /// 规则名，如 mof-2020 — the profile's name.
    #[schemars(with = "String")]
    name: Spanned<String>,
    /// 一句话说明 — one line saying what the profile is.
    title: String,
    /// 依据文件 — the document the rules come from.
    source: String,
    /// 适用地区，如“湖北省” — where the rules apply.
    #[serde(default)]
    region: String,
    /// 可公开查阅的依据（网址，或可检索到的代码位置） — public places where the rules can be read.
    #[serde(default)]
    references: Vec<String>,
    /// 满分，通常 100 — the full score.
    #[schemars(with = "RawNumber")]
    total: SpannedNumber,
    /// 得分保留小数位数（四舍五入），0–6 — decimal places of every score, rounded half away from zero.
    #[schemars(with = "u32", range(max = 6))]
    rounding: Spanned<u32>,
    /// 填报数与计算数相差不超过此值视为一致 — declared figures within this distance are accepted.
    #[schemars(with = "RawNumber")]
    tolerance: SpannedNumber,
    /// 预算执行率的计分 — how the budget execution row is scored.
    funds: FundsFile,
    /// 一级指标的预期分值（可省略） — expected first-level weights (optional).
    #[serde(default)]
    level1: Vec<Level1File>,
    /// 定量指标未完成时的计分 — how unmet quantitative indicators are scored.
    quantitative: QuantitativeFile,
    /// 定性指标的档位 — the qualitative bands.
    qualitative: QualitativeFile,
    /// 评价等级，从高到低，最后一档 min = 0；省略即不评级 — grades from the highest, the last
    /// starting at 0; leave out to grade nothing.
    #[serde(rename = "grade", default)]
    #[schemars(with = "Vec<GradeFile>")]
    grades: Option<Spanned<Vec<GradeFile>>>,
    /// 必须填写说明的情形 — when a note is required.
    #[serde(default)]
    notes: NotesFile,
    /// 成本指标 — cost indicators.
    #[serde(default)]
    cost: CostFile,
}

/// 必须填写说明的情形 — when a note is required.
#[derive(Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct NotesFile {
    /// 执行率低于此比例须说明原因（四川 0.9） — a funds note is required below this rate.
    #[schemars(with = "Option<RawNumber>")]
    funds_below: Option<SpannedNumber>,
    /// 实际完成值达到指标值的此倍数须说明（广西 1.3），不论比较方向 — a deviation note is required
    /// at or above this actual ÷ target, whatever the comparator.
    #[schemars(with = "Option<RawNumber>")]
    over_achievement: Option<SpannedNumber>,
}

/// 成本指标 — cost indicators.
#[derive(Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct CostFile {
    /// 未填报成本指标（指标值为空或“未填报”）时成本指标得分上限（山西 5） — the most a cost row
    /// scores when no cost indicator was filled in.
    #[schemars(with = "Option<RawNumber>")]
    unfilled_cap: Option<SpannedNumber>,
}

/// 预算执行率的计分 — the budget execution row.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct FundsFile {
    /// 默认分值 — the default weight.
    #[schemars(with = "RawNumber")]
    weight: SpannedNumber,
    /// 执行率分母：annual 全年预算数 / initial 年初预算数 — the rate's denominator.
    basis: Basis,
    /// 是否计入总分 — whether the funds score counts in the total.
    counted: bool,
    /// 计分的执行率上限，1 即 100% — the highest rate that scores, as a fraction.
    #[schemars(with = "RawNumber")]
    cap: SpannedNumber,
    /// 执行数口径：executed 全年执行数 / with_other 加执行数（其他）（浙江） — what counts as executed.
    #[serde(default)]
    executed: Executed,
    /// 预算与执行均为 0 时：no_rate 不计算 / full 按 100%（浙江） — the rate when both are zero.
    #[serde(default)]
    zero_budget: ZeroBudget,
    /// 执行率超过 100%：warn 提示 / allowed 允许（浙江） — whether a rate above 100% is questioned.
    #[serde(default)]
    over_execution: OverExecution,
    /// 分档计分（江西），从高到低：执行率达到 min 得 points 分，低于最后一档得 0 — stepped scoring,
    /// highest step first.
    #[serde(default, rename = "step")]
    #[schemars(with = "Vec<StepFile>")]
    steps: Option<Spanned<Vec<StepFile>>>,
}

/// 分档 — one step of a stepped funds score.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct StepFile {
    /// 执行率下限（比例，1 即 100%） — the lowest rate of the step, as a fraction.
    #[schemars(with = "RawNumber")]
    min: SpannedNumber,
    /// 得分 — the points the step earns.
    #[schemars(with = "RawNumber")]
    points: SpannedNumber,
}

/// 一级指标的预期分值 — an expected first-level weight.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Level1File {
    /// 一级指标名称 — the first-level name.
    name: String,
    /// 预期分值 — the expected weight.
    #[schemars(with = "RawNumber")]
    weight: SpannedNumber,
    /// 合计在本项中的其他一级指标（如湖北：效益与满意度合计 40） — other groups counted in this one.
    #[serde(default)]
    includes: Vec<String>,
}

/// 定量指标未完成时的计分方法 — how an unmet quantitative indicator is scored.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
enum MethodName {
    /// 按比例：≥ 取 B/A × 分值，≤ 取 A/B × 分值 — in proportion.
    Proportional,
    /// 固定扣分（配合 points） — a fixed deduction (with `points`).
    Deduct,
}

/// 定量指标 — quantitative indicators.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct QuantitativeFile {
    /// proportional 按比例 / deduct 固定扣分 — the method.
    #[schemars(with = "MethodName")]
    method: Spanned<MethodName>,
    /// deduct 时每项扣的分数 — the points an unmet indicator loses, with `deduct`.
    #[schemars(with = "Option<RawNumber>")]
    points: Option<SpannedNumber>,
    /// 超额完成达到目标的多少倍须说明原因（如 1.3） — actual ÷ target at which over-achievement needs a note.
    #[schemars(with = "Option<RawNumber>")]
    over_achievement: Option<SpannedNumber>,
    /// 反向（≤）指标未达成时：ratio 按 A/B 比例 / linear 线性递减至 reverse_zero_at 倍时为 0 —
    /// how an unmet ≤ indicator is scored.
    #[schemars(with = "Option<ReverseName>")]
    reverse: Option<Spanned<ReverseName>>,
    /// linear 时得 0 分的倍数（默认 2，即实际值达到指标值 2 倍得 0 分） — with `linear`, the
    /// multiple of the target that scores 0 (2 when absent).
    #[schemars(with = "Option<RawNumber>")]
    reverse_zero_at: Option<SpannedNumber>,
}

/// 反向指标计分 — how an unmet ≤ indicator is scored.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
enum ReverseName {
    /// 按比例 A/B × 分值（中央填表说明） — in proportion, A/B × w.
    Ratio,
    /// (1 − (B − A)/((k − 1)A)) × 分值，B ≥ kA 得 0（系统默认 k = 2） — linear to zero at k × A.
    Linear,
}

/// 定性指标档位（占分值的比例） — qualitative bands as fractions of the weight.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct QualitativeFile {
    /// 达成档下限，如 0.8 — the lower bound of 达成.
    #[schemars(with = "RawNumber")]
    achieved: SpannedNumber,
    /// 部分达成档下限，如 0.6 — the lower bound of 部分达成.
    #[schemars(with = "RawNumber")]
    partial: SpannedNumber,
}

/// 评价等级 — a grade.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct GradeFile {
    /// 等级名称，如“优” — the grade's name.
    name: String,
    /// 同一等级的其他叫法，如“优秀” — other names of the same grade.
    #[serde(default)]
    aliases: Vec<String>,
    /// 百分制下限 — the lowest score on the 100-point scale that earns it.
    #[schemars(with = "RawNumber")]
    min: SpannedNumber,
}

/// Reads and validates a profile file.
pub fn parse(source: &Source) -> Result<Profile, InputError> {
    let file: ProfileFile = toml_input::parse(source)?;
    let error =
        |span: Span, key: &str, problem: Problem| InputError::new(source, span, Some(key), problem);
    // A number between 0 and `max`: bounded as the project file's points are, so that every
    // sum and product the engine makes with it stays in exact range.
    let bounded = |number: &SpannedNumber, key: &str, max: Decimal| {
        let value = toml_input::exact(source, number, key)?;
        if value < Decimal::ZERO {
            return Err(error(
                span_of(number),
                key,
                Problem::Negative {
                    what: Signed::Value,
                    found: value.to_string(),
                },
            ));
        }
        if value > max {
            let problem = Problem::AtMost {
                max: max.to_string(),
                found: value.to_string(),
            };
            return Err(error(span_of(number), key, problem));
        }
        Ok(value)
    };
    let amount = |number: &SpannedNumber, key: &str| bounded(number, key, MAX_POINTS.into());
    let fraction = |number: &SpannedNumber, key: &str| {
        let value = amount(number, key)?;
        if value > Decimal::ONE {
            return Err(error(span_of(number), key, Problem::Fraction));
        }
        Ok(value)
    };
    let reverse = file.quantitative.reverse.as_ref().map(Spanned::get_ref);
    if let Some(at) = &file.quantitative.reverse_zero_at
        && !matches!(reverse, Some(ReverseName::Linear))
    {
        return Err(error(
            span_of(at),
            "quantitative.reverse_zero_at",
            Problem::ZeroAtNeedsLinear,
        ));
    }
    let method = match file.quantitative.method.get_ref() {
        MethodName::Proportional if matches!(reverse, Some(ReverseName::Linear)) => {
            let zero_at = match &file.quantitative.reverse_zero_at {
                None => Decimal::TWO,
                Some(at) => {
                    let value = amount(at, "quantitative.reverse_zero_at")?;
                    if value <= Decimal::ONE {
                        return Err(error(
                            span_of(at),
                            "quantitative.reverse_zero_at",
                            Problem::ZeroAtAboveOne,
                        ));
                    }
                    value
                }
            };
            Method::LinearReverse { zero_at }
        }
        MethodName::Proportional => Method::Proportional,
        MethodName::Deduct => {
            let points = file.quantitative.points.as_ref().ok_or_else(|| {
                error(
                    span_of(&file.quantitative.method),
                    "quantitative.points",
                    Problem::DeductNeedsPoints,
                )
            })?;
            if let Some(reverse) = &file.quantitative.reverse {
                return Err(error(
                    span_of(reverse),
                    "quantitative.reverse",
                    Problem::ReverseNeedsProportional,
                ));
            }
            Method::Deduct {
                points: amount(points, "quantitative.points")?,
            }
        }
    };
    let qualitative = Bands {
        achieved: fraction(&file.qualitative.achieved, "qualitative.achieved")?,
        partial: fraction(&file.qualitative.partial, "qualitative.partial")?,
    };
    if qualitative.partial > qualitative.achieved {
        return Err(error(
            span_of(&file.qualitative.partial),
            "qualitative.partial",
            Problem::PartialAboveAchieved,
        ));
    }
    let mut grades = Vec::new();
    let listed = file.grades.as_ref().map_or(&[][..], |g| g.get_ref());
    for grade in listed {
        let min = bounded(&grade.min, "grade.min", Decimal::ONE_HUNDRED)?;
        if grades.last().is_some_and(|above: &Grade| above.min <= min) {
            return Err(error(
                span_of(&grade.min),
                "grade.min",
                Problem::GradesOrder,
            ));
        }
        grades.push(Grade {
            name: grade.name.clone(),
            aliases: grade.aliases.clone(),
            min,
        });
    }
    if let Some(listed) = &file.grades
        && grades.last().is_none_or(|lowest| !lowest.min.is_zero())
    {
        return Err(error(span_of(listed), "grade", Problem::LastGradeZero));
    }
    let rounding = *file.rounding.get_ref();
    if rounding > 6 {
        return Err(error(
            span_of(&file.rounding),
            "rounding",
            Problem::Decimals,
        ));
    }
    let mut steps: Vec<Step> = Vec::new();
    for step in file.funds.steps.as_ref().map_or(&[][..], |s| s.get_ref()) {
        let min = amount(&step.min, "funds.step.min")?;
        if steps.last().is_some_and(|above| above.min <= min) {
            return Err(error(
                span_of(&step.min),
                "funds.step.min",
                Problem::StepsOrder,
            ));
        }
        steps.push(Step {
            min,
            points: amount(&step.points, "funds.step.points")?,
        });
    }
    let funds_weight = amount(&file.funds.weight, "funds.weight")?;
    if let Some(listed) = &file.funds.steps
        && steps.iter().any(|step| step.points > funds_weight)
    {
        return Err(error(
            span_of(listed),
            "funds.step.points",
            Problem::StepAboveWeight,
        ));
    }
    Ok(Profile {
        name: file.name.get_ref().clone(),
        title: file.title,
        source: file.source,
        region: file.region,
        references: file.references,
        total: amount(&file.total, "total")?,
        rounding,
        tolerance: amount(&file.tolerance, "tolerance")?,
        funds: FundsRule {
            weight: funds_weight,
            basis: file.funds.basis,
            counted: file.funds.counted,
            cap: fraction(&file.funds.cap, "funds.cap")?,
            executed: file.funds.executed,
            zero_budget: file.funds.zero_budget,
            over_execution: file.funds.over_execution,
            steps,
        },
        level1: file
            .level1
            .iter()
            .map(|level| {
                Ok(Level1Rule {
                    name: level.name.clone(),
                    weight: amount(&level.weight, "level1.weight")?,
                    includes: level.includes.clone(),
                })
            })
            .collect::<Result<_, InputError>>()?,
        quantitative: QuantitativeRule {
            method,
            over_achievement: file
                .quantitative
                .over_achievement
                .as_ref()
                .map(|n| amount(n, "quantitative.over_achievement"))
                .transpose()?,
        },
        qualitative,
        grades,
        notes: NoteRules {
            funds_below: file
                .notes
                .funds_below
                .as_ref()
                .map(|n| fraction(n, "notes.funds_below"))
                .transpose()?,
            over_achievement: file
                .notes
                .over_achievement
                .as_ref()
                .map(|n| amount(n, "notes.over_achievement"))
                .transpose()?,
        },
        cost_unfilled_cap: file
            .cost
            .unfilled_cap
            .as_ref()
            .map(|n| amount(n, "cost.unfilled_cap"))
            .transpose()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str_exact(text).unwrap()
    }

    #[test]
    fn builtins_load() {
        for (name, _) in BUILTIN {
            assert_eq!(Profile::builtin(name).unwrap().name, *name);
        }
        let mof = Profile::builtin("mof-2020").unwrap();
        assert_eq!(mof.funds.basis, Basis::Annual);
        assert!(mof.funds.counted);
        assert_eq!(mof.quantitative.method, Method::Proportional);
        assert_eq!(mof.level1.len(), 3);
        let yiyang = Profile::builtin("yiyang-2022").unwrap();
        assert_eq!(yiyang.funds.basis, Basis::Initial);
        assert_eq!(
            yiyang.quantitative.method,
            Method::Deduct {
                points: Decimal::ONE
            }
        );
        assert_eq!(yiyang.rounding, 0);
    }

    #[test]
    fn grades_and_bands() {
        let mof = Profile::builtin("mof-2020").unwrap();
        assert_eq!(mof.grade(dec("90")).unwrap().name, "优");
        assert_eq!(mof.grade(dec("89.99")).unwrap().name, "良");
        assert_eq!(mof.grade(dec("60")).unwrap().name, "中");
        assert_eq!(mof.grade(dec("59.99")).unwrap().name, "差");
        assert!(mof.grade_named(dec("95"), "优秀"));
        let bands = mof.qualitative;
        let w = dec("10");
        assert!(bands.contains(Band::Achieved, dec("10"), w));
        assert!(bands.contains(Band::Achieved, dec("8"), w));
        assert!(!bands.contains(Band::Achieved, dec("7.99"), w));
        assert!(bands.contains(Band::Partial, dec("6"), w));
        assert!(!bands.contains(Band::Partial, dec("8"), w));
        assert!(bands.contains(Band::Unmet, dec("0"), w));
        assert!(!bands.contains(Band::Unmet, dec("6"), w));
    }

    #[test]
    fn unknown_profiles_list_the_builtins() {
        let error = Profile::resolve("hunan", Path::new(".")).unwrap_err();
        assert_eq!(
            error.text(Lang::Zh),
            "没有名为 `hunan` 的评分规则；内置规则：mof-2020, anhui, guangxi, hubei, jiangxi, sichuan, yiyang-2022, zhejiang（也可给出规则文件的路径）"
        );
        assert_eq!(
            error.text(Lang::En),
            "unknown rule profile `hunan`; built-in profiles: mof-2020, anhui, guangxi, hubei, jiangxi, sichuan, yiyang-2022, zhejiang (or give a path to a profile file)"
        );
    }

    fn with(replace: &str, by: &str) -> String {
        let text = BUILTIN[0].1.replace(replace, by);
        parse(&Source::new("p.toml", text))
            .unwrap_err()
            .text(Lang::En)
    }

    #[test]
    fn impossible_settings_are_located_errors() {
        assert!(
            with("partial = 0.6", "partial = 0.9")
                .ends_with("`qualitative.partial`: the 部分达成 bound must not be above the 达成 bound (`achieved`)")
        );
        assert!(
            with("weight = 50", "weight = -50")
                .ends_with("`level1.weight`: the value must not be negative, found -50")
        );
        assert!(with("min = 80", "min = 95").contains("grades must be listed from the highest"));
        assert!(with("cap = 1", "cap = 1\ncolour = 1").contains("unknown key `colour`"));
        assert!(
            with("method = \"proportional\"", "method = \"deduct\"")
                .contains("method = \"deduct\" needs `points`")
        );
        assert!(
            with(
                "reverse = \"ratio\"",
                "reverse = \"ratio\"\nreverse_zero_at = 2"
            )
            .ends_with("`reverse_zero_at` applies only with reverse = \"linear\"")
        );
        assert!(
            with(
                "reverse = \"ratio\"",
                "reverse = \"linear\"\nreverse_zero_at = 1"
            )
            .ends_with("must be above 1: the score reaches 0 beyond the target")
        );
        assert!(
            with(
                "method = \"proportional\"",
                "method = \"deduct\"\npoints = 1"
            )
            .ends_with("`reverse` applies only with method = \"proportional\"")
        );
        let steps =
            "cap = 1\n[[funds.step]]\nmin = 0.6\npoints = 5\n[[funds.step]]\nmin = 0.8\npoints = 7";
        assert!(with("cap = 1", steps).contains("steps must be listed from the highest rate"));
        let steps = "cap = 1\n[[funds.step]]\nmin = 1\npoints = 12";
        assert!(
            with("cap = 1", steps)
                .ends_with("a step must not earn more points than the funds weight")
        );
        assert!(
            with("partial = 0.6", "partial = 0.6\n[notes]\nfunds_below = 1.2")
                .contains("`notes.funds_below`: must be a fraction")
        );
    }

    #[test]
    fn provincial_settings_are_read() {
        let jiangxi = Profile::builtin("jiangxi").unwrap();
        assert_eq!(
            jiangxi
                .funds
                .steps
                .iter()
                .map(|s| (s.min, s.points))
                .collect::<Vec<_>>(),
            [
                (dec("1"), dec("10")),
                (dec("0.8"), dec("7")),
                (dec("0.6"), dec("5"))
            ]
        );
        assert_eq!(jiangxi.funds.step_points(dec("0.79995")), Some(dec("7")));
        assert_eq!(jiangxi.funds.step_points(dec("0.59994")), Some(dec("0")));
        assert_eq!(
            Profile::builtin("mof-2020")
                .unwrap()
                .funds
                .step_points(dec("0.8")),
            None
        );
        let guangxi = Profile::builtin("guangxi").unwrap();
        assert_eq!(
            guangxi.quantitative.method,
            Method::LinearReverse { zero_at: dec("2") }
        );
        assert_eq!(guangxi.notes.over_achievement, Some(dec("1.3")));
        let zhejiang = Profile::builtin("zhejiang").unwrap();
        assert_eq!(zhejiang.funds.executed, Executed::WithOther);
        assert_eq!(zhejiang.funds.zero_budget, ZeroBudget::Full);
        assert_eq!(zhejiang.funds.over_execution, OverExecution::Allowed);
        let hubei = Profile::builtin("hubei").unwrap();
        assert_eq!(hubei.funds.basis, Basis::Adjusted);
        assert!(hubei.grades.is_empty());
        assert_eq!(hubei.grade(dec("95")), None);
        assert_eq!(
            Profile::builtin("sichuan").unwrap().notes.funds_below,
            Some(dec("0.9"))
        );
        for (name, _) in BUILTIN {
            let profile = Profile::builtin(name).unwrap();
            assert!(!profile.region.is_empty(), "{name} names its region");
        }
    }

    #[test]
    fn the_built_in_profiles_are_the_files_of_indicators_default_first() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("indicators");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let names: Vec<&str> = BUILTIN.iter().map(|(name, _)| *name).collect();
        assert_eq!(names[0], DEFAULT_PROFILE);
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, files);
        assert!(names[1..].is_sorted());
        for (name, _) in BUILTIN {
            assert_eq!(Profile::builtin(name).unwrap().name, *name);
        }
    }

    #[test]
    fn every_number_is_bounded_with_its_place() {
        // The largest decimal there is: the engine's products with it would overflow.
        assert_eq!(
            with("weight = 10", "weight = \"79228162514264337593543950335\""),
            "p.toml:14:10: `funds.weight`: expected at most 1000000, found 79228162514264337593543950335"
        );
        assert_eq!(
            with("over_achievement = 1.3", "over_achievement = 1e27"),
            "p.toml:35:20: `quantitative.over_achievement`: expected at most 1000000, found 1000000000000000000000000000"
        );
        assert!(
            with("total = 100", "total = 1e20")
                .ends_with("`total`: expected at most 1000000, found 100000000000000000000")
        );
        assert!(
            with("tolerance = 0.01", "tolerance = 2e6")
                .ends_with("`tolerance`: expected at most 1000000, found 2000000")
        );
        assert!(
            with("min = 90", "min = 101").ends_with("`grade.min`: expected at most 100, found 101")
        );
        assert!(
            with("weight = 50", "weight = 1e7")
                .ends_with("`level1.weight`: expected at most 1000000, found 10000000")
        );
    }
}
