//! Solution of `address_info`: to be written.

#[cfg(test)]
#[path = "../../../exercises/04_address_info/src/tests.rs"]
mod tests;
