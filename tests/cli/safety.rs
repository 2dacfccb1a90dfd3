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
