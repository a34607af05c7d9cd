//! Solution of `http_get`: to be written.

#[cfg(test)]
#[path = "../../../exercises/05_http_get/src/tests.rs"]
mod tests;
