//! clausecheck: checks exports of an inspection-management system against the articles of a
//! regulation. The pipeline is load → compile → evaluate → report.
//!
//! No `unsafe` (`deny` rather than `forbid`, so a reviewed, commented `#[allow]` stays possible,
//! e.g. for memory-mapped input). Outside tests, code that input can reach never panics through
//! `unwrap`, `expect` or indexing: each remaining one carries an `#[allow]` saying why it holds.
//! The one `unsafe` block, `load::stream::utf8_string`, turns bytes simdutf8 has just validated
//! into a `String`.
#![deny(unsafe_code)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod app;
pub mod calendar;
pub mod commands;
pub mod config;
pub mod dates;
pub mod engine;
pub mod failure;
pub mod finding;
pub mod hashing;
pub mod key;
pub mod load;
pub mod model;
pub mod org;
pub mod output;
pub mod pack;
pub mod progress;
pub mod report;
pub mod schema;
pub mod selectors;
pub mod selftest;
pub mod text;
pub mod triage;
