//! WhoIs through RDAP: MSTICPy's `whois` pivot (`get_whois_df`) and `whois_asn`, from
//! the registries' RDAP servers (JSON over HTTPS, RFC 9083) instead of port 43.
//!
//! A lookup is a small state machine with no I/O ([`WhoisLookup`]): it names the
//! request to make (the RIR's server from the bootstrap, `ip/{address}`), reads the IP
//! network object, then asks `autnum/{asn}` for the origin AS's name when the network
//! names its origin AS (ARIN's `arin_originas0_originautnums`). The caller moves the
//! bytes: natively [`crate::native`], in the browser the wasm façade.

mod bootstrap;
mod parse;

use std::net::IpAddr;
use std::sync::Arc;

use arrow::array::{ArrayRef, StringArray};
use huntkit_core::Table;
use serde::Serialize;
use serde_json::Value;

pub use bootstrap::{registry_name, Bootstrap, Registry};
pub use parse::{card_value, Network};

use crate::config::NetConfig;
use crate::error::{Error, Result};
use crate::http::{HeaderValue, HttpRequest, HttpResponse};

/// The columns of [`whois_table`], in order. `query`, `asn`, `asn_description` and
/// `asn_registry` are MSTICPy's (ipwhois') names; the network's fields are flattened
/// from MSTICPy's `nets` list into `network_*` columns.
pub const WHOIS_COLUMNS: [&str; 15] = [
    "query",
    "asn",
    "asn_description",
    "asn_registry",
    "asn_country_code",
    "network_cidr",
    "network_start",
    "network_end",
    "network_name",
    "network_handle",
    "network_type",
    "country",
    "registrant",
    "abuse_contact",
    "status",
];

/// The provider name RDAP errors carry.
pub const RDAP: &str = "rdap";

/// One address's WhoIs record. `status` is `ok`, or the error code that stopped the
/// lookup (`not_public`, `http_status`...), with the message in `message`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WhoisRecord {
    /// The address asked about.
    pub query: String,
    /// The origin AS number(s), comma separated.
    pub asn: Option<String>,
    /// The origin AS's registered name (`MICROSOFT-CORP-MSN-AS-BLOCK`).
    pub asn_description: Option<String>,
    /// The RIR that answered (`arin`, `ripencc`, `apnic`, `lacnic`, `afrinic`).
    pub asn_registry: Option<String>,
    /// The AS's country.
    pub asn_country_code: Option<String>,
    /// The network's CIDR block(s).
    pub network_cidr: Option<String>,
    /// The network's first address.
    pub network_start: Option<String>,
    /// The network's last address.
    pub network_end: Option<String>,
    /// The network's name.
    pub network_name: Option<String>,
    /// The network's handle.
    pub network_handle: Option<String>,
    /// The network's type.
    pub network_type: Option<String>,
    /// The network's country.
    pub country: Option<String>,
    /// The registrant (organisation) name.
    pub registrant: Option<String>,
    /// The abuse contact's e-mail address.
    pub abuse_contact: Option<String>,
    /// The RDAP URL of the network object.
    pub rdap_url: Option<String>,
    /// `ok` or an error code.
    pub status: String,
    /// The error's message when `status` is not `ok`.
    pub message: Option<String>,
}

impl WhoisRecord {
    /// The record of a lookup that failed with `error`.
    pub fn failed(query: &str, error: &Error) -> WhoisRecord {
        WhoisRecord {
            query: query.to_string(),
            status: huntkit_core::ErrorCode::code(error).to_string(),
            message: Some(error.to_string()),
            ..WhoisRecord::default()
        }
    }
}

/// What to do next in a [`WhoisLookup`].
#[derive(Debug, Clone, PartialEq)]
pub enum WhoisStep {
    /// Make this request and [`WhoisLookup::feed`] its response.
    Send(HttpRequest),
    /// The lookup is over.
    Done(Box<WhoisRecord>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Network,
    Autnum,
}

/// One address's RDAP lookup (see the module documentation).
#[derive(Debug, Clone)]
pub struct WhoisLookup {
    record: WhoisRecord,
    base: String,
    stage: Stage,
}

impl WhoisLookup {
    /// Starts the lookup of `query` (an IPv4 or IPv6 address): the first request, or an
    /// error for a value that is not a public address or that no registry serves.
    pub fn start(
        query: &str,
        bootstrap: &Bootstrap,
        config: &NetConfig,
    ) -> Result<(WhoisLookup, HttpRequest)> {
        let q = query.trim();
        let ip = parse_ip(q)?;
        let base = match &config.rdap_base {
            Some(b) => with_slash(b),
            None => bootstrap
                .for_ip(ip)
                .and_then(|u| u.first())
                .cloned()
                .ok_or_else(|| Error::NoRdapService {
                    query: ip.to_string(),
                })?,
        };
        let request = rdap_get(format!("{base}ip/{ip}"));
        let lookup = WhoisLookup {
            record: WhoisRecord {
                query: q.to_string(),
                asn_registry: registry_name(&base).map(str::to_string),
                status: "ok".into(),
                ..WhoisRecord::default()
            },
            base,
            stage: Stage::Network,
        };
        Ok((lookup, request))
    }

