//! `perf-eval report`: the draft 绩效自评报告, its figures taken from the table.

use std::path::PathBuf;

use roxmltree::{Document, Node};

use crate::common;
use common::{FORBIDDEN_NAME, NAME, perf_eval, scratch, seed_with, zip_part};

/// Runs `report` and returns its status, standard output and standard error.
fn report(args: &[&str]) -> (i32, String, String) {
    let output = perf_eval().arg("report").args(args).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn the_seed_draft_carries_the_seed_s_own_figures() {
    let (status, draft, stderr) = report(&["fixtures/2022.toml"]);
    // The seed's 产出指标 and 效益指标 headers do not add up: drafted, and a finding.
    assert_eq!(status, 1);
    assert_eq!(
        stderr,
        "草稿中还有 1 处【待填写】，由单位补写；自评表复核有 2 处错误，改正前不应报送（`perf-eval check` 可查看每处错误的位置）。\n"
    );
    // The one place left: the date of the 落款, which the seed's [report] does not give.
    assert!(draft.contains("益阳市智慧城市和大数据中心  \n【待填写：成文日期】"));
    // The figures the seed's report copies by hand from its table.
    for figure in [
        "资金1444.49万元",
        "资金到位率100%",
        "2022年度支出1246.51万元",
        "预算执行率86%",
        "该项目自评分为96分，评价等级为“优秀”",
    ] {
        assert!(draft.contains(figure), "{figure} missing");
    }
    // The three 数量 indicators that fell short, named.
    let quantity = draft
        .lines()
        .find(|line| line.starts_with("数量指标："))
        .unwrap();
    assert!(
        quantity.starts_with("数量指标：3项未达到预期目标。"),
        "{quantity}"
    );
    for name in [
        "“‘益办事’APP办理事项”",
        "“城市运行综合管理平台对接平台数量”",
        "“融合通信平台对接部门数量”",
    ] {
        assert!(quantity.contains(name), "{name} not named in {quantity}");
    }
    insta::assert_snapshot!("draft_seed", draft);
}

#[test]
fn a_table_that_does_not_add_up_says_so_at_the_top() {
    let (status, draft, _) = report(&["fixtures/2022.toml", "--rules", "mof-2020"]);
    assert_eq!(status, 1);
    let top: Vec<&str> = draft.lines().take(3).collect();
    assert_eq!(
        top[2],
        "> 注意：按财政部项目支出绩效自评（财预〔2020〕10号）复核，自评表有10处错误，数字未核对一致前不应报送本报告："
    );
    assert!(draft.contains("该项目自评分为105.50分，评价等级为“优”"));
}

#[test]
fn missing_words_are_marked_never_invented() {
    let (status, draft, stderr) = report(&["tests/data/findings/clean.toml"]);
    assert_eq!(
        status, 0,
        "a clean table drafts with status 0, placeholders or not"
    );
    assert_eq!(
        stderr,
        "草稿中还有 9 处【待填写】，由单位补写；自评表复核无错误。\n"
    );
    for placeholder in [
        "【待填写：项目立项依据、主要内容、资金安排】",
        "【待填写：自评目的、组织方式和工作过程】",
        "【待填写：资金到位率（到位资金÷年初预算数）】",
        "【待填写：成文日期】",
        "【待填写：资金使用及管理情况，如未支出的原因】",
        "【待填写：存在的问题和改进措施】",
        "【待填写：自评结果的应用和公开方式】",
    ] {
        assert!(draft.contains(placeholder), "{placeholder} missing");
    }
    assert!(
        !draft.contains("注意："),
        "a clean table carries no warning"
    );
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Writes the Word draft of `file` into a scratch folder and returns its path.
fn word(name: &str, file: &str) -> PathBuf {
    let path = scratch(name).join("自评报告.docx");
    let (status, stdout, _) = report(&[file, "-o", path.to_str().unwrap()]);
    assert!(status < 2, "{status}");
    assert!(stdout.is_empty());
    path
}

fn is(node: &Node, name: &str) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(W) && node.tag_name().name() == name
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| is(n, name))
}

