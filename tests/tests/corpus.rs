//! `ir2coq` on the real corpus (`../shared/corpus/ir`): every function converts, and the Coq
//! output of a sample of files (one per project and size band, plus old IR read through
//! llvm-as-14) compiles with coqc, through the same code path as `ir2coq --report --compile`.

use autov::ir2coq::{run_report, ReportOptions};
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/ir");
    assert!(
        root.is_dir(),
        "the corpus is expected at {} (../shared beside the repository)",
        root.display()
    );
    root
}

#[test]
fn every_corpus_function_converts() {
    let report = run_report(&corpus(), &ReportOptions::default()).unwrap();
    assert_eq!(report.total.files, 470);
    assert_eq!(report.total.defined, 17_645);
    assert_eq!(
        (report.total.files_failed, report.total.failed),
        (0, 0),
        "{:?}",
        report.examples
    );
    assert_eq!(
        report.total.converted,
        report.total.defined + report.total.declarations
    );
}

/// Files of the sample: per project, small and medium ones; `ksysfs.ll` needs llvm-as-14.
const SAMPLE: &[&str] = &[
    "redis/adlist.ll",
    "memcached/hash.ll",
    "memcached/bipbuffer.ll",
    "mbedtls/library/aes.ll",
    "mbedtls/library/base64.ll",
    "linux/lib/ratelimit.ll",
    "linux/lib/sort.ll",
    "linux/kernel/ksysfs.ll",
];

#[test]
fn a_sample_of_the_corpus_compiles_with_coqc() {
    let dir = tempfile::tempdir().unwrap();
    for file in SAMPLE {
        let src = corpus().join(file);
        let project = file.split('/').next().unwrap();
        let dest = dir.path().join(project);
        std::fs::create_dir_all(&dest).unwrap();
        std::fs::copy(&src, dest.join(src.file_name().unwrap())).unwrap();
    }
    let report = run_report(
        dir.path(),
        &ReportOptions {
            compile: true,
            progress: false,
        },
    )
    .unwrap();
    assert_eq!(report.total.files, SAMPLE.len());
    assert_eq!(report.total.failed, 0);
    assert_eq!(
        report.total.coq_compiled,
        Some(SAMPLE.len()),
        "{:#?}",
        report.folders
    );
}
