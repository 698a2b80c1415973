use std::io::{self, Write};

use super::{Options, printable};
use crate::model::Summary;
use crate::rules::RULES;

/// `--statistics`: the figures a security officer reads after an audit.
pub fn write(s: &Summary, options: Options, out: &mut dyn Write) -> io::Result<()> {
    let lang = options.lang;
    let t = |fr, en| lang.pick(fr, en);
    writeln!(out)?;
    writeln!(out, "{}", t("Statistiques", "Statistics"))?;
    writeln!(out, "  {:<28} {:>10}", t("fichiers", "files"), s.files)?;
    writeln!(out, "  {:<28} {:>10}", t("invitations", "invitations"), s.invitations)?;
    writeln!(out, "  {:<28} {:>10}", t("réunions", "meetings"), s.meetings)?;
    writeln!(out)?;
    writeln!(out, "{}", t("Réunions par plateforme", "Meetings by platform"))?;
    let mut platforms: Vec<(&String, &usize)> = s.by_platform.iter().collect();
    platforms.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (platform, n) in platforms {
        writeln!(out, "  {:<28} {n:>10}", printable(platform))?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        t("Sensibilité des invitations", "Sensitivity of invitations")
    )?;
    for level in ["non-sensitive", "sensitive", "restricted"] {
        writeln!(out, "  {level:<28} {:>10}", s.by_level.get(level).copied().unwrap_or(0))?;
    }
    writeln!(out)?;
    writeln!(out, "{}", t("Constats par règle", "Findings by rule"))?;
    for rule in RULES {
        let info = rule.info();
        if let Some(n) = s.by_code.get(info.code) {
            writeln!(out, "  {} {:<23} {n:>10}", info.code, info.name)?;
        }
    }
    writeln!(
        out,
        "  {:<28} {:>10}\n  {:<28} {:>10}\n  {:<28} {:>10}",
        t("erreurs", "errors"),
        s.errors,
        t("avertissements", "warnings"),
        s.warnings,
        t("infos", "infos"),
        s.infos
    )?;
    writeln!(out)?;
    writeln!(out, "{}", t("Hôtes les plus fréquents", "Top hosts"))?;
    let mut hosts: Vec<(&String, &usize)> = s.by_host.iter().collect();
    hosts.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (host, n) in hosts.into_iter().take(10) {
        writeln!(out, "  {:<28} {n:>10}", printable(host))?;
    }
    Ok(())
}
