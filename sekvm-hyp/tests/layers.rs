//! Structural checks on the C sources: every defined function is in the README's layer table,
//! lives in its layer's file, and calls only functions of strictly lower layers; the Bottom
//! layer (`hw.h`) is implemented by both `arch/aarch64.c` and `arch/host_sim.c`; the verified
//! subset of C is respected (no recursion by construction, no function pointers, no goto...).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const C_DIR: &str = sekvm_hyp::C_DIR;
const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");

/// A function definition found in a C file.
#[derive(Debug, Clone)]
struct FnDef {
    name: String,
    body: String,
    calls: BTreeSet<String>,
    has_loop: bool,
}

fn strip_comments(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && i + 1 < b.len() && b[i + 1] == b'*' {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
            out.push(' ');
        } else if b[i] == b'/' && i + 1 < b.len() && b[i + 1] == b'/' {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'"' {
            // skip string literals (inline asm templates)
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Identifiers immediately followed by `(`.
fn called_names(body: &str) -> BTreeSet<String> {
    const KEYWORDS: [&str; 9] = [
        "if",
        "for",
        "while",
        "switch",
        "return",
        "sizeof",
        "__asm__",
        "__volatile__",
        "defined",
    ];
    let chars: Vec<char> = body.chars().collect();
    let mut out = BTreeSet::new();
    let mut i = 0;
    while i < chars.len() {
        if is_ident(chars[i]) && (i == 0 || !is_ident(chars[i - 1])) {
            let start = i;
            while i < chars.len() && is_ident(chars[i]) {
                i += 1;
            }
            let name: String = chars[start..i].iter().collect();
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            if j < chars.len()
                && chars[j] == '('
                && !KEYWORDS.contains(&name.as_str())
                && !name.chars().next().unwrap().is_ascii_digit()
            {
                out.insert(name);
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Top-level function definitions of a C file (comments removed).
fn parse_defs(src: &str) -> Vec<FnDef> {
    let src = strip_comments(src);
    let chars: Vec<char> = src.chars().collect();
    let mut defs = Vec::new();
    let mut depth = 0usize;
    let mut last_end = 0usize;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '{' if depth == 0 => {
                let head: String = chars[last_end..i].iter().collect();
                let head = head.trim();
                // body extent
                let mut d = 0usize;
                let mut j = i;
                loop {
                    match chars[j] {
                        '{' => d += 1,
                        '}' => {
                            d -= 1;
                            if d == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                let body: String = chars[i..=j].iter().collect();
                if head.ends_with(')') && !head.contains('=') {
                    let open = head.find('(').expect("parameter list");
                    let before = head[..open].trim_end();
                    let name: String = before
                        .chars()
                        .rev()
                        .take_while(|&c| is_ident(c))
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    let has_loop = body.contains("for (") || body.contains("while (");
                    defs.push(FnDef {
                        calls: called_names(&body),
                        name,
                        body,
                        has_loop,
                    });
                }
                i = j + 1;
                last_end = i;
                continue;
            }
            ';' if depth == 0 => last_end = i + 1,
            '#' if depth == 0 => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                last_end = i;
            }
            _ => {}
        }
        i += 1;
    }
    let _ = &mut depth;
    defs
}

/// Function prototypes of a header.
fn parse_protos(src: &str) -> Vec<String> {
    let src = strip_comments(src);
    src.lines()
        .map(str::trim)
        .filter(|l| {
            l.ends_with(");") && l.contains('(') && !l.starts_with('#') && !l.starts_with("typedef")
        })
        .map(|l| {
            let open = l.find('(').unwrap();
            l[..open]
                .rsplit(|c: char| !is_ident(c))
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn section<'a>(text: &'a str, tag: &str) -> (usize, usize, &'a str) {
    let b = format!("<!-- {tag}:begin -->\n");
    let e = format!("<!-- {tag}:end -->");
    let s = text.find(&b).unwrap_or_else(|| panic!("README lacks {b}")) + b.len();
    let t = text.find(&e).unwrap_or_else(|| panic!("README lacks {e}"));
    (s, t, &text[s..t])
}

struct Model {
    layers: Vec<(String, String)>,
    /// function -> (layer index, def)
    funcs: BTreeMap<String, (usize, Option<FnDef>)>,
}

fn model() -> Model {
    let layers: Vec<(String, String)> = sekvm_hyp::layers()
        .into_iter()
        .map(|l| (l.name.to_string(), l.file.to_string()))
        .collect();
    assert_eq!(layers[0], ("Bottom".to_string(), "hw.h".to_string()));
    let mut funcs = BTreeMap::new();
    for name in parse_protos(&read(&Path::new(C_DIR).join("hw.h"))) {
        funcs.insert(name, (0usize, None));
    }
    let files: BTreeSet<String> = std::fs::read_dir(C_DIR)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".c"))
        .collect();
    let listed: BTreeSet<String> = layers[1..].iter().map(|(_, f)| f.clone()).collect();
    assert_eq!(
        files, listed,
        "every C file is a layer listed in the README, and vice versa"
    );
    for (idx, (_, file)) in layers.iter().enumerate().skip(1) {
        for def in parse_defs(&read(&Path::new(C_DIR).join(file))) {
            let prev = funcs.insert(def.name.clone(), (idx, Some(def.clone())));
            assert!(prev.is_none(), "{} defined twice", def.name);
        }
    }
    Model { layers, funcs }
}

fn function_table(m: &Model) -> String {
    let mut rows: Vec<(usize, &String, bool)> = m
        .funcs
        .iter()
        .map(|(n, (l, d))| (*l, n, d.as_ref().is_some_and(|d| d.has_loop)))
        .collect();
    rows.sort();
    let mut s = String::from("| Function | Layer | Loop |\n|---|---|---|\n");
    for (l, n, lp) in rows {
        s.push_str(&format!(
            "| {n} | {} | {} |\n",
            m.layers[l].0,
            if lp { "loop" } else { "" }
        ));
    }
    s
}

#[test]
fn readme_function_table_matches_the_sources() {
    let m = model();
    let table = function_table(&m);
    let readme = read(Path::new(README));
    let (s, t, current) = section(&readme, "functions");
    if current != table {
        if std::env::var_os("SEKVM_UPDATE_README").is_some() {
            let new = format!("{}{}{}", &readme[..s], table, &readme[t..]);
            std::fs::write(README, new).unwrap();
        } else {
            panic!("README function table is stale; run SEKVM_UPDATE_README=1 cargo test -p sekvm-hyp --test layers");
        }
    }
    let per_layer: BTreeMap<usize, usize> =
        m.funcs.values().fold(BTreeMap::new(), |mut acc, (l, _)| {
            *acc.entry(*l).or_default() += 1;
            acc
        });
    for (l, n) in per_layer {
        eprintln!("{:>3} {:<14} {n}", l + 1, m.layers[l].0);
    }
    eprintln!("total {} functions", m.funcs.len());
}

#[test]
fn calls_go_only_to_strictly_lower_layers() {
    let m = model();
    let mut violations = Vec::new();
    for (name, (layer, def)) in &m.funcs {
        let Some(def) = def else { continue };
        for callee in &def.calls {
            match m.funcs.get(callee) {
                Some((cl, _)) if cl < layer => {}
                Some((cl, _)) => violations.push(format!(
                    "{name} ({}) calls {callee} ({})",
                    m.layers[*layer].0, m.layers[*cl].0
                )),
                None => violations.push(format!("{name} calls unknown function {callee}")),
            }
        }
    }
    assert!(
        violations.is_empty(),
        "layering violations:\n{}",
        violations.join("\n")
    );
    // The parser sees real call edges (so the check above is not vacuous).
    let calls = |f: &str| m.funcs[f].1.as_ref().unwrap().calls.clone();
    for (caller, callee) in [
        ("vcpu_run", "fixup_guest_exit"),
        ("vcpu_run", "enter_guest"),
        ("walk_pgd", "alloc_s2pt_pud"),
        ("handle_host_hvc", "el2_smmu_map"),
        ("assign_pfn_to_vm", "clear_pfn_host"),
    ]
    .into_iter()
    .filter(|(c, _)| m.funcs[*c].1.is_some())
    {
        assert!(
            calls(caller).contains(callee),
            "{caller} -> {callee} not found"
        );
    }
    let edges: usize = m
        .funcs
        .values()
        .filter_map(|(_, d)| d.as_ref())
        .map(|d| d.calls.len())
        .sum();
    assert!(edges > 500, "only {edges} call edges parsed");
}

#[test]
fn hyp_h_declares_exactly_the_layer_functions() {
    let m = model();
    let declared: BTreeSet<String> = parse_protos(&read(&Path::new(C_DIR).join("hyp.h")))
        .into_iter()
        .collect();
    let defined: BTreeSet<String> = m
        .funcs
        .iter()
        .filter(|(_, (l, _))| *l > 0)
        .map(|(n, _)| n.clone())
        .collect();
    assert_eq!(declared, defined);
}

#[test]
fn both_bottom_implementations_cover_hw_h() {
    let hw: BTreeSet<String> = parse_protos(&read(&Path::new(C_DIR).join("hw.h")))
        .into_iter()
        .collect();
    let arch: BTreeSet<String> = parse_defs(&read(&Path::new(C_DIR).join("arch/aarch64.c")))
        .into_iter()
        .map(|d| d.name)
        .collect();
    let sim: BTreeSet<String> = parse_defs(&read(&Path::new(C_DIR).join("arch/host_sim.c")))
        .into_iter()
        .map(|d| d.name)
        .collect();
    assert_eq!(
        arch, hw,
        "arch/aarch64.c defines exactly the Bottom primitives"
    );
    let missing: Vec<_> = hw.difference(&sim).collect();
    assert!(missing.is_empty(), "host_sim.c lacks {missing:?}");
}

#[test]
fn sources_stay_in_the_verifiable_subset() {
    let m = model();
    for (_, file) in m.layers.iter().skip(1) {
        let src = strip_comments(&read(&Path::new(C_DIR).join(file)));
        for bad in [
            "goto", "while (", "union ", "float", "double", "...", "__int128", "(*", "static ",
            "__asm__", "asm(",
        ] {
            assert!(!src.contains(bad), "{file} contains `{bad}`");
        }
        assert!(!src.contains(" : 1;"), "{file}: bitfield");
    }
    // Only accessors.c names the global state.
    for (_, file) in m.layers.iter().skip(1) {
        let src = strip_comments(&read(&Path::new(C_DIR).join(file)));
        if file != "accessors.c" {
            assert!(
                !src.contains("el2_data"),
                "{file} touches el2_data directly"
            );
        }
    }
    // Inline asm only in the aarch64 Bottom.
    assert!(read(&Path::new(C_DIR).join("arch/aarch64.c")).contains("__asm__"));
    // Every function body is small.
    for (name, (_, def)) in &m.funcs {
        if let Some(d) = def {
            let lines = d.body.lines().count();
            assert!(lines <= 80, "{name} has {lines} lines");
        }
    }
}

#[test]
fn the_layer_table_is_available_to_rust_bottom_first() {
    let layers = sekvm_hyp::layers();
    assert_eq!(
        layers.first().map(|l| (l.name, l.file)),
        Some(("Bottom", "hw.h"))
    );
    assert_eq!(layers.len(), 35);
    assert!(layers
        .iter()
        .all(|l| l.file.ends_with(".c") || l.file == "hw.h"));
}
