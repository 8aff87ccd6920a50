//! Unpacking gzip, zlib, zip and tar within a budget of output bytes and items.

use std::io::{Cursor, Read};

/// What one input may still spend. Shared by every level of nesting, so a bomb cannot
/// multiply its allowance by nesting.
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    pub bytes_left: usize,
    pub items_left: usize,
}

impl Budget {
    /// Takes `n` bytes from the allowance, or nothing when they do not fit.
    pub(crate) fn take_bytes(&mut self, n: usize) -> bool {
        match self.bytes_left.checked_sub(n) {
            Some(left) => {
                self.bytes_left = left;
                true
            }
            None => false,
        }
    }

    /// Takes one item from the allowance, or nothing when none is left.
    pub(crate) fn take_item(&mut self) -> bool {
        match self.items_left.checked_sub(1) {
            Some(left) => {
                self.items_left = left;
                true
            }
            None => false,
        }
    }
}

/// How reading a stream ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ending {
    Complete,
    /// The budget ran out before the stream did.
    Truncated,
    /// The stream is damaged; what was read before the damage is kept.
    Damaged(String),
}

/// Reads at most `limit` bytes. The buffer never grows past `limit`, so a stream that
/// claims to be huge costs no more memory than the budget allows.
pub(crate) fn read_bounded<R: Read>(mut reader: R, limit: usize) -> (Vec<u8>, Ending) {
    let mut out: Vec<u8> = Vec::new();
    // Small enough that zeroing it per stream costs little; large enough for few calls.
    let mut chunk = vec![0u8; 8 * 1024];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => return (out, Ending::Complete),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return (out, Ending::Damaged(e.to_string())),
        };
        let room = limit.saturating_sub(out.len());
        let Some(data) = chunk.get(..n.min(room)) else {
            return (out, Ending::Truncated);
        };
        let needed = out.len().saturating_add(data.len());
        if needed > out.capacity() {
            let target = out
                .capacity()
                .saturating_mul(2)
                .max(needed)
                .min(limit)
                .max(needed);
            out.reserve_exact(target.saturating_sub(out.len()));
        }
        out.extend_from_slice(data);
        if n > room {
            return (out, Ending::Truncated);
        }
    }
}

/// One file taken out of a container.
#[derive(Debug)]
pub(crate) struct Member {
    pub name: String,
    pub bytes: Vec<u8>,
    pub ending: Ending,
}

/// The members of a container, and why listing stopped early if it did.
#[derive(Debug, Default)]
pub(crate) struct Unpacked {
    pub members: Vec<Member>,
    /// The container itself could not be read (or stopped being readable part-way).
    pub damage: Option<String>,
    /// The budget ran out before every member was listed.
    pub truncated: bool,
}

impl Unpacked {
    /// Records a member read within the budget and charges its bytes; false when it was
    /// cut short, which ends the listing.
    fn record(
        &mut self,
        name: String,
        bytes: Vec<u8>,
        ending: Ending,
        budget: &mut Budget,
    ) -> bool {
        budget.bytes_left = budget.bytes_left.saturating_sub(bytes.len());
        let complete = ending != Ending::Truncated;
        self.members.push(Member {
            name,
            bytes,
            ending,
        });
        self.truncated |= !complete;
        complete
    }
}

/// The container types huntkit unpacks.
pub(crate) fn is_container(kind: &str) -> bool {
    matches!(kind, "zip" | "tar" | "gz" | "zlib" | "deflate")
}

/// What inflating raw DEFLATE gave: how many bytes, and the first of them.
pub(crate) struct Inflated {
    pub produced: usize,
    pub head: Vec<u8>,
}

/// How much of an inflated stream is kept to tell what it holds.
const HEAD: usize = 4096;

