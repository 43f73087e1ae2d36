//! Counterexamples at a readable size: a large argument (a whole state) is shown by its parts
//! that are not zero, and a large result state by where it differs from the argument state.

use crate::spec::Value;

/// Values whose text is at most this long are shown whole.
const SHORT: usize = 160;
/// At most this many parts of a value are listed.
const PARTS: usize = 40;

/// Lines showing argument `name = v`.
pub(crate) fn argument(name: &str, v: &Value) -> Vec<String> {
    let text = v.to_string();
    if text.len() <= SHORT {
        return vec![format!("{name} = {text}")];
    }
    let mut parts = Vec::new();
    nonzero(name, v, &mut parts);
    let mut lines = vec![format!("{name} = {}, zero except:", kind(v))];
    lines.extend(listed(parts));
    lines
}

/// `path = value` lines, at most [`PARTS`] of them and a count of the rest.
fn listed(parts: Vec<(String, String)>) -> Vec<String> {
    let more = parts.len().saturating_sub(PARTS);
    let mut lines: Vec<String> = parts
        .into_iter()
        .take(PARTS)
        .map(|(p, x)| format!("  {p} = {x}"))
        .collect();
    if more > 0 {
        lines.push(format!("  ... and {more} more"));
    }
    lines
}

/// Lines showing an outcome: a large state inside is shown by where it differs from the
/// argument of the same type in `args`.
pub(crate) fn outcome(text: &str, value: Option<&Value>, args: &[(String, Value)]) -> Vec<String> {
    if text.len() <= SHORT {
        return vec![format!("=> {text}")];
    }
    let Some(Value::Option(Some(inner))) = value else {
        return vec![format!("=> {text}")];
    };
    let Value::Tuple(items) = &**inner else {
        return vec![format!("=> {text}")];
    };
    let Some((state_name, before)) = items.last().and_then(|st| argument_like(st, args)) else {
        return vec![format!("=> {text}")];
    };
    let after = items.last().expect("checked above");
    let result: Vec<String> = items[..items.len() - 1]
        .iter()
        .map(|v| v.to_string())
        .collect();
    let mut lines = vec![format!(
        "=> Some(({}, {state_name}')), {state_name}' = {state_name} except:",
        result.join(", ")
    )];
    let mut changes = Vec::new();
    diff(&format!("{state_name}'"), before, after, &mut changes);
    if changes.is_empty() {
        lines[0] = format!("=> Some(({}, {state_name})), unchanged", result.join(", "));
    }
    lines.extend(listed(changes));
    lines
}

/// The argument with the same struct type as `v`.
fn argument_like<'a>(v: &Value, args: &'a [(String, Value)]) -> Option<(&'a str, &'a Value)> {
    let Value::Struct { name, .. } = v else {
        return None;
    };
    args.iter()
        .find(|(_, a)| matches!(a, Value::Struct { name: n, .. } if n == name))
        .map(|(n, a)| (n.as_str(), a))
}

fn kind(v: &Value) -> String {
    match v {
        Value::Struct { name, .. } => format!("{name} {{ .. }}"),
        Value::Array(xs) => format!("[..; {}]", xs.len()),
        _ => "..".into(),
    }
}

/// Whether `v` is zero: 0, false, `None`, or made only of zeros.
fn is_zero(v: &Value) -> bool {
    match v {
        Value::Int(i) => i.value == 0,
        Value::Bool(b) => !b,
        Value::Option(x) => x.is_none(),
        Value::Tuple(xs) | Value::Array(xs) => xs.iter().all(is_zero),
        Value::Struct { fields, .. } => fields.iter().all(|(_, x)| is_zero(x)),
        Value::Map(m) => m.entries.is_empty() && is_zero(&m.default),
        Value::Enum { .. } => false,
    }
}

/// The parts of `v` (at `path`) that are not zero, as (path, value) pairs.
fn nonzero(path: &str, v: &Value, out: &mut Vec<(String, String)>) {
    if is_zero(v) {
        return;
    }
    match v {
        Value::Struct { fields, .. } => {
            for (n, x) in fields {
                nonzero(&format!("{path}.{n}"), x, out);
            }
        }
        Value::Array(xs) => {
            for (i, x) in xs.iter().enumerate() {
                nonzero(&format!("{path}[{i}]"), x, out);
            }
        }
        Value::Map(m) => {
            if !is_zero(&m.default) {
                out.push((format!("{path} (default)"), m.default.to_string()));
            }
            for (k, x) in &m.entries {
                out.push((format!("{path}[{k}]"), x.to_string()));
            }
        }
        _ => out.push((path.to_string(), v.to_string())),
    }
}

/// Where `after` differs from `before` (at `path`), with the new values.
fn diff(path: &str, before: &Value, after: &Value, out: &mut Vec<(String, String)>) {
    if before == after {
        return;
    }
    match (before, after) {
        (Value::Struct { fields: xs, .. }, Value::Struct { fields: ys, .. }) => {
            for ((n, x), (_, y)) in xs.iter().zip(ys) {
                diff(&format!("{path}.{n}"), x, y, out);
            }
        }
        (Value::Array(xs), Value::Array(ys)) if xs.len() == ys.len() => {
            for (i, (x, y)) in xs.iter().zip(ys).enumerate() {
                diff(&format!("{path}[{i}]"), x, y, out);
            }
        }
        (Value::Map(m), Value::Map(n)) if m.default == n.default => {
            let keys = m.entries.keys().chain(n.entries.keys());
            let keys: std::collections::BTreeSet<&Value> = keys.collect();
            for k in keys {
                let (x, y) = (m.get(k), n.get(k));
                if x != y {
                    out.push((format!("{path}[{k}]"), y.to_string()));
                }
            }
        }
        _ => out.push((path.to_string(), after.to_string())),
    }
}
