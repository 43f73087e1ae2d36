use autov::spec;

#[spec]
fn pick(c: bool) -> Option<u64> {
    let mut x = 0u64;
    let y = if c {
        x = 1;
        2u64
    } else {
        3
    };
    Some(x + y)
}

fn main() {}
