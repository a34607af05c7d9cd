//! `cargo course run SLUG -- ARGS` and `cargo course solution SLUG -- ARGS`: the exercise's
//! program, or the solved one, run by cargo with the given arguments.

use std::path::Path;
use std::process::{Command, ExitStatus};

use crate::cargo;

/// Runs package `package`'s binary with `args` (`cargo run -q -p PACKAGE -- ARGS`), its
/// input and output the terminal's.
pub fn run(root: &Path, package: &str, args: &[String]) -> Result<ExitStatus, String> {
    Command::new(cargo::cargo())
        .current_dir(root)
        .args(["run", "--quiet", "-p", package, "--"])
        .args(args)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))
}
