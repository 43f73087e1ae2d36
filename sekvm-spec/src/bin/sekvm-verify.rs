//! `sekvm-verify`: sekvm-hyp's refinement obligations from the command line.
//!
//! `list` prints them, `check [FILTER]` checks those whose name contains FILTER and prints one
//! line per obligation and a summary (or JSON with `--json`), `low FUNCTION` prints a function's
//! low spec as Rust-like text.

use clap::{Parser, Subcommand};
use sekvm_spec::harness::{Checked, ObligationKind};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Refinement obligations of sekvm-hyp.
#[derive(Parser)]
#[command(name = "sekvm-verify", about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the obligations (`Layer::function` and what each owes).
    List,
    /// Check the obligations whose name contains FILTER (all without one).
    Check {
        /// A substring of `Layer::function`.
        filter: Option<String>,
        /// Print the results as one JSON object.
        #[arg(long)]
        json: bool,
        /// The solver's time limit per query, in seconds.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
    },
    /// Print the low spec of a C function (and its loop functions).
    Low {
        /// The C function.
        function: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let checked = match Checked::build() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match cli.command {
        Command::List => {
            let lines = checked.obligations.iter().map(|ob| {
                let kind = match ob.kind {
                    ObligationKind::Refinement => "refinement",
                    ObligationKind::Derived => "derived",
                };
                format!("{}\t{kind}", ob.name())
            });
            print_lines(lines);
            ExitCode::SUCCESS
        }
        Command::Check {
            filter,
            json,
            timeout,
        } => check(&checked, filter.as_deref(), json, timeout),
        Command::Low { function } => low(&checked, &function),
    }
}

fn check(checked: &Checked, filter: Option<&str>, json: bool, timeout: u64) -> ExitCode {
    let settings = autov::smt::Settings {
        timeout: Duration::from_secs(timeout),
        ..Default::default()
    };
    let mut results = Vec::new();
    for ob in checked
        .obligations
        .iter()
        .filter(|o| filter.is_none_or(|f| o.name().contains(f)))
    {
        let start = Instant::now();
        let outcome = checked.check(ob, &settings);
        let seconds = start.elapsed().as_secs_f64();
        if !json {
            match &outcome {
                Ok(()) => println!("verified  {} ({seconds:.2} s)", ob.name()),
                Err(why) => println!("FAILED    {} ({seconds:.2} s)\n{why}", ob.name()),
            }
        }
        results.push((ob.name(), outcome, seconds));
    }
    let failed = results.iter().filter(|(_, r, _)| r.is_err()).count();
    if json {
        let items: Vec<serde_json::Value> = results
            .iter()
            .map(|(name, r, s)| {
                serde_json::json!({ "obligation": name, "verified": r.is_ok(), "reason": r.as_ref().err(), "seconds": s })
            })
            .collect();
        let summary = serde_json::json!({ "verified": results.len() - failed, "failed": failed, "results": items });
        println!("{summary}");
    } else {
        println!(
            "summary: {} verified, {failed} failed",
            results.len() - failed
        );
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn low(checked: &Checked, function: &str) -> ExitCode {
    let main = autov::lowspec::low_spec_name(function);
    let defs: Vec<_> = checked
        .program
        .fns
        .iter()
        .filter(|(name, _)| **name == main || name.starts_with(&format!("{main}_loop")))
        .collect();
    if defs.is_empty() {
        match checked.lowering_errors.get(function) {
            Some(e) => eprintln!("error: {function} has no low spec: {e}"),
            None => eprintln!("error: no function `{function}` above Bottom"),
        }
        return ExitCode::FAILURE;
    }
    print_lines(defs.into_iter().map(|(_, def)| autov::spec::print_fn(def)));
    ExitCode::SUCCESS
}

/// Prints lines to stdout, stopping quietly when the reader has gone (`| head`).
fn print_lines(lines: impl Iterator<Item = String>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for line in lines {
        if writeln!(out, "{line}").is_err() {
            return;
        }
    }
}
