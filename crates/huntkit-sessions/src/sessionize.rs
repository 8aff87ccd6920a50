//! Cutting events into sessions: one sort and one pass.
//!
//! MSTICPy walks the sorted rows one by one and keeps a running sum of gaps since the
//! session start. The sum of gaps telescopes to "time since the session's first event", so
//! the same split falls out of comparing each event with its session's first event.

use std::cmp::Ordering;

/// The values of one user-identifier column, for grouping and ordering.
#[derive(Debug, Clone, PartialEq)]
pub enum UserKey {
    /// Text keys, ordered by their bytes. Nulls order last.
    Text(Vec<Option<String>>),
    /// Numeric keys, ordered numerically. Nulls and NaN order last.
    Numbers(Vec<Option<f64>>),
}

impl UserKey {
    fn len(&self) -> usize {
        match self {
            UserKey::Text(v) => v.len(),
            UserKey::Numbers(v) => v.len(),
        }
    }

    /// Dense ranks: equal keys share a rank, ranks follow the key order, null is last.
    fn ranks(&self) -> Vec<u32> {
        match self {
            UserKey::Text(v) => dense_ranks(v, |a, b| a.cmp(b)),
            UserKey::Numbers(v) => number_ranks(v),
        }
    }
}

/// Rank values so that rows compare by a single integer per column: equal values share a
/// rank, ranks follow the value order, null is last. Only the distinct values are sorted.
pub(crate) fn dense_ranks<T>(values: &[Option<T>], cmp: impl Fn(&T, &T) -> Ordering) -> Vec<u32>
where
    T: std::hash::Hash + Eq,
{
    let Some(seen) = huntkit_core::first_seen_codes(values.iter().map(Option::as_ref), usize::MAX)
    else {
        return Vec::new();
    };
    let mut order: Vec<u32> = (0..seen.distinct.len() as u32).collect();
    order.sort_by(|a, b| {
        match (
            seen.distinct.get(*a as usize),
            seen.distinct.get(*b as usize),
        ) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        }
    });
    let mut rank_of = vec![u32::MAX; seen.distinct.len()];
    for (r, d) in order.iter().enumerate() {
        if let Some(slot) = rank_of.get_mut(*d as usize) {
            *slot = r as u32;
        }
    }
    seen.codes
        .iter()
        .map(|c| {
            c.and_then(|c| rank_of.get(c as usize).copied())
                .unwrap_or(u32::MAX)
        })
        .collect()
}

/// Ranks of numbers: NaN is treated as null; -0 and +0 are one key.
pub(crate) fn number_ranks(values: &[Option<f64>]) -> Vec<u32> {
    let bits: Vec<Option<u64>> = values
        .iter()
        .map(|x| x.filter(|f| !f.is_nan()).map(|f| (f + 0.0).to_bits()))
        .collect();
    dense_ranks(&bits, |a, b| {
        f64::from_bits(*a).total_cmp(&f64::from_bits(*b))
    })
}

/// Where each event falls: the sorted order of the events and the sessions as runs of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSpans {
    /// Row indices of the events with a time, ordered by user keys, then time, then row.
    pub order: Vec<usize>,
    /// Each session as a range of positions in `order`, in session-id order.
    pub spans: Vec<(usize, usize)>,
    /// Rows without a time: they belong to no session.
    pub untimed: Vec<usize>,
}

impl SessionSpans {
    /// The session id of each row (`None` for rows without a time).
    pub fn session_of_rows(&self, rows: usize) -> Vec<Option<u32>> {
        let mut out = vec![None; rows];
        for (s, (a, b)) in self.spans.iter().enumerate() {
            for pos in *a..*b {
                if let Some(row) = self.order.get(pos) {
                    if let Some(slot) = out.get_mut(*row) {
                        *slot = u32::try_from(s).ok();
                    }
                }
            }
        }
        out
    }
}

