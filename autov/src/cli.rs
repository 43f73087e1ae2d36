//! The `autov` command line: argument parsing and dispatch to the library.

use crate::{ir, load};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// autov: verification of C system software against Rust layer specifications.
#[derive(Parser)]
#[command(name = "autov", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print a file's IR as autov loaded it (LLVM-like text).
    DumpIr {
        /// The `.ll` or `.bc` file.
        file: PathBuf,
    },
}

/// Runs the command line; errors are printed to stderr and give exit code 1.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<(), Box<dyn std::error::Error>> {
    match command {
        Command::DumpIr { file } => {
            let m = load::load_path(&file)?;
            print!("{}", ir::print_module(&m));
            Ok(())
        }
    }
}
