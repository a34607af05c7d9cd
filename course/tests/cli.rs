//! The `course` binary, run on small fixture courses (a course.toml and a few files in a temp
//! directory, found through `PYNET_COURSE_ROOT`).

use std::path::{Path, PathBuf};
use std::process::Command;

const COURSE_TOML: &str = r#"
[[lesson]]
number = 1
slug = "first"
title = "The first lesson"
chapter = "ch01-first.md"
programs = ["hello"]

[[lesson.exercise]]
slug = "alpha"
hint = "Look at socket::gethostname."

[[lesson]]
number = 2
slug = "second"
title = "The second lesson"
chapter = "ch02-second.md"

[[lesson.exercise]]
slug = "beta"
hint = """
Two lines
of hint.
"""
"#;

/// A fixture course in a temp directory, removed when the test is over.
struct Fixture(PathBuf);

impl std::ops::Deref for Fixture {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh fixture directory holding `course.toml` and the given files.
fn fixture(name: &str, files: &[(&str, &str)]) -> Fixture {
    let root = std::env::temp_dir().join(format!("course-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    write(&root, "lessons/course.toml", COURSE_TOML);
    for (path, text) in files {
        write(&root, path, text);
    }
    Fixture(root)
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Runs `course ARGS` on the fixture: (exit code, stdout, stderr).
fn course(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_course"))
        .args(args)
        .env("PYNET_COURSE_ROOT", root)
        .output()
        .expect("run course");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn list_on_a_fresh_course_says_where_to_start() {
    let root = fixture("fresh", &[]);
    let (code, out, _) = course(&root, &[]);
    assert_eq!(code, 0);
    assert!(out.contains("2 lessons, 2 exercises, 0 done"), "{out}");
    assert!(out.contains("Start with lesson 1"), "{out}");
    assert!(out.contains("cargo course check alpha"), "{out}");
    assert!(out.contains("book/src/ch01-first.md"), "{out}");
    assert!(out.contains("cargo run -p lessons --bin hello"), "{out}");
}

#[test]
fn list_reads_the_progress_file() {
    let root = fixture(
        "progress",
        &[(".course-progress", "alpha passed\nbeta failing\n")],
    );
    let (code, out, _) = course(&root, &["list"]);
    assert_eq!(code, 0);
    assert!(out.contains("1 done"), "{out}");
    let row = |slug: &str| out.lines().find(|l| l.contains(slug)).unwrap().to_string();
    assert!(row("alpha").ends_with("✓ done"), "{out}");
    assert!(row("beta").ends_with("✗ failing"), "{out}");
    assert!(
        out.contains("Next: `beta` (lesson 2, The second lesson)"),
        "{out}"
    );
}

#[test]
fn list_congratulates_when_everything_passed() {
    let root = fixture(
        "done",
        &[(".course-progress", "alpha passed\nbeta passed\n")],
    );
    let (_, out, _) = course(&root, &["list"]);
    assert!(out.contains("the course is complete"), "{out}");
}

#[test]
fn hint_prints_the_exercise_hint() {
    let root = fixture("hint", &[]);
    let (code, out, _) = course(&root, &["hint", "beta"]);
    assert_eq!(code, 0);
    assert!(out.contains("  Two lines\n  of hint."), "{out}");
    let (_, out, _) = course(&root, &["hint"]);
    assert!(
        out.contains("gethostname"),
        "the current exercise is alpha: {out}"
    );
}

#[test]
fn an_unknown_exercise_is_a_clear_error() {
    let root = fixture("unknown", &[]);
    let (code, out, err) = course(&root, &["check", "gamma"]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert_eq!(
        err.trim(),
        "error: there is no exercise called `gamma`; the exercises are: alpha, beta"
    );
}

#[test]
fn a_broken_course_toml_is_a_clear_error() {
    let root = fixture(
        "broken",
        &[("lessons/course.toml", "[[lesson]]\nnumber = \"one\"\n")],
    );
    let (code, _, err) = course(&root, &["list"]);
    assert_eq!(code, 1);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("course.toml"), "{err}");
}

#[test]
fn verify_names_what_is_missing_or_stray_and_counts() {
    let root = fixture(
        "verify",
        &[
            ("book/src/SUMMARY.md", "- [First](ch01-first.md)\n"),
            (
                "book/src/ch01-first.md",
                "# First\n\nSee [the next](ch02-second.md).\n",
            ),
            ("book/src/ch09-stray.md", "# Stray\n"),
            (
                "exercises/01_alpha/Cargo.toml",
                "[package]\nname = \"alpha\"\n",
            ),
            (
                "exercises/99_gone/Cargo.toml",
                "[package]\nname = \"gone\"\n",
            ),
        ],
    );
    let (code, out, _) = course(&root, &["verify"]);
    assert_eq!(code, 1, "{out}");
    for expected in [
        "✗ book/src/ch02-second.md: missing",
        "✗ lessons/src/bin/hello.rs: missing",
        "✗ lesson program `hello` has a test: no test in lessons/tests/ runs it",
        "✗ book/src/SUMMARY.md lists ch02-second.md: not listed",
        "✗ book/src/ch01-first.md: links and includes: `ch02-second.md`: no such file",
        "✗ exercises/01_alpha/src/lib.rs: missing",
        "✗ solutions/01_alpha/Cargo.toml is package `alpha_solution`: no readable [package] name",
        "✗ exercises: nothing stray: not in lessons/course.toml: 99_gone",
        "✗ book/src: nothing stray: not in lessons/course.toml: ch09-stray.md",
        "✗ building the exercises and solutions: ",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    let last = out.lines().last().unwrap();
    let (passed, failed) = last.split_once(" passed, ").expect("N passed, N failed");
    assert!(passed.parse::<usize>().unwrap() > 0, "{last}");
    let failed: usize = failed.strip_suffix(" failed").unwrap().parse().unwrap();
    assert_eq!(
        failed,
        out.lines().filter(|l| l.starts_with("✗ ")).count(),
        "{out}"
    );
}
