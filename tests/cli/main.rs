//! The command-line and library tests, in one test binary: one link instead of one per file
//! keeps a newcomer's cold `cargo test` short.

mod common;

mod browser;
mod cells;
mod check;
mod ci;
mod displayed;
mod draft;
mod exact;
mod hostile;
mod import;
mod own;
mod pack;
mod package;
mod pasted;
mod properties;
mod provinces;
mod read_bounds;
mod regressions;
mod report;
mod safety;
mod score;
mod serve;
mod start;
mod word;
