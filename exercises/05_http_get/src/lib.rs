//! Exercise `http_get`: to be written.

#[cfg(test)]
mod tests;
