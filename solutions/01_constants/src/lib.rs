//! Solution of `constants`: to be written.

#[cfg(test)]
#[path = "../../../exercises/01_constants/src/tests.rs"]
mod tests;
