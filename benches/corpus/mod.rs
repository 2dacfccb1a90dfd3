//! A generated corpus of realistic project files for benchmarks: 16–60 indicators each, mixed
//! units and comparator spellings, qualitative rows, and declared scores with some mistakes.
//! Deterministic: the same seed gives the same files.
//!
//! Two kinds: [`Kind::Clean`], where about one declared score in twenty is wrong, and
//! [`Kind::FindingsHeavy`], tables filled by local practice under the central rules (whole
//! points, a fixed one-point deduction on unmet rows), so that most unmet rows disagree with
//! the proportional score and each file carries several findings.

use std::fmt::Write;

/// A small, fast, deterministic generator (xorshift64*); benchmarks need no cryptography.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const LEVEL2: &[(&str, &str)] = &[
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("产出指标", "成本指标"),
    ("效益指标", "经济效益指标"),
    ("效益指标", "社会效益指标"),
    ("效益指标", "生态效益指标"),
    ("效益指标", "可持续影响指标"),
    ("满意度指标", "服务对象满意度指标"),
];
const AT_LEAST: &[&str] = &["≥", ">=", "＞＝", "≧", "不低于", ""];
const UNITS: &[&str] = &["个", "%", "天/月", "人次", "场", "项", "％"];
const WORDS: &[&str] = &["有效提升", "持续推进", "明显改善", "逐步完善", "稳步提高"];
const ACTUAL_WORDS: &[&str] = &[
    "有效提升",
    "基本完成",
    "已完成",
    "效果明显",
    "未完成",
    "一般",
];

/// A score in hundredths, printed with the profile's places (2 under mof-2020, 0 under yiyang-2022).
fn points(hundredths: u64, whole: bool) -> String {
    if whole {
        ((hundredths + 50) / 100).to_string()
    } else {
        format!("{}.{:02}", hundredths / 100, hundredths % 100)
    }
}

/// Which mistakes the declared figures carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Declared figures as the profile computes them except for about one row in twenty.
    Clean,
    /// Every file under mof-2020, declared in whole points with a fixed one-point deduction on
    /// unmet rows (a common local practice), which the central rules score proportionally.
    FindingsHeavy,
}

impl Kind {
    /// The kind named on a command line: `clean` or `heavy`.
    #[allow(dead_code)] // Only the corpus example reads a name.
    pub fn parse(name: &str) -> Option<Kind> {
        match name {
            "clean" => Some(Kind::Clean),
            "heavy" | "findings-heavy" => Some(Kind::FindingsHeavy),
            _ => None,
        }
    }
}