/// Assign events to sessions.
///
/// A new session starts when any user key changes, when the gap since the previous event
/// is over `max_gap_ns`, or when the time since the session's first event is over
/// `max_session_ns`. Rows whose time is `None` are left out and listed in `untimed`.
pub fn assign_sessions(
    users: &[UserKey],
    times: &[Option<i64>],
    max_session_ns: i64,
    max_gap_ns: i64,
) -> SessionSpans {
    let n = times.len();
    let ranks: Vec<Vec<u32>> = users
        .iter()
        .map(|u| {
            let mut r = u.ranks();
            r.resize(n.max(u.len()), u32::MAX);
            r
        })
        .collect();
    assign_ranked(&ranks, times, max_session_ns, max_gap_ns)
}

/// As [`assign_sessions`], with each user column already turned into ranks.
pub(crate) fn assign_ranked(
    ranks: &[Vec<u32>],
    times: &[Option<i64>],
    max_session_ns: i64,
    max_gap_ns: i64,
) -> SessionSpans {
    match packed_keys(ranks, times.len()) {
        Some(keys) => assign_packed(&keys, times, max_session_ns, max_gap_ns),
        None => assign_columns(ranks, times, max_session_ns, max_gap_ns),
    }
}

/// The user ranks of each row packed into one integer that orders as the ranks do (null
/// last), or `None` when they do not fit in 64 bits.
fn packed_keys(ranks: &[Vec<u32>], n: usize) -> Option<Vec<u64>> {
    let mut keys = vec![0u64; n];
    let mut span = 1u64;
    for col in ranks {
        // Ranks are dense, so the largest one tells how many values there are; null, the
        // last, takes the next number.
        let null = col
            .iter()
            .filter(|r| **r != u32::MAX)
            .max()
            .map_or(0, |m| u64::from(*m) + 1);
        let radix = null + 1;
        span = span.checked_mul(radix)?;
        for (i, k) in keys.iter_mut().enumerate() {
            let r = match col.get(i) {
                Some(r) if *r != u32::MAX => u64::from(*r),
                _ => null,
            };
            *k = *k * radix + r;
        }
    }
    Some(keys)
}

/// Sessions from one packed user key per row: one sort of plain integers and one pass.
fn assign_packed(
    keys: &[u64],
    times: &[Option<i64>],
    max_session_ns: i64,
    max_gap_ns: i64,
) -> SessionSpans {
    let mut untimed = Vec::new();
    let rows = match packed_rows(keys, times, &mut untimed) {
        Some(rows) => rows,
        None => {
            untimed.clear();
            let mut rows: Vec<(u64, i64, usize)> = Vec::with_capacity(times.len());
            for (i, (t, k)) in times.iter().zip(keys).enumerate() {
                match t {
                    Some(t) => rows.push((*k, *t, i)),
                    None => untimed.push(i),
                }
            }
            // Key, then time, then row number: the order is total, so an unstable sort is
            // stable.
            rows.sort_unstable();
            rows
        }
    };
    let mut spans = Vec::new();
    let mut start_pos = 0usize;
    let mut start_time = 0i64;
    let mut prev: Option<(u64, i64)> = None;
    for (pos, (key, t, _)) in rows.iter().enumerate() {
        let new = match prev {
            None => true,
            Some((pk, pt)) => {
                let gap = i128::from(*t) - i128::from(pt);
                let length = i128::from(*t) - i128::from(start_time);
                pk != *key || gap > i128::from(max_gap_ns) || length > i128::from(max_session_ns)
            }
        };
        if new {
            if prev.is_some() {
                spans.push((start_pos, pos));
            }
            start_pos = pos;
            start_time = *t;
        }
        prev = Some((*key, *t));
    }
    if prev.is_some() {
        spans.push((start_pos, rows.len()));
    }
    SessionSpans {
        order: rows.into_iter().map(|(_, _, i)| i).collect(),
        spans,
        untimed,
    }
}

