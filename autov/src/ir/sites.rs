//! Where a module's conditional branches are: from a branch's C source location to the IR
//! blocks whose terminator it is, so that a path through the code given as source locations
//! (a counterexample's) can also name the IR function and block of each step.

use super::{Module, SourceLoc, Terminator};
use std::collections::HashMap;
use std::fmt;

/// An IR basic block, named by its function and label.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IrBlock {
    /// The function's name (without `@`).
    pub function: String,
    /// The block's label (without `%`).
    pub block: String,
}

impl fmt::Display for IrBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "@{} %{}", self.function, self.block)
    }
}

/// The conditional branches (`br i1` and `switch`) of a module, by source location.
#[derive(Debug, Clone, Default)]
pub struct BranchSites {
    by_loc: HashMap<SourceLoc, Vec<IrBlock>>,
}

impl BranchSites {
    /// The conditional branches of `module` that carry a source location.
    pub fn of(module: &Module) -> BranchSites {
        let mut by_loc: HashMap<SourceLoc, Vec<IrBlock>> = HashMap::new();
        for f in &module.functions {
            for b in &f.blocks {
                let branches = matches!(
                    b.term,
                    Terminator::CondBr { .. } | Terminator::Switch { .. }
                );
                if let (true, Some(loc)) = (branches, &b.term_loc) {
                    by_loc.entry(loc.clone()).or_default().push(IrBlock {
                        function: f.name.clone(),
                        block: b.name.clone(),
                    });
                }
            }
        }
        BranchSites { by_loc }
    }

    /// The blocks whose conditional branch is at `file`:`line`:`col` (several when one source
    /// location branches more than once, none when no branch is there).
    pub fn at(&self, file: &str, line: u32, col: u32) -> &[IrBlock] {
        let loc = SourceLoc {
            file: file.into(),
            line,
            col,
        };
        self.by_loc.get(&loc).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Block, Function, Type, Value};
    use std::sync::Arc;

    fn block(name: &str, term: Terminator, line: u32) -> Block {
        Block {
            name: name.into(),
            instrs: Vec::new(),
            term,
            term_loc: Some(SourceLoc {
                file: Arc::from("a.c"),
                line,
                col: 7,
            }),
        }
    }

    #[test]
    fn names_the_blocks_that_branch_at_a_location() {
        let cond = Terminator::CondBr {
            cond: Value::Local("c".into()),
            then_dest: "t".into(),
            else_dest: "e".into(),
        };
        let f = Function {
            name: "f".into(),
            ret_ty: Type::Void,
            params: Vec::new(),
            var_arg: false,
            blocks: vec![
                block("entry", cond, 3),
                block("t", Terminator::Br("e".into()), 4),
                block("e", Terminator::Ret(None), 5),
            ],
            loc: None,
        };
        let module = crate::ir::Module {
            name: "m".into(),
            data_layout: String::new(),
            target_triple: None,
            structs: Vec::new(),
            globals: Vec::new(),
            functions: vec![f],
            declarations: Vec::new(),
            aliases: Vec::new(),
        };
        let sites = BranchSites::of(&module);
        let found: Vec<String> = sites
            .at("a.c", 3, 7)
            .iter()
            .map(|b| b.to_string())
            .collect();
        assert_eq!(found, ["@f %entry"]);
        assert!(
            sites.at("a.c", 4, 7).is_empty(),
            "an unconditional branch is not a site"
        );
        assert!(sites.at("a.c", 3, 8).is_empty());
    }
}
