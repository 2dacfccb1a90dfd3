//! Inputs under 10 MB are read or refused within 1 GB of memory and 10 seconds, whatever
//! their shape: thousands of sheets, megabytes of tabs.

use std::fs;
use std::time::{Duration, Instant};

use rust_xlsxwriter::Workbook;

use crate::common::scratch;
use crate::import::within_1_gb;

const LIMIT: Duration = Duration::from_secs(10);

/// Runs `perf-eval import` on a file within 1 GB, and says how it ended and how long it took.
fn import_bounded(path: &std::path::Path) -> (Option<i32>, String, Duration) {
    let start = Instant::now();
    let output = within_1_gb(&["import", path.to_str().unwrap()]);
    let took = start.elapsed();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        took,
    )
}

#[test]
fn thousands_of_sheets_take_time_in_proportion() {
    for (count, filled) in [(4_000, true), (16_000, false)] {
        let book = scratch("bounds-sheets").join("many.xlsx");
        let mut workbook = Workbook::new();
        for i in 0..count {
            let ws = workbook.add_worksheet();
            if filled || i == 0 {
                ws.write_string(0, 0, "项目名称").unwrap();
                ws.write_number(1, 1, i as f64).unwrap();
            }
            if i % 2 == 0 {
                ws.set_row_hidden(3).unwrap();
            }
        }
        workbook.save(&book).unwrap();
        assert!(fs::metadata(&book).unwrap().len() < 10 << 20);
        let (code, stderr, took) = import_bounded(&book);
        // No sheet holds an indicator table: refused, quickly and without a crash.
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.contains("没有找到项目支出绩效自评表"), "{stderr}");
        assert!(took < LIMIT, "{count} sheets took {took:?}");
    }
}

#[test]
fn megabytes_of_tabs_are_read_within_the_caps() {
    // One line of 9 MB of tabs, 9 MB of one-cell lines led by a tab (a Word paste), of rows
    // of two cells with no header above them (each run of rows was once tried as a header
    // broken over lines, at the cube of its length), and of rows whose quotes never close.
    let tabs = "\t".repeat(9 << 20);
    let cells = "\t格\n".repeat((9 << 20) / 6);
    let rows = "培训人次\t≥100人次\n".repeat((9 << 20) / 25);
    let quotes = "a\t\"b\n".repeat((9 << 20) / 5);
    for (name, text, said) in [
        ("tabs.txt", tabs, "第1行：单元格超过 32767 个字符"),
        ("cells.txt", cells, "没有找到项目支出绩效自评表"),
        ("rows.txt", rows, "没有找到项目支出绩效自评表"),
        ("quotes.txt", quotes, "没有找到项目支出绩效自评表"),
    ] {
        let path = scratch("bounds-tabs").join(name);
        fs::write(&path, text).unwrap();
        let (code, stderr, took) = import_bounded(&path);
        assert_eq!(code, Some(2), "{name}: {stderr}");
        assert!(stderr.contains(said), "{said:?} not in {stderr}");
        assert!(took < LIMIT, "{name} took {took:?}");
    }
}