fn children<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    node.children().filter(|n| is(n, name)).collect()
}

fn all<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    node.descendants().filter(|n| is(n, name)).collect()
}

fn val<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute((W, name))
}

/// `w:val` of the property `path` under `node` (`["pPr", "pStyle"]`).
fn property<'a>(node: Node<'a, '_>, path: &[&str]) -> Option<&'a str> {
    let mut at = node;
    for name in path {
        at = child(at, name)?;
    }
    val(at, "val")
}

fn text(node: Node) -> String {
    all(node, "t")
        .iter()
        .filter_map(|t| t.text())
        .collect::<String>()
}

fn number(node: Node, name: &str) -> i64 {
    val(node, name).unwrap().parse().unwrap()
}

/// The width of the text of a section: page width less the side margins.
fn text_width(section: Node) -> i64 {
    let size = child(section, "pgSz").unwrap();
    let margins = child(section, "pgMar").unwrap();
    number(size, "w") - number(margins, "left") - number(margins, "right")
}

/// The runs of merged cells down grid column `col` of `rows`: (text, rows merged).
fn merged_runs(rows: &[Node], col: usize) -> Vec<(String, usize)> {
    let mut runs: Vec<(String, usize)> = Vec::new();
    for row in rows {
        let mut at = 0;
        for cell in children(*row, "tc") {
            let span: usize =
                property(cell, &["tcPr", "gridSpan"]).map_or(1, |s| s.parse().unwrap());
            if (at..at + span).contains(&col) {
                match child(child(cell, "tcPr").unwrap(), "vMerge").map(|m| val(m, "val")) {
                    Some(Some("continue")) | Some(None) => runs.last_mut().unwrap().1 += 1,
                    _ => runs.push((text(cell), 1)),
                }
            }
            at += span;
        }
    }
    runs
}

