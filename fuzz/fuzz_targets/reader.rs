//! What every reader target does with its bytes: read them as one format,
//! then analyse what was read. Never a panic, never a hang.

use std::sync::LazyLock;
use visiolint::input::{self, Format};
use visiolint::policy::Policy;

static POLICY: LazyLock<Policy> = LazyLock::new(Policy::builtin);

pub fn read_and_analyze(format: Format, data: &[u8]) {
    let read = input::read(format, data);
    for invitation in &read.invitations {
        let _ = visiolint::extract::analyze(invitation, &POLICY);
    }
    for problem in &read.problems {
        assert!(problem.range.start <= problem.range.end);
    }
}
