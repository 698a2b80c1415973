//! Helpers shared by the integration tests: running the real binary.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_visiolint")
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    root().join("fixtures").join(rel)
}

/// Runs visiolint with `args`, `stdin` piped in, a neutral locale and no
/// configuration discovery side effects from the environment.
pub fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    run_in(&root(), args, stdin, &[])
}

pub fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .current_dir(dir)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("visiolint runs");
    if let Some(input) = stdin {
        let written = child.stdin.take().expect("stdin").write_all(input);
        // A run that stops before reading its input (a usage error) closes
        // the pipe: that is its answer, not a failure of the harness.
        if let Err(e) = written {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "stdin written: {e}");
        }
    }
    child.wait_with_output().expect("visiolint finishes")
}

/// Runs `check --format json --isolated` and parses the report.
pub fn json(args: &[&str], stdin: Option<&[u8]>) -> (serde_json::Value, Output) {
    let mut all = vec!["check", "--format", "json", "--isolated"];
    all.extend_from_slice(args);
    let out = run(&all, stdin);
    let text = String::from_utf8_lossy(&out.stdout);
    let value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}):\nstdout: {text}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (value, out)
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The codes of the diagnostics of the first file of a JSON report.
pub fn codes(report: &serde_json::Value) -> Vec<String> {
    report["files"][0]["diagnostics"]
        .as_array()
        .map(|d| d.iter().map(|x| x["code"].as_str().unwrap_or("").to_owned()).collect())
        .unwrap_or_default()
}
