//! The installs: what a crates.io download holds (enough to build and to read, with its
//! licences, and not the test corpora), the Debian package installed as `dpkg -i` installs it,
//! and the release workflow passing a workflow linter.

use std::process::Command;

/// The files `cargo package` would put in `package`'s download.
fn listed(package: &str) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args([
            "package",
            "--list",
            "--allow-dirty",
            "--offline",
            "-p",
            package,
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_packages_hold_the_sources_licences_and_profiles() {
    for (package, needed) in [
        (
            "perf-eval",
            &[
                "Cargo.lock",
                "LICENSE-APACHE",
                "LICENSE-MIT",
                "README.md",
                "docs/ci.md",
                "fixtures/2022.toml",
                "src/main.rs",
            ][..],
        ),
        (
            "perf-eval-core",
            &[
                "LICENSE-APACHE",
                "LICENSE-MIT",
                "indicators/mof-2020.toml",
                "schema/project.json",
                "src/pack/html.rs",
            ][..],
        ),
    ] {
        let files = listed(package);
        for needed in needed {
            assert!(
                files.iter().any(|f| f == needed),
                "{needed} missing from {package}: {files:#?}"
            );
        }
        assert!(
            !files
                .iter()
                .any(|f| f.starts_with("tests/") || f.starts_with("benches/")),
            "{package}"
        );
    }
}

/// `scripts/build-deb.sh` packages the binary (the debug one here: the layout is what is
/// tested, and a release build is too slow for every run), and `dpkg -i` installs it into a
/// scratch root where it runs.
#[test]
fn the_debian_package_installs_and_runs() {
    if !crate::common::installed("dpkg-deb", "a Debian system") {
        return;
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = crate::common::scratch("deb");
    let output = Command::new(root.join("scripts/build-deb.sh"))
        .arg(&dir)
        .env("PERF_EVAL_BIN", env!("CARGO_BIN_EXE_perf-eval"))
        .env("PERF_EVAL_DEB_COMPRESSION", "none")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let deb = String::from_utf8(output.stdout).unwrap().trim().to_string();
    assert!(deb.ends_with(".deb"), "{deb}");
    let field = |name: &str| {
        let output = Command::new("dpkg-deb")
            .args(["--field", &deb, name])
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap().trim().to_string()
    };
    assert_eq!(field("Package"), "perf-eval");
    // Every entry is root's, and every folder (/ included) open to all.
    let listed = Command::new("dpkg-deb")
        .args(["-c", &deb])
        .output()
        .unwrap();
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert!(listed.starts_with("drwxr-xr-x root/root"), "{listed}");
    for line in listed.lines() {
        assert!(line.contains(" root/root "), "{line}");
        assert!(
            line.starts_with("drwxr-xr-x") || line.starts_with("-rw"),
            "{line}"
        );
    }
    assert_eq!(field("Version"), env!("CARGO_PKG_VERSION"));
    // A dpkg database of its own: installed as `dpkg -i` installs, without touching the system.
    let target = dir.join("root");
    std::fs::create_dir_all(target.join("var/lib/dpkg/updates")).unwrap();
    std::fs::create_dir_all(target.join("var/lib/dpkg/info")).unwrap();
    std::fs::write(target.join("var/lib/dpkg/status"), "").unwrap();
    let installed = Command::new("dpkg")
        .arg(format!("--root={}", target.display()))
        .args([
            "--force-depends",
            "--force-not-root",
            "--log=/dev/null",
            "-i",
            &deb,
        ])
        .output()
        .unwrap();
    assert!(installed.status.success(), "{installed:?}");
    let version = Command::new(target.join("usr/bin/perf-eval"))
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(version.stdout).unwrap(),
        format!("perf-eval {}\n", env!("CARGO_PKG_VERSION"))
    );
    for file in [
        "usr/share/man/man1/perf-eval.1.gz",
        "usr/share/bash-completion/completions/perf-eval",
        "usr/share/zsh/vendor-completions/_perf-eval",
        "usr/share/fish/vendor_completions.d/perf-eval.fish",
        "etc/default/perf-eval",
        "usr/share/doc/perf-eval/copyright",
    ] {
        let meta = std::fs::metadata(target.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(meta.len() > 0, "{file}");
    }
    assert!(target.join("etc/perf-eval").is_dir());
    let unit =
        std::fs::read_to_string(target.join("lib/systemd/system/perf-eval.service")).unwrap();
    for line in [
        "ExecStart=/usr/bin/perf-eval serve $PERF_EVAL_SERVE_ARGS",
        "Environment=\"PERF_EVAL_SERVE_ARGS=--listen 127.0.0.1:8080\"",
        "EnvironmentFile=-/etc/default/perf-eval",
        "DynamicUser=yes",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "NoNewPrivileges=yes",
        "CapabilityBoundingSet=",
        "MemoryMax=2G",
    ] {
        assert!(unit.lines().any(|l| l == line), "{line}");
    }
    verify_unit(&unit, &target.join("usr/bin/perf-eval"), &dir);
}

/// systemd reads `unit` as written, with the installed `binary` in place of
/// `/usr/bin/perf-eval`: no error, and no warning either (systemd ignores a setting it cannot
/// read with only a warning).
fn verify_unit(unit: &str, binary: &std::path::Path, dir: &std::path::Path) {
    if !crate::common::installed("systemd-analyze", "apt-get install systemd") {
        return;
    }
    let file = dir.join("perf-eval.service");
    let unit = unit.replace("/usr/bin/perf-eval", &binary.display().to_string());
    std::fs::write(&file, unit).unwrap();
    let verified = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(verified.status.success(), "{verified:?}");
    assert_eq!(String::from_utf8_lossy(&verified.stderr), "");
    // Hardened: systemd rates what the service could reach at 2.0 or less of 10 (1.3 today:
    // its own temporary user, read-only system, no privileges, no devices, no other process).
    let exposure = Command::new("systemd-analyze")
        .args(["security", "--offline=yes", "--threshold=20"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        exposure.status.success(),
        "{}",
        String::from_utf8_lossy(&exposure.stdout)
    );
}

/// The release workflow and the GitHub Action pass zizmor, the static checker for GitHub
/// Actions (`.ci/run` installs it from PyPI): each file matches the workflow or action schema,
/// and none has a finding — no broader permission than a job needs, no action that a moved tag
/// could change, no credential left in the checkout, no expression pasted into a script.
#[test]
fn the_release_workflow_and_the_action_pass_the_workflow_linter() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    if !crate::common::installed("zizmor", "pip install zizmor") {
        return;
    }
    let output = Command::new("zizmor")
        .args(["--offline", "--no-progress", "--color=never"])
        .args([".github/workflows/release.yml", "action.yml"])
        .current_dir(root)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{said}{output:?}");
    assert!(said.contains("No findings to report"), "{said}");
    // Both files were read and checked: a file that is not a valid workflow is passed over.
    let log = String::from_utf8_lossy(&output.stderr);
    for file in [".github/workflows/release.yml", "action.yml"] {
        assert!(log.contains(&format!("completed {file}")), "{log}");
    }
}
