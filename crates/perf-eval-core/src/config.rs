//! `perf-eval.toml`: the auditor's settings for a check — `--config FILE`, or the file in the
//! folder the check runs from, or at the root of the repository that folder is in — so that
//! everyone who checks a folder, and its CI, applies the same codes. Never a file found beside
//! or above the inputs: a received folder or zip that ships one must not switch checks off.
//!
//! ```toml
//! [check]
//! select = ["score-mismatch", "total-mismatch"]   # report only these codes
//! ignore = ["level1-split"]                       # never these
//! deny = "warnings"                               # warnings fail the run
//! ```

use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Deserialize;

use crate::audit::CodeFilter;
use crate::error::Error;
use crate::messages::Note;
use crate::source::Source;

/// The file's name; `check` passes over it when walking folders, as it holds no table.
pub const FILE_NAME: &str = "perf-eval.toml";

/// The settings of a `perf-eval.toml`.
#[derive(Debug, Default, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub check: Check,
}

/// The `[check]` table.
#[derive(Debug, Default, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Codes to report (all when empty); `--select` replaces them.
    #[serde(default)]
    pub select: Vec<String>,
    /// Codes never reported; `--ignore` adds to them.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// `"warnings"`: warnings fail the run, as `--deny warnings`.
    #[serde(default)]
    pub deny: Option<Deny>,
}

impl Check {
    /// The settings with the command line over them: `--select` replaces the file's selection,
    /// `--ignore` adds to its ignored codes, and `--deny warnings` makes warnings fail.
    pub fn with_command_line(
        mut self,
        select: Vec<String>,
        ignore: Vec<String>,
        deny_warnings: bool,
    ) -> Check {
        if !select.is_empty() {
            self.select = select;
        }
        self.ignore.extend(ignore);
        if deny_warnings {
            self.deny = Some(Deny::Warnings);
        }
        self
    }

    /// The codes reported and whether warnings fail.
    pub fn codes(&self) -> Result<(CodeFilter, bool), Error> {
        let codes = CodeFilter::new(&self.select, &self.ignore)?;
        Ok((codes, self.deny == Some(Deny::Warnings)))
    }

    /// The settings in force, read from `file`, as one line in either language: what a check
    /// prints on standard error, and what a report shows of the settings it ran under.
    pub fn in_force(&self, file: &str) -> Note {
        Note::Settings {
            file: file.to_string(),
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            deny_warnings: self.deny == Some(Deny::Warnings),
        }
    }
}

/// What `deny` may name.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Deny {
    Warnings,
}

/// The settings of a check run from the folder `here`: the file `explicit` names
/// (`--config`), else `here`'s `perf-eval.toml`, else the one at the root of the repository
/// `here` is in (the nearest folder upwards with a `.git`); `None` when there is none.
pub fn locate(explicit: Option<&Path>, here: &Path) -> Result<Option<(PathBuf, Config)>, Error> {
    let path = match explicit {
        Some(path) => Some(path.to_path_buf()),
        None => {
            let root = here.ancestors().find(|dir| dir.join(".git").exists());
            [Some(here), root]
                .into_iter()
                .flatten()
                .map(|dir| dir.join(FILE_NAME))
                .find(|path| path.is_file())
        }
    };
    let Some(path) = path else {
        return Ok(None);
    };
    let source = Source::read(&path)?;
    let config = crate::toml_input::parse(&source)?;
    Ok(Some((path, config)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_check_table() {
        let config: Config = toml::from_str(
            "[check]\nselect = [\"score-mismatch\"]\nignore = [\"level1-split\"]\ndeny = \"warnings\"\n",
        )
        .unwrap();
        assert_eq!(
            config.check,
            Check {
                select: vec!["score-mismatch".into()],
                ignore: vec!["level1-split".into()],
                deny: Some(Deny::Warnings),
            }
        );
        assert!(toml::from_str::<Config>("[check]\nslect = []\n").is_err());
        let check = config
            .check
            .with_command_line(vec![], vec!["missing-note".into()], false);
        let (codes, deny) = check.codes().unwrap();
        assert!(deny);
        assert_eq!(
            codes,
            CodeFilter::new(
                &["score-mismatch".into()],
                &["level1-split".into(), "missing-note".into()]
            )
            .unwrap()
        );
        assert_eq!(
            check.in_force("perf-eval.toml").text(crate::lang::Lang::Zh),
            "设置：perf-eval.toml（只报告 `score-mismatch`；不报告 `level1-split`、`missing-note`；有警告也不通过）"
        );
        assert_eq!(
            Check::default()
                .in_force("a/perf-eval.toml")
                .text(crate::lang::Lang::En),
            "settings: a/perf-eval.toml (every code reported)"
        );
    }

    #[test]
    fn settings_come_from_the_folder_worked_in_or_its_repository_root_only() {
        let top = tempfile::tempdir().unwrap();
        let repo = top.path().join("repo");
        let here = repo.join("审核").join("2022");
        std::fs::create_dir_all(&here).unwrap();
        // A parent above the repository (a system temporary folder) is never read.
        std::fs::write(top.path().join(FILE_NAME), "[check]\nselect = [\"a\"]\n").unwrap();
        assert_eq!(locate(None, &here).unwrap(), None);
        std::fs::create_dir(repo.join(".git")).unwrap();
        assert_eq!(locate(None, &here).unwrap(), None);
        std::fs::write(repo.join(FILE_NAME), "[check]\nignore = [\"b\"]\n").unwrap();
        let (path, config) = locate(None, &here).unwrap().unwrap();
        assert_eq!(
            (path, config.check.ignore),
            (repo.join(FILE_NAME), vec!["b".to_string()])
        );
        // A folder between the two is not read either.
        std::fs::write(
            repo.join("审核").join(FILE_NAME),
            "[check]\nignore = [\"c\"]\n",
        )
        .unwrap();
        assert_eq!(
            locate(None, &here).unwrap().unwrap().0,
            repo.join(FILE_NAME)
        );
        std::fs::write(here.join(FILE_NAME), "").unwrap();
        assert_eq!(
            locate(None, &here).unwrap().unwrap().0,
            here.join(FILE_NAME)
        );
        let named = top.path().join(FILE_NAME);
        assert_eq!(locate(Some(&named), &here).unwrap().unwrap().0, named);
        assert!(locate(Some(&top.path().join("none.toml")), &here).is_err());
    }
}
