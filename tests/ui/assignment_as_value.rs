use autov::spec;

#[spec]
fn bump(n: u64) -> Option<u64> {
    let mut k = n;
    let unit = (k += 1);
    Some(k)
}

fn main() {}
