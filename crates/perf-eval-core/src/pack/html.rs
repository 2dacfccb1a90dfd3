//! The audit pack as one self-contained HTML page: no network, no fonts but the system's, a
//! summary that sorts and filters, each table as the official form, and A4 pages in print.

use std::fmt::Write as _;

use crate::audit::Severity;
use crate::derivation;
use crate::emit::Summary;
use crate::engine::Evaluation;
use crate::lang::Lang;
use crate::messages::Counts;
use crate::number::{fixed, plain};
use crate::render::escape_markup as escape;
use crate::render::form;
use crate::render::paper::width_mm;

/// The widest figure kept on one line, in millimetres at 五号: eight characters, as the form's
/// figure cells allow.
const FIGURE_MM: f64 = 8.0 * 10.5 * 25.4 / 72.0;

use super::{Entry, Item, PackLabels};

/// The page's style: system CJK fonts, the form's ruled cells, A4 pages in print.
const STYLE: &str = r#"
:root { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimSun", sans-serif; font-size: 14px; color: #111; }
body { margin: 1.5em auto; max-width: 1200px; padding: 0 1em; }
h1 { font-size: 1.6em; text-align: center; }
h2 { font-size: 1.3em; text-align: center; margin-bottom: .2em; }
h3 { font-size: 1.05em; margin: 1em 0 .3em; }
table { border-collapse: collapse; width: 100%; margin: .4em 0; }
th, td { border: 1px solid #444; padding: .25em .4em; vertical-align: top; }
th { background: #eef0f3; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.fig { white-space: nowrap; }
/* The form's headers and names break between words only: 分值 and 经济效益指标 stay whole. */
table.indicators th { white-space: nowrap; }
table.indicators th:last-child { white-space: normal; }
table.indicators td:nth-child(-n+2) { word-break: keep-all; }
.overview { text-align: center; }
.controls { display: flex; gap: 1.5em; align-items: center; margin: .6em 0; flex-wrap: wrap; }
#summary th { cursor: pointer; user-select: none; white-space: nowrap; }
#summary td:last-child { min-width: 8em; }
table.header th, table.goals th { width: 8em; text-align: left; }
#summary th[aria-sort=ascending]::after { content: " ▲"; }
#summary th[aria-sort=descending]::after { content: " ▼"; }
#summary tr.has-error td.count-error, #summary tr.unusable td { color: #b00020; font-weight: 600; }
.path { text-align: center; color: #555; margin-top: 0; font-size: .9em; }
td.differs, #summary td.differs { background: #ffe08a; font-weight: 600; }
td[data-derivation] { cursor: help; }
td .why { display: block; font-weight: normal; font-size: .85em; color: #333; margin-top: .2em; }
.note { font-size: .9em; color: #333; }
ul.findings { padding-left: 1.2em; }
ul.findings li { margin: .25em 0; }
.sev { display: inline-block; min-width: 3em; font-weight: 600; }
.sev-error { color: #b00020; }
.sev-warning { color: #8a5a00; }
.sev-info { color: #0a5a8a; }
.place { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; }
.help { color: #444; font-size: .9em; margin-left: 3.5em; }
a.back { font-size: .85em; }
@page { size: A4; margin: 12mm; }
@media print {
  /* A pixel each side, so that a full-width table's outer borders stay on the page. */
  body { max-width: none; margin: 0; padding: 0 1px; font-size: 10.5pt; }
  /* The summary as wide as the page: its columns in fixed shares, the problems the widest. */
  #summary { font-size: 9pt; table-layout: fixed; }
  #summary th { white-space: normal; }
  #summary td:last-child { min-width: 0; }
  #summary td:nth-child(2) { overflow-wrap: anywhere; }
  #summary th:nth-child(1), #summary th:nth-child(9), #summary th:nth-child(10) { width: 5%; }
  #summary th:nth-child(2) { width: 11%; }
  #summary th:nth-child(3), #summary th:nth-child(4) { width: 9%; }
  #summary th:nth-child(5) { width: 11%; }
  #summary th:nth-child(6), #summary th:nth-child(7), #summary th:nth-child(8) { width: 9%; }
  #summary th:nth-child(11) { width: 18%; }
  .controls, a.back, .hint { display: none; }
  section.table { break-before: page; }
  tr, li { break-inside: avoid; }
  thead { display: table-header-group; }
  td.differs { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Sorting and filtering the summary, and showing a cell's derivation on click.
const SCRIPT: &str = r#"
(function () {
  var table = document.getElementById('summary');
  var body = table.tBodies[0];
  var code = document.getElementById('filter-code');
  var severity = document.getElementById('filter-severity');
  var shown = document.getElementById('shown');
  function filter() {
    var wanted = code.value.trim().toLowerCase();
    var level = severity.value;
    var count = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      // A code matches from its start: `score` finds score-mismatch, not funds-score-mismatch.
      var codes = row.getAttribute('data-codes').split(' ');
      var ok = (!wanted || codes.some(function (c) { return c.indexOf(wanted) === 0; })) &&
        (level === 'all' || (' ' + row.getAttribute('data-severity') + ' ').indexOf(' ' + level + ' ') >= 0);
      row.hidden = !ok;
      if (ok) { count++; }
    });
    shown.textContent = count;
  }
  // A link can carry a filter: 审核报告.html#code=score-mismatch. One that is not valid
  // percent-encoding (#code=%E0) is taken as written: no link may stop the page's script.
  var preset = /^#code=(.*)$/.exec(location.hash);
  if (preset) {
    try { code.value = decodeURIComponent(preset[1]); } catch (malformed) { code.value = preset[1]; }
  }
  code.addEventListener('input', filter);
  severity.addEventListener('change', filter);
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    th.addEventListener('click', function () {
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      var rows = Array.prototype.slice.call(body.rows);
      function key(row) { var cell = row.cells[index]; return cell.getAttribute('data-sort') || cell.textContent; }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
        var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'zh-CN');
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  document.addEventListener('click', function (event) {
    var cell = event.target.closest('td[data-derivation]');
    if (!cell) { return; }
    var why = cell.querySelector('.why');
    if (why) { why.remove(); return; }
    why = document.createElement('span');
    why.className = 'why';
    why.textContent = cell.getAttribute('data-derivation');
    cell.appendChild(why);
  });
  filter();
})();
"#;

/// A cell, shaded when the form marks a declared figure that differs (`【填报 …】`), with the
/// derivation as its tooltip and on click.
fn cell(text: &str, numeric: bool, derivation: Option<&str>) -> String {
    let mut classes = Vec::new();
    if numeric {
        classes.push("num");
    }
    if numeric && text.contains('【') {
        classes.push("differs");
    }
    let mut out = String::from("<td");
    if !classes.is_empty() {
        let _ = write!(out, " class=\"{}\"", classes.join(" "));
    }
    if let Some(derivation) = derivation {
        let derivation = escape(derivation);
        let _ = write!(
            out,
            " title=\"{derivation}\" data-derivation=\"{derivation}\""
        );
    }
    let _ = write!(out, ">{}</td>", escape(text));
    out
}

/// A block of label and text rows (the header, the goals).
fn pairs<const N: usize>(class: &str, rows: [(&str, String); N]) -> String {
    let mut out = format!("<table class=\"{class}\">\n");
    for (label, text) in rows {
        let _ = writeln!(
            out,
            "<tr><th>{}</th><td>{}</td></tr>",
            escape(label),
            escape(&text)
        );
    }
    out.push_str("</table>\n");
    out
}

/// One table as the official form, then its findings: the body of its section in the pack.
pub fn form(name: &str, evaluation: &Evaluation, findings: &[Item], lang: Lang) -> String {
    let labels = lang.labels();
    let pack = lang.pack_labels();
    let profile = evaluation.profile;
    let mut out = String::new();
    let _ = writeln!(out, "<h2>{}</h2>", escape(&form::title(evaluation, labels)));
    let _ = writeln!(out, "<p class=\"path\">{}</p>", escape(name));
    out.push_str(&pairs("header", form::header(evaluation, labels)));
    out.push_str("<table class=\"funds\">\n");
    let funds_derivation = derivation::funds(&evaluation.funds, profile, lang);
    for (index, row) in form::funds_rows(evaluation, labels).iter().enumerate() {
        out.push_str("<tr>");
        for (column, text) in row.iter().enumerate() {
            if index == 0 {
                let _ = write!(out, "<th>{}</th>", escape(text));
            } else {
                let derivation = (index == 1 && column >= 5).then_some(funds_derivation.as_str());
                out.push_str(&cell(text, column >= 1, derivation));
            }
        }
        out.push_str("</tr>\n");
    }
    let _ = writeln!(
        out,
        "</table>\n<p class=\"note\">{}</p>",
        escape(&form::funds_note(evaluation, labels))
    );
    out.push_str(&pairs("goals", form::goals(evaluation, labels)));
    out.push_str("<table class=\"indicators\">\n");
    let rows = form::indicator_rows(evaluation, labels);
    let last = rows.len() - 1;
    let total_derivation = derivation::total(evaluation, lang);
    let indicators = evaluation.project.indicators.iter().zip(&evaluation.rows);
    let derivations: Vec<String> = indicators
        .map(|(indicator, row)| derivation::row(indicator, row, profile, lang))
        .collect();
    for (index, row) in rows.iter().enumerate() {
        out.push_str("<tr>");
        for (column, text) in row.iter().enumerate() {
            if index == 0 {
                let _ = write!(out, "<th>{}</th>", escape(text));
                continue;
            }
            let derivation = match (index, column) {
                (i, 6) if i == last => Some(total_derivation.as_str()),
                (i, 6) => derivations.get(i - 1).map(String::as_str),
                _ => None,
            };
            // The weight and score columns hold figures; on the 总分 row the grade too.
            let numeric = column == 5 || column == 6 || (index == last && column == 7);
            let mut td = cell(text, numeric, derivation);
            // A short target or actual with its unit (`1444.49万元`, `≤2024年12月`) is never
            // broken.
            if (column == 3 || column == 4) && !text.is_empty() && width_mm(text) <= FIGURE_MM {
                td = td.replacen("<td", "<td class=\"fig\"", 1);
            }
            out.push_str(&td);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    let notes = form::notes(evaluation, labels);
    if !notes.is_empty() {
        out.push_str("<ul class=\"note\">\n");
        for note in notes {
            let _ = writeln!(out, "<li>{}</li>", escape(&note));
        }
        out.push_str("</ul>\n");
    }
    let _ = writeln!(
        out,
        "<p class=\"hint note\">{}</p>\n<h3>{}</h3>",
        escape(pack.differs_hint),
        escape(pack.findings)
    );
    out.push_str(&findings_list(name, findings, pack));
    let _ = writeln!(
        out,
        "<p class=\"note\">{}{}{} {}</p>",
        escape(pack.computed_total),
        labels.colon,
        fixed(evaluation.total, profile.rounding),
        escape(&evaluation.grade)
    );
    out
}

fn findings_list(path: &str, findings: &[Item], pack: &PackLabels) -> String {
    if findings.is_empty() {
        return format!("<p>{}</p>\n", escape(pack.no_findings));
    }
    let mut out = String::from("<ul class=\"findings\">\n");
    for finding in findings {
        let severity = finding.severity.label();
        let _ = write!(
            out,
            "<li class=\"finding {severity}\" data-code=\"{}\"><span class=\"sev sev-{severity}\">{}</span> \
             <span class=\"place\">{}:{}</span> <b class=\"problem\" title=\"{}\">{}</b> {}",
            finding.code,
            escape(pack.severity(finding.severity)),
            escape(path),
            escape(&finding.place),
            finding.code,
            escape(finding.title),
            escape(&finding.message)
        );
        if let Some(help) = &finding.help {
            let _ = write!(out, "<div class=\"help\">{}</div>", escape(help));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
    out
}

/// The whole page: the summary of every table, then each table's section.
pub fn render(entries: &[Entry], summary: &Summary, lang: Lang, settings: Option<&str>) -> String {
    let pack = lang.pack_labels();
    let html_lang = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"perf-eval {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        escape(pack.title)
    );
    // The counts in the words of the terminal's last line, from the same run's summary.
    let counts = Counts {
        files: summary.files,
        errors: summary.errors,
        warnings: summary.warnings,
        infos: summary.infos,
        unusable: summary.unusable,
    };
    let _ = writeln!(
        out,
        "<h1>{}</h1>\n<p class=\"overview\" id=\"overview\">{}</p>",
        escape(pack.title),
        escape(&counts.line(lang))
    );
    if let Some(settings) = settings {
        let _ = writeln!(out, "<p class=\"settings\">{}</p>", escape(settings));
    }
    let _ = writeln!(
        out,
        "<h3>{}</h3>\n<div class=\"controls\">\
         <label>{} <input id=\"filter-code\" type=\"search\" placeholder=\"score-mismatch\"></label>\
         <label>{} <select id=\"filter-severity\">\
         <option value=\"all\">{}</option><option value=\"error\">{}</option>\
         <option value=\"warning\">{}</option><option value=\"finding\">{}</option>\
         <option value=\"clean\">{}</option></select></label>\
         <span>{} <span id=\"shown\">{}</span>/{}</span><span class=\"hint note\">{}</span></div>",
        escape(pack.overview),
        escape(pack.filter_code),
        escape(pack.filter_severity),
        escape(pack.all),
        escape(pack.with_errors),
        escape(pack.with_warnings),
        escape(pack.with_findings),
        escape(pack.clean),
        escape(pack.shown),
        entries.len(),
        entries.len(),
        escape(pack.sort_hint)
    );
    out.push_str("<table id=\"summary\">\n<thead><tr>");
    let columns = super::summary_columns(lang);
    let headings = std::iter::once(pack.number)
        .chain(columns)
        .chain(std::iter::once(pack.problem));
    for heading in headings {
        let _ = write!(out, "<th>{}</th>", escape(heading));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (index, entry) in entries.iter().enumerate() {
        out.push_str(&summary_row(index + 1, entry, pack));
    }
    out.push_str("</tbody>\n</table>\n");
    for (index, entry) in entries.iter().enumerate() {
        let _ = writeln!(
            out,
            "<section class=\"table\" id=\"t{}\">\n<a class=\"back\" href=\"#overview\">{}</a>",
            index + 1,
            escape(pack.back)
        );
        match &entry.unusable {
            Some(message) => {
                let _ = writeln!(
                    out,
                    "<h2>{}</h2>\n<p class=\"path\">{}</p>\n<p class=\"sev-error\">{}</p>",
                    escape(pack.unusable),
                    escape(&entry.path),
                    escape(message)
                );
            }
            None => out.push_str(&entry.form),
        }
        out.push_str("</section>\n");
    }
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    out
}

/// A table's row in the summary; `data-severity` lists what the severity filter matches.
fn summary_row(number: usize, entry: &Entry, pack: &PackLabels) -> String {
    let errors = entry.count(Severity::Error);
    let warnings = entry.count(Severity::Warning);
    let mut severity = Vec::new();
    if errors > 0 || entry.unusable.is_some() {
        severity.push("error");
    }
    if warnings > 0 {
        severity.push("warning");
    }
    severity.push(if entry.findings.is_empty() && entry.unusable.is_none() {
        "clean"
    } else {
        "finding"
    });
    // Each kind of finding once, by its name, with its code as the tooltip and for the filter.
    let mut kinds: Vec<(&str, &str)> = entry.findings.iter().map(|f| (f.code, f.title)).collect();
    if entry.unusable.is_some() {
        kinds.push((crate::emit::UNUSABLE, pack.unusable));
    }
    kinds.sort_unstable();
    kinds.dedup();
    let codes: Vec<&str> = kinds.iter().map(|(code, _)| *code).collect();
    let problems: Vec<String> = kinds
        .iter()
        .map(|(code, title)| format!("<span title=\"{code}\">{}</span>", escape(title)))
        .collect();
    let class = match (&entry.unusable, errors) {
        (Some(_), _) => " class=\"unusable\"",
        (None, 0) => "",
        (None, _) => " class=\"has-error\"",
    };
    // The computed total is shaded when the declared one differs from it, as on the form.
    let total_differs = codes.contains(&crate::audit::Code::TotalMismatch.name());
    let figure = |value: Option<rust_decimal::Decimal>, places: Option<u32>| match value {
        Some(value) => {
            let (shown, class) = match places {
                Some(places) if total_differs => (fixed(value, places), "num differs"),
                Some(places) => (fixed(value, places), "num"),
                None => (plain(value), "num"),
            };
            format!("<td class=\"{class}\" data-sort=\"{value}\">{shown}</td>")
        }
        None => "<td class=\"num\" data-sort=\"-1\"></td>".to_string(),
    };
    let project = match &entry.unusable {
        Some(_) => escape(pack.unusable),
        None => escape(&entry.project),
    };
    // A file that could not be used has no counts: it is counted as unusable, not as clean.
    let (errors, warnings) = match &entry.unusable {
        Some(_) => (String::new(), String::new()),
        None => (errors.to_string(), warnings.to_string()),
    };
    format!(
        "<tr{class} data-codes=\"{}\" data-severity=\"{}\"><td class=\"num\">{number}</td>\
         <td><a href=\"#t{number}\">{}</a></td><td>{}</td><td>{}</td><td>{project}</td>{}{}<td>{}</td>\
         <td class=\"num count-error\">{errors}</td><td class=\"num\">{warnings}</td><td>{}</td></tr>\n",
        codes.join(" "),
        severity.join(" "),
        escape(&entry.path),
        escape(&entry.department),
        escape(&entry.implementer),
        figure(entry.declared_total, None),
        figure(entry.computed_total, Some(entry.places)),
        escape(&entry.grade),
        problems.join("<br>")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_only_figures_the_form_marks_as_differing() {
        assert_eq!(
            cell("3.33【填报 4】", true, Some("6/9 × 5")),
            "<td class=\"num differs\" title=\"6/9 × 5\" data-derivation=\"6/9 × 5\">3.33【填报 4】</td>"
        );
        assert_eq!(cell("【注】", false, None), "<td>【注】</td>");
    }
}
