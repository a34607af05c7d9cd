//! A student's progress, kept in `.course-progress` at the repository root (git ignores it).
//!
//! The file is plain text, one line per exercise checked so far:
//!
//! ```text
//! constants passed
//! hostinfo failing
//! ```
//!
//! `cargo course check` writes the line of the exercise it checked; `list`, `watch` and a
//! `check` without an exercise read it to find the current exercise: the first one, in course
//! order, that has not passed. Deleting the file starts the course afresh; nothing else is lost.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::manifest::{Course, Entry};

/// Where an exercise stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Never checked.
    ToDo,
    /// Checked, and some test failed (or it did not compile).
    Failing,
    /// Checked, and every test passed.
    Passed,
}

/// The progress file, loaded.
pub struct Progress {
    path: PathBuf,
    states: BTreeMap<String, State>,
}

impl Progress {
    /// Reads `.course-progress` under `root`; a missing or unreadable file means no progress.
    pub fn load(root: &Path) -> Progress {
        let path = root.join(".course-progress");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        Progress {
            path,
            states: parse(&text),
        }
    }

    pub fn state(&self, slug: &str) -> State {
        self.states.get(slug).copied().unwrap_or(State::ToDo)
    }

    /// Records the outcome of a check and saves the file.
    pub fn record(&mut self, slug: &str, passed: bool) -> std::io::Result<()> {
        let state = if passed {
            State::Passed
        } else {
            State::Failing
        };
        self.states.insert(slug.to_string(), state);
        std::fs::write(&self.path, render(&self.states))
    }

    /// The first exercise, in course order, that has not passed; `None` when all have.
    pub fn current<'a>(&self, course: &'a Course) -> Option<Entry<'a>> {
        course
            .entries()
            .find(|entry| self.state(entry.slug()) != State::Passed)
    }

    /// How many of the course's exercises have passed.
    pub fn passed(&self, course: &Course) -> usize {
        course
            .entries()
            .filter(|entry| self.state(entry.slug()) == State::Passed)
            .count()
    }
}

/// The file's lines; lines that are not `SLUG passed` or `SLUG failing` are ignored.
fn parse(text: &str) -> BTreeMap<String, State> {
    text.lines()
        .filter_map(|line| {
            let (slug, state) = line.trim().split_once(' ')?;
            let state = match state.trim() {
                "passed" => State::Passed,
                "failing" => State::Failing,
                _ => return None,
            };
            Some((slug.to_string(), state))
        })
        .collect()
}

fn render(states: &BTreeMap<String, State>) -> String {
    states
        .iter()
        .filter_map(|(slug, state)| match state {
            State::Passed => Some(format!("{slug} passed\n")),
            State::Failing => Some(format!("{slug} failing\n")),
            State::ToDo => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_reads_what_render_writes() {
        let mut states = BTreeMap::new();
        states.insert("echo".to_string(), State::Passed);
        states.insert("sum".to_string(), State::Failing);
        assert_eq!(parse(&render(&states)), states);
    }

    #[test]
    fn parse_skips_lines_it_does_not_understand() {
        let states = parse("echo passed\nnonsense\nsum maybe\n\nhostinfo failing\n");
        assert_eq!(states.len(), 2);
        assert_eq!(states["echo"], State::Passed);
        assert_eq!(states["hostinfo"], State::Failing);
    }
}
