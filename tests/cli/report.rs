//! Reports people hand in: every `score` format, `explain`, `diff`, the Excel workbook read
//! back, and atomic writes.

use std::fs;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use crate::common;
use common::{FORBIDDEN_NAME, NAME, perf_eval, scratch, seed_with, stdout_of, zip_part};

const SEED: &str = "fixtures/2022.toml";
const PROFILES: [&str; 2] = ["yiyang-2022", "mof-2020"];

#[test]
fn every_text_format_under_both_profiles() {
    for profile in PROFILES {
        for format in ["markdown", "csv", "json"] {
            let report = stdout_of(&["score", SEED, "--rules", profile, "--format", format]);
            insta::assert_snapshot!(format!("score_{format}_{profile}"), report);
        }
        let table = stdout_of(&["score", SEED, "--rules", profile, "--lang", "en"]);
        insta::assert_snapshot!(format!("score_table_en_{profile}"), table);
    }
}

#[test]
fn csv_opens_in_excel_and_can_say_the_form_s_labels() {
    let csv = stdout_of(&["score", SEED, "--format", "csv", "--csv-header", "zh"]);
    assert!(csv.starts_with("\u{feff}一级指标,二级指标,三级指标,年度指标值,实际完成值,"));
    assert_eq!(
        csv.lines().count(),
        17,
        "a header and one row per indicator"
    );
    assert!(csv.ends_with("\r\n"));
}

