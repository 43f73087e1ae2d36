use autov::spec;

#[spec]
fn add_one(n: u64) -> u64 {
    n + 1
}

fn main() {}