    /// The RDAP server the next request goes to (the key for per-server rate limits).
    pub fn server(&self) -> &str {
        &self.base
    }

    /// Reads the response to the last request.
    pub fn feed(
        &mut self,
        response: &HttpResponse,
        bootstrap: &Bootstrap,
        config: &NetConfig,
    ) -> Result<WhoisStep> {
        match self.stage {
            Stage::Network => {
                check_status(response)?;
                let json = json_of(&response.body)?;
                let net = parse::network(&json).ok_or_else(|| Error::MalformedResponse {
                    provider: RDAP,
                    message: "not an RDAP `ip network` object".into(),
                })?;
                let r = &mut self.record;
                r.network_cidr = net.cidr;
                r.network_start = net.start;
                r.network_end = net.end;
                r.network_name = net.name;
                r.network_handle = net.handle;
                r.network_type = net.kind;
                r.country = net.country;
                r.registrant = net.registrant;
                r.abuse_contact = net.abuse_contact;
                r.rdap_url = net.link;
                if !net.origin_asns.is_empty() {
                    let list: Vec<String> = net.origin_asns.iter().map(u32::to_string).collect();
                    r.asn = Some(list.join(", "));
                }
                let first_asn = net.origin_asns.first().copied();
                match first_asn.filter(|_| config.rdap_autnum) {
                    Some(asn) => {
                        let base = match &config.rdap_base {
                            Some(b) => with_slash(b),
                            None => bootstrap
                                .for_asn(asn)
                                .and_then(|u| u.first())
                                .cloned()
                                // An RIR redirects to the right one for others' numbers.
                                .unwrap_or_else(|| self.base.clone()),
                        };
                        self.base = base;
                        self.stage = Stage::Autnum;
                        Ok(WhoisStep::Send(rdap_get(format!(
                            "{}autnum/{asn}",
                            self.base
                        ))))
                    }
                    None => Ok(WhoisStep::Done(Box::new(self.record.clone()))),
                }
            }
            Stage::Autnum => {
                // The network is known; a failed AS query leaves its name out, not the row.
                let parsed = check_status(response)
                    .and_then(|()| json_of(&response.body))
                    .map(|json| parse::autnum(&json));
                match parsed {
                    Ok(Some((name, country))) => {
                        self.record.asn_description = name;
                        self.record.asn_country_code = country;
                    }
                    Ok(None) => {
                        self.record.message =
                            Some("the AS query did not return an autnum object".into());
                    }
                    Err(e) => self.record.message = Some(format!("AS query: {e}")),
                }
                Ok(WhoisStep::Done(Box::new(self.record.clone())))
            }
        }
    }
}

/// Reads an address; refuses the ones no registry holds (MSTICPy's `get_ip_type` other
/// than `Public`) with `not_public`.
pub fn parse_ip(text: &str) -> Result<IpAddr> {
    let ip: IpAddr = text.trim().parse().map_err(|_| Error::InvalidIp {
        value: huntkit_core::shorten(text),
    })?;
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    };
    match ip_kind(ip) {
        "public" => Ok(ip),
        kind => Err(Error::NotPublic {
            value: ip.to_string(),
            kind,
        }),
    }
}

