//! Solution of `reuse`: to be written.

#[cfg(test)]
#[path = "../../../exercises/06_reuse/src/tests.rs"]
mod tests;
