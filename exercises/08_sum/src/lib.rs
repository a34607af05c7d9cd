//! Exercise `sum`: to be written.

#[cfg(test)]
mod tests;
