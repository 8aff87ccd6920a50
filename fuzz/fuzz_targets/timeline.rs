//! Fuzz the timeline engine: arbitrary bytes as an event table (CSV, JSON or Arrow) indexed
//! on its first columns, and arbitrary events with arbitrary query windows, widths and
//! lanes. Nothing may panic; binning must account for exactly the events in the window.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use huntkit_core::{read, ReadOptions};
use huntkit_timeline::{Event, Limits, Timeline, TimelineIndex, TimelineOptions};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Query {
    start: i64,
    end: i64,
    width: u16,
    lane: u8,
    tolerance: i64,
    hidden: Vec<u8>,
}

fn exercise(index: &TimelineIndex, q: &Query, events: Option<&[Event]>) {
    let hidden: Vec<u32> = q.hidden.iter().map(|&l| u32::from(l % 8)).collect();
    if let Ok(bins) = index.bin(q.start, q.end, u32::from(q.width), &hidden) {
        let total: u64 = bins.count.iter().map(|&c| u64::from(c)).sum();
        assert_eq!(total, bins.visible);
        assert!(bins.column.iter().all(|&c| c < u32::from(q.width)));
        if let Some(events) = events {
            let want = events
                .iter()
                .filter(|e| !hidden.contains(&e.lane) && e.time >= q.start && e.time < q.end)
                .count() as u64;
            assert_eq!(bins.visible, want);
        }
    }
    let _ = index.hit(u32::from(q.lane % 8), q.start, q.tolerance, 50);
    let sel = index.select(q.start, q.end, &hidden);
    assert!(sel.rows.windows(2).all(|w| w[0] < w[1]));
    let _ = index.spans();
    let _ = index.padded_extent(0.15);
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(query) = Query::arbitrary(&mut u) else {
        return;
    };
    let Ok(raw) = Vec::<(u8, i64)>::arbitrary(&mut u) else {
        return;
    };
    let events: Vec<Event> = raw
        .iter()
        .enumerate()
        .map(|(row, &(lane, time))| Event {
            row: row as u32,
            lane: u32::from(lane % 8),
            time,
            colour: 0,
            value: time as f64,
            end: time,
        })
        .collect();
    if let Ok(index) = TimelineIndex::build(events.clone(), 8, true, Limits::default()) {
        exercise(&index, &query, Some(&events));
    }

    // The rest of the input as a table, indexed on its first, second and third columns.
    let rest = u.take_rest();
    let opts = ReadOptions {
        max_bytes: 1 << 20,
        ..ReadOptions::default()
    };
    if let Ok(table) = read(rest, &opts) {
        let names = table.column_names();
        let pick = |i: usize| names.get(i).cloned().unwrap_or_default();
        let options = TimelineOptions {
            time_column: pick(0),
            group_by: vec![pick(1)],
            color_column: Some(pick(2)),
            value_column: Some(pick(2)),
            end_time_column: Some(pick(0)),
            ..TimelineOptions::default()
        };
        if let Ok(timeline) = Timeline::from_table(&table, &options) {
            exercise(&timeline.index, &query, None);
        }
    }
});
