//! `perf-eval check` in CI: each format read by its consumer's schema or parser, and the
//! commands the GitHub Action, the pre-commit hook and docs/ci.md document, run as written.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::common;
use common::{desk::bureau_folder, perf_eval, scratch};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Runs `check` on the bureau folder in `dir` with `args`: exit status and standard output.
fn check(dir: &Path, args: &[&str]) -> (i32, String) {
    let (code, stdout, stderr) = check_told(dir, args);
    assert_eq!(stderr, "", "{stdout}");
    (code, stdout)
}

/// Runs `check` from `dir`: exit status, standard output and standard error.
fn check_told(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = perf_eval()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The run's counts, from the JSON format.
fn summary(dir: &Path) -> serde_json::Value {
    let (_, json) = check(dir, &["--format", "json", "自评表"]);
    serde_json::from_str::<serde_json::Value>(&json).unwrap()["summary"].clone()
}

fn folder(name: &str, count: usize) -> PathBuf {
    let dir = scratch(name);
    bureau_folder(&dir, count);
    dir
}

/// Validates a SARIF log against the official SARIF 2.1.0 schema, a copy of
/// https://github.com/oasis-tcs/sarif-spec/blob/main/sarif-2.1/schema/sarif-schema-2.1.0.json
/// (published at https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/).
fn assert_valid_sarif(text: &str) -> serde_json::Value {
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(Path::new(ROOT).join("tests/data/schema/sarif-schema-2.1.0.json"))
            .unwrap(),
    )
    .unwrap();
    let log: serde_json::Value = serde_json::from_str(text).unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    log
}

/// What a JUnit consumer reads (Jenkins' JUnit plugin, GitLab's report parser): the suites
/// with their `tests`/`failures`/`errors` counts, and the cases that fail.
#[derive(Debug, Default)]
struct Junit {
    suites: usize,
    tests: usize,
    failures: usize,
    errors: usize,
    cases: usize,
    failing_cases: usize,
    erroring_cases: usize,
}

