//! A ready `reporthook` for `urlretrieve`: a progress bar on the terminal, drawn with
//! indicatif.

use indicatif::{ProgressBar, ProgressStyle};

/// How the bar looks when the size is known: bar, bytes so far and in all, speed, time left.
const BAR: &str = "{wide_bar} {bytes}/{total_bytes} {bytes_per_sec} {eta}";
/// How it looks when the server gives no `Content-Length`: a spinner and the bytes so far.
const SPINNER: &str = "{spinner} {bytes} {bytes_per_sec}";

/// A `reporthook` for [`urlretrieve`](super::urlretrieve) that draws a progress bar on
/// standard error: a bar with the bytes, speed and time left when the total size is known, a
/// spinner with the bytes so far when it is not. Nothing is drawn when standard error is not
/// a terminal (a test, a pipe, a log file).
///
/// ```no_run
/// use pynet::urllib;
///
/// let mut hook = urllib::progress_bar();
/// urllib::urlretrieve("http://localhost:8000/big.bin", Some("big.bin".as_ref()), Some(&mut hook), None)?;
/// # Ok::<(), urllib::Error>(())
/// ```
pub fn progress_bar() -> impl FnMut(usize, usize, i64) {
    let bar = ProgressBar::no_length();
    move |block_count, block_size, total_size| {
        let done = (block_count as u64).saturating_mul(block_size as u64);
        match u64::try_from(total_size) {
            Ok(total) => {
                if block_count == 0 {
                    start(&bar, BAR, Some(total));
                }
                bar.set_position(done.min(total));
                if done >= total && !bar.is_finished() {
                    bar.finish();
                    end_line(&bar);
                }
            }
            Err(_) => {
                if block_count == 0 {
                    start(&bar, SPINNER, None);
                }
                bar.set_position(done);
            }
        }
    }
}

/// Gives the bar its look and, when known, its length.
fn start(bar: &ProgressBar, template: &str, length: Option<u64>) {
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    if let Some(length) = length {
        bar.set_length(length);
    }
}

/// Moves past the finished bar, which indicatif leaves with the cursor at its end, so that
/// what the program prints next starts on a line of its own.
fn end_line(bar: &ProgressBar) {
    if !bar.is_hidden() {
        eprintln!();
    }
}
