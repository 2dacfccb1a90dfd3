//! `perf-eval import`: a 项目支出绩效自评表 worksheet (.xlsx, .xls) → a project file.
//!
//! Parts are found by their labels, not by fixed addresses, because templates differ: merged
//! 一级/二级 cells, `产出指标(50分)` headers, split 指标性质/度量单位 columns, columns in another
//! order, empty template rows, `/` for 不适用, numbers stored as text, several tables in one
//! workbook. What cannot be read is reported with its sheet and cell, never guessed.

mod grid;

use std::fmt::Write as _;
use std::io::{Cursor, Read, Seek};
use std::path::Path;

use calamine::{Reader, Sheets, open_workbook_auto_from_rs};
use rust_decimal::Decimal;

use crate::error::Error;
use crate::number::plain;
use crate::value::Value;
use crate::value::read_amount;
use grid::{Grid, label};

/// One imported table.
#[derive(Debug, Clone)]
pub struct Imported {
    pub sheet: String,
    /// The project file's text.
    pub toml: String,
}

/// What `import` was asked for.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// Only this sheet; every sheet holding a table when `None`.
    pub sheet: Option<&'a str>,
    /// The year, when the title does not say it.
    pub year: Option<i64>,
    /// A `rules` line for the project file.
    pub rules: Option<&'a str>,
}

/// Imports every table of a workbook file (or the named sheet).
pub fn import(path: &Path, options: &Options) -> Result<Vec<Imported>, Error> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: name.clone(),
        source,
    })?;
    import_bytes(&name, bytes, options)
}

/// Imports every table of a workbook held in memory; `name` is for messages.
pub fn import_bytes(name: &str, bytes: Vec<u8>, options: &Options) -> Result<Vec<Imported>, Error> {
    let mut workbook = shielded(name, || open_workbook_auto_from_rs(Cursor::new(bytes)))?
        .map_err(|e| Error::Import(format!("{name}: cannot open: {e}")))?;
    import_workbook(&mut workbook, name, options)
}

/// Runs a call into the workbook reader, third-party code fed with files from anywhere: should
/// it panic on a malformed file, that is an unreadable workbook, not a crash.
fn shielded<T>(name: &str, call: impl FnOnce() -> T) -> Result<T, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(call))
        .map_err(|_| Error::Import(format!("{name}: cannot read: the workbook is malformed")))
}

fn import_workbook<R: Read + Seek>(
    workbook: &mut Sheets<R>,
    name: &str,
    options: &Options,
) -> Result<Vec<Imported>, Error> {
    let sheets = workbook.sheet_names();
    let chosen: Vec<String> = match options.sheet {
        Some(sheet) if sheets.iter().any(|s| s == sheet) => vec![sheet.to_string()],
        Some(sheet) => {
            return Err(Error::Import(format!(
                "{name}: no sheet named `{sheet}`; the sheets are: {}",
                sheets.join(", ")
            )));
        }
        None => sheets.clone(),
    };
    let mut imported = Vec::new();
    let mut skipped = Vec::new();
    for sheet in chosen {
        let grid = shielded(name, || Grid::read(workbook, &sheet))?
            .map_err(|e| Error::Import(format!("{name}: cannot read sheet `{sheet}`: {e}")))?;
        match Table::read(&grid, options)? {
            Some(table) => imported.push(Imported {
                sheet,
                toml: table.toml(name, options.rules),
            }),
            None => skipped.push(sheet),
        }
    }
    if imported.is_empty() {
        return Err(Error::Import(format!(
            "{name}: no 项目支出绩效自评表 found: no sheet ({}) has an indicator header row with 三级指标 and 分值",
            skipped.join(", ")
        )));
    }
    Ok(imported)
}

/// Where a value came from, for the comments of the project file.
#[derive(Debug, Clone)]
struct Sourced<T> {
    value: T,
    address: String,
}

