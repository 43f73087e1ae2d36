use autov::spec;

#[spec]
fn small(n: u8) -> Option<bool> {
    match n {
        0..=9 => Some(true),
        _ => Some(false),
    }
}

fn main() {}
