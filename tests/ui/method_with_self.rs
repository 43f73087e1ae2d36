use autov::spec;

struct Counter;

impl Counter {
    #[spec]
    fn get(&self) -> Option<u64> {
        Some(0)
    }
}

fn main() {}