/// `public`, or why an address is not in any registry: `private`, `loopback`,
/// `link-local`, `multicast`, `unspecified`, `reserved`.
pub fn ip_kind(ip: IpAddr) -> &'static str {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            if v4.is_loopback() {
                "loopback"
            } else if v4.is_private() || (a == 100 && (64..128).contains(&b)) {
                "private"
            } else if v4.is_link_local() {
                "link-local"
            } else if v4.is_multicast() {
                "multicast"
            } else if v4.is_unspecified() {
                "unspecified"
            } else if v4.is_broadcast() || v4.is_documentation() || a >= 240 || a == 0 {
                "reserved"
            } else {
                "public"
            }
        }
        IpAddr::V6(v6) => {
            if v6.is_loopback() {
                "loopback"
            } else if v6.is_unspecified() {
                "unspecified"
            } else if v6.is_multicast() {
                "multicast"
            } else if v6.is_unique_local() {
                "private"
            } else if v6.is_unicast_link_local() {
                "link-local"
            } else if v6.segments().first().is_some_and(|s| *s == 0x2001)
                && v6.segments().get(1).is_some_and(|s| *s == 0x0db8)
            {
                "reserved"
            } else {
                "public"
            }
        }
    }
}

/// MSTICPy's whois table: one row per record, the [`WHOIS_COLUMNS`] (all text).
pub fn whois_table(records: &[WhoisRecord]) -> huntkit_core::Result<Table> {
    let col = |f: &dyn Fn(&WhoisRecord) -> Option<String>| -> ArrayRef {
        Arc::new(records.iter().map(f).collect::<StringArray>())
    };
    let columns: Vec<(String, ArrayRef)> = WHOIS_COLUMNS
        .iter()
        .map(|name| {
            let array = match *name {
                "query" => col(&|r| Some(r.query.clone())),
                "asn" => col(&|r| r.asn.clone()),
                "asn_description" => col(&|r| r.asn_description.clone()),
                "asn_registry" => col(&|r| r.asn_registry.clone()),
                "asn_country_code" => col(&|r| r.asn_country_code.clone()),
                "network_cidr" => col(&|r| r.network_cidr.clone()),
                "network_start" => col(&|r| r.network_start.clone()),
                "network_end" => col(&|r| r.network_end.clone()),
                "network_name" => col(&|r| r.network_name.clone()),
                "network_handle" => col(&|r| r.network_handle.clone()),
                "network_type" => col(&|r| r.network_type.clone()),
                "country" => col(&|r| r.country.clone()),
                "registrant" => col(&|r| r.registrant.clone()),
                "abuse_contact" => col(&|r| r.abuse_contact.clone()),
                _ => col(&|r| Some(r.status.clone())),
            };
            (name.to_string(), array)
        })
        .collect();
    Table::from_columns(columns)
}

fn rdap_get(url: String) -> HttpRequest {
    HttpRequest {
        method: crate::http::Method::Get,
        url,
        headers: vec![(
            "Accept".into(),
            HeaderValue::Plain("application/rdap+json, application/json".into()),
        )],
        body: None,
    }
}

fn with_slash(base: &str) -> String {
    if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    }
}

fn check_status(response: &HttpResponse) -> Result<()> {
    match response.status {
        200 => Ok(()),
        429 => Err(Error::RateLimited {
            provider: RDAP,
            retry_after_ms: response.retry_after_secs.unwrap_or(0).saturating_mul(1000),
        }),
        status => Err(Error::HttpStatus {
            provider: RDAP,
            status,
        }),
    }
}

fn json_of(body: &[u8]) -> Result<Value> {
    serde_json::from_slice(body).map_err(|e| Error::MalformedResponse {
        provider: RDAP,
        message: format!("not JSON (line {}, column {})", e.line(), e.column()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_outside_registries_are_refused() {
        for (ip, kind) in [
            ("10.1.2.3", "private"),
            ("192.168.0.1", "private"),
            ("100.64.0.1", "private"),
            ("127.0.0.1", "loopback"),
            ("169.254.1.1", "link-local"),
            ("224.0.0.1", "multicast"),
            ("0.0.0.0", "unspecified"),
            ("192.0.2.1", "reserved"),
            ("::1", "loopback"),
            ("fd00::1", "private"),
            ("fe80::1", "link-local"),
            ("2001:db8::1", "reserved"),
            ("::ffff:10.0.0.1", "private"),
        ] {
            match parse_ip(ip) {
                Err(Error::NotPublic { kind: k, .. }) => assert_eq!(k, kind, "{ip}"),
                other => panic!("{ip}: {other:?}"),
            }
        }
        assert!(parse_ip("13.107.4.50").is_ok());
        assert!(parse_ip("2a00:1450::1").is_ok());
        assert!(matches!(parse_ip("1.2.3"), Err(Error::InvalidIp { .. })));
    }
}