#[test]
fn explain_every_figure_and_one_indicator() {
    insta::assert_snapshot!("explain_yiyang_zh", stdout_of(&["explain", SEED]));
    let one = stdout_of(&[
        "explain",
        SEED,
        "城市运行综合管理平台对接平台数量",
        "--rules",
        "mof-2020",
        "--lang",
        "en",
    ]);
    assert_eq!(
        one,
        "  3. 城市运行综合管理平台对接平台数量 (Target 9个, Actual 6个, Weight 5)\n     unmet (≥): 6/9 × 5 = 3.333… → 3.33 (2 places, 四舍五入)\n"
    );
    let by_number = stdout_of(&["explain", SEED, "3", "--rules", "mof-2020", "--lang", "en"]);
    assert_eq!(by_number, one);
    let output = perf_eval()
        .args(["explain", SEED, "不存在"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "错误: 没有与 `不存在` 相符的指标；请给出指标序号（1 到 16）或名称的一部分\n"
    );
}

#[test]
fn score_explain_appends_the_derivations() {
    let table = stdout_of(&["score", SEED, "--explain"]);
    assert!(table.contains(
        "\n项目资金\n  执行率 = 1246.51 / 1444.49（年初预算数）= 86.29% × 10 = 8.629… → 9（取整，四舍五入）\n"
    ));
}

#[test]
fn diff_two_profiles() {
    let both = [
        "diff",
        SEED,
        "--rules",
        "yiyang-2022",
        "--rules",
        "mof-2020",
    ];
    insta::assert_snapshot!("diff_yiyang_mof", stdout_of(&both));
    // One --rules compares the file's own profile with it.
    assert_eq!(
        stdout_of(&["diff", SEED, "--rules", "mof-2020"]),
        stdout_of(&both)
    );
}

fn workbook(profile: &str) -> Xlsx<Cursor<Vec<u8>>> {
    let dir = scratch(&format!("xlsx-{profile}"));
    let path = dir.join("自评表.xlsx");
    stdout_of(&[
        "score",
        SEED,
        "--rules",
        profile,
        "--output",
        path.to_str().unwrap(),
    ]);
    let bytes = fs::read(&path).unwrap();
    Xlsx::new(Cursor::new(bytes)).unwrap()
}

#[test]
fn excel_workbook_in_the_official_layout() {
    let mut book = workbook("yiyang-2022");
    let sheet = book.sheet_names()[0].clone();
    assert_eq!(sheet, "2022年度项目支出绩效自评表");
    let range = book.worksheet_range(&sheet).unwrap();
    let cell = |row: u32, col: u32| range.get_value((row, col)).cloned().unwrap_or(Data::Empty);
    assert_eq!(
        cell(0, 0),
        Data::String("2022年度项目支出绩效自评表".into())
    );
    assert_eq!(
        cell(1, 1),
        Data::String("益阳市新型智慧城市提升工程项目".into())
    );
    // 项目资金: numbers are numeric cells, each under its own header.
    assert_eq!(cell(3, 0), Data::String("项目资金\n（万元）".into()));
    assert_eq!(cell(3, 3), Data::String("年初\n预算数".into()));
    assert_eq!(cell(4, 3), Data::Float(1444.49));
    assert_eq!(cell(4, 5), Data::Float(1246.51));
    assert_eq!(cell(3, 6), Data::String("分值".into()));
    assert_eq!(cell(4, 6), Data::Float(10.0));
    assert_eq!(cell(3, 7), Data::String("执行率".into()));
    assert!(matches!(cell(4, 7), Data::Float(rate) if (rate - 0.8629).abs() < 0.0001));
    assert_eq!(cell(3, 9), Data::String("得分".into()));
    assert_eq!(cell(4, 9), Data::Float(9.0));
    // The indicator header, the first row, and the 总分 row.
    assert_eq!(cell(10, 1), Data::String("一级指标".into()));
    assert_eq!(cell(11, 1), Data::String("产出指标\n（50分）".into()));
    assert_eq!(cell(11, 3), Data::String("“益办事”APP办理事项".into()));
    assert_eq!(cell(11, 7), Data::Float(5.0));
    assert_eq!(cell(11, 8), Data::Float(4.0));
    assert_eq!(cell(27, 0), Data::String("总分".into()));
    assert_eq!(cell(27, 7), Data::Float(100.0));
    assert_eq!(cell(27, 8), Data::Float(96.0));
    // The grade broken after its colon where the column is narrower than the line.
    assert_eq!(cell(27, 9), Data::String("评价等级：\n优秀".into()));
    // The rules named by the form's title, not by the tool's name for them; too long for the
    // line, broken between its clauses.
    assert_eq!(
        cell(28, 0),
        Data::String(
            "评分规则：益阳市2022年度项目支出绩效自评（填报实践）；执行率 = 全年执行数 / 年初预算数；\n预算执行得分不计入总分".into()
        )
    );
    assert_eq!(
        cell(29, 0),
        Data::String("填报单位（盖章）：________________".into())
    );
    assert_eq!(cell(30, 6), Data::String("填报日期：____________".into()));

    book.load_merged_regions().unwrap();
    let mut merged: Vec<((u32, u32), (u32, u32))> = book
        .merged_regions_by_sheet(&sheet)
        .iter()
        .map(|(_, _, d)| (d.start, d.end))
        .collect();
    merged.sort();
    for region in [
        ((0, 0), (0, 10)),  // title
        ((3, 0), (7, 0)),   // 项目资金 down its five rows
        ((4, 7), (4, 8)),   // 执行率 on two columns
        ((4, 9), (4, 10)),  // 得分 on two columns
        ((11, 0), (26, 0)), // 绩效指标 down the 16 rows under the header
        ((11, 1), (20, 1)), // 产出指标 down its ten rows
        ((21, 1), (26, 1)), // 效益指标 down its six rows
        ((11, 2), (14, 2)), // 数量指标 down its four rows
        ((11, 3), (11, 4)), // 三级指标 on two columns
        ((27, 0), (27, 6)), // 总分
    ] {
        assert!(
            merged.contains(&region),
            "{region:?} not merged in {merged:?}"
        );
    }
}

#[test]
fn excel_workbook_under_the_central_rules_keeps_two_decimals() {
    let mut book = workbook("mof-2020");
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    let cell = |row: u32, col: u32| range.get_value((row, col)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(12, 8), Data::Float(5.0));
    // A declared figure that differs is printed as the form prints it, under the computed one.
    assert_eq!(cell(13, 8), Data::String("3.33\n填报4".into()));
    assert_eq!(cell(27, 7), Data::String("110\n填报100".into()));
    assert_eq!(cell(27, 8), Data::String("105.50\n填报96".into()));
}

/// The text of one part of a workbook written by `score --output`.
fn workbook_part(profile: &str, part: &str) -> String {
    // A folder for each test (its thread's name), as tests run at once.
    let test = std::thread::current()
        .name()
        .unwrap_or("main")
        .replace(':', "-");
    let path = scratch(&format!("xlsx-{profile}-{test}")).join("自评表.xlsx");
    stdout_of(&[
        "score",
        SEED,
        "--rules",
        profile,
        "-o",
        path.to_str().unwrap(),
    ]);
    zip_part(&path, part)
}

#[test]
fn the_excel_sheet_prints_as_the_paper_form() {
    let sheet = workbook_part("mof-2020", "xl/worksheets/sheet1.xml");
    let sheet = roxmltree::Document::parse(&sheet).unwrap();
    let element = |name: &str| {
        sheet
            .descendants()
            .find(|n| n.tag_name().name() == name)
            .unwrap_or_else(|| panic!("no {name}"))
    };
    // A4 portrait, one page wide, centred.
    let setup = element("pageSetup");
    assert_eq!(setup.attribute("paperSize"), Some("9"));
    assert_eq!(setup.attribute("orientation"), Some("portrait"));
    assert_eq!(setup.attribute("fitToWidth"), None, "1, the default");
    assert_eq!(setup.attribute("fitToHeight"), Some("0"));
    assert_eq!(
        element("printOptions").attribute("horizontalCentered"),
        Some("1")
    );
    // A running head naming the table, and `第 1 页 共 2 页` at the foot.
    assert_eq!(
        element("oddHeader").text(),
        Some("&C&\"宋体,常规\"&9益阳市新型智慧城市提升工程项目 2022年度项目支出绩效自评表")
    );
    assert_eq!(element("oddFooter").text(), Some("&C第 &P 页 共 &N 页"));
    // Columns sized from the form's grid to the sheet's 179.5 mm so that no figure breaks, in
    // Excel's units rounded to whole pixels: 年度指标值 and 实际完成值 hold `1444.49万元`, and
    // the two under 项目资金 `其中：当年财政拨款` on one line.
    let mut widths: Vec<f64> = Vec::new();
    for col in sheet.descendants().filter(|n| n.tag_name().name() == "col") {
        let bound = |name: &str| col.attribute(name).unwrap().parse::<usize>().unwrap();
        let width: f64 = col.attribute("width").unwrap().parse().unwrap();
        widths.extend(std::iter::repeat_n(width, bound("max") - bound("min") + 1));
    }
    let rounded: Vec<f64> = widths.iter().map(|w| (w * 100.0).round() / 100.0).collect();
    assert_eq!(
        rounded,
        [
            9.29, 10.29, 9.57, 7.86, 7.86, 11.57, 11.57, 8.0, 7.43, 2.14, 11.57
        ]
    );

    // The indicator header repeats on every page.
    let book = workbook_part("mof-2020", "xl/workbook.xml");
    assert!(
        book.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'2022年度项目支出绩效自评表'!$11:$11</definedName>"),
        "{book}"
    );

    // A declared figure that differs is text, not a literal in a number format.
    let styles = workbook_part("mof-2020", "xl/styles.xml");
    assert!(!styles.contains("填报"), "{styles}");
}

/// The formulas of the sheet by cell (`E5`), with their cached values.
fn formulas(sheet: &str) -> Vec<(String, String, String)> {
    let sheet = roxmltree::Document::parse(sheet).unwrap();
    sheet
        .descendants()
        .filter(|n| n.tag_name().name() == "c")
        .filter_map(|c| {
            let formula = c.children().find(|n| n.tag_name().name() == "f")?;
            let value = c.children().find(|n| n.tag_name().name() == "v")?;
            Some((
                c.attribute("r")?.to_string(),
                formula.text()?.to_string(),
                value.text()?.to_string(),
            ))
        })
        .collect()
}

#[test]
fn rate_funds_score_and_total_are_formulas_with_their_values() {
    // The seed under its own rules: rate over 年初预算数, score min(rate, 1) × 10 to whole
    // points, the total of the indicator scores (the funds score does not count).
    let sheet = workbook_part("yiyang-2022", "xl/worksheets/sheet1.xml");
    assert_eq!(
        formulas(&sheet),
        [
            ("H5".into(), "ROUND(F5/D5,4)".into(), "0.8629".into()),
            (
                "J5".into(),
                "MIN(ROUND(MIN(F5/D5,1)*G5,0),G5)".into(),
                "9".into()
            ),
            ("I28".into(), "ROUND(SUM(I12:I27),0)".into(), "96".into()),
        ]
    );
    // Under the central rules the rate, the funds score and 总分 each differ from the declared
    // figure, and are printed with it as text (checked above): no formula is written.
    let sheet = workbook_part("mof-2020", "xl/worksheets/sheet1.xml");
    assert_eq!(formulas(&sheet), []);
}

#[test]
fn rows_are_as_high_as_their_text() {
    let sheet = workbook_part("yiyang-2022", "xl/worksheets/sheet1.xml");
    let sheet = roxmltree::Document::parse(&sheet).unwrap();
    let heights: Vec<f64> = sheet
        .descendants()
        .filter(|n| n.tag_name().name() == "row")
        .filter_map(|row| row.attribute("ht")?.parse().ok())
        .collect();
    // Every row of the form has a height set: none left at Excel's default with its text
    // touching the borders; one line is 20 pt, the header of 偏差原因分析及改进措施 three.
    assert_eq!(heights.len(), 1 + 28 + 2);
    assert!(heights.iter().all(|h| *h >= 20.0), "{heights:?}");
    assert_eq!(heights[1 + 9], 48.0, "{heights:?}");
}

/// The long table's workbook: a row holding one-line figures and a one-line name is one line
/// high, however wide its figures (`≤1444.49万元`, `≤2024年12月`); a name that wraps to two lines
/// makes its row two lines high.
#[test]
fn a_row_of_figures_that_fit_is_one_line_high() {
    let path = scratch("xlsx-long-heights").join("自评表.xlsx");
    stdout_of(&[
        "score",
        "tests/data/long-table.toml",
        "-o",
        path.to_str().unwrap(),
    ]);
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    let row_of = |name: &str| {
        range
            .rows()
            .position(|row| {
                row.iter()
                    .any(|cell| *cell == Data::String(name.to_string()))
            })
            .unwrap_or_else(|| panic!("{name}"))
    };
    let xml = zip_part(&path, "xl/worksheets/sheet1.xml");
    let height = |row: usize| -> f64 {
        let tag = format!("<row r=\"{}\"", row + 1);
        let rest = &xml[xml.find(&tag).unwrap()..];
        let at = rest.find(" ht=\"").unwrap() + 5;
        rest[at..at + rest[at..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    // 20 pt a line and 34 pt for two, in whole pixels.
    for name in ["项目建设成本", "项目完成时间", "单位培训成本", "培训人次"] {
        let one = height(row_of(name));
        assert!((20.0..21.0).contains(&one), "{name}: {one}");
    }
    let two = height(row_of("降低群众办事成本"));
    assert!((33.0..35.0).contains(&two), "{two}");
}

#[test]
fn characters_xml_forbids_do_not_break_the_workbook() {
    let file = seed_with("xlsx-forbidden", NAME, FORBIDDEN_NAME);
    let path = file.with_extension("xlsx");
    stdout_of(&[
        "score",
        file.to_str().unwrap(),
        "-o",
        path.to_str().unwrap(),
    ]);
    for part in ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"] {
        let xml = zip_part(&path, part);
        assert!(!xml.contains(['\u{FFFE}', '\u{FFFF}']), "{part}");
        assert!(!xml.contains("_xFFFE_"), "{part}");
        roxmltree::Document::parse(&xml).unwrap();
        assert!(xml.contains("益阳\u{FFFD}市\u{FFFD}项目"), "{part}");
    }
}

#[test]
fn a_failed_write_leaves_no_file() {
    let dir = scratch("failed-write");
    let target = dir.join("missing-folder").join("report.md");
    let output = perf_eval()
        .args(["score", SEED, "--output", target.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!("错误: {}: 无法写入：", target.display())),
        "{stderr}"
    );
    assert!(!target.exists());
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 0);
}

#[test]
fn output_never_overwrites_the_input() {
    let dir = scratch("overwrite-input");
    let input = dir.join("2022.toml");
    fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED), &input).unwrap();
    let before = fs::read(&input).unwrap();
    let output = perf_eval()
        .args([
            "score",
            input.to_str().unwrap(),
            "--format",
            "csv",
            "--output",
            input.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(fs::read(&input).unwrap(), before);
}

#[test]
fn output_format_follows_the_extension() {
    let dir = scratch("by-extension");
    for (name, start) in [
        ("t.md", "## 2022"),
        ("t.csv", "\u{feff}一级指标,"),
        ("t.json", "{"),
    ] {
        let path = dir.join(name);
        stdout_of(&["score", SEED, "--output", path.to_str().unwrap()]);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(start), "{name}: {text}");
    }
}