#[derive(Debug, Default)]
struct FundsRow {
    initial: Option<Sourced<Decimal>>,
    annual: Option<Sourced<Decimal>>,
    executed: Option<Sourced<Decimal>>,
}

#[derive(Debug)]
struct Row {
    address: String,
    level1: String,
    level2: String,
    name: String,
    target: String,
    actual: String,
    weight: Option<Decimal>,
    score: Option<Decimal>,
    note: String,
    na: bool,
}

/// A table as read from a sheet.
#[derive(Debug, Default)]
struct Table {
    sheet: String,
    name: Option<Sourced<String>>,
    year: Option<i64>,
    department: Option<Sourced<String>>,
    implementer: Option<Sourced<String>>,
    unit: Option<&'static str>,
    funds_weight: Option<Sourced<Decimal>>,
    funds_rate: Option<Sourced<Decimal>>,
    funds_score: Option<Sourced<Decimal>>,
    funds: [(&'static str, FundsRow); 4],
    expected: Option<Sourced<String>>,
    actual: Option<Sourced<String>>,
    level1: Vec<(String, Decimal)>,
    rows: Vec<Row>,
    total_weight: Option<Sourced<Decimal>>,
    total_score: Option<Sourced<Decimal>>,
    grade: Option<Sourced<String>>,
}

/// The indicator table's columns.
#[derive(Debug, Default)]
struct Columns {
    level1: Option<usize>,
    level2: Option<usize>,
    name: usize,
    target: Option<usize>,
    actual: Option<usize>,
    op: Option<usize>,
    unit: Option<usize>,
    weight: usize,
    score: Option<usize>,
    note: Option<usize>,
}

fn cell_error(grid: &Grid, row: usize, col: usize, what: &str) -> Error {
    Error::Import(format!(
        "{}: {what} is not a number (found {:?})",
        grid.address(row, col),
        grid.get(row, col)
    ))
}

/// A number in a cell: `5`, `"5"`, `5分`, `1,444.49`, `１４４４．４９`; `None` when empty.
fn number(grid: &Grid, row: usize, col: usize, what: &str) -> Result<Option<Decimal>, Error> {
    let text = grid.get(row, col);
    if text.is_empty() || text == "/" || text == "／" || text == "-" {
        return Ok(None);
    }
    match read_amount(text) {
        Some(quantity) if matches!(quantity.unit.as_str(), "" | "分" | "%" | "万元" | "元") => {
            Ok(Some(quantity.number))
        }
        _ => Err(cell_error(grid, row, col, what)),
    }
}

/// `产出指标(50分)`, `产出指标（50分）`, `产出指标` → the name and the weight if printed.
fn level1_header(text: &str) -> (String, Option<Decimal>) {
    let text = label(text);
    let open = text.find(['(', '（']);
    if let Some(open) = open {
        let inner = text[open..]
            .trim_start_matches(['(', '（'])
            .trim_end_matches([')', '）'])
            .trim_end_matches('分');
        if let Ok(weight) = crate::number::parse_decimal(inner) {
            return (text[..open].to_string(), Some(weight));
        }
    }
    (text, None)
}

/// Template rows to skip: `指标1:`, `……`, `...`.
fn is_placeholder(name: &str) -> bool {
    let trimmed = name.trim_end_matches([':', '：']);
    let numbered = trimmed
        .strip_prefix("指标")
        .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()));
    numbered
        || name
            .chars()
            .all(|c| matches!(c, '…' | '.' | '。' | '·' | '-'))
}

fn is_na(text: &str) -> bool {
    matches!(text.trim(), "/" | "／" | "不适用" | "——")
}

/// The year from a title like `2022年度项目支出绩效自评表`.
fn year_in(grid: &Grid) -> Option<i64> {
    for row in 0..grid.height().min(6) {
        for col in 0..grid.width(row) {
            let text = label(grid.get(row, col));
            if let Some(at) = text.find("年度") {
                let digits: String = text[..at]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_ascii_digit())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                if let Ok(year @ 1949..=2199) = digits.parse::<i64>() {
                    return Some(year);
                }
            }
        }
    }
    None
}