#[test]
fn the_word_report_is_laid_out_as_a_government_document() {
    let docx = word("docx-layout", "fixtures/2022.toml");
    let xml = zip_part(&docx, "word/document.xml");
    let document = Document::parse(&xml).unwrap();
    let body = child(document.root_element(), "body").unwrap();

    // Two sections: the report on A4 with the margins of GB/T 9704 (37/35/28/26 mm), then the
    // 附件 on a page of its own, its first paragraph right after the section break.
    let sections = all(body, "sectPr");
    assert_eq!(sections.len(), 2);
    let size = child(sections[0], "pgSz").unwrap();
    assert_eq!((number(size, "w"), number(size, "h")), (11906, 16838));
    let margins = child(sections[0], "pgMar").unwrap();
    assert_eq!(
        ["top", "bottom", "left", "right"].map(|side| number(margins, side)),
        [2098, 1984, 1587, 1474]
    );
    let paragraphs = children(body, "p");
    let break_at = paragraphs
        .iter()
        .position(|p| !all(*p, "sectPr").is_empty())
        .unwrap();
    assert_eq!(text(paragraphs[break_at + 1]), "附件");
    assert_eq!(text(paragraphs[break_at + 2]), "2022年度项目支出绩效自评表");
    assert_eq!(
        property(paragraphs[break_at + 2], &["pPr", "pStyle"]),
        Some("Title")
    );

    // Headings are heading styles, in the faces of GB/T 9704.
    let headings = |style: &str| -> Vec<String> {
        paragraphs
            .iter()
            .filter(|p| property(**p, &["pPr", "pStyle"]) == Some(style))
            .map(|p| text(*p))
            .collect()
    };
    assert_eq!(
        headings("Heading1"),
        [
            "一、项目概况",
            "二、绩效自评工作开展情况",
            "三、综合评价结论",
            "四、绩效目标实现情况分析",
            "五、存在的问题和改进措施",
            "六、绩效自评结果拟应用和公开情况"
        ]
    );
    assert_eq!(
        headings("Heading2"),
        [
            "（一）项目资金使用及管理情况",
            "（二）总体绩效目标完成情况",
            "（三）绩效指标完成情况分析"
        ]
    );
    let styles_xml = zip_part(&docx, "word/styles.xml");
    let styles = Document::parse(&styles_xml).unwrap();
    let style = |id: &str| {
        all(styles.root_element(), "style")
            .into_iter()
            .find(|s| val(*s, "styleId") == Some(id))
            .unwrap()
    };
    let face = |id: &str| {
        child(child(style(id), "rPr").unwrap(), "rFonts")
            .and_then(|f| val(f, "eastAsia"))
            .unwrap()
    };
    assert_eq!(property(style("Heading1"), &["name"]), Some("heading 1"));
    assert_eq!(
        property(style("Heading1"), &["pPr", "outlineLvl"]),
        Some("0")
    );
    assert_eq!(
        property(style("Heading2"), &["pPr", "outlineLvl"]),
        Some("1")
    );
    assert_eq!(
        ["Title", "Heading1", "Heading2", "TableText"].map(face),
        ["方正小标宋简体", "黑体", "楷体_GB2312", "宋体"]
    );
    assert_eq!(property(style("Title"), &["rPr", "sz"]), Some("44"));
    // Body text: the document defaults, 三号 仿宋_GB2312 on a fixed 29 pt line.
    let defaults = all(styles.root_element(), "docDefaults")[0];
    let run_defaults = all(defaults, "rPrDefault")[0];
    assert_eq!(
        val(all(run_defaults, "rFonts")[0], "eastAsia"),
        Some("仿宋_GB2312")
    );
    assert_eq!(val(all(run_defaults, "sz")[0], "val"), Some("32"));
    let spacing = all(all(defaults, "pPrDefault")[0], "spacing")[0];
    assert_eq!(
        (val(spacing, "line"), val(spacing, "lineRule")),
        (Some("580"), Some("exact"))
    );
    // Body paragraphs are indented two characters of 16 pt.
    let body_text = paragraphs
        .iter()
        .find(|p| text(**p).starts_with("2022年1月29日"))
        .unwrap();
    assert_eq!(
        val(
            child(child(*body_text, "pPr").unwrap(), "ind").unwrap(),
            "firstLine"
        ),
        Some("640")
    );

    // Every run names its East-Asian face, and the font table names a substitute for each.
    for run in all(body, "r")
        .into_iter()
        .filter(|r| child(*r, "t").is_some())
    {
        let fonts = child(child(run, "rPr").unwrap(), "rFonts").unwrap();
        assert!(val(fonts, "eastAsia").is_some(), "{}", text(run));
    }
    let fonts_xml = zip_part(&docx, "word/fontTable.xml");
    let fonts = Document::parse(&fonts_xml).unwrap();
    let substitute = all(fonts.root_element(), "font")
        .into_iter()
        .find(|f| val(*f, "name") == Some("仿宋_GB2312"))
        .and_then(|f| property(f, &["altName"]));
    assert_eq!(substitute, Some("仿宋"));

    // Page numbers `— 1 —` at the foot of both sections.
    for section in &sections {
        assert!(child(*section, "footerReference").is_some());
    }
    let footer = zip_part(&docx, "word/footer1.xml");
    let footer = Document::parse(&footer).unwrap();
    let instructions: String = all(footer.root_element(), "instrText")
        .iter()
        .filter_map(|i| i.text())
        .collect();
    assert_eq!(instructions.trim(), "PAGE");
    assert_eq!(text(footer.root_element()), "— 1 —");
}

