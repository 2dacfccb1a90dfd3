//! `cargo package`: what a crates.io download holds — enough to build and to read, with its
//! licences, and not the test corpora.

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
