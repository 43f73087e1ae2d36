use autov::spec;

#[spec]
fn identity<T>(x: T) -> Option<T> {
    Some(x)
}

fn main() {}
