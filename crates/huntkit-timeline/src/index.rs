//! The sorted event index and the queries a view asks of it on every frame.
//!
//! Events are sorted once by `(lane, time, row)`. Each lane then owns one contiguous,
//! time-sorted segment, so every query starts with a binary search and touches only what is
//! visible: binning costs `O(lanes · log n + bins · log n)` (one exponential search per
//! occupied pixel column, never a scan of the events inside it), hit-testing costs
//! `O(log n + k)` and a range selection costs `O(log n + selected)`.

use std::cmp::Ordering;

use serde::Serialize;

use crate::{Error, Limits};

/// Colour code of an event whose colour key is null.
pub const NO_COLOUR: u32 = u32::MAX;

/// One event as handed to [`TimelineIndex::build`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    /// Row of the event in the input table.
    pub row: u32,
    /// Lane (group) number, `0..lane_count`.
    pub lane: u32,
    /// Event time, nanoseconds since the Unix epoch (UTC).
    pub time: i64,
    /// Colour code, or [`NO_COLOUR`].
    pub colour: u32,
    /// Value for values mode; `NaN` when absent.
    pub value: f64,
    /// End time for duration mode (equals `time` when there is no end column).
    pub end: i64,
}

/// Time span of one lane, for duration mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LaneSpan {
    /// Lane number.
    pub lane: u32,
    /// Number of events with a time in this lane.
    pub count: u64,
    /// Earliest event time (ns).
    pub first: i64,
    /// Latest event time, or the latest end time when an end column was given (ns).
    pub last: i64,
    /// Row of the earliest event.
    pub first_row: u32,
    /// Row of the latest event.
    pub last_row: u32,
}

/// Occupied bins of one visible time window, column-wise so a view can hand each vector
/// to its renderer as one typed array.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Bins {
    /// Lane of each bin.
    pub lane: Vec<u32>,
    /// Pixel column of each bin, `0..width`.
    pub column: Vec<u32>,
    /// Number of events in each bin.
    pub count: Vec<u32>,
    /// Representative row of each bin: its earliest event (the lowest row among ties).
    pub row: Vec<u32>,
    /// Colour code of the representative row ([`NO_COLOUR`] when null).
    pub colour: Vec<u32>,
    /// Smallest value in each bin (values mode only; `NaN` when the bin has none).
    pub min: Vec<f64>,
    /// Largest value in each bin (values mode only; `NaN` when the bin has none).
    pub max: Vec<f64>,
    /// Row holding the largest value of each bin (values mode only).
    pub max_row: Vec<u32>,
    /// Events inside the window over all binned lanes.
    pub visible: u64,
    /// Largest `count`, for scaling marker opacity or size.
    pub max_count: u32,
}

/// Rows inside a brushed time range.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Selection {
    /// Selected rows in ascending input order.
    pub rows: Vec<u32>,
    /// Rows in the range in total (may exceed `rows.len()` when truncated).
    pub total: u64,
    /// True when `rows` was cut at the selection limit.
    pub truncated: bool,
}

/// One lane's contiguous segment of the sorted arrays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    start: usize,
    end: usize,
    last_end: i64,
}

/// Events sorted by `(lane, time, row)` with per-lane segments.
#[derive(Debug, Clone, Default)]
pub struct TimelineIndex {
    times: Vec<i64>,
    rows: Vec<u32>,
    colours: Vec<u32>,
    values: Option<Vec<f64>>,
    segments: Vec<Segment>,
    limits: Limits,
}

