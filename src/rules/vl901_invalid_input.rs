use super::{Context, Finding, Rule, RuleInfo, declare_rule};
use crate::i18n::Lang;
use crate::input::{Problem, ProblemKind};

declare_rule! {
    /// ## What it does
    /// Reports a file, a MIME part or a calendar component that could not be
    /// read as it should: lines that are not iCalendar content lines, a
    /// component never closed, a broken transfer encoding, an unknown charset,
    /// binary content, a limit reached. It says what and where; the run goes
    /// on with the rest of the file and with the other files.
    ///
    /// ## Why is this bad?
    /// What visiolint cannot read, it cannot check: a meeting link or a
    /// passcode may hide in the unreadable part. Most of these files are
    /// still accepted by mail and calendar clients, which is why they reach
    /// people.
    ///
    /// ## Example
    /// ```text
    /// DESCRIPTION:Join Zoom Meeting
    /// https://zoom.us/j/91234567890      <- a raw line break inside a value
    /// ```
    ///
    /// ## Use instead
    /// Export the invitation again from its calendar or mail client, or fix
    /// the file; check the part visiolint names by hand.
    ///
    /// ## Reference
    /// RFC 5545 §3.1 (content lines), RFC 2045 (MIME); not a rule of the guide.
    pub struct InvalidInput {
        code: "VL901",
        name: "invalid-input",
        severity: Error,
        summary: ("Entrée illisible ou mal formée", "Unreadable or malformed input"),
        guide: "-",
        fixable: false,
        doc_fr: r#"
## Ce que fait la règle
Signale un fichier, une partie MIME ou un composant de calendrier qui n'a pas
pu être lu comme il le devrait : lignes qui ne sont pas des lignes de contenu
iCalendar, composant jamais fermé, encodage de transfert cassé, jeu de
caractères inconnu, contenu binaire, limite atteinte. Elle dit quoi et où ;
l'analyse continue avec le reste du fichier et avec les autres fichiers.

## Pourquoi est-ce un problème ?
Ce que visiolint ne peut pas lire, il ne peut pas le vérifier : un lien de
réunion ou un code peut se cacher dans la partie illisible. La plupart de ces
fichiers sont tout de même acceptés par les logiciels de messagerie et
d'agenda, c'est pourquoi ils circulent.

## Exemple
```text
DESCRIPTION:Join Zoom Meeting
https://zoom.us/j/91234567890      <- un saut de ligne brut dans une valeur
```

## À la place
Exportez de nouveau l'invitation depuis son logiciel d'agenda ou de
messagerie, ou corrigez le fichier ; vérifiez à la main la partie que
visiolint désigne.

## Référence
RFC 5545 §3.1 (lignes de contenu), RFC 2045 (MIME) ; pas une règle du guide.
"#,
    }
}

impl Rule for InvalidInput {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<Finding>) {
        // Problems are found by the readers, not in invitations: see `finding`.
    }
}

/// The finding for a problem a reader met.
pub fn finding(problem: &Problem, lang: Lang) -> Finding {
    let (message, help) = describe(&problem.kind, lang);
    Finding::new(&InvalidInput::INFO, problem.range.clone(), message, help)
        .with_fingerprint(problem.kind.slug().to_owned())
}

