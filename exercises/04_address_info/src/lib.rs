//! Exercise `address_info`: to be written.

#[cfg(test)]
mod tests;
