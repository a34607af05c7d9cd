//! Exercise `echo`: to be written.

#[cfg(test)]
mod tests;
