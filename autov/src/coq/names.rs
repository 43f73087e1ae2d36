//! Coq lexical matters: identifiers for LLVM names, string literals, comment text.

use std::fmt::Write;

/// The Coq identifier of the function named `name`: `fn_` followed by an injective encoding
/// of the name. ASCII letters and digits stay; `_` becomes `__`, `.` becomes `_d`, and every
/// other byte `_xHH` (two hex digits). The prefix keeps it clear of Coq keywords and of the
/// names the printed file defines itself.
pub fn function_ident(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 3);
    out.push_str("fn_");
    for b in name.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => out.push(b as char),
            b'_' => out.push_str("__"),
            b'.' => out.push_str("_d"),
            _ => {
                let _ = write!(out, "_x{b:02X}");
            }
        }
    }
    out
}

/// Appends `s` as a Coq `string` term. Printable ASCII is a literal with `"` doubled; any
/// other byte is spelled `String "DDD"%char rest`, and literal runs around such bytes are
/// joined with `String.append`.
pub fn push_string(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let printable = |b: &u8| (0x20..0x7f).contains(b);
    let mut closing = 0;
    let mut rest = bytes;
    while let Some(k) = rest.iter().position(|b| !printable(b)) {
        if k > 0 {
            out.push_str("(String.append ");
            push_literal(out, &rest[..k]);
            out.push(' ');
            closing += 1;
        }
        let _ = write!(out, "(String \"{:03}\"%char ", rest[k]);
        closing += 1;
        rest = &rest[k + 1..];
    }
    push_literal(out, rest);
    out.push_str(&")".repeat(closing));
}

/// A string literal of printable ASCII bytes, `"` doubled.
fn push_literal(out: &mut String, bytes: &[u8]) {
    out.push('"');
    for &b in bytes {
        if b == b'"' {
            out.push('"');
        }
        out.push(b as char);
    }
    out.push('"');
}

/// `s` made safe inside a Coq comment: no comment delimiters, no string quotes (Coq lexes
/// strings inside comments), printable ASCII only.
pub fn comment_text(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| match c {
            '"' => '\'',
            c if c.is_ascii_graphic() || c == ' ' => c,
            _ => ' ',
        })
        .collect();
    cleaned.replace("(*", "( *").replace("*)", "* )")
}

/// Whether `s` can be used as a plain Coq identifier for a definition.
pub fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '\'')
        && s != "_"
        && !KEYWORDS.contains(&s)
}

/// Coq's reserved words and the vernacular commands that cannot name a definition.
const KEYWORDS: &[&str] = &[
    "as",
    "at",
    "cofix",
    "else",
    "end",
    "exists",
    "exists2",
    "fix",
    "for",
    "forall",
    "fun",
    "if",
    "IF",
    "in",
    "let",
    "match",
    "mod",
    "return",
    "then",
    "using",
    "where",
    "with",
    "Prop",
    "Set",
    "SProp",
    "Type",
    "Definition",
    "Theorem",
    "Lemma",
    "Proof",
    "Qed",
    "Module",
    "End",
    "Section",
    "Require",
    "Import",
    "Export",
    "Inductive",
    "Fixpoint",
];
