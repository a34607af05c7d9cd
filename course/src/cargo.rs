//! Building exercises' tests with cargo and running them.
//!
//! A check builds only the library tests of the packages it needs (`cargo test --no-run
//! --lib -p PKG`), which keeps a re-check after an edit near one second, then runs each test
//! executable itself, so that every test's outcome and panic message can be shown one by one.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// A package to build: its name and its directory, relative to the repository root.
#[derive(Clone, Debug)]
pub struct Package {
    pub name: String,
    pub dir: PathBuf,
}

/// Whether cargo's compiler messages go straight to the terminal or are kept for later.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Diagnostics {
    /// The student sees the compiler's errors as they come (`check`).
    Show,
    /// Kept, and returned only if the build fails (`verify`).
    Keep,
}

/// One test's outcome.
#[derive(Debug)]
pub struct TestResult {
    /// `tests::echoes_a_short_message`
    pub name: String,
    pub outcome: Outcome,
    /// What the test printed, its panic message included (libtest shows it for failures).
    pub output: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Failed,
    Ignored,
    /// The test executable ended, or was stopped, before reporting this test.
    Unfinished,
}

/// How long one test executable may run before it is stopped and its unfinished tests fail.
pub const TEST_TIME_LIMIT: Duration = Duration::from_secs(60);

/// Builds the library tests of `packages` in one cargo run and returns each package's test
/// executable by package name. On failure, returns what cargo said (empty when `Show` already
/// printed it).
pub fn build_tests(
    root: &Path,
    packages: &[Package],
    diagnostics: Diagnostics,
) -> Result<BTreeMap<String, PathBuf>, String> {
    let mut command = Command::new(cargo());
    command
        .current_dir(root)
        .args(["test", "--no-run", "--lib"])
        .arg("--message-format=json-render-diagnostics")
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    for package in packages {
        command.args(["-p", &package.name]);
    }
    // Shown: cargo's progress too, since a first build takes a while; kept: only errors.
    match diagnostics {
        Diagnostics::Show => command.stderr(Stdio::inherit()),
        Diagnostics::Keep => command.arg("--quiet").stderr(Stdio::piped()),
    };
    let output = command
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let executables = test_executables(&String::from_utf8_lossy(&output.stdout));
    let mut found = BTreeMap::new();
    for package in packages {
        let manifest = root.join(&package.dir).join("Cargo.toml");
        let executable = executables
            .iter()
            .find(|(path, _)| same_file(path, &manifest))
            .map(|(_, executable)| executable.clone())
            .ok_or_else(|| format!("cargo built no library tests for {}", package.name))?;
        found.insert(package.name.clone(), executable);
    }
    Ok(found)
}

/// The cargo that runs us (cargo sets `CARGO` for `cargo run`), else the one on PATH.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

/// (manifest path, test executable) for every test target in cargo's JSON messages.
fn test_executables(json_lines: &str) -> Vec<(PathBuf, PathBuf)> {
    json_lines
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .filter_map(|message| {
            let manifest = message["manifest_path"].as_str()?;
            let executable = message["executable"].as_str()?;
            Some((PathBuf::from(manifest), PathBuf::from(executable)))
        })
        .collect()
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Runs a test executable in `dir` (as `cargo test` would) and reports every test it lists,
/// stopping it after [`TEST_TIME_LIMIT`].
pub fn run_tests(executable: &Path, dir: &Path) -> Result<Vec<TestResult>, String> {
    let listed = list_tests(executable, dir)?;
    let report = run_with_limit(executable, dir, TEST_TIME_LIMIT)?;
    let outcomes = parse_outcomes(&report.stdout);
    let mut outputs = parse_failure_outputs(&report.stdout);
    let unfinished = match report.stopped {
        true => format!("stopped: the tests ran longer than {TEST_TIME_LIMIT:?}"),
        false => format!(
            "the test program ended before this test finished\n{}",
            report.stderr
        ),
    };
    Ok(listed
        .into_iter()
        .map(|name| {
            let outcome = outcomes.get(&name).copied().unwrap_or(Outcome::Unfinished);
            let output = match outcome {
                Outcome::Unfinished => unfinished.clone(),
                _ => outputs.remove(&name).unwrap_or_default(),
            };
            TestResult {
                name,
                outcome,
                output,
            }
        })
        .collect())
}

/// The names of the tests in an executable (`--list` prints `tests::name: test`).
fn list_tests(executable: &Path, dir: &Path) -> Result<Vec<String>, String> {
    let report = run_with_limit_args(executable, dir, &["--list"], Duration::from_secs(10))?;
    Ok(report
        .stdout
        .lines()
        .filter_map(|line| line.strip_suffix(": test"))
        .map(str::to_string)
        .collect())
}

struct Report {
    stdout: String,
    stderr: String,
    /// We stopped it at the time limit.
    stopped: bool,
}

fn run_with_limit(executable: &Path, dir: &Path, limit: Duration) -> Result<Report, String> {
    run_with_limit_args(executable, dir, &[], limit)
}

fn run_with_limit_args(
    executable: &Path,
    dir: &Path,
    args: &[&str],
    limit: Duration,
) -> Result<Report, String> {
    let mut child = Command::new(executable)
        .args(args)
        .current_dir(dir)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", executable.display()))?;
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let deadline = Instant::now() + limit;
    let mut stopped = false;
    while child.try_wait().map_err(|e| e.to_string())?.is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            stopped = true;
            break;
        }
        thread::sleep(Duration::from_millis(20));
    }
    Ok(Report {
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        stopped,
    })
}

