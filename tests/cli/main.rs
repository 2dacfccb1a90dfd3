//! The command-line and library tests, in one test binary: one link instead of one per file
//! keeps a newcomer's cold `cargo test` short.

mod common;

mod browser;
mod cells;
mod check;
mod ci;
mod draft;
mod exact;
mod hostile;
mod import;
mod pack;
mod package;
mod properties;
mod provinces;
mod regressions;
mod report;
mod score;
mod serve;
mod start;
