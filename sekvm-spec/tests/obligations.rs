//! One test per refinement obligation of sekvm-hyp, named `Layer::function`
//! (`cargo test -p sekvm-spec --test obligations -- --list` lists them).

use libtest_mimic::{Arguments, Failed, Trial};
use sekvm_spec::harness::Checked;
use std::sync::Arc;

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
                checked
                    .check(&ob, &autov::smt::Settings::default())
                    .map_err(Failed::from)
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
