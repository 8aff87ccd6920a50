//! Defanged indicators made plain again: `hxxp://evil[.]com` → `http://evil.com`.
//!
//! The same forms as the IoC extractor reads (`[.]`, `(.)`, `{.}`, `[dot]`, `[@]`,
//! `[at]`, `[:]//`, `hxxp`, `fxp`, ...), so an entity built from a defanged report and
//! one built from a log compare equal.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

const FORMS: &[(&str, &str)] = &[
    ("[.]", "."),
    ("(.)", "."),
    ("{.}", "."),
    ("[dot]", "."),
    ("(dot)", "."),
    ("{dot}", "."),
    ("[@]", "@"),
    ("[at]", "@"),
    ("(at)", "@"),
    ("{at}", "@"),
    ("[://]", "://"),
    ("[:]//", "://"),
    ("[:]", ":"),
];

/// Schemes written defanged, replaced only at the start of a value.
const SCHEMES: &[(&str, &str)] = &[
    ("hxxps", "https"),
    ("hxxp", "http"),
    ("sfxps", "sftps"),
    ("sfxp", "sftp"),
    ("fxps", "ftps"),
    ("fxp", "ftp"),
];

fn automaton() -> Option<&'static AhoCorasick> {
    static AC: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(FORMS.iter().map(|(from, _)| *from))
            .ok()
    })
    .as_ref()
}

/// `text` with its defanged forms made plain.
///
/// ```
/// assert_eq!(huntkit_entities::refang("hxxps://evil[.]example(.)com"), "https://evil.example.com");
/// assert_eq!(huntkit_entities::refang("user[at]example[dot]org"), "user@example.org");
/// ```
pub fn refang(text: &str) -> String {
    let mut out = match automaton() {
        Some(ac) => ac.replace_all(text, &FORMS.iter().map(|(_, to)| *to).collect::<Vec<_>>()),
        None => text.to_string(),
    };
    for (from, to) in SCHEMES {
        let head = out.get(..from.len());
        if head.is_some_and(|h| h.eq_ignore_ascii_case(from))
            && out
                .get(from.len()..)
                .is_some_and(|rest| rest.starts_with(':'))
        {
            out.replace_range(..from.len(), to);
            break;
        }
    }
    out
}