impl Table {
    /// Reads the table on a sheet; `None` when the sheet holds no indicator table.
    fn read(grid: &Grid, options: &Options) -> Result<Option<Table>, Error> {
        let Some((header, columns)) = indicator_header(grid) else {
            return Ok(None);
        };
        let mut table = Table {
            sheet: grid.sheet.clone(),
            year: year_in(grid).or(options.year),
            funds: [
                ("total", FundsRow::default()),
                ("appropriation", FundsRow::default()),
                ("carryover", FundsRow::default()),
                ("other", FundsRow::default()),
            ],
            ..Table::default()
        };
        let text_right_of = |wanted: &dyn Fn(&str) -> bool| {
            grid.find(wanted)
                .and_then(|(r, c)| grid.right_of(r, c))
                .map(|(r, c)| Sourced {
                    value: grid.get(r, c).to_string(),
                    address: grid.address(r, c),
                })
        };
        table.name = text_right_of(&|l| l == "项目名称");
        table.department = text_right_of(&|l| l == "主管部门");
        table.implementer = text_right_of(&|l| l == "实施单位");
        table.read_funds(grid)?;
        table.expected = goal(grid, &|l| l == "预期目标" || l == "年度目标");
        table.actual = goal(grid, &|l| l.starts_with("实际完成情况") || l == "实际完成");
        table.read_rows(grid, header, &columns)?;
        Ok(Some(table))
    }

    fn read_funds(&mut self, grid: &Grid) -> Result<(), Error> {
        if let Some((r, c)) = grid.find(|l| l.starts_with("项目资金")) {
            let text = label(grid.get(r, c));
            self.unit = Some(if text.contains("亿元") {
                "亿元"
            } else if text.contains("万元") {
                "万元"
            } else if text.contains('元') {
                "元"
            } else {
                "万元"
            });
        }
        let Some((header, _)) = grid.find(|l| l.contains("年初预算数")) else {
            return Ok(());
        };
        let column = |wanted: &dyn Fn(&str) -> bool| {
            (0..grid.width(header)).find(|&c| wanted(&label(grid.get(header, c))))
        };
        let initial = column(&|l| l.contains("年初预算数"));
        let annual = column(&|l| l.contains("全年预算数") || l.contains("调整后预算数"));
        let executed = column(&|l| l.contains("执行数"));
        let weight = column(&|l| l == "分值");
        let rate = column(&|l| l.contains("执行率"));
        let score = column(&|l| l == "得分");
        let first_number = [initial, annual, executed]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(0);
        let read = |row: usize,
                    col: Option<usize>,
                    what: &str|
         -> Result<Option<Sourced<Decimal>>, Error> {
            let Some(col) = col else { return Ok(None) };
            Ok(number(grid, row, col, what)?.map(|value| Sourced {
                value,
                address: grid.address(row, col),
            }))
        };
        for row in header + 1..(header + 8).min(grid.height()) {
            let name: String = (0..first_number)
                .map(|c| label(grid.get(row, c)))
                .collect::<Vec<_>>()
                .join("");
            let slot = if name.contains("资金总额") {
                0
            } else if name.contains("财政拨款") {
                1
            } else if name.contains("上年结转") {
                2
            } else if name.contains("其他资金") {
                3
            } else {
                continue;
            };
            self.funds[slot].1 = FundsRow {
                initial: read(row, initial, "年初预算数")?,
                annual: read(row, annual, "全年预算数")?,
                executed: read(row, executed, "全年执行数")?,
            };
            if slot == 0 {
                self.funds_weight = read(row, weight, "分值")?;
                self.funds_score = read(row, score, "得分")?;
                // A rate stored as a fraction (0.8629, shown as 86.29%) is read in percent.
                let shown = rate.map_or("", |c| grid.get(row, c));
                self.funds_rate = read(row, rate, "执行率")?.map(|mut value| {
                    if value.value <= Decimal::TWO && !shown.contains(['%', '％']) {
                        value.value *= Decimal::ONE_HUNDRED;
                    }
                    value
                });
            }
        }
        Ok(())
    }

