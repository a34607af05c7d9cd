//! Solution of `sum`: to be written.

#[cfg(test)]
#[path = "../../../exercises/08_sum/src/tests.rs"]
mod tests;
