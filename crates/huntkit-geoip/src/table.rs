//! Table mode: one output row per input address, MSTICPy's GeoLocation columns.

use crate::db::{Cache, Found};
use crate::{Error, GeoIpDb};
use huntkit_core::arrow::array::{ArrayRef, Float64Builder, StringBuilder, UInt32Builder};
use huntkit_core::Table;
use std::net::IpAddr;
use std::sync::Arc;

/// Output column names, in order. All but `Asn` and `AsnOrganization` are MSTICPy's
/// `lookup_ips` columns; `Asn` is a `GeoLocation` property MSTICPy's GeoLite lookup leaves
/// empty.
pub const COLUMNS: [&str; 9] = [
    "IpAddress",
    "CountryCode",
    "CountryOrRegionName",
    "State",
    "City",
    "Longitude",
    "Latitude",
    "Asn",
    "AsnOrganization",
];

struct Columns {
    ip: StringBuilder,
    country_code: StringBuilder,
    country_name: StringBuilder,
    state: StringBuilder,
    city: StringBuilder,
    longitude: Float64Builder,
    latitude: Float64Builder,
    asn: UInt32Builder,
    asn_organization: StringBuilder,
}

impl Columns {
    fn new(rows: usize) -> Columns {
        let text = || StringBuilder::with_capacity(rows, rows.saturating_mul(8));
        Columns {
            ip: StringBuilder::with_capacity(rows, rows.saturating_mul(14)),
            country_code: StringBuilder::with_capacity(rows, rows.saturating_mul(2)),
            country_name: text(),
            state: text(),
            city: text(),
            longitude: Float64Builder::with_capacity(rows),
            latitude: Float64Builder::with_capacity(rows),
            asn: UInt32Builder::with_capacity(rows),
            asn_organization: text(),
        }
    }

    fn push(&mut self, input: Option<&str>, found: &Found<'_>) {
        self.ip.append_option(input);
        let l = &found.location;
        self.country_code.append_option(l.country_code);
        self.country_name.append_option(l.country_name);
        self.state.append_option(l.state);
        self.city.append_option(l.city);
        self.longitude.append_option(l.longitude);
        self.latitude.append_option(l.latitude);
        self.asn.append_option(found.asn.asn);
        self.asn_organization.append_option(found.asn.organization);
    }

    fn finish(mut self) -> Result<Table, Error> {
        let arrays: [ArrayRef; 9] = [
            Arc::new(self.ip.finish()),
            Arc::new(self.country_code.finish()),
            Arc::new(self.country_name.finish()),
            Arc::new(self.state.finish()),
            Arc::new(self.city.finish()),
            Arc::new(self.longitude.finish()),
            Arc::new(self.latitude.finish()),
            Arc::new(self.asn.finish()),
            Arc::new(self.asn_organization.finish()),
        ];
        Ok(Table::from_columns(
            COLUMNS.iter().map(|c| c.to_string()).zip(arrays).collect(),
        )?)
    }
}

impl GeoIpDb {
    /// Looks up every address of `column` in `table`. Returns one row per input row, in
    /// order, with [`COLUMNS`]: `IpAddress` is the cell without surrounding white space,
    /// and a null cell, a cell that is not an address or an address no database lists
    /// gives a row of nulls.
    pub fn lookup_column(&self, table: &Table, column: &str) -> Result<Table, Error> {
        let col = table.str_column(column)?;
        self.lookup_texts(col.iter(), col.len())
    }

    /// Looks up addresses given as text (`None` for a missing one): see
    /// [`GeoIpDb::lookup_column`]. `rows` is a capacity hint.
    pub fn lookup_texts<'t, I>(&self, texts: I, rows: usize) -> Result<Table, Error>
    where
        I: IntoIterator<Item = Option<&'t str>>,
    {
        let mut out = Columns::new(rows);
        let none = Found::default();
        let mut cache = Cache::default();
        for text in texts {
            let text = text.map(str::trim);
            match text.and_then(|t| t.parse::<IpAddr>().ok()) {
                Some(ip) => out.push(text, &self.find(ip, &mut cache)?),
                None => out.push(text, &none),
            }
        }
        out.finish()
    }
}
