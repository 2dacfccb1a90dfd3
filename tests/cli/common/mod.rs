//! Helpers shared by the command-line tests.
#![allow(dead_code)] // Each test crate uses some of them.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub mod desk;
pub mod loopback;

/// The `perf-eval` binary, run from the repository root, without the caller's colour settings
/// (`NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE`).
pub fn perf_eval() -> Command {
    let mut command = Command::cargo_bin("perf-eval").unwrap();
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE");
    command
}

/// Runs `perf-eval` with `args`, asserts exit status 0, and returns standard output.
pub fn stdout_of(args: &[&str]) -> String {
    let output = perf_eval().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// Whether `program` is installed (it answers `--version`). A test that needs it is skipped
/// without it, saying how to install it (`install`) — except under CI (`CI` set), where
/// `.ci/run` installs it and its absence fails the test.
pub fn installed(program: &str, install: &str) -> bool {
    if std::process::Command::new(program)
        .arg("--version")
        .output()
        .is_ok()
    {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {program} is not installed; .ci/run installs it"
    );
    println!("skipped: {program} is not installed ({install}); set CI to require it");
    false
}

/// An empty folder of this test run's own.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `perf-eval` with `args` and asserts its exit status and exact standard error, and that
/// it printed nothing on standard output.
pub fn fails_with(args: &[&str], code: i32, stderr: &str) {
    let output = perf_eval().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(code), "{args:?}: {output:?}");
    assert_eq!(String::from_utf8(output.stderr).unwrap(), stderr);
    assert!(output.stdout.is_empty(), "{args:?}");
}

/// Runs `command`, asserts that it found its input unusable (exit status 2, nothing on standard
/// output), and returns its standard error.
pub fn unusable(command: &mut Command) -> String {
    let output = command.output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(output.stdout.is_empty(), "{output:?}");
    String::from_utf8(output.stderr).unwrap()
}

/// Asserts that `stderr` refuses `file` in Chinese: its first line is `错误: …` (naming `file`
/// first when the report has no source line to show), with no English sentence in it.
pub fn assert_refused_in_chinese(stderr: &str, file: &str) {
    let headline = stderr.lines().next().unwrap_or_default();
    let said = headline
        .strip_prefix("错误: ")
        .unwrap_or_else(|| panic!("{stderr}"))
        .trim_start_matches(file);
    assert_eq!(
        perf_eval::messages::english_sentence(said),
        None,
        "{stderr}"
    );
}

/// Asserts that `stderr` is one report of unusable input: `headline` (`错误: …`), then
/// `--> PLACE` (`file:line:column`), the source line, and the span underlined, labelled with `key`
/// when the error names one.
pub fn assert_located(stderr: &str, headline: &str, place: &str, key: Option<&str>) {
    let mut lines = stderr.lines();
    assert_eq!(lines.next(), Some(headline), "{stderr}");
    assert_eq!(
        lines.next().map(str::trim_start),
        Some(format!("--> {place}").as_str()),
        "{stderr}"
    );
    let underline = lines.next_back().unwrap_or_default();
    assert!(underline.trim_start().starts_with('|'), "{stderr}");
    assert!(underline.contains('^'), "{stderr}");
    if let Some(key) = key {
        assert!(underline.ends_with(&format!("^ {key}")), "{stderr}");
    }
}

/// The bundled example with `from` replaced by `to`, written into a scratch folder `name`.
pub fn seed_with(name: &str, from: &str, to: &str) -> PathBuf {
    let seed = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/2022.toml"))
        .unwrap();
    let changed = seed.replacen(from, to, 1);
    assert_ne!(changed, seed, "{from} is not in the example");
    let path = scratch(name).join("2022.toml");
    fs::write(&path, changed).unwrap();
    path
}

/// The example's project name, and the same name with U+FFFE and U+FFFF in it (TOML escapes).
pub const NAME: &str = "name = \"益阳市新型智慧城市提升工程项目\"";
pub const FORBIDDEN_NAME: &str = "name = \"益阳\\uFFFE市\\uFFFF项目\"";

/// The text of one part (`word/document.xml`) of a zipped Office file.
pub fn zip_part(path: &Path, part: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    archive
        .by_name(part)
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}
