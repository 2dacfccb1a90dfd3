//! A generated corpus of realistic project files for benchmarks: 16–60 indicators each, mixed
//! units and comparator spellings, qualitative rows, and declared scores with some mistakes.
//! Deterministic: the same seed gives the same files.

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

/// One project file; `index` makes it unique.
pub fn project(rng: &mut Rng, index: usize) -> String {
    let rows = 16 + rng.below(45) as usize;
    let initial = 100 + rng.below(5_000);
    let annual = initial - rng.below(initial / 4 + 1);
    let executed = annual - rng.below(annual / 5 + 1);
    let mut text = String::new();
    let _ = write!(
        text,
        "schema = 1\n\n[project]\nname = \"示例项目{index}\"\nyear = 2023\n\
         department = \"某市某局\"\nimplementer = \"某市某中心\"\nrules = \"{}\"\n\n\
         [funds]\nunit = \"万元\"\nweight = 10\nrate = \"{}%\"\nscore = {}\n\
         total = {{ initial = {initial}.{:02}, annual = {annual}, executed = {executed} }}\n\
         appropriation = {{ initial = {initial}.{:02}, annual = {annual}, executed = {executed} }}\n\n\
         [goals]\nexpected = \"完成年度建设任务，提升服务能力。\"\nactual = \"基本完成年度建设任务。\"\n",
        if rng.below(2) == 0 {
            "mof-2020"
        } else {
            "yiyang-2022"
        },
        executed * 100 / annual,
        9 + rng.below(2),
        index % 100,
        index % 100,
    );
    let mut declared_total = 0u64;
    for row in 0..rows {
        let (level1, level2) = LEVEL2[(row * LEVEL2.len()) / rows];
        let weight = 1 + rng.below(5);
        let _ = write!(
            text,
            "\n[[indicator]]\nlevel1 = \"{level1}\"\nlevel2 = \"{level2}\"\nname = \"指标{row}\"\n"
        );
        let score = if rng.below(7) == 0 {
            let target = rng.pick(WORDS);
            let actual = if rng.below(3) == 0 {
                rng.pick(ACTUAL_WORDS)
            } else {
                target
            };
            let _ = write!(text, "target = \"{target}\"\nactual = \"{actual}\"\n");
            weight
        } else if level2 == "成本指标" {
            let budget = 50 + rng.below(500);
            let spent = budget - rng.below(budget / 3) + rng.below(budget / 10);
            let _ = write!(
                text,
                "target = \"{budget}万元\"\nactual = \"{spent}.5万元\"\n"
            );
            if spent < budget { weight } else { weight - 1 }
        } else {
            let unit = rng.pick(UNITS);
            let op = rng.pick(AT_LEAST);
            let target = 10 + rng.below(990);
            let actual = target - rng.below(target / 4 + 1) + rng.below(target / 8 + 1);
            let _ = write!(
                text,
                "target = \"{op}{target}{unit}\"\nactual = \"{actual}{unit}\"\n"
            );
            if actual >= target { weight } else { weight - 1 }
        };
        // Some declared scores are wrong, as in real tables.
        let declared = if rng.below(20) == 0 { weight } else { score };
        declared_total += declared;
        let _ = write!(text, "weight = {weight}\nscore = {declared}\n");
        if declared < weight {
            text.push_str("note = \"进度滞后，下一年度加快推进\"\n");
        }
    }
    let _ = write!(
        text,
        "\n[total]\nweight = 100\nscore = {declared_total}\ngrade = \"优秀\"\n"
    );
    text
}

/// `count` files, as (file name, text).
pub fn corpus(count: usize, seed: u64) -> impl Iterator<Item = (String, String)> {
    let mut rng = Rng::new(seed);
    (0..count).map(move |i| (format!("{i:05}.toml"), project(&mut rng, i)))
}