    fn read_rows(&mut self, grid: &Grid, header: usize, columns: &Columns) -> Result<(), Error> {
        let mut level1 = String::new();
        let mut level2 = String::new();
        for row in header + 1..grid.height() {
            let first: String = (0..columns.name.clamp(1, 3))
                .map(|c| label(grid.get(row, c)))
                .collect();
            if first.starts_with("总分") || first.starts_with("合计") {
                self.read_total(grid, row, columns)?;
                break;
            }
            if let Some(col) = columns.level1
                && !grid.get(row, col).is_empty()
            {
                let (name, weight) = level1_header(grid.get(row, col));
                if let Some(weight) = weight
                    && !self.level1.iter().any(|(n, _)| *n == name)
                {
                    self.level1.push((name.clone(), weight));
                }
                level1 = name;
            }
            if let Some(col) = columns.level2
                && !grid.get(row, col).is_empty()
            {
                level2 = label(grid.get(row, col));
            }
            let name = grid.get(row, columns.name);
            if name.is_empty() || is_placeholder(name) || label(name) == "三级指标" {
                continue;
            }
            let cell = |col: Option<usize>| col.map_or("", |c| grid.get(row, c));
            let weight_text = grid.get(row, columns.weight);
            let na =
                is_na(weight_text) || (is_na(cell(columns.target)) && is_na(cell(columns.actual)));
            // 指标性质 (≥, ≤, =) belongs to the target; 度量单位 to both.
            let split = |value: &str, is_target: bool| -> String {
                if value.is_empty() || is_na(value) {
                    return String::new();
                }
                let op = cell(columns.op);
                let op = if is_target
                    && Value::parse(value).op().is_none()
                    && crate::value::Comparator::parse(op).is_some()
                {
                    op
                } else {
                    ""
                };
                let unit = cell(columns.unit);
                let unit = if value.ends_with(unit) { "" } else { unit };
                format!("{op}{value}{unit}")
            };
            self.rows.push(Row {
                address: grid.address(row, columns.name),
                level1: level1.clone(),
                level2: level2.clone(),
                name: name.to_string(),
                target: split(cell(columns.target), true),
                actual: split(cell(columns.actual), false),
                weight: if na {
                    None
                } else {
                    Some(number(grid, row, columns.weight, "分值")?.ok_or_else(|| {
                        Error::Import(format!(
                            "{}: 分值 is empty for 「{name}」; write the weight, or / if the row does not apply",
                            grid.address(row, columns.weight)
                        ))
                    })?)
                },
                score: match columns.score {
                    Some(col) if !na => number(grid, row, col, "得分")?,
                    _ => None,
                },
                note: cell(columns.note).to_string(),
                na,
            });
        }
        Ok(())
    }

    /// The 总分 row: the weight and score under their columns, or else the first two numbers
    /// right of the label; the grade after `评价等级`.
    fn read_total(&mut self, grid: &Grid, row: usize, columns: &Columns) -> Result<(), Error> {
        let sourced = |col: usize, value| Sourced {
            value,
            address: grid.address(row, col),
        };
        let mut numbers = Vec::new();
        for col in 0..grid.width(row) {
            // A number merged across cells repeats: count it once.
            if let Ok(Some(value)) = number(grid, row, col, "总分")
                && numbers.last().is_none_or(|(_, v)| *v != value)
            {
                numbers.push((col, value));
            }
        }
        let at = |col: Option<usize>| numbers.iter().find(|(c, _)| Some(*c) == col);
        let weight = at(Some(columns.weight)).or(numbers.first());
        let score = at(columns.score).or(numbers.get(1));
        self.total_weight = weight.map(|(c, v)| sourced(*c, *v));
        self.total_score = score.map(|(c, v)| sourced(*c, *v));
        let grade = (0..grid.width(row))
            .find_map(|c| {
                let text = grid.get(row, c);
                text.split_once(['：', ':'])
                    .filter(|(label, _)| label.contains("等级"))
                    // `优（百分制 95.91）`: the grade is the word before any remark.
                    .map(|(_, grade)| {
                        let word = grade.split(['（', '(', '【']).next().unwrap_or(grade);
                        (c, word.trim().to_string())
                    })
            })
            .or_else(|| {
                grid.find(|l| l == "评价等级" || l == "自评等级")
                    .and_then(|(r, c)| grid.right_of(r, c))
                    .map(|(r, c)| (c, grid.get(r, c).to_string()))
            });
        self.grade = grade.map(|(col, value)| Sourced {
            value,
            address: grid.address(row, col),
        });
        Ok(())
    }