impl TimelineIndex {
    /// Sorts `events` (any order) into an index with `lane_count` lanes.
    ///
    /// `has_values` keeps the `value` of each event for values mode.
    pub fn build(
        mut events: Vec<Event>,
        lane_count: usize,
        has_values: bool,
        limits: Limits,
    ) -> Result<Self, Error> {
        if events.len() > limits.max_rows {
            return Err(Error::LimitExceeded {
                what: "rows",
                limit: limits.max_rows,
            });
        }
        if lane_count > limits.max_lanes {
            return Err(Error::LimitExceeded {
                what: "lanes",
                limit: limits.max_lanes,
            });
        }
        if let Some(bad) = events.iter().find(|e| e.lane as usize >= lane_count) {
            return Err(Error::InvalidValue(format!(
                "row {} is in lane {} but there are only {lane_count} lanes",
                bad.row, bad.lane
            )));
        }
        events.sort_unstable_by_key(|e| (e.lane, e.time, e.row));
        let mut segments = vec![
            Segment {
                start: 0,
                end: 0,
                last_end: i64::MIN,
            };
            lane_count
        ];
        // Events are sorted by lane, so one pass records where each lane starts and ends.
        let mut current: Option<u32> = None;
        for (i, e) in events.iter().enumerate() {
            if let Some(seg) = segments.get_mut(e.lane as usize) {
                if current != Some(e.lane) {
                    seg.start = i;
                    current = Some(e.lane);
                }
                seg.end = i.saturating_add(1);
                seg.last_end = seg.last_end.max(e.end).max(e.time);
            }
        }
        Ok(Self {
            times: events.iter().map(|e| e.time).collect(),
            rows: events.iter().map(|e| e.row).collect(),
            colours: events.iter().map(|e| e.colour).collect(),
            values: has_values.then(|| events.iter().map(|e| e.value).collect()),
            segments,
            limits,
        })
    }

    /// Number of indexed events (rows with a time).
    pub fn len(&self) -> usize {
        self.times.len()
    }

    /// True when no event has a time.
    pub fn is_empty(&self) -> bool {
        self.times.is_empty()
    }

    /// Number of lanes.
    pub fn lane_count(&self) -> usize {
        self.segments.len()
    }

    /// Earliest and latest event time over all lanes, or `None` when there are no events.
    pub fn extent(&self) -> Option<(i64, i64)> {
        let mut out: Option<(i64, i64)> = None;
        for seg in &self.segments {
            let (Some(&lo), Some(&hi)) = (
                self.times.get(seg.start),
                self.times.get(seg.end.wrapping_sub(1)),
            ) else {
                continue;
            };
            if seg.end <= seg.start {
                continue;
            }
            out = Some(match out {
                None => (lo, hi),
                Some((a, b)) => (a.min(lo), b.max(hi)),
            });
        }
        out
    }

    /// The extent widened by `fraction` of its span on each side (MSTICPy pads the main
    /// chart by 10% and the range selector by 15%). A zero span is widened by one second
    /// each side so that a single event still gets a usable axis.
    pub fn padded_extent(&self, fraction: f64) -> Option<(i64, i64)> {
        let (lo, hi) = self.extent()?;
        let span = hi.saturating_sub(lo);
        let pad = if span == 0 {
            1_000_000_000
        } else {
            // f64 keeps the arithmetic total; the cast saturates.
            (span as f64 * fraction.clamp(0.0, 100.0)) as i64
        };
        Some((lo.saturating_sub(pad), hi.saturating_add(pad)))
    }

    fn segment(&self, lane: u32) -> Option<(&[i64], usize)> {
        let seg = self.segments.get(lane as usize)?;
        Some((self.times.get(seg.start..seg.end)?, seg.start))
    }

    /// Counts the events per (lane, pixel column) in the half-open window `[start, end)`
    /// split into `width` equal columns, keeping one representative row per bin.
    ///
    /// `hidden` lists lanes to leave out (lanes switched off in the legend).
    pub fn bin(&self, start: i64, end: i64, width: u32, hidden: &[u32]) -> Result<Bins, Error> {
        if end <= start {
            return Err(Error::InvalidOption(format!(
                "the time window must end after it starts (start {start}, end {end})"
            )));
        }
        if width == 0 || width > self.limits.max_width {
            return Err(Error::InvalidOption(format!(
                "width must be between 1 and {} pixels, got {width}",
                self.limits.max_width
            )));
        }
        let span = i128::from(end) - i128::from(start);
        let w = i128::from(width);
        let mut out = Bins::default();
        for lane in 0..self.segments.len() {
            let lane = u32::try_from(lane).unwrap_or(u32::MAX);
            if hidden.contains(&lane) {
                continue;
            }
            let Some((times, base)) = self.segment(lane) else {
                continue;
            };
            let lo = times.partition_point(|&t| t < start);
            let hi = times.partition_point(|&t| t < end);
            out.visible = out
                .visible
                .saturating_add(u64::try_from(hi.saturating_sub(lo)).unwrap_or(0));
            let mut i = lo;
            while i < hi {
                let Some(&t) = times.get(i) else { break };
                let col = (i128::from(t) - i128::from(start)) * w / span;
                // First time that falls in the next column: ceil((col + 1) · span / width).
                let next = i128::from(start) + ((col + 1) * span + w - 1) / w;
                let j = gallop(times, i, hi, next);
                let count = u32::try_from(j - i).unwrap_or(u32::MAX);
                let first = base + i;
                out.lane.push(lane);
                out.column
                    .push(u32::try_from(col).unwrap_or(width.saturating_sub(1)));
                out.count.push(count);
                out.row.push(self.rows.get(first).copied().unwrap_or(0));
                out.colour
                    .push(self.colours.get(first).copied().unwrap_or(NO_COLOUR));
                out.max_count = out.max_count.max(count);
                if let Some(values) = &self.values {
                    let (mut mn, mut mx, mut mx_row) = (f64::NAN, f64::NAN, u32::MAX);
                    for k in (base + i)..(base + j) {
                        let Some(&v) = values.get(k) else { break };
                        if v.is_nan() {
                            continue;
                        }
                        if mn.is_nan() || v < mn {
                            mn = v;
                        }
                        if mx.is_nan() || v > mx {
                            mx = v;
                            mx_row = self.rows.get(k).copied().unwrap_or(u32::MAX);
                        }
                    }
                    out.min.push(mn);
                    out.max.push(mx);
                    out.max_row.push(mx_row);
                }
                if out.lane.len() > self.limits.max_bins {
                    return Err(Error::LimitExceeded {
                        what: "bins",
                        limit: self.limits.max_bins,
                    });
                }
                i = j;
            }
        }
        Ok(out)
    }

