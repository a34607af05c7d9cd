//! Exercise `reuse`: to be written.

#[cfg(test)]
mod tests;
