//! MSTICPy's scan for `compat: "msticpy"`: its patterns, rewritten for the `regex`
//! crate, run over the text as written, with its quirks kept on purpose (defanged
//! values reported as written, decoded URLs searched from the previous match's offset,
//! IPv6 runs checked by a second pattern). huntkit's own checks live beside this, one
//! module per family.

use super::check::Cand;
use super::emit::Ctx;
use super::extractor::{compile, Extractor, Scanner};
use super::types::{IocType, Kind};
use crate::validate;
use crate::Error;
use regex::Regex;
use std::borrow::Cow;
use std::net::{IpAddr, Ipv6Addr};

// MSTICPy's patterns, rewritten for the `regex` crate: same matches, same priority of
// alternatives; look-arounds are replaced by checks in `Extractor::compat_scan`.
const MP_IPV4: &str = r"(?:[0-9]{1,3}\.){3}[0-9]{1,3}";
const MP_IPV4_DF: &str = r"(?:[0-9]{1,3}\[?\.\]?){3}[0-9]{1,3}";
const MP_IPV6_RUN: &str = r"[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:[0-9A-Fa-f:]*";
const MP_IPV6_FULL: &str = r"^(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}$";
const MP_DNS: &str = r"(?:[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\.)+[A-Za-z]{2,63}";
const MP_DNS_DF: &str = r"(?:[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\[?\.\]?)+[A-Za-z]{2,63}";
const MP_EMAIL_USER: &str = r"[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+";
const MP_URL_TAIL: &str = concat!(
    r"(?P<userinfo>(?:[A-Za-z0-9._~!$&'()*+,;=:-]|%[0-9A-Fa-f]{2})*@)?",
    r"(?P<host>(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})*)",
    r"(?::(?P<port>[0-9]*))?",
    r#"(?:/(?P<path>(?:[^?#"<>\s]|%[0-9A-Fa-f]{2})*/?))?"#,
    r"(?:\?(?P<query>(?:[A-Za-z0-9._~!$&'()*+,;=:/?@-]|%[0-9A-Fa-f]{2})*))?",
    r"(?:\#(?P<fragment>(?:[A-Za-z0-9._~!$&'()*+,;=:/?@-]|%[0-9A-Fa-f]{2})*))?",
);
const MP_URL_DF_TAIL: &str = concat!(
    r"(?P<userinfo>(?:[A-Za-z0-9._~!$&'()*+,;=:-]|%[0-9A-Fa-f]{2})*@)?",
    r"(?P<host>(?:[A-Za-z0-9._~!$&'()*+,;=\[\]-]|%[0-9A-Fa-f]{2})*)",
    r"(?::(?P<port>[0-9]*))?",
    r#"(?:/(?P<path>(?:[^?#"<>\s]|%[0-9A-Fa-f]{2})*/?))?"#,
    r"(?:\?(?P<query>(?:[A-Za-z0-9._~!$&'()*+,;=:/?@-]|%[0-9A-Fa-f]{2})*))?",
    r"(?:\#(?P<fragment>(?:[A-Za-z0-9._~!$&'()*+,;=:/?@-]|%[0-9A-Fa-f]{2})*))?",
);
const MP_URL_SCHEME: &str = r"(?P<protocol>(?i:https?|s?ftps?|telnet|ldap|file)://)";
const MP_URL_DF_SCHEME: &str =
    r"(?P<protocol>(?i:https?|hXXps?|s?ftps?|s?fXps?|telnet|ldap|file)://)";
const MP_WINPATH: &str =
    r#"(?:[A-Za-z]:|\\\\[A-Za-z0-9_.$-]+|(?:)|\.+)\\(?:[^/:*?"'<>|\r\n]+\\)*[^\\/*?"<>|\r\n ]+"#;
const MP_LXPATH: &str = r"(?:/+|(?:)|\.+)/(?:[^\\/:*?<>|\r\n]+/)*[^/\x00<>|\r\n ]+";

