//! A progress bar on standard error for long sweeps. Drawn only when standard error is a
//! terminal and the sweep is long, so it never mixes into machine-readable output, logs or
//! tests; cleared when done.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Sweeps shorter than this many records finish before a bar would help.
const MIN_RECORDS: u64 = 5_000;

/// Inputs smaller than this (about 5,000 records of a real export) are read before a bar helps.
const MIN_BYTES: u64 = 50 << 20;

pub struct Progress(ProgressBar);

impl Progress {
    /// A bar over `len` steps labelled `what`; hidden unless stderr is a terminal.
    pub fn new(len: u64, what: &str) -> Progress {
        if len < MIN_RECORDS || !std::io::stderr().is_terminal() {
            return Progress(ProgressBar::hidden());
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(what.to_string());
        Progress(bar)
    }

    /// A bar over `len` bytes of input; hidden unless stderr is a terminal and the input is
    /// large (about as many bytes as [`MIN_RECORDS`] records take).
    pub fn bytes(len: u64, what: &str) -> Progress {
        if len < MIN_BYTES || !std::io::stderr().is_terminal() {
            return Progress(ProgressBar::hidden());
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{msg} [{bar:40}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(what.to_string());
        Progress(bar)
    }

    pub fn add(&self, n: u64) {
        self.0.inc(n);
    }

    pub fn inc(&self) {
        self.0.inc(1);
    }

    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}
