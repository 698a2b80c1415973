#![no_main]
//! The eml reader, then the analysis of what it read: never a panic, never a hang.

use libfuzzer_sys::fuzz_target;
use visiolint::input::{self, Format};
use visiolint::policy::Policy;

fuzz_target!(|data: &[u8]| {
    static POLICY: std::sync::LazyLock<Policy> = std::sync::LazyLock::new(Policy::builtin);
    let read = input::read(Format::Eml, data);
    for invitation in &read.invitations {
        let _ = visiolint::extract::analyze(invitation, &POLICY);
    }
    for problem in &read.problems {
        assert!(problem.range.start <= problem.range.end);
    }
});
