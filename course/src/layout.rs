//! The course's shape, checked file by file for `cargo course verify`: every lesson in
//! course.toml has its chapter, programs (each with a test), exercise and solution; the book's
//! links, images and includes resolve; nothing sits in the tree that course.toml does not know.

use std::collections::BTreeSet;
use std::path::Path;

use crate::manifest::{Course, Entry};

/// One thing verified, and what is wrong with it, if anything.
pub struct Check {
    pub what: String,
    pub problem: Option<String>,
}

impl Check {
    pub fn new(what: impl Into<String>, problem: Option<String>) -> Check {
        Check {
            what: what.into(),
            problem,
        }
    }

    /// A check that `path` (relative to `root`) exists.
    fn exists(root: &Path, path: &Path) -> Check {
        let problem = (!root.join(path).exists()).then(|| "missing".to_string());
        Check::new(path.display().to_string(), problem)
    }
}

/// Every layout check of the course under `root`.
pub fn checks(root: &Path, course: &Course) -> Vec<Check> {
    let mut checks = vec![numbering(course)];
    for lesson in &course.lessons {
        let chapter = Path::new("book/src").join(&lesson.chapter);
        checks.push(Check::exists(root, &chapter));
        for program in &lesson.programs {
            checks.push(Check::exists(root, &program_path(program)));
            checks.push(program_has_test(root, program));
        }
        if lesson.exercises.is_empty() {
            let what = format!("lesson {} has an exercise", lesson.number);
            checks.push(Check::new(what, Some("none listed".to_string())));
        }
    }
    for entry in course.entries() {
        checks.extend(exercise_files(root, entry));
    }
    checks.extend(crate::book::checks(root, course));
    checks.extend(strays(root, course));
    checks
}

/// Lessons are numbered upwards in the order course.toml lists them, and no two lessons or
/// exercises share a slug. A number may be skipped: the lessons keep the course outline's
/// numbers while they are written, so lesson 10 can come before lesson 9 exists.
fn numbering(course: &Course) -> Check {
    let mut problems = Vec::new();
    let mut previous = 0;
    for lesson in &course.lessons {
        if lesson.number <= previous {
            problems.push(format!(
                "lesson `{}` is number {}, which does not come after {previous}",
                lesson.slug, lesson.number
            ));
        }
        previous = lesson.number;
    }
    let lessons: Vec<&str> = course.lessons.iter().map(|l| l.slug.as_str()).collect();
    let exercises: Vec<&str> = course.entries().map(|e| e.slug()).collect();
    for slugs in [lessons, exercises] {
        let mut seen = BTreeSet::new();
        for slug in slugs {
            if !seen.insert(slug) {
                problems.push(format!("`{slug}` is used twice"));
            }
        }
    }
    Check::new("course.toml: numbering and slugs", join(problems))
}

fn program_path(program: &str) -> std::path::PathBuf {
    Path::new("lessons/src/bin").join(format!("{program}.rs"))
}

/// Some file in `lessons/tests/` runs the program (names `CARGO_BIN_EXE_<program>`).
fn program_has_test(root: &Path, program: &str) -> Check {
    let needle = format!("CARGO_BIN_EXE_{program}\"");
    let tested = rust_files(&root.join("lessons/tests"))
        .iter()
        .any(|file| std::fs::read_to_string(file).is_ok_and(|text| text.contains(&needle)));
    let problem = (!tested).then(|| "no test in lessons/tests/ runs it".to_string());
    Check::new(format!("lesson program `{program}` has a test"), problem)
}

/// The exercise's and the solution's files, and the wiring that makes them share one tests.rs
/// and one main.rs.
fn exercise_files(root: &Path, entry: Entry<'_>) -> Vec<Check> {
    let exercise = entry.exercise_dir();
    let solution = entry.solution_dir();
    let mut checks: Vec<Check> = ["Cargo.toml", "src/lib.rs", "src/main.rs", "src/tests.rs"]
        .iter()
        .map(|file| Check::exists(root, &exercise.join(file)))
        .collect();
    checks.push(package_name(root, &exercise, entry.slug()));
    checks.push(package_name(root, &solution, &entry.solution_package()));
    let tests_path = format!("#[path = \"../../../{}/src/tests.rs\"]", exercise.display());
    checks.push(contains(root, &solution.join("src/lib.rs"), &tests_path));
    checks.push(contains(root, &exercise.join("src/lib.rs"), "mod tests;"));
    let main_path = format!("path = \"../../{}/src/main.rs\"", exercise.display());
    checks.push(contains(root, &solution.join("Cargo.toml"), &main_path));
    let hint = entry.exercise.hint.trim();
    let problem = (hint.is_empty() || hint == "TODO").then(|| "no hint written".to_string());
    checks.push(Check::new(
        format!("`{}` has a hint", entry.slug()),
        problem,
    ));
    checks
}

