//! Word documents read as Word displays them: hidden runs, tracked changes, fields,
//! hyperlinks, smart tags and content controls; cells placed where Word draws them
//! (`w:gridBefore`, `w:gridSpan`, `w:vMerge`, nested tables); and bounded reading, each
//! document built here from its `word/document.xml`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::common::{perf_eval, scratch, stdout_of};

/// A .docx holding `body` (the children of `w:body`).
fn docx(path: &Path, body: &str) {
    let mut out = zip::ZipWriter::new(fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string(),
        ),
        (
            "word/document.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}</w:body></w:document>"#
            ),
        ),
    ];
    for (name, text) in parts {
        out.start_file(name, options).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap();
}

fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

/// A cell of one paragraph holding `content` (runs and what wraps them).
fn cell(content: &str) -> String {
    format!("<w:tc><w:p>{content}</w:p></w:tc>")
}

/// A cell with properties (`<w:gridSpan w:val="2"/>`, `<w:vMerge/>`).
fn cell_with(properties: &str, content: &str) -> String {
    format!("<w:tc><w:tcPr>{properties}</w:tcPr><w:p>{content}</w:p></w:tc>")
}

fn row(cells: &[String]) -> String {
    format!("<w:tr>{}</w:tr>", cells.concat())
}

fn plain(texts: &[&str]) -> String {
    row(&texts.iter().map(|t| cell(&run(t))).collect::<Vec<_>>())
}

fn table(rows: &[String]) -> String {
    format!("<w:tbl>{}</w:tbl>", rows.concat())
}

fn paragraph(text: &str) -> String {
    format!("<w:p>{}</w:p>", run(text))
}

/// The 自评表's header rows, then `rows` of indicators under 一级指标 | 二级指标 | 三级指标 |
/// 年度指标值 | 实际完成值 | 分值 | 得分.
fn form(rows: &[String]) -> String {
    let mut all = vec![
        row(&[
            cell(&run("项目名称")),
            cell_with("<w:gridSpan w:val=\"6\"/>", &run("培训项目")),
        ]),
        plain(&[
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
        ]),
    ];
    all.extend_from_slice(rows);
    format!("{}{}", paragraph("2023年度项目支出绩效自评表"), table(&all))
}

/// An indicator row whose 实际完成值 and 得分 cells hold `actual` and `score` as Word XML.
fn indicator(name: &str, actual: &str, score: &str) -> String {
    row(&[
        cell(&run("产出指标")),
        cell(&run("数量指标")),
        cell(&run(name)),
        cell(&run("≥100人次")),
        cell(actual),
        cell(&run("50")),
        cell(score),
    ])
}

fn imported(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    docx(&path, body);
    stdout_of(&["import", path.to_str().unwrap()])
}

/// The project file's lines without their cell comments.
fn keys(toml: &str) -> Vec<String> {
    toml.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split("  #").next().unwrap().trim_end().to_string())
        .collect()
}

/// The `actual` and `score` lines of every indicator.
fn actual_and_score(toml: &str) -> Vec<String> {
    keys(toml)
        .into_iter()
        .filter(|l| l.starts_with("actual = ") || l.starts_with("score = "))
        .collect()
}

/// Whether the project file reads `key` from the cell at `place`.
fn placed(toml: &str, key: &str, place: &str) -> bool {
    toml.lines()
        .any(|l| l.starts_with(key) && l.ends_with(&format!("# {place}")))
}

const HIDDEN: &str = "<w:rPr><w:vanish/></w:rPr>";

