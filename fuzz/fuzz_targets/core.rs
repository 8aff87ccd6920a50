//! Any bytes, read in every format: an error or a table, never a panic; and any table read
//! must inspect and write back out; reading owned bytes gives the same outcome.
#![no_main]

use huntkit_core::{Format, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let formats = [
        None,
        Some(Format::ArrowStream),
        Some(Format::ArrowFile),
        Some(Format::Csv),
        Some(Format::Json),
        Some(Format::Ndjson),
    ];
    for format in formats {
        let opts = ReadOptions { format, max_rows: 10_000, ..ReadOptions::default() };
        // The owned read decodes Arrow where it lies; it must agree with the borrowed one.
        let owned = huntkit_core::read_owned(data.to_vec(), &opts);
        let read = huntkit_core::read(data, &opts);
        assert_eq!(owned.is_ok(), read.is_ok());
        if let Ok(table) = read {
            let _ = huntkit_core::inspect(&table);
            for out in [Format::ArrowStream, Format::Csv, Format::Ndjson] {
                let _ = huntkit_core::write(&table, out);
            }
            for name in table.column_names() {
                let _ = table.str_column(&name);
                let _ = table.timestamps(&name);
                let _ = table.ints(&name);
                let _ = table.floats(&name);
            }
        }
    }
});
