//! The terminal report: a rustc-style report per finding with the line or cell it is about,
//! then, for several files, a summary table of those with findings and the counts.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::io::{self, Write};

use comfy_table::{CellAlignment, Table, presets};

use super::{Emitter, Outcome, Shown, Summary, Tally, summary_line};
use crate::diagnostic;
use crate::error::Error;
use crate::messages;

pub struct Human {
    shown: Shown,
    color: bool,
    listing: Listing,
}

impl Human {
    pub fn new(shown: Shown, color: bool) -> Human {
        Human {
            listing: Listing::new(shown.summary_all),
            shown,
            color,
        }
    }
}

impl Emitter for Human {
    type Part = Vec<u8>;

    fn part(&self, outcome: &Outcome) -> Vec<u8> {
        let lang = self.shown.lang;
        let color = self.color;
        let mut text = String::new();
        match outcome {
            Outcome::Checked(file) => {
                let name = &file.name.shown;
                // Cells import left out come first, as warnings of the file.
                for warning in file.import_warnings(lang) {
                    let message = format!("{name}: {warning}");
                    text.push_str(&diagnostic::human_file_warning(&message, lang, color));
                    text.push('\n');
                }
                for finding in file.findings {
                    let place = file
                        .cell(finding)
                        .map(|cell| format!("{name}:{}", cell.place.locator(lang)));
                    text.push_str(&diagnostic::human(
                        &file.excerpt(finding),
                        &file.diagnostic(finding, lang),
                        place.as_deref(),
                        lang,
                        color,
                    ));
                    text.push('\n');
                }
            }
            Outcome::Unusable(file) => {
                let report = match file.error {
                    Error::Input(error) => diagnostic::human_input(error, lang, color),
                    error => diagnostic::human_plain(&error.text(lang), lang, color),
                };
                text.push_str(&report);
                text.push('\n');
            }
        }
        text.into_bytes()
    }

    fn write(&mut self, part: Vec<u8>, tally: &Tally, out: &mut dyn Write) -> io::Result<()> {
        if self.shown.summary_all || tally.counts.any() {
            self.listing.add(tally.clone());
        }
        out.write_all(&part)
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let listing = std::mem::replace(&mut self.listing, Listing::new(false));
        if !self.shown.quiet && summary.files > 1 && !listing.rows.is_empty() {
            out.write_all(listing.render(self.shown.lang).as_bytes())?;
        }
        summary_line(&self.shown, summary, out)
    }
}

/// The most files the summary table lists unless `--summary all`: a night's run over a
/// province's tables would otherwise hold, and print, a row for every file.
const SUMMARY_ROWS: usize = 50;

/// A file's row in the summary table, with its place in the run.
struct Row {
    index: usize,
    tally: Tally,
}

impl Row {
    /// Unusable first, then by errors, warnings and infos; of equals, the earlier file.
    fn rank(&self) -> (usize, usize, usize, usize, Reverse<usize>) {
        let c = &self.tally.counts;
        (
            c.unusable,
            c.errors,
            c.warnings,
            c.infos,
            Reverse(self.index),
        )
    }
}

impl PartialEq for Row {
    fn eq(&self, other: &Row) -> bool {
        self.rank() == other.rank()
    }
}

impl Eq for Row {}

impl PartialOrd for Row {
    fn partial_cmp(&self, other: &Row) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Row {
    fn cmp(&self, other: &Row) -> Ordering {
        self.rank().cmp(&other.rank())
    }
}

/// The summary table's rows as files are reported: every one under `--summary all`, else the
/// [`SUMMARY_ROWS`] worst (a heap whose top is the mildest, to be let go), so that memory stays
/// flat however many files have findings.
struct Listing {
    all: bool,
    rows: BinaryHeap<Reverse<Row>>,
    /// Files with findings left out.
    more: usize,
    seen: usize,
}

impl Listing {
    fn new(all: bool) -> Listing {
        Listing {
            all,
            rows: BinaryHeap::new(),
            more: 0,
            seen: 0,
        }
    }

