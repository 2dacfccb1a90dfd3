//! `perf-eval check --output`: the audit pack a bureau circulates, as HTML (loaded in a real
//! headless Chromium) and as an Excel summary.

use std::path::Path;
use std::process::Command;

use calamine::{Data, DataType, Reader, Xlsx};

use crate::common;
use common::{desk::bureau_folder, perf_eval, scratch};

/// Checks `folder` with `args`, returns the exit status and the JSON summary of the same run.
fn check(folder: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let output = perf_eval()
        .arg("check")
        .arg(folder)
        .args(args)
        .output()
        .unwrap();
    assert!(output.stderr.is_empty(), "{output:?}");
    let json = perf_eval()
        .args(["check", "--format", "json"])
        .arg(folder)
        .output()
        .unwrap();
    let document: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    (output.status.code().unwrap(), document["summary"].clone())
}

/// Headless Chromium, with everything that would reach the network switched off. `None` when
/// it is not installed and CI is not set; under CI a missing browser fails the test.
fn chromium(profile: &Path, args: &[&str]) -> Option<std::process::Output> {
    if !crate::common::installed("chromium", "apt-get install chromium") {
        return None;
    }
    let output = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    Some(output)
}

fn count(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

#[test]
fn a_bureau_folder_gives_an_html_pack_a_browser_shows() {
    let dir = scratch("pack-html");
    let tables = bureau_folder(&dir, 300);
    let pack = dir.join("审核报告.html");
    let (code, summary) = check(&tables, &["--output", pack.to_str().unwrap()]);
    assert_eq!(code, 2, "the folder holds unusable files");
    assert_eq!(summary["files"], 300);
    let html = std::fs::read_to_string(&pack).unwrap();
    // Self-contained: nothing is fetched, not even a font.
    for remote in ["http://", "https://", "@import", "<link", "src=\""] {
        assert_eq!(count(&html, remote), 0, "{remote}");
    }
    let url = format!("file://{}", pack.display());
    let Some(dom) = chromium(&dir.join("profile"), &["--dump-dom", &url]) else {
        return;
    };
    let dom = String::from_utf8(dom.stdout).unwrap();
    // The script ran: it counted the rows it shows.
    assert!(dom.contains("<span id=\"shown\">300</span>"), "{dom:.2000}");
    assert_eq!(count(&dom, "<section class=\"table\""), 300);
    assert_eq!(
        count(&dom, "<tr class=\"unusable\""),
        summary["unusable"].as_u64().unwrap() as usize
    );
    let findings = ["errors", "warnings", "infos"]
        .iter()
        .map(|k| summary[k].as_u64().unwrap() as usize)
        .sum::<usize>();
    assert_eq!(count(&dom, "<li class=\"finding "), findings);
    assert!(dom.contains("<h1>项目支出绩效自评表审核报告</h1>"));
    // A differing score is shaded, shows both figures and carries its derivation.
    assert!(dom.contains(
        "<td class=\"num differs\" title=\"未达成（≥）：80/100 × 50 = 40.00\" \
         data-derivation=\"未达成（≥）：80/100 × 50 = 40.00\">40.00【填报 45】</td>"
    ));
    // Every finding names its place and its kind by name, with the stable code as a tooltip.
    let place = format!(
        "<span class=\"place\">{}/单位01/score-mismatch.toml:28:9</span> \
         <b class=\"problem\" title=\"score-mismatch\">得分与规则不符</b>",
        tables.display()
    );
    assert!(dom.contains(&place), "{place}");
    // The summary's problem column names each kind once, the code again as the tooltip.
    assert!(dom.contains(
        "<span title=\"score-mismatch\">得分与规则不符</span><br><span title=\"total-mismatch\">总分与规则不符</span>"
    ));
    assert!(dom.contains("<span title=\"unusable-input\">无法使用的文件</span>"));

    // A link with a code filters the summary to the tables that have it.
    let with_code = tables
        .read_dir()
        .unwrap()
        .map(|unit| unit.unwrap().path().join("score-mismatch.toml"))
        .filter(|path| path.exists())
        .count();
    let filtered = chromium(
        &dir.join("profile-filter"),
        &["--dump-dom", &format!("{url}#code=score-mismatch")],
    )
    .unwrap();
    let filtered = String::from_utf8(filtered.stdout).unwrap();
    assert!(
        filtered.contains(&format!("<span id=\"shown\">{with_code}</span>")),
        "{with_code}: {}",
        &filtered[filtered.find("id=\"shown\"").unwrap()..][..40]
    );

    let shot = dir.join("audit-pack.png");
    chromium(
        &dir.join("profile-shot"),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,1600",
            &url,
        ],
    )
    .unwrap();
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // Width and height from the IHDR chunk: the window asked for.
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 1280);
    assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 1600);
}

