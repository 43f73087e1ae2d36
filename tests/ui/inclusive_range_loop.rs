use autov::spec;

#[spec]
fn total(n: u64) -> Option<u64> {
    let mut s = 0u64;
    for i in 0..=n {
        s += i;
    }
    Some(s)
}

fn main() {}
