//! # huntkit-geoip
//!
//! Offline GeoIP and ASN lookups: where an IP address is (country, state, city,
//! coordinates) and which autonomous system announces it, read from MaxMind DB (`.mmdb`)
//! files the user supplies: GeoLite2 and GeoIP2 City, Country and ASN, and DB-IP's Lite
//! editions, which share the format.
//!
//! * **MSTICPy's columns**: [`GeoIpDb::lookup_column`] returns MSTICPy's `GeoLiteLookup.
//!   lookup_ips` columns (`IpAddress`, `CountryCode`, `CountryOrRegionName`, `State`,
//!   `City`, `Longitude`, `Latitude`) and the GeoLocation entity's `Asn`, plus
//!   `AsnOrganization` when an ASN database is given beside the location one.
//! * **One row per address**: unlike MSTICPy, which drops them, an address that does not
//!   parse, is private, or that no database lists gives a row of nulls, so the output
//!   lines up with the input row for row.
//! * **Hostile files**: a corrupt database is an `invalid_geoip_db` error when it is
//!   opened (every node and record is checked, option `verify`) or, with the check off, at
//!   the lookup that meets the damage. Never a crash.
//! * **Everywhere**: pure Rust (the `maxminddb` crate reading from memory), so the same
//!   code runs natively and in WebAssembly; databases arrive as bytes.
//!
//! ```
//! use huntkit_geoip::{GeoIpDb, Options};
//!
//! let city = include_bytes!("../tests/data/GeoIP2-City-Test.mmdb").to_vec();
//! let asn = include_bytes!("../tests/data/GeoLite2-ASN-Test.mmdb").to_vec();
//! let db = GeoIpDb::from_bytes(vec![city, asn], &Options::default())?;
//!
//! let hit = db.lookup("81.2.69.142")?.unwrap();
//! assert_eq!(hit.country_code.as_deref(), Some("GB"));
//! assert_eq!(hit.city.as_deref(), Some("London"));
//! assert_eq!(db.lookup("1.128.0.1")?.unwrap().asn, Some(1221));
//! assert_eq!(db.lookup("not an address")?, None);
//!
//! let table = huntkit_core::read(b"ip\n81.2.69.142\n10.0.0.1\n", &Default::default())?;
//! let geo = db.lookup_column(&table, "ip")?;
//! assert_eq!(geo.column_names()[..3], ["IpAddress", "CountryCode", "CountryOrRegionName"]);
//! assert_eq!(geo.num_rows(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

mod db;
mod error;
mod options;
mod record;
mod table;

pub use db::{DatabaseInfo, DatabaseKind, GeoIpDb, GeoLocation};
pub use error::Error;
pub use options::{Options, DEFAULT_MAX_DATABASE_BYTES};
pub use table::COLUMNS;
