//! The fixture layers' terms: they type check, and print as expected.

#[path = "../specs/pages.rs"]
mod pages;

use autov::rely;
use autov::spec::{print_fn, ExprKind, Program, Value};
use expect_test::{expect, Expect};

fn program() -> Program {
    Program::from_layer(pages::manager::layer).unwrap_or_else(|e| panic!("{e}"))
}

fn check(name: &str, expected: Expect) {
    let p = program();
    expected.assert_eq(&print_fn(&p.fns[name]));
}

#[test]
fn layers_collect_and_check() {
    let p = program();
    let names: Vec<&str> = p.layers.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["PageStore", "PageManager"]);
    assert_eq!(p.fns.len(), 25);
    let manager = &p.layers[1];
    assert_eq!(manager.derived[0].name, "clear_page");
    assert_eq!(manager.refinement.map(|r| r.name), Some("same_layout"));
    assert_eq!(p.fns["same_layout"].kind, autov::spec::FnKind::Helper);
    let uses: Vec<_> = ["classify", "owner_of", "assign_to_vm"]
        .iter()
        .map(|f| manager.state_use(&p.fns[*f]))
        .collect();
    use autov::spec::StateUse::*;
    assert_eq!(uses, [Ok(Ignores), Ok(Reads), Ok(Updates)]);
    assert_eq!(manager.memory[1].field, ["next_vmid"]);
    assert_eq!((manager.memory[1].offset, manager.memory[1].size), (8, 4));
}

#[test]
fn spans_point_into_the_source() {
    let p = program();
    let span = &p.fns["page_index"].span;
    assert!(span.file.ends_with("specs/pages.rs"), "{span}");
    let source = include_str!("../specs/pages.rs");
    let line = source
        .lines()
        .position(|l| l.contains("pub fn page_index"))
        .unwrap()
        + 1;
    assert_eq!((span.line, span.col), (line as u32, 12));
}

