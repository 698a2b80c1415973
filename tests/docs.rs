//! docs/rules.md is generated from the rules' own docs, so the two never
//! drift apart. `VISIOLINT_UPDATE_DOCS=1 cargo test --test docs` rewrites it.

use visiolint::i18n::Lang;
use visiolint::rules::RULES;

fn generate() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- visiolint: ignore-file the examples show what the rules catch -->\n<!-- Generated from the rules' doc comments by tests/docs.rs: edit src/rules/, then run\n     VISIOLINT_UPDATE_DOCS=1 cargo test --test docs -->\n\n\
         The same text is printed by `visiolint explain <CODE>` (`--lang fr` for French).\n\n\
         | code | name | default severity | guide | fixable |\n|---|---|---|---|---|\n",
    );
    for rule in RULES {
        let i = rule.info();
        out.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} | {} |\n",
            i.code,
            i.code.to_lowercase(),
            i.name,
            i.severity.name(),
            i.guide,
            if i.fixable { "yes" } else { "" }
        ));
    }
    for rule in RULES {
        let i = rule.info();
        let demote = |doc: String| doc.replace("\n## ", "\n### ").replacen("## ", "### ", 1);
        out.push_str(&format!(
            "\n## {}\n\n`{}` · {} · guide {}\n\n{}\n\n<details><summary>En français</summary>\n\n{}\n\n</details>\n",
            i.code,
            i.name,
            i.severity.name(),
            i.guide,
            demote(i.doc(Lang::En)),
            demote(i.doc(Lang::Fr)),
        ));
    }
    out
}

#[test]
fn docs_rules_md_is_generated_from_the_rules() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let fresh = generate();
    if std::env::var_os("VISIOLINT_UPDATE_DOCS").is_some() {
        std::fs::write(path, &fresh).unwrap();
    }
    let current = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        current == fresh,
        "docs/rules.md is stale: run VISIOLINT_UPDATE_DOCS=1 cargo test --test docs"
    );
}