/// MSTICPy's scanners, one per type in its order, with its defanged patterns unless
/// `defanged` is false (its `defanged=False`); none for a type a custom type replaced.
pub(super) fn scanners(defanged: bool, replaced: &[bool]) -> Result<Vec<Scanner>, Error> {
    let df = defanged;
    let dns = if df { MP_DNS_DF } else { MP_DNS };
    let url = if df {
        format!("{MP_URL_DF_SCHEME}{MP_URL_DF_TAIL}")
    } else {
        format!("{MP_URL_SCHEME}{MP_URL_TAIL}")
    };
    let email = format!(
        "{MP_EMAIL_USER}{}(?:{dns})",
        if df { r"(?:@|\[[Aa][Tt]\])" } else { "@" }
    );
    let hash = |n: usize| format!("(?m)(?:^|[^A-Fa-f0-9])([A-Fa-f0-9]{{{n}}})(?:$|[^A-Fa-f0-9])");
    let plan: Vec<(Kind, String, IocType, Option<usize>)> = vec![
        (
            Kind::Ipv4,
            (if df { MP_IPV4_DF } else { MP_IPV4 }).to_string(),
            IocType::Ipv4,
            None,
        ),
        (Kind::Ipv6, MP_IPV6_RUN.to_string(), IocType::Ipv6, None),
        (Kind::Dns, dns.to_string(), IocType::Dns, None),
        (Kind::Url, url, IocType::Url, None),
        (Kind::Email, email, IocType::Email, None),
        (
            Kind::WinPath,
            MP_WINPATH.to_string(),
            IocType::WindowsPath,
            None,
        ),
        (
            Kind::LxPath,
            MP_LXPATH.to_string(),
            IocType::LinuxPath,
            None,
        ),
        (Kind::Hash, hash(32), IocType::Md5Hash, Some(1)),
        (Kind::Hash, hash(40), IocType::Sha1Hash, Some(1)),
        (Kind::Hash, hash(64), IocType::Sha256Hash, Some(1)),
    ];
    let mut scanners = Vec::new();
    for (kind, rx, ty, group) in plan {
        if replaced.get(ty.index()).copied().unwrap_or(false) {
            continue;
        }
        scanners.push(Scanner {
            kind,
            regex: compile(&rx)?,
            emits: vec![ty.index()],
            group,
        });
    }
    Ok(scanners)
}

/// MSTICPy's whole-string IPv6 check, which its run pattern's matches must pass.
pub(super) fn ipv6_full() -> Result<Regex, Error> {
    compile(MP_IPV6_FULL)
}

impl Extractor {
    /// MSTICPy's scan of one pattern over the text, quirks included.
    pub(super) fn compat_scan(&self, sc: &Scanner, ctx: &mut Ctx<'_, '_>) {
        let text = ctx.raw;
        let Some(&ty) = sc.emits.first() else { return };
        if sc.kind == Kind::Custom {
            self.scan_custom(sc, ctx, text);
            return;
        }
        // End of the previous match: MSTICPy starts the decoded-URL search there.
        let mut match_pos = 0usize;
        for (m_start, m_end, whole_end) in spans(sc, text) {
            let Some(s) = text.get(m_start..m_end) else {
                continue;
            };
            if !self.compat_accepts(sc.kind, text, m_start, m_end, s) {
                continue;
            }
            let c = Cand {
                ty,
                start: m_start,
                end: m_end,
                value: s.to_string(),
                ip: ip_of(s),
                domain: (sc.kind == Kind::Dns).then(|| s.replace("[.]", ".")),
            };
            self.emit(ctx, c, true);
            if sc.kind == Kind::Url {
                self.compat_decode_url(sc, ctx, m_start, m_end, s, match_pos);
            }
            match_pos = whole_end;
            if ctx.truncated {
                return;
            }
        }
    }