/// The timed rows as (key, time, row), sorted, when key, time since the first event and row
/// number pack into one 128-bit integer: sorting plain integers is several times quicker
/// than sorting tuples. `None` (with `untimed` partly filled) when they do not fit.
fn packed_rows(
    keys: &[u64],
    times: &[Option<i64>],
    untimed: &mut Vec<usize>,
) -> Option<Vec<(u64, i64, usize)>> {
    let bits = |max: u128| 128 - max.leading_zeros();
    let first = times.iter().flatten().min().copied().unwrap_or(0);
    let last = times.iter().flatten().max().copied().unwrap_or(0);
    let span = u64::try_from(i128::from(last) - i128::from(first)).ok()?;
    let key_bits = bits(u128::from(keys.iter().max().copied().unwrap_or(0)));
    let time_bits = bits(u128::from(span));
    let row_bits = bits(times.len().saturating_sub(1) as u128);
    if key_bits + time_bits + row_bits > 128 {
        return None;
    }
    let mut packed: Vec<u128> = Vec::with_capacity(times.len());
    for (i, (t, k)) in times.iter().zip(keys).enumerate() {
        match t {
            Some(t) => {
                // `t - first` is within `span`, which fits in 64 bits.
                let since = (i128::from(*t) - i128::from(first)) as u128;
                // All three fit in 128 bits, so nothing shifts out (a shift by 128 only
                // happens to a key of 0).
                let key = u128::from(*k)
                    .checked_shl(time_bits + row_bits)
                    .unwrap_or(0);
                packed.push(key | (since << row_bits) | i as u128);
            }
            None => untimed.push(i),
        }
    }
    packed.sort_unstable();
    let row_mask = (1u128 << row_bits) - 1;
    let time_mask = (1u128 << time_bits) - 1;
    Some(
        packed
            .into_iter()
            .map(|x| {
                let row = (x & row_mask) as usize;
                let since = ((x >> row_bits) & time_mask) as i64;
                let key = x.checked_shr(time_bits + row_bits).unwrap_or(0) as u64;
                (key, first.wrapping_add(since), row)
            })
            .collect(),
    )
}

