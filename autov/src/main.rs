//! The `autov` command line.

use autov::cli;
use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