/// Reads a pipe to its end on its own thread, so a test that prints a lot never blocks.
fn read_in_background(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// libtest's result lines: `test tests::name ... ok` (or `FAILED`, or `ignored`).
fn parse_outcomes(stdout: &str) -> BTreeMap<String, Outcome> {
    stdout
        .lines()
        .filter_map(|line| {
            let (name, verdict) = line.strip_prefix("test ")?.rsplit_once(" ... ")?;
            let outcome = match verdict {
                "ok" => Outcome::Passed,
                "FAILED" => Outcome::Failed,
                v if v.starts_with("ignored") => Outcome::Ignored,
                _ => return None,
            };
            Some((name.to_string(), outcome))
        })
        .collect()
}

/// The output libtest prints for each failed test, between `---- NAME stdout ----` and the
/// next such header or the closing `failures:` list.
fn parse_failure_outputs(stdout: &str) -> BTreeMap<String, String> {
    let mut outputs = BTreeMap::new();
    let mut current: Option<(String, Vec<&str>)> = None;
    for line in stdout.lines() {
        let header = line
            .strip_prefix("---- ")
            .and_then(|rest| rest.strip_suffix(" stdout ----"));
        if (header.is_some() || line == "failures:")
            && let Some((name, lines)) = current.take()
        {
            outputs.insert(name, lines.join("\n").trim().to_string());
        }
        if let Some(name) = header {
            current = Some((name.to_string(), Vec::new()));
        } else if let Some((_, lines)) = current.as_mut() {
            lines.push(line);
        }
    }
    if let Some((name, lines)) = current {
        outputs.insert(name, lines.join("\n").trim().to_string());
    }
    outputs
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIBTEST_OUTPUT: &str = "
running 3 tests
test tests::adds_two_numbers ... ok
test tests::refuses_letters ... FAILED
test tests::slow_one ... ignored, needs a peer
test tests::serves_python ... FAILED

failures:

---- tests::refuses_letters stdout ----

thread 'tests::refuses_letters' panicked at exercises/08_sum/src/lib.rs:40:5:
not yet implemented: answer one request line
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

---- tests::serves_python stdout ----
thread '<unnamed>' panicked at exercises/08_sum/src/lib.rs:50:5:
not yet implemented: serve
thread 'tests::serves_python' panicked at exercises/08_sum/src/tests.rs:9:9:
python3 got: ConnectionRefusedError

failures:
    tests::refuses_letters
    tests::serves_python

test result: FAILED. 1 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out
";

    #[test]
    fn outcomes_are_read_from_the_result_lines() {
        let outcomes = parse_outcomes(LIBTEST_OUTPUT);
        assert_eq!(outcomes.len(), 4);
        assert_eq!(outcomes["tests::adds_two_numbers"], Outcome::Passed);
        assert_eq!(outcomes["tests::refuses_letters"], Outcome::Failed);
        assert_eq!(outcomes["tests::slow_one"], Outcome::Ignored);
        assert_eq!(outcomes["tests::serves_python"], Outcome::Failed);
    }

    #[test]
    fn each_failure_keeps_its_own_output() {
        let outputs = parse_failure_outputs(LIBTEST_OUTPUT);
        assert_eq!(outputs.len(), 2);
        assert!(outputs["tests::refuses_letters"].contains("answer one request line"));
        assert!(!outputs["tests::refuses_letters"].contains("serve"));
        let serves = &outputs["tests::serves_python"];
        assert!(serves.contains("not yet implemented: serve"), "{serves}");
        assert!(
            serves.ends_with("python3 got: ConnectionRefusedError"),
            "{serves}"
        );
    }

    #[test]
    fn test_executables_are_found_by_manifest() {
        let json = concat!(
            r#"{"reason":"compiler-artifact","manifest_path":"/r/exercises/07_echo/Cargo.toml","#,
            r#""executable":"/t/deps/echo-1"}"#,
            "\n",
            r#"{"reason":"compiler-artifact","manifest_path":"/r/Cargo.toml","executable":null}"#,
            "\n",
            r#"{"reason":"build-finished","success":true}"#,
        );
        assert_eq!(
            test_executables(json),
            vec![(
                PathBuf::from("/r/exercises/07_echo/Cargo.toml"),
                PathBuf::from("/t/deps/echo-1")
            )]
        );
    }
}
