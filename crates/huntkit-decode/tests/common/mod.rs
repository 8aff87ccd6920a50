//! Builders for hostile inputs shared by the integration tests.
#![allow(dead_code)]
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use base64::Engine;
use std::io::Write;

pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

pub fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// One zip entry whose data is already compressed (method 8) or stored (method 0).
pub struct Entry<'a> {
    pub name: &'a str,
    pub method: u16,
    pub crc: u32,
    pub data: &'a [u8],
    pub size: u32,
}

impl<'a> Entry<'a> {
    pub fn stored(name: &'a str, data: &'a [u8]) -> Self {
        let mut crc = flate2::Crc::new();
        crc.update(data);
        Entry {
            name,
            method: 0,
            crc: crc.sum(),
            data,
            size: data.len() as u32,
        }
    }
}

/// A minimal zip writer, so that tests can repeat one compressed body many times without
/// compressing it again (the way 42.zip is built).
pub fn zip(entries: &[Entry<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            h.extend_from_slice(&e.method.to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            h.extend_from_slice(&0x21u16.to_le_bytes());
            h.extend_from_slice(&e.crc.to_le_bytes());
            h.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
            h.extend_from_slice(&e.size.to_le_bytes());
            h.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            if central {
                h.extend_from_slice(&[0u8; 10]);
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(e.name.as_bytes());
            h
        };
        out.extend_from_slice(&header(0x0403_4b50, false));
        out.extend_from_slice(e.data);
        central.extend_from_slice(&header(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0u8; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// 42.zip's shape: `levels` of zips, 16 entries each, the innermost entries each holding
/// `leaf_size` zero bytes. Returns the outer zip.
pub fn nested_zip_bomb(levels: usize, leaf_size: usize) -> Vec<u8> {
    let zeros = vec![0u8; leaf_size];
    let mut crc = flate2::Crc::new();
    crc.update(&zeros);
    let mut body = deflate(&zeros);
    let mut body_crc = crc.sum();
    let mut body_size = leaf_size as u32;
    let names: Vec<String> = (0..16).map(|i| format!("{i:x}")).collect();
    let mut archive = Vec::new();
    for level in 0..levels {
        let entries: Vec<Entry<'_>> = names
            .iter()
            .map(|n| Entry {
                name: n,
                method: 8,
                crc: body_crc,
                data: &body,
                size: body_size,
            })
            .collect();
        archive = zip(&entries);
        if level + 1 < levels {
            let mut c = flate2::Crc::new();
            c.update(&archive);
            body_crc = c.sum();
            body_size = archive.len() as u32;
            body = deflate(&archive);
        }
    }
    archive
}

/// A gzip stream of `members` identical members, each inflating to 1 MiB of zeros.
pub fn gzip_bomb(members: usize) -> Vec<u8> {
    let one = gzip(&vec![0u8; 1 << 20]);
    one.repeat(members)
}

/// Raw DEFLATE (no header) of `mib` MiB of zeros, written a MiB at a time.
pub fn deflate_bomb(mib: usize) -> Vec<u8> {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..mib {
        e.write_all(&zeros).unwrap();
    }
    e.finish().unwrap()
}

/// `levels` rounds of base64 over a seed text.
pub fn nested_base64(seed: &str, levels: usize) -> String {
    let mut text = seed.to_owned();
    for _ in 0..levels {
        text = b64(text.as_bytes());
    }
    text
}
