//! Finding a real peer program (dnsmasq, chronyd, ...) for a test, or saying why the test
//! cannot run.
//!
//! A test that needs a peer calls [`find`] first. Where the program is missing, the test
//! prints why it is skipped and returns early; but when `PYNET_REQUIRE_PEERS=1` is set (as
//! `.ci/run` sets it), a missing peer fails the test instead, so CI never counts a test that
//! did not run as passed.
//!
//! The file has no `use` of its neighbours, so that lesson tests can include it too:
//! `#[path = "../../tests/util/peer.rs"] mod peer;`.

#![allow(dead_code)] // Each test file uses only some of these helpers.

use std::path::PathBuf;

/// Where daemons live on Debian, often outside an ordinary user's `PATH`.
const SYSTEM_DIRS: [&str; 4] = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];

/// Whether `PYNET_REQUIRE_PEERS=1`: every peer must be there.
pub fn required() -> bool {
    std::env::var("PYNET_REQUIRE_PEERS").is_ok_and(|value| value == "1")
}

/// The path of `program`, searched on `PATH` and then in the system directories; `None`
/// (after printing that `test` is skipped, and why) when it is missing. Panics instead when
/// peers are [`required`].
pub fn find(program: &str, test: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .chain(SYSTEM_DIRS.iter().map(PathBuf::from))
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file());
    if found.is_none() {
        let why =
            format!("{program} is not installed (Debian: apt-get install the package that has it)");
        assert!(!required(), "{test}: {why}, and PYNET_REQUIRE_PEERS=1");
        println!("skipped {test}: {why}");
    }
    found
}
