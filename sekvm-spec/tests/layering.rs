//! Well-formedness: a function may call only functions of strictly lower layers. sekvm-hyp
//! keeps to it; a variant of its IR in which `get_pfn_index` (PageIndex) calls `get_pfn_owner`
//! (PageManager, above it) instead of `mem_region_search` fails that obligation.

use autov::smt::Settings;
use sekvm_spec::harness::{Checked, Status};

#[test]
fn calls_go_only_to_lower_layers() {
    let checked = Checked::build().unwrap();
    assert!(
        checked.layering_errors.is_empty(),
        "{:?}",
        checked.layering_errors
    );

    let text = std::fs::read_to_string(sekvm_hyp::IR_PATH).unwrap();
    let start = text.find("@get_pfn_index(").unwrap();
    let end = start + text[start..].find("\n}").unwrap();
    let body = &text[start..end];
    assert!(body.contains("@mem_region_search("), "{body}");
    let mutated = format!(
        "{}{}{}",
        &text[..start],
        body.replace("@mem_region_search(", "@get_pfn_owner("),
        &text[end..]
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("upcall.ll");
    std::fs::write(&path, mutated).unwrap();
    let checked = Checked::from_module(autov::load::load_path(&path).unwrap()).unwrap();
    let ob = checked
        .obligations
        .iter()
        .find(|o| o.function == "get_pfn_index")
        .unwrap();
    let outcome = checked.outcome(ob, &Settings::default(), None);
    assert_eq!(outcome.status, Status::Failed, "{outcome:?}");
    assert!(
        outcome
            .detail
            .contains("calls `get_pfn_owner` of layer PageManager, which is not below it"),
        "{}",
        outcome.detail
    );
}