#[test]
fn a_link_with_a_malformed_filter_still_runs_the_page_s_script() {
    let dir = scratch("pack-fragment");
    let tables = bureau_folder(&dir, 6);
    let pack = dir.join("审核报告.html");
    let (_, summary) = check(&tables, &["--output", pack.to_str().unwrap()]);
    assert_eq!(summary["files"], 6);
    let url = format!("file://{}", pack.display());
    // The rows shown once the script has run to its end, where it counts them.
    let shown = |fragment: &str, profile: &str| {
        let dom = chromium(
            &dir.join(profile),
            &["--dump-dom", &format!("{url}{fragment}")],
        )?;
        let dom = String::from_utf8(dom.stdout).unwrap();
        let count = dom.split("<span id=\"shown\">").nth(1)?.split('<').next()?;
        Some(count.to_string())
    };
    let Some(malformed) = shown("#code=%E0", "profile-malformed") else {
        return;
    };
    assert_eq!(malformed, "0");
    let plain = shown("#code=budget-adjusted", "profile-plain").unwrap();
    assert_ne!(plain, "0");
    assert_eq!(
        shown("#code=budget%2Dadjusted", "profile-encoded"),
        Some(plain)
    );
}

#[test]
fn the_english_pack_follows_lang() {
    let dir = scratch("pack-en");
    let pack = dir.join("audit.html");
    let output = perf_eval()
        .args(["check", "fixtures/2022.toml", "--lang", "en", "--output"])
        .arg(&pack)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let html = std::fs::read_to_string(&pack).unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(
        html.contains("<h1>Audit of project expenditure performance self-evaluation tables</h1>")
    );
    assert!(html.contains("<h2>2022 project expenditure performance self-evaluation"));
}

#[test]
fn the_xlsx_summary_has_a_row_per_table_and_a_sheet_per_severity() {
    let dir = scratch("pack-xlsx");
    let tables = bureau_folder(&dir, 100);
    let pack = dir.join("汇总表.xlsx");
    let (code, summary) = check(&tables, &["--output", pack.to_str().unwrap()]);
    assert_eq!(code, 2);
    let mut workbook: Xlsx<_> = calamine::open_workbook(&pack).unwrap();
    assert_eq!(workbook.sheet_names(), ["汇总", "错误", "警告", "提示"]);
    let rows = workbook.worksheet_range("汇总").unwrap();
    assert_eq!(rows.height(), 101);
    assert_eq!(
        rows.rows().next().unwrap()[..6],
        [
            Data::String("文件".into()),
            Data::String("主管部门".into()),
            Data::String("实施单位".into()),
            Data::String("项目名称".into()),
            Data::String("填报总分".into()),
            Data::String("复核总分".into()),
        ]
    );
    // The 2022 table, the last sample: numbers are numbers.
    let row = rows
        .rows()
        .find(|row| row[0].to_string().ends_with("2022.toml"))
        .unwrap();
    assert_eq!(row[4], Data::Float(96.0));
    assert_eq!(row[5], Data::Float(96.0));
    assert_eq!(row[6], Data::String("优秀".into()));
    let mut per_sheet = |name: &str| workbook.worksheet_range(name).unwrap().height() - 1;
    assert_eq!(
        per_sheet("警告") + per_sheet("提示"),
        (summary["warnings"].as_u64().unwrap() + summary["infos"].as_u64().unwrap()) as usize
    );
    assert_eq!(
        per_sheet("错误"),
        (summary["errors"].as_u64().unwrap() + summary["unusable"].as_u64().unwrap()) as usize
    );
}

