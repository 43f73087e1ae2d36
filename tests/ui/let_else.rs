use autov::spec;

#[spec]
fn unwrap(x: Option<u8>) -> Option<u8> {
    let Some(v) = x else { return None };
    Some(v)
}

fn main() {}
