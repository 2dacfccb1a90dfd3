//! `perf-eval.toml`: settings for a folder of tables, found as ruff finds its configuration —
//! in the current folder or the nearest parent that has one — so that everyone who checks the
//! folder, and its CI, applies the same codes.
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
    /// The codes and whether warnings fail, given the command line: `--select` replaces the
    /// file's selection, `--ignore` adds to its ignored codes, and `--deny warnings` or the
    /// file's `deny` makes warnings fail.
    pub fn with_command_line(
        mut self,
        select: Vec<String>,
        ignore: Vec<String>,
        deny_warnings: bool,
    ) -> Result<(CodeFilter, bool), Error> {
        if !select.is_empty() {
            self.select = select;
        }
        self.ignore.extend(ignore);
        let codes = CodeFilter::new(&self.select, &self.ignore)?;
        Ok((codes, deny_warnings || self.deny == Some(Deny::Warnings)))
    }
}

/// What `deny` may name.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Deny {
    Warnings,
}

/// The nearest `perf-eval.toml` from `folder` upwards, read; `None` when there is none.
pub fn find(folder: &Path) -> Result<Option<(PathBuf, Config)>, Error> {
    for dir in folder.ancestors() {
        let path = dir.join(FILE_NAME);
        if path.is_file() {
            let source = Source::read(&path)?;
            let config = crate::toml_input::parse(&source)?;
            return Ok(Some((path, config)));
        }
    }
    Ok(None)
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
        let (codes, deny) = config
            .check
            .with_command_line(vec![], vec!["missing-note".into()], false)
            .unwrap();
        assert!(deny);
        assert_eq!(
            codes,
            CodeFilter::new(
                &["score-mismatch".into()],
                &["level1-split".into(), "missing-note".into()]
            )
            .unwrap()
        );
    }
}
