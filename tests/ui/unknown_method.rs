use autov::spec;

#[spec]
fn square(n: u64) -> Option<u64> {
    Some(n.pow(2))
}

fn main() {}
