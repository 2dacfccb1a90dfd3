//! `cargo package`: what a crates.io download holds — enough to build and to read, with its
//! licences, and not the test corpora.

use std::process::Command;

#[test]
fn the_package_holds_the_sources_licences_and_profiles() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let list = String::from_utf8(output.stdout).unwrap();
    let files: Vec<&str> = list.lines().collect();
    for needed in [
        "Cargo.lock",
        "LICENSE-APACHE",
        "LICENSE-MIT",
        "README.md",
        "docs/ci.md",
        "fixtures/2022.toml",
        "indicators/mof-2020.toml",
        "schema/project.json",
        "src/bin/perf-eval/main.rs",
        "src/pack/html.rs",
    ] {
        assert!(files.contains(&needed), "{needed} missing from {files:#?}");
    }
    assert!(
        !files
            .iter()
            .any(|f| f.starts_with("tests/") || f.starts_with("benches/"))
    );
}
