//! Workbook cells read as Excel displays them: through their number formats, formulas by their
//! computed value, hidden rows, columns and sheets passed over, 总分 rows as the declared total.
//! Each workbook is the seed template with the cells under test written over it.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Formula, Worksheet};

use crate::common::{perf_eval, scratch};
use crate::import::{Sheet, seed_sheet, uncommented, workbook_with};

/// Rows and columns of the seed sheet (0-based): the funds total row, the indicator rows, the
/// 总分 row; 实际完成值, 分值 and 得分 columns.
const FUNDS: u32 = 4;
/// `“益办事”APP业务网上办结率`, target `≥90%`.
const RATE_ROW: u32 = 16;
/// `建设子项目专题数量`, target `3个`.
const COUNT_ROW: u32 = 12;
const TOTAL: u32 = 27;
const ACTUAL: u16 = 5;
const WEIGHT: u16 = 6;
const SCORE: u16 = 7;

/// `import` of a file: its exit code, the project file without cell comments, and
/// standard error.
pub(crate) fn import(book: &Path) -> (i32, String, String) {
    let output = perf_eval()
        .args(["import", book.to_str().unwrap()])
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        uncommented(&String::from_utf8(output.stdout).unwrap()),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The seed workbook with `finish` writing over its sheet.
fn seed_with(name: &str, finish: impl FnMut(usize, &mut Worksheet)) -> PathBuf {
    let book = scratch(name).join("自评表.xlsx");
    workbook_with(&book, &[seed_sheet()], finish);
    book
}

fn number(ws: &mut Worksheet, row: u32, col: u16, value: f64, code: &str) {
    ws.write_number_with_format(row, col, value, &Format::new().set_num_format(code))
        .unwrap();
}

#[test]
fn numbers_are_read_through_their_number_format() {
    // (cell, stored, format, what the project file then says)
    let cases: [(u32, u16, f64, &str, &str); 8] = [
        (RATE_ROW, ACTUAL, 0.98, "0%", "actual = \"98%\""),
        (RATE_ROW, ACTUAL, 0.9, "0.00%", "actual = \"90.00%\""),
        (COUNT_ROW, ACTUAL, 3.0, "0\"个\"", "actual = \"3个\""),
        (
            COUNT_ROW,
            ACTUAL,
            2.996,
            "0.00\"万元\"",
            "actual = \"3.00万元\"",
        ),
        (
            FUNDS,
            2,
            1444.486,
            "#,##0.00",
            "total = { initial = 1444.49, annual = 1246.51",
        ),
        (
            FUNDS,
            2,
            1_444.5,
            "#,##0",
            "total = { initial = 1445, annual",
        ),
        (
            COUNT_ROW,
            ACTUAL,
            45231.0,
            "yyyy\"年\"m\"月\"",
            "actual = \"2023年11月\"",
        ),
        (
            COUNT_ROW,
            ACTUAL,
            45230.0,
            "yyyy/m/d",
            "actual = \"2023/10/31\"",
        ),
    ];
    for (i, (row, col, value, code, expected)) in cases.into_iter().enumerate() {
        let book = seed_with(&format!("displayed-format-{i}"), |_, ws| {
            number(ws, row, col, value, code)
        });
        let (code_, toml, stderr) = import(&book);
        assert_eq!(code_, 0, "{code}: {stderr}");
        assert!(
            toml.contains(expected),
            "{code}: {expected:?} not in\n{toml}"
        );
    }
    // Read as 98%, the rate meets its ≥90% target and keeps its full 5 points.
    let book = seed_with("displayed-format-score", |_, ws| {
        number(ws, RATE_ROW, ACTUAL, 0.98, "0%")
    });
    let json = crate::common::stdout_of(&[
        "score",
        book.to_str().unwrap(),
        "--rules",
        "yiyang-2022",
        "--format",
        "json",
    ]);
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(document["indicators"][5]["score"], "5");
}

#[test]
fn a_format_that_cannot_be_displayed_is_said_at_its_cell() {
    for (code, stored) in [("[DBNum1]0", 4.0), ("[>=5]0;0.0", 4.0)] {
        let book = seed_with("displayed-unreadable-format", |_, ws| {
            number(ws, RATE_ROW, SCORE, stored, code)
        });
        let (exit, toml, stderr) = import(&book);
        assert_eq!(exit, 0, "{stderr}");
        let said = format!("自评表!H17：数字格式 `{code}` 无法按显示读取，已按存储值 4 读取");
        assert!(stderr.contains(&said), "{said:?} not in\n{stderr}");
        assert!(
            toml.contains(&said),
            "the warning is kept in the file:\n{toml}"
        );
    }
}

#[test]
fn formula_totals_are_read_at_the_precision_they_display() {
    // (the 总分 得分 cell's cached result and format, the total read)
    for (cached, code, expected) in [
        ("96.000000000000014", "General", "score = 96\n"),
        ("95.95", "0.0", "score = 96\n"),
    ] {
        let book = seed_with("displayed-formula", |_, ws| {
            let formula = Formula::new("=SUM(H12:H27)").set_result(cached);
            ws.write_formula_with_format(
                TOTAL,
                SCORE,
                formula,
                &Format::new().set_num_format(code),
            )
            .unwrap();
        });
        let (exit, toml, stderr) = import(&book);
        assert_eq!(exit, 0, "{stderr}");
        let total = &toml[toml.find("[total]").unwrap()..];
        assert!(total.contains(expected), "{expected:?} not in\n{total}");
    }
}

/// Takes the cached values (written as 0) out of a workbook's first sheet's formulas, as a
/// program that writes formulas without computing them saves it.
fn uncompute(book: &Path) {
    let bytes = fs::read(book).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(fs::File::create(book).unwrap());
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let name = part.name().to_string();
        let mut text = Vec::new();
        part.read_to_end(&mut text).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            text = String::from_utf8(text)
                .unwrap()
                .replace("</f><v>0</v>", "</f>")
                .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&text).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn a_formula_without_a_computed_value_is_reported_unread() {
    // A declared 得分 total: left out with a warning at its cell.
    let book = seed_with("displayed-uncomputed-total", |_, ws| {
        ws.write_formula(TOTAL, SCORE, "=SUM(H12:H27)").unwrap();
    });
    uncompute(&book);
    let (exit, toml, stderr) = import(&book);
    assert_eq!(exit, 0, "{stderr}");
    assert!(
        stderr.contains("自评表!H28：公式没有保存计算结果"),
        "{stderr}"
    );
    assert!(!toml.contains("score = 96"), "{toml}");
    // A 分值 the table cannot be scored without: the table is refused, naming the cell.
    let book = seed_with("displayed-uncomputed-weight", |_, ws| {
        ws.write_formula(RATE_ROW, WEIGHT, "=10/2").unwrap();
    });
    uncompute(&book);
    let (exit, _, stderr) = import(&book);
    assert_eq!(exit, 2, "{stderr}");
    assert!(
        stderr.contains("自评表!G17") && stderr.contains("公式没有保存计算结果"),
        "{stderr}"
    );
}

/// The seed sheet with a column put in at `at`: `header` above the indicators, `stale` in
/// each indicator row (an earlier year's figures, hidden by the unit).
fn with_column(at: usize, header: &'static str, stale: &'static str) -> Sheet<'static> {
    let mut sheet = seed_sheet();
    for (r, row) in sheet.rows.iter_mut().enumerate() {
        if row.len() > at {
            let cell = match r {
                10 => header,
                11..=26 => stale,
                _ => "",
            };
            row.insert(at, cell);
        }
    }
    for merge in &mut sheet.merges {
        if usize::from(merge.3) >= at {
            merge.3 += 1;
        }
    }
    sheet
}