#[test]
fn the_attached_table_is_the_paper_form() {
    let docx = word("docx-form", "fixtures/2022.toml");
    let xml = zip_part(&docx, "word/document.xml");
    let document = Document::parse(&xml).unwrap();
    let body = child(document.root_element(), "body").unwrap();
    let section = child(body, "sectPr").unwrap();
    // The seed's figures fit portrait columns.
    assert_eq!(val(child(section, "pgSz").unwrap(), "orient"), None);
    let width = text_width(section);
    assert_eq!(width, 11906 - 1587 - 1474);

    let tables = children(body, "tbl");
    assert_eq!(
        tables.len(),
        2,
        "the form, split before the indicator header"
    );
    for table in &tables {
        let grid: i64 = all(*table, "gridCol").iter().map(|c| number(*c, "w")).sum();
        assert_eq!(grid, width, "the grid fills the text width");
        assert_eq!(val(all(*table, "tblLayout")[0], "type"), Some("fixed"));
        for row in children(*table, "tr") {
            let properties = child(row, "trPr").unwrap();
            assert!(child(properties, "cantSplit").is_some(), "{}", text(row));
        }
    }
    assert_eq!(xml.matches("<w:tblHeader").count(), 1);
    let rows = children(tables[1], "tr");
    assert!(child(child(rows[0], "trPr").unwrap(), "tblHeader").is_some());
    // The repeated header holds only header cells: a blank corner, open below to 绩效指标.
    let header: Vec<Node> = children(rows[0], "tc");
    assert_eq!(text(header[0]), "");
    assert!(child(child(header[0], "tcPr").unwrap(), "vMerge").is_none());
    let bottom = all(header[0], "bottom")[0];
    assert_eq!(val(bottom, "val"), Some("nil"));
    assert!(text(rows[0]).starts_with("一级指标二级指标三级指标年度指标值"));

    // 一级 and 二级 merged down their rows; 绩效指标 down the 16 rows under the header.
    let indicators = &rows[1..17];
    assert_eq!(
        merged_runs(indicators, 1),
        [
            ("产出指标（50分）".to_string(), 10),
            ("效益指标（40分）".to_string(), 6)
        ]
    );
    let level2: Vec<(&str, usize)> = vec![
        ("数量指标", 4),
        ("质量指标", 3),
        ("时效指标", 2),
        ("成本指标", 1),
        ("经济效益指标", 1),
        ("社会效益指标", 2),
        ("生态效益指标", 1),
        ("可持续影响指标", 1),
        ("服务对象满意度指标", 1),
    ];
    assert_eq!(
        merged_runs(indicators, 2),
        level2
            .iter()
            .map(|(t, n)| (t.to_string(), *n))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        merged_runs(&rows[..17], 0),
        [(String::new(), 1), ("绩效指标".to_string(), 16)]
    );
    let first = children(rows[1], "tc")[0];
    assert_eq!(property(first, &["tcPr", "vMerge"]), Some("restart"));
    assert_eq!(val(all(first, "top")[0], "val"), Some("nil"));

    // Figures are centred; the 总分 row carries the total and the grade.
    let funds = children(tables[0], "tr");
    let amount = all(funds[3], "tc")
        .into_iter()
        .find(|c| text(*c) == "1444.49")
        .unwrap();
    assert_eq!(
        property(all(amount, "p")[0], &["pPr", "jc"]),
        Some("center")
    );
    let total: Vec<String> = children(rows[17], "tc").into_iter().map(text).collect();
    assert_eq!(total, ["总分", "100", "96", "评价等级：优秀"]);

    // The signature lines, blank where [report] does not fill them.
    let after: Vec<String> = body
        .children()
        .skip_while(|n| !(is(n, "tbl") && *n == tables[1]))
        .filter(|n| is(n, "p"))
        .map(text)
        .collect();
    assert_eq!(
        after[..2],
        [
            "填报单位（盖章）：________________填表人：________",
            "联系电话：____________填报日期：____________"
        ]
    );
}

#[test]
fn a_figure_too_wide_for_portrait_columns_turns_the_attachment_landscape() {
    let file = seed_with(
        "docx-landscape",
        "target = \"1444.49万元\"",
        "target = \"1234567890123.45元\"",
    );
    let docx = word("docx-landscape-out", file.to_str().unwrap());
    let xml = zip_part(&docx, "word/document.xml");
    let document = Document::parse(&xml).unwrap();
    let body = child(document.root_element(), "body").unwrap();
    let sections = all(body, "sectPr");
    let report = child(sections[0], "pgSz").unwrap();
    assert_eq!(val(report, "orient"), None, "the report stays portrait");
    let attachment = sections[1];
    let size = child(attachment, "pgSz").unwrap();
    assert_eq!(
        (number(size, "w"), number(size, "h"), val(size, "orient")),
        (16838, 11906, Some("landscape"))
    );
    let grid: i64 = all(children(body, "tbl")[1], "gridCol")
        .iter()
        .map(|c| number(*c, "w"))
        .sum();
    assert_eq!(grid, text_width(attachment));
}

