//! `cargo course verify`: the course proves itself whole.
//!
//! 1. Layout: every lesson has its chapter, programs (each tested), exercise and solution; the
//!    book's links and includes resolve; nothing is stray (see `layout.rs` and `book.rs`).
//! 2. Every test of every solution passes.
//! 3. Every test of every stub fails, and fails fast: a stub that passes a test would let a
//!    student "finish" without writing anything.
//!
//! Each of these is one counted check; the run ends with the line `N passed, N failed`.

use std::path::Path;

use crate::bar::Bar;
use crate::cargo::{self, Diagnostics, Outcome, Package, TestResult};
use crate::layout;
use crate::manifest::{Course, Entry};

/// Counted checks and the problems found.
#[derive(Default)]
struct Tally {
    passed: usize,
    problems: Vec<String>,
}

impl Tally {
    fn record(&mut self, what: &str, problem: Option<String>) {
        match problem {
            None => self.passed += 1,
            Some(problem) => self.problems.push(format!("{what}: {problem}")),
        }
    }
}

/// Runs every check and prints the problems and the count; returns whether all passed.
pub fn verify(root: &Path, course: &Course) -> Result<bool, String> {
    let entries: Vec<Entry<'_>> = course.entries().collect();
    let mut bar = Bar::new(2 + 2 * entries.len());
    let mut tally = Tally::default();

    bar.step("checking the layout");
    for check in layout::checks(root, course) {
        tally.record(&check.what, check.problem);
    }

    bar.step("building every exercise and solution");
    let all: Vec<Package> = entries.iter().flat_map(|e| packages(*e)).collect();
    match cargo::build_tests(root, &all, Diagnostics::Keep) {
        Err(message) => tally.record("building the exercises and solutions", Some(message)),
        Ok(executables) => {
            for entry in &entries {
                let [stub, solution] = packages(*entry);
                bar.step(&format!("testing {}", solution.name));
                let solved =
                    cargo::run_tests(&executables[&solution.name], &root.join(&solution.dir))?;
                bar.step(&format!("testing the stub {}", stub.name));
                let stubbed = cargo::run_tests(&executables[&stub.name], &root.join(&stub.dir))?;
                judge(&mut tally, *entry, &solved, &stubbed);
            }
        }
    }
    bar.finish();

    for problem in &tally.problems {
        println!("✗ {problem}");
    }
    let failed = tally.problems.len();
    if failed == 0 {
        println!("✓ the course is whole: every solution passes, every stub test fails");
    }
    println!("{} passed, {failed} failed", tally.passed);
    Ok(failed == 0)
}

/// The exercise's package and its solution's.
fn packages(entry: Entry<'_>) -> [Package; 2] {
    [
        Package {
            name: entry.slug().to_string(),
            dir: entry.exercise_dir(),
        },
        Package {
            name: entry.solution_package(),
            dir: entry.solution_dir(),
        },
    ]
}

/// One check per test on each side: passes on the solution, fails (fast) on the stub; and one
/// that both sides have the same, non-empty list of tests.
fn judge(tally: &mut Tally, entry: Entry<'_>, solved: &[TestResult], stubbed: &[TestResult]) {
    let slug = entry.slug();
    let names = |results: &[TestResult]| results.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
    let same = names(solved) == names(stubbed) && !solved.is_empty();
    tally.record(
        &format!("`{slug}`: the stub and the solution run the same tests"),
        (!same).then(|| format!("solution {:?}, stub {:?}", names(solved), names(stubbed))),
    );
    for result in solved {
        let problem = match result.outcome {
            Outcome::Passed => None,
            _ => Some(format!("{:?}\n{}", result.outcome, indent(&result.output))),
        };
        tally.record(&format!("{slug}_solution {} passes", result.name), problem);
    }
    for result in stubbed {
        let problem = match result.outcome {
            Outcome::Failed => None,
            Outcome::Passed => Some("passes on the stub: it must fail until solved".to_string()),
            Outcome::Ignored => Some("is ignored: it must run and fail".to_string()),
            Outcome::Unfinished => Some(format!("did not fail fast: {}", result.output)),
        };
        tally.record(&format!("{slug} (stub) {} fails", result.name), problem);
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    {line}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{Exercise, Lesson};

    fn result(name: &str, outcome: Outcome) -> TestResult {
        TestResult {
            name: format!("tests::{name}"),
            outcome,
            output: String::new(),
        }
    }

    /// What `judge` finds for one exercise: (checks passed, problems).
    fn judged(solved: &[TestResult], stubbed: &[TestResult]) -> (usize, Vec<String>) {
        let lesson = Lesson {
            number: 7,
            slug: "echo".into(),
            title: "Echo".into(),
            chapter: "ch07-echo.md".into(),
            programs: vec![],
            exercises: vec![],
        };
        let exercise = Exercise {
            slug: "echo".into(),
            hint: "h".into(),
        };
        let mut tally = Tally::default();
        let entry = Entry {
            lesson: &lesson,
            exercise: &exercise,
        };
        judge(&mut tally, entry, solved, stubbed);
        (tally.passed, tally.problems)
    }

    #[test]
    fn a_whole_exercise_counts_one_check_per_test_per_side() {
        let solved = [result("a", Outcome::Passed), result("b", Outcome::Passed)];
        let stubbed = [result("a", Outcome::Failed), result("b", Outcome::Failed)];
        assert_eq!(judged(&solved, &stubbed), (5, vec![]));
    }

    #[test]
    fn a_stub_test_that_passes_is_a_problem() {
        let solved = [result("a", Outcome::Passed)];
        let stubbed = [result("a", Outcome::Passed)];
        let (_, problems) = judged(&solved, &stubbed);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("passes on the stub"), "{problems:?}");
    }

    #[test]
    fn a_stub_test_that_hangs_or_is_ignored_is_a_problem() {
        let solved = [result("a", Outcome::Passed), result("b", Outcome::Passed)];
        let stubbed = [
            result("a", Outcome::Unfinished),
            result("b", Outcome::Ignored),
        ];
        let (_, problems) = judged(&solved, &stubbed);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("did not fail fast"), "{problems:?}");
        assert!(problems[1].contains("must run and fail"), "{problems:?}");
    }

    #[test]
    fn a_failing_solution_or_different_test_lists_are_problems() {
        let solved = [result("a", Outcome::Failed)];
        let stubbed = [
            result("a", Outcome::Failed),
            result("extra", Outcome::Failed),
        ];
        let (_, problems) = judged(&solved, &stubbed);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("run the same tests"), "{problems:?}");
        assert!(
            problems[1].contains("echo_solution tests::a passes"),
            "{problems:?}"
        );
    }

    #[test]
    fn no_tests_at_all_is_a_problem() {
        let (_, problems) = judged(&[], &[]);
        assert_eq!(problems.len(), 1, "{problems:?}");
    }
}
