//! The book's checks for `cargo course verify`: every chapter is in SUMMARY.md, and every link,
//! picture and `{{#include}}` in the book points at something that exists (a file, a heading,
//! an `ANCHOR:`), so a renamed program or heading cannot leave a dead reference behind.

use std::collections::BTreeSet;
use std::path::Path;

use crate::layout::{Check, join, names_in};
use crate::manifest::Course;

pub fn checks(root: &Path, course: &Course) -> Vec<Check> {
    let src = root.join("book/src");
    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).unwrap_or_default();
    let mut checks: Vec<Check> = course
        .lessons
        .iter()
        .map(|lesson| {
            let listed = summary.contains(&format!("]({})", lesson.chapter));
            let problem = (!listed).then(|| "not listed".to_string());
            Check::new(
                format!("book/src/SUMMARY.md lists {}", lesson.chapter),
                problem,
            )
        })
        .collect();
    let pages: Vec<String> = names_in(&src)
        .into_iter()
        .filter(|name| name.ends_with(".md"))
        .collect();
    let mut pictures_used = BTreeSet::new();
    for page in &pages {
        let text = std::fs::read_to_string(src.join(page)).unwrap_or_default();
        let mut problems = Vec::new();
        for target in links(&text) {
            if let Some(problem) = broken_link(&src, page, &text, &target) {
                problems.push(problem);
            }
            if let Some(picture) = target.strip_prefix("img/") {
                pictures_used.insert(picture.to_string());
            }
        }
        for (path, anchor) in includes(&text) {
            if let Some(problem) = broken_include(&src, &path, anchor.as_deref()) {
                problems.push(problem);
            }
        }
        checks.push(Check::new(
            format!("book/src/{page}: links and includes"),
            join(problems),
        ));
    }
    let unused: Vec<String> = names_in(&src.join("img"))
        .into_iter()
        .filter(|picture| !pictures_used.contains(picture))
        .collect();
    let problem = (!unused.is_empty()).then(|| format!("no page shows {}", unused.join(", ")));
    checks.push(Check::new("book/src/img: every picture is used", problem));
    checks
}

/// What `target` (a link in `page`) lacks, if anything: a file, or a heading for its `#part`.
fn broken_link(src: &Path, page: &str, text: &str, target: &str) -> Option<String> {
    if target.contains("://") || target.starts_with("mailto:") {
        return None;
    }
    let (file, fragment) = match target.split_once('#') {
        Some((file, fragment)) => (file, Some(fragment)),
        None => (target, None),
    };
    let linked_text = match file {
        "" => text.to_string(),
        file => match std::fs::read_to_string(src.join(file)) {
            Ok(linked) => linked,
            Err(_) if src.join(file).exists() => return None, // a picture
            Err(_) => return Some(format!("`{target}`: no such file")),
        },
    };
    let fragment = fragment?;
    let found = heading_ids(&linked_text).contains(fragment);
    (!found).then(|| {
        format!(
            "`{target}`: no heading `#{fragment}` in {}",
            file_or(file, page)
        )
    })
}

fn file_or<'a>(file: &'a str, page: &'a str) -> &'a str {
    if file.is_empty() { page } else { file }
}

/// Why `{{#include path:anchor}}` does not resolve, if it does not.
fn broken_include(src: &Path, path: &str, anchor: Option<&str>) -> Option<String> {
    let Ok(included) = std::fs::read_to_string(src.join(path)) else {
        return Some(format!("include `{path}`: no such file"));
    };
    let anchor = anchor?;
    if anchor.chars().all(|c| c.is_ascii_digit() || c == ':') {
        return Some(format!(
            "include `{path}:{anchor}`: include by anchor, not by line numbers"
        ));
    }
    let begins = included.contains(&format!("ANCHOR: {anchor}\n"));
    let ends = included.contains(&format!("ANCHOR_END: {anchor}\n"));
    (!(begins && ends)).then(|| format!("include `{path}:{anchor}`: no such anchor pair"))
}

/// The targets of the Markdown links and images in `text`, outside code blocks.
fn links(text: &str) -> Vec<String> {
    prose_lines(text)
        .flat_map(|line| {
            line.match_indices("](")
                .filter_map(|(at, _)| {
                    let rest = &line[at + 2..];
                    let end = rest.find(')')?;
                    let target = rest[..end].split_whitespace().next()?;
                    Some(target.to_string())
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The `{{#include path}}` and `{{#include path:anchor}}` directives in `text`.
fn includes(text: &str) -> Vec<(String, Option<String>)> {
    text.match_indices("{{#include ")
        .filter_map(|(at, directive)| {
            let rest = &text[at + directive.len()..];
            let body = rest[..rest.find("}}")?].trim();
            Some(match body.split_once(':') {
                Some((path, anchor)) => (path.to_string(), Some(anchor.to_string())),
                None => (body.to_string(), None),
            })
        })
        .collect()
}

/// The lines of `text` outside fenced code blocks.
fn prose_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut in_code = false;
    text.lines().filter(move |line| {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            return false;
        }
        !in_code
    })
}

/// The ids mdBook gives the headings of `text`: lower case, spaces to `-`, punctuation
/// dropped; a repeated heading gets `-1`, `-2`, ...
fn heading_ids(text: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for line in prose_lines(text) {
        let Some(title) = line.strip_prefix('#') else {
            continue;
        };
        let title = title.trim_start_matches('#').trim();
        let id: String = title
            .chars()
            .filter_map(|c| match c {
                c if c.is_whitespace() => Some('-'),
                c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c.to_ascii_lowercase()),
                _ => None,
            })
            .collect();
        let mut unique = id.clone();
        let mut n = 1;
        while ids.contains(&unique) {
            unique = format!("{id}-{n}");
            n += 1;
        }
        ids.insert(unique);
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_skip_code_blocks() {
        let text = "See [ch2](ch02.md#the-idea) and ![stack](img/s.svg).\n\
                    ```rust\nlet x = v[0](1);\n```\n[web](https://example.com)";
        assert_eq!(
            links(text),
            ["ch02.md#the-idea", "img/s.svg", "https://example.com"]
        );
    }

    #[test]
    fn includes_read_path_and_anchor() {
        let text = "```rust,ignore\n{{#include ../../lessons/src/bin/a.rs:listing}}\n```\n\
                    {{#include ../x.txt}}";
        assert_eq!(
            includes(text),
            [
                (
                    "../../lessons/src/bin/a.rs".to_string(),
                    Some("listing".to_string())
                ),
                ("../x.txt".to_string(), None)
            ]
        );
    }

    #[test]
    fn heading_ids_follow_mdbook() {
        let ids =
            heading_ids("# The `recv` call, at last!\n## What goes wrong\n## What goes wrong\n");
        let expected = [
            "the-recv-call-at-last",
            "what-goes-wrong",
            "what-goes-wrong-1",
        ];
        assert_eq!(ids, expected.iter().map(|s| s.to_string()).collect());
    }

    #[test]
    fn line_number_includes_are_refused() {
        let dir = std::env::temp_dir();
        let name = format!("course-book-{}.rs", std::process::id());
        std::fs::write(
            dir.join(&name),
            "// ANCHOR: main\nfn main() {}\n// ANCHOR_END: main\n",
        )
        .unwrap();
        assert_eq!(broken_include(&dir, &name, Some("main")), None);
        assert!(
            broken_include(&dir, &name, Some("2:3"))
                .unwrap()
                .contains("line numbers")
        );
        assert!(
            broken_include(&dir, &name, Some("other"))
                .unwrap()
                .contains("no such anchor")
        );
        std::fs::remove_file(dir.join(&name)).unwrap();
    }
}