#[test]
fn hidden_columns_are_passed_over_and_said() {
    // (the column put in and hidden, a line the visible column gives, what the stale one
    // would have given)
    for (at, header, stale, visible, wrong) in [
        (
            5,
            "实际完成值",
            "0个",
            "actual = \"≥850个\"",
            "actual = \"0个\"",
        ),
        (7, "得分", "0", "score = 4\n", "score = 0\n"),
    ] {
        let book = scratch("displayed-hidden-column").join("自评表.xlsx");
        workbook_with(&book, &[with_column(at, header, stale)], |_, ws| {
            ws.set_column_hidden(at as u16).unwrap();
        });
        let (exit, toml, stderr) = import(&book);
        assert_eq!(exit, 0, "{stderr}");
        assert!(toml.contains(visible), "{visible:?} not in\n{toml}");
        assert!(!toml.contains(wrong), "{wrong:?} in\n{toml}");
        let note = format!("（隐藏列，未读取）{header} | {stale} | {stale}");
        assert!(toml.contains(&note), "{note:?} not in\n{toml}");
    }
}

#[test]
fn hidden_sheets_are_not_read_and_said() {
    for hidden_first in [true, false] {
        let mut copy = seed_sheet();
        copy.name = "底稿";
        copy.rows[1][1] = "另一个项目";
        let sheets = if hidden_first {
            [copy, seed_sheet()]
        } else {
            [seed_sheet(), copy]
        };
        let hidden = usize::from(!hidden_first);
        let book = scratch("displayed-hidden-sheet").join("自评表.xlsx");
        workbook_with(&book, &sheets, |index, ws| {
            // Excel does not hide the sheet it opens on.
            if index == hidden {
                ws.set_hidden(true);
            } else {
                ws.set_active(true);
            }
        });
        let (exit, toml, stderr) = import(&book);
        assert_eq!(exit, 0, "{stderr}");
        assert!(toml.contains("益阳市新型智慧城市提升工程项目"), "{toml}");
        assert!(!toml.contains("另一个项目"), "{toml}");
        assert!(
            stderr.contains("隐藏的工作表「底稿」不在表上显示，未读取"),
            "{stderr}"
        );
    }
}

