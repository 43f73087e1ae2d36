//! Every construct outside the spec language is a compile error at its tokens, saying what to
//! write instead: one trybuild case per construct in `tests/ui/`.

#[test]
fn rejected_constructs_are_compile_errors() {
    trybuild::TestCases::new().compile_fail("ui/*.rs");
}
