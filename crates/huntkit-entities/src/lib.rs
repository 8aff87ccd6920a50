//! # huntkit-entities
//!
//! The things a threat hunter pivots on — IP addresses, domains, URLs, file hashes,
//! files, accounts, hosts, processes and e-mail addresses — parsed and normalised the
//! same way wherever they come from, and the pivot registry that runs functions on
//! them.
//!
//! * **Entities** ([`Entity`], [`EntityKind`]): one value of text becomes an entity
//!   with MSTICPy's properties: defanged forms refanged (`10[.]0[.]0[.]1`,
//!   `hxxps://`, `[at]`), domains, e-mail and hashes lower-cased, IP addresses in
//!   canonical form, an account split into `Name`/`NTDomain`/`UPNSuffix`, a host into
//!   `HostName`/`DnsDomain`, a path into `Directory`/`Name`. Entities come from a table
//!   column ([`entities_from_column`]), from the IoC extractor's output
//!   ([`entities_from_iocs`]) or from a Microsoft Sentinel alert's `Entities` JSON
//!   ([`alert_entities`], with `$id`/`$ref` resolved).
//! * **IP classification** ([`ip_type`]): MSTICPy's `get_ip_type`, with the same
//!   answers and names (`Public`, `Private`, `Loopback`, `Link Local`, ...).
//! * **Pivots** ([`pivot`]): functions registered per entity type with MSTICPy's
//!   homogeneous interface — a value, a list, or a table and a column in; a table out,
//!   joined onto the input with `join: "inner" | "left"`. The built-in catalogue
//!   ([`pivot::catalogue`]) is what the npm package, the Python package and the CLI list
//!   and call; the analysis engines that take entity values (IoC extraction, decoding,
//!   process trees) are registered there too.
//!
//! ```
//! use huntkit_entities::pivot::{run_pivot, JoinHow, PivotInput, PivotOptions};
//! use huntkit_entities::{ip_type, Entity, EntityKind};
//!
//! assert_eq!(ip_type("192.168.0.1").as_str(), "Private");
//! let url = Entity::parse(EntityKind::Url, "hxxps://WWW.Contoso[.]com/path#frag?query=xxx").unwrap();
//! assert_eq!(url.get("Host"), Some("www.contoso.com"));
//! assert_eq!(url.get("Fragment"), Some("frag?query=xxx"));
//!
//! let events = huntkit_core::read(b"SrcIP,Bytes\n104.211.30.1,10\n127.0.0.1,20\n", &Default::default())?;
//! let input = PivotInput::Table { table: &events, column: Some("SrcIP") };
//! let opts = PivotOptions { join: Some(JoinHow::Left), ..Default::default() };
//! let joined = run_pivot("IpAddress", "ip_type", &input, &opts)?;
//! assert_eq!(joined.column_names(), ["SrcIP", "Bytes", "ip", "result"]);
//! assert_eq!(joined.str_column("result")?.get(0), Some("Public"));
//! # Ok::<(), huntkit_entities::Error>(())
//! ```
#![warn(missing_docs)]

mod dns;
mod error;
mod ip;
mod kind;
mod parse;
pub mod pivot;
mod refang;
mod sentinel;
mod table;

pub use dns::{dns_components, DnsComponents};
pub use error::{Error, Result};
pub use ip::{classify, ip_type, IpType};
pub use kind::{canonical_type_name, EntityKind, KINDS};
pub use parse::{hash_algorithm, url_parts, Entity, UrlParts};
pub use refang::refang;
pub use sentinel::{
    alert_entities, alert_entities_table, AlertEntity, AlertOptions, ALERT_ENTITY_COLUMNS,
};
pub use table::{
    entities_from_column, entities_from_iocs, entities_from_values, ioc_entity_kind,
    IOC_ENTITY_COLUMNS, SRC_ROW_INDEX,
};
