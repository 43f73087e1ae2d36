use autov::spec;

#[spec]
fn raw(n: u64) -> Option<u64> {
    Some(unsafe { n })
}

fn main() {}