#[test]
fn a_pack_needs_a_known_extension() {
    common::fails_with(
        &["check", "fixtures/2022.toml", "--output", "审核报告.pdf"],
        2,
        "错误: 审核报告.pdf: 无法从扩展名判断格式；请用 .html、.xlsx\n",
    );
}

#[test]
fn the_pack_prints_on_a4_with_each_table_on_its_own_page() {
    let dir = scratch("pack-print");
    let pack = dir.join("审核报告.html");
    let output = perf_eval()
        .args([
            "check",
            "tests/data/findings/score-mismatch.toml",
            "tests/data/findings/clean.toml",
            "tests/data/bad/syntax.toml",
            "--output",
        ])
        .arg(&pack)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let pdf = dir.join("审核报告.pdf");
    let printed = chromium(
        &dir.join("profile"),
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", pack.display()),
        ],
    );
    if printed.is_none() {
        return;
    }
    let pdf = String::from_utf8_lossy(&std::fs::read(&pdf).unwrap()).into_owned();
    let pages = count(&pdf, "/Type /Page") - count(&pdf, "/Type /Pages");
    // The summary, then a page break before each of the three tables.
    assert!(pages >= 4, "{pages} pages");
    let boxes: Vec<&str> = pdf
        .match_indices("/MediaBox [")
        .map(|(at, _)| pdf[at..].split(']').next().unwrap())
        .collect();
    assert_eq!(boxes.len(), pages);
    for media in boxes {
        let size: Vec<f64> = media["/MediaBox [".len()..]
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect();
        // A4 is 210 × 297 mm: 595 × 842 points.
        assert!(
            (size[2] - 595.0).abs() < 1.5 && (size[3] - 842.0).abs() < 1.5,
            "{media}"
        );
    }
}

#[test]
fn a_table_in_the_pack_is_the_official_form_with_its_findings() {
    let dir = scratch("pack-section");
    let pack = dir.join("审核报告.html");
    let output = perf_eval()
        .args([
            "check",
            "tests/data/findings/score-mismatch.toml",
            "--output",
        ])
        .arg(&pack)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let html = std::fs::read_to_string(&pack).unwrap();
    let start = html.find("<table id=\"summary\">").unwrap();
    let end = html.find("</section>").unwrap();
    insta::assert_snapshot!(&html[start..end]);
}

/// The `width` of each `<col>` of a sheet's XML, column by column.
fn column_widths(sheet: &str) -> Vec<f64> {
    let mut widths = Vec::new();
    for col in sheet.split("<col").skip(1) {
        let attribute = |name: &str| {
            let start = col.find(&format!(" {name}=\""))? + name.len() + 3;
            col[start..].split('"').next().map(str::to_string)
        };
        // `<cols>` itself has no attributes.
        let (Some(min), Some(max), Some(width)) =
            (attribute("min"), attribute("max"), attribute("width"))
        else {
            continue;
        };
        let (min, max): (usize, usize) = (min.parse().unwrap(), max.parse().unwrap());
        let width: f64 = width.parse().unwrap();
        widths.extend(std::iter::repeat_n(width, max - min + 1));
    }
    widths
}

