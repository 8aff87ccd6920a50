//! Recognising content: MSTICPy's table of base64 prefixes, and real magic numbers.

/// MSTICPy's prefixes of base64 text and the types they stand for, checked in this order.
const B64_PREFIXES: &[(&str, &str)] = &[
    (
        "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+AAAAA4fug",
        "exe",
    ),
    (
        "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA8AAAAA4fug",
        "dll",
    ),
    (
        "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA6AAAAA4fug",
        "sys",
    ),
    ("UEsDBBQAAAAIA", "zip"),
    ("UEsDBBQAAQAIA", "zip (pwd protected)"),
    ("H4sI", "gz"),
    ("N3q8ryccAAR", "7z"),
    ("UmFyIRoHAM", "rar"),
    ("JVBERi0xLjcNC", "pdf"),
    ("0M8R4KGxGuE", "msi"),
    ("TVNXSU0AAADQ", "wim"),
];

/// The base64 of a tar header's mode field (`0100777\0000000`), searched anywhere in the
/// first 160 characters, without regard to case.
const B64_TAR_MARK: &str = "DAxMDA3NzcAMDAwMDAwM";

/// The type MSTICPy infers from the first 160 characters of a base64 candidate.
pub(crate) fn msticpy_type(candidate: &str) -> Option<&'static str> {
    let head: String = candidate
        .chars()
        .take(160)
        .filter(|c| *c != '\r' && *c != '\n')
        .collect();
    for (prefix, kind) in B64_PREFIXES {
        if head.starts_with(prefix) {
            return Some(kind);
        }
    }
    if head
        .to_ascii_uppercase()
        .contains(&B64_TAR_MARK.to_ascii_uppercase())
    {
        return Some("tar");
    }
    None
}

fn le_u16(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([*b.first()?, *b.get(1)?]))
}

fn le_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([
        *b.first()?,
        *b.get(1)?,
        *b.get(2)?,
        *b.get(3)?,
    ]))
}

/// Tells a PE image's kind from its headers: a DLL by its characteristics flag, a driver by
/// the native subsystem, else an executable.
fn pe_kind(bytes: &[u8]) -> &'static str {
    let pe = le_u32(bytes, 0x3c).and_then(|o| usize::try_from(o).ok());
    let Some(pe) = pe.filter(|o| bytes.get(*o..o.saturating_add(4)) == Some(b"PE\0\0")) else {
        return "exe";
    };
    let characteristics = le_u16(bytes, pe.saturating_add(22)).unwrap_or(0);
    if characteristics & 0x2000 != 0 {
        return "dll";
    }
    // Subsystem sits 68 bytes into the optional header, which follows the 24-byte headers.
    if le_u16(bytes, pe.saturating_add(24 + 68)) == Some(1) {
        return "sys";
    }
    "exe"
}

/// The type of decoded bytes, from their magic numbers.
pub(crate) fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"MZ") && bytes.len() >= 64 {
        return Some(pe_kind(bytes));
    }
    if starts(b"\x7fELF") {
        return Some("elf");
    }
    if starts(b"%PDF-") {
        return Some("pdf");
    }
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        return Some("zip");
    }
    if starts(b"\x1f\x8b\x08") {
        return Some("gz");
    }
    if starts(b"7z\xbc\xaf\x27\x1c") {
        return Some("7z");
    }
    if starts(b"Rar!\x1a\x07") {
        return Some("rar");
    }
    if starts(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        return Some("ole");
    }
    if starts(b"MSWIM\0\0\0") {
        return Some("wim");
    }
    if starts(b"BZh") && bytes.get(3).is_some_and(|b| (b'1'..=b'9').contains(b)) {
        return Some("bz2");
    }
    if starts(b"\xfd7zXZ\0") {
        return Some("xz");
    }
    if bytes.get(257..262) == Some(b"ustar") {
        return Some("tar");
    }
    if let (Some(&cmf), Some(&flg)) = (bytes.first(), bytes.get(1)) {
        // A zlib header: deflate with a window of at most 32 KiB, no preset dictionary, and
        // a check value that makes the pair a multiple of 31.
        let header = u16::from(cmf) << 8 | u16::from(flg);
        if cmf & 0x0f == 8 && cmf >> 4 <= 7 && flg & 0x20 == 0 && header % 31 == 0 {
            return Some("zlib");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn msticpy_prefixes() {
        assert_eq!(msticpy_type("\nUEsDBBQAAAAIABBkmk1"), Some("zip"));
        assert_eq!(msticpy_type("H4sIAAAAAAAA"), Some("gz"));
        assert_eq!(msticpy_type("xxxxdaxmda3nzcamdawmdawmxxxx"), Some("tar"));
        assert_eq!(msticpy_type("VGhpcyBpcyBh"), None);
    }

    #[test]
    fn magic_numbers() {
        assert_eq!(sniff(b"\x1f\x8b\x08\0"), Some("gz"));
        assert_eq!(sniff(b"\x78\x9c\x01\x02"), Some("zlib"));
        assert_eq!(sniff(b"\x7fELF\x02"), Some("elf"));
        assert_eq!(sniff(b"%PDF-1.7"), Some("pdf"));
        assert_eq!(sniff(b"hello world"), None);
        let mut tar = vec![0u8; 512];
        tar[257..262].copy_from_slice(b"ustar");
        assert_eq!(sniff(&tar), Some("tar"));
        let mut pe = vec![0u8; 512];
        pe[..2].copy_from_slice(b"MZ");
        pe[0x3c] = 0x80;
        pe[0x80..0x84].copy_from_slice(b"PE\0\0");
        assert_eq!(sniff(&pe), Some("exe"));
        pe[0x80 + 22 + 1] = 0x20;
        assert_eq!(sniff(&pe), Some("dll"));
        pe[0x80 + 22 + 1] = 0;
        pe[0x80 + 24 + 68] = 1;
        assert_eq!(sniff(&pe), Some("sys"));
    }
}
