//! Decoder fuzzing: arbitrary text, and arbitrary bytes wrapped in base64 so that the
//! archive and stream readers see attacker-chosen containers. Neither mode may panic, and
//! every result must convert to a record table.
#![no_main]

use huntkit_decode::{decode, Compat, DecodeOptions};
use libfuzzer_sys::fuzz_target;

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len() / 3 * 4 + 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let wrapped = format!("x {} y", base64(data));
    for compat in [Compat::Huntkit, Compat::Msticpy] {
        let options = DecodeOptions {
            compat,
            max_output_bytes: 1 << 20,
            max_items: 200,
            ..DecodeOptions::default()
        };
        for input in [text.as_ref(), wrapped.as_str()] {
            let out = decode(input, &options).expect("default options are valid");
            let produced: usize = out.records.iter().map(|r| r.input_bytes.len()).sum();
            assert!(produced <= options.max_output_bytes);
            assert!(out.records.len() <= options.max_items);
            out.to_batch(&options).expect("record table");
        }
    }
});
