//! `cargo course check SLUG`: build one exercise, run its tests, show each outcome, and the hint
//! when something fails.

use std::path::Path;

use crate::cargo::{self, Diagnostics, Outcome, Package, TestResult};
use crate::manifest::{Course, Entry};
use crate::progress::Progress;

/// Checks one exercise, records the outcome in the progress file and prints what to do next.
/// Returns whether every test passed.
pub fn check(
    root: &Path,
    course: &Course,
    progress: &mut Progress,
    entry: Entry<'_>,
) -> Result<bool, String> {
    println!("Checking {entry}...");
    let passed = match test_exercise(root, entry)? {
        None => {
            println!("\n✗ `{}` does not compile yet.", entry.slug());
            println!("  The compiler's messages above say where; start with the first one.");
            false
        }
        Some(results) => {
            report(&results);
            results.iter().all(|r| r.outcome == Outcome::Passed)
        }
    };
    progress
        .record(entry.slug(), passed)
        .map_err(|e| format!("cannot save your progress: {e}"))?;
    if passed {
        print_next(course, progress);
    } else {
        print_hint(entry);
    }
    Ok(passed)
}

/// Builds and runs the exercise's tests; `None` if it does not compile (cargo has already
/// shown why).
fn test_exercise(root: &Path, entry: Entry<'_>) -> Result<Option<Vec<TestResult>>, String> {
    let package = Package {
        name: entry.slug().to_string(),
        dir: entry.exercise_dir(),
    };
    let executables =
        match cargo::build_tests(root, std::slice::from_ref(&package), Diagnostics::Show) {
            Ok(executables) => executables,
            Err(_) => return Ok(None),
        };
    let executable = &executables[&package.name];
    cargo::run_tests(executable, &root.join(&package.dir)).map(Some)
}

/// One line per test, the output of each failure under it, then the count.
fn report(results: &[TestResult]) {
    for result in results {
        let name = result.name.strip_prefix("tests::").unwrap_or(&result.name);
        match result.outcome {
            Outcome::Passed => println!("  ✓ {name}"),
            Outcome::Ignored => println!("  ? {name} (ignored: it does not count as passed)"),
            Outcome::Failed | Outcome::Unfinished => {
                println!("  ✗ {name}");
                for line in failure_lines(&result.output) {
                    println!("      {line}");
                }
            }
        }
    }
    let passed = results
        .iter()
        .filter(|r| r.outcome == Outcome::Passed)
        .count();
    println!("\n{passed} of {} tests pass.", results.len());
}

/// The lines of a failed test's output worth showing: the panic messages and what the test
/// printed, without libtest's backtrace advice, at most a dozen lines.
pub fn failure_lines(output: &str) -> Vec<&str> {
    const MAX_LINES: usize = 12;
    let lines: Vec<&str> = output
        .lines()
        .filter(|line| !line.starts_with("note: run with `RUST_BACKTRACE=1`"))
        .filter(|line| !line.trim().is_empty())
        .map(without_thread_name)
        .collect();
    if lines.len() <= MAX_LINES {
        lines
    } else {
        let mut shown = lines[..MAX_LINES - 1].to_vec();
        shown.push("...");
        shown
    }
}

/// `thread 'tests::x' (1234) panicked at src/lib.rs:9:5:` becomes `panicked at src/lib.rs:9:5:`:
/// the test's name is already on the line above.
fn without_thread_name(line: &str) -> &str {
    match (line.starts_with("thread '"), line.find("panicked at ")) {
        (true, Some(at)) => &line[at..],
        _ => line,
    }
}

/// After a pass: the next exercise to do, or the end of the course.
fn print_next(course: &Course, progress: &Progress) {
    match progress.current(course) {
        Some(next) => {
            println!("\n✓ Well done! Next: {next}");
            println!("  read   {}", next.chapter().display());
            println!("  edit   {}/src/lib.rs", next.exercise_dir().display());
            println!("  check  cargo course check {}", next.slug());
        }
        None => println!("\n✓ Well done! Every exercise of the course passes."),
    }
}

pub fn print_hint(entry: Entry<'_>) {
    println!("\nHint for `{}`:", entry.slug());
    for line in entry.exercise.hint.trim().lines() {
        println!("  {line}");
    }
    println!("\nRe-check with `cargo course check {}`.", entry.slug());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_lines_drop_backtrace_advice_and_blank_lines() {
        let output = "thread 'tests::t' (42) panicked at src/lib.rs:3:5:\n\nnot yet implemented\n\
                      note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace";
        assert_eq!(
            failure_lines(output),
            ["panicked at src/lib.rs:3:5:", "not yet implemented"]
        );
    }

    #[test]
    fn failure_lines_are_cut_at_a_dozen() {
        let output: String = (0..100).map(|i| format!("line {i}\n")).collect();
        let lines = failure_lines(&output);
        assert_eq!(lines.len(), 12);
        assert_eq!(lines[11], "...");
    }
}
