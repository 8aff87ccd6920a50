//! Reading RDAP responses (RFC 9083): the IP network object, the autnum object, and the
//! entities' jCard (RFC 7095) contact cards.

use serde_json::Value;

/// Entities are nested (an organisation holds its abuse contact); this deep and no more.
const MAX_ENTITY_DEPTH: usize = 4;
/// At most this many entities are read from one response.
const MAX_ENTITIES: usize = 256;

/// What an IP network object says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Network {
    /// `handle`.
    pub handle: Option<String>,
    /// `name`.
    pub name: Option<String>,
    /// `startAddress`.
    pub start: Option<String>,
    /// `endAddress`.
    pub end: Option<String>,
    /// The CIDR blocks of the range (`cidr0_cidrs`, or computed from start and end),
    /// comma separated.
    pub cidr: Option<String>,
    /// `country`.
    pub country: Option<String>,
    /// `type` (`DIRECT ALLOCATION`, `ASSIGNED PA`...).
    pub kind: Option<String>,
    /// The origin AS numbers (ARIN's `arin_originas0_originautnums`).
    pub origin_asns: Vec<u32>,
    /// The registrant's name (the entity with role `registrant`).
    pub registrant: Option<String>,
    /// The abuse contact's e-mail (the entity with role `abuse`, at any depth).
    pub abuse_contact: Option<String>,
    /// The `self` link.
    pub link: Option<String>,
}

/// Reads an `ip network` object; `None` when `json` is not one.
pub fn network(json: &Value) -> Option<Network> {
    let class = json.get("objectClassName").and_then(Value::as_str);
    if class.is_some_and(|c| c != "ip network") {
        return None;
    }
    let start = text(json, "startAddress");
    let end = text(json, "endAddress");
    if class.is_none() && start.is_none() {
        return None;
    }
    let cidr = cidr0(json).or_else(|| range_cidrs(start.as_deref(), end.as_deref()));
    let origin_asns = json
        .get("arin_originas0_originautnums")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| {
                    v.as_u64()
                        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                        .and_then(|n| u32::try_from(n).ok())
                })
                .collect()
        })
        .unwrap_or_default();
    let mut entities = Vec::new();
    collect_entities(json, 0, &mut entities);
    let has_role = |e: &Value, role: &str| {
        e.get("roles")
            .and_then(Value::as_array)
            .is_some_and(|r| r.iter().any(|x| x.as_str() == Some(role)))
    };
    let registrant = entities
        .iter()
        .filter(|e| has_role(e, "registrant"))
        .find_map(|e| card_value(e, "fn").or_else(|| text(e, "handle")));
    let abuse_contact = entities
        .iter()
        .filter(|e| has_role(e, "abuse"))
        .find_map(|e| card_value(e, "email"));
    Some(Network {
        handle: text(json, "handle"),
        name: text(json, "name"),
        start,
        end,
        cidr,
        country: text(json, "country"),
        kind: text(json, "type"),
        origin_asns,
        registrant,
        abuse_contact,
        link: self_link(json),
    })
}

/// The `name` of an `autnum` object (the AS's registered name, e.g.
/// `MICROSOFT-CORP-MSN-AS-BLOCK`), and its country.
pub fn autnum(json: &Value) -> Option<(Option<String>, Option<String>)> {
    let class = json.get("objectClassName").and_then(Value::as_str);
    if class.is_some_and(|c| c != "autnum") {
        return None;
    }
    Some((text(json, "name"), text(json, "country")))
}

/// The value of the first `property` line of an entity's jCard: the card is
/// `["vcard", [[name, params, type, value], ...]]` (RFC 7095); a structured value
/// (an array) is joined with spaces.
pub fn card_value(entity: &Value, property: &str) -> Option<String> {
    let card = entity.get("vcardArray")?.as_array()?;
    let lines = card.get(1)?.as_array()?;
    lines.iter().find_map(|line| {
        let line = line.as_array()?;
        if !line.first()?.as_str()?.eq_ignore_ascii_case(property) {
            return None;
        }
        let value = line.get(3)?;
        let s = match value {
            Value::String(s) => s.clone(),
            Value::Array(parts) => parts
                .iter()
                .filter_map(Value::as_str)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
            _ => return None,
        };
        let s = s.trim().to_string();
        (!s.is_empty()).then_some(s)
    })
}

