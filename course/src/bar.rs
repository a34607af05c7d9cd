//! A progress bar for long runs (`verify`), drawn on stderr when it is a terminal; elsewhere,
//! as in CI logs, each step is one plain line instead.

use std::io::{IsTerminal, Write};

pub struct Bar {
    total: usize,
    done: usize,
    terminal: bool,
}

impl Bar {
    pub fn new(total: usize) -> Bar {
        Bar {
            total,
            done: 0,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    /// Shows that the next step, `label`, has begun.
    pub fn step(&mut self, label: &str) {
        self.done = (self.done + 1).min(self.total);
        if self.terminal {
            const WIDTH: usize = 30;
            let filled = WIDTH * self.done / self.total.max(1);
            eprint!(
                "\r\x1b[2K[{}{}] {}/{} {label}",
                "#".repeat(filled),
                "-".repeat(WIDTH - filled),
                self.done,
                self.total
            );
            let _ = std::io::stderr().flush();
        } else {
            eprintln!("[{}/{}] {label}", self.done, self.total);
        }
    }

    /// Clears the bar, so what follows starts on a clean line.
    pub fn finish(&self) {
        if self.terminal {
            eprint!("\r\x1b[2K");
        }
    }
}