#[test]
fn a_cell_reads_as_word_displays_it() {
    let dir = scratch("word-displayed");
    let hidden = |text: &str| format!("<w:r>{HIDDEN}<w:t>{text}</w:t></w:r>");
    let field = |code: &str, result: &str| {
        format!(
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>{code}</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
            run(result)
        )
    };
    let rows = [
        // A hidden run in the middle of a figure, and one after it.
        indicator(
            "隐藏文字一",
            &format!("{}{}{}", run("9"), hidden("5"), run("0人次")),
            &run("45"),
        ),
        indicator(
            "隐藏文字二",
            &format!("{}{}", run("80人次"), hidden("（原填120人次）")),
            &format!("{}{}", run("40"), hidden("0")),
        ),
        // Hidden switched off is displayed.
        indicator(
            "显示文字",
            "<w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>100人次</w:t></w:r>",
            &run("50"),
        ),
        // Tracked changes: the deletion is gone, the insertion kept; a vanish among the old
        // properties of a formatting change does not hide the run.
        indicator(
            "修订一",
            "<w:del><w:r><w:delText>60人次</w:delText></w:r></w:del><w:ins><w:r><w:t>90人次</w:t></w:r></w:ins>",
            &run("45"),
        ),
        indicator(
            "修订二",
            &format!(
                "{}<w:moveFrom><w:r><w:t>0</w:t></w:r></w:moveFrom><w:r><w:rPr><w:rPrChange><w:rPr><w:vanish/></w:rPr></w:rPrChange></w:rPr><w:t>人次</w:t></w:r>",
                run("70")
            ),
            "<w:del><w:r><w:delText>50</w:delText></w:r></w:del><w:r><w:t>35</w:t></w:r>",
        ),
        // Fields: the result Word shows, never the code; a simple field too.
        indicator(
            "域一",
            &field(" DOCPROPERTY 实际 ", "88人次"),
            &field(" =SUM(ABOVE) \\# \"0\" ", "44"),
        ),
        indicator(
            "域二",
            &run("75人次"),
            "<w:fldSimple w:instr=\" =37.5 \"><w:r><w:t>37.5</w:t></w:r></w:fldSimple>",
        ),
        // Hyperlinks, smart tags and content controls are read through; a control still
        // showing its prompt holds nothing.
        indicator(
            "超链接",
            "<w:hyperlink r:id=\"rId9\"><w:r><w:t>100人次</w:t></w:r></w:hyperlink>",
            "<w:hyperlink w:anchor=\"x\"><w:r><w:t>50</w:t></w:r></w:hyperlink>",
        ),
        indicator(
            "智能标记",
            &format!(
                "<w:smartTag w:uri=\"urn:schemas-microsoft-com:office:smarttags\" w:element=\"chmetcnv\"><w:smartTagPr><w:attr w:name=\"UnitName\" w:val=\"人次\"/></w:smartTagPr>{}</w:smartTag>{}",
                run("110"),
                run("人次")
            ),
            &run("50"),
        ),
        // A smart tag around part of a figure, inside custom XML.
        indicator(
            "智能标记二",
            &format!(
                "<w:customXml w:element=\"实际\">{}<w:smartTag w:element=\"place\">{}</w:smartTag></w:customXml>",
                run("1"),
                run("20人次")
            ),
            &run("50"),
        ),
        indicator(
            "内容控件",
            &format!(
                "<w:sdt><w:sdtPr><w:alias w:val=\"实际\"/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>",
                run("95人次")
            ),
            &format!(
                "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>",
                run("单击此处输入文字。")
            ),
        ),
        // A sign inserted from the Symbol font, and an entity.
        indicator(
            "符号",
            &format!(
                "<w:r><w:sym w:font=\"Symbol\" w:char=\"F0B3\"/><w:t>100人次</w:t></w:r>{}",
                run("&amp;")
            ),
            &run("50"),
        ),
    ];
    let toml = imported(&dir, "displayed.docx", &form(&rows));
    assert_eq!(
        actual_and_score(&toml),
        [
            "actual = \"90人次\"",
            "score = 45",
            "actual = \"80人次\"",
            "score = 40",
            "actual = \"100人次\"",
            "score = 50",
            "actual = \"90人次\"",
            "score = 45",
            "actual = \"70人次\"",
            "score = 35",
            "actual = \"88人次\"",
            "score = 44",
            "actual = \"75人次\"",
            "score = 37.5",
            "actual = \"100人次\"",
            "score = 50",
            "actual = \"110人次\"",
            "score = 50",
            "actual = \"120人次\"",
            "score = 50",
            "actual = \"95人次\"",
            "actual = \"≥100人次&\"",
            "score = 50",
        ],
        "{toml}"
    );
}

