use autov::spec;

#[spec]
fn bump(st: &mut u64) -> Option<()> {
    Some(())
}

fn main() {}
