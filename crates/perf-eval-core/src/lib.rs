//! perf-eval: load, score and audit 项目支出绩效自评表 (Chinese public-finance project
//! performance self-evaluation tables) with exact decimals under named rule profiles.

pub mod audit;
pub mod batch;
pub mod code;
pub mod config;
pub mod derivation;
pub mod diagnostic;
pub mod emit;
pub mod encoding;
pub mod engine;
pub mod error;
pub mod import;
pub mod input;
pub mod lang;
pub mod messages;
pub mod number;
pub mod output;
pub mod pack;
pub mod place;
pub mod profile;
pub mod project;
pub mod render;
pub mod report;
pub mod schema;
pub mod source;
pub mod template;
mod toml_input;
pub mod value;
