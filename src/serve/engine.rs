//! The one place the server calls the library: every upload is checked, scored and rendered
//! by the same calls `perf-eval check`, `score` and `report` make, so that the page shows what
//! the command line prints.

use perf_eval::audit::CodeFilter;
use perf_eval::batch::{self, Options};
use perf_eval::emit::{self, Format, Shown};
use perf_eval::engine::evaluate;
use perf_eval::error::Error;
use perf_eval::input::{self, Input, Loaded};
use perf_eval::output;
use perf_eval::pack;
use perf_eval::profile::Profile;
use perf_eval::project::Project;
use perf_eval::render::{self, Lang};

/// An uploaded file: its name (for messages and to tell its kind) and its bytes.
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What `perf-eval check --format json --rules PROFILE` prints for these files, byte for byte.
pub fn check(files: Vec<Upload>, profile: &Profile, lang: Lang) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    let mut emitter = emit::emitter(Format::Json, shown(lang));
    batch::run(
        inputs(files),
        &options(profile, lang),
        &mut emitter,
        &mut out,
        &mut (),
    )
    .map_err(memory)?;
    Ok(out)
}

/// The audit pack (HTML) or the summary workbook (汇总表.xlsx) `check --output` writes.
pub fn pack(
    files: Vec<Upload>,
    profile: &Profile,
    lang: Lang,
    kind: pack::Kind,
) -> Result<Vec<u8>, Error> {
    let mut pack = pack::Pack::new(pack::Request { kind, lang }, None);
    batch::run(
        inputs(files),
        &options(profile, lang),
        &mut pack,
        &mut std::io::sink(),
        &mut (),
    )
    .map_err(memory)?;
    pack.render()
}

/// The scored table as `score --output 自评表.xlsx` writes it.
pub fn score_xlsx(file: Upload, profile: &Profile, lang: Lang) -> Result<Vec<u8>, Error> {
    let (loaded, project) = open(file)?;
    let evaluation = evaluate(&project, profile);
    let options = render::Options {
        lang,
        explain: false,
        ..render::Options::file(output::Format::Xlsx)
    };
    render::scored(&evaluation, loaded.places(), options)
}

/// The 自评报告 draft as `report --output 自评报告.docx` writes it.
pub fn report_docx(file: Upload, profile: &Profile) -> Result<Vec<u8>, Error> {
    let name = file.name.clone();
    let (_, project) = open(file)?;
    let (evaluation, findings) = perf_eval::audit::check(&project, profile);
    let draft = perf_eval::report::draft(&evaluation, &findings);
    render::draft::docx(&draft, &evaluation, Lang::Zh.labels())
        .map_err(|source| Error::Write { path: name, source })
}

/// The one table of a file, read as `score` reads a file of that name.
fn open(file: Upload) -> Result<(Loaded, Project), Error> {
    input::open(Input::Bytes {
        name: file.name,
        bytes: file.bytes,
    })
}

fn inputs(files: Vec<Upload>) -> Vec<Input> {
    files
        .into_iter()
        .map(|file| Input::Bytes {
            name: file.name,
            bytes: file.bytes,
        })
        .collect()
}

/// `check`'s options for a page's request: the chosen profile for every table (a table's own
/// `rules` could name a file on the server), every finding, the page's language.
fn options(profile: &Profile, lang: Lang) -> Options {
    Options {
        rules: Some(profile.clone()),
        codes: CodeFilter::default(),
        lang,
    }
}

/// What `check --format json` shows with no settings file: every finding, warnings not fatal.
fn shown(lang: Lang) -> Shown {
    Shown {
        lang,
        settings: None,
        deny_warnings: false,
        quiet: false,
        summary_all: false,
        explain: false,
    }
}

/// Writing to memory fails only when memory does.
fn memory(source: std::io::Error) -> Error {
    Error::Write {
        path: "<memory>".to_string(),
        source,
    }
}
