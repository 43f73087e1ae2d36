//! One test per refinement obligation of sekvm-hyp, named `Layer::function`
//! (`cargo test -p sekvm-spec --test obligations -- --list` lists them).

use libtest_mimic::{Arguments, Failed, Trial};
use sekvm_spec::harness::Checked;
use std::sync::Arc;

/// Solver settings: a generous time limit, because the encoding of sekvm's whole state makes
/// some queries slow in a debug build (for `mem_region_search`, about 10 s of solving).
fn settings() -> autov::smt::Settings {
    autov::smt::Settings {
        timeout: std::time::Duration::from_secs(120),
        ..Default::default()
    }
}

fn main() {
    let args = Arguments::from_args();
    let checked = match Checked::build() {
        Ok(c) => Arc::new(c),
        Err(e) => {
            eprintln!("error: cannot build the obligations: {e}");
            std::process::exit(2);
        }
    };
    let trials = checked
        .obligations
        .iter()
        .map(|ob| {
            let (checked, ob) = (checked.clone(), ob.clone());
            Trial::test(ob.name(), move || {
                checked.check(&ob, &settings()).map_err(Failed::from)
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
