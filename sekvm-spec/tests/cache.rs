//! The verdict cache is keyed by what an obligation depends on: changing the code of a function
//! that `mem_region_search`'s low spec calls changes its fingerprint; changing an unrelated
//! function does not, so a re-run re-checks only what changed.

use autov::smt::Settings;
use sekvm_spec::harness::Checked;

/// sekvm-hyp's IR with the body of `function` returning 0 instead of what it loaded.
fn with_zero_return(function: &str, ty: &str) -> autov::ir::Module {
    let text = std::fs::read_to_string(sekvm_hyp::IR_PATH).unwrap();
    let start = text
        .find(&format!("@{function}("))
        .expect("the function is defined");
    let end = start + text[start..].find("\n}").unwrap();
    let body = &text[start..end];
    let ret = format!("ret {ty} %0");
    assert!(body.contains(&ret), "{body}");
    let mutated = format!(
        "{}{}{}",
        &text[..start],
        body.replace(&ret, &format!("ret {ty} 0")),
        &text[end..]
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mutant.ll");
    std::fs::write(&path, mutated).unwrap();
    autov::load::load_path(&path).unwrap()
}

/// The fingerprint of `mem_region_search`'s obligation in `checked`.
fn key(checked: &Checked) -> String {
    let ob = checked
        .obligations
        .iter()
        .find(|o| o.function == "mem_region_search")
        .unwrap();
    checked.fingerprint(ob, &Settings::default()).unwrap().0
}

#[test]
fn fingerprints_change_exactly_with_what_an_obligation_depends_on() {
    let original = key(&Checked::build().unwrap());
    assert_eq!(original, key(&Checked::build().unwrap()), "deterministic");
    let unrelated = Checked::from_module(with_zero_return("get_next_vmid", "i32")).unwrap();
    assert_eq!(original, key(&unrelated), "an unrelated change");
    let callee = Checked::from_module(with_zero_return("get_region_base", "i64")).unwrap();
    assert_ne!(original, key(&callee), "a change in a callee");
}
