//! perf-eval: load, score and audit 项目支出绩效自评表 (Chinese public-finance project
//! performance self-evaluation tables) with exact decimals under named rule profiles.

pub mod number;
pub mod value;
pub mod error;
pub mod project;
pub mod source;
mod toml_input;
pub mod profile;
pub mod engine;
pub mod render;