#[test]
fn signature_lines_come_from_the_report_table() {
    let file = seed_with(
        "docx-signatures",
        "[report]\n",
        "[report]\nfiler = \"益阳市智慧城市和大数据中心\"\npreparer = \"张三\"\nphone = \"0737-1234567\"\ndate = \"2023年3月15日\"\n",
    );
    let docx = word("docx-signatures-out", file.to_str().unwrap());
    let xml = zip_part(&docx, "word/document.xml");
    let document = Document::parse(&xml).unwrap();
    let body = child(document.root_element(), "body").unwrap();
    let lines: Vec<Node> = children(body, "p")
        .into_iter()
        .filter(|p| text(*p).starts_with("填报单位") || text(*p).starts_with("联系电话"))
        .collect();
    assert_eq!(
        lines.iter().map(|p| text(*p)).collect::<Vec<_>>(),
        [
            "填报单位（盖章）：益阳市智慧城市和大数据中心填表人：张三",
            "联系电话：0737-1234567填报日期：2023年3月15日"
        ]
    );
    // 填表人 over 填报日期: both after a tab, at one tab stop.
    let stops: Vec<&str> = lines
        .iter()
        .map(|p| val(all(*p, "tab")[0], "pos").unwrap())
        .collect();
    assert_eq!(stops[0], stops[1]);
    for line in &lines {
        assert_eq!(all(*line, "tab").len(), 2, "the stop and the tab");
    }
    // The 落款 names the filer and gives the date, set to the right.
    let closing: Vec<String> = children(body, "p")
        .into_iter()
        .filter(|p| property(*p, &["pPr", "jc"]) == Some("right"))
        .map(text)
        .collect();
    assert_eq!(closing, ["益阳市智慧城市和大数据中心", "2023年3月15日"]);
}

#[test]
fn characters_xml_forbids_do_not_break_the_word_file() {
    let file = seed_with("docx-forbidden", NAME, FORBIDDEN_NAME);
    let docx = word("docx-forbidden-out", file.to_str().unwrap());
    for part in ["word/document.xml", "word/footer1.xml", "word/styles.xml"] {
        let xml = zip_part(&docx, part);
        assert!(!xml.contains(['\u{FFFE}', '\u{FFFF}']), "{part}");
        Document::parse(&xml).unwrap();
    }
    assert!(zip_part(&docx, "word/document.xml").contains("益阳\u{FFFD}市\u{FFFD}项目"));
}

#[test]
fn an_incomplete_table_states_no_self_score() {
    let (status, draft, _) = report(&["tests/data/shapes/drafted.toml"]);
    assert_eq!(status, 0);
    assert!(
        draft.contains("自评表尚有2项指标未填写实际完成值和得分，暂不计算自评分和评价等级"),
        "{draft}"
    );
    assert!(!draft.contains("该项目自评分为"), "{draft}");
}

