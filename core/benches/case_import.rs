//! CASE import benchmark: prints figures, asserts nothing about time.
//!
//! For each adversarial hierarchy shape (a deep `isChildOf` chain, a wide
//! tree with every item under the document, one long cycle) of N items
//! (default 100,000), generated in memory: the package's size, the time of
//! a strict import (the cycle: refused, then a lenient import that breaks
//! it), of the export of the imported framework, of rendering it as YAML,
//! the YAML's size, and the peak resident memory of this process so far.
//!
//! `cargo bench -p proficient --bench case_import [-- ITEMS]`

#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use std::time::Instant;

use proficient::interop::case::{self, Mode};

#[path = "../tests/support/case_shapes.rs"]
mod case_shapes;

use case_shapes::Shape;

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|k| k.parse::<f64>().ok())
            })
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// CPU time of this thread so far, in seconds (less disturbed than wall
/// time when the machine is shared).
fn cpu_s() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .next()
                .and_then(|x| x.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |ns| ns / 1e9)
}

/// Runs `f`, returning its result and its wall and CPU times in seconds.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let (t, c) = (Instant::now(), cpu_s());
    let v = f();
    (v, t.elapsed().as_secs_f64(), cpu_s() - c)
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    // Packages of 100,000 items pass the import limit of 64 MiB: the
    // benchmark measures time, so it lifts the limit.
    let limits = proficient::input::yaml::Limits {
        max_bytes: 1 << 30,
        ..case::limits()
    };
    println!(
        "CASE import of {n} items (release build, one thread; wall time, CPU time in parentheses)"
    );
    println!(
        "{:<11} {:>9}  {:<21} {:<21} {:<21} {:<21} {:>9} {:>9}",
        "shape", "package", "strict import", "lenient import", "export", "YAML", "YAML", "peak RSS"
    );
    let cell = |w: f64, c: f64| {
        if w.is_nan() {
            "-".to_string()
        } else {
            format!("{w:.3} s ({c:.3} s)")
        }
    };
    for shape in [Shape::Chain, Shape::Wide, Shape::Cycle] {
        let text = case_shapes::package(shape, n);
        let (strict, sw, sc) = timed(|| case::import_str_with(&text, Mode::Strict, &limits));
        let (imported, lw, lc) = match strict {
            Ok(i) => (i, f64::NAN, f64::NAN),
            Err(e) => {
                assert_eq!(shape, Shape::Cycle, "{e}");
                let (i, w, c) = timed(|| case::import_str_with(&text, Mode::Lenient, &limits));
                (i.unwrap(), w, c)
            }
        };
        let (export, ew, ec) = timed(|| case::export(&imported.framework).json());
        let (yaml, yw, yc) = timed(|| case::framework_yaml(&imported.framework).unwrap());
        println!(
            "{:<11} {:>5.1} MiB  {:<21} {:<21} {:<21} {:<21} {:>5.1} MiB {:>5.0} MiB",
            shape.name(),
            mib(text.len()),
            cell(sw, sc),
            cell(lw, lc),
            cell(ew, ec),
            cell(yw, yc),
            mib(yaml.len()),
            peak_rss_mib()
        );
        drop(export);
    }
}