#[test]
fn prints_a_spec_with_early_return() {
    check(
        "page_index",
        expect![[r#"
            fn page_index(addr: u64, st: &PageDb) -> Option<u64> {
                if addr < st.base {
                    return Some(INVALID)
                } else {
                    ()
                };
                let idx = (addr - st.base) >> PAGE_SHIFT;
                if idx >= (NPAGES as u64) {
                    Some(INVALID)
                } else {
                    Some(idx)
                }
            }"#]],
    );
}

#[test]
fn prints_assignments_as_updates() {
    check(
        "alloc_vmid",
        expect![[r#"
            fn alloc_vmid(st: &PageDb) -> Option<(u32, PageDb)> {
                let s = st;
                let id = s.next_vmid;
                let (s,) = if id >= 16 {
                    return None
                } else {
                    if id == 0 {
                        s.next_vmid = 2;
                        (s,)
                    } else {
                        s.next_vmid = s.next_vmid + 1;
                        s.quota = s.quota.with(id, 2);
                        (s,)
                    }
                };
                Some((id, s))
            }"#]],
    );
}

#[test]
fn prints_a_loop() {
    check(
        "vm_pages",
        expect![[r#"
            fn vm_pages(vmid: Option<u32>, st: &PageDb) -> Option<u8> {
                let total = 0;
                let (total,) = match vmid {
                    Some(v) => {
                        let (total,) = for i in 0..NPAGES carrying (total) {
                            let o = st.pages[i].owner;
                            let total = total + ((is_vm(o) && (o == Owner::Vm(v))) as u8);
                            (total,)
                        };
                        (total,)
                    },
                    _ => {
                        let total = (match vmid {
                            Some(_) => true,
                            _ => false,
                        } | (st.next_vmid != 0)) as u8;
                        (total,)
                    },
                };
                Some(total)
            }"#]],
    );
}

#[test]
fn evaluates_a_call_through_the_layers() {
    let p = program();
    let st = pages::PageDb {
        pages: [pages::Page {
            owner: pages::Owner::Host,
            count: 0,
            gfn: 3,
        }; pages::NPAGES],
        base: 0x1000,
        quota: autov::Map::new(1),
        next_vmid: 1,
    };
    use autov::spec::SpecType;
    let r = p
        .call(
            "assign_to_vm",
            vec![0x2000u64.to_value(), 5u32.to_value(), st.to_value()],
        )
        .unwrap();
    let expected = pages::manager::assign_to_vm(0x2000, 5, &st);
    assert_eq!(r, expected.to_value());
    assert!(matches!(r, Value::Option(Some(_))));
}

/// A layer whose spec takes the state by value.
mod by_value {
    use super::pages::PageDb;

    #[autov::layer(state = PageDb)]
    pub mod bad {
        use super::*;

        #[spec]
        pub fn base(st: PageDb) -> Option<u64> {
            Some(st.base)
        }
    }
}

#[test]
fn a_spec_taking_the_state_by_value_breaks_the_convention() {
    let e = Program::from_layer(by_value::bad::layer).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`base` must take the state once, last, by reference (`st: &PageDb`)"
    );
}

fn kind_name(k: &ExprKind) -> &'static str {
    match k {
        ExprKind::Int { .. } => "Int",
        ExprKind::Bool(_) => "Bool",
        ExprKind::Var(_) => "Var",
        ExprKind::Const { .. } => "Const",
        ExprKind::Unary { .. } => "Unary",
        ExprKind::Binary { .. } => "Binary",
        ExprKind::IntMethod { .. } => "IntMethod",
        ExprKind::Cast { .. } => "Cast",
        ExprKind::Tuple(_) => "Tuple",
        ExprKind::TupleField { .. } => "TupleField",
        ExprKind::Struct { .. } => "Struct",
        ExprKind::Field { .. } => "Field",
        ExprKind::Variant { .. } => "Variant",
        ExprKind::Some(_) => "Some",
        ExprKind::None => "None",
        ExprKind::Array(_) => "Array",
        ExprKind::ArrayRepeat { .. } => "ArrayRepeat",
        ExprKind::Index { .. } => "Index",
        ExprKind::MapNew(_) => "MapNew",
        ExprKind::MapGet { .. } => "MapGet",
        ExprKind::MapSet { .. } => "MapSet",
        ExprKind::MapFill { .. } => "MapFill",
        ExprKind::Update { .. } => "Update",
        ExprKind::Let { .. } => "Let",
        ExprKind::Rely { .. } => "Rely",
        ExprKind::If { .. } => "If",
        ExprKind::Match { .. } => "Match",
        ExprKind::Call { .. } => "Call",
        ExprKind::Return(_) => "Return",
        ExprKind::Try(_) => "Try",
        ExprKind::ForRange { .. } => "ForRange",
        ExprKind::Forall { .. } => "Forall",
    }
}

/// A quantifier (kept out of the pages fixture, whose terms are also printed to Coq, where
/// `forall` has no translation yet).
#[autov::helper]
fn bytes_wrap(d: u8) -> bool {
    autov::forall(|x: u8| x.wrapping_add(d).wrapping_sub(d) == x)
}

#[test]
fn the_fixture_uses_every_kind_of_expression() {
    let p = program();
    let mut seen = std::collections::BTreeSet::new();
    let quantified = bytes_wrap::__autov_term();
    for f in p.fns.values().chain([&quantified]) {
        f.walk(&mut |e| {
            seen.insert(kind_name(&e.kind));
        });
    }
    expect!["Array ArrayRepeat Binary Bool Call Cast Const Field ForRange Forall If Index Int IntMethod Let MapFill MapGet MapNew MapSet Match None Rely Return Some Struct Try Tuple TupleField Unary Update Var Variant"].assert_eq(&seen.into_iter().collect::<Vec<_>>().join(" "));
}

/// Two layers where the lower one calls up.
mod upside_down {
    #[autov::layer(state = u64)]
    pub mod low {
        #[spec]
        pub fn peek(st: &u64) -> Option<u64> {
            super::high::read(st)
        }
    }

    #[autov::layer(state = u64, below = super::low)]
    pub mod high {
        #[spec]
        pub fn read(st: &u64) -> Option<u64> {
            Some(*st)
        }
    }
}

#[test]
fn a_quantifier_prints_and_runs() {
    let root = autov::spec::FnRef {
        name: "bytes_wrap",
        def: bytes_wrap::__autov_term,
    };
    let f = Program::from_fns(&[root]).unwrap_or_else(|e| panic!("{e}"));
    expect![[r#"
        fn bytes_wrap(d: u8) -> bool {
            forall(|x: u8| x.wrapping_add(d).wrapping_sub(d) == x)
        }"#]]
    .assert_eq(&print_fn(&f.fns["bytes_wrap"]));
    let v = f.call("bytes_wrap", vec![Value::int(autov::spec::IntTy::U8, 7)]);
    assert_eq!(v.expect("runs"), Value::Bool(true));
    assert!(bytes_wrap(7));
}

#[test]
fn a_spec_calling_a_higher_layer_is_rejected() {
    let e = Program::from_layer(upside_down::high::layer).unwrap_err();
    assert!(
        e.to_string().ends_with("`read` belongs to a higher layer"),
        "{e}"
    );
}

/// A spec and a helper outside any layer.
#[autov::helper]
fn halve(x: u8) -> u8 {
    x >> 1
}

#[autov::spec]
fn halve_twice(x: u8) -> Option<u8> {
    rely!(x > 1);
    Some(halve(halve(x)))
}

#[test]
fn standalone_specs_form_a_program() {
    use autov::spec::{FnRef, SpecType};
    let root = FnRef {
        name: "halve_twice",
        def: halve_twice::__autov_term,
    };
    let p = Program::from_fns(&[root]).unwrap();
    assert_eq!(p.fns.keys().collect::<Vec<_>>(), ["halve", "halve_twice"]);
    assert_eq!(
        p.call("halve_twice", vec![9u8.to_value()]),
        Ok(Some(2u8).to_value())
    );
    assert_eq!(
        p.call("halve_twice", vec![1u8.to_value()]),
        Ok(Value::none())
    );
}

/// A struct written with its fields out of declaration order.
#[derive(Debug, Clone, PartialEq, autov::SpecType)]
pub struct Pair {
    /// First field.
    pub a: u64,
    /// Second field.
    pub b: u64,
}

/// A layer whose spec writes a struct literal in another order than its declaration.
#[autov::layer(name = "Pairs", state = Pair)]
pub mod pairs {
    use super::*;

    /// Whether rebuilding the state field by field, `b` first, gives the state back.
    #[spec]
    pub fn rebuilt_equals(st: &Pair) -> Option<bool> {
        Some(Pair { b: st.b, a: st.a } == *st)
    }
}

#[test]
fn a_struct_literal_out_of_declaration_order_equals_the_struct() {
    let p = Program::from_layer(pairs::layer).unwrap();
    let st = autov::spec::SpecType::to_value(&Pair { a: 1, b: 2 });
    assert_eq!(pairs::rebuilt_equals(&Pair { a: 1, b: 2 }), Some(true));
    assert_eq!(
        p.call("rebuilt_equals", vec![st]).unwrap(),
        Value::Option(Some(Box::new(Value::Bool(true))))
    );
}