#[test]
fn a_total_row_is_the_declared_total_in_every_layout() {
    // The 总分 label in the 三级指标 column under a blank 一级/二级, and a 合计 label first; 分值
    // and 得分 equal.
    for (label_at, label) in [(3, "总分"), (0, "合计")] {
        let mut sheet = seed_sheet();
        let mut total = vec![""; 9];
        total[label_at] = label;
        total[usize::from(WEIGHT)] = "100";
        total[usize::from(SCORE)] = "100";
        *sheet.rows.last_mut().unwrap() = total;
        let book = scratch("displayed-total").join("自评表.xlsx");
        workbook_with(&book, &[sheet], |_, _| {});
        let (exit, toml, stderr) = import(&book);
        assert_eq!(exit, 0, "{stderr}");
        assert!(
            toml.contains("[total]\nweight = 100\nscore = 100\n"),
            "{label}: {toml}"
        );
        assert!(!toml.contains(&format!("name = \"{label}\"")), "{toml}");
        assert_eq!(toml.matches("[[indicator]]").count(), 16, "{toml}");
    }
}

#[test]
fn a_cell_wrapped_over_lines_reads_on_one_line() {
    // (row, column, the cell as typed with Alt+Enter, the line it reads as)
    let cases: [(u32, u16, &str, &str); 4] = [
        (
            1,
            1,
            "益阳市新型智慧城市\n提升工程项目",
            "name = \"益阳市新型智慧城市提升工程项目\"",
        ),
        (
            RATE_ROW,
            3,
            "“益办事”APP\n业务网上办结率",
            "name = \"“益办事”APP业务网上办结率\"",
        ),
        (
            COUNT_ROW,
            ACTUAL,
            " 3个 \r\n（已验收）",
            "actual = \"3个（已验收）\"",
        ),
        (RATE_ROW, 4, "≥90%\n\n（年度）", "target = \"≥90%（年度）\""),
    ];
    for (i, (row, col, typed, expected)) in cases.into_iter().enumerate() {
        let book = seed_with(&format!("displayed-wrapped-{i}"), |_, ws| {
            ws.write_string(row, col, typed).unwrap();
        });
        let (exit, toml, stderr) = import(&book);
        assert_eq!(exit, 0, "{typed:?}: {stderr}");
        assert!(toml.contains(expected), "{expected:?} not in\n{toml}");
    }
}

