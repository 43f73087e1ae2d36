use autov::spec;

#[spec]
fn noisy(n: u64) -> Option<u64> {
    println!("{}", n);
    Some(n)
}

fn main() {}
