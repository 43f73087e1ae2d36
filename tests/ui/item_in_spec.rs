use autov::spec;

#[spec]
fn outer(n: u64) -> Option<u64> {
    fn inner(x: u64) -> u64 {
        x
    }
    Some(inner(n))
}

fn main() {}
