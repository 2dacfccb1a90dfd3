//! Writing the Excel and Word forms of one table as its rows grow: time per row must stay flat
//! (the Excel writer once searched its rows for each row, so 250,000 rows took 66 s). Run with
//! `cargo bench --bench render`; docs/performance.md has the numbers.

use perf_eval::engine::evaluate;
use perf_eval::profile::Profile;
use perf_eval::project::{self, Project};
use perf_eval::render::{Lang, draft, xlsx};
use perf_eval::report;
use perf_eval::source::Source;

fn main() {
    divan::main();
}

/// A table of `rows` indicators in runs of 一级/二级 groups, as long tables have them.
fn project(rows: usize) -> (Project, Profile) {
    let mut text = String::from(
        "schema = 1\n\n[project]\nname = \"P\"\nyear = 2022\n\n[funds]\n\
         total = { initial = 100, annual = 100, executed = 90 }\n",
    );
    for i in 0..rows {
        text.push_str(&format!(
            "[[indicator]]\nlevel1 = \"{}\"\nlevel2 = \"二级{}\"\nname = \"指标{i}\"\n\
             target = \"≥10个\"\nactual = \"{}个\"\nweight = 0.01\nnote = \"说明{i}\"\n",
            if i < rows / 2 {
                "产出指标"
            } else {
                "效益指标"
            },
            i / 7,
            i % 12
        ));
    }
    let source = Source::new("bench.toml", text);
    let project = project::load(&source).unwrap();
    let profile = Profile::select(None, &project, &source).unwrap();
    (project, profile)
}

const ROWS: [usize; 3] = [1_000, 10_000, 100_000];

#[divan::bench(args = ROWS, sample_count = 3, sample_size = 1)]
fn xlsx_rows(bencher: divan::Bencher, rows: usize) {
    let (project, profile) = project(rows);
    let evaluation = evaluate(&project, &profile);
    bencher
        .counter(divan::counter::ItemsCount::new(rows))
        .bench(|| divan::black_box(xlsx::render(&evaluation, Lang::Zh.labels()).unwrap()));
}

#[divan::bench(args = ROWS, sample_count = 3, sample_size = 1)]
fn docx_rows(bencher: divan::Bencher, rows: usize) {
    let (project, profile) = project(rows);
    let evaluation = evaluate(&project, &profile);
    let draft = report::draft(&evaluation, &[]);
    bencher
        .counter(divan::counter::ItemsCount::new(rows))
        .bench(|| divan::black_box(draft::docx(&draft, &evaluation, Lang::Zh.labels()).unwrap()));
}
