//! `cargo course watch`: check the current exercise, then again each time one of its files is
//! saved, moving on when it passes. Ctrl-C stops.

use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, SystemTime};

use crate::check::check;
use crate::manifest::Course;
use crate::progress::Progress;

/// How often the exercise's files are looked at.
const POLL: Duration = Duration::from_millis(300);

pub fn watch(root: &Path, course: &Course, progress: &mut Progress) -> Result<(), String> {
    while let Some(current) = progress.current(course) {
        println!("\n{}\n", "─".repeat(72));
        check(root, course, progress, current)?;
        if progress.current(course).map(|e| e.slug()) == Some(current.slug()) {
            let dir = root.join(current.exercise_dir());
            println!(
                "\nWatching {} for changes; Ctrl-C stops.",
                current.exercise_dir().display()
            );
            wait_for_change(&dir);
        }
    }
    println!("\nEvery exercise passes: nothing left to watch.");
    Ok(())
}

/// Blocks until a file under `dir` is added, removed or modified.
fn wait_for_change(dir: &Path) {
    let before = snapshot(dir);
    while snapshot(dir) == before {
        thread::sleep(POLL);
    }
}

/// Every file under `dir` with its modification time and size, sorted.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Option<SystemTime>, u64)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                pending.push(entry.path());
            } else {
                files.push((entry.path(), meta.modified().ok(), meta.len()));
            }
        }
    }
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::snapshot;

    #[test]
    fn snapshot_sees_a_new_file_and_an_edit() {
        let dir = std::env::temp_dir().join(format!("course-watch-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("src")).unwrap();
        let empty = snapshot(&dir);
        std::fs::write(dir.join("src/lib.rs"), "fn a() {}").unwrap();
        let one = snapshot(&dir);
        assert_ne!(empty, one);
        std::fs::write(dir.join("src/lib.rs"), "fn ab() {}").unwrap();
        assert_ne!(one, snapshot(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
