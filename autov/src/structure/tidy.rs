//! Readability rewrites of emitted code, each preserving its meaning:
//! - a `Break`/`Continue` at the very end of a body that would end the same way by falling
//!   off its end is removed;
//! - a `Block` whose label is no longer broken to is replaced by its body;
//! - `if c { T } else { E }` where `T` never completes normally becomes `if c { T } E`,
//!   which flattens chains of early exits; a `T` that is just a jump out of a loop or to its
//!   next iteration is kept for this even where it could be removed, giving
//!   `if c { continue 'L; } E` rather than `if c {} else { E }`.

use crate::code::Stmt;

/// Tidies a function body that uses labels below `labels`.
pub(super) fn tidy(body: Vec<Stmt>, labels: usize) -> Vec<Stmt> {
    let mut t = Tidy {
        breaks: vec![0; labels],
        loops: vec![false; labels],
    };
    t.count(&body);
    t.seq(body, &[])
}

/// The state of a tidying pass.
struct Tidy {
    /// How many `Break`s name each label.
    breaks: Vec<usize>,
    /// Which labels are those of a `Loop`.
    loops: Vec<bool>,
}

impl Tidy {
    /// Counts the `Break`s of each label and finds the labels of loops.
    fn count(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            match s {
                Stmt::Break(l) => self.breaks[*l as usize] += 1,
                Stmt::If {
                    then_body,
                    else_body,
                    ..
                } => {
                    self.count(then_body);
                    self.count(else_body);
                }
                Stmt::Switch { arms, default, .. } => {
                    arms.iter().for_each(|a| self.count(&a.body));
                    self.count(default);
                }
                Stmt::Block { body, .. } => self.count(body),
                Stmt::Loop { label, body } => {
                    self.loops[*label as usize] = true;
                    self.count(body);
                }
                _ => {}
            }
        }
    }

    /// Whether `stmts` is a lone `continue`, or a lone `break` out of a loop.
    fn is_loop_jump(&self, stmts: &[Stmt]) -> bool {
        match stmts {
            [Stmt::Continue(_)] => true,
            [Stmt::Break(l)] => self.loops[*l as usize],
            _ => false,
        }
    }
    /// Tidies a sequence; `exits` are the jumps that falling off its end is equivalent to.
    fn seq(&mut self, stmts: Vec<Stmt>, exits: &[Stmt]) -> Vec<Stmt> {
        let mut out = Vec::with_capacity(stmts.len());
        self.seq_into(stmts, exits, &mut out);
        out
    }

    /// Like [`Tidy::seq`], appending to `out` (spliced bodies are never copied twice, which
    /// keeps long chains linear).
    fn seq_into(&mut self, stmts: Vec<Stmt>, exits: &[Stmt], out: &mut Vec<Stmt>) {
        let n = stmts.len();
        for (i, s) in stmts.into_iter().enumerate() {
            let exits = if i + 1 == n { exits } else { &[] };
            self.stmt(s, exits, out);
        }
    }

    /// Tidies one statement and appends the result to `out`.
    fn stmt(&mut self, s: Stmt, exits: &[Stmt], out: &mut Vec<Stmt>) {
        match s {
            Stmt::Break(l) if exits.contains(&s) => self.breaks[l as usize] -= 1,
            Stmt::Continue(_) if exits.contains(&s) => {}
            Stmt::Block { label, body } => {
                let exits: Vec<Stmt> = std::iter::once(Stmt::Break(label))
                    .chain(exits.iter().cloned())
                    .collect();
                let start = out.len();
                self.seq_into(body, &exits, out);
                if self.breaks[label as usize] > 0 {
                    let body = out.split_off(start);
                    out.push(Stmt::Block { label, body });
                }
            }
            Stmt::Loop { label, body } => {
                let body = self.seq(body, &[Stmt::Continue(label)]);
                out.push(Stmt::Loop { label, body });
            }
            Stmt::If {
                cond,
                then_body,
                else_body,
                loc,
            } => {
                let then_body = if self.is_loop_jump(&then_body) && !else_body.is_empty() {
                    then_body
                } else {
                    self.seq(then_body, exits)
                };
                if self.diverges(&then_body) {
                    out.push(Stmt::If {
                        cond,
                        then_body,
                        else_body: Vec::new(),
                        loc,
                    });
                    self.seq_into(else_body, exits, out);
                } else {
                    let else_body = self.seq(else_body, exits);
                    out.push(Stmt::If {
                        cond,
                        then_body,
                        else_body,
                        loc,
                    });
                }
            }
            Stmt::Switch {
                ty,
                value,
                arms,
                default,
                loc,
            } => {
                let arms = arms
                    .into_iter()
                    .map(|mut a| {
                        a.body = self.seq(std::mem::take(&mut a.body), exits);
                        a
                    })
                    .collect();
                let default = self.seq(default, exits);
                out.push(Stmt::Switch {
                    ty,
                    value,
                    arms,
                    default,
                    loc,
                });
            }
            other => out.push(other),
        }
    }

    /// Whether a sequence can never complete normally (conservative: `false` when unsure).
    fn diverges(&self, stmts: &[Stmt]) -> bool {
        match stmts.last() {
            Some(
                Stmt::Return { .. } | Stmt::Unreachable { .. } | Stmt::Break(_) | Stmt::Continue(_),
            ) => true,
            Some(Stmt::If {
                then_body,
                else_body,
                ..
            }) => self.diverges(then_body) && self.diverges(else_body),
            Some(Stmt::Switch { arms, default, .. }) => {
                arms.iter().all(|a| self.diverges(&a.body)) && self.diverges(default)
            }
            Some(Stmt::Loop { label, .. }) => self.breaks[*label as usize] == 0,
            _ => false,
        }
    }
}
