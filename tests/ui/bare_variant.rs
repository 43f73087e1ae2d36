use autov::{spec, SpecType};

#[derive(Clone, Copy, PartialEq, SpecType)]
pub enum Owner {
    Free,
    Host,
}

use Owner::*;

#[spec]
fn is_free(o: Owner) -> Option<bool> {
    Some(o == Free)
}

fn main() {}
