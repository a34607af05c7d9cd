//! `cargo course` and `cargo course list`: every lesson, its exercises and their state, and
//! what to do next.

use crate::manifest::Course;
use crate::progress::{Progress, State};

/// The width of the lesson column.
const TITLE: usize = 48;

pub fn list(course: &Course, progress: &Progress) {
    let total = course.entries().count();
    println!(
        "The pynet course: {} lessons, {total} exercises, {} done.\n",
        course.lessons.len(),
        progress.passed(course)
    );
    println!("   #  {:<TITLE$}  {:<14}  state", "lesson", "exercise");
    for lesson in &course.lessons {
        let title = &lesson.title;
        let mut first = true;
        for exercise in &lesson.exercises {
            let (number, title) = match first {
                true => (lesson.number.to_string(), title.as_str()),
                false => (String::new(), ""),
            };
            let state = match progress.state(&exercise.slug) {
                State::Passed => "✓ done",
                State::Failing => "✗ failing",
                State::ToDo => "· to do",
            };
            println!(
                "  {number:>2}  {:<TITLE$}  {:<14}  {state}",
                clip(title, TITLE),
                exercise.slug
            );
            first = false;
        }
    }
    print_next_step(course, progress);
}

fn print_next_step(course: &Course, progress: &Progress) {
    let Some(current) = progress.current(course) else {
        println!("\nEvery exercise passes: the course is complete. Well done!");
        return;
    };
    match progress.passed(course) {
        0 => println!("\nStart with lesson 1. Each lesson: read, run, exercise, check."),
        _ => println!("\nNext: {current}."),
    }
    println!(
        "  read    {}   (or `mdbook serve book` and open http://localhost:3000)",
        current.chapter().display()
    );
    println!(
        "  run     the lesson's programs: cargo run -p lessons --bin {}",
        current
            .lesson
            .programs
            .first()
            .map_or("NAME", String::as_str)
    );
    println!("  edit    {}/src/lib.rs", current.exercise_dir().display());
    println!("  check   cargo course check {}", current.slug());
    println!("  stuck?  cargo course hint {}", current.slug());
}

/// `text` cut to `width` characters, with `…` when cut.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut clipped: String = text.chars().take(width - 1).collect();
    clipped.push('…');
    clipped
}

#[cfg(test)]
mod tests {
    use super::clip;

    #[test]
    fn clip_keeps_short_text_and_marks_cut_text() {
        assert_eq!(clip("echo", 10), "echo");
        assert_eq!(clip("abcdefghij", 10), "abcdefghij");
        assert_eq!(clip("abcdefghijk", 10), "abcdefghi…");
    }
}
