//! Unit tests of the Coq printer: names, strings, comments, and a snapshot.

use super::names::{comment_text, function_ident, is_ident, push_string};
use super::print_module;
use crate::code::{self, Copy, FunctionResult, Stmt, SwitchArm};
use crate::ir::{
    self, ArithFlags, BinOp, Callee, Constant, Instr, InstrKind, IntPredicate, Param, Type, Value,
};
use expect_test::expect;

fn coq_string(s: &str) -> String {
    let mut out = String::new();
    push_string(&mut out, s);
    out
}

#[test]
fn function_idents_are_injective_on_confusable_names() {
    let names = [
        "foo.bar", "foo_bar", "foo_dbar", "foo__bar", "\u{1}foo", "_x01foo", "0", "1",
    ];
    let idents: Vec<String> = names.iter().map(|n| function_ident(n)).collect();
    let unique: std::collections::HashSet<&String> = idents.iter().collect();
    assert_eq!(unique.len(), names.len(), "{idents:?}");
    assert_eq!(idents[0], "fn_foo_dbar");
    assert_eq!(idents[1], "fn_foo__bar");
    assert_eq!(idents[4], "fn__x01foo");
    assert!(idents.iter().all(|i| is_ident(i)));
}

#[test]
fn keywords_are_not_identifiers() {
    assert!(!is_ident("fix"));
    assert!(!is_ident("Definition"));
    assert!(!is_ident("1abc"));
    assert!(is_ident("redis_dict"));
}

#[test]
fn strings_double_quotes_and_spell_odd_bytes() {
    assert_eq!(coq_string("a\"b"), "\"a\"\"b\"");
    assert_eq!(coq_string("\u{1}f"), "(String \"001\"%char \"f\")");
    assert_eq!(
        coq_string("a\tb\n"),
        "(String.append \"a\" (String \"009\"%char (String.append \"b\" (String \"010\"%char \"\"))))"
    );
}

#[test]
fn comment_text_cannot_close_the_comment() {
    let t = comment_text("bad *) \"quote (* nested");
    assert!(
        !t.contains("*)") && !t.contains("(*") && !t.contains('"'),
        "{t}"
    );
}

fn instr(dest: Option<&str>, kind: InstrKind) -> Stmt {
    Stmt::Instr(Instr {
        dest: dest.map(str::to_string),
        kind,
        loc: None,
    })
}

fn local(x: &str) -> Value {
    Value::Local(x.to_string())
}

fn int(bits: u32, value: u128) -> Value {
    Value::Const(Constant::Int { bits, value })
}