fn parse_junit(text: &str) -> Junit {
    let mut reader = Reader::from_str(text);
    let mut junit = Junit::default();
    // The counts are plain digits: no entity to resolve.
    let attribute = |event: &quick_xml::events::BytesStart, name: &[u8]| -> usize {
        let value = event.try_get_attribute(name).unwrap().unwrap().value;
        std::str::from_utf8(&value).unwrap().parse().unwrap()
    };
    let mut elements = 0;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                elements += 1;
                match e.name().as_ref() {
                    b"testsuites" => assert_eq!(elements, 1, "testsuites is the root"),
                    b"testsuite" => {
                        junit.suites += 1;
                        junit.tests += attribute(&e, b"tests");
                        junit.failures += attribute(&e, b"failures");
                        junit.errors += attribute(&e, b"errors");
                    }
                    b"testcase" => {
                        junit.cases += 1;
                        assert!(e.try_get_attribute("classname").unwrap().is_some());
                    }
                    b"failure" => junit.failing_cases += 1,
                    b"error" => junit.erroring_cases += 1,
                    b"system-out" => {}
                    other => panic!("unexpected element {}", String::from_utf8_lossy(other)),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    junit
}

#[test]
fn sarif_is_valid_against_the_schema() {
    let dir = folder("ci-sarif", 72);
    let (code, sarif) = check(&dir, &["--format", "sarif", "自评表"]);
    assert_eq!(code, 2);
    let log = assert_valid_sarif(&sarif);
    let counts = summary(&dir);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let expected = ["errors", "warnings", "infos", "unusable"]
        .iter()
        .map(|k| counts[k].as_u64().unwrap())
        .sum::<u64>();
    assert_eq!(results.len() as u64, expected);
    let mismatch = results
        .iter()
        .find(|r| r["ruleId"] == "score-mismatch")
        .unwrap();
    assert_eq!(
        mismatch["locations"][0]["physicalLocation"],
        serde_json::json!({
            "artifactLocation": {"uri": "%E8%87%AA%E8%AF%84%E8%A1%A8/%E5%8D%95%E4%BD%8D01/score-mismatch.toml"},
            "region": {"startLine": 28, "startColumn": 9, "endLine": 28, "endColumn": 11},
        })
    );
    assert_eq!(mismatch["level"], "error");
    // A clean file adds no result, and the log stays valid with none at all.
    let (code, clean) = check(
        Path::new(ROOT),
        &["--format", "sarif", "tests/data/findings/clean.toml"],
    );
    assert_eq!(code, 0);
    let log = assert_valid_sarif(&clean);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn junit_counts_what_check_counts() {
    let dir = folder("ci-junit", 72);
    let counts = summary(&dir);
    let (code, xml) = check(&dir, &["--format", "junit", "自评表"]);
    assert_eq!(code, 2);
    let junit = parse_junit(&xml);
    assert_eq!(junit.suites, 72);
    assert_eq!(junit.tests, junit.cases);
    assert_eq!(junit.failures, counts["errors"].as_u64().unwrap() as usize);
    assert_eq!(junit.failures, junit.failing_cases);
    assert_eq!(junit.errors, counts["unusable"].as_u64().unwrap() as usize);
    assert_eq!(junit.errors, junit.erroring_cases);
    let (_, denied) = check(&dir, &["--format", "junit", "--deny", "warnings", "自评表"]);
    assert_eq!(
        parse_junit(&denied).failures,
        (counts["errors"].as_u64().unwrap() + counts["warnings"].as_u64().unwrap()) as usize
    );
}

#[test]
fn concise_is_one_line_per_finding() {
    let (code, text) = check(
        Path::new(ROOT),
        &[
            "--format",
            "concise",
            "tests/data/findings/score-mismatch.toml",
            "tests/data/bad/syntax.toml",
        ],
    );
    assert_eq!(code, 2);
    insta::assert_snapshot!(text);
}

/// The folder the binary is in, first on `PATH`, as an installed `perf-eval` would be.
fn path_with_binary() -> String {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_perf-eval"));
    format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// Runs a documented shell command in `dir`: its exit status and standard output.
fn run_documented(dir: &Path, command: &str) -> (i32, String) {
    let output = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .env("PATH", path_with_binary())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

/// Every `perf-eval check …` command in a text, up to the end of its line or its closing quote.
fn documented_commands(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.find("perf-eval check --").map(|at| &line[at..]))
        .map(|command| command.split('\'').next().unwrap().trim().to_string())
        .collect()
}

#[test]
fn the_ci_guide_commands_run_and_their_reports_parse() {
    let guide = fs::read_to_string(Path::new(ROOT).join("docs/ci.md")).unwrap();
    let commands = documented_commands(&guide);
    assert_eq!(commands.len(), 5, "{commands:#?}");
    let dir = folder("ci-guide", 40);
    let counts = summary(&dir);
    for command in commands {
        let (code, stdout) = run_documented(&dir, &command);
        if command.contains("> perf-eval-junit.xml") {
            assert_eq!(code, 2, "{command}");
            let junit = parse_junit(&fs::read_to_string(dir.join("perf-eval-junit.xml")).unwrap());
            assert_eq!(junit.suites, 40);
        } else if command.contains("> perf-eval.sarif") {
            assert_eq!(
                code, 0,
                "{command}: `|| true` keeps the upload step running"
            );
            assert_valid_sarif(&fs::read_to_string(dir.join("perf-eval.sarif")).unwrap());
        } else if command.contains("--format github") {
            assert_eq!(code, 2, "{command}");
            let annotations = stdout.lines().filter(|l| l.starts_with("::")).count() as u64;
            let expected = ["errors", "warnings", "infos", "unusable"]
                .iter()
                .map(|k| counts[k].as_u64().unwrap())
                .sum::<u64>();
            assert_eq!(annotations, expected, "{command}");
        } else {
            assert!(command.contains("--format concise"), "{command}");
            assert_eq!(code, 1, "{command}");
            assert!(stdout.starts_with("自评表/单位01/score-mismatch.toml:28:9: score-mismatch "));
        }
    }
}

/// The `run:` scripts of a composite action, each with the indentation of its block removed.
fn run_scripts(action: &str) -> Vec<String> {
    let lines: Vec<&str> = action.lines().collect();
    let mut scripts = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let Some(script) = line.trim_start().strip_prefix("run:") else {
            continue;
        };
        if script.trim() != "|" {
            scripts.push(script.trim().to_string());
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let block: Vec<&str> = lines[at + 1..]
            .iter()
            .take_while(|l| l.trim().is_empty() || l.len() - l.trim_start().len() > indent)
            .copied()
            .collect();
        let margin = block
            .iter()
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        scripts.push(
            block
                .iter()
                .map(|l| format!("{}\n", &l[margin.min(l.len())..]))
                .collect(),
        );
    }
    scripts
}

#[test]
fn the_action_passes_its_inputs_through_the_environment_never_as_code() {
    let action = fs::read_to_string(Path::new(ROOT).join("action.yml")).unwrap();
    let scripts = run_scripts(&action);
    assert_eq!(scripts.len(), 2);
    for script in &scripts {
        assert!(
            !script.contains("${{"),
            "an expression pasted into a script: {script}"
        );
    }
    assert!(action.contains("PERF_EVAL_PATHS: ${{ inputs.paths }}"));
    assert!(action.contains("PERF_EVAL_ARGS: ${{ inputs.args }}"));
    let check = &scripts[1];
    let dir = folder("ci-action", 36);
    // A folder whose name holds a space, and one that a shell would run as a command.
    let spaced = dir.join("自评表/单位 02");
    fs::create_dir_all(&spaced).unwrap();
    fs::copy(
        dir.join("自评表/单位01/missing-note.toml"),
        spaced.join("missing-note.toml"),
    )
    .unwrap();
    let run = |cwd: &Path, paths: &str, args: &str| {
        let output = Command::new("bash")
            .args(["-eo", "pipefail", "-c", check])
            .current_dir(cwd)
            .env("PATH", path_with_binary())
            .env("PERF_EVAL_PATHS", paths)
            .env("PERF_EVAL_ARGS", args)
            .output()
            .unwrap();
        (
            output.status.code().unwrap(),
            String::from_utf8(output.stdout).unwrap(),
        )
    };
    let (code, stdout) = run(
        &dir,
        "自评表/单位01/clean.toml\n自评表/单位 02/missing-note.toml\n",
        "--deny warnings",
    );
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.starts_with("::warning file=自评表/单位 02/missing-note.toml,line="),
        "{stdout}"
    );
    // `$(…)` in a path is a file name that does not exist, never a command run.
    let (code, stdout) = run(&dir, "$(touch pwned)\n`touch pwned`\n", "");
    assert_eq!(code, 2, "{stdout}");
    assert!(stdout.contains("$(touch pwned)"), "{stdout}");
    assert!(!dir.join("pwned").exists());
    // The defaults: `.`, and no options.
    let (code, _) = run(&dir.join("自评表/单位01"), ".", "");
    assert_eq!(
        code, 2,
        "the unusable examples are found from the default path"
    );
}

#[test]
fn the_pre_commit_hook_runs_its_entry_on_the_staged_files() {
    let hooks = fs::read_to_string(Path::new(ROOT).join(".pre-commit-hooks.yaml")).unwrap();
    let entry = hooks
        .lines()
        .find_map(|line| line.trim().strip_prefix("entry: "))
        .unwrap();
    assert_eq!(entry, "perf-eval check --format concise");
    let dir = folder("ci-hook", 36);
    // pre-commit appends the staged file names to the entry.
    let (code, stdout) = run_documented(
        &dir,
        &format!("{entry} 自评表/单位01/clean.toml 自评表/单位01/score-mismatch.toml"),
    );
    assert_eq!(code, 1);
    assert_eq!(
        stdout.lines().next().unwrap(),
        "自评表/单位01/score-mismatch.toml:28:9: score-mismatch 「培训人次」填报得分 45，按规则应得 40.00"
    );
}

#[test]
fn select_ignore_quiet_and_the_summary_of_files_with_findings() {
    let files = [
        "tests/data/findings/score-mismatch.toml",
        "tests/data/findings/clean.toml",
        "tests/data/findings/missing-note.toml",
    ];
    let concise = |extra: &[&str]| {
        let mut args = vec!["--format", "concise", "--quiet"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&files);
        check(Path::new(ROOT), &args)
    };
    let (code, text) = concise(&["--select", "score-mismatch,missing-note"]);
    assert_eq!(code, 1);
    assert_eq!(
        text.lines()
            .map(|l| l.split(' ').next().unwrap())
            .collect::<Vec<_>>(),
        [
            "tests/data/findings/score-mismatch.toml:28:9:",
            "tests/data/findings/missing-note.toml:29:8:"
        ]
    );
    // Ignoring the errors leaves a warning: the run passes unless warnings are denied.
    let errors = "score-mismatch,total-mismatch,grade-mismatch";
    let (code, text) = concise(&["--ignore", errors]);
    assert_eq!((code, text.lines().count()), (0, 1));
    let (code, _) = concise(&["--ignore", errors, "--deny", "warnings"]);
    assert_eq!(code, 1);
    common::fails_with(
        &[
            "check",
            "--select",
            "score-mismatch,scroe-mismatch",
            "fixtures/2022.toml",
        ],
        2,
        "错误: 未知的审核代码 `scroe-mismatch`；所有代码见 docs/checks.md\n",
    );
    // The summary lists the files with findings; `--summary all` lists every file.
    let (_, human) = check(Path::new(ROOT), &files);
    assert!(
        !human.contains("| tests/data/findings/clean.toml"),
        "{human}"
    );
    assert!(human.contains("| tests/data/findings/missing-note.toml"));
    let mut all = vec!["--summary", "all"];
    all.extend_from_slice(&files);
    let (_, human) = check(Path::new(ROOT), &all);
    assert!(
        human.contains("| tests/data/findings/clean.toml"),
        "{human}"
    );
}

/// The codes of a concise report, without the unusable examples.
fn concise_codes(text: &str) -> Vec<&str> {
    text.lines()
        .map(|line| line.split(' ').nth(1).unwrap())
        .filter(|code| *code != "unusable-input")
        .collect()
}

#[test]
fn perf_eval_toml_sets_the_codes_only_where_the_auditor_works() {
    let dir = folder("ci-config", 36);
    let tables = dir.join("自评表");
    let elsewhere = scratch("ci-config-elsewhere");
    let checked = tables.to_str().unwrap();
    let args = ["--format", "concise", "--quiet", checked];
    let (code, unset, stderr) = check_told(&elsewhere, &args);
    assert_eq!((code, stderr.as_str()), (2, ""));
    assert!(concise_codes(&unset).len() > 2, "{unset}");
    // Inside the folder checked, or in a folder above it, a settings file changes nothing and
    // is never checked as a table.
    let narrowing =
        "[check]\nselect = [\"score-mismatch\", \"missing-note\"]\ndeny = \"warnings\"\n";
    fs::write(tables.join("perf-eval.toml"), narrowing).unwrap();
    fs::write(
        dir.join("perf-eval.toml"),
        "[check]\nselect = [\"over-execution\"]\n",
    )
    .unwrap();
    assert_eq!(
        check_told(&elsewhere, &args),
        (2, unset.clone(), String::new())
    );
    // In the folder the check runs from, it sets the codes, and says so.
    let (code, text, stderr) = check_told(&tables, &["--format", "concise", "--quiet", "."]);
    assert_eq!(code, 2, "the unusable examples still count");
    assert_eq!(concise_codes(&text), ["missing-note", "score-mismatch"]);
    assert!(!text.contains("perf-eval.toml"));
    let settings = tables.join("perf-eval.toml");
    assert_eq!(
        stderr,
        format!(
            "设置：{}（只报告 `score-mismatch`、`missing-note`；有警告也不通过）\n",
            settings.display()
        )
    );
    // `--config` names the file wherever the check runs.
    let config = settings.to_str().unwrap();
    let (_, named, stderr) = check_told(
        &elsewhere,
        &[&["--config", config, "--lang", "en"], &args[..]].concat(),
    );
    assert_eq!(concise_codes(&named), ["missing-note", "score-mismatch"]);
    assert_eq!(
        stderr,
        format!(
            "settings: {config} (only `score-mismatch`, `missing-note` reported; warnings fail)\n"
        )
    );
    // The file's `deny = "warnings"` fails a run with only a warning; `--select` replaces
    // the file's codes.
    let one = ["--format", "concise", "--quiet", "单位01/missing-note.toml"];
    assert_eq!(check_told(&tables, &one).0, 1);
    let (code, text, _) = check_told(
        &tables,
        &[&one[..], &["--select", "over-execution"]].concat(),
    );
    assert_eq!((code, text.as_str()), (0, ""));
    fs::write(tables.join("perf-eval.toml"), "[check]\nslect = []\n").unwrap();
    let output = perf_eval()
        .current_dir(&tables)
        .arg("check")
        .args(one)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        format!(
            "错误: 未知的键 `slect`；是否应为 `select`？\n --> {}:2:1\n  |\n2 | slect = []\n  | ^^^^^\n",
            tables.join("perf-eval.toml").display()
        )
    );
}

#[test]
fn every_format_and_the_pack_say_what_settings_they_ran_under() {
    let dir = scratch("ci-settings-shown");
    let config = dir.join("审核设置.toml");
    fs::write(&config, "[check]\nignore = [\"level1-split\"]\n").unwrap();
    let config = config.to_str().unwrap();
    let root = Path::new(ROOT).join("fixtures/2022.toml");
    let table = root.to_str().unwrap();
    let line = format!("设置：{config}（报告全部审核代码；不报告 `level1-split`）");
    let json = serde_json::to_string(&line).unwrap();
    let shown = [
        ("human", String::new()),
        ("concise", format!("{line}\n")),
        ("github", format!("::notice title=settings::{line}\n")),
        ("json", format!("\"settings\": {json},")),
        ("jsonl", format!("\"settings\":{json},")),
        ("sarif", format!("\"settings\": {json}")),
        (
            "junit",
            format!("<property name=\"settings\" value=\"{line}\"/>"),
        ),
    ];
    for (format, expected) in shown {
        let (code, text, stderr) =
            check_told(&dir, &["--config", config, "--format", format, table]);
        assert_eq!(code, 1, "{format}");
        assert_eq!(stderr, format!("{line}\n"), "{format}");
        assert!(
            text.contains(&expected),
            "{format}: {expected} not in\n{text}"
        );
    }
    let pack = dir.join("审核报告.html");
    let (code, _, _) = check_told(
        &dir,
        &[
            "--config",
            config,
            "--output",
            pack.to_str().unwrap(),
            table,
        ],
    );
    assert_eq!(code, 1);
    let html = fs::read_to_string(&pack).unwrap();
    assert!(
        html.contains(&format!("<p class=\"settings\">{line}</p>")),
        "{html}"
    );
}
