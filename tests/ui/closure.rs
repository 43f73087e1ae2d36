use autov::spec;

#[spec]
fn double(n: u64) -> Option<u64> {
    let f = |x: u64| x * 2;
    Some(f(n))
}

fn main() {}