#[test]
fn the_xlsx_summary_prints_landscape_with_columns_as_wide_as_their_text() {
    let dir = scratch("pack-xlsx-print");
    let tables = dir.join("自评表");
    std::fs::create_dir_all(&tables).unwrap();
    for sample in [
        "fixtures/2022.toml",
        "tests/data/findings/score-mismatch.toml",
        "tests/data/findings/clean.toml",
    ] {
        let name = Path::new(sample).file_name().unwrap();
        std::fs::copy(sample, tables.join(name)).unwrap();
    }
    let pack = dir.join("汇总表.xlsx");
    check(&tables, &["--output", pack.to_str().unwrap()]);
    let workbook = common::zip_part(&pack, "xl/workbook.xml");
    for (index, sheet) in ["汇总", "错误", "警告", "提示"].iter().enumerate() {
        let xml = common::zip_part(&pack, &format!("xl/worksheets/sheet{}.xml", index + 1));
        // Landscape A4, one page wide and as many long as the rows need.
        assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{sheet}");
        assert!(
            xml.contains("<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\""),
            "{sheet}"
        );
        // Ruled, with the headings centred over their columns.
        assert!(xml.contains("<printOptions gridLines=\"1\"/>"), "{sheet}");
        // The header row is printed on every page.
        assert!(
            workbook.contains(&format!(
                "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"{index}\">{sheet}!$1:$1</definedName>"
            )),
            "{sheet}"
        );
    }
    let summary = common::zip_part(&pack, "xl/worksheets/sheet1.xml");
    let widths = column_widths(&summary);
    assert_eq!(widths.len(), 10, "{widths:?}");
    // 实施单位: 益阳市智慧城市和大数据中心 (13 characters) is not cut; the counts stay narrow.
    assert_eq!(widths[2], 28.0 + 0.7109375);
    assert_eq!(widths[7], 6.0 + 0.7109375);
    assert!(widths.iter().sum::<f64>() < 190.0, "{widths:?}");

    // A message longer than its column wraps, and its row is as high as its lines.
    let warnings = common::zip_part(&pack, "xl/worksheets/sheet3.xml");
    let message = column_widths(&warnings)[5];
    assert!((40.0..42.0).contains(&message), "{message}");
    let heights: Vec<f64> = warnings
        .split(" ht=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
        .collect();
    assert!(!heights.is_empty());
    assert!(
        heights.iter().all(|h| *h >= 30.0 && h % 15.0 == 0.0),
        "{heights:?}"
    );
}

/// The numbers in a line, in order.
fn numbers(line: &str) -> Vec<usize> {
    line.split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().unwrap())
        .collect()
}

/// The text of every `<td class="CLASS">` in the summary table, row by row.
fn summary_cells(html: &str) -> Vec<Vec<String>> {
    let body = html
        .split("<table id=\"summary\">")
        .nth(1)
        .unwrap()
        .split("</tbody>")
        .next()
        .unwrap();
    body.split("<tr")
        .skip(2)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|cell| {
                    let text = cell.split_once('>').unwrap().1;
                    let text = text.split("</td>").next().unwrap();
                    text.split('<')
                        .map(|piece| piece.rsplit('>').next().unwrap())
                        .collect::<String>()
                })
                .collect()
        })
        .collect()
}