/// One project file; `index` makes it unique. Weights add up to the profile's 100 and the
/// declared figures are what the profile computes, except for about one row in twenty, as in
/// real tables.
pub fn project(rng: &mut Rng, index: usize, kind: Kind) -> String {
    let heavy = kind == Kind::FindingsHeavy;
    let rows = 16 + rng.below(45) as usize;
    let mof = heavy || rng.below(2) == 0;
    let (rules, whole) = if mof && !heavy {
        ("mof-2020", false)
    } else if heavy {
        ("mof-2020", true)
    } else {
        ("yiyang-2022", true)
    };
    let initial = 100 + rng.below(5_000);
    let annual = initial - rng.below(initial / 4 + 1);
    let executed = annual - rng.below(annual / 5 + 1);
    let budget = if mof { annual } else { initial };
    let funds_score = executed * 1_000 / budget; // hundredths of 10 points, rounded down
    let mut text = String::new();
    let _ = write!(
        text,
        "schema = 1\n\n[project]\nname = \"示例项目{index}\"\nyear = 2023\n\
         department = \"某市某局\"\nimplementer = \"某市某中心\"\nrules = \"{rules}\"\n\n\
         [funds]\nunit = \"万元\"\nweight = 10\nrate = \"{}%\"\nscore = {}\nnote = \"年中调整预算\"\n\
         total = {{ initial = {initial}, annual = {annual}, executed = {executed} }}\n\
         appropriation = {{ initial = {initial}, annual = {annual}, executed = {executed} }}\n\n\
         [goals]\nexpected = \"完成年度建设任务，提升服务能力。\"\nactual = \"基本完成年度建设任务。\"\n",
        (executed * 100 + budget / 2) / budget,
        points(funds_score, whole),
    );
    // The indicators make 90 under mof-2020 (the funds' 10 count) and 100 under yiyang-2022.
    let total_weight = if mof { 90 } else { 100 } as usize;
    let mut declared_total = if mof { funds_score } else { 0 };
    for row in 0..rows {
        let (level1, level2) = LEVEL2[(row * LEVEL2.len()) / rows];
        let weight = (total_weight / rows + usize::from(row < total_weight % rows)) as u64;
        let _ = write!(
            text,
            "\n[[indicator]]\nlevel1 = \"{level1}\"\nlevel2 = \"{level2}\"\nname = \"指标{row}\"\n"
        );
        let full = weight * 100;
        // The score in hundredths, as the profile computes it.
        let score = if rng.below(7) == 0 {
            let target = rng.pick(WORDS);
            let actual = if rng.below(4) == 0 {
                rng.pick(&ACTUAL_WORDS[..4])
            } else {
                target
            };
            let _ = write!(text, "target = \"{target}\"\nactual = \"{actual}\"\n");
            if actual == "基本完成" {
                full * 7 / 10
            } else {
                full
            }
        } else if level2 == "成本指标" {
            let budget = 50 + rng.below(500);
            let spent = budget - rng.below(budget / 3);
            let _ = write!(
                text,
                "target = \"{budget}万元\"\nactual = \"{spent}万元\"\n"
            );
            full
        } else {
            let unit = rng.pick(UNITS);
            let op = rng.pick(AT_LEAST);
            let target = 10 + rng.below(990);
            // In the findings-heavy corpus most rows meet their targets; one in five falls short.
            let actual = if heavy && rng.below(5) != 0 {
                target + rng.below(target / 8 + 1)
            } else {
                target - rng.below(target / 4 + 1) + rng.below(target / 8 + 1)
            };
            let _ = write!(
                text,
                "target = \"{op}{target}{unit}\"\nactual = \"{actual}{unit}\"\n"
            );
            match (actual >= target, mof) {
                (true, _) => full,
                // Local practice: one point off, whatever the shortfall.
                (false, true) if heavy => full.saturating_sub(100),
                // Proportional, rounded half up to hundredths.
                (false, true) => (actual * full * 2 + target) / (target * 2),
                (false, false) => full.saturating_sub(100),
            }
        };
        // About one declared score in twenty is wrong, as in real tables.
        let declared = if rng.below(20) == 0 { full } else { score };
        let declared = if whole {
            (declared + 50) / 100 * 100
        } else {
            declared
        };
        declared_total += declared;
        let _ = write!(
            text,
            "weight = {weight}\nscore = {}\n",
            points(declared, whole)
        );
        if declared < full {
            text.push_str("note = \"进度滞后，下一年度加快推进\"\n");
        }
    }
    let grade = match (declared_total / 100, mof) {
        (90.., true) => "优",
        (80.., true) => "良",
        (60.., true) => "中",
        (_, true) => "差",
        (90.., false) => "优秀",
        (80.., false) => "良好",
        (60.., false) => "中等",
        (_, false) => "差",
    };
    let _ = write!(
        text,
        "\n[total]\nweight = 100\nscore = {}\ngrade = \"{grade}\"\n",
        points(declared_total, whole)
    );
    text
}

/// `count` files, as (file name, text).
pub fn corpus(count: usize, seed: u64, kind: Kind) -> impl Iterator<Item = (String, String)> {
    let mut rng = Rng::new(seed);
    (0..count).map(move |i| (format!("{i:05}.toml"), project(&mut rng, i, kind)))
}
