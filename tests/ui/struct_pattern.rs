use autov::{spec, SpecType};

#[derive(Clone, Copy, SpecType)]
pub struct Page {
    pub count: u8,
}

#[spec]
fn count(p: Page) -> Option<u8> {
    let Page { count } = p;
    Some(count)
}

fn main() {}