    /// Rows of the events in `lane` nearest to `time`, nearest first, at most `tolerance`
    /// nanoseconds away and at most `limit` of them (capped by the hit limit). Ties go to the
    /// earlier event.
    pub fn hit(&self, lane: u32, time: i64, tolerance: i64, limit: usize) -> Vec<u32> {
        let Some((times, base)) = self.segment(lane) else {
            return Vec::new();
        };
        let limit = limit.min(self.limits.max_hits);
        let tolerance = i128::from(tolerance.max(0));
        let at = times.partition_point(|&t| t < time);
        let (mut left, mut right) = (at, at);
        let mut out = Vec::new();
        while out.len() < limit {
            let dl = left
                .checked_sub(1)
                .and_then(|k| times.get(k))
                .map(|&t| i128::from(time) - i128::from(t));
            let dr = times.get(right).map(|&t| i128::from(t) - i128::from(time));
            let take_left = match (dl, dr) {
                (None, None) => break,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (Some(a), Some(b)) => a.cmp(&b) != Ordering::Greater,
            };
            let (d, k) = if take_left {
                left -= 1;
                (dl.unwrap_or(i128::MAX), left)
            } else {
                right += 1;
                (dr.unwrap_or(i128::MAX), right - 1)
            };
            if d > tolerance {
                break;
            }
            if let Some(&row) = self.rows.get(base + k) {
                out.push(row);
            }
        }
        out
    }

    /// Rows with a time in the closed range `[start, end]` in the lanes not listed in
    /// `hidden`, in ascending row order, cut at the selection limit.
    pub fn select(&self, start: i64, end: i64, hidden: &[u32]) -> Selection {
        let mut out = Selection::default();
        if end < start {
            return out;
        }
        let cap = self.limits.max_selected;
        for lane in 0..self.segments.len() {
            let lane = u32::try_from(lane).unwrap_or(u32::MAX);
            if hidden.contains(&lane) {
                continue;
            }
            let Some((times, base)) = self.segment(lane) else {
                continue;
            };
            let lo = times.partition_point(|&t| t < start);
            let hi = times.partition_point(|&t| t <= end);
            let n = hi.saturating_sub(lo);
            out.total = out.total.saturating_add(u64::try_from(n).unwrap_or(0));
            let room = cap.saturating_sub(out.rows.len());
            if n > room {
                out.truncated = true;
            }
            if let Some(rows) = self.rows.get(base + lo..base + lo + n.min(room)) {
                out.rows.extend_from_slice(rows);
            }
        }
        out.rows.sort_unstable();
        out
    }

