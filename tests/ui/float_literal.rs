use autov::spec;

#[spec]
fn scale(n: u64) -> Option<u64> {
    let half = 0.5;
    Some(n)
}

fn main() {}
