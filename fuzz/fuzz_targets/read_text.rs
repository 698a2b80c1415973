#![no_main]
//! The text reader, then the analysis of what it read: never a panic, never a hang.

#[path = "reader.rs"]
mod reader;

use libfuzzer_sys::fuzz_target;
use visiolint::input::Format;

fuzz_target!(|data: &[u8]| reader::read_and_analyze(Format::Text, data));