fn collect_entities<'a>(json: &'a Value, depth: usize, out: &mut Vec<&'a Value>) {
    if depth >= MAX_ENTITY_DEPTH {
        return;
    }
    let Some(list) = json.get("entities").and_then(Value::as_array) else {
        return;
    };
    for e in list {
        if out.len() >= MAX_ENTITIES {
            return;
        }
        out.push(e);
        collect_entities(e, depth + 1, out);
    }
}

fn text(json: &Value, key: &str) -> Option<String> {
    json.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn self_link(json: &Value) -> Option<String> {
    json.get("links")?.as_array()?.iter().find_map(|l| {
        (l.get("rel").and_then(Value::as_str) == Some("self"))
            .then(|| text(l, "href"))
            .flatten()
    })
}

/// The `cidr0_cidrs` extension: `[{"v4prefix": "13.64.0.0", "length": 11}, ...]`.
fn cidr0(json: &Value) -> Option<String> {
    let list = json.get("cidr0_cidrs")?.as_array()?;
    let blocks: Vec<String> = list
        .iter()
        .filter_map(|c| {
            let prefix = c
                .get("v4prefix")
                .or_else(|| c.get("v6prefix"))
                .and_then(Value::as_str)?;
            let len = c.get("length").and_then(Value::as_u64)?;
            Some(format!("{prefix}/{len}"))
        })
        .collect();
    (!blocks.is_empty()).then(|| blocks.join(", "))
}

/// The CIDR blocks exactly covering `start..=end` (at most 32 of them).
fn range_cidrs(start: Option<&str>, end: Option<&str>) -> Option<String> {
    use std::net::IpAddr;
    let start: IpAddr = start?.parse().ok()?;
    let end: IpAddr = end?.parse().ok()?;
    let blocks: Vec<String> = match (start, end) {
        (IpAddr::V4(a), IpAddr::V4(b)) => ipnet::Ipv4Subnets::new(a, b, 0)
            .take(32)
            .map(|n| n.to_string())
            .collect(),
        (IpAddr::V6(a), IpAddr::V6(b)) => ipnet::Ipv6Subnets::new(a, b, 0)
            .take(32)
            .map(|n| n.to_string())
            .collect(),
        _ => return None,
    };
    (!blocks.is_empty()).then(|| blocks.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn jcard_values() {
        let e = json!({"vcardArray": ["vcard", [
            ["version", {}, "text", "4.0"],
            ["fn", {}, "text", " Example Org "],
            ["adr", {"label": "1 Main St"}, "text", ["", "", "1 Main St", "Town", "", "12345", "US"]],
            ["EMAIL", {}, "text", "abuse@example.net"]]]});
        assert_eq!(card_value(&e, "fn").as_deref(), Some("Example Org"));
        assert_eq!(
            card_value(&e, "email").as_deref(),
            Some("abuse@example.net")
        );
        assert_eq!(
            card_value(&e, "adr").as_deref(),
            Some("1 Main St Town 12345 US")
        );
        assert_eq!(card_value(&e, "tel"), None);
        assert_eq!(card_value(&json!({"vcardArray": "x"}), "fn"), None);
        assert_eq!(
            card_value(&json!({"vcardArray": ["vcard", [[1, 2]]]}), "fn"),
            None
        );
    }

    #[test]
    fn cidrs_from_range() {
        let n = network(&json!({"objectClassName": "ip network",
            "startAddress": "10.0.0.0", "endAddress": "10.0.2.255"}))
        .unwrap();
        assert_eq!(n.cidr.as_deref(), Some("10.0.0.0/23, 10.0.2.0/24"));
        assert!(network(&json!({"objectClassName": "autnum"})).is_none());
        assert!(network(&json!([1, 2])).is_none());
    }

    #[test]
    fn deep_entities_are_bounded() {
        let mut v =
            json!({"roles": ["abuse"], "vcardArray": ["vcard", [["email", {}, "text", "deep@x"]]]});
        for _ in 0..10 {
            v = json!({"entities": [v]});
        }
        v["objectClassName"] = json!("ip network");
        let n = network(&v).unwrap();
        assert_eq!(n.abuse_contact, None);
    }
}