    fn add(&mut self, tally: Tally) {
        self.rows.push(Reverse(Row {
            index: self.seen,
            tally,
        }));
        self.seen += 1;
        if !self.all && self.rows.len() > SUMMARY_ROWS {
            self.rows.pop();
            self.more += 1;
        }
    }

    /// The table, in input order when every file is in it, else worst first with a line saying
    /// how many were left out.
    fn render(self, lang: crate::lang::Lang) -> String {
        let more = self.more;
        let mut rows: Vec<Row> = self.rows.into_iter().map(|Reverse(row)| row).collect();
        if more == 0 {
            rows.sort_by_key(|row| row.index);
        } else {
            rows.sort_by(|a, b| b.cmp(a));
        }
        let (header, unusable) = messages::summary_header(lang);
        let mut table = Table::new();
        table
            .load_preset(presets::ASCII_FULL_CONDENSED)
            .force_no_tty();
        table.set_header(header.to_vec());
        for Row { tally, .. } in rows.iter() {
            // A file that could not be used has no counts: it is counted as unusable, not as
            // clean.
            let row = match tally.cells.clone() {
                Some([project, declared, computed, grade]) => [
                    project,
                    declared,
                    computed,
                    grade,
                    tally.counts.errors.to_string(),
                    tally.counts.warnings.to_string(),
                ],
                None => [
                    unusable.into(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ],
            };
            table.add_row(
                std::iter::once(tally.path.clone())
                    .chain(row)
                    .collect::<Vec<_>>(),
            );
        }
        for index in [2, 3, 5, 6] {
            if let Some(column) = table.column_mut(index) {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
        let mut text = format!("{table}\n");
        if more > 0 {
            text.push_str(&messages::summary_more(lang, rows.len(), more));
            text.push('\n');
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    /// 53 files with findings, the nth with n % 7 errors.
    fn listing(all: bool) -> String {
        let mut listing = Listing::new(all);
        for index in 0..SUMMARY_ROWS + 3 {
            let counts = Summary {
                files: 1,
                errors: index % 7,
                infos: 1,
                ..Summary::default()
            };
            let cells = ["项目".to_string(), "90".into(), "80.00".into(), "良".into()];
            listing.add(Tally {
                path: format!("{index:03}.toml"),
                counts,
                cells: Some(cells),
            });
        }
        listing.render(Lang::Zh)
    }

    /// The files a summary table lists, in its order.
    fn listed(table: &str) -> Vec<&str> {
        table
            .lines()
            .filter_map(|line| line.strip_prefix("| "))
            .filter_map(|line| line.split_whitespace().next())
            .filter(|file| file.ends_with(".toml"))
            .collect()
    }

    #[test]
    fn the_summary_table_lists_the_worst_files_and_counts_the_rest() {
        let table = listing(false);
        let files = listed(&table);
        assert_eq!(files.len(), SUMMARY_ROWS);
        // Six errors first (files 6, 13, …), in input order among equals.
        assert_eq!(files[..3], ["006.toml", "013.toml", "020.toml"]);
        // The three left out are the latest of those without errors.
        assert_eq!(
            files[SUMMARY_ROWS - 5..],
            ["000.toml", "007.toml", "014.toml", "021.toml", "028.toml"]
        );
        assert!(
            table.ends_with(
                "上表按错误数、警告数由多到少列出 50 个文件；另有 3 个有审核发现的文件未列出（--summary all 列出全部文件）\n"
            ),
            "{table}"
        );
        let all = listing(true);
        let files = listed(&all);
        assert_eq!(files.len(), SUMMARY_ROWS + 3);
        assert_eq!(files[..3], ["000.toml", "001.toml", "002.toml"]);
        assert!(!all.contains("另有"), "{all}");
    }
}