    /// First and last time of every non-empty lane, in lane order.
    pub fn spans(&self) -> Vec<LaneSpan> {
        let mut out = Vec::new();
        for (lane, seg) in self.segments.iter().enumerate() {
            if seg.end <= seg.start {
                continue;
            }
            let last = seg.end - 1;
            let (Some(&first_t), Some(&first_row), Some(&last_row)) = (
                self.times.get(seg.start),
                self.rows.get(seg.start),
                self.rows.get(last),
            ) else {
                continue;
            };
            out.push(LaneSpan {
                lane: u32::try_from(lane).unwrap_or(u32::MAX),
                count: u64::try_from(seg.end - seg.start).unwrap_or(u64::MAX),
                first: first_t,
                last: seg.last_end,
                first_row,
                last_row,
            });
        }
        out
    }
}

/// First index in `times[from..to]` whose time is `>= target`, found by galloping from
/// `from`: `O(log k)` where `k` is the distance moved, so dense columns cost little.
fn gallop(times: &[i64], from: usize, to: usize, target: i128) -> usize {
    let below = |k: usize| times.get(k).is_some_and(|&t| i128::from(t) < target);
    let mut lo = from;
    let mut step = 1usize;
    let mut hi = from;
    while hi < to && below(hi) {
        lo = hi + 1;
        hi = from.saturating_add(step).min(to);
        step = step.saturating_mul(2);
    }
    let hi = hi.min(to);
    if lo >= hi {
        return hi.max(lo).min(to);
    }
    let slice = times.get(lo..hi).unwrap_or(&[]);
    lo + slice.partition_point(|&t| i128::from(t) < target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use huntkit_core::ErrorCode;

    fn ev(row: u32, lane: u32, time: i64) -> Event {
        Event {
            row,
            lane,
            time,
            colour: row % 3,
            value: f64::from(row),
            end: time,
        }
    }

    fn index(events: Vec<Event>, lanes: usize) -> TimelineIndex {
        TimelineIndex::build(events, lanes, true, Limits::default()).unwrap()
    }

    /// Reference binning by brute force: every event, one at a time.
    fn brute(events: &[Event], start: i64, end: i64, width: u32) -> Vec<(u32, u32, u32, u32)> {
        let mut map = std::collections::BTreeMap::<(u32, u32), (u32, (i64, u32))>::new();
        for e in events {
            if e.time < start || e.time >= end {
                continue;
            }
            let col = ((i128::from(e.time) - i128::from(start)) * i128::from(width)
                / (i128::from(end) - i128::from(start))) as u32;
            let entry = map
                .entry((e.lane, col))
                .or_insert((0, (i64::MAX, u32::MAX)));
            entry.0 += 1;
            entry.1 = entry.1.min((e.time, e.row));
        }
        map.into_iter()
            .map(|((l, c), (n, (_, r)))| (l, c, n, r))
            .collect()
    }

    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    }

    #[test]
    fn binning_matches_brute_force() {
        let mut seed = 7;
        for round in 0..40 {
            let n = 1 + (lcg(&mut seed) % 3000) as u32;
            let lanes = 1 + (lcg(&mut seed) % 5) as u32;
            let spread = 1 + (lcg(&mut seed) % 100_000) as i64;
            let events: Vec<Event> = (0..n)
                .map(|r| {
                    ev(
                        r,
                        (lcg(&mut seed) % u64::from(lanes)) as u32,
                        (lcg(&mut seed) as i64 % spread) - spread / 3,
                    )
                })
                .collect();
            let idx = index(events.clone(), lanes as usize);
            let start = -(spread / 2) + round;
            let end = start + 1 + (lcg(&mut seed) % (spread as u64 * 2)) as i64;
            let width = 1 + (lcg(&mut seed) % 900) as u32;
            let bins = idx.bin(start, end, width, &[]).unwrap();
            let got: Vec<_> = (0..bins.lane.len())
                .map(|i| (bins.lane[i], bins.column[i], bins.count[i], bins.row[i]))
                .collect();
            assert_eq!(got, brute(&events, start, end, width), "round {round}");
            let total: u64 = bins.count.iter().map(|&c| u64::from(c)).sum();
            assert_eq!(total, bins.visible);
            assert!(bins.column.iter().all(|&c| c < width));
        }
    }

    #[test]
    fn binning_survives_extreme_times() {
        let events = vec![ev(0, 0, i64::MIN), ev(1, 0, i64::MAX - 1), ev(2, 0, 0)];
        let idx = index(events, 1);
        let bins = idx.bin(i64::MIN, i64::MAX, 1000, &[]).unwrap();
        assert_eq!(bins.count, vec![1, 1, 1]);
        assert_eq!(bins.column, vec![0, 500, 999]);
        assert!(idx.bin(5, 5, 10, &[]).is_err());
        assert!(idx.bin(0, 5, 0, &[]).is_err());
    }

    #[test]
    fn hidden_lanes_are_skipped() {
        let idx = index(vec![ev(0, 0, 10), ev(1, 1, 10), ev(2, 1, 11)], 2);
        let bins = idx.bin(0, 100, 10, &[1]).unwrap();
        assert_eq!(bins.lane, vec![0]);
        assert_eq!(bins.visible, 1);
        assert_eq!(idx.select(0, 100, &[0]).rows, vec![1, 2]);
    }

    #[test]
    fn values_keep_min_and_max() {
        let idx = index(vec![ev(4, 0, 1), ev(9, 0, 2), ev(2, 0, 3), ev(7, 0, 50)], 1);
        let bins = idx.bin(0, 100, 2, &[]).unwrap();
        assert_eq!(bins.min, vec![2.0, 7.0]);
        assert_eq!(bins.max, vec![9.0, 7.0]);
        assert_eq!(bins.max_row, vec![9, 7]);
        assert_eq!(bins.row, vec![4, 7]);
    }

    #[test]
    fn hit_returns_nearest_first_within_tolerance() {
        let idx = index(
            vec![
                ev(0, 0, 100),
                ev(1, 0, 108),
                ev(2, 0, 95),
                ev(3, 1, 100),
                ev(4, 0, 300),
            ],
            2,
        );
        assert_eq!(idx.hit(0, 100, 10, 10), vec![0, 2, 1]);
        assert_eq!(idx.hit(0, 104, 10, 1), vec![0]);
        assert_eq!(idx.hit(0, 200, 10, 10), Vec::<u32>::new());
        assert_eq!(idx.hit(1, 0, 1000, 10), vec![3]);
        assert_eq!(idx.hit(9, 0, 1000, 10), Vec::<u32>::new());
    }

    #[test]
    fn select_is_closed_and_ordered_by_row() {
        let idx = index(
            vec![ev(5, 0, 10), ev(1, 1, 20), ev(3, 0, 30), ev(0, 0, 31)],
            2,
        );
        let s = idx.select(10, 30, &[]);
        assert_eq!(s.rows, vec![1, 3, 5]);
        assert_eq!(s.total, 3);
        assert!(!s.truncated);
        assert!(idx.select(40, 10, &[]).rows.is_empty());
        let small = TimelineIndex::build(
            vec![ev(0, 0, 1), ev(1, 0, 2), ev(2, 0, 3)],
            1,
            false,
            Limits {
                max_selected: 2,
                ..Limits::default()
            },
        )
        .unwrap();
        let s = small.select(0, 10, &[]);
        assert_eq!((s.rows.len(), s.total, s.truncated), (2, 3, true));
    }

    #[test]
    fn spans_and_extent() {
        let mut events = vec![ev(0, 0, 10), ev(1, 0, 40), ev(2, 2, 5)];
        events[0].end = 90;
        let idx = index(events, 3);
        let spans = idx.spans();
        assert_eq!(spans.len(), 2);
        assert_eq!((spans[0].first, spans[0].last, spans[0].count), (10, 90, 2));
        assert_eq!(
            (spans[1].lane, spans[1].first_row, spans[1].last_row),
            (2, 2, 2)
        );
        assert_eq!(idx.extent(), Some((5, 40)));
        assert_eq!(idx.padded_extent(0.1), Some((2, 43)));
        assert_eq!(index(vec![], 1).extent(), None);
    }

    #[test]
    fn build_rejects_bad_lanes_and_limits() {
        assert!(TimelineIndex::build(vec![ev(0, 3, 1)], 2, false, Limits::default()).is_err());
        let limits = Limits {
            max_rows: 1,
            ..Limits::default()
        };
        let err = TimelineIndex::build(vec![ev(0, 0, 1), ev(1, 0, 2)], 1, false, limits);
        assert_eq!(err.unwrap_err().code(), "limit_exceeded");
    }

    #[test]
    fn gallop_finds_partition_point() {
        let t = [1, 2, 2, 2, 5, 9, 9, 12];
        for target in -1..15 {
            for from in 0..t.len() {
                let want = from + t[from..].partition_point(|&x| i128::from(x) < target);
                assert_eq!(gallop(&t, from, t.len(), target), want, "{target} {from}");
            }
        }
    }
}
