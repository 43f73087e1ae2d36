//! `sekvm-verify`: sekvm-hyp's refinement obligations from the command line.
//!
//! `list` prints them, `check [FILTER]` checks those whose name contains FILTER in parallel,
//! through the verdict cache, and prints one line per obligation and a summary (or JSON with
//! `--json`), `bench` measures a cold and a warm check of everything, `low FUNCTION` prints a
//! function's low spec as Rust-like text.

mod bench;

use autov::cache::Cache;
use autov::smt::Settings;
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use sekvm_spec::harness::{Checked, Obligation, ObligationKind, Outcome, Status};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Refinement obligations of sekvm-hyp.
#[derive(Parser)]
#[command(name = "sekvm-verify", about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// What `check` checks and how.
#[derive(Args)]
struct CheckArgs {
    /// A substring of `Layer::function`.
    filter: Option<String>,
    /// Print the results as one JSON object.
    #[arg(long)]
    json: bool,
    /// The solver's time limit per query, in seconds.
    #[arg(long, default_value_t = 120)]
    timeout: u64,
    /// Where verdicts are cached.
    #[arg(long, default_value = DEFAULT_CACHE)]
    cache: PathBuf,
    /// Check everything again, neither reading nor writing the cache.
    #[arg(long)]
    no_cache: bool,
}

/// The cache beside the workspace's build output.
const DEFAULT_CACHE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/autov-cache");

#[derive(Subcommand)]
enum Command {
    /// List the obligations (`Layer::function` and what each owes).
    List,
    /// Check the obligations whose name contains FILTER (all without one).
    Check(CheckArgs),
    /// Check everything twice, with an empty cache and with the filled one, and print the time
    /// per layer and the slowest obligations (run it on a release build).
    Bench {
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
    if let Command::Bench { timeout } = cli.command {
        return bench::run(&settings(timeout));
    }
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
                    ObligationKind::Induction => "induction",
                    ObligationKind::Abstraction => "abstraction",
                };
                format!("{}\t{kind}", ob.name())
            });
            print_lines(lines);
            ExitCode::SUCCESS
        }
        Command::Check(args) => check(&checked, &args),
        Command::Bench { .. } => unreachable!("handled before the build"),
        Command::Low { function } => low(&checked, &function),
    }
}

fn check(checked: &Checked, args: &CheckArgs) -> ExitCode {
    let settings = settings(args.timeout);
    let chosen: Vec<&Obligation> = checked
        .obligations
        .iter()
        .filter(|o| args.filter.as_ref().is_none_or(|f| o.name().contains(f)))
        .collect();
    let cache = (!args.no_cache).then(|| Cache::new(&args.cache));
    let bar = ProgressBar::new(chosen.len() as u64).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}").expect("a valid template"),
    );
    let start = Instant::now();
    let progress = |ob: &Obligation, _: &Outcome| {
        bar.set_message(ob.name());
        bar.inc(1);
    };
    let outcomes = match checked.check_all(&chosen, &settings, cache.as_ref(), &progress) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    bar.finish_and_clear();
    let results: Vec<(&Obligation, Outcome)> = chosen.into_iter().zip(outcomes).collect();
    let summary = Summary::of(&results, start.elapsed().as_secs_f64());
    if args.json {
        println!("{}", json_report(&results, &summary));
    } else {
        for (ob, o) in &results {
            println!("{}", result_line(ob, o));
        }
        println!("{summary}");
    }
    match summary.all_hold() {
        true => ExitCode::SUCCESS,
        false => ExitCode::FAILURE,
    }
}

/// Solver settings with a time limit of `timeout` seconds.
fn settings(timeout: u64) -> Settings {
    Settings {
        timeout: Duration::from_secs(timeout),
        ..Default::default()
    }
}

/// One line per obligation; a failure's counterexample follows it.
fn result_line(ob: &Obligation, o: &Outcome) -> String {
    let cached = if o.cached { ", cached" } else { "" };
    let mut line = format!(
        "{:<11} {} ({:.2} s{cached})",
        o.status.to_string(),
        ob.name(),
        o.seconds
    );
    if !o.detail.is_empty() {
        line = format!("{line}\n{}", o.detail);
    }
    line
}

/// Counts of outcomes by status.
struct Summary {
    counts: BTreeMap<Status, usize>,
    cached: usize,
    seconds: f64,
}

impl Summary {
    fn of(results: &[(&Obligation, Outcome)], seconds: f64) -> Summary {
        let mut counts = BTreeMap::new();
        for (_, o) in results {
            *counts.entry(o.status).or_insert(0) += 1;
        }
        Summary {
            counts,
            cached: results.iter().filter(|(_, o)| o.cached).count(),
            seconds,
        }
    }

    fn count(&self, s: Status) -> usize {
        self.counts.get(&s).copied().unwrap_or(0)
    }

    /// Whether every obligation was verified or derived.
    fn all_hold(&self) -> bool {
        [Status::Failed, Status::Unknown, Status::Unsupported]
            .iter()
            .all(|s| self.count(*s) == 0)
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "summary: {} verified, {} derived, {} failed, {} unknown, {} unsupported ({} cached) in {:.2} s",
            self.count(Status::Verified),
            self.count(Status::Derived),
            self.count(Status::Failed),
            self.count(Status::Unknown),
            self.count(Status::Unsupported),
            self.cached,
            self.seconds
        )
    }
}

fn json_report(results: &[(&Obligation, Outcome)], summary: &Summary) -> serde_json::Value {
    let items: Vec<serde_json::Value> = results
        .iter()
        .map(|(ob, o)| {
            serde_json::json!({
                "obligation": ob.name(), "layer": ob.layer, "function": ob.function,
                "status": o.status.to_string(), "detail": o.detail,
                "seconds": o.seconds, "cached": o.cached,
            })
        })
        .collect();
    serde_json::json!({
        "verified": summary.count(Status::Verified),
        "derived": summary.count(Status::Derived),
        "failed": summary.count(Status::Failed),
        "unknown": summary.count(Status::Unknown),
        "unsupported": summary.count(Status::Unsupported),
        "cached": summary.cached,
        "seconds": summary.seconds,
        "results": items,
    })
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
