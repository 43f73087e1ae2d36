use autov::spec;

#[spec]
fn first_zero(a: [u8; 4]) -> Option<u64> {
    for i in 0..4 {
        if a[i] == 0 {
            return Some(i as u64);
        }
    }
    None
}

fn main() {}
