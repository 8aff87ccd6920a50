//! Turning defanged text back into plain text, remembering where every byte came from.
//!
//! Threat reports defang indicators so nobody clicks them: `hxxp://evil[.]com`,
//! `user[at]example(.)org`. Rather than teaching every pattern every defang style, the
//! text is rewritten once into a "view" where those forms are plain again; the patterns
//! run on the view, and each match's span is mapped back to the original text.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::borrow::Cow;

/// The defang forms recognised, each with its plain replacement.
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
    ("hxxps", "https"),
    ("hxxp", "http"),
    ("sfxps", "sftps"),
    ("sfxp", "sftp"),
    ("fxps", "ftps"),
    ("fxp", "ftp"),
];

/// Index of the first scheme form in `FORMS`: these only count before `:` or `[:`.
const FIRST_SCHEME: usize = 13;

pub(crate) struct Refanger {
    ac: AhoCorasick,
}

impl Refanger {
    pub(crate) fn new() -> Option<Self> {
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            // Nineteen short forms: a full DFA is small and the fastest to run.
            .kind(Some(AhoCorasickKind::DFA))
            .build(FORMS.iter().map(|(from, _)| *from))
            .ok()?;
        Some(Refanger { ac })
    }

    /// Rewrites `text` into its plain view. Borrowed (and free to map) when nothing
    /// in it is defanged.
    pub(crate) fn refang<'t>(&self, text: &'t str) -> View<'t> {
        let bytes = text.as_bytes();
        let mut out: Option<String> = None;
        let mut breaks: Vec<Break> = Vec::new();
        let mut copied = 0usize;
        for m in self.ac.find_iter(text) {
            let idx = m.pattern().as_usize();
            if idx >= FIRST_SCHEME {
                // `hxxp` is only a scheme when a `:` follows and no letter precedes.
                let next = bytes.get(m.end()).copied();
                let prev = m.start().checked_sub(1).and_then(|i| bytes.get(i)).copied();
                if !matches!(next, Some(b':') | Some(b'['))
                    || prev.is_some_and(|p| p.is_ascii_alphanumeric())
                {
                    continue;
                }
            }
            let Some((_, plain)) = FORMS.get(idx) else {
                continue;
            };
            let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
            buf.push_str(text.get(copied..m.start()).unwrap_or_default());
            let view_start = buf.len();
            // Keep the writer's capitals in scheme forms (`hXXps` -> `https` either way).
            buf.push_str(plain);
            breaks.push(Break {
                view_start,
                view_end: buf.len(),
                raw_start: m.start(),
                raw_end: m.end(),
            });
            copied = m.end();
        }
        match out {
            None => View {
                text: Cow::Borrowed(text),
                breaks,
                escapes: Vec::new(),
            },
            Some(mut buf) => {
                buf.push_str(text.get(copied..).unwrap_or_default());
                View {
                    text: Cow::Owned(buf),
                    breaks,
                    escapes: Vec::new(),
                }
            }
        }
    }
}

/// `text` with its defang forms made plain, as the extractor reads them: for other
/// crates that hold one indicator value (an entity, a feed entry) and must compare it with
/// what the extractor reports. Borrowed when nothing in it is defanged.
///
/// ```
/// assert_eq!(huntkit_ioc::refang("hxxps://evil[.]example(.)com"), "https://evil.example.com");
/// assert_eq!(huntkit_ioc::refang("user[at]example[dot]org"), "user@example.org");
/// ```
pub fn refang(text: &str) -> Cow<'_, str> {
    static REFANGER: std::sync::OnceLock<Option<Refanger>> = std::sync::OnceLock::new();
    match REFANGER.get_or_init(Refanger::new) {
        Some(r) => r.refang(text).text,
        None => Cow::Borrowed(text),
    }
}

/// One rewritten stretch (a defang form, a JSON escape): where it sits in the view and
/// in the text the view was made from.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Break {
    pub(crate) view_start: usize,
    pub(crate) view_end: usize,
    pub(crate) raw_start: usize,
    pub(crate) raw_end: usize,
}

/// The plain view of a text and the map back to the original.
pub(crate) struct View<'t> {
    pub(crate) text: Cow<'t, str>,
    /// Defang forms rewritten: view offsets to offsets in the decoded text.
    breaks: Vec<Break>,
    /// JSON escapes decoded (see `json.rs`): decoded-text offsets to the original.
    escapes: Vec<Break>,
}

impl View<'_> {
    /// Identity view: used when defanged forms are not wanted.
    pub(crate) fn plain(text: &str) -> View<'_> {
        View {
            text: Cow::Borrowed(text),
            breaks: Vec::new(),
            escapes: Vec::new(),
        }
    }

    /// The view of a text that was itself decoded from the original: `escapes` maps
    /// the decoded text back.
    pub(crate) fn with_escapes(mut self, escapes: Vec<Break>) -> Self {
        self.escapes = escapes;
        self
    }

    /// Maps a start offset in the view to the original text.
    pub(crate) fn raw_start(&self, pos: usize) -> usize {
        map(&self.escapes, map(&self.breaks, pos, true), true)
    }

    /// Maps an end offset in the view to the original text.
    pub(crate) fn raw_end(&self, pos: usize) -> usize {
        map(&self.escapes, map(&self.breaks, pos, false), false)
    }

    /// True when a rewritten form lies in `[start, end)` of the view.
    pub(crate) fn rewritten(&self, start: usize, end: usize) -> bool {
        let idx = self.breaks.partition_point(|b| b.view_end <= start);
        self.breaks
            .get(idx)
            .is_some_and(|b| b.view_start < end && b.view_end > start)
    }
}

/// Maps an offset through `breaks` (sorted, not overlapping) to the text they came from.
fn map(breaks: &[Break], pos: usize, is_start: bool) -> usize {
    if breaks.is_empty() {
        return pos;
    }
    // Last break starting at or before `pos`.
    let idx = breaks.partition_point(|b| b.view_start <= pos);
    let Some(b) = idx.checked_sub(1).and_then(|i| breaks.get(i)) else {
        return pos;
    };
    if pos >= b.view_end {
        return b.raw_end + (pos - b.view_end);
    }
    // Inside a rewritten form: a span starting here starts at the form, a span
    // ending here ends after it.
    if is_start || pos == b.view_start {
        b.raw_start
    } else {
        b.raw_end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refangs_and_maps_back() {
        let r = Refanger::new().unwrap();
        let raw = "go hXXps[:]//evil[.]com/x or user[at]bad(.)org";
        let v = r.refang(raw);
        assert_eq!(v.text, "go https://evil.com/x or user@bad.org");
        let s = v.text.find("https").unwrap();
        let e = v.text.find("/x").unwrap() + 2;
        assert_eq!(&raw[v.raw_start(s)..v.raw_end(e)], "hXXps[:]//evil[.]com/x");
        let s = v.text.find("user").unwrap();
        assert_eq!(
            &raw[v.raw_start(s)..v.raw_end(v.text.len())],
            "user[at]bad(.)org"
        );
        assert!(v.rewritten(s, v.text.len()));
        assert!(!v.rewritten(0, 2));
    }

    #[test]
    fn scheme_forms_need_a_colon() {
        let r = Refanger::new().unwrap();
        assert_eq!(
            r.refang("fxp is a word, shxxp too").text,
            "fxp is a word, shxxp too"
        );
        assert_eq!(r.refang("fxp://a").text, "ftp://a");
    }
}
