//! Tables pasted as text from a web page, a PDF or a spreadsheet: read as a person reads
//! them, with each problem named at its line of the text.

use std::fs;
use std::path::PathBuf;

use crate::common::scratch;

/// A small 自评表 as a browser copies it: one row a line, cells between tabs, the cells merged
/// down (一级指标, 二级指标) given once, so the rows under them are shorter on the left.
const TABLE: &str = "2021年项目支出绩效自评表
项目名称\t培训项目
一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分
产出指标\t数量指标\t培训人次\t≥100人次\t120人次\t20\t20
培训场次\t≥5场\t6场\t20\t20
质量指标\t合格率\t≥90%\t95%\t20\t20
效益指标\t社会效益指标\t满意度\t≥90%\t92%\t40\t40
总分\t\t\t\t\t100\t100
";

fn write(name: &str, text: &[u8]) -> PathBuf {
    let path = scratch(name).join("表.txt");
    fs::write(&path, text).unwrap();
    path
}

/// `import` of a text: exit code, the project file without cell comments, standard error.
fn import(name: &str, text: &[u8]) -> (i32, String, String) {
    crate::displayed::import(&write(name, text))
}

fn indicator(level1: &str, level2: &str, name: &str, target: &str, actual: &str) -> String {
    format!(
        "level1 = \"{level1}\"\nlevel2 = \"{level2}\"\nname = \"{name}\"\ntarget = \"{target}\"\nactual = \"{actual}\"\n"
    )
}

#[test]
fn rows_shortened_by_merged_cells_are_aligned_by_their_figures() {
    // A second shape: the 二级指标 merged over two rows as well.
    let deeper = TABLE.replace("质量指标\t合格率", "合格率");
    for (text, level2) in [(TABLE.to_string(), "质量指标"), (deeper, "数量指标")] {
        let (exit, toml, stderr) = import("pasted-aligned", text.as_bytes());
        assert_eq!(exit, 0, "{stderr}");
        assert!(
            toml.contains("year = 2021\n"),
            "the year of the title: {toml}"
        );
        for expected in [
            indicator("产出指标", "数量指标", "培训场次", "≥5场", "6场"),
            indicator("产出指标", level2, "合格率", "≥90%", "95%"),
            indicator("效益指标", "社会效益指标", "满意度", "≥90%", "92%"),
        ] {
            assert!(toml.contains(&expected), "{expected}\nnot in\n{toml}");
        }
        assert!(
            toml.contains("[total]\nweight = 100\nscore = 100\n"),
            "{toml}"
        );
    }
}

#[test]
fn a_header_cell_broken_over_lines_is_one_cell() {
    // A web page's `一级<br>指标` as lines of their own, and Excel's quoted cells.
    let broken = TABLE.replace(
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值",
        "一级\n指标\t二级\n指标\t三级指标\t年度\n指标值\t实际\n完成值",
    );
    let quoted = TABLE.replace(
        "一级指标\t二级指标\t三级指标\t年度指标值",
        "\"一级\n指标\"\t\"二级\n指标\"\t三级指标\t\"年度\n指标值\"",
    );
    for text in [broken, quoted] {
        let (exit, toml, stderr) = import("pasted-broken-header", text.as_bytes());
        assert_eq!(exit, 0, "{stderr}\n{text}");
        assert!(
            toml.contains(&indicator(
                "产出指标",
                "数量指标",
                "培训人次",
                "≥100人次",
                "120人次"
            )),
            "{toml}"
        );
        assert_eq!(toml.matches("[[indicator]]").count(), 4, "{toml}");
    }
}

#[test]
fn an_incomplete_row_is_left_out_at_its_line() {
    // A page cut off inside the last row after its target, and inside the first after its
    // actual.
    for (row, kept, line, name) in [
        (
            "效益指标\t社会效益指标\t满意度\t≥90%\t92%\t40\t40",
            4,
            7,
            "满意度",
        ),
        (
            "产出指标\t数量指标\t培训人次\t≥100人次\t120人次\t20\t20",
            5,
            4,
            "培训人次",
        ),
    ] {
        let cut: Vec<&str> = row.split('\t').take(kept).collect();
        let text = TABLE.replace(row, &cut.join("\t"));
        let (exit, toml, stderr) = import("pasted-incomplete", text.as_bytes());
        assert_eq!(exit, 0, "{stderr}");
        let said =
            format!("第{line}行：「{name}」一行不完整（没有分值，可能在分页处被截断），未计入");
        assert!(stderr.contains(&said), "{said:?} not in\n{stderr}");
        assert_eq!(toml.matches("[[indicator]]").count(), 3, "{toml}");
        assert!(!toml.contains(&format!("name = \"{name}\"")), "{toml}");
    }
}