    /// The checks MSTICPy's look-arounds and validators make on a match `s` at
    /// `start..end` of `text`.
    fn compat_accepts(&self, kind: Kind, text: &str, start: usize, end: usize, s: &str) -> bool {
        match kind {
            Kind::Ipv6 => {
                let prev = text.get(..start).and_then(|p| p.chars().next_back());
                let next = text.get(end..).and_then(|p| p.chars().next());
                let py_word = |c: char| c.is_alphanumeric() || c == '_' || c == ':' || c == '.';
                if prev.is_some_and(py_word) || next.is_some_and(py_word) {
                    return false;
                }
                self.compat_ipv6_full
                    .as_ref()
                    .is_some_and(|r| r.is_match(s))
            }
            Kind::Dns => {
                self.options.ignore_tlds
                    || validate::has_icann_suffix(&s.replace("[.]", ".").to_lowercase())
            }
            _ => true,
        }
    }

    /// MSTICPy's `_check_decode_url`: unquote the URL and search the decoded text from
    /// the previous match's end offset in the original (a quirk kept for parity).
    fn compat_decode_url(
        &self,
        sc: &Scanner,
        ctx: &mut Ctx<'_, '_>,
        start: usize,
        end: usize,
        url: &str,
        match_pos: usize,
    ) {
        let decoded = percent_encoding::percent_decode_str(url).decode_utf8_lossy();
        let Some(hay) = decoded.get(match_pos..) else {
            return;
        };
        let mut found: Vec<(String, Option<String>)> = Vec::new();
        for caps in sc.regex.captures_iter(hay).take(64) {
            let Some(whole) = caps.get(0) else { continue };
            let host = caps.name("host").map(|h| h.as_str().to_string());
            found.push((whole.as_str().to_string(), host));
        }
        for (u, host) in found {
            let c = Cand {
                ty: IocType::Url.index(),
                start,
                end,
                value: u,
                ip: None,
                domain: None,
            };
            self.emit_detached(ctx, c);
            if let Some(h) = host.filter(|h| !h.is_empty()) {
                let c = Cand {
                    ty: IocType::Dns.index(),
                    start,
                    end,
                    value: h.clone(),
                    ip: None,
                    domain: Some(h),
                };
                self.emit_detached(ctx, c);
            }
        }
    }

    /// Emit a value that is not a substring of the input (a decoded URL): it is keyed
    /// by its own text, and its raw text is the URL it came from.
    fn emit_detached(&self, ctx: &mut Ctx<'_, '_>, c: Cand) {
        self.emit(ctx, c, false);
    }
}

/// The matches of `sc` in `text` as (start, end, end of the whole match): the reported
/// group's span and where the next search starts. Without a group, a plain search (no
/// captures) finds the same matches.
fn spans(sc: &Scanner, text: &str) -> Vec<(usize, usize, usize)> {
    match sc.group {
        None => sc
            .regex
            .find_iter(text)
            .map(|m| (m.start(), m.end(), m.end()))
            .collect(),
        // MSTICPy's hash patterns: an optional non-hex byte, the digest (group 1), an
        // optional non-hex character; the group is the hex run in the match.
        Some(_) if sc.kind == Kind::Hash => sc
            .regex
            .find_iter(text)
            .map(|m| {
                let w = m.as_str();
                let lead = w
                    .chars()
                    .next()
                    .filter(|c| !c.is_ascii_hexdigit())
                    .map_or(0, char::len_utf8);
                let run = w
                    .get(lead..)
                    .map_or(0, |r| r.bytes().take_while(u8::is_ascii_hexdigit).count());
                (m.start() + lead, m.start() + lead + run, m.end())
            })
            .collect(),
        Some(g) => sc
            .regex
            .captures_iter(text)
            .filter_map(|caps| {
                let m = caps.get(g)?;
                let whole_end = caps.get(0).map_or(m.end(), |w| w.end());
                Some((m.start(), m.end(), whole_end))
            })
            .collect(),
    }
}

fn ip_of(s: &str) -> Option<IpAddr> {
    let plain: Cow<'_, str> = if s.contains('[') {
        Cow::Owned(s.replace("[.]", ".").replace(['[', ']'], ""))
    } else {
        Cow::Borrowed(s)
    };
    if let Some(v4) = validate::parse_ipv4(&plain) {
        return Some(IpAddr::V4(v4));
    }
    plain.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
}
