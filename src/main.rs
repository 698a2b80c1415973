// Batch audits allocate small strings for every event: mimalloc keeps that
// cheap on every core (measured in BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc options (values of `mi_option_e` in mimalloc 3's `mimalloc.h`).
const MI_OPTION_ARENA_EAGER_COMMIT: i32 = 4;
const MI_OPTION_PURGE_DELAY: i32 = 15;

fn main() {
    // Give freed memory back within milliseconds and commit arenas lazily:
    // a 2 GB export is then checked in a few tens of MiB. No transparent
    // huge pages: memory given back and touched again would be faulted in
    // (and zeroed) 2 MiB at a time (measured: 79 -> 47 MiB peak and about 5%
    // less time on the 235 MB export, BENCHMARKS.md).
    // SAFETY: plain option setters of the allocator, called before threads start.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 5);
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
    }
    // Turned off for the whole process, not through the allocator's option:
    // mimalloc reads that before `main`, and may have advised its first
    // arena for huge pages already.
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with integer arguments only; failure is harmless.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    // File names are passed on as the system gives them (not lossily
    // converted to UTF-8): `visiolint $'r\xe9union.ics'` opens that file.
    std::process::exit(visiolint::cli::run(std::env::args_os()));
}
