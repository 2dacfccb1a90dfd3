//! The command-line and library tests, in one test binary: one link instead of one per file
//! keeps a newcomer's cold `cargo test` short.

mod common;

mod cells;
mod check;
mod ci;
mod draft;
mod exact;
mod hostile;
mod import;
mod own;
mod pack;
mod package;
mod properties;
mod provinces;
mod regressions;
mod report;
mod score;
mod start;
mod word;