fn describe(kind: &ProblemKind, lang: Lang) -> (String, String) {
    let reexport = lang
        .pick(
            "exportez de nouveau l'invitation depuis son logiciel, ou vérifiez cette partie à la main",
            "export the invitation again from its software, or check this part by hand",
        )
        .to_owned();
    match (kind, lang) {
        (ProblemKind::MalformedLines { count }, Lang::Fr) => (
            format!(
                "{count} ligne(s) ne sont pas des lignes de contenu iCalendar (saut de ligne brut dans une valeur ?) ; lues comme suite de la propriété précédente"
            ),
            reexport,
        ),
        (ProblemKind::MalformedLines { count }, Lang::En) => (
            format!(
                "{count} line(s) are not iCalendar content lines (a raw line break inside a value?); read as the rest of the previous property"
            ),
            reexport,
        ),
        (ProblemKind::UnclosedComponent { name }, Lang::Fr) => (
            format!("`BEGIN:{name}` sans `END:{name}` : fichier tronqué ?"),
            reexport,
        ),
        (ProblemKind::UnclosedComponent { name }, Lang::En) => (
            format!("`BEGIN:{name}` without `END:{name}`: truncated file?"),
            reexport,
        ),
        (ProblemKind::UnexpectedEnd { name }, Lang::Fr) => (format!("`END:{name}` sans `BEGIN:{name}`"), reexport),
        (ProblemKind::UnexpectedEnd { name }, Lang::En) => (format!("`END:{name}` without `BEGIN:{name}`"), reexport),
        (ProblemKind::NotACalendar, Lang::Fr) => (
            "fichier .ics sans calendrier (`BEGIN:VCALENDAR` absent)".to_owned(),
            "vérifiez que le fichier est bien une invitation iCalendar".to_owned(),
        ),
        (ProblemKind::NotACalendar, Lang::En) => (
            ".ics file without a calendar (no `BEGIN:VCALENDAR`)".to_owned(),
            "check that the file really is an iCalendar invitation".to_owned(),
        ),
        (ProblemKind::BadMessage, Lang::Fr) => (
            "message illisible : structure MIME introuvable ; lu comme du texte".to_owned(),
            reexport,
        ),
        (ProblemKind::BadMessage, Lang::En) => (
            "unreadable message: no MIME structure found; read as text".to_owned(),
            reexport,
        ),
        (ProblemKind::BadEncoding { part }, Lang::Fr) => (
            format!("partie {part} à l'encodage de transfert cassé ; son contenu peut être incomplet"),
            reexport,
        ),
        (ProblemKind::BadEncoding { part }, Lang::En) => (
            format!("{part} part with a broken transfer encoding; its content may be incomplete"),
            reexport,
        ),
        (ProblemKind::UnknownCharset { charset }, Lang::Fr) => (
            format!("jeu de caractères inconnu `{charset}` ; partie lue en UTF-8"),
            reexport,
        ),
        (ProblemKind::UnknownCharset { charset }, Lang::En) => {
            (format!("unknown charset `{charset}`; part read as UTF-8"), reexport)
        }
        (ProblemKind::Binary, Lang::Fr) => (
            "contenu binaire : ce fichier n'est ni une invitation ni une page".to_owned(),
            "excluez-le (section [files] exclude de la configuration)".to_owned(),
        ),
        (ProblemKind::Binary, Lang::En) => (
            "binary content: this file is neither an invitation nor a page".to_owned(),
            "exclude it ([files] exclude in the configuration)".to_owned(),
        ),
        (
            ProblemKind::LimitExceeded {
                limit: "max-unit-size",
                value,
            },
            Lang::Fr,
        ) => (
            format!(
                "un événement, un message ou une ligne de plus de {value} octets (limite « max-unit-size ») : coupé à cette ligne, la suite est lue à part"
            ),
            "un lien ou un code à cheval sur la coupure peut échapper à l'analyse : vérifiez cette partie à la main"
                .to_owned(),
        ),
        (
            ProblemKind::LimitExceeded {
                limit: "max-unit-size",
                value,
            },
            Lang::En,
        ) => (
            format!(
                "an event, message or line over {value} bytes (limit 'max-unit-size'): cut at this line, the rest is read on its own"
            ),
            "a link or code across the cut may escape the check: check this part by hand".to_owned(),
        ),
        (ProblemKind::LimitExceeded { limit, value }, Lang::Fr) => (
            format!("limite « {limit} » atteinte ({value}) : la suite n'a pas été lue"),
            "relevez la limite dans la section [limits] de la configuration si ce fichier est légitime".to_owned(),
        ),
        (ProblemKind::LimitExceeded { limit, value }, Lang::En) => (
            format!("limit '{limit}' reached ({value}): the rest was not read"),
            "raise the limit in the [limits] section of the configuration if this file is legitimate".to_owned(),
        ),
    }
}
