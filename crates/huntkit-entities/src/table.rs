//! Entities from tables: a column of values, or the IoC extractor's output.

use std::sync::Arc;

use huntkit_core::arrow::array::{ArrayRef, StringBuilder, UInt64Array};
use huntkit_core::Table;

use crate::{Entity, EntityKind, Error, Result};

/// The row-number column every entity and pivot table carries: the 0-based row of the
/// input the output row came from (MSTICPy's `src_row_index`).
pub const SRC_ROW_INDEX: &str = "src_row_index";

/// The column holding, for a value that is not a valid entity of its type, why not.
const VALID: &str = "Valid";

/// Parses every value of `column` as an entity of `kind`: one row per input row,
/// [`EntityKind::columns`] (normalised properties, empty for a value that is not an
/// entity of that kind), `Valid`, and [`SRC_ROW_INDEX`]. Null cells give a row of nulls.
///
/// ```
/// use huntkit_entities::{entities_from_column, EntityKind};
/// let t = huntkit_core::read(b"SrcIP\n10[.]0.0.1\nnope\n", &Default::default())?;
/// let e = entities_from_column(&t, "SrcIP", EntityKind::IpAddress)?;
/// assert_eq!(e.str_column("Address")?.get(0), Some("10.0.0.1"));
/// assert_eq!(e.str_column("IpType")?.get(0), Some("Private"));
/// assert_eq!(e.str_column("Address")?.get(1), None);
/// # Ok::<(), huntkit_entities::Error>(())
/// ```
pub fn entities_from_column(table: &Table, column: &str, kind: EntityKind) -> Result<Table> {
    let cells = table.str_column(column)?;
    entities_from_values(cells.iter(), kind)
}

/// [`entities_from_column`] over values in hand.
pub fn entities_from_values<'a, I>(values: I, kind: EntityKind) -> Result<Table>
where
    I: IntoIterator<Item = Option<&'a str>>,
{
    let cols = kind.columns();
    let mut builders: Vec<StringBuilder> = cols.iter().map(|_| StringBuilder::new()).collect();
    let mut valid = Vec::new();
    let mut rows = Vec::new();
    for (row, cell) in values.into_iter().enumerate() {
        let parsed = cell.and_then(|c| Entity::parse(kind, c));
        for (i, b) in builders.iter_mut().enumerate() {
            b.append_option(parsed.as_ref().and_then(|e| e.values.get(i)?.as_deref()));
        }
        valid.push(cell.map(|_| parsed.is_some()));
        rows.push(row as u64);
    }
    let mut columns: Vec<(String, ArrayRef)> = cols
        .iter()
        .zip(builders.iter_mut())
        .map(|(n, b)| (n.to_string(), Arc::new(b.finish()) as ArrayRef))
        .collect();
    columns.push((
        VALID.into(),
        Arc::new(huntkit_core::arrow::array::BooleanArray::from(valid)),
    ));
    columns.push((SRC_ROW_INDEX.into(), Arc::new(UInt64Array::from(rows))));
    Ok(Table::from_columns(columns)?)
}

/// The entity kind of an IoC type from the extractor (`ipv4` → IpAddress, `dns` → Dns,
/// `md5_hash` → FileHash, `windows_path` → File, ...), `None` for the types no entity
/// stands for (CVE IDs, ATT&CK IDs, wallets, ...).
pub fn ioc_entity_kind(ioc_type: &str) -> Option<EntityKind> {
    Some(match ioc_type {
        "ipv4" | "ipv6" => EntityKind::IpAddress,
        "dns" | "hostname" => EntityKind::Dns,
        "url" => EntityKind::Url,
        "email" => EntityKind::Email,
        "md5_hash" | "sha1_hash" | "sha256_hash" | "sha512_hash" | "file_hash" => {
            EntityKind::FileHash
        }
        "windows_path" | "linux_path" => EntityKind::File,
        _ => return None,
    })
}

/// The columns of [`entities_from_iocs`]' table.
pub const IOC_ENTITY_COLUMNS: [&str; 5] = ["Type", "Value", "Properties", "IoCType", SRC_ROW_INDEX];

/// Entities from the IoC extractor's table (`IoCType`, `Observable`, `SourceIndex`):
/// one row per observable an entity stands for, `Type, Value, Properties` (JSON text of
/// the entity's properties), `IoCType`, and `src_row_index` (the extractor's
/// `SourceIndex`). Other IoC types are left out.
pub fn entities_from_iocs(iocs: &Table) -> Result<Table> {
    let types = iocs.str_column("IoCType")?;
    let observables = iocs.str_column("Observable")?;
    let source = if iocs.has_column("SourceIndex") {
        iocs.ints("SourceIndex")?
    } else {
        return Err(Error::input(
            "the IoC table has no SourceIndex column: pass the output of the IoC extractor's table mode",
        ));
    };
    let mut ty = StringBuilder::new();
    let mut val = StringBuilder::new();
    let mut props = StringBuilder::new();
    let mut ioc = StringBuilder::new();
    let mut rows: Vec<Option<u64>> = Vec::new();
    for (i, (t, o)) in types.iter().zip(observables.iter()).enumerate() {
        let (Some(t), Some(o)) = (t, o) else { continue };
        let Some(kind) = ioc_entity_kind(t) else {
            continue;
        };
        let Some(e) = Entity::parse(kind, o) else {
            continue;
        };
        let map: serde_json::Map<String, serde_json::Value> = e
            .properties()
            .into_iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
            .collect();
        ty.append_value(kind.name());
        val.append_option(e.value());
        props.append_option(serde_json::to_string(&map).ok());
        ioc.append_value(t);
        rows.push(
            source
                .get(i)
                .copied()
                .flatten()
                .and_then(|r| u64::try_from(r).ok()),
        );
    }
    let cols: Vec<ArrayRef> = vec![
        Arc::new(ty.finish()),
        Arc::new(val.finish()),
        Arc::new(props.finish()),
        Arc::new(ioc.finish()),
        Arc::new(UInt64Array::from(rows)),
    ];
    Ok(Table::from_columns(
        IOC_ENTITY_COLUMNS
            .iter()
            .map(|c| c.to_string())
            .zip(cols)
            .collect(),
    )?)
}
