//! Exercise `constants`: to be written.

#[cfg(test)]
mod tests;
