use autov::spec;

#[spec]
fn sum(a: [Option<u8>; 4]) -> Option<u8> {
    let mut s = 0u8;
    for i in 0..4 {
        s += a[i]?;
    }
    Some(s)
}

fn main() {}