/// Inflates `bytes` as one raw DEFLATE stream (RFC 1951, no gzip or zlib header), as
/// .NET's `DeflateStream` writes them, if it is one: it must inflate without error, end,
/// and use every byte, or produce `limit` bytes. The output is counted, not kept, so
/// checking a bomb costs time within the budget and no memory.
pub(crate) fn inflate_raw(bytes: &[u8], limit: usize) -> Option<Inflated> {
    // Most random bytes fail on the first block header: block type 3 does not exist, and
    // a stored block's length must match its complement. Refusing them here spares
    // setting up an inflater (a 32 KiB window) per candidate.
    let first = *bytes.first()?;
    match (first >> 1) & 0b11 {
        0b11 => return None,
        0b00 => {
            let len = u16::from_le_bytes([*bytes.get(1)?, *bytes.get(2)?]);
            let nlen = u16::from_le_bytes([*bytes.get(3)?, *bytes.get(4)?]);
            if len != !nlen {
                return None;
            }
        }
        _ => {}
    }
    let mut reader = flate2::bufread::DeflateDecoder::new(bytes);
    let mut chunk = [0u8; 8 * 1024];
    let mut out = Inflated {
        produced: 0,
        head: Vec::new(),
    };
    loop {
        match reader.read(&mut chunk) {
            Ok(0) => {
                let used = usize::try_from(reader.total_in()).unwrap_or(usize::MAX);
                return (out.produced > 0 && used == bytes.len()).then_some(out);
            }
            Ok(n) => {
                let read = chunk.get(..n).unwrap_or_default();
                let room = HEAD.saturating_sub(out.head.len());
                out.head
                    .extend_from_slice(read.get(..room.min(n)).unwrap_or_default());
                out.produced = out.produced.saturating_add(n);
                if out.produced >= limit {
                    return Some(out);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

/// Unpacks `bytes` as `kind` (`zip`, `tar`, `gz`, `zlib` or raw `deflate`).
pub(crate) fn unpack(kind: &str, bytes: &[u8], budget: &mut Budget) -> Unpacked {
    match kind {
        "zip" => zip_members(bytes, budget),
        "tar" => tar_members(bytes, budget),
        "gz" => stream(
            flate2::read::MultiGzDecoder::new(bytes),
            "gzip_file",
            budget,
        ),
        "zlib" => stream(flate2::read::ZlibDecoder::new(bytes), "zlib_data", budget),
        "deflate" => stream(
            flate2::read::DeflateDecoder::new(bytes),
            "deflate_data",
            budget,
        ),
        _ => Unpacked {
            damage: Some(format!("`{kind}` is not a container huntkit unpacks")),
            ..Unpacked::default()
        },
    }
}

fn stream<R: Read>(reader: R, name: &str, budget: &mut Budget) -> Unpacked {
    let mut out = Unpacked::default();
    if budget.items_left == 0 {
        out.truncated = true;
        return out;
    }
    let (bytes, ending) = read_bounded(reader, budget.bytes_left);
    budget.bytes_left = budget.bytes_left.saturating_sub(bytes.len());
    match ending {
        Ending::Damaged(reason) if bytes.is_empty() => out.damage = Some(reason),
        ending => {
            out.truncated = ending == Ending::Truncated;
            out.members.push(Member {
                name: name.to_owned(),
                bytes,
                ending,
            });
        }
    }
    out
}

fn zip_members(bytes: &[u8], budget: &mut Budget) -> Unpacked {
    let mut out = Unpacked::default();
    // The iterable reader walks the central directory one entry at a time, so an archive
    // of a hundred thousand entries costs no index in memory.
    let mut archive = match zip::unstable::read::ZipIterable::try_new(
        Cursor::new(bytes),
        zip::read::Config::default(),
    ) {
        Ok(a) => a,
        Err(e) => {
            out.damage = Some(format!("zip: {e}"));
            return out;
        }
    };
    let mut files = match archive.files_with_cloned_reader(zip::ZipReadOptions::new()) {
        Ok(f) => f,
        Err(e) => {
            out.damage = Some(format!("zip: {e}"));
            return out;
        }
    };
    while let Some(entry) = files.next() {
        // Items are charged when the caller records the members; here they only bound
        // how many are listed.
        if out.members.len() >= budget.items_left {
            out.truncated = true;
            break;
        }
        let file = match entry {
            Ok(f) => f,
            Err(e) => {
                out.damage = Some(format!("zip entry {}: {e}", out.members.len()));
                break;
            }
        };
        let name = match file.name() {
            Ok(n) => n.into_owned(),
            Err(_) => String::from_utf8_lossy(file.name_raw()).into_owned(),
        };
        let (data, ending) = if file.is_dir() {
            (Vec::new(), Ending::Complete)
        } else {
            read_bounded(file, budget.bytes_left)
        };
        if !out.record(name, data, ending, budget) {
            break;
        }
    }
    out
}

fn tar_members(bytes: &[u8], budget: &mut Budget) -> Unpacked {
    let mut out = Unpacked::default();
    let mut archive = tar::Archive::new(Cursor::new(bytes));
    let entries = match archive.entries() {
        Ok(e) => e,
        Err(e) => {
            out.damage = Some(format!("tar: {e}"));
            return out;
        }
    };
    for entry in entries {
        // Items are charged when the caller records the members; here they only bound
        // how many are listed.
        if out.members.len() >= budget.items_left {
            out.truncated = true;
            break;
        }
        let mut entry = match entry {
            Ok(e) => e,
            Err(e) => {
                out.damage = Some(format!("tar entry {}: {e}", out.members.len()));
                break;
            }
        };
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let (data, ending) = if entry.header().entry_type().is_file() {
            read_bounded(&mut entry, budget.bytes_left)
        } else {
            (Vec::new(), Ending::Complete)
        };
        if !out.record(name, data, ending, budget) {
            break;
        }
    }
    if out.members.is_empty() && out.damage.is_none() && !out.truncated {
        out.damage = Some("tar: no entries".to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn bounded_read_stops_at_limit() {
        let (bytes, ending) = read_bounded(&[7u8; 1000][..], 100);
        assert_eq!(bytes.len(), 100);
        assert_eq!(ending, Ending::Truncated);
        assert!(bytes.capacity() <= 100);
        let (bytes, ending) = read_bounded(&[7u8; 100][..], 100);
        assert_eq!((bytes.len(), ending), (100, Ending::Complete));
    }

    #[test]
    fn gzip_and_truncation() {
        let packed = gz(b"hello hello hello");
        let mut budget = Budget {
            bytes_left: 1 << 20,
            items_left: 10,
        };
        let out = unpack("gz", &packed, &mut budget);
        assert_eq!(out.members[0].bytes, b"hello hello hello");
        assert_eq!(out.members[0].name, "gzip_file");
        let cut = unpack("gz", &packed[..packed.len() - 12], &mut budget);
        assert!(
            matches!(
                cut.members.first().map(|m| &m.ending),
                Some(Ending::Damaged(_))
            ) || cut.damage.is_some()
        );
        let broken = unpack("zip", b"PK\x03\x04 not really", &mut budget);
        assert!(broken.damage.is_some());
    }
}
