//! The `autov` command line: argument parsing and dispatch to the library.

use crate::ir2coq::{self, Report, ReportOptions};
use crate::{code, ir, load, structure};
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
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
    /// Print a file's functions as structured code.
    DumpCode {
        /// The `.ll` or `.bc` file.
        file: PathBuf,
    },
    /// Convert LLVM IR to a Coq project, or report on converting a whole directory.
    Ir2coq {
        /// The `.ll`/`.bc` file; with `--report`, a directory searched for IR files.
        input: PathBuf,
        /// The Coq project directory to write (replaced if `ir2coq` wrote it before).
        #[arg(short, long, required_unless_present = "report")]
        out: Option<PathBuf>,
        /// Convert every IR file under INPUT and report counts, failure reasons and speed.
        #[arg(long)]
        report: bool,
        /// With `--report`: print the report as one JSON object.
        #[arg(long, requires = "report")]
        json: bool,
        /// With `--report`: also compile every file's Coq output with coqc.
        #[arg(long, requires = "report")]
        compile: bool,
    },
}

/// Runs the command line; errors are printed to stderr and give exit code 1.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

type CliResult = Result<ExitCode, Box<dyn std::error::Error>>;

fn run(command: Command) -> CliResult {
    match command {
        Command::DumpIr { file } => {
            write_stdout(&ir::print_module(&load::load_path(&file)?));
            Ok(ExitCode::SUCCESS)
        }
        Command::DumpCode { file } => {
            let module = structure::structure_module(load::load_path(&file)?);
            write_stdout(&code::print_module(&module));
            Ok(ExitCode::SUCCESS)
        }
        Command::Ir2coq {
            input,
            out: Some(out),
            report: false,
            ..
        } => convert(input, out),
        Command::Ir2coq {
            input,
            report: true,
            json,
            compile,
            ..
        } => report(input, json, compile),
        Command::Ir2coq { .. } => Err("ir2coq needs `-o DIR` or `--report`".into()),
    }
}

/// Writes a dump to stdout; a reader that has gone (`| head`) is not an error.
fn write_stdout(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn convert(input: PathBuf, out: PathBuf) -> CliResult {
    let done = ir2coq::convert_file(&input, &out)?;
    for (name, reason) in &done.failed {
        eprintln!("failed: {name}: {reason}");
    }
    println!(
        "{}: {} functions converted, {} failed; wrote {}/code/{}.v (build with `make -C {}`)",
        input.display(),
        done.converted,
        done.failed.len(),
        out.display(),
        done.coq_name,
        out.display()
    );
    Ok(if done.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn report(input: PathBuf, json: bool, compile: bool) -> CliResult {
    if !input.is_dir() {
        return Err(format!("{}: not a directory", input.display()).into());
    }
    let opts = ReportOptions {
        compile,
        progress: std::io::stderr().is_terminal(),
    };
    let report = ir2coq::run_report(&input, &opts)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", render_report(&report));
    }
    Ok(ExitCode::SUCCESS)
}

fn render_report(r: &Report) -> String {
    let mut out = format!(
        "{:<12} {:>6} {:>6} {:>8} {:>8} {:>10} {:>7} {:>12} {:>8}\n",
        "folder",
        "files",
        "f.fail",
        "defined",
        "declared",
        "converted",
        "failed",
        "w/unsupport",
        "coqc ok"
    );
    let rows = r
        .folders
        .iter()
        .map(|(k, v)| (k.as_str(), v))
        .chain([("total", &r.total)]);
    for (name, c) in rows {
        out += &format!(
            "{:<12} {:>6} {:>6} {:>8} {:>8} {:>10} {:>7} {:>12} {:>8}\n",
            name,
            c.files,
            c.files_failed,
            c.defined,
            c.declarations,
            c.converted,
            c.failed,
            c.converted_with_unsupported,
            c.coq_compiled.map_or("-".to_string(), |n| n.to_string())
        );
    }
    for (reason, n) in &r.reasons {
        out += &format!("failure reason: {n} x {reason}\n");
        for ex in r.examples.get(reason).into_iter().flatten() {
            out += &format!("    e.g. {ex}\n");
        }
    }
    out += &format!(
        "summary: {} converted, {} failed, {} files in {:.2} s wall ({:.0} defined functions/s)\n",
        r.total.converted, r.total.failed, r.total.files, r.wall_seconds, r.functions_per_second
    );
    out
}
