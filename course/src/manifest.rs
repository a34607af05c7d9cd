//! `lessons/course.toml`: the one list of lessons, and where each lesson's files live.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The whole course, in the order students take it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Course {
    #[serde(rename = "lesson")]
    pub lessons: Vec<Lesson>,
}

/// One lesson: a chapter, the programs it walks through, and its exercises.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    pub number: u32,
    pub slug: String,
    pub title: String,
    /// A file in `book/src/`.
    pub chapter: String,
    /// Binaries in `lessons/src/bin/`.
    #[serde(default)]
    pub programs: Vec<String>,
    #[serde(rename = "exercise", default)]
    pub exercises: Vec<Exercise>,
}

/// One exercise, as course.toml gives it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub slug: String,
    pub hint: String,
}

/// An exercise together with its lesson: everything needed to find its files.
#[derive(Clone, Copy)]
pub struct Entry<'a> {
    pub lesson: &'a Lesson,
    pub exercise: &'a Exercise,
}

impl Course {
    /// Reads and parses `lessons/course.toml` under `root`.
    pub fn load(root: &Path) -> Result<Course, String> {
        let path = root.join("lessons/course.toml");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Every exercise, in course order.
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        self.lessons.iter().flat_map(|lesson| {
            lesson
                .exercises
                .iter()
                .map(move |exercise| Entry { lesson, exercise })
        })
    }

    /// The exercise called `slug`, or an error listing the ones there are.
    pub fn find(&self, slug: &str) -> Result<Entry<'_>, String> {
        self.entries()
            .find(|entry| entry.exercise.slug == slug)
            .ok_or_else(|| {
                let known: Vec<&str> = self.entries().map(|e| e.slug()).collect();
                format!(
                    "there is no exercise called `{slug}`; the exercises are: {}",
                    known.join(", ")
                )
            })
    }
}

impl<'a> Entry<'a> {
    pub fn slug(&self) -> &'a str {
        &self.exercise.slug
    }

    /// `07_echo`: the directory name under `exercises/` and `solutions/`.
    pub fn dir_name(&self) -> String {
        format!("{:02}_{}", self.lesson.number, self.exercise.slug)
    }

    /// `exercises/07_echo`, relative to the repository root.
    pub fn exercise_dir(&self) -> PathBuf {
        Path::new("exercises").join(self.dir_name())
    }

    /// `solutions/07_echo`, relative to the repository root.
    pub fn solution_dir(&self) -> PathBuf {
        Path::new("solutions").join(self.dir_name())
    }

    /// The solution's package: `echo_solution`.
    pub fn solution_package(&self) -> String {
        format!("{}_solution", self.exercise.slug)
    }

    /// The chapter to read first, relative to the repository root.
    pub fn chapter(&self) -> PathBuf {
        Path::new("book/src").join(&self.lesson.chapter)
    }
}

impl fmt::Display for Entry<'_> {
    /// `echo` (lesson 7, Servers: the echo server and client)
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` (lesson {}, {})",
            self.exercise.slug, self.lesson.number, self.lesson.title
        )
    }
}
