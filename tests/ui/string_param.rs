use autov::spec;

#[spec]
fn name_len(name: String) -> Option<u64> {
    Some(0)
}

fn main() {}
