//! Exercise `hostinfo`: to be written.

#[cfg(test)]
mod tests;
