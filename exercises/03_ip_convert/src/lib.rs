//! Exercise `ip_convert`: to be written.

#[cfg(test)]
mod tests;
