//! The pre-commit hook, end to end, with the real pre-commit framework: a
//! commit that publishes a passcode is refused with a clear message; the same
//! commit after `visiolint check --fix` goes through. The hook is installed
//! from this repository's committed `.pre-commit-hooks.yaml` (language: rust).
//!
//! pre-commit comes from PyPI (`.ci/run` installs it). Without it the test
//! says so and passes, unless `VISIOLINT_REQUIRE_PRECOMMIT` is set (as in CI).

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn has_pre_commit() -> bool {
    Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A command run in `dir` as the lab's webmaster would, in French, with
/// pre-commit's cache (and the hook's cargo build) kept under `target/` so
/// that repeated runs do not rebuild the hook from scratch.
fn command(program: &str, dir: &Path, args: &[&str]) -> Output {
    let target = common::root().join("target");
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", target.join("pre-commit-cache"))
        .env("CARGO_TARGET_DIR", target.join("pre-commit-build"))
        .env("GIT_AUTHOR_NAME", "Webmestre")
        .env("GIT_AUTHOR_EMAIL", "webmestre@labo-exemple.fr")
        .env("GIT_COMMITTER_NAME", "Webmestre")
        .env("GIT_COMMITTER_EMAIL", "webmestre@labo-exemple.fr")
        .env("LANG", "fr_FR.UTF-8")
        .env_remove("LC_ALL")
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"))
}

fn git(dir: &Path, args: &[&str]) -> Output {
    command("git", dir, args)
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

const SEMINAR: &str = "---\ntitle: \"Séminaire du LABO : matériaux 2D\"\ndate: 2026-12-03\n---\n\n# Séminaire du jeudi\n\nLe séminaire a lieu en salle 101 et en visio :\n[Rejoindre la réunion Zoom](https://cnrs.zoom.us/j/91234567890?pwd=Tq8xWmZPa1VhR3NUY0ZQb3dJUT09)\n\nBienvenue à toutes et à tous.\n";

#[test]
fn a_published_passcode_cannot_be_committed_until_fixed() {
    if !has_pre_commit() {
        assert!(
            std::env::var_os("VISIOLINT_REQUIRE_PRECOMMIT").is_none(),
            "pre-commit is required here (pip install pre-commit)"
        );
        eprintln!("pre-commit is not installed: skipped");
        return;
    }
    let root = common::root();
    let head = git(&root, &["rev-parse", "HEAD"]);
    assert!(head.status.success(), "the project is a git checkout");
    let rev = String::from_utf8_lossy(&head.stdout).trim().to_owned();

    let site = tempfile::tempdir().unwrap();
    let dir = site.path();
    assert!(git(dir, &["init", "-q"]).status.success());
    std::fs::write(
        dir.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: visiolint\n",
            root.display()
        ),
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("content/seminaires")).unwrap();
    let page = dir.join("content/seminaires/2026-12-03.md");
    std::fs::write(&page, SEMINAR).unwrap();
    std::fs::write(
        dir.join("content/seminaires/_index.md"),
        "# Séminaires\n\nProgramme de l'année.\n",
    )
    .unwrap();

    let pre_commit = |args: &[&str]| command("pre-commit", dir, args);
    let install = pre_commit(&["install"]);
    assert!(install.status.success(), "{}", text(&install));

    assert!(git(dir, &["add", "-A"]).status.success());
    let refused = git(dir, &["commit", "-q", "-m", "Séminaire du 3 décembre"]);
    let message = text(&refused);
    assert!(!refused.status.success(), "the commit is refused:\n{message}");
    assert!(message.contains("VL302"), "{message}");
    assert!(
        message.contains("publié dans une page publique"),
        "a clear message, in French:\n{message}"
    );
    assert!(
        !message.contains("Tq8xWmZPa1VhR3NUY0ZQb3dJUT09"),
        "the secret is not repeated:\n{message}"
    );
    assert!(
        git(dir, &["log", "--oneline"]).stdout.is_empty(),
        "nothing was committed"
    );

    // --all-files checks every file it is given, not a diff: still refused.
    let all = pre_commit(&["run", "--all-files"]);
    assert!(!all.status.success(), "{}", text(&all));

    // The fix removes the credential and nothing else.
    let fix = common::run(&["check", "--fix", page.to_str().unwrap()], None);
    assert_ne!(fix.status.code(), Some(2), "{}", text(&fix));
    let fixed = std::fs::read_to_string(&page).unwrap();
    assert_eq!(fixed, SEMINAR.replace("?pwd=Tq8xWmZPa1VhR3NUY0ZQb3dJUT09", ""));

    assert!(git(dir, &["add", "-A"]).status.success());
    let accepted = git(dir, &["commit", "-q", "-m", "Séminaire du 3 décembre"]);
    assert!(
        accepted.status.success(),
        "the fixed commit goes through:\n{}",
        text(&accepted)
    );
}
