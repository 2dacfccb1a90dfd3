use super::*;

fn seed() -> Project {
    let text = include_str!("../../../../fixtures/2022.toml");
    load(&Source::new("fixtures/2022.toml", text)).unwrap()
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

fn load_error(text: &str) -> String {
    load(&Source::new("p.toml", text))
        .unwrap_err()
        .text(crate::lang::Lang::En)
}

const HEAD: &str = "schema = 1\n[project]\nname = \"P\"\nyear = 2022\n";

#[test]
fn reads_the_seed_as_printed() {
    let project = seed();
    assert_eq!(project.name.value, "益阳市新型智慧城市提升工程项目");
    assert_eq!(project.rules.unwrap().value, "yiyang-2022");
    assert_eq!(project.indicators.len(), 16);
    let total = &project.funds.total;
    assert_eq!(total.initial.as_ref().unwrap().value.to_string(), "1444.49");
    assert_eq!(total.annual.as_ref().unwrap().value.to_string(), "1246.51");
    assert!(project.funds.carryover.is_blank());
    assert_eq!(project.funds.rate.unwrap().value, dec("86"));
    assert_eq!(project.level1.len(), 2);
    assert_eq!(project.total.score.unwrap().value, dec("96"));
    let first = &project.indicators[0];
    assert_eq!(first.target.value.text, "≥1000个");
    assert_eq!(first.actual.value.value.op(), Some(Comparator::AtLeast));
    assert_eq!(first.weight(), dec("5"));
}

#[test]
fn split_cells_and_string_numbers() {
    let text = format!(
        "{HEAD}[funds]\nunit = \"元\"\nrate = \"86.29％\"\ntotal = {{ initial = \"1.5万元\", executed = \"12,000\" }}\n\
         [[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"培训人次\"\n\
         target = {{ op = \"＞＝\", value = 735, unit = \"人次\" }}\nactual = 800\nweight = \"5分\"\n"
    );
    let project = load(&Source::new("p.toml", text)).unwrap();
    assert_eq!(project.funds.rate.unwrap().value, dec("86.29"));
    assert_eq!(project.funds.total.initial.unwrap().value, dec("15000"));
    assert_eq!(project.funds.total.executed.unwrap().value, dec("12000"));
    let row = &project.indicators[0];
    assert_eq!(row.target.value.text, "≥735人次");
    assert_eq!(row.actual.value.text, "800");
    assert_eq!(row.weight(), dec("5"));
}

#[test]
fn unknown_keys_name_the_key_and_line() {
    assert_eq!(
        load_error(&format!("{HEAD}colour = \"red\"\n")),
        "p.toml:5:1: unknown key `colour`, expected one of `name`, `year`, `department`, `implementer`, `rules`"
    );
}

#[test]
fn missing_keys_are_named() {
    assert_eq!(
        load_error("schema = 1\n[project]\nyear = 2022\n"),
        "p.toml:2:1: missing required key `name`"
    );
    let text = format!(
        "{HEAD}[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"培训人次\"\n"
    );
    assert_eq!(
        load_error(&text),
        "p.toml:5:1: `indicator.weight`: missing required key `weight` (分值) for indicator “培训人次”; only rows with na = true or detail = true (其中：…) may omit it"
    );
}

#[test]
fn bad_numbers_say_what_was_expected() {
    let row = "[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"X\"\n";
    assert_eq!(
        load_error(&format!("{HEAD}{row}weight = -5\n")),
        "p.toml:9:10: `indicator.weight`: a weight (分值) must not be negative, found -5"
    );
    assert_eq!(
        load_error(&format!("{HEAD}{row}weight = \"five\"\n")),
        "p.toml:9:10: `indicator.weight`: expected points like 5 or \"5分\", found \"five\""
    );
    assert_eq!(
        load_error(&format!(
            "{HEAD}{row}weight = 123456789012345678901234567890\n"
        )),
        "p.toml:9:10: 123456789012345678901234567890 is too large or too precise for exact decimals (at most 28 significant digits)"
    );
    assert_eq!(
        load_error(&format!("{HEAD}{row}weight = 5\nscore = 1e40\n")),
        "p.toml:10:9: `indicator.score`: 1e40 is too large or too precise for exact decimals (at most 28 significant digits)"
    );
    assert_eq!(
        load_error(&format!("{HEAD}{row}weight = 5\ndeduction = -1\n")),
        "p.toml:10:13: `indicator.deduction`: a deduction (扣分) must not be negative, found -1"
    );
}

#[test]
fn bad_settings_are_errors() {
    assert_eq!(
        load_error("schema = 2\n[project]\nname = \"P\"\nyear = 2022\n"),
        "p.toml:1:10: `schema`: unsupported schema version 2; this perf-eval reads schema = 1"
    );
    assert_eq!(
        load_error(&format!("{HEAD}[funds]\nunit = \"美元\"\n")),
        "p.toml:6:8: `funds.unit`: expected \"元\", \"万元\" or \"亿元\", found \"美元\""
    );
    assert_eq!(
        load_error("schema = 1\n[project]\nname = \"  \"\nyear = 2022\n"),
        "p.toml:3:8: `project.name`: must not be empty"
    );
    let row =
        "[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"X\"\nweight = 5\n";
    assert_eq!(
        load_error(&format!("{HEAD}{row}direction = \"约\"\n")),
        "p.toml:10:13: `indicator.direction`: expected a comparator like \"≥\", \"≤\" or \"=\", found \"约\""
    );
}

#[test]
fn syntax_errors_are_located() {
    assert_eq!(
        load_error("schema = 1\n[project\n"),
        "p.toml:2:9: invalid TOML: unclosed table, expected `]`"
    );
}

#[test]
fn every_control_and_bidi_character_is_refused_and_nothing_else() {
    let row = |name: &str| {
        format!(
            "{HEAD}[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"{name}\"\n\
             target = \"≥1个\"\nactual = \"1个\"\nweight = 5\n"
        )
    };
    for c in [
        '\u{1}', '\u{1f}', '\u{7f}', '\u{80}', '\u{85}', '\u{9f}', '\u{202a}', '\u{202e}',
        '\u{2066}', '\u{2069}',
    ] {
        let code = format!("U+{:04X}", c as u32);
        let error = load_error(&row(&format!("a\\u{:04X}b", c as u32)));
        assert!(error.contains(&code), "{code}: {error}");
    }
    // Neighbours that share a lead byte with them (`§`, `©`, `…`, `≥`, …) pass.
    for c in [
        '\u{a0}', '\u{a7}', '\u{a9}', '\u{2026}', '\u{2027}', '\u{2065}', '\u{206a}', '\u{2265}',
    ] {
        let text = row(&format!("a\\u{:04X}b", c as u32));
        assert!(load(&Source::new("p.toml", text)).is_ok(), "{c:?}");
    }
}
