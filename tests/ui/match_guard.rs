use autov::spec;

#[spec]
fn sign(n: i64) -> Option<i64> {
    match n {
        x if x < 0 => Some(-1),
        _ => Some(1),
    }
}

fn main() {}