/// Sessions from the user ranks column by column (when they do not pack into 64 bits).
fn assign_columns(
    ranks: &[Vec<u32>],
    times: &[Option<i64>],
    max_session_ns: i64,
    max_gap_ns: i64,
) -> SessionSpans {
    let n = times.len();
    let rank = |col: &Vec<u32>, row: usize| col.get(row).copied().unwrap_or(u32::MAX);
    let mut order: Vec<usize> = Vec::with_capacity(n);
    let mut untimed = Vec::new();
    for (i, t) in times.iter().enumerate() {
        if t.is_some() {
            order.push(i);
        } else {
            untimed.push(i);
        }
    }
    let time = |row: usize| times.get(row).copied().flatten().unwrap_or(i64::MAX);
    order.sort_unstable_by(|a, b| {
        for col in ranks {
            match rank(col, *a).cmp(&rank(col, *b)) {
                Ordering::Equal => {}
                other => return other,
            }
        }
        time(*a).cmp(&time(*b)).then(a.cmp(b))
    });
    let mut spans = Vec::new();
    let mut start_pos = 0usize;
    let mut start_time = 0i64;
    let mut prev: Option<usize> = None;
    for (pos, row) in order.iter().enumerate() {
        let t = time(*row);
        let new = match prev {
            None => true,
            Some(p) => {
                let user_changed = ranks.iter().any(|col| rank(col, p) != rank(col, *row));
                let gap = i128::from(t) - i128::from(time(p));
                let length = i128::from(t) - i128::from(start_time);
                user_changed || gap > i128::from(max_gap_ns) || length > i128::from(max_session_ns)
            }
        };
        if new {
            if prev.is_some() {
                spans.push((start_pos, pos));
            }
            start_pos = pos;
            start_time = t;
        }
        prev = Some(*row);
    }
    if prev.is_some() {
        spans.push((start_pos, order.len()));
    }
    SessionSpans {
        order,
        spans,
        untimed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000_000_000;

    fn users() -> Vec<UserKey> {
        vec![UserKey::Numbers(
            [1.0, 1.0, 2.0, 3.0, 1.0, 2.0, 2.0]
                .iter()
                .map(|x| Some(*x))
                .collect(),
        )]
    }

    fn times() -> Vec<Option<i64>> {
        // Minutes after the first event, as in MSTICPy's sessionize test data.
        [0, 1, 2880, 4986, 60, 2901, 2905]
            .iter()
            .map(|m| Some(m * MIN))
            .collect()
    }

    #[test]
    fn ranks_are_dense_and_nulls_last() {
        let r = dense_ranks(&[Some("b"), None, Some("a"), Some("b")], |a, b| a.cmp(b));
        assert_eq!(r, vec![1, u32::MAX, 0, 1]);
    }

    #[test]
    fn splits_on_gap_and_user() {
        let s = assign_sessions(&users(), &times(), 20 * MIN, 2 * MIN);
        // Sorted rows: user 1 first, then user 2, then user 3.
        assert_eq!(s.order, vec![0, 1, 4, 2, 5, 6, 3]);
        assert_eq!(
            s.spans,
            vec![(0, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7)]
        );
        let s = assign_sessions(&users(), &times(), 20 * MIN, 5 * MIN);
        assert_eq!(s.spans, vec![(0, 2), (2, 3), (3, 4), (4, 6), (6, 7)]);
    }

    #[test]
    fn packed_and_column_keys_agree() {
        // Two user columns with nulls, ties in time, and rows out of order.
        let a = UserKey::Text(
            ["b", "a", "b", "", "a", "b", "a", "b"]
                .iter()
                .map(|s| (!s.is_empty()).then(|| s.to_string()))
                .collect(),
        );
        let b = UserKey::Numbers(vec![
            Some(2.0),
            None,
            Some(1.0),
            Some(1.0),
            None,
            Some(2.0),
            Some(f64::NAN),
            Some(1.0),
        ]);
        let t: Vec<Option<i64>> = [
            Some(3),
            Some(1),
            Some(0),
            Some(2),
            Some(1),
            Some(4),
            None,
            Some(0),
        ]
        .iter()
        .map(|m| m.map(|m| m * MIN))
        .collect();
        let ranks: Vec<Vec<u32>> = [a, b].iter().map(UserKey::ranks).collect();
        let packed = assign_packed(
            &packed_keys(&ranks, t.len()).unwrap(),
            &t,
            10 * MIN,
            2 * MIN,
        );
        let columns = assign_columns(&ranks, &t, 10 * MIN, 2 * MIN);
        assert_eq!(packed, columns);
        assert_eq!(packed.untimed, vec![6]);
        // Times as far apart as they can be.
        let far: Vec<Option<i64>> = t
            .iter()
            .enumerate()
            .map(|(i, x)| {
                x.map(|m| {
                    if i % 2 == 0 {
                        i64::MIN + m
                    } else {
                        i64::MAX - m
                    }
                })
            })
            .collect();
        let keys = packed_keys(&ranks, far.len()).unwrap();
        assert_eq!(
            assign_packed(&keys, &far, i64::MAX, i64::MAX),
            assign_columns(&ranks, &far, i64::MAX, i64::MAX)
        );
    }

    #[test]
    fn splits_on_session_length() {
        let u = vec![UserKey::Text(vec![Some("a".into()); 4])];
        let t: Vec<Option<i64>> = [0, 4, 8, 12].iter().map(|m| Some(m * MIN)).collect();
        let s = assign_sessions(&u, &t, 10 * MIN, 5 * MIN);
        assert_eq!(s.spans, vec![(0, 3), (3, 4)]);
    }

    #[test]
    fn untimed_rows_are_left_out() {
        let u = vec![UserKey::Text(vec![None, None, None])];
        let s = assign_sessions(&u, &[Some(0), None, Some(MIN)], 10 * MIN, 5 * MIN);
        assert_eq!(s.untimed, vec![1]);
        assert_eq!(s.spans, vec![(0, 2)]);
        assert_eq!(s.session_of_rows(3), vec![Some(0), None, Some(0)]);
    }
}
