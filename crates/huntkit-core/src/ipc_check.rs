//! A check of Arrow IPC metadata before arrow-ipc reads it.
//!
//! arrow-ipc slices each buffer of a record batch at the offset and length its metadata
//! gives, and panics when they point past the message body; Arrow's validation then
//! reads offsets, views and dictionary keys as whole slices of their width, and panics
//! when a buffer is not a whole number of them. A panic aborts the whole wasm instance,
//! so every message's buffers are checked here first, against its body and against the
//! layout of the schema's columns, and hostile bytes get an `invalid_arrow` error instead.

use arrow::ipc::{
    root_as_footer, root_as_message, Field as FbField, Footer, MessageHeader,
    RecordBatch as FbBatch, Schema as FbSchema, Type,
};

use crate::{Error, Result};

const CONTINUATION: u32 = 0xFFFF_FFFF;

fn bad(detail: impl Into<String>) -> Error {
    Error::InvalidArrow {
        detail: detail.into(),
    }
}

fn u32_at(bytes: &[u8], pos: usize) -> Option<u32> {
    let b: [u8; 4] = bytes.get(pos..pos.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_le_bytes(b))
}

/// Checks one message's buffers against the length of its body and, for record and
/// dictionary batches, against the layout of `schema`'s columns. Returns the length of
/// the body and, for a schema message, the schema.
fn check_message<'a>(
    meta: &'a [u8],
    body_len: u64,
    at: usize,
    schema: Option<FbSchema<'a>>,
) -> Result<(u64, Option<FbSchema<'a>>)> {
    let msg = root_as_message(meta).map_err(|e| bad(format!("message at byte {at}: {e}")))?;
    let declared = u64::try_from(msg.bodyLength())
        .map_err(|_| bad(format!("message at byte {at}: negative body length")))?;
    if declared > body_len {
        return Err(bad(format!(
            "message at byte {at}: its body of {declared} bytes runs past the end of the data"
        )));
    }
    let batch = match msg.header_type() {
        MessageHeader::RecordBatch => msg.header_as_record_batch(),
        MessageHeader::DictionaryBatch => msg.header_as_dictionary_batch().and_then(|d| d.data()),
        MessageHeader::Schema => return Ok((declared, msg.header_as_schema())),
        _ => None,
    };
    let buffers = batch.and_then(|b| b.buffers());
    for (i, b) in buffers.into_iter().flatten().enumerate() {
        let end = u64::try_from(b.offset())
            .ok()
            .zip(u64::try_from(b.length()).ok())
            .and_then(|(o, l)| o.checked_add(l));
        if end.is_none_or(|end| end > declared) {
            return Err(bad(format!(
                "message at byte {at}: buffer {i} (offset {}, length {}) lies outside its {declared}-byte body",
                b.offset(),
                b.length()
            )));
        }
    }
    if let (Some(batch), Some(schema)) = (batch, schema) {
        let mut layout = Layout::new(batch, at)?;
        match msg.header_as_dictionary_batch() {
            // A dictionary batch holds one column: the values of the dictionary `id`, laid
            // out as the field's own type rather than as its keys.
            Some(d) => {
                if let Some(field) = dictionary_values(schema, d.id()) {
                    layout.column(field, 0, Encoded::Values)?;
                }
            }
            None => {
                for field in schema.fields().into_iter().flatten() {
                    layout.column(field, 0, Encoded::Keys)?;
                }
            }
        }
    }
    Ok((declared, None))
}

/// The field whose dictionary is `id`, anywhere in `schema`.
fn dictionary_values(schema: FbSchema<'_>, id: i64) -> Option<FbField<'_>> {
    fn find<'a>(fields: impl Iterator<Item = FbField<'a>>, id: i64) -> Option<FbField<'a>> {
        for f in fields {
            if f.dictionary().is_some_and(|d| d.id() == id) {
                return Some(f);
            }
            if let Some(found) = find(f.children().into_iter().flatten(), id) {
                return Some(found);
            }
        }
        None
    }
    find(schema.fields().into_iter().flatten(), id)
}

/// How a dictionary-encoded field is laid out in the batch at hand: as its keys (record
/// batches), or as its values (the dictionary batch of its own dictionary).
#[derive(Clone, Copy)]
enum Encoded {
    Keys,
    Values,
}

