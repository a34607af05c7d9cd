//! Solution of `echo`: to be written.

#[cfg(test)]
#[path = "../../../exercises/07_echo/src/tests.rs"]
mod tests;
