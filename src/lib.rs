//! clausecheck: checks exports of an inspection-management system against the articles of a
//! regulation. The pipeline is load → compile → evaluate → report.

pub mod app;
pub mod calendar;
pub mod commands;
pub mod config;
pub mod convert;
pub mod dates;
pub mod engine;
pub mod finding;
pub mod load;
pub mod model;
pub mod org;
pub mod pack;
pub mod progress;
pub mod report;
pub mod schema;
pub mod selftest;
pub mod text;
pub mod triage;