    /// The project file.
    fn toml(&self, workbook: &str, rules: Option<&str>) -> String {
        let mut out = format!(
            "# Imported by perf-eval from {workbook}, sheet {}; the comments name each value's cell.\n\
             schema = 1\n\n[project]\n",
            self.sheet
        );
        let comment = |out: &mut String, line: String, address: &str| {
            let _ = writeln!(out, "{line:<40} # {address}");
        };
        let missing = |what: &str| format!("(no {what} found)");
        match &self.name {
            Some(name) => comment(
                &mut out,
                format!("name = {}", quote(&name.value)),
                &name.address,
            ),
            None => {
                let _ = writeln!(out, "name = {}", quote(&missing("项目名称")));
            }
        }
        let _ = writeln!(out, "year = {}", self.year.unwrap_or(0));
        for (key, value) in [
            ("department", &self.department),
            ("implementer", &self.implementer),
        ] {
            if let Some(value) = value {
                comment(
                    &mut out,
                    format!("{key} = {}", quote(&value.value)),
                    &value.address,
                );
            }
        }
        if let Some(rules) = rules {
            let _ = writeln!(out, "rules = {}", quote(rules));
        }
        out.push_str("\n[funds]\n");
        let _ = writeln!(out, "unit = {}", quote(self.unit.unwrap_or("万元")));
        let number_line =
            |out: &mut String, key: &str, value: &Option<Sourced<Decimal>>, suffix: &str| {
                if let Some(value) = value {
                    let text = if suffix.is_empty() {
                        plain(value.value)
                    } else {
                        quote(&format!("{}{suffix}", plain(value.value)))
                    };
                    comment(out, format!("{key} = {text}"), &value.address);
                }
            };
        number_line(&mut out, "weight", &self.funds_weight, "");
        number_line(&mut out, "rate", &self.funds_rate, "%");
        number_line(&mut out, "score", &self.funds_score, "");
        for (key, row) in &self.funds {
            let cells: Vec<String> = [
                ("initial", &row.initial),
                ("annual", &row.annual),
                ("executed", &row.executed),
            ]
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} = {}", plain(v.value))))
            .collect();
            let first = [&row.initial, &row.annual, &row.executed]
                .iter()
                .find_map(|v| v.as_ref().map(|v| v.address.clone()));
            let line = format!("{key} = {{ {} }}", cells.join(", ")).replace("{  }", "{}");
            match first {
                Some(address) => comment(&mut out, line, &address),
                None => {
                    let _ = writeln!(out, "{line}");
                }
            }
        }
        out.push_str("\n[goals]\n");
        for (key, value) in [("expected", &self.expected), ("actual", &self.actual)] {
            if let Some(value) = value {
                let _ = writeln!(out, "# {}", value.address);
                let _ = writeln!(out, "{key} = {}", quote(&value.value));
            }
        }
        for (name, weight) in &self.level1 {
            let _ = write!(
                out,
                "\n[[level1]]\nname = {}\nweight = {}\n",
                quote(name),
                plain(*weight)
            );
        }
        for row in &self.rows {
            let _ = write!(
                out,
                "\n[[indicator]]                            # {}\nlevel1 = {}\nlevel2 = {}\nname = {}\ntarget = {}\nactual = {}\n",
                row.address,
                quote(&row.level1),
                quote(&row.level2),
                quote(&row.name),
                quote(&row.target),
                quote(&row.actual),
            );
            if let Some(weight) = row.weight {
                let _ = writeln!(out, "weight = {}", plain(weight));
            }
            if let Some(score) = row.score {
                let _ = writeln!(out, "score = {}", plain(score));
            }
            if !row.note.is_empty() {
                let _ = writeln!(out, "note = {}", quote(&row.note));
            }
            if row.na {
                out.push_str("na = true\n");
            }
        }
        if self.total_weight.is_some() || self.total_score.is_some() || self.grade.is_some() {
            out.push_str("\n[total]\n");
            number_line(&mut out, "weight", &self.total_weight, "");
            number_line(&mut out, "score", &self.total_score, "");
            if let Some(grade) = &self.grade {
                comment(
                    &mut out,
                    format!("grade = {}", quote(&grade.value)),
                    &grade.address,
                );
            }
        }
        out
    }
}

