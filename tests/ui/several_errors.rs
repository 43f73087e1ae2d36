use autov::spec;

#[spec]
fn many(n: u64) -> Option<u64> {
    let f = |x: u64| x;
    let g = 1.5;
    loop {}
}

fn main() {}
