//! For every function of the fixture layers, running the Rust function and evaluating its term on
//! random inputs agree: same value (including `None`), and a Rust panic exactly when the term
//! has a spec error (overflow, division by zero, index out of bounds).
//!
//! The Rust side relies on overflow checks, which the test profile has (debug assertions).

#[path = "../specs/pages.rs"]
mod pages;

use autov::spec::{
    EvalError, FnDef, FnKind, IntTy, MapValue, Program, Ty, TypeDef, TypeEnv, Value,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Integers biased toward small values and the ends of the range, where specs branch.
fn int_values(t: IntTy) -> BoxedStrategy<Value> {
    let (min, max) = (t.min_value(), t.max_value());
    let edges = vec![min, max, max - 1, 0, 1];
    prop_oneof![
        3 => (0i128..6).prop_map(move |v| Value::int(t, v)),
        2 => proptest::sample::select(edges).prop_map(move |v| Value::int(t, v)),
        2 => (min..=max).prop_map(move |v| Value::int(t, v)),
    ]
    .boxed()
}

fn values(ty: &Ty, env: &TypeEnv) -> BoxedStrategy<Value> {
    match ty {
        Ty::Int(t) => int_values(*t),
        Ty::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Ty::Tuple(ts) => {
            let parts: Vec<_> = ts.iter().map(|t| values(t, env)).collect();
            parts.prop_map(Value::Tuple).boxed()
        }
        Ty::Option(t) => prop_oneof![
            1 => Just(Value::none()),
            3 => values(t, env).prop_map(Value::some),
        ]
        .boxed(),
        Ty::Array(t, n) => proptest::collection::vec(values(t, env), *n as usize)
            .prop_map(Value::Array)
            .boxed(),
        Ty::Map(k, v) => {
            let entries = proptest::collection::vec((values(k, env), values(v, env)), 0..3);
            (values(v, env), entries)
                .prop_map(|(d, es)| {
                    Value::Map(
                        es.into_iter()
                            .fold(MapValue::new(d), |m, (k, v)| m.set(k, v)),
                    )
                })
                .boxed()
        }
        Ty::Named(n) => named_values(env.get(n).expect("declared type"), env),
    }
}

fn named_values(def: &TypeDef, env: &TypeEnv) -> BoxedStrategy<Value> {
    match def.clone() {
        TypeDef::Struct { name, fields } => {
            let parts: Vec<_> = fields.iter().map(|(_, t)| values(t, env)).collect();
            let names: Vec<String> = fields.into_iter().map(|(n, _)| n).collect();
            parts
                .prop_map(move |vs| Value::Struct {
                    name: name.clone(),
                    fields: names.iter().cloned().zip(vs).collect(),
                })
                .boxed()
        }
        TypeDef::Enum { name, variants } => {
            let arms: Vec<BoxedStrategy<Value>> = variants
                .into_iter()
                .map(|v| {
                    let (name, variant) = (name.clone(), v.name.clone());
                    let parts: Vec<_> = v.fields.iter().map(|t| values(t, env)).collect();
                    parts
                        .prop_map(move |fields| Value::Enum {
                            name: name.clone(),
                            variant: variant.clone(),
                            fields,
                        })
                        .boxed()
                })
                .collect();
            proptest::strategy::Union::new(arms).boxed()
        }
    }
}

/// Runs `f` natively and as a term on `args` and compares.
fn agree(program: &Program, f: &FnDef, args: Vec<Value>) -> Result<(), TestCaseError> {
    let native = catch_unwind(AssertUnwindSafe(|| {
        f.native.expect("a native function")(&args)
    }));
    let term = program.call(&f.name, args.clone());
    match (native, term) {
        (Ok(Ok(n)), Ok(t)) => prop_assert_eq!(n, t, "{} on {:?}", f.name, args),
        (Err(_), Err(e)) if e.is_spec_error() => {}
        // Both stop at a spec derived from code, which has no Rust body and no term.
        (Err(_), Err(EvalError::Malformed { message, .. }))
            if message.ends_with("derived from its code") => {}
        (Ok(Err(e)), _) => {
            return Err(TestCaseError::fail(format!(
                "{}: conversion failed: {e}",
                f.name
            )))
        }
        (n, t) => {
            let n = n.map_err(|_| "panicked");
            return Err(TestCaseError::fail(format!(
                "{} on {args:?}: native {n:?}, term {t:?}",
                f.name
            )));
        }
    }
    Ok(())
}

#[test]
fn native_and_term_agree_on_random_inputs() {
    let program = Program::from_layer(pages::manager::layer).unwrap_or_else(|e| panic!("{e}"));
    std::panic::set_hook(Box::new(|_| {}));
    for f in program.fns.values().filter(|f| f.kind != FnKind::Derived) {
        let strategy: Vec<_> = f
            .params
            .iter()
            .map(|p| values(&p.ty, &program.types))
            .collect();
        let mut runner = TestRunner::new(Config {
            cases: 300,
            ..Config::default()
        });
        let result = runner.run(&strategy, |args| agree(&program, f, args));
        if let Err(e) = result {
            let _ = std::panic::take_hook();
            panic!("{}: {e}", f.name);
        }
    }
    let _ = std::panic::take_hook();
}

#[test]
fn outcomes_cover_values_none_and_spec_errors() {
    use autov::spec::SpecType;
    let program = Program::from_layer(pages::manager::layer).unwrap();
    let call = |name: &str, args: Vec<Value>| program.call(name, args);
    let five = call("classify", vec![205i32.to_value()]);
    assert_eq!(five, Ok(Some(5i8).to_value()));
    assert_eq!(
        call(
            "pair_logic",
            vec![None::<u8>.to_value(), (false, 3u16).to_value()]
        ),
        Ok(Value::none())
    );
    let overflow = call("signed_mix", vec![i16::MIN.to_value(), 1i16.to_value()]).unwrap_err();
    assert!(overflow.is_spec_error(), "{overflow}");
    let source = include_str!("../specs/pages.rs");
    let line = source
        .lines()
        .position(|l| l.contains("let c = -a;"))
        .unwrap()
        + 1;
    let col = source.lines().nth(line - 1).unwrap().find("-a").unwrap() + 1;
    assert!(
        overflow
            .to_string()
            .contains(&format!("pages.rs:{line}:{col}:")),
        "{overflow}"
    );
    assert!(
        overflow
            .to_string()
            .contains("spec error: arithmetic overflow"),
        "{overflow}"
    );
    let div = call(
        "pair_logic",
        vec![Some(0u8).to_value(), (true, 3u16).to_value()],
    )
    .unwrap_err();
    assert!(div.to_string().contains("division by zero"), "{div}");
}
