//! Identifiers in fixed formats: CVE IDs, MITRE ATT&CK IDs (techniques, tactics,
//! groups, software), autonomous system numbers and MAC addresses.

use super::check::{is_word, Cand, Hit};
use super::types::IocType;

pub(super) const RX_CVE: &str = r"[Cc][Vv][Ee]-[0-9]{4}-[0-9]{4,7}";
pub(super) const RX_ATTACK: &str = r"TA[0-9]{4}|T[0-9]{4}(?:\.[0-9]{3})?|[GS][0-9]{4}";
pub(super) const RX_MAC: &str = r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}";
pub(super) const RX_ASN: &str = r"AS[0-9]{1,10}|ASN ?[0-9]{1,10}";

/// A CVE ID, upper-case.
pub(super) fn cve(hit: Hit<'_>, out: &mut Vec<Cand>) {
    let (start, end, s) = (hit.start, hit.end, hit.s);
    if hit.before(start, 1).is_some_and(is_word) || hit.at(end).is_some_and(|c| c.is_ascii_digit())
    {
        return;
    }
    out.push(Cand::plain(
        IocType::Cve,
        start,
        end,
        s.to_ascii_uppercase(),
    ));
}

/// An ATT&CK ID in its type's range: tactics `TA0001`-`TA0099`, techniques
/// `T1001`-`T1999` (sub-techniques `.001` up), groups and software `0001`-`1999`.
pub(super) fn attack(hit: Hit<'_>, out: &mut Vec<Cand>) {
    let (start, end, s) = (hit.start, hit.end, hit.s);
    if hit
        .before(start, 1)
        .is_some_and(|p| is_word(p) || p == b'-' || p == b'.')
        || hit.at(end).is_some_and(is_word)
        || (hit.at(end) == Some(b'.') && hit.at(end + 1).is_some_and(|c| c.is_ascii_digit()))
    {
        return;
    }
    let (ty, digits) = if let Some(d) = s.strip_prefix("TA") {
        (IocType::AttackTactic, d)
    } else if let Some(d) = s.strip_prefix('T') {
        (IocType::AttackTechnique, d)
    } else if let Some(d) = s.strip_prefix('G') {
        (IocType::AttackGroup, d)
    } else if let Some(d) = s.strip_prefix('S') {
        (IocType::AttackSoftware, d)
    } else {
        return;
    };
    let num: u32 = digits.get(..4).and_then(|n| n.parse().ok()).unwrap_or(0);
    let ok = match ty {
        IocType::AttackTactic => (1..=99).contains(&num),
        IocType::AttackTechnique => (1001..=1999).contains(&num) && !digits.ends_with(".000"),
        _ => (1..=1999).contains(&num),
    };
    if ok {
        out.push(Cand::plain(ty, start, end, s.to_string()));
    }
}

/// A MAC address, not part of a longer run of hex pairs; value lower-case with colons.
pub(super) fn mac(hit: Hit<'_>, out: &mut Vec<Cand>) {
    let (start, end, s) = (hit.start, hit.end, hit.s);
    let sep_hex = |i: usize| {
        matches!(hit.at(i), Some(b':') | Some(b'-') | Some(b'.'))
            && hit.at(i + 1).is_some_and(|c| c.is_ascii_hexdigit())
    };
    if hit
        .before(start, 1)
        .is_some_and(|p| is_word(p) || p == b':' || p == b'-' || p == b'.')
        || hit.at(end).is_some_and(is_word)
        || sep_hex(end)
    {
        return;
    }
    let hex: String = s
        .bytes()
        .filter(|c| c.is_ascii_hexdigit())
        .map(|c| char::from(c.to_ascii_lowercase()))
        .collect();
    let mut v = String::with_capacity(17);
    for (i, ch) in hex.chars().enumerate() {
        if i > 0 && i % 2 == 0 {
            v.push(':');
        }
        v.push(ch);
    }
    out.push(Cand::plain(IocType::MacAddress, start, end, v));
}

/// An autonomous system number, `AS13335` whichever way it was written.
pub(super) fn asn(hit: Hit<'_>, out: &mut Vec<Cand>) {
    let (start, end, s) = (hit.start, hit.end, hit.s);
    if hit.before(start, 1).is_some_and(is_word) || hit.at(end).is_some_and(is_word) {
        return;
    }
    let digits = s
        .trim_start_matches("ASN")
        .trim_start_matches("AS")
        .trim_start();
    match digits.parse::<u64>() {
        Ok(n) if (1..=u64::from(u32::MAX)).contains(&n) => {
            out.push(Cand::plain(IocType::Asn, start, end, format!("AS{n}")));
        }
        _ => {}
    }
}
