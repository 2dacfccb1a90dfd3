//! `perf-eval import`: workbooks built here to mimic the templates in use, the round trip from
//! `score --output x.xlsx`, and the pipeline into `check`.

use std::fs;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use crate::common;
use common::{assert_refused_in_chinese, fails_with, perf_eval, scratch, stdout_of};
use perf_eval::messages::english_sentence;

/// A sheet: rows of cells, and merged ranges (first row, first col, last row, last col).
/// A cell that reads as a number is written as one, unless it starts with `'` (text, as in
/// Excel).
pub(crate) struct Sheet<'a> {
    pub name: &'a str,
    pub rows: Vec<Vec<&'a str>>,
    pub merges: Vec<(u32, u16, u32, u16)>,
    /// Rows hidden in Excel.
    pub hidden: Vec<u32>,
}

pub(crate) fn workbook(path: &Path, sheets: &[Sheet]) {
    workbook_with(path, sheets, |_, _| {});
}

/// A workbook of sheets, each then given what `finish` writes over it (formats, formulas,
/// hidden columns), with its index.
pub(crate) fn workbook_with(
    path: &Path,
    sheets: &[Sheet],
    mut finish: impl FnMut(usize, &mut Worksheet),
) {
    let mut book = Workbook::new();
    let plain = Format::new();
    for (index, sheet) in sheets.iter().enumerate() {
        let ws = book.add_worksheet();
        ws.set_name(sheet.name).unwrap();
        for &row in &sheet.hidden {
            ws.set_row_hidden(row).unwrap();
        }
        for &(r1, c1, r2, c2) in &sheet.merges {
            let text = sheet.rows[r1 as usize][c1 as usize];
            ws.merge_range(r1, c1, r2, c2, text, &plain).unwrap();
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let merged = sheet.merges.iter().any(|&(r1, c1, r2, c2)| {
                    (r1..=r2).contains(&(r as u32)) && (c1..=c2).contains(&(c as u16))
                });
                if merged || cell.is_empty() {
                    continue;
                }
                match (cell.strip_prefix('\''), cell.parse::<f64>()) {
                    (Some(text), _) => ws.write_string(r as u32, c as u16, text),
                    (None, Ok(number)) => ws.write_number(r as u32, c as u16, number),
                    (None, Err(_)) => ws.write_string(r as u32, c as u16, *cell),
                }
                .unwrap();
            }
        }
        finish(index, ws);
    }
    book.save(path).unwrap();
}

/// The seed table as its unit's template lays it out: labels broken over lines, 一级/二级
/// merged down their rows, `产出指标(50分)` headers, `10分` written as text, and a 总分 row
/// whose figures do not stand under their columns.
pub(crate) fn seed_sheet() -> Sheet<'static> {
    let indicators: Vec<[&str; 8]> = vec![
        [
            "产出指标\n\n(50分)",
            "数量指标",
            "“益办事”APP办理事项",
            "≥1000个",
            "≥850个",
            "5",
            "4",
            "加强益办事APP办事功能",
        ],
        ["", "", "建设子项目专题数量", "3个", "3个", "5", "5", ""],
        [
            "",
            "",
            "城市运行综合管理平台对接平台数量",
            "9个",
            "6个",
            "5",
            "4",
            "持续增加对接平台数量",
        ],
        [
            "",
            "",
            "融合通信平台对接部门数量",
            "6个",
            "5个",
            "5",
            "4",
            "加快对接部门接入平台",
        ],
        [
            "",
            "质量指标",
            "城市运行指挥中心使用率",
            "≥20天/月",
            "≥15天/月",
            "5",
            "4",
            "提高使用率",
        ],
        [
            "",
            "",
            "“益办事”APP业务网上办结率",
            "≥90%",
            "≥90%",
            "5",
            "5",
            "",
        ],
        [
            "",
            "",
            "一网统管平台运行稳定率",
            "≥95%",
            "≥95%",
            "10",
            "10",
            "",
        ],
        [
            "",
            "时效指标",
            "数据更新及时率",
            "≥80%",
            "≥80%",
            "5",
            "5",
            "",
        ],
        ["", "", "项目启动及时率", "≥95%", "≥95%", "5", "5", ""],
        [
            "",
            "成本指标",
            "项目建设经费",
            "1444.49万元",
            "1246.51万元",
            "5",
            "5",
            "",
        ],
        [
            "效益指标\n\n（40分）",
            "经济效\n益指标",
            "营商环境排名提升名次",
            "≥1名",
            "≥1名",
            "10",
            "10",
            "",
        ],
        [
            "",
            "社会效\n益指标",
            "群众诉求办结率提升",
            "≥1%",
            "≥1%",
            "5",
            "5",
            "",
        ],
        ["", "", "“益办事”注册人数", "≥10万", "≥10万", "10", "10", ""],
        [
            "",
            "生态效\n益指标",
            "机房PUE",
            "≤2个",
            "≤2个",
            "5",
            "5",
            "",
        ],
        [
            "",
            "可持续影响指标",
            "城市治理能力提升",
            "持续推进",
            "持续推进",
            "10",
            "10",
            "",
        ],
        [
            "",
            "服务对象满意度指标",
            "“益办事”APP满意度",
            "≥90%",
            "≥90%",
            "5",
            "5",
            "",
        ],
    ];
    let mut rows: Vec<Vec<&str>> = vec![
        vec!["2022年度项目支出绩效自评表"],
        vec!["项目名称", "益阳市新型智慧城市提升工程项目"],
        vec![
            "主管部门",
            "益阳市政务管理服务局",
            "",
            "",
            "实施单位",
            "益阳市智慧城市和大数据中心",
        ],
        vec![
            "项目资金\n（万元）",
            "",
            "年初\n预算数",
            "全年\n预算数",
            "全年\n执行数",
            "分值",
            "执行率",
            "得分",
        ],
        vec![
            "",
            "年度资金总额",
            "1444.49",
            "1246.51",
            "1246.51",
            "10分",
            "86%",
            "9分",
        ],
        vec!["", "其中：当年财政拨款", "'1444.49", "'1246.51", "'1246.51"],
        vec!["", "上年结转资金"],
        vec!["", "其他资金"],
        vec!["年度总体目标", "预期目标", "", "", "实际完成情况"],
        vec![
            "",
            "全面贯彻落实益阳市新型智慧城市顶层设计。",
            "",
            "",
            "初步完成城市运行指挥中心等项目建设。",
        ],
        vec![
            "绩\n效\n指\n标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度\n指标值",
            "实际\n完成值",
            "分值",
            "得分",
            "偏差原因\n分析及\n改进措施",
        ],
    ];
    for row in &indicators {
        let mut cells = vec![""];
        cells.extend(row.iter().copied());
        rows.push(cells);
    }
    rows.push(vec!["总分", "100分", "", "", "", "", "", "96分"]);
    Sheet {
        name: "自评表",
        rows,
        merges: vec![
            (0, 0, 0, 8),
            (3, 0, 7, 0),
            (8, 0, 9, 0),
            (8, 1, 8, 3),
            (9, 1, 9, 3),
            (10, 0, 26, 0),
            (11, 1, 20, 1),
            (21, 1, 26, 1),
            (11, 2, 14, 2),
            (15, 2, 17, 2),
            (18, 2, 19, 2),
            (22, 2, 23, 2),
        ],
        hidden: vec![],
    }
}

