//! Python's `urllib.request.urlretrieve`: a URL saved to a file, with a hook told of each
//! block as it arrives.
//!
//! ```python
//! def hook(block_count, block_size, total_size):
//!     print(block_count * block_size, "of", total_size)
//!
//! filename, headers = urlretrieve("http://localhost:8000/big.bin", "big.bin", hook)
//! ```

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::socket;

use super::error::Error;
use super::request::{Request, urlopen};
use super::response::HTTPMessage;

/// Python's block size for `urlretrieve`: 8 KiB.
const BLOCK_SIZE: usize = 8 * 1024;

/// Python's `urlretrieve(url, filename=None, reporthook=None, data=None)`: fetches `url`
/// (with [`urlopen`], the timeout being [`socket::getdefaulttimeout`], as in Python) and
/// writes its body to `filename`, or to a new temporary file when `filename` is `None`.
/// Returns the file's name and the response headers.
///
/// The body is read in 8 KiB blocks. `reporthook(block_count, block_size, total_size)` is
/// called as Python calls it: once with block count 0 before the first block, then once after
/// each block; `block_size` is always 8192 and `total_size` is the `Content-Length`, or `-1`
/// when the server gives none. [`progress_bar`](super::progress_bar) is a ready hook.
///
/// ```no_run
/// use pynet::{socket, urllib};
///
/// socket::setdefaulttimeout(Some(10.0));
/// let mut hook = |count: usize, size: usize, total: i64| println!("{} of {total}", count * size);
/// let (filename, headers) =
///     urllib::urlretrieve("http://localhost:8000/big.bin", Some("big.bin".as_ref()), Some(&mut hook), None)?;
/// println!("saved {} ({:?})", filename.display(), headers.get("Content-Type"));
/// # Ok::<(), urllib::Error>(())
/// ```
///
/// # Errors
/// What [`urlopen`] raises; an `OSError` when the file cannot be written; and, when the body
/// ends before its `Content-Length`, Python's `ContentTooShortError` (a `URLError`):
/// `<urlopen error retrieval incomplete: got only 5 out of 10 bytes>`.
pub fn urlretrieve(
    url: impl Into<Request>,
    filename: Option<&Path>,
    reporthook: Option<&mut dyn FnMut(usize, usize, i64)>,
    data: Option<&[u8]>,
) -> Result<(PathBuf, HTTPMessage), Error> {
    let mut response = urlopen(url, data, socket::getdefaulttimeout())?;
    let (filename, mut file) = match filename {
        Some(name) => (
            name.to_path_buf(),
            File::create(name).map_err(socket::Error::from)?,
        ),
        None => temporary_file()?,
    };
    let size = response
        .content_length()
        .and_then(|n| i64::try_from(n).ok())
        .unwrap_or(-1);
    let mut reporthook = reporthook;
    let mut report = |count| {
        if let Some(hook) = reporthook.as_mut() {
            hook(count, BLOCK_SIZE, size);
        }
    };
    report(0);
    let (mut read, mut count) = (0, 0);
    loop {
        let block = response.read(BLOCK_SIZE)?;
        if block.is_empty() {
            break;
        }
        file.write_all(&block).map_err(socket::Error::from)?;
        read += block.len() as i64;
        count += 1;
        report(count);
    }
    if size >= 0 && read < size {
        let text = format!("retrieval incomplete: got only {read} out of {size} bytes");
        return Err(Error::url_text(text));
    }
    Ok((filename, response.headers().clone()))
}

/// A new file in the temporary directory, as Python's `NamedTemporaryFile(delete=False)`;
/// it stays after the call, for the caller to use and remove.
fn temporary_file() -> Result<(PathBuf, File), Error> {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    loop {
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let name = std::env::temp_dir().join(format!("tmp-pynet-{}-{n}", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&name) {
            Ok(file) => return Ok((name, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(socket::Error::from(e).into()),
        }
    }
}
