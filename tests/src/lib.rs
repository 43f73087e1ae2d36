//! Helpers shared by autov's cross-crate tests.

pub mod c_image;
pub mod clang;
pub mod mutation;
pub mod native;
pub mod refine;
