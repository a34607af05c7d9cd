//! Solution of `ip_convert`: to be written.

#[cfg(test)]
#[path = "../../../exercises/03_ip_convert/src/tests.rs"]
mod tests;