/// `dir/Cargo.toml` names the package `expected`.
fn package_name(root: &Path, dir: &Path, expected: &str) -> Check {
    let manifest = dir.join("Cargo.toml");
    let name = std::fs::read_to_string(root.join(&manifest))
        .ok()
        .and_then(|text| toml::from_str::<toml::Table>(&text).ok())
        .and_then(|table| {
            let name = table.get("package")?.get("name")?.as_str()?.to_string();
            Some(name)
        });
    let problem = match name {
        Some(name) if name == expected => None,
        Some(name) => Some(format!("the package is `{name}`, not `{expected}`")),
        None => Some("no readable [package] name".to_string()),
    };
    Check::new(
        format!("{} is package `{expected}`", manifest.display()),
        problem,
    )
}

/// `file` (relative to `root`) contains `text`.
fn contains(root: &Path, file: &Path, text: &str) -> Check {
    let found = std::fs::read_to_string(root.join(file)).is_ok_and(|t| t.contains(text));
    let problem = (!found).then(|| format!("it should contain `{text}`"));
    Check::new(format!("{} wiring", file.display()), problem)
}

/// Exercise and solution directories, lesson programs and chapters course.toml does not list.
fn strays(root: &Path, course: &Course) -> Vec<Check> {
    let dirs: BTreeSet<String> = course.entries().map(|e| e.dir_name()).collect();
    // The helpers every exercise's checks share (python3 peers, deadlines).
    let mut exercises = dirs.clone();
    exercises.insert("support.rs".to_string());
    let programs: BTreeSet<String> = course
        .lessons
        .iter()
        .flat_map(|l| l.programs.iter().map(|p| format!("{p}.rs")))
        .collect();
    let mut chapters: BTreeSet<String> = course.lessons.iter().map(|l| l.chapter.clone()).collect();
    chapters.extend(["SUMMARY.md".to_string(), "intro.md".to_string()]);
    [
        ("exercises", exercises),
        ("solutions", dirs),
        ("lessons/src/bin", programs),
        ("book/src", chapters),
    ]
    .into_iter()
    .map(|(dir, known)| {
        let stray: Vec<String> = names_in(&root.join(dir))
            .into_iter()
            .filter(|name| name != "img" && !known.contains(name))
            .collect();
        let problem = (!stray.is_empty())
            .then(|| format!("not in lessons/course.toml: {}", stray.join(", ")));
        Check::new(format!("{dir}: nothing stray"), problem)
    })
    .collect()
}

/// The names of the entries of `dir`, sorted (none if it cannot be read).
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The `.rs` files under `dir`, subdirectories included (lessons/tests/util/mod.rs).
fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for name in names_in(dir) {
        let path = dir.join(&name);
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if name.ends_with(".rs") {
            files.push(path);
        }
    }
    files
}

/// `None` when there are no problems, else them all on one line.
pub fn join(problems: Vec<String>) -> Option<String> {
    (!problems.is_empty()).then(|| problems.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::Lesson;

    /// The numbering check's problem for lessons numbered `numbers`, slugs `l1`, `l2`, ...
    fn numbering_problem(numbers: &[u32]) -> Option<String> {
        let lessons = numbers
            .iter()
            .enumerate()
            .map(|(i, &number)| Lesson {
                number,
                slug: format!("l{}", i + 1),
                title: String::new(),
                chapter: String::new(),
                programs: vec![],
                exercises: vec![],
            })
            .collect();
        numbering(&Course { lessons }).problem
    }

    #[test]
    fn lessons_are_numbered_upwards_and_may_skip_a_number() {
        assert_eq!(numbering_problem(&[1, 2, 3]), None);
        assert_eq!(numbering_problem(&[1, 2, 4]), None);
        assert_eq!(
            numbering_problem(&[1, 3, 2]).as_deref(),
            Some("lesson `l3` is number 2, which does not come after 3")
        );
        assert_eq!(
            numbering_problem(&[0]).as_deref(),
            Some("lesson `l1` is number 0, which does not come after 0")
        );
        assert!(numbering_problem(&[1, 1]).is_some());
    }
}
