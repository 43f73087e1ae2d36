use autov::spec;

#[spec]
fn count_down(n: u64) -> Option<u64> {
    let mut k = n;
    while k > 0 {
        k -= 1;
    }
    Some(k)
}

fn main() {}