#[test]
fn a_first_level_of_its_weight_only_is_named_from_its_second_level() {
    for (cell, level2, named) in [
        ("(60分)\t数量指标", "数量指标", "产出指标"),
        ("（40分）\t社会效益指标", "社会效益指标", "效益指标"),
    ] {
        // Each table with one such cell: two differing inputs.
        let text = TABLE.replace(&format!("{named}\t{level2}"), cell);
        let (exit, toml, stderr) = import("pasted-level1", text.as_bytes());
        assert_eq!(exit, 0, "{stderr}");
        assert!(toml.contains(&format!("level1 = \"{named}\"\nlevel2 = \"{level2}\"")));
        let weight = &cell[cell.find(['(', '（']).unwrap()..cell.find('分').unwrap()];
        let weight = weight.trim_start_matches(['(', '（']);
        assert!(
            toml.contains(&format!(
                "[[level1]]\nname = \"{named}\"\nweight = {weight}\n"
            )),
            "{toml}"
        );
        let said = format!("一级指标单元格只写了分值，按其下的二级指标「{level2}」读作「{named}」");
        assert!(stderr.contains(&said), "{said:?} not in\n{stderr}");
    }
}

#[test]
fn the_year_is_read_from_a_title_naming_only_its_year() {
    for (title, year) in [
        ("2021年项目支出绩效自评表", "2021"),
        ("益阳市农业农村局2020年项目支出绩效自评表", "2020"),
        ("（2019年度）项目支出绩效自评表", "2019"),
    ] {
        let text = TABLE.replace("2021年项目支出绩效自评表", title);
        let (exit, toml, stderr) = import("pasted-year", text.as_bytes());
        assert_eq!(exit, 0, "{title}: {stderr}");
        assert!(
            toml.contains(&format!("year = {year}\n")),
            "{title}: {toml}"
        );
    }
}

#[test]
fn errors_name_the_line_of_the_pasted_text() {
    for (from, to, said) in [
        (
            "\t40\t40",
            "\t-5\t3",
            "表.txt: 第7行: 分值不得为负数，实为 -5",
        ),
        (
            "\t20\t20\n培训场次",
            "\t-1\t0\n培训场次",
            "表.txt: 第4行: 分值不得为负数，实为 -1",
        ),
    ] {
        let (exit, _, stderr) = import("pasted-error-line", TABLE.replacen(from, to, 1).as_bytes());
        assert_eq!(exit, 2, "{stderr}");
        assert!(stderr.contains(said), "{said:?} not in\n{stderr}");
    }
}

#[test]
fn gbk_and_utf16_text_is_read() {
    let (gbk, _, _) = encoding_rs::GBK.encode(TABLE);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(TABLE.encode_utf16().flat_map(u16::to_le_bytes));
    for (bytes, encoding) in [(gbk.into_owned(), "gb18030"), (utf16, "utf-16le")] {
        let (exit, toml, stderr) = import("pasted-encoding", &bytes);
        assert_eq!(exit, 0, "{stderr}");
        assert!(toml.contains("name = \"培训项目\""), "{toml}");
        assert_eq!(toml.matches("[[indicator]]").count(), 4, "{toml}");
        assert!(stderr.to_lowercase().contains(encoding), "{stderr}");
    }
}

#[test]
fn a_cell_of_several_lines_copied_from_excel_is_one_cell() {
    // Excel copies a cell holding a line break in quotes, a quote inside doubled: a note of two
    // lines, and a name broken over lines with a quote in it. It copies the empty notes of the
    // other rows too, as a tab at their end.
    let with_notes: String = TABLE
        .lines()
        .map(|line| match line {
            _ if line.starts_with("一级指标") => format!("{line}\t偏差原因分析及改进措施\n"),
            _ if line.contains('\t') && !line.starts_with("项目名称") => format!("{line}\t\n"),
            _ => format!("{line}\n"),
        })
        .collect();
    let note = with_notes.replace(
        "培训人次\t≥100人次\t120人次\t20\t20\t\n",
        "培训人次\t≥100人次\t120人次\t20\t20\t\"场地不足；\n下年增加场次\"\n",
    );
    let name = TABLE.replace(
        "效益指标\t社会效益指标\t满意度",
        "效益指标\t社会效益指标\t\"群众\"\"满意度\"\"\n调查\"",
    );
    for (text, expected) in [
        (note, "note = \"\"\"\n场地不足；\n下年增加场次\"\"\""),
        (name, "name = '群众\"满意度\"调查'"),
    ] {
        let (exit, toml, stderr) = import("pasted-quoted", text.as_bytes());
        assert_eq!(exit, 0, "{stderr}");
        assert!(toml.contains(expected), "{expected}\nnot in\n{toml}");
        assert_eq!(toml.matches("[[indicator]]").count(), 4, "{toml}");
        assert!(!toml.contains("下年增加场次\"\n"), "{toml}");
    }
}
