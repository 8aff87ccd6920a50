//! GeoIP and ASN lookups: MaxMind DB files handed over once, held by a `GeoIpDb` in the
//! wasm module, then any number of lookups against them.

use huntkit_geoip::Options;
use js_sys::{Array, Object, Uint8Array};
use wasm_bindgen::prelude::*;

use crate::error::{coded, js_error};
use crate::options::{options, set, table_options, to_js};
use crate::table::{ipc, read_table};

/// The engine options of a lookup call: only `read` (for CSV or JSON input).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NoOptions {}

/// Cuts `text` into pieces of the given UTF-16 lengths (`u32::MAX`: a missing piece).
fn split_utf16<'t>(text: &'t str, lengths: &[u32]) -> Result<Vec<Option<&'t str>>, JsValue> {
    let mismatch = || {
        coded(
            "invalid_input",
            "the strings' lengths do not add up to their text",
        )
    };
    let mut out = Vec::with_capacity(lengths.len());
    let mut rest = text;
    for &len in lengths {
        if len == u32::MAX {
            out.push(None);
            continue;
        }
        let (mut units, mut end) = (0u32, 0usize);
        let mut chars = rest.chars();
        while units < len {
            let c = chars.next().ok_or_else(mismatch)?;
            units = units.saturating_add(c.len_utf16() as u32);
            end = end.saturating_add(c.len_utf8());
        }
        if units != len {
            return Err(mismatch());
        }
        let (piece, tail) = rest.split_at_checked(end).ok_or_else(mismatch)?;
        out.push(Some(piece));
        rest = tail;
    }
    if !rest.is_empty() {
        return Err(mismatch());
    }
    Ok(out)
}

/// Opened GeoIP databases: at most one City or Country database and one ASN database.
#[wasm_bindgen(js_name = GeoIpDb)]
pub struct GeoIpDb {
    inner: huntkit_geoip::GeoIpDb,
}

#[wasm_bindgen(js_class = GeoIpDb)]
impl GeoIpDb {
    /// Opens `databases` (an array of `.mmdb` files as `Uint8Array`s) with the GeoIP
    /// options (`language`, `verify`, `maxDatabaseBytes`).
    #[wasm_bindgen(constructor)]
    pub fn new(databases: Array, options_json: Option<String>) -> Result<GeoIpDb, JsValue> {
        let opts: Options = options(options_json)?;
        let mut bytes = Vec::with_capacity(databases.length() as usize);
        for (i, db) in databases.iter().enumerate() {
            let db = db.dyn_into::<Uint8Array>().map_err(|_| {
                coded(
                    "invalid_input",
                    &format!("database {} is not a Uint8Array", i.saturating_add(1)),
                )
            })?;
            bytes.push(db.to_vec());
        }
        let inner = huntkit_geoip::GeoIpDb::from_bytes(bytes, &opts).map_err(|e| js_error(&e))?;
        Ok(GeoIpDb { inner })
    }

    /// What each database is: `[{ kind, databaseType, buildEpoch, ipVersion, languages,
    /// bytes }]`, the location database first.
    pub fn databases(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.databases())
    }

    /// Looks up the addresses of `column` in `data` (Arrow IPC, CSV or JSON bytes; `read`
    /// options under `read`). Returns the GeoLocation table as Arrow IPC bytes, one row
    /// per input row.
    #[wasm_bindgen(js_name = lookupTable)]
    pub fn lookup_table(
        &self,
        data: Vec<u8>,
        column: &str,
        options_json: Option<String>,
    ) -> Result<Vec<u8>, JsValue> {
        let (_, read): (NoOptions, _) = table_options(options_json)?;
        let table = read_table(data, &read)?;
        let out = self
            .inner
            .lookup_column(&table, column)
            .map_err(|e| js_error(&e))?;
        ipc(&out)
    }

    /// Fills the autonomous system of the rows of `data` (Arrow IPC) whose `asn_column`
    /// is empty, from the address in `ip_column` (see huntkit-geoip's `fill_asn`):
    /// WhoIs records whose registry names no origin AS. Returns Arrow IPC bytes.
    #[wasm_bindgen(js_name = fillAsn)]
    pub fn fill_asn(
        &self,
        data: Vec<u8>,
        ip_column: &str,
        asn_column: &str,
        org_column: &str,
    ) -> Result<Vec<u8>, JsValue> {
        let (_, read): (NoOptions, _) = table_options(None)?;
        let table = read_table(data, &read)?;
        let out = self
            .inner
            .fill_asn(&table, ip_column, asn_column, org_column)
            .map_err(|e| js_error(&e))?;
        ipc(&out)
    }

    /// Looks up a list of strings sent as one text and the length of each in UTF-16 code
    /// units (`0xFFFFFFFF` for a missing one): far quicker than crossing the boundary
    /// string by string or building an Arrow table in JS. Returns the GeoLocation table as
    /// Arrow IPC bytes, one row per string.
    #[wasm_bindgen(js_name = lookupStrings)]
    pub fn lookup_strings(&self, text: &str, lengths: &[u32]) -> Result<Vec<u8>, JsValue> {
        let texts = split_utf16(text, lengths)?;
        let out = self
            .inner
            .lookup_texts(texts.iter().copied(), texts.len())
            .map_err(|e| js_error(&e))?;
        ipc(&out)
    }

    /// Looks up one address: `{ IpAddress, CountryCode, CountryOrRegionName, State, City,
    /// Longitude, Latitude, Asn, AsnOrganization }` (nulls where the databases hold
    /// nothing), or `null` when `address` is not an IPv4 or IPv6 address.
    #[wasm_bindgen(js_name = lookupAddress)]
    pub fn lookup_address(&self, address: &str) -> Result<JsValue, JsValue> {
        match self.inner.lookup(address).map_err(|e| js_error(&e))? {
            None => Ok(JsValue::NULL),
            Some(found) => {
                let obj = Object::new();
                set(&obj, "IpAddress", &JsValue::from_str(address.trim()))?;
                let rest = to_js(&found)?;
                Ok(Object::assign(&obj, &rest.unchecked_into()).into())
            }
        }
    }
}