#[test]
fn cells_land_in_the_column_word_draws_them_in() {
    let dir = scratch("word-grid");
    let restart = "<w:vMerge w:val=\"restart\"/>";
    let rows = [
        row(&[
            cell_with(restart, &run("产出指标")),
            cell_with(restart, &run("数量指标")),
            cell(&run("培训人次")),
            cell(&run("≥100人次")),
            cell(&run("100人次")),
            cell(&run("20")),
            cell(&run("20")),
        ]),
        // Merged down: 一级 and 二级 continue from the row above (`<w:vMerge/>` has no value).
        row(&[
            cell_with("<w:vMerge/>", ""),
            cell_with("<w:vMerge w:val=\"continue\"/>", ""),
            cell(&run("培训场次")),
            cell(&run("≥4场")),
            cell(&run("4场")),
            cell(&run("10")),
            cell(&run("10")),
        ]),
        // A row drawn from the second column (the first cell merged away), and one from the
        // third, each with a cell spanning two columns after it.
        format!(
            "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{}{}{}{}{}</w:tr>",
            cell(&run("质量指标")),
            cell(&run("合格率")),
            cell_with("<w:gridSpan w:val=\"2\"/>", &run("100%")),
            cell(&run("10")),
            cell(&run("10")),
        ),
        format!(
            "<w:tr><w:trPr><w:gridBefore w:val=\"2\"/><w:gridAfter w:val=\"1\"/></w:trPr>{}{}{}{}{}</w:tr>",
            cell(&run("验收率")),
            cell(&run("100%")),
            cell(&run("100%")),
            cell(&run("10")),
            cell(&run("10")),
        ),
        // A deleted row is not read.
        format!(
            "<w:tr><w:trPr><w:del w:id=\"1\" w:author=\"张三\"/></w:trPr>{}</w:tr>",
            ["效益指标", "社会效益指标", "已删除", "1", "1", "50", "50"]
                .map(|t| cell(&run(t)))
                .concat()
        ),
        // A table nested in a cell adds its text to that cell and moves nothing.
        row(&[
            cell(&run("效益指标")),
            cell(&run("社会效益指标")),
            cell(&run("群众获得感")),
            format!(
                "<w:tc><w:p/>{}<w:p/></w:tc>",
                table(&[plain(&["有效", "提升"])])
            ),
            cell(&run("有效提升")),
            cell(&run("50")),
            cell(&run("50")),
        ]),
    ];
    let toml = imported(&dir, "grid.docx", &form(&rows));
    let indicators: Vec<String> = toml
        .split("[[indicator]]")
        .skip(1)
        .map(|block| {
            let keys = keys(block);
            keys[1..8].join("; ")
        })
        .collect();
    assert_eq!(
        indicators,
        [
            "level1 = \"产出指标\"; level2 = \"数量指标\"; name = \"培训人次\"; target = \"≥100人次\"; actual = \"100人次\"; weight = 20; score = 20",
            "level1 = \"产出指标\"; level2 = \"数量指标\"; name = \"培训场次\"; target = \"≥4场\"; actual = \"4场\"; weight = 10; score = 10",
            "level1 = \"产出指标\"; level2 = \"质量指标\"; name = \"合格率\"; target = \"100%\"; actual = \"100%\"; weight = 10; score = 10",
            "level1 = \"产出指标\"; level2 = \"质量指标\"; name = \"验收率\"; target = \"100%\"; actual = \"100%\"; weight = 10; score = 10",
            "level1 = \"效益指标\"; level2 = \"社会效益指标\"; name = \"群众获得感\"; target = \"有效 提升\"; actual = \"有效提升\"; weight = 50; score = 50",
        ],
        "{toml}"
    );
    // Each cell is named where Word draws it: the row from the third column has its figure
    // in the fifth.
    assert!(
        placed(&toml, "actual = \"100%\"", "表格1 第6行第5列"),
        "{toml}"
    );
}

#[test]
fn a_form_laid_out_inside_another_table_is_found_there() {
    let dir = scratch("word-nested");
    for (name, depth) in [("one.docx", 1), ("three.docx", 3)] {
        let inner = form(&[indicator("培训人次", &run("100人次"), &run("50"))]);
        let mut body = inner;
        for _ in 0..depth {
            body = table(&[format!("<w:tr><w:tc>{body}<w:p/></w:tc></w:tr>")]);
        }
        let toml = imported(&dir, name, &body);
        let sheet = ["表格1", "-1", "-1", "-1"][..=depth].concat();
        assert!(
            toml.starts_with(&format!(
                "# 由 perf-eval 从 {}（{sheet}）导入",
                dir.join(name).display()
            )),
            "{toml}"
        );
        assert!(toml.contains("name = \"培训项目\""), "{toml}");
        let place = format!("{sheet} 第3行第5列");
        assert!(placed(&toml, "actual = \"100人次\"", &place), "{toml}");
    }
}