/// A project file as `import` writes it, without the comments naming each value's cell.
pub(crate) fn uncommented(text: &str) -> String {
    text.lines()
        .map(|line| match line.find(" # ") {
            Some(at) if !line.starts_with('#') => line[..at].trim_end(),
            _ => line,
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The computed figures of a table: every row's score, the total and the grade.
fn figures(file: &str, rules: &str) -> (Vec<String>, String, String) {
    let json = stdout_of(&["score", file, "--rules", rules, "--format", "json"]);
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    let scores = document["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["score"].as_str().unwrap().to_string())
        .collect();
    (
        scores,
        document["total"]["score"].as_str().unwrap().to_string(),
        document["total"]["grade"].as_str().unwrap().to_string(),
    )
}

#[test]
fn the_seed_template_imports_to_the_same_table() {
    let dir = scratch("import-seed");
    let book = dir.join("2022.xlsx");
    workbook(&book, &[seed_sheet()]);
    let toml = dir.join("2022.toml");
    stdout_of(&[
        "import",
        book.to_str().unwrap(),
        "-o",
        toml.to_str().unwrap(),
        "--rules",
        "yiyang-2022",
    ]);
    let text = uncommented(&fs::read_to_string(&toml).unwrap());
    for expected in [
        "name = \"益阳市新型智慧城市提升工程项目\"",
        "year = 2022",
        "rate = \"86%\"",
        "total = { initial = 1444.49, annual = 1246.51, executed = 1246.51 }",
        "[[level1]]\nname = \"产出指标\"\nweight = 50\n",
        "[[level1]]\nname = \"效益指标\"\nweight = 40\n",
        "level2 = \"经济效益指标\"",
        "[total]\nweight = 100",
        "score = 96",
    ] {
        assert!(text.contains(expected), "{expected:?} not in\n{text}");
    }
    for rules in ["yiyang-2022", "mof-2020"] {
        assert_eq!(
            figures(toml.to_str().unwrap(), rules),
            figures("fixtures/2022.toml", rules),
            "{rules}"
        );
    }
}

/// The 项目资金 block's header right of its label.
const FUNDS_HEADER: [&str; 6] = [
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "执行率",
    "得分",
];

/// A second template: split 指标性质 / 指标值 / 度量单位 columns, 分值 before the target, an extra
/// 未完成原因分析 column, empty template rows, `/` for 不适用, and numbers stored as text.
pub(crate) fn split_sheet(name: &'static str, project: &'static str) -> Sheet<'static> {
    Sheet {
        name,
        rows: vec![
            vec!["2023年度项目支出绩效自评表"],
            vec!["项目名称", project],
            [&["项目资金（元）", ""][..], &FUNDS_HEADER].concat(),
            vec![
                "",
                "年度资金总额",
                "500000",
                "480000",
                "456000",
                "10",
                "0.95",
                "9.5",
            ],
            vec![],
            vec![
                "一级指标",
                "二级指标",
                "三级指标",
                "分值",
                "指标性质",
                "指标值",
                "度量单位",
                "实际完成值",
                "得分",
                "未完成原因分析",
            ],
            vec![
                "产出指标(40分)",
                "数量指标",
                "培训人次",
                "'20",
                "≥",
                "'735",
                "人次",
                "735",
                "'20",
                "",
            ],
            vec!["", "", "指标1:", "", "", "", "", "", "", ""],
            vec![
                "",
                "质量指标",
                "培训合格率",
                "20",
                "≥",
                "95",
                "%",
                "90",
                "18.95",
                "部分学员补考",
            ],
            vec!["", "", "……", "", "", "", "", "", "", ""],
            vec![
                "效益指标（50分）",
                "社会效益指标",
                "带动就业",
                "/",
                "/",
                "/",
                "",
                "/",
                "/",
                "",
            ],
            vec![
                "",
                "",
                "群众知晓度",
                "50",
                "",
                "明显提高",
                "",
                "明显提高",
                "50",
                "",
            ],
            vec!["总分", "", "", "100", "", "", "", "", "98.45"],
        ],
        merges: vec![(6, 0, 9, 0), (10, 0, 11, 0), (10, 1, 11, 1)],
        hidden: vec![],
    }
}

#[test]
fn split_columns_placeholders_and_not_applicable_rows() {
    let dir = scratch("import-split");
    let book = dir.join("two.xlsx");
    let notes = Sheet {
        name: "说明",
        rows: vec![vec!["填表说明：本表由项目单位填写。"]],
        merges: vec![],
        hidden: vec![],
    };
    workbook(
        &book,
        &[
            split_sheet("项目一", "职业技能培训项目"),
            notes,
            split_sheet("项目二", "就业帮扶项目"),
        ],
    );
    let book = book.to_str().unwrap();

    // Two tables and no --sheet: say how to choose.
    fails_with(
        &["import", book],
        2,
        &format!(
            "错误: {book}: 工作簿中有 2 张表（工作表：项目一、项目二）；请用 --sheet 名称 选择一张，或用 -o 文件夹 为每张表各写一个文件\n"
        ),
    );

    let text = uncommented(&stdout_of(&["import", book, "--sheet", "项目二"]));
    assert!(text.contains("name = \"就业帮扶项目\""), "{text}");
    assert!(text.contains("unit = \"元\""));
    assert!(
        text.contains("rate = \"95%\""),
        "a fraction is read as percent: {text}"
    );
    assert!(
        text.contains("target = \"≥735人次\"\nactual = \"735人次\"\nweight = 20\nscore = 20\n"),
        "{text}"
    );
    assert!(text.contains("target = \"≥95%\"\nactual = \"90%\"\nweight = 20\nscore = 18.95\nnote = \"部分学员补考\"\n"), "{text}");
    assert!(!text.contains("指标1"), "template rows are skipped");
    assert!(!text.contains("……"), "template rows are skipped");
    assert!(
        text.contains("name = \"带动就业\"\ntarget = \"\"\nactual = \"\"\nna = true\n"),
        "{text}"
    );
    assert!(text.contains("target = \"明显提高\""));
    assert!(text.contains("[total]\nweight = 100"), "{text}");

    let out = dir.join("tables");
    fs::create_dir_all(&out).unwrap();
    stdout_of(&["import", book, "-o", out.to_str().unwrap()]);
    let mut files: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["项目一.toml", "项目二.toml"]);
    let checked = perf_eval()
        .args(["check", "--rules", "mof-2020", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(checked.status.code(), Some(0), "{checked:?}");
}

#[test]
fn unreadable_cells_are_named_by_address() {
    let dir = scratch("import-bad-cell");
    let book = dir.join("bad.xlsx");
    for (row, col, cell, error) in [
        (8, 3, "二十", "Sheet1!D9: 分值不是数字（实为 \"二十\"）"),
        // A number cell: Excel keeps -1E+28, which the reader sees in full; × 100 would overflow.
        (
            3,
            6,
            "-1e28",
            "Sheet1!G4: 执行率 -10000000000000000000000000000 超出范围",
        ),
    ] {
        let mut sheet = split_sheet("Sheet1", "P");
        sheet.rows[row][col] = cell;
        workbook(&book, &[sheet]);
        fails_with(
            &["import", book.to_str().unwrap()],
            2,
            &format!("错误: {error}\n"),
        );
    }

    // A declared 得分 that cannot be read is left out (perf-eval computes it), and said so.
    let mut sheet = split_sheet("Sheet1", "P");
    sheet.rows[8][8] = "良";
    workbook(&book, &[sheet]);
    let book = book.to_str().unwrap();
    let output = perf_eval().args(["import", book]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let warning = "Sheet1!I9：得分不是数字（实为 \"良\"）；已略去，由 perf-eval 计算";
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!("警告: {book}: {warning}\n")
    );
    let text = uncommented(&String::from_utf8(output.stdout).unwrap());
    assert!(
        text.contains(
            "name = \"培训合格率\"\ntarget = \"≥95%\"\nactual = \"90%\"\nweight = 20\nnote"
        ),
        "{text}"
    );
    let output = perf_eval()
        .args(["check", book, "--format", "json"])
        .output()
        .unwrap();
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["files"][0]["import_warnings"][0], warning);
    // The import warning counts with the audit's one (budget-adjusted).
    assert_eq!(document["summary"]["warnings"], 2, "{document}");
}

#[test]
fn nothing_usable_exits_2() {
    let dir = scratch("import-nothing");
    let book = dir.join("empty.xlsx");
    workbook(
        &book,
        &[Sheet {
            name: "Sheet1",
            rows: vec![vec!["会议纪要"]],
            merges: vec![],
            hidden: vec![],
        }],
    );
    // What many sites serve as .xls, and an old Word document.
    let html = dir.join("自评表.xls");
    fs::write(
        &html,
        "<html><body><table><tr><td>项目名称</td></tr></table></body></html>",
    )
    .unwrap();
    let doc = dir.join("自评报告.doc");
    fs::write(&doc, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).unwrap();
    // Found by the import fuzz target: 10 KB whose header made the reader ask for 16 GB, and
    // one whose chain of DIFAT sectors loops back (the reader followed it until memory ran out).
    let damaged = Path::new("tests/data/import/fuzzed-ole-header.xls").to_path_buf();
    let looping = Path::new("tests/data/import/fuzzed-ole-loop.xls").to_path_buf();
    let damage = "cannot open: the file's header claims more than the file holds; it is damaged";
    for (file, why) in [
        (&damaged, damage),
        (&looping, damage),
        (
            &book,
            "no 项目支出绩效自评表 found: no sheet or table (Sheet1) has an indicator header row with 三级指标 and 分值",
        ),
        (
            &html,
            "a web page (HTML) saved under a spreadsheet name, not an Excel workbook; open it in Excel or WPS and save it as .xlsx",
        ),
        (
            &doc,
            "an old Word (.doc) or WPS (.wps) document cannot be read; open it in Word or WPS and save it as .docx",
        ),
    ] {
        let error = format!("error: {}: {why}\n", file.display());
        let file = file.to_str().unwrap();
        fails_with(&["--lang", "en", "import", file], 2, &error);
        // score reads a workbook directly, and refuses one it cannot read the same way.
        fails_with(&["score", "--lang", "en", file], 2, &error);
        // In Chinese, the same refusal with no English sentence.
        let output = perf_eval().args(["import", file]).output().unwrap();
        assert_refused_in_chinese(&String::from_utf8(output.stderr).unwrap(), file);
    }
    let output = perf_eval()
        .args(["import", "fixtures/2022.toml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_scored_workbook_imports_back_to_the_same_figures() {
    let dir = scratch("import-round-trip");
    for rules in ["yiyang-2022", "mof-2020"] {
        let book = dir.join(format!("{rules}.xlsx"));
        let toml = dir.join(format!("{rules}.toml"));
        stdout_of(&[
            "score",
            "fixtures/2022.toml",
            "--rules",
            rules,
            "-o",
            book.to_str().unwrap(),
        ]);
        stdout_of(&[
            "import",
            book.to_str().unwrap(),
            "--rules",
            rules,
            "-o",
            toml.to_str().unwrap(),
        ]);
        assert_eq!(
            figures(toml.to_str().unwrap(), rules),
            figures("fixtures/2022.toml", rules),
            "{rules}"
        );
    }
}

#[test]
fn import_pipes_into_check() {
    let dir = scratch("import-pipe");
    let book = dir.join("2022.xlsx");
    workbook(&book, &[seed_sheet()]);
    let imported = stdout_of(&["import", book.to_str().unwrap(), "--rules", "yiyang-2022"]);
    let output = perf_eval()
        .args(["check", "-"])
        .write_stdin(imported)
        .output()
        .unwrap();
    // The seed's header weights (50 and 40) do not match its rows: errors, exit 1.
    assert_eq!(output.status.code(), Some(1));
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(
        report.contains("错误[level1-header]: 产出指标表头标明 50 分，但其下各指标分值合计为 55"),
        "{report}"
    );
}

#[test]
fn a_broken_workbook_is_refused_not_a_crash() {
    let dir = scratch("import-broken");
    let book = dir.join("whole.xlsx");
    workbook(&book, &[seed_sheet()]);
    let bytes = fs::read(&book).unwrap();
    let broken = dir.join("broken.xlsx");
    fs::write(&broken, &bytes[..bytes.len() / 2]).unwrap();
    let output = perf_eval()
        .args(["import", broken.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!("错误: {}: 无法打开：", broken.display())),
        "{stderr}"
    );
}

#[test]
fn an_xls_workbook_imports_too() {
    // The seed template saved by LibreOffice as Excel 97–2003 (.xls), merged cells and all.
    let imported = stdout_of(&[
        "import",
        "tests/data/import/seed-template.xls",
        "--rules",
        "yiyang-2022",
    ]);
    let output = perf_eval()
        .args(["score", "-", "--format", "json"])
        .write_stdin(imported)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["total"]["score"], "96");
    assert_eq!(document["total"]["grade"], "优秀");
    assert_eq!(document["indicators"].as_array().unwrap().len(), 16);
    assert_eq!(document["level1"][0]["header_weight"], "50");

    // Given where a project file was expected, under any name, it is read as a workbook.
    let dir = scratch("import-xls-as-toml");
    let misnamed = dir.join("2022.toml");
    fs::copy("tests/data/import/seed-template.xls", &misnamed).unwrap();
    let (_, total, grade) = figures(misnamed.to_str().unwrap(), "yiyang-2022");
    assert_eq!((total.as_str(), grade.as_str()), ("96", "优秀"));
    // On standard input too, for score and check.
    let bytes = fs::read("tests/data/import/seed-template.xls").unwrap();
    let output = perf_eval()
        .args(["score", "-", "--rules", "yiyang-2022", "--format", "json"])
        .write_stdin(bytes.clone())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["total"]["score"], "96");
    let output = perf_eval()
        .args(["check", "-", "--rules", "yiyang-2022"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(report.contains("--> <stdin>:自评表!C5\n"), "{report}");
}

#[test]
fn the_seed_report_pasted_as_text_scores_as_printed() {
    // The seed: the 2022 自评报告 as plain text, its 附件 table in tab-led cells, a blank line
    // between rows, cells broken over lines and cells ending in an empty paragraph.
    let dir = scratch("import-seed-text");
    let toml = dir.join("2022.toml");
    stdout_of(&[
        "import",
        "tests/data/import/yiyang-2022.txt",
        "--rules",
        "yiyang-2022",
        "-o",
        toml.to_str().unwrap(),
    ]);
    let toml = toml.to_str().unwrap();
    let (scores, total, grade) = figures(toml, "yiyang-2022");
    let expected: Vec<&str> = "4 5 4 4 4 5 10 5 5 5 10 5 10 5 10 5".split(' ').collect();
    assert_eq!(scores, expected);
    assert_eq!((total.as_str(), grade.as_str()), ("96", "优秀"));
    let json = stdout_of(&["score", toml, "--format", "json"]);
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(document["funds"]["score"], "9");
    assert_eq!(document["funds"]["weight"], "10");
    for rules in ["yiyang-2022", "mof-2020"] {
        assert_eq!(
            figures(toml, rules),
            figures("fixtures/2022.toml", rules),
            "{rules}"
        );
    }
    let text = fs::read_to_string(toml).unwrap();
    assert!(
        text.contains("weight = 5                               # 第142行\n"),
        "each value names its line: {text}"
    );
}

/// A working sheet as units fill it in: the table away from A1, 全年预算数 but no 年初预算数,
/// `1.5亿元` in a 万元 block, a rate stored as a fraction, `10分` and full-width `２０分`,
/// placeholders (`—`, `-`, `/`, `无`, `空`, a space), header variants (指标值 / 完成值 / 权重 /
/// 评分 / 备注), a `其中：` breakdown row, a hidden row, an empty template row, a note inside
/// the table and a signature line under it; then a second table on the same sheet with a two-row header.
// One row a line, as the sheet reads.
#[rustfmt::skip]
fn working_sheet() -> Sheet<'static> {
    let mut rows: Vec<Vec<&'static str>> = vec![
        vec![],
        vec!["", "2023年度项目支出绩效自评表"],
        vec!["", "项目名称", "社区养老服务项目"],
        vec!["", "主管部门", "民政局", "实施单位", "养老服务中心"],
        vec!["", "项目资金（万元）", "", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分"],
        vec!["", "", "年度资金总额", "1.5亿元", "'12943.5", "10分", "0.8629", "８.63分"],
        vec!["", "", "其中：财政拨款", "1.5亿元", "12943.5", "—", "—", "—"],
        vec!["", "", "上年结转资金", "—", "-", "/", "/", "/"],
        vec!["", "", "其他资金", "无", "空", " ", "", ""],
        vec!["", "年度总体目标", "预期目标", "", "", "实际完成情况"],
        vec!["", "", "为辖区老年人提供上门服务", "", "", "全年服务1200人次"],
        vec!["", "一级指标", "二级指标", "三级指标", "指标值", "完成值", "权重", "评分", "备注"],
        vec!["", "产出指标（50分）", "数量指标", "服务人次", "≥1000人次", "1200人次", "30分", "30分", ""],
        vec!["", "", "", "其中：上门服务", "≥200人次", "260人次", "", "", ""],
        vec!["", "", "", "上年度指标（已停用，行已隐藏）", "≥1", "0", "10", "0", ""],
        vec!["", "", "质量指标", "服务合格率", "≥95%", "96%", "２０分", "20", ""],
        vec!["", "效益指标（30分）", "社会效益指标", "老年人生活质量", "明显提高", "明显提高", "30", "30", ""],
        vec!["", "", "", "……", "", "", "", "", ""],
        vec!["", "满意度指标（10分）", "服务对象满意度指标", "老人满意度", "≥90%", "92%", "10", "10", ""],
        vec!["", "注：1.一级指标分值统一设置为产出50分、效益30分、满意度10分。"],
        vec!["", "总分", "", "", "", "", "100", "98.63", "评价等级：优"],
        vec!["", "填表人：张三", "", "联系电话：0737-1234567", "", "填报日期：2024年1月10日"],
        vec![],
    ];
    // The second table starts at row 24, its header in rows 28 and 29.
    rows.extend([
        vec!["", "2023年度项目支出绩效自评表"],
        vec!["", "项目名称", "老年助餐项目"],
        [&["", "项目资金（万元）", ""][..], &FUNDS_HEADER].concat(),
        vec!["", "", "年度资金总额", "100", "100", "100", "10", "100%", "10"],
        vec!["", "一级指标", "二级指标", "三级指标", "指标值", "", "分值", "得分", "偏差原因分析及改进措施"],
        vec!["", "", "", "", "年度指标值", "实际完成值", "", "", ""],
        vec!["", "产出指标（90分）", "数量指标", "助餐人次", "≥5000人次", "4000人次", "90", "72", "冬季需求下降"],
        vec!["", "总分", "", "", "", "", "100", "82", ""],
    ]);
    Sheet {
        name: "填报",
        rows,
        // The note across the table; 指标值 across two columns, the other labels down two rows.
        merges: [(19, 1, 19, 8), (27, 4, 27, 5)]
            .into_iter()
            .chain([1, 2, 3, 6, 7, 8].map(|c| (27, c, 28, c)))
            .collect(),
        hidden: vec![14],
    }
}

#[test]
fn sheets_as_units_fill_them_in() {
    let dir = scratch("import-shapes");
    let book = dir.join("收到的.xlsx");
    // Beside the form, a working sheet of sums that is no 自评表.
    let working = Sheet {
        name: "测算",
        rows: vec![
            vec!["项目", "金额"],
            vec!["人员经费", "1200"],
            vec!["合计", "1200"],
        ],
        merges: vec![],
        hidden: vec![],
    };
    workbook(&book, &[working_sheet(), working]);
    let out = dir.join("tables");
    fs::create_dir_all(&out).unwrap();
    stdout_of(&[
        "import",
        book.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(fs::read_dir(&out).unwrap().count(), 2);
    let first = out.join("填报.toml");
    let second = out.join("填报 (2).toml");

    let text = fs::read_to_string(&first).unwrap();
    let plain = uncommented(&text);
    for expected in [
        "name = \"社区养老服务项目\"",
        "year = 2023",
        "weight = 10\nrate = \"86.29%\"\nscore = 8.63\n",
        "total = { annual = 15000, executed = 12943.5 }",
        "appropriation = { annual = 15000, executed = 12943.5 }",
        "carryover = {}\nother = {}\n",
        "name = \"服务人次\"\ntarget = \"≥1000人次\"\nactual = \"1200人次\"\nweight = 30\nscore = 30\n",
        "name = \"服务合格率\"\ntarget = \"≥95%\"\nactual = \"96%\"\nweight = 20\nscore = 20\n",
        // A breakdown row: shown as a detail row, not scored.
        "name = \"其中：上门服务\"\ntarget = \"≥200人次\"\nactual = \"260人次\"\ndetail = true\n",
        "[total]\nweight = 100\nscore = 98.63\ngrade = \"优\"\n",
    ] {
        assert!(plain.contains(expected), "{expected:?} not in\n{text}");
    }
    for kept in [
        "# 填报!B20: 注：1.一级指标分值统一设置为产出50分、效益30分、满意度10分。",
        "# 填报!B22: 填表人：张三",
        "# 填报!D15: （隐藏行，未读取）上年度指标（已停用，行已隐藏） | ≥1 | 0 | 10 | 0",
    ] {
        assert!(text.contains(kept), "{kept:?} kept as a comment in\n{text}");
    }
    assert!(text.contains("weight = 30                              # 填报!G13\n"));
    assert_eq!(text.matches("[[indicator]]").count(), 5, "{text}");
    let (scores, total, grade) = figures(first.to_str().unwrap(), "mof-2020");
    assert_eq!(scores, ["30", "0", "20", "30", "10"]);
    assert_eq!((total.as_str(), grade.as_str()), ("98.63", "优"));

    let text = fs::read_to_string(&second).unwrap();
    assert!(
        uncommented(&text).contains("name = \"助餐人次\"\ntarget = \"≥5000人次\"\nactual = \"4000人次\"\nweight = 90\nscore = 72\nnote = \"冬季需求下降\"\n"),
        "{text}"
    );
    assert!(
        text.contains("weight = 90                              # 填报!G30\n"),
        "{text}"
    );
    let (scores, total, _) = figures(second.to_str().unwrap(), "mof-2020");
    assert_eq!(
        (scores, total.as_str()),
        (vec!["72.00".to_string()], "82.00")
    );
}

/// A 自评报告 in Word: a contact table first, then the 自评表 with cells merged down
/// (vMerge: 项目资金, 产出指标, 数量指标) and across (gridSpan: 项目名称's value, 总分).
fn report_docx(path: &Path) {
    use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow, VMergeType};
    let text = |t: &str| Paragraph::new().add_run(Run::new().add_text(t));
    let cell = |t: &str| TableCell::new().add_paragraph(text(t));
    let row = |cells: &[&str]| TableRow::new(cells.iter().map(|t| cell(t)).collect());
    let restart = |t: &str| cell(t).vertical_merge(VMergeType::Restart);
    let below = || TableCell::new().vertical_merge(VMergeType::Continue);
    let contact = Table::new(vec![row(&["联系人", "张三", "联系电话", "0737-1234567"])]);
    let form = Table::new(vec![
        TableRow::new(vec![
            cell("项目名称"),
            cell("职业技能培训项目").grid_span(7),
        ]),
        TableRow::new(vec![
            restart("项目资金（万元）"),
            cell(""),
            cell("年初预算数"),
            cell("全年预算数"),
            cell("全年执行数"),
            cell("分值"),
            cell("执行率"),
            cell("得分"),
        ]),
        TableRow::new(
            std::iter::once(below())
                .chain(["年度资金总额", "100", "100", "95", "10", "95%", "9.5"].map(cell))
                .collect(),
        ),
        row(&[
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ]),
        TableRow::new(
            [restart("产出指标（60分）"), restart("数量指标")]
                .into_iter()
                .chain(["培训人次", "≥100人次", "120人次", "30", "30", ""].map(cell))
                .collect(),
        ),
        TableRow::new(
            [below(), below()]
                .into_iter()
                .chain(["结业人数", "≥90人", "81人", "30", "27", "部分学员未结业"].map(cell))
                .collect(),
        ),
        row(&[
            "效益指标（20分）",
            "社会效益指标",
            "就业率",
            "≥60%",
            "70%",
            "20",
            "18",
            "",
        ]),
        row(&[
            "满意度指标（10分）",
            "服务对象满意度指标",
            "满意度",
            "≥90%",
            "95%",
            "10",
            "10",
            "",
        ]),
        TableRow::new(
            std::iter::once(cell("总分").grid_span(5))
                .chain(["100", "94.5", ""].map(cell))
                .collect(),
        ),
    ]);
    let file = fs::File::create(path).unwrap();
    Docx::new()
        .add_paragraph(text("2022年度职业技能培训项目绩效自评报告"))
        .add_paragraph(text("项目联系人："))
        .add_table(contact)
        .add_paragraph(text("附件：2022年度项目支出绩效自评表"))
        .add_table(form)
        .build()
        .pack(file)
        .unwrap();
}

#[test]
fn a_word_report_imports_its_table_with_merged_cells() {
    let dir = scratch("import-docx");
    let docx = dir.join("自评报告.docx");
    report_docx(&docx);
    let text = stdout_of(&["import", docx.to_str().unwrap()]);
    let plain = uncommented(&text);
    for expected in [
        "name = \"职业技能培训项目\"",
        "year = 2022",
        "weight = 10\nrate = \"95%\"\nscore = 9.5\n",
        "total = { initial = 100, annual = 100, executed = 95 }",
        "level1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"结业人数\"\ntarget = \"≥90人\"\nactual = \"81人\"\nweight = 30\nscore = 27\nnote = \"部分学员未结业\"\n",
        "[total]\nweight = 100\nscore = 94.5\n",
    ] {
        assert!(plain.contains(expected), "{expected:?} not in\n{text}");
    }
    assert!(
        text.contains("score = 18                               # 表格2 第7行第7列\n"),
        "{text}"
    );
    let (scores, total, grade) = figures(docx.to_str().unwrap(), "mof-2020");
    assert_eq!(scores, ["30", "27.00", "20", "10"]);
    assert_eq!((total.as_str(), grade.as_str()), ("96.50", "优"));
}

#[test]
fn check_reads_a_folder_of_what_units_hand_in() {
    let dir = scratch("import-check-folder");
    let folder = dir.join("收到的自评表");
    fs::create_dir_all(&folder).unwrap();
    fs::copy("fixtures/2022.toml", folder.join("2022.toml")).unwrap();
    fs::copy(
        "tests/data/import/seed-template.xls",
        folder.join("城建局.xls"),
    )
    .unwrap();
    report_docx(&folder.join("培训中心.docx"));
    workbook(&folder.join("民政局.xlsx"), &[working_sheet()]);
    // Office's lock file beside an open workbook is not a table.
    fs::write(folder.join("~$民政局.xlsx"), b"lock").unwrap();
    let folder = folder.to_str().unwrap();

    let output = perf_eval().args(["check", folder]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report = String::from_utf8(output.stdout).unwrap();
    for place in [
        format!("--> {folder}/培训中心.docx:表格2 第7行第7列\n"),
        format!("--> {folder}/城建局.xls:自评表!H12\n"),
        format!("--> {folder}/2022.toml:31:10\n"),
    ] {
        assert!(report.contains(&place), "{place} not in\n{report}");
    }
    assert!(report.contains("已复核 5 个文件："), "{report}");
    assert!(!report.contains("~$"), "{report}");

    let output = perf_eval()
        .args(["check", folder, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let docx = document["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("培训中心.docx"))
        .unwrap();
    assert_eq!(docx["sheet"], "表格2");
    let findings = docx["findings"].as_array().unwrap();
    // Every finding of the Word table is at its cell: table, row and column, no line.
    assert!(
        findings
            .iter()
            .all(|f| f["table"] == "2" && f.get("row").is_some() && f.get("line").is_none()),
        "{findings:?}"
    );
    assert!(
        findings.iter().any(|f| f["row"] == 7 && f["column"] == 7),
        "{findings:?}"
    );

    let output = perf_eval()
        .args(["check", folder, "--format", "github"])
        .output()
        .unwrap();
    let annotations = String::from_utf8(output.stdout).unwrap();
    assert!(
        annotations.contains(&format!(
            "::error file={folder}/培训中心.docx,title=score-mismatch::表格2 第7行第7列: 「就业率」填报得分 18"
        )),
        "{annotations}"
    );
}

/// A workbook whose first sheet is renamed in xl/workbook.xml to what a hand-made file can
/// hold and Excel would refuse (`../x`, an absolute path, a line break).
fn renamed_sheets(path: &Path, names: &[&str]) {
    use std::io::{Read, Write};
    let plain = dir_of(path).join("plain.xlsx");
    let sheets: Vec<Sheet> = (0..names.len())
        .map(|i| {
            let mut sheet = split_sheet(["S0", "S1", "S2", "S3"][i], "项目");
            sheet.name = ["S0", "S1", "S2", "S3"][i];
            sheet
        })
        .collect();
    workbook(&plain, &sheets);
    let mut archive = zip::ZipArchive::new(fs::File::open(&plain).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(fs::File::create(path).unwrap());
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        let mut text = Vec::new();
        file.read_to_end(&mut text).unwrap();
        if file.name() == "xl/workbook.xml" {
            let mut xml = String::from_utf8(text).unwrap();
            for (i, name) in names.iter().enumerate() {
                xml = xml.replace(&format!("name=\"S{i}\""), &format!("name=\"{name}\""));
            }
            text = xml.into_bytes();
        }
        out.start_file(file.name(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&text).unwrap();
    }
    out.finish().unwrap();
}

fn dir_of(path: &Path) -> &Path {
    path.parent().unwrap()
}

#[test]
fn import_into_a_folder_never_escapes_it_nor_overwrites() {
    let dir = scratch("import-folder-names");
    let book = dir.join("names.xlsx");
    renamed_sheets(
        &book,
        &["../x", "/tmp/perf-eval-abs", "项目", "a&#10;b = 1"],
    );
    let out = dir.join("out");
    fs::create_dir_all(&out).unwrap();
    let args = [
        "import",
        book.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    stdout_of(&args);
    let mut written: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "_tmp_perf-eval-abs.toml",
            "_x.toml",
            "a_b = 1.toml",
            "项目.toml"
        ]
    );
    assert!(!dir.join("x.toml").exists());
    for name in &written {
        // Each loads: a line break in a sheet name stays inside the comment.
        let output = perf_eval()
            .args(["score", out.join(name).to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{name}: {output:?}");
    }

    // Again: the files exist, and nothing is replaced without --force.
    fs::write(out.join("项目.toml"), "mine").unwrap();
    let output = perf_eval().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("文件已存在；请先删除，或加 --force 覆盖"),
    );
    assert_eq!(fs::read_to_string(out.join("项目.toml")).unwrap(), "mine");
    let mut forced = args.to_vec();
    forced.push("--force");
    stdout_of(&forced);
    assert!(
        fs::read_to_string(out.join("项目.toml"))
            .unwrap()
            .contains("[[indicator]]")
    );

    // One file too.
    let one = dir.join("one.toml");
    fs::write(&one, "mine").unwrap();
    let output = perf_eval()
        .args([
            "import",
            book.to_str().unwrap(),
            "--sheet",
            "项目",
            "-o",
            one.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(fs::read_to_string(&one).unwrap(), "mine");
}

#[test]
fn a_used_range_to_xfd1048576_reads_only_the_table() {
    // A cell touched at the sheet's last cell once made the reader build the whole grid.
    let dir = scratch("import-far-cell");
    let book = dir.join("far.xlsx");
    let mut far = Workbook::new();
    let ws = far.add_worksheet();
    ws.set_name("Sheet1").unwrap();
    for (r, row) in split_sheet("Sheet1", "远处有格子").rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let text = cell.strip_prefix('\'').unwrap_or(cell);
            if !text.is_empty() {
                ws.write_string(r as u32, c as u16, text).unwrap();
            }
        }
    }
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    far.save(&book).unwrap();
    let text = stdout_of(&["import", book.to_str().unwrap()]);
    assert!(text.contains("name = \"远处有格子\""), "{text}");
}

#[test]
fn a_table_perf_eval_wrote_comes_back_under_its_rules() {
    let dir = scratch("import-written-rules");
    let book = dir.join("自评表.xlsx");
    stdout_of(&[
        "score",
        "fixtures/2022.toml",
        "--output",
        book.to_str().unwrap(),
    ]);
    let imported = stdout_of(&["import", book.to_str().unwrap()]);
    assert!(imported.contains("rules = \"yiyang-2022\""), "{imported}");
    let output = perf_eval()
        .args(["score", "-", "--format", "json"])
        .write_stdin(imported)
        .output()
        .unwrap();
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["total"]["score"], "96");
    assert_eq!(document["total"]["grade"], "优秀");
}

#[test]
fn a_public_table_and_its_working_copy_import_once() {
    let dir = scratch("import-public-copy");
    let book = dir.join("自评表.xlsx");
    workbook(
        &book,
        &[
            split_sheet("工作底稿", "培训项目"),
            split_sheet("公开表", "培训项目"),
        ],
    );
    let output = perf_eval()
        .args(["import", book.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let toml = String::from_utf8(output.stdout).unwrap();
    assert!(
        toml.contains("公开表!"),
        "the 公开表 is the one imported:\n{toml}"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("工作底稿：与「公开表」是同一张表，作为副本略过"),
        "{stderr}"
    );
}

/// The hostile `.xls` workbooks of `tests/data/import/hostile-xls` (written by its `make.py`,
/// which says what each once cost), with what `import` says of each after `错误: FILE: `.
const HOSTILE_XLS: [(&str, &str); 13] = [
    (
        "huge-dimensions.xls",
        "自评表：尺寸记录（DIMENSIONS）声称有 4294967295 行 × 256 列，读取这个 .xls 需要超过 256 MB 内存，不是自评表；如确需读取，请在 Excel 或 WPS 中另存为 .xlsx",
    ),
    (
        "inverted-dimensions.xls",
        "自评表：尺寸记录（DIMENSIONS）声称有 4294967291 行 × 2 列，读取这个 .xls 需要超过 256 MB 内存，不是自评表；如确需读取，请在 Excel 或 WPS 中另存为 .xlsx",
    ),
    (
        "far-corner-cell.xls",
        "自评表!IV65536：单元格远在表格之外，读取这个 .xls 需要超过 256 MB 内存，不是自评表；如确需读取，请在 Excel 或 WPS 中另存为 .xlsx",
    ),
    (
        "column-65535.xls",
        "自评表!CRXP65536：单元格远在表格之外，读取这个 .xls 需要超过 256 MB 内存，不是自评表；如确需读取，请在 Excel 或 WPS 中另存为 .xlsx",
    ),
    (
        "shared-string-4000-times.xls",
        "自评表!A2725：文字过多，读取这个 .xls 需要超过 256 MB 内存，不是自评表；如确需读取，请在 Excel 或 WPS 中另存为 .xlsx",
    ),
    (
        "formula-spaces.xls",
        "自评表!B1：公式展开后过长，读取这个 .xls 需要过长时间，不是自评表；如确需读取，请在 Excel 或 WPS 中另存为 .xlsx",
    ),
    (
        "sst-continue-flood.xls",
        "续记录（CONTINUE）过多，读取这个 .xls 需要过长时间，不是自评表；如确需读取，请在 Excel 或 WPS 中另存为 .xlsx",
    ),
    (
        "sheets-share-records.xls",
        "S817!IV40：多个工作表反复指向同一段记录，读取这个 .xls 需要超过 256 MB 内存，不是自评表；如确需读取，请在 Excel 或 WPS 中另存为 .xlsx",
    ),
    (
        "overlapping-merges.xls",
        "无法读取工作表「自评表」：合并单元格反复重叠，文件已损坏",
    ),
    (
        "directory-chain-loop.xls",
        "无法打开：文件已损坏（其扇区链首尾相接或指向文件之外）",
    ),
    (
        "stream-chain-loop.xls",
        "无法打开：文件已损坏（其扇区链首尾相接或指向文件之外）",
    ),
    // The workbook reader panics on it: a damaged file, and nothing of the panic is shown.
    ("name-record-too-short.xls", "无法读取：文件格式有误"),
    // The declared count of shared strings is not trusted: read, the sheet holds no table.
    (
        "sst-claims-2g-strings.xls",
        "没有找到项目支出绩效自评表：各工作表或表格（自评表）都没有含「三级指标」和「分值」的表头行",
    ),
];

#[test]
fn hostile_xls_workbooks_are_refused_naming_file_sheet_and_cell() {
    for (file, why) in HOSTILE_XLS {
        let path = format!("tests/data/import/hostile-xls/{file}");
        let error = format!("错误: {path}: {why}\n");
        fails_with(&["import", &path], 2, &error);
        // score reads a workbook through the same import.
        fails_with(&["score", &path], 2, &error);
        assert_eq!(english_sentence(why), None, "{why}");
        // In English, the same refusal in English.
        let output = perf_eval()
            .args(["--lang", "en", "import", &path])
            .output()
            .unwrap();
        let english = String::from_utf8(output.stderr).unwrap();
        assert!(
            english.starts_with(&format!("error: {path}: ")),
            "{english}"
        );
        assert_ne!(english, error.replacen("错误", "error", 1));
    }
}

/// Runs `perf-eval ARGS` with its address space limited to 1 GB: a read that asked for more
/// would end in an abort (no exit code), not a refusal.
#[cfg(unix)]
pub(crate) fn within_1_gb(args: &[&str]) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_perf-eval"));
    command.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    // SAFETY: setrlimit is async-signal-safe, and the closure touches nothing else.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 1 << 30,
                rlim_max: 1 << 30,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    command.output().unwrap()
}

#[cfg(unix)]
#[test]
fn hostile_xls_workbooks_are_refused_within_1_gb_of_memory() {
    let hostile = HOSTILE_XLS
        .iter()
        .map(|(file, _)| format!("tests/data/import/hostile-xls/{file}"));
    let fuzzed = ["fuzzed-ole-header.xls", "fuzzed-ole-loop.xls"]
        .iter()
        .map(|file| format!("tests/data/import/{file}"));
    for path in hostile.chain(fuzzed) {
        let output = within_1_gb(&["import", &path]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{path}: {stderr}");
        assert!(stderr.starts_with(&format!("错误: {path}: ")), "{stderr}");
    }
    // A real table reads within the same limit.
    let output = within_1_gb(&["import", "tests/data/import/seed-template.xls"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("[[indicator]]"));
}

#[test]
fn every_format_names_the_cell_of_a_workbook_a_word_file_and_a_pasted_text() {
    let dir = scratch("places-in-every-format");
    let xlsx = dir.join("民政局.xlsx");
    let docx = dir.join("培训中心.docx");
    workbook(&xlsx, &[working_sheet()]);
    report_docx(&docx);
    let (xlsx, docx) = (xlsx.to_str().unwrap(), docx.to_str().unwrap());
    let text = "tests/data/import/yiyang-2022.txt";
    // One finding of each file: 填报!D30 of the workbook, the Word table's 第7行第7列, and the
    // pasted text's line 78 (the declared 执行率).
    let expected = |format: &str| -> [String; 3] {
        match format {
            "human" => [
                format!("--> {xlsx}:填报!D30\n"),
                format!("--> {docx}:表格2 第7行第7列\n"),
                format!("--> {text}:78\n"),
            ],
            "concise" => [
                format!("{xlsx}:填报!D30: level1-split "),
                format!("{docx}:表格2 第7行第7列: score-mismatch "),
                format!("{text}:78: funds-rate-mismatch "),
            ],
            "github" => [
                format!("file={xlsx},title=level1-split::填报!D30: "),
                format!("file={docx},title=score-mismatch::表格2 第7行第7列: "),
                format!("file={text},line=78,title=funds-rate-mismatch::第78行: "),
            ],
            "json" => [
                "\"sheet\": \"填报\",\n          \"cell\": \"D30\"".into(),
                "\"table\": \"2\",\n          \"row\": 7,\n          \"column\": 7".into(),
                "\"code\": \"funds-rate-mismatch\",\n          \"severity\": \"error\",\n          \"message\": \"填报执行率 86%，按全年执行数 / 全年预算数 计算应为 100.00%\",\n          \"label\": \"应为 100.00%\",\n          \"help\": \"执行率 = 1246.51 / 1246.51（全年预算数）= 100.00% × 10 = 10.00；填报的 86% 是按年初预算数计算的执行率（86.29%）\",\n          \"line\": 78".into(),
            ],
            "jsonl" => [
                "\"code\":\"level1-split\",\"severity\":\"info\",\"sheet\":\"填报\",\"cell\":\"D30\"".into(),
                "\"code\":\"score-mismatch\",\"severity\":\"error\",\"table\":\"2\",\"row\":7,\"column\":7".into(),
                "\"code\":\"funds-rate-mismatch\",\"severity\":\"error\",\"line\":78,".into(),
            ],
            "sarif" => [
                "\"fullyQualifiedName\": \"填报!D30\",\n                  \"kind\": \"cell\"".into(),
                "\"fullyQualifiedName\": \"表格2 第7行第7列\",\n                  \"kind\": \"tableCell\"".into(),
                "\"region\": {\n                  \"startLine\": 78\n                }".into(),
            ],
            "junit" => [
                format!("{xlsx}:填报!D30: 一级指标分值为"),
                format!("{docx}:表格2 第7行第7列: 「就业率」填报得分 18"),
                format!("{text}:78: 填报执行率 86%"),
            ],
            _ => unreachable!(),
        }
    };
    for format in [
        "human", "concise", "github", "json", "jsonl", "sarif", "junit",
    ] {
        let output = perf_eval()
            .args(["check", "--rules", "mof-2020", "--format", format])
            .args([xlsx, docx, text])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{format}");
        let report = String::from_utf8(output.stdout).unwrap();
        for place in expected(format) {
            assert!(
                report.contains(&place),
                "{format}: {place} not in\n{report}"
            );
        }
        // Nothing of the project files made in memory: no key of theirs, no line of theirs.
        for made in [
            "score = ",
            "[[indicator]]",
            "startColumn\": 1,\n                  \"endLine",
        ] {
            assert!(!report.contains(made), "{format}: {made} in\n{report}");
        }
        for file in [xlsx, docx] {
            let line_of = format!("{file}:1");
            assert!(
                !report.contains(&line_of),
                "{format}: {line_of} in\n{report}"
            );
        }
    }
}