/// `count(n)`: counts down with a loop, a switch and a call; plus a global and a failure.
fn sample_module() -> code::Module {
    let i32t = Type::Int(32);
    let body = vec![
        Stmt::Copies(vec![Copy {
            dest: "i".into(),
            ty: i32t.clone(),
            value: local("n"),
        }]),
        Stmt::Loop {
            label: 0,
            body: vec![
                instr(
                    Some("z"),
                    InstrKind::ICmp {
                        pred: IntPredicate::Eq,
                        ty: i32t.clone(),
                        lhs: local("i"),
                        rhs: int(32, 0),
                    },
                ),
                Stmt::If {
                    cond: local("z"),
                    then_body: vec![Stmt::Break(0)],
                    else_body: vec![],
                    loc: None,
                },
                instr(
                    Some("i"),
                    InstrKind::Binary {
                        op: BinOp::Sub,
                        ty: i32t.clone(),
                        lhs: local("i"),
                        rhs: int(32, 1),
                        flags: ArithFlags {
                            nsw: true,
                            ..Default::default()
                        },
                    },
                ),
                Stmt::Continue(0),
            ],
        },
        Stmt::Switch {
            ty: i32t.clone(),
            value: local("n"),
            arms: vec![SwitchArm {
                values: vec![1, 2],
                body: vec![instr(
                    None,
                    InstrKind::Call {
                        callee: Callee::Direct("llvm.dbg.value".into()),
                        ret_ty: Type::Void,
                        args: vec![(Type::Other("metadata".into()), Value::Metadata)],
                    },
                )],
            }],
            default: vec![],
            loc: None,
        },
        Stmt::Return {
            value: Some((i32t.clone(), local("i"))),
            loc: None,
        },
    ];
    let f = code::Function {
        name: "count.v2".into(),
        ret_ty: i32t.clone(),
        params: vec![Param {
            name: "n".into(),
            ty: i32t.clone(),
        }],
        body,
        loc: None,
    };
    let ir = ir::Module {
        name: "sample.c".into(),
        data_layout: String::new(),
        target_triple: None,
        structs: vec![ir::StructType {
            name: "struct.pair".into(),
            fields: vec![
                ir::Field {
                    ty: i32t.clone(),
                    offset: 0,
                },
                ir::Field {
                    ty: Type::Ptr,
                    offset: 8,
                },
            ],
            size: 16,
            align: 8,
            packed: false,
            opaque: false,
        }],
        globals: vec![ir::Global {
            name: "limit".into(),
            ty: i32t.clone(),
            init: Some(Constant::Int { bits: 32, value: 7 }),
            is_const: true,
            align: 4,
        }],
        functions: vec![],
        declarations: vec![ir::Declaration {
            name: "puts".into(),
            ret_ty: i32t,
            param_tys: vec![Type::Ptr],
            var_arg: false,
        }],
        aliases: vec![ir::Alias {
            name: "count_alias".into(),
            aliasee: Constant::GlobalRef("count.v2".into()),
        }],
    };
    code::Module {
        ir,
        functions: vec![
            FunctionResult::Ok(f),
            FunctionResult::Failed {
                name: "weird".into(),
                reason: "indirectbr *) here".into(),
            },
        ],
    }
}

#[test]
fn snapshot_of_a_small_module() {
    expect![[r#"
        (** sample.c as Coq terms of [Autov.Syntax], generated by autov. *)

        From Coq Require Import ZArith Ascii String List.
        From Autov Require Import Syntax.
        Import ListNotations.
        Open Scope string_scope.
        Open Scope Z_scope.

        (** Struct layouts. *)
        Definition code_structs : list slayout := [
          mkslayout "struct.pair" [((TInt 32), 0); (TPtr, 8)] 16 8 false false].

        (** Global variables. *)
        Definition code_globals : list global := [
          mkglobal "limit" (TInt 32) (Some (CInt 32 7)) true 4].

        (** Declared functions. *)
        Definition code_decls : list decl := [
          mkdecl "puts" (TInt 32) [TPtr] false].

        (** Aliases. *)
        Definition code_aliases : list alias := [
          mkalias "count_alias" (CGlobal "count.v2")].

        (** [count.v2]. *)
        Definition fn_count_dv2 : func := mkfunc "count.v2" (TInt 32) [("n", (TInt 32))] [
          SCopies [("i", (TInt 32), (Loc "n"))];
          SLoop 0 [
            SInstr (Some "z") (IICmp Ceq (TInt 32) (Loc "i") (Cst (CInt 32 0)));
            SIf (Loc "z") [
              SBreak 0] [];
            SInstr (Some "i") (IBinary OSub (TInt 32) (Loc "i") (Cst (CInt 32 1)) (Fl true false false false false));
            SContinue 0];
          SSwitch (TInt 32) (Loc "n") [
            ([1; 2], [
              SInstr None (ICall (Direct "llvm.dbg.value") TVoid [((TOther "metadata"), Meta)])])] [];
          SReturn (Some ((TInt 32), (Loc "i")))].

        (* Not structured: weird: indirectbr * ) here *)

        (** The module. *)
        Definition Sample : module :=
          mkmodule code_structs code_globals [fn_count_dv2] code_decls code_aliases.
    "#]].assert_eq(&print_module(&sample_module(), "Sample"));
}

#[test]
#[should_panic(expected = "not a Coq identifier")]
fn a_module_name_that_is_not_an_identifier_is_refused() {
    print_module(&sample_module(), "my-module");
}
