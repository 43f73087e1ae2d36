//! Helpers shared by autov's cross-crate tests.
