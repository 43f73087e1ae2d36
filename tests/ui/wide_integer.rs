use autov::spec;

#[spec]
fn widen(n: u64) -> Option<u128> {
    Some(n as u128)
}

fn main() {}
