use autov::{spec, Map};

#[spec]
fn clear(m: Map<u64, u8>, start: u64) -> Option<Map<u64, u8>> {
    let mut m = m;
    m.fill(start, 4, 0);
    Some(m)
}

fn main() {}
