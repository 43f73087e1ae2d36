//! `sekvm-verify bench`: every obligation checked with an empty verdict cache (cold) and again,
//! after lowering everything anew, with the filled cache (warm), as a user's re-run would.
//! Prints the time per layer and the slowest obligations.

use autov::cache::Cache;
use autov::smt::Settings;
use sekvm_spec::harness::{Checked, Obligation, Outcome, Status};
use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Instant;

/// How many of the slowest obligations are listed.
const SLOWEST: usize = 10;

/// One timed run over every obligation.
struct Run {
    /// Loading and lowering sekvm-hyp.
    build: f64,
    /// Checking everything.
    check: f64,
    /// The obligations, in the order of `outcomes`.
    obligations: Vec<Obligation>,
    outcomes: Vec<Outcome>,
}

/// Runs the benchmark; fails when an obligation does not hold.
pub fn run(settings: &Settings) -> ExitCode {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: cannot make a cache directory: {e}");
            return ExitCode::FAILURE;
        }
    };
    let cache = Cache::new(dir.path());
    let runs = timed(&cache, settings).and_then(|cold| {
        let warm = timed(&cache, settings)?;
        Ok((cold, warm))
    });
    let (cold, warm) = match runs {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    print_report(&cold, &warm);
    let holds = cold
        .outcomes
        .iter()
        .chain(&warm.outcomes)
        .all(|o| matches!(o.status, Status::Verified | Status::Derived));
    match holds {
        true => ExitCode::SUCCESS,
        false => ExitCode::FAILURE,
    }
}

/// Builds the obligations and checks them all through `cache`.
fn timed(cache: &Cache, settings: &Settings) -> Result<Run, String> {
    let start = Instant::now();
    let checked = Checked::build()?;
    let build = start.elapsed().as_secs_f64();
    let all: Vec<&Obligation> = checked.obligations.iter().collect();
    let start = Instant::now();
    let outcomes = checked.check_all(&all, settings, Some(cache), &|_, _| {})?;
    Ok(Run {
        build,
        check: start.elapsed().as_secs_f64(),
        obligations: checked.obligations.clone(),
        outcomes,
    })
}

fn print_report(cold: &Run, warm: &Run) {
    let obligations = &cold.obligations;
    println!(
        "{} obligations on {} threads",
        obligations.len(),
        rayon::current_num_threads()
    );
    println!(
        "cold: {:.2} s (lowering {:.2} s + checking {:.2} s)",
        cold.build + cold.check,
        cold.build,
        cold.check
    );
    println!(
        "warm: {:.2} s (lowering {:.2} s + checking {:.2} s, {} cached)",
        warm.build + warm.check,
        warm.build,
        warm.check,
        warm.outcomes.iter().filter(|o| o.cached).count()
    );
    println!(
        "\n{:<16} {:>5} {:>9} {:>8} {:>8}",
        "layer", "fns", "verified", "cold s", "warm s"
    );
    for (layer, row) in per_layer(cold, warm) {
        println!(
            "{layer:<16} {:>5} {:>9} {:>8.2} {:>8.3}",
            row.0, row.1, row.2, row.3
        );
    }
    println!("\nslowest (cold):");
    let mut slow: Vec<(&Obligation, &Outcome)> = obligations.iter().zip(&cold.outcomes).collect();
    slow.sort_by(|a, b| b.1.seconds.total_cmp(&a.1.seconds));
    for (ob, o) in slow.into_iter().take(SLOWEST) {
        println!("  {:>7.3} s  {} ({})", o.seconds, ob.name(), o.status);
    }
}

/// Per layer, in layer order: (obligations, verified, cold seconds, warm seconds), the
/// seconds being the sums of the obligations' times.
fn per_layer(cold: &Run, warm: &Run) -> Vec<(&'static str, (usize, usize, f64, f64))> {
    let mut rows: Vec<(&str, (usize, usize, f64, f64))> = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let warm: BTreeMap<String, &Outcome> = warm
        .obligations
        .iter()
        .map(|o| o.name())
        .zip(&warm.outcomes)
        .collect();
    for (ob, c) in cold.obligations.iter().zip(&cold.outcomes) {
        let w = warm[&ob.name()];
        let i = *index.entry(ob.layer).or_insert_with(|| {
            rows.push((ob.layer, (0, 0, 0.0, 0.0)));
            rows.len() - 1
        });
        let row = &mut rows[i].1;
        row.0 += 1;
        row.1 += usize::from(c.status == Status::Verified);
        row.2 += c.seconds;
        row.3 += w.seconds;
    }
    rows
}