#[test]
fn the_handed_in_report_is_chinese_signed_and_free_of_tool_words() {
    for (name, file) in [
        ("docx-handin-seed", "fixtures/2022.toml"),
        ("docx-handin-long", "tests/data/long-table.toml"),
    ] {
        let docx = word(name, file);
        let xml = zip_part(&docx, "word/document.xml");
        let styles = zip_part(&docx, "word/styles.xml");
        // Chinese marked in the run defaults, so that Chinese faces are chosen.
        let styles_doc = Document::parse(&styles).unwrap();
        let lang = all(all(styles_doc.root_element(), "rPrDefault")[0], "lang")[0];
        assert_eq!(
            (val(lang, "val"), val(lang, "eastAsia")),
            (Some("zh-CN"), Some("zh-CN"))
        );
        // Last of the run properties, after the size and the faces, as the schema orders them.
        assert_eq!(lang.next_sibling_element(), None, "{file}");
        assert!(lang.prev_sibling_element().is_some(), "{file}");
        // No tool identifiers or tool words anywhere in what is handed in.
        for word in [
            "yiyang-2022",
            "mof-2020",
            "perf-eval",
            "[report]",
            "[goals]",
            "arrived",
        ] {
            assert!(!xml.contains(word), "{file}: {word}");
        }
        let document = Document::parse(&xml).unwrap();
        let body = child(document.root_element(), "body").unwrap();
        let paragraphs: Vec<String> = children(body, "p").into_iter().map(text).collect();
        // The 附件说明 line closes the body, before the 落款 and the section break.
        let year = if file.contains("2022") { 2022 } else { 2024 };
        let attachment = format!("附件：{year}年度项目支出绩效自评表");
        let at = paragraphs.iter().position(|p| *p == attachment).unwrap();
        assert_eq!(paragraphs[at + 1], "益阳市智慧城市和大数据中心");
    }
    // A title too long for a line breaks before 绩效自评报告, not inside it.
    let docx = word("docx-handin-title", "fixtures/2022.toml");
    let xml = zip_part(&docx, "word/document.xml");
    assert!(
        xml.contains("2022年度益阳市新型智慧城市提升工程项目</w:t><w:br w:type=\"textWrapping\" /><w:t xml:space=\"preserve\">绩效自评报告"),
        "title not broken before 绩效自评报告"
    );
}

/// The grid widths of the indicator table in the Word report of `file`, in twips.
fn indicator_grid(name: &str, file: &str) -> Vec<i64> {
    let xml = zip_part(&word(name, file), "word/document.xml");
    let document = Document::parse(&xml).unwrap();
    let body = child(document.root_element(), "body").unwrap();
    let table = children(body, "tbl")[1];
    all(table, "gridCol")
        .iter()
        .map(|c| number(*c, "w"))
        .collect()
}

#[test]
fn no_figure_breaks_inside_its_column() {
    // The long table's widest figure, `≤1444.49万元`, fits its column in one line: the grid
    // column under 年度指标值 is at least as wide as the figure at 10.5 pt (5.75 em ≈ 21.3 mm)
    // and its padding.
    let grid = indicator_grid("docx-widths", "tests/data/long-table.toml");
    assert!(grid[5] >= 1240, "{grid:?}");
    // The seed fits portrait, its 一级 weights `（50分）` and `1444.49万元` whole.
    let grid = indicator_grid("docx-widths-seed", "fixtures/2022.toml");
    assert!(grid[1] >= 930 && grid[5] >= 1200, "{grid:?}");
}

/// Every paragraph of the body ends as a sentence does (`。`), the unit's own words too; what
/// stands without a stop is a heading, the numbered sub-heading of an analysis (`1.产出指标完成
/// 情况分析`), a place left to fill in, the notice that the table does not add up, or the
/// 附件说明 (GB/T 9704-2012 7.3.4: no stop after the attachment's name).
#[test]
fn every_paragraph_of_the_body_ends_with_a_stop() {
    for file in ["fixtures/2022.toml", "tests/data/long-table.toml"] {
        let (_, draft, _) = report(&[file]);
        let body = draft.split("\n附件：").next().unwrap();
        let mut checked = 0;
        for line in body.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let numbered = line
                .split_once('.')
                .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()));
            // The notice stands quoted (`> `), apart from the report.
            let set_apart = line.starts_with('#')
                || line.starts_with('>')
                || line.starts_with("【待填写")
                || numbered;
            if !set_apart {
                assert!(
                    line.ends_with('。') || line.ends_with('】'),
                    "{file}: {line}"
                );
                checked += 1;
            }
        }
        assert!(checked >= 10, "{file}: {checked}");
    }
}