/// A walk over a batch's nodes and buffers in the order Arrow's reader takes them.
struct Layout {
    /// Field nodes not yet taken.
    nodes: usize,
    /// The lengths of the buffers not yet taken.
    buffers: std::vec::IntoIter<i64>,
    variadic: std::vec::IntoIter<i64>,
    at: usize,
    buffer: usize,
}

impl Layout {
    fn new(batch: FbBatch<'_>, at: usize) -> Result<Self> {
        if batch.compression().is_some() {
            return Err(bad(format!(
                "message at byte {at}: its body is compressed; huntkit reads uncompressed Arrow IPC"
            )));
        }
        Ok(Layout {
            nodes: batch.nodes().map_or(0, |n| n.len()),
            buffers: batch
                .buffers()
                .into_iter()
                .flatten()
                .map(|b| b.length())
                .collect::<Vec<_>>()
                .into_iter(),
            variadic: batch
                .variadicBufferCounts()
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .into_iter(),
            at,
            buffer: 0,
        })
    }

    /// Takes the next buffer; `width`, when given, is the size of the values Arrow reads
    /// it as, which its length must be a whole number of.
    fn buffer(&mut self, field: FbField<'_>, width: Option<i64>) -> Result<()> {
        let at = self.at;
        let name = field.name().unwrap_or_default();
        let length = self.buffers.next().ok_or_else(|| {
            bad(format!(
                "message at byte {at}: column {name:?} has fewer buffers than its type needs"
            ))
        })?;
        if let Some(w) = width {
            if length % w != 0 {
                return Err(bad(format!(
                    "message at byte {at}: column {name:?}: buffer {} of {} bytes is not a whole number of {w}-byte values",
                    self.buffer, length
                )));
            }
        }
        self.buffer += 1;
        Ok(())
    }

    /// Takes the node and buffers of `field` and its children.
    fn column<'a>(&mut self, field: FbField<'a>, depth: usize, encoded: Encoded) -> Result<()> {
        let at = self.at;
        let name = field.name().unwrap_or_default();
        if depth > 64 {
            return Err(bad(format!(
                "message at byte {at}: column {name:?} nests more than 64 levels deep"
            )));
        }
        let Some(left) = self.nodes.checked_sub(1) else {
            return Err(bad(format!(
                "message at byte {at}: column {name:?} has no field node"
            )));
        };
        self.nodes = left;
        if let (Some(dictionary), Encoded::Keys) = (field.dictionary(), encoded) {
            // The batch holds the keys; the values come in dictionary batches.
            let width = dictionary
                .indexType()
                .map_or(4, |t| i64::from(t.bitWidth()) / 8)
                .max(1);
            self.buffer(field, None)?;
            return self.buffer(field, Some(width));
        }
        let children: Vec<FbField<'a>> = field.children().into_iter().flatten().collect();
        let child = |i: usize| {
            children.get(i).copied().ok_or_else(|| {
                bad(format!(
                    "message at byte {at}: column {name:?} has no child column"
                ))
            })
        };
        match field.type_type() {
            Type::Null => {}
            Type::Utf8 | Type::Binary => {
                self.buffer(field, None)?;
                self.buffer(field, Some(4))?;
                self.buffer(field, None)?;
            }
            Type::LargeUtf8 | Type::LargeBinary => {
                self.buffer(field, None)?;
                self.buffer(field, Some(8))?;
                self.buffer(field, None)?;
            }
            Type::Utf8View | Type::BinaryView => {
                let data = self.variadic.next().ok_or_else(|| {
                    bad(format!(
                        "message at byte {at}: column {name:?} has no count of its data buffers"
                    ))
                })?;
                self.buffer(field, None)?;
                self.buffer(field, Some(16))?;
                for _ in 0..data.max(0) {
                    self.buffer(field, None)?;
                }
            }
            Type::List | Type::Map => {
                self.buffer(field, None)?;
                self.buffer(field, Some(4))?;
                self.column(child(0)?, depth + 1, Encoded::Keys)?;
            }
            Type::LargeList => {
                self.buffer(field, None)?;
                self.buffer(field, Some(8))?;
                self.column(child(0)?, depth + 1, Encoded::Keys)?;
            }
            Type::FixedSizeList => {
                self.buffer(field, None)?;
                self.column(child(0)?, depth + 1, Encoded::Keys)?;
            }
            Type::Struct_ => {
                self.buffer(field, None)?;
                for c in children.iter().copied() {
                    self.column(c, depth + 1, Encoded::Keys)?;
                }
            }
            Type::Int
            | Type::FloatingPoint
            | Type::Bool
            | Type::Decimal
            | Type::Date
            | Type::Time
            | Type::Timestamp
            | Type::Interval
            | Type::Duration
            | Type::FixedSizeBinary => {
                self.buffer(field, None)?;
                self.buffer(field, None)?;
            }
            // Unions, run-end encoding and list views: no security log needs them, and
            // arrow-ipc reads them with fewer checks.
            t => {
                return Err(bad(format!(
                    "message at byte {at}: column {name:?} has Arrow type {}, which huntkit does not read",
                    t.variant_name().unwrap_or("unknown")
                )))
            }
        }
        Ok(())
    }
}