/// A document of a few KB that unpacks to megabytes.
fn hostile(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    docx(&path, body);
    path
}

#[cfg(unix)]
#[test]
fn a_hostile_word_file_is_refused_within_bounds_and_the_others_still_read() {
    let dir = scratch("word-hostile");
    let nested = hostile(
        &dir,
        "nested.docx",
        &format!(
            "{}{}",
            "<w:tbl><w:tr><w:tc>".repeat(200),
            "</w:tc></w:tr></w:tbl>".repeat(200)
        ),
    );
    let paragraphs = hostile(&dir, "paragraphs.docx", &"<w:p/>".repeat(2_000_000));
    let cells = hostile(
        &dir,
        "cells.docx",
        &format!(
            "<w:tbl>{}</w:tbl>",
            format!("<w:tr>{}</w:tr>", "<w:tc/>".repeat(100)).repeat(5_000)
        ),
    );
    let wide = hostile(
        &dir,
        "wide.docx",
        &format!(
            "<w:tbl>{}</w:tbl>",
            "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"1000000\"/></w:tcPr><w:p/></w:tc></w:tr>"
                .repeat(3_000)
        ),
    );
    for (path, why) in [
        (
            &nested,
            "这个 Word 文档表格套表格超过 8 层，不是自评表，不予读取",
        ),
        (
            &paragraphs,
            "这个 Word 文档段落超过 100000 个，不是自评表，不予读取",
        ),
        (
            &cells,
            "这个 Word 文档表格单元格超过 200000 个，不是自评表，不予读取",
        ),
        (
            &wide,
            "这个 Word 文档表格单元格超过 200000 个，不是自评表，不予读取",
        ),
    ] {
        assert!(
            fs::metadata(path).unwrap().len() < 200_000,
            "{}",
            path.display()
        );
        let file = path.to_str().unwrap();
        let started = std::time::Instant::now();
        let output = crate::import::within_1_gb(&["import", file]);
        assert!(started.elapsed().as_secs() < 10, "{file}");
        assert_eq!(output.status.code(), Some(2), "{output:?}");
        assert_eq!(
            String::from_utf8(output.stderr).unwrap(),
            format!("错误: {file}: {why}\n")
        );
    }
    // One bad document among good ones: the others are checked, the bad one reported.
    let good = dir.join("good.docx");
    docx(
        &good,
        &form(&[indicator("培训人次", &run("100人次"), &run("45"))]),
    );
    let output = perf_eval()
        .args(["check", nested.to_str().unwrap(), good.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!("{}:表格1 第3行第7列", good.display())),
        "{stdout}"
    );
    assert!(
        stderr.contains("表格套表格超过 8 层") || stdout.contains("表格套表格超过 8 层"),
        "{stdout}{stderr}"
    );
}

#[test]
fn a_cell_of_several_lines_reads_on_one_line() {
    let dir = scratch("word-lines");
    // Two paragraphs (Enter) and a line break (Shift+Enter) inside a name and an actual.
    let rows = [
        indicator(
            "培训\n人次",
            &format!("{}</w:p><w:p>{}", run("90"), run("人次")),
            &run("45"),
        ),
        indicator(
            "培训场次",
            &format!("{}<w:r><w:br/></w:r>{}", run("4场"), run("（含线上1场）")),
            &run("50"),
        ),
    ];
    let body = form(&rows).replace(
        &run("培训项目"),
        &format!("{}</w:p><w:p>{}", run("农村实用技术"), run("培训项目")),
    );
    let toml = imported(&dir, "lines.docx", &body);
    let keys = keys(&toml);
    for expected in [
        "name = \"农村实用技术培训项目\"",
        "name = \"培训人次\"",
        "actual = \"90人次\"",
        "actual = \"4场（含线上1场）\"",
    ] {
        assert!(keys.iter().any(|k| k == expected), "{expected}\n{toml}");
    }
}