#[test]
fn an_empty_heading_cell_is_empty_not_the_next_label() {
    // 主管部门 left blank before 实施单位, and 项目名称 blank before 项目负责人.
    for (row, cells, key, kept) in [
        (
            2,
            vec![
                "主管部门",
                "",
                "",
                "",
                "实施单位",
                "益阳市智慧城市和大数据中心",
            ],
            "department",
            "implementer = \"益阳市智慧城市和大数据中心\"",
        ),
        (
            1,
            vec!["项目名称", "", "", "", "项目负责人", "张三"],
            "name",
            "department = \"益阳市政务管理服务局\"",
        ),
    ] {
        let mut sheet = seed_sheet();
        sheet.rows[row] = cells;
        let book = scratch("displayed-empty-heading").join("自评表.xlsx");
        workbook_with(&book, &[sheet], |_, _| {});
        let (exit, toml, stderr) = import(&book);
        assert_eq!(exit, 0, "{stderr}");
        assert!(toml.contains(kept), "{toml}");
        for label in ["实施单位", "项目负责人", "张三"] {
            assert!(!toml.contains(&format!("{key} = \"{label}\"")), "{toml}");
        }
    }
}

#[test]
fn a_deduction_column_is_read_as_each_row_s_deduction() {
    // 广西's 扣分 column after 得分 in a workbook, and the system template's 扣减分数 column
    // pasted as text; 0 deducts nothing.
    let book = scratch("displayed-deduction").join("自评表.xlsx");
    workbook_with(&book, &[with_column(8, "扣分", "0.5")], |_, ws| {
        ws.write_number(COUNT_ROW, 8, 0.0).unwrap();
    });
    let (exit, toml, stderr) = import(&book);
    assert_eq!(exit, 0, "{stderr}");
    assert_eq!(toml.matches("deduction = 0.5\n").count(), 15, "{toml}");
    assert!(
        toml.contains("name = \"建设子项目专题数量\"\ntarget = \"3个\"\nactual = \"3个\"\nweight = 5\nscore = 5\n\n"),
        "{toml}"
    );
    let text = "2023年度项目支出绩效自评表\n项目名称\t培训项目\n\
        一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t扣减分数\n\
        产出指标\t数量指标\t培训人次\t≥100人次\t120人次\t60\t58\t2\n\
        效益指标\t社会效益指标\t满意度\t≥90%\t92%\t40\t40\t0\n";
    let path = scratch("displayed-deduction-text").join("表.txt");
    fs::write(&path, text).unwrap();
    let (exit, toml, stderr) = import(&path);
    assert_eq!(exit, 0, "{stderr}");
    assert!(
        toml.contains("weight = 60\nscore = 58\ndeduction = 2\n"),
        "{toml}"
    );
    assert_eq!(toml.matches("deduction =").count(), 1, "{toml}");
    // Read with its deduction, the row's declared 58 is what the rules give: no finding.
    let output = perf_eval()
        .args(["check", "--rules", "guangxi"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(!stdout.contains("score-mismatch"), "{stdout}");
}

#[test]
fn hidden_rows_are_passed_over_and_said() {
    // (the row hidden, what it holds, what must not be read, the end of the remark kept): an
    // indicator row under merged cells, and a funds row.
    let cases: [(usize, Vec<&'static str>, &str, &str); 2] = [
        (
            usize::try_from(COUNT_ROW).unwrap(),
            vec!["", "", "", "上年度指标", "≥3个", "0个", "5", "0"],
            "name = \"上年度指标\"",
            "上年度指标 | ≥3个 | 0个 | 5 | 0",
        ),
        (
            6,
            vec!["", "上年结转资金", "200", "200", "150"],
            "carryover = { initial = 200",
            "上年结转资金 | 200 | 200 | 150",
        ),
    ];
    for (row, cells, wrong, remark) in cases {
        let mut sheet = seed_sheet();
        sheet.rows[row] = cells;
        sheet.hidden = vec![u32::try_from(row).unwrap()];
        let book = scratch("displayed-hidden-row").join("自评表.xlsx");
        workbook_with(&book, &[sheet], |_, _| {});
        let (exit, toml, stderr) = import(&book);
        assert_eq!(exit, 0, "{stderr}");
        assert!(!toml.contains(wrong), "{wrong:?} in\n{toml}");
        let output = perf_eval()
            .args(["import", book.to_str().unwrap()])
            .output()
            .unwrap();
        let commented = String::from_utf8(output.stdout).unwrap();
        assert!(
            commented
                .lines()
                .any(|l| l.contains("（隐藏行，未读取）") && l.ends_with(remark)),
            "{remark:?} not in\n{commented}"
        );
    }
}
