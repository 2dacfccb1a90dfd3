//! The input under audit cannot change the audit, and what perf-eval writes is safe to open:
//! a table's `rules` reads only profiles beside it; outputs neutralise formulas and markup, keep
//! a file's permissions and never write over an input.

use std::fs;
use std::path::Path;

use crate::common;
use common::{perf_eval, scratch, unusable};

const MOF_2020: &str = include_str!("../../crates/perf-eval-core/indicators/mof-2020.toml");

/// The bundled table with `rules = NAME`, written as `dir/p.toml`.
fn table_naming(dir: &Path, rules: &str) -> String {
    let seed = include_str!("../../fixtures/2022.toml");
    let text = seed.replacen(
        "rules = \"yiyang-2022\"",
        &format!("rules = \"{rules}\""),
        1,
    );
    assert_ne!(text, seed);
    let path = dir.join("p.toml");
    fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn a_table_names_only_built_in_profiles_and_profiles_beside_it() {
    let dir = scratch("rules-beside");
    let outside = scratch("rules-beside-outside");
    let secret = "API_TOKEN = \"s3cr3t-value\"\n";
    fs::write(outside.join("keys.toml"), secret).unwrap();
    fs::write(outside.join("profile.toml"), MOF_2020).unwrap();
    let refused = |rules: &str| {
        let project = table_naming(&dir, rules);
        let stderr = unusable(perf_eval().args(["score", &project]));
        assert!(!stderr.contains("s3cr3t"), "{stderr}");
        stderr
    };
    // Anywhere else: refused at the `rules` value, whatever the file holds.
    let keys = outside.join("keys.toml");
    for rules in [
        keys.to_str().unwrap(),
        "../rules-beside-outside/profile.toml",
        "sub/profile.toml",
    ] {
        let stderr = refused(rules);
        let headline = format!(
            "错误: 项目文件的 rules 只能是内置规则的名称，或与项目文件同一文件夹中的规则文件名；`{rules}` 不是（其他位置的规则文件请在命令行用 --rules 给出）"
        );
        assert_eq!(stderr.lines().next(), Some(headline.as_str()), "{stderr}");
        assert!(stderr.contains("^ project.rules"), "{stderr}");
    }
    // A link beside the table that leads out of its folder is refused as well.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.join("profile.toml"), dir.join("link.toml")).unwrap();
        assert!(refused("link.toml").contains("`link.toml` 不是"));
    }
    // Beside it, a file that is not a profile is refused without a byte of it shown.
    fs::write(dir.join("keys.toml"), secret).unwrap();
    let stderr = refused("keys.toml");
    assert!(
        stderr.starts_with("错误: keys.toml 不是有效的规则文件（第 1 行第 1 列）；"),
        "{stderr}"
    );
    assert!(!stderr.contains("API_TOKEN"), "{stderr}");
    // A profile beside it, and a built-in one, are read.
    fs::write(dir.join("local.toml"), MOF_2020).unwrap();
    for rules in ["local.toml", "mof-2020"] {
        let project = table_naming(&dir, rules);
        let output = perf_eval().args(["score", &project]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{rules}: {output:?}");
    }
    // On the command line the auditor names any profile file.
    let project = table_naming(&dir, "keys.toml");
    let output = perf_eval()
        .args(["score", &project, "--rules"])
        .arg(outside.join("profile.toml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

/// The bundled table with names and notes a spreadsheet would run, in a scratch folder.
fn table_with_formulas(name: &str) -> String {
    let path = common::seed_with(
        name,
        "name = \"“益办事”APP办理事项\"",
        "name = \"=HYPERLINK(\\\"http://example.com/\\\",\\\"益办事\\\")\"",
    );
    let text = fs::read_to_string(&path)
        .unwrap()
        .replacen("加强益办事APP办事功能", "@SUM(1+1)", 1)
        .replacen("益阳市新型智慧城市提升工程项目\"", "-2+3 工程\"", 1);
    fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn csv_text_a_spreadsheet_would_run_is_quoted_and_figures_stay_numbers() {
    let project = table_with_formulas("csv-formulas");
    let csv = common::stdout_of(&["score", &project, "--format", "csv"]);
    let row = csv.lines().nth(1).unwrap();
    assert_eq!(
        row,
        "产出指标,数量指标,\"'=HYPERLINK(\"\"http://example.com/\"\",\"\"益办事\"\")\",≥1000个,≥850个,定量,≥,5,4,4,扣分,未达成（≥）：5 − 1 = 4,'@SUM(1+1)"
    );
    // No other field starts as a formula would.
    for field in csv.lines().flat_map(|line| line.split(',')) {
        assert!(!field.starts_with(['=', '@']), "{field}");
    }
}

/// Runs `perf-eval ARGS -o OUT`, asserts its exit status, and returns what it wrote.
fn written(args: &[&str], out: &Path, code: i32) -> Vec<u8> {
    let output = perf_eval().args(args).arg("-o").arg(out).output().unwrap();
    assert_eq!(output.status.code(), Some(code), "{output:?}");
    fs::read(out).unwrap()
}

/// Every text cell of a workbook's sheets whose format has the quote prefix, in sheet order,
/// after asserting that no formula holds anything but the table's own arithmetic on its cells
/// (执行率, the funds score and the total are formulas).
fn quote_prefixed(xlsx: &[u8]) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let strings = read("xl/sharedStrings.xml");
    let strings = roxmltree::Document::parse(&strings).unwrap();
    let strings: Vec<String> = strings
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("si"))
        .map(|si| {
            si.descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect()
        })
        .collect();
    let styles = read("xl/styles.xml");
    let styles = roxmltree::Document::parse(&styles).unwrap();
    let prefixed: Vec<bool> = styles
        .descendants()
        .find(|n| n.has_tag_name("cellXfs"))
        .unwrap()
        .children()
        .filter(|n| n.has_tag_name("xf"))
        .map(|xf| xf.attribute("quotePrefix") == Some("1"))
        .collect();
    let mut found = Vec::new();
    for sheet in 1.. {
        let Ok(mut file) = archive.by_name(&format!("xl/worksheets/sheet{sheet}.xml")) else {
            break;
        };
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut file, &mut xml).unwrap();
        let document = roxmltree::Document::parse(&xml).unwrap();
        for formula in document
            .descendants()
            .filter(|n| n.has_tag_name("f"))
            .filter_map(|n| n.text())
        {
            assert!(
                formula.chars().all(|c| c.is_ascii_uppercase()
                    || c.is_ascii_digit()
                    || "(),.:+-*/ ".contains(c)),
                "{formula}"
            );
        }
        for cell in document.descendants().filter(|n| n.has_tag_name("c")) {
            let style: usize = cell.attribute("s").map_or(0, |s| s.parse().unwrap());
            if cell.attribute("t") == Some("s") && prefixed[style] {
                let index: usize = cell
                    .descendants()
                    .find_map(|n| n.text())
                    .unwrap()
                    .parse()
                    .unwrap();
                found.push(strings[index].clone());
            }
        }
    }
    found
}

#[test]
fn workbook_text_a_spreadsheet_would_run_is_a_quote_prefixed_string() {
    let project = table_with_formulas("xlsx-formulas");
    let dir = Path::new(&project).parent().unwrap();
    let form = written(&["score", &project], &dir.join("自评表.xlsx"), 0);
    let link = "=HYPERLINK(\"http://example.com/\",\"益办事\")";
    assert_eq!(quote_prefixed(&form), ["-2+3 工程", link, "@SUM(1+1)"]);
    let pack = written(&["check", &project], &dir.join("审核.xlsx"), 1);
    let cells = quote_prefixed(&pack);
    assert!(cells.iter().all(|cell| cell == "-2+3 工程"), "{cells:?}");
    assert!(cells.len() > 2, "{cells:?}");
}

#[test]
fn a_pack_is_never_written_over_any_file_named_to_be_checked() {
    let dir = scratch("pack-over-input");
    let first = dir.join("a.toml");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/2022.toml"),
        &first,
    )
    .unwrap();
    let received = dir.join("b.xlsx");
    let workbook = written(&["score", first.to_str().unwrap()], &received, 0);
    let stderr = unusable(
        perf_eval()
            .arg("check")
            .arg(&first)
            .arg(&received)
            .arg("--output")
            .arg(&received),
    );
    assert_eq!(
        stderr,
        format!("错误: {}: 不能把结果写到输入文件上\n", received.display())
    );
    assert_eq!(fs::read(&received).unwrap(), workbook);
}

#[cfg(unix)]
#[test]
fn import_never_writes_through_a_link_in_the_output_folder() {
    let dir = scratch("import-link");
    let out = dir.join("out");
    fs::create_dir(&out).unwrap();
    let elsewhere = dir.join("authorized_keys");
    fs::write(&elsewhere, "ssh-ed25519 AAAA auditor\n").unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("文本.toml")).unwrap();
    let stderr = unusable(
        perf_eval()
            .args([
                "import",
                "tests/data/import/yiyang-2022.txt",
                "--force",
                "-o",
            ])
            .arg(&out),
    );
    assert_eq!(
        stderr,
        format!(
            "错误: {}: 是符号链接；写入时不经符号链接，请先删除它或换一个文件名\n",
            out.join("文本.toml").display()
        )
    );
    assert_eq!(
        fs::read_to_string(&elsewhere).unwrap(),
        "ssh-ed25519 AAAA auditor\n"
    );
    assert!(
        fs::symlink_metadata(out.join("文本.toml"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // Once the link is gone the table is written, and nothing else is left in the folder.
    fs::remove_file(out.join("文本.toml")).unwrap();
    let output = perf_eval()
        .args(["import", "tests/data/import/yiyang-2022.txt", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let names: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["文本.toml"]);
}

#[test]
fn markup_in_names_and_notes_is_escaped_in_markdown_reports() {
    let path = common::seed_with(
        "markdown-markup",
        "name = \"益阳市新型智慧城市提升工程项目\"",
        "name = \"<img src=x onerror=alert(1)>工程\"",
    );
    let text = fs::read_to_string(&path)
        .unwrap()
        .replacen(
            "加强益办事APP办事功能",
            "[点此](javascript:alert(1)) ![](http://example.com/t.png)",
            1,
        )
        .replacen(
            "name = \"建设子项目专题数量\"",
            "name = \"```<script>x()</script>\"",
            1,
        );
    fs::write(&path, text).unwrap();
    let project = path.to_str().unwrap();
    let score = common::stdout_of(&["score", project, "--format", "markdown", "--explain"]);
    assert!(
        score.contains("- **项目名称**：\\<img src=x onerror=alert(1)\\>工程\n"),
        "{score}"
    );
    assert!(
        score.contains("| [点此\\](javascript:alert(1)) ![\\](http://example.com/t.png) |"),
        "{score}"
    );
    assert!(
        score.contains("| \\`\\`\\`\\<script\\>x()\\</script\\> |"),
        "{score}"
    );
    // In the derivations' code block the name is shown as it stands, inside a longer fence.
    assert!(score.contains("\n````text\n"), "{score}");
    let draft = perf_eval().args(["report", project]).output().unwrap();
    let draft = String::from_utf8(draft.stdout).unwrap();
    assert!(
        draft.contains("\\<img src=x onerror=alert(1)\\>工程"),
        "{draft}"
    );
    // Nowhere outside the code block is markup left unescaped.
    let bare = |text: &str, raw: &str| {
        text.match_indices(raw)
            .any(|(at, _)| !text[..at].ends_with('\\'))
    };
    let outside_fence = score.split("````text").next().unwrap();
    for raw in ["<img", "<script", "](javascript:", "](http://example.com"] {
        assert!(!bare(outside_fence, raw), "{raw}");
        assert!(!bare(&draft, raw), "{raw}");
    }
}

/// A legacy workbook whose one formula record claims more formula bytes than it holds
/// (`tests/data/import/seed-template.xls` with a cell record turned into such a formula):
/// calamine 0.35 panics slicing it. The panic is caught and the file reported as damaged,
/// and nothing of the panic (its message, the dependency's source path) reaches the terminal.
#[test]
fn nothing_of_a_panic_caught_in_a_reader_reaches_the_terminal() {
    let workbook = "tests/data/import/fuzzed-formula-length.xls";
    let damaged = format!("错误: {workbook}: 无法读取：文件格式有误\n");
    let output = perf_eval()
        .args(["check", workbook, "tests/data/findings/clean.toml"])
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    // One damaged file does not stop the others: the clean table is checked.
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(String::from_utf8(output.stderr).unwrap(), "");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with(&damaged), "{stdout}");
    assert!(stdout.contains("已复核 2 个文件"), "{stdout}");
    for command in ["import", "score"] {
        let stderr = unusable(
            perf_eval()
                .args([command, workbook])
                .env("RUST_BACKTRACE", "1"),
        );
        assert_eq!(stderr, damaged, "{command}");
    }
}