/// Reads the length prefix of an encapsulated message at `pos`: the metadata's start and
/// length, or `None` at the end-of-stream marker.
fn prefix(bytes: &[u8], pos: usize) -> Result<Option<(usize, usize)>> {
    let Some(first) = u32_at(bytes, pos) else {
        return Ok(None);
    };
    let (len, start) = if first == CONTINUATION {
        let len = u32_at(bytes, pos + 4)
            .ok_or_else(|| bad(format!("message at byte {pos}: truncated length")))?;
        (len, pos + 8)
    } else {
        (first, pos + 4)
    };
    if len == 0 {
        return Ok(None);
    }
    Ok(Some((start, len as usize)))
}

/// Checks every message of an IPC stream; returns where the messages end (at the
/// end-of-stream marker, or the end of the data), which is where reading stops.
pub(crate) fn check_stream(bytes: &[u8]) -> Result<usize> {
    let mut pos = 0usize;
    let mut schema = None;
    while let Some((start, len)) = prefix(bytes, pos)? {
        let meta_end = start
            .checked_add(len)
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| {
                bad(format!(
                    "message at byte {pos}: metadata runs past the end of the data"
                ))
            })?;
        let meta = bytes.get(start..meta_end).unwrap_or_default();
        let (body_len, found) = check_message(meta, (bytes.len() - meta_end) as u64, pos, schema)?;
        // The stream's first schema is the one arrow-ipc reads batches with.
        schema = schema.or(found);
        pos = meta_end
            .checked_add(body_len as usize)
            .ok_or_else(|| bad("message body overflows"))?;
    }
    Ok(pos.min(bytes.len()))
}

/// Checks the footer's blocks of an IPC file and the messages they point at; returns
/// the footer, for the reader to take the blocks from.
pub(crate) fn check_file(bytes: &[u8]) -> Result<Footer<'_>> {
    let n = bytes.len();
    if n < 16 || !bytes.ends_with(b"ARROW1") {
        return Err(bad(
            "the file is truncated: it does not end with the ARROW1 magic",
        ));
    }
    let footer_len = u32_at(bytes, n - 10).unwrap_or(0) as usize;
    let footer_start = (n - 10)
        .checked_sub(footer_len)
        .ok_or_else(|| bad("the footer is longer than the file"))?;
    let footer = root_as_footer(bytes.get(footer_start..n - 10).unwrap_or_default())
        .map_err(|e| bad(format!("footer: {e}")))?;
    let blocks = footer
        .recordBatches()
        .into_iter()
        .flatten()
        .chain(footer.dictionaries().into_iter().flatten());
    for block in blocks {
        let offset =
            usize::try_from(block.offset()).map_err(|_| bad("a block has a negative offset"))?;
        let meta_len = usize::try_from(block.metaDataLength())
            .map_err(|_| bad("a block has a negative metadata length"))?;
        let body_len = u64::try_from(block.bodyLength())
            .map_err(|_| bad("a block has a negative body length"))?;
        let meta_end = offset
            .checked_add(meta_len)
            .filter(|&e| e <= footer_start)
            .ok_or_else(|| {
                bad(format!(
                    "block at byte {offset}: metadata runs past the data"
                ))
            })?;
        (meta_end as u64)
            .checked_add(body_len)
            .filter(|&e| e <= footer_start as u64)
            .ok_or_else(|| bad(format!("block at byte {offset}: body runs past the data")))?;
        let Some((start, len)) = prefix(bytes.get(..meta_end).unwrap_or_default(), offset)? else {
            return Err(bad(format!("block at byte {offset}: no message")));
        };
        let meta = bytes
            .get(start..start.saturating_add(len).min(meta_end))
            .unwrap_or_default();
        check_message(meta, body_len, offset, footer.schema())?;
    }
    Ok(footer)
}