/// A folder as a bureau receives it — clean tables, tables with errors, the 2022 table with its
/// habit said once, a workbook with a cell left out, a file that cannot be used — checked once
/// to the terminal with the HTML pack and once with the Excel summary: every count agrees, and
/// an unusable file is counted as unusable, never as a table with no errors.
#[test]
fn the_pack_and_the_terminal_agree_on_every_count() {
    let dir = scratch("pack-agree");
    let tables = dir.join("tables");
    std::fs::create_dir_all(&tables).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in [
        "tests/data/findings/clean.toml",
        "tests/data/findings/score-mismatch.toml",
        "tests/data/findings/missing-note.toml",
        "tests/data/findings/level1-split.toml",
        "tests/data/bad/syntax.toml",
        "fixtures/2022.toml",
    ] {
        let from = root.join(file);
        std::fs::copy(&from, tables.join(from.file_name().unwrap())).unwrap();
    }
    // A declared 得分 that cannot be read (良): left out on import, and said so.
    let mut sheet = crate::import::split_sheet("Sheet1", "培训项目");
    sheet.rows[8][8] = "良";
    crate::import::workbook(&tables.join("workbook.xlsx"), &[sheet]);

    // `check tables --output PACK` from the folder above, as a bureau runs it: its terminal
    // output.
    let check_to = |pack: &Path| {
        let output = perf_eval()
            .current_dir(&dir)
            .args(["check", "tables", "--output", pack.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let html = dir.join("审核报告.html");
    let terminal = check_to(&html);
    let last = terminal.lines().last().unwrap();
    let [files, errors, warnings, infos, unusable] = numbers(last)[..] else {
        panic!("{last}")
    };
    assert_eq!([files, unusable], [7, 1], "{last}");
    assert!(errors > 0 && warnings > 0 && infos > 0, "{last}");
    // The terminal's reports: one headline per finding, and one for the unusable file.
    let headlines = |prefix: &str| {
        terminal
            .lines()
            .filter(|line| line.starts_with(prefix))
            .count()
    };
    assert_eq!(headlines("错误["), errors, "{terminal}");
    assert_eq!(headlines("警告"), warnings, "{terminal}");
    assert_eq!(headlines("提示["), infos, "{terminal}");
    assert_eq!(headlines("错误: "), unusable, "{terminal}");

    let page = std::fs::read_to_string(&html).unwrap();
    // The pack's overview is the terminal's last line, word for word.
    assert!(
        page.contains(&format!("<p class=\"overview\" id=\"overview\">{last}</p>")),
        "{last}"
    );
    for (class, expected) in [
        ("<li class=\"finding error\"", errors),
        ("<li class=\"finding warning\"", warnings),
        ("<li class=\"finding info\"", infos),
        ("<tr class=\"unusable\"", unusable),
        ("<section class=\"table\"", files),
    ] {
        assert_eq!(count(&page, class), expected, "{class}");
    }
    // The summary's rows: a row per file, the error and warning columns adding up to the
    // terminal's counts, and no count at all for the file that could not be used.
    let rows = summary_cells(&page);
    assert_eq!(rows.len(), files);
    let column = |index: usize| -> usize {
        rows.iter()
            .filter_map(|row| row[index].parse::<usize>().ok())
            .sum()
    };
    assert_eq!([column(8), column(9)], [errors, warnings]);
    let broken = rows
        .iter()
        .find(|row| row[1] == "tables/syntax.toml")
        .unwrap();
    assert_eq!(broken[4], "无法使用的文件");
    assert_eq!([&broken[8], &broken[9]], ["", ""]);

    let book = dir.join("汇总表.xlsx");
    assert_eq!(check_to(&book), terminal);
    let mut workbook: Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let summary = workbook.worksheet_range("汇总").unwrap();
    let sum = |column: usize| -> usize {
        summary
            .rows()
            .skip(1)
            .filter_map(|row| row[column].get_float())
            .map(|n| n as usize)
            .sum()
    };
    assert_eq!([sum(7), sum(8), sum(9)], [errors, warnings, infos]);
    let broken = summary
        .rows()
        .find(|row| row[0] == Data::String("tables/syntax.toml".into()))
        .unwrap();
    assert_eq!(broken[7..10], [Data::Empty, Data::Empty, Data::Empty]);
    let mut listed = |sheet: &str| workbook.worksheet_range(sheet).unwrap().height() - 1;
    // The errors sheet lists the unusable file too, as the terminal reports it with the errors.
    assert_eq!(
        [listed("错误"), listed("警告"), listed("提示")],
        [errors + unusable, warnings, infos]
    );
}
