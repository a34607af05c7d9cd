//! `cargo course`: the pynet course's command, for students and instructors.
//!
//! `main.rs` parses and dispatches; `cli.rs` holds the arguments; one file per command
//! (`list.rs`, `check.rs`, `watch.rs`, `run.rs`, `verify.rs`); `manifest.rs` reads
//! `lessons/course.toml`, `progress.rs` the student's `.course-progress`, and `cargo.rs` builds
//! and runs exercises' tests.

mod bar;
mod book;
mod cargo;
mod check;
mod cli;
mod layout;
mod list;
mod manifest;
mod progress;
mod run;
mod verify;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

use cli::{Args, Command};
use manifest::{Course, Entry};
use progress::Progress;

fn main() -> ExitCode {
    let args: Args = argh::from_env();
    match dispatch(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(args: Args) -> Result<ExitCode, String> {
    let root = root();
    let course = Course::load(&root)?;
    let mut progress = Progress::load(&root);
    let success = |ok: bool| {
        if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    };
    match args.command.unwrap_or(Command::List(cli::List {})) {
        Command::List(_) => {
            list::list(&course, &progress);
            Ok(ExitCode::SUCCESS)
        }
        Command::Check(c) => {
            let entry = pick(&course, &progress, c.exercise.as_deref())?;
            check::check(&root, &course, &mut progress, entry).map(success)
        }
        Command::Watch(_) => {
            watch::watch(&root, &course, &mut progress).map(|()| ExitCode::SUCCESS)
        }
        Command::Hint(h) => {
            check::print_hint(pick(&course, &progress, h.exercise.as_deref())?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Run(r) => {
            let entry = course.find(&r.exercise)?;
            run::run(&root, entry.slug(), &r.args).map(|s| success(s.success()))
        }
        Command::Solution(s) => {
            let entry = course.find(&s.exercise)?;
            run::run(&root, &entry.solution_package(), &s.args).map(|s| success(s.success()))
        }
        Command::Verify(_) => verify::verify(&root, &course).map(success),
    }
}

/// The exercise named on the command line, or else the current one.
fn pick<'a>(
    course: &'a Course,
    progress: &Progress,
    slug: Option<&str>,
) -> Result<Entry<'a>, String> {
    match slug {
        Some(slug) => course.find(slug),
        None => progress
            .current(course)
            .ok_or_else(|| "every exercise passes already; name one to check it again".to_string()),
    }
}

/// The repository root: `PYNET_COURSE_ROOT` if set (the tests point it at small fixtures),
/// else the directory above this package.
fn root() -> PathBuf {
    match std::env::var_os("PYNET_COURSE_ROOT") {
        Some(root) => PathBuf::from(root),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("course/ has a parent directory")
            .to_path_buf(),
    }
}
