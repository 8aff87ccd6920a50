//! A bounds check of Arrow IPC metadata before arrow-ipc reads it.
//!
//! arrow-ipc slices each buffer of a record batch at the offset and length its metadata
//! gives, and panics when they point past the message body. A panic aborts the whole wasm
//! instance, so every message's buffers are checked against its body here first, and
//! hostile bytes get an `invalid_arrow` error instead.

use arrow::ipc::{root_as_footer, root_as_message, MessageHeader};

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

/// Checks one message's buffers against the length of its body.
fn check_message(meta: &[u8], body_len: u64, at: usize) -> Result<u64> {
    let msg = root_as_message(meta).map_err(|e| bad(format!("message at byte {at}: {e}")))?;
    let declared = u64::try_from(msg.bodyLength())
        .map_err(|_| bad(format!("message at byte {at}: negative body length")))?;
    if declared > body_len {
        return Err(bad(format!(
            "message at byte {at}: its body of {declared} bytes runs past the end of the data"
        )));
    }
    let buffers = match msg.header_type() {
        MessageHeader::RecordBatch => msg.header_as_record_batch().and_then(|b| b.buffers()),
        MessageHeader::DictionaryBatch => msg
            .header_as_dictionary_batch()
            .and_then(|d| d.data())
            .and_then(|b| b.buffers()),
        _ => None,
    };
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
    Ok(declared)
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

/// Checks every message of an IPC stream.
pub(crate) fn check_stream(bytes: &[u8]) -> Result<()> {
    let mut pos = 0usize;
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
        let body_len = check_message(meta, (bytes.len() - meta_end) as u64, pos)?;
        pos = meta_end
            .checked_add(body_len as usize)
            .ok_or_else(|| bad("message body overflows"))?;
    }
    Ok(())
}

/// Checks the footer's blocks of an IPC file and the messages they point at.
pub(crate) fn check_file(bytes: &[u8]) -> Result<()> {
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
        let body_end = (meta_end as u64)
            .checked_add(body_len)
            .filter(|&e| e <= footer_start as u64)
            .ok_or_else(|| bad(format!("block at byte {offset}: body runs past the data")))?;
        let _ = body_end;
        let Some((start, len)) = prefix(bytes.get(..meta_end).unwrap_or_default(), offset)? else {
            return Err(bad(format!("block at byte {offset}: no message")));
        };
        let meta = bytes
            .get(start..start.saturating_add(len).min(meta_end))
            .unwrap_or_default();
        check_message(meta, body_len, offset)?;
    }
    Ok(())
}
