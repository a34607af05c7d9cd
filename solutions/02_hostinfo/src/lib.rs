//! Solution of `hostinfo`: to be written.

#[cfg(test)]
#[path = "../../../exercises/02_hostinfo/src/tests.rs"]
mod tests;
