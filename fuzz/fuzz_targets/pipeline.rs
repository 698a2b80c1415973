#![no_main]
//! Bytes in, every report format out: no panic, and the JSON and SARIF
//! documents are valid JSON whatever the input.

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use visiolint::check::{Settings, check_file};
use visiolint::i18n::Lang;
use visiolint::input::Format;
use visiolint::model::{Report, Summary};
use visiolint::policy::Policy;
use visiolint::report::{self, OutputFormat, Options};

/// Compiled once: compiling the policy at every input (a second under the
/// sanitizer) left the fuzzer at one input per second.
static POLICY: LazyLock<Policy> = LazyLock::new(Policy::builtin);

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let format = Format::ALL[usize::from(selector) % Format::ALL.len()];
    let lang = if selector & 0x10 != 0 { Lang::Fr } else { Lang::En };
    let mut settings = Settings::new(POLICY.clone(), lang);
    settings.published = Some(selector & 0x20 != 0);
    settings.show_secrets = selector & 0x40 != 0;
    let file = check_file("fuzz.input", None, bytes, format, &settings);
    let mut summary = Summary::default();
    summary.add_file(&file);
    let report = Report { version: 1, files: vec![file], summary };
    for output in [OutputFormat::Text, OutputFormat::Concise, OutputFormat::Json, OutputFormat::Sarif, OutputFormat::Github] {
        let mut out: Vec<u8> = Vec::new();
        let options = Options { lang, color: selector & 0x80 != 0, show_meetings: true, statistics: true };
        report::write(&report, output, options, &mut out).expect("writing to memory");
        if matches!(output, OutputFormat::Json | OutputFormat::Sarif) {
            serde_json::from_slice::<serde_json::Value>(&out).expect("valid JSON");
        }
    }
});