/// A goal's text: under its label, or else right of it.
fn goal(grid: &Grid, wanted: &dyn Fn(&str) -> bool) -> Option<Sourced<String>> {
    let (row, col) = grid.find(wanted)?;
    let below = grid.get(row + 1, col);
    let (r, c) = if !below.is_empty() && !wanted(&label(below)) {
        (row + 1, col)
    } else {
        grid.right_of(row, col)?
    };
    Some(Sourced {
        value: grid.get(r, c).to_string(),
        address: grid.address(r, c),
    })
}

/// The indicator header row and its columns: a row with 三级指标 and 分值.
fn indicator_header(grid: &Grid) -> Option<(usize, Columns)> {
    (0..grid.height()).find_map(|row| {
        let find = |wanted: &dyn Fn(&str) -> bool| {
            (0..grid.width(row)).find(|&c| wanted(&label(grid.get(row, c))))
        };
        let name = find(&|l| l == "三级指标")?;
        let weight = find(&|l| l == "分值" || l == "指标分值" || l == "权重")?;
        Some((
            row,
            Columns {
                level1: find(&|l| l == "一级指标"),
                level2: find(&|l| l == "二级指标"),
                name,
                target: find(&|l| {
                    matches!(
                        l,
                        "年度指标值" | "指标值" | "年度目标值" | "目标值" | "预期指标值"
                    )
                }),
                actual: find(&|l| {
                    matches!(l, "实际完成值" | "完成值" | "实际值" | "全年实际完成值")
                }),
                op: find(&|l| l == "指标性质"),
                unit: find(&|l| l == "度量单位" || l == "计量单位"),
                weight,
                score: find(&|l| l == "得分" || l == "自评得分"),
                note: find(&|l| {
                    l.contains("偏差原因") || l.contains("未完成原因") || l.contains("原因分析")
                }),
            },
        ))
    })
}

/// A TOML basic string.
fn quote(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_level_headers_carry_their_weight() {
        let d = |t: &str| Decimal::from_str_exact(t).unwrap();
        assert_eq!(
            level1_header("产出指标(50分)"),
            ("产出指标".into(), Some(d("50")))
        );
        assert_eq!(
            level1_header("效益指标\n\n（40分）"),
            ("效益指标".into(), Some(d("40")))
        );
        assert_eq!(
            level1_header("满意度指标（10）"),
            ("满意度指标".into(), Some(d("10")))
        );
        assert_eq!(level1_header("产出指标"), ("产出指标".into(), None));
    }

    #[test]
    fn template_rows_are_recognised() {
        for name in ["指标1:", "指标2：", "指标", "……", "...", "…"] {
            assert!(is_placeholder(name), "{name}");
        }
        for name in ["培训人次", "指标体系建设"] {
            assert!(!is_placeholder(name), "{name}");
        }
    }
}
