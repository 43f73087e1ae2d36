//! The verdict cache: an obligation's result, stored under a hash of everything it depends on.
//!
//! An obligation's [`Fingerprint`] is the SHA-256 of the text of the spec and the low spec, of
//! every function either calls (transitively, printed), of the type definitions, of the solver
//! settings and of autov's version. A re-run after a change re-checks exactly the obligations
//! whose fingerprint changed: editing one C function changes its low spec, and the obligations
//! of the functions that call its low spec, and nothing else.
//!
//! Only definite verdicts are stored (verified, failed with a counterexample); an `Unknown`
//! (a time limit, an unrolling bound) is checked again next time.

use crate::smt::Settings;
use crate::spec::{print_fn, ExprKind, FnDef, Program};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Bumped whenever the meaning of a stored verdict changes (encoding, queries).
const FORMAT: &str = "autov-cache-1";

/// The hash of what an obligation depends on, as 64 hex digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(pub String);

impl Fingerprint {
    /// The fingerprint of checking `roots` (a spec and a low spec, or one function) in
    /// `program` with `settings`.
    pub fn of(program: &Program, roots: &[&FnDef], settings: &Settings) -> Fingerprint {
        let mut h = Sha256::new();
        h.update(FORMAT);
        h.update(env!("CARGO_PKG_VERSION"));
        h.update(format!("{settings:?}"));
        h.update(format!("{:?}", program.types));
        for f in roots {
            h.update(print_fn(f));
        }
        for name in callees(program, roots) {
            h.update(&name);
            if let Some(f) = program.fns.get(&name) {
                h.update(print_fn(f));
            }
        }
        let digest = h.finalize();
        Fingerprint(digest.iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// The names of the functions `roots` call, directly or not (themselves excluded unless
/// called), in name order.
fn callees(program: &Program, roots: &[&FnDef]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&FnDef> = roots.to_vec();
    while let Some(f) = todo.pop() {
        f.walk(&mut |e| {
            if let ExprKind::Call { func, .. } = &e.kind {
                if seen.insert(func.clone()) {
                    if let Some(g) = program.fns.get(func) {
                        todo.push(g);
                    }
                }
            }
        });
    }
    seen
}

/// A stored verdict.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Cached {
    /// The obligation holds.
    Verified,
    /// It does not; the counterexample as it was printed.
    Failed(String),
}

/// A directory of verdicts, one small JSON file per fingerprint.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache in `dir` (created when the first verdict is stored).
    pub fn new(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    /// Where it is.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The verdict stored under `key`, if any (an unreadable entry counts as none).
    pub fn get(&self, key: &Fingerprint) -> Option<Cached> {
        let text = std::fs::read_to_string(self.path(key)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Stores `verdict` under `key`. The file is written beside its place and renamed in, so a
    /// reader never sees half an entry.
    pub fn put(&self, key: &Fingerprint, verdict: &Cached) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let path = self.path(key);
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        let text = serde_json::to_string(verdict).map_err(std::io::Error::other)?;
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, &path)
    }

    fn path(&self, key: &Fingerprint) -> PathBuf {
        self.dir.join(format!("{}.json", key.0))
    }
}
