//! The pipeline on one thread, in-process: check time per event, heap
//! allocations per event, and the JSON serialization of the reports. Steadier
//! than timing the command (no start-up, no scheduling between threads),
//! for judging a change to the hot path; `bench/run.sh` measures what users
//! see.
//!
//! ```sh
//! bench/run.sh                      # once, to generate bench/out/export10k.ics
//! cargo bench --bench pipeline      # or: cargo bench --bench pipeline -- FILE.ics
//! ```

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use visiolint::check::{Settings, check_file};
use visiolint::i18n::Lang;
use visiolint::input::Format;
use visiolint::policy::Policy;

/// mimalloc, as in the command, counting allocations and reallocations.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on unchanged to mimalloc.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract, passed on.
        unsafe { mimalloc::MiMalloc.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, passed on.
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract, passed on.
        unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const ROUNDS: usize = 7;

fn main() {
    // `cargo bench` passes `--bench`; the first other argument is the file.
    let path = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .unwrap_or_else(|| "bench/out/export10k.ics".to_owned());
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("pipeline: cannot read {path}; run bench/run.sh once to generate it, or name a calendar file");
        return;
    };
    // As `check --format json` runs: no source lines under the messages.
    let mut settings = Settings::new(Policy::builtin(), Lang::En);
    settings.snippets = false;
    let (mut best_check, mut best_json) = (f64::MAX, f64::MAX);
    let (mut events, mut allocations, mut json_bytes) = (0, 0, 0);
    for _ in 0..ROUNDS {
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        let start = Instant::now();
        let report = check_file("bench.ics", None, &bytes, Format::Ics, &settings);
        best_check = best_check.min(start.elapsed().as_secs_f64());
        allocations = ALLOCATIONS.load(Ordering::Relaxed) - before;
        events = report.invitations.len();
        let start = Instant::now();
        let mut out = Vec::with_capacity(bytes.len() / 2);
        for invitation in &report.invitations {
            serde_json::to_writer(&mut out, invitation).expect("serializable");
        }
        for diagnostic in &report.diagnostics {
            serde_json::to_writer(&mut out, diagnostic).expect("serializable");
        }
        best_json = best_json.min(start.elapsed().as_secs_f64());
        json_bytes = out.len();
    }
    let per_event = |seconds: f64| seconds * 1e6 / events.max(1) as f64;
    println!(
        "{path}: {} bytes, {events} invitations, best of {ROUNDS} rounds, one thread",
        bytes.len()
    );
    println!(
        "check: {:.1} ms, {:.2} µs per invitation, {:.0} MB/s, {:.1} allocations per invitation",
        best_check * 1e3,
        per_event(best_check),
        bytes.len() as f64 / best_check / 1e6,
        allocations as f64 / events.max(1) as f64
    );
    println!(
        "JSON of the reports: {:.1} ms, {:.2} µs per invitation ({json_bytes} bytes)",
        best_json * 1e3,
        per_event(best_json)
    );
}
