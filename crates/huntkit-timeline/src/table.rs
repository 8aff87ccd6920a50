//! Building a timeline from a table (or from plain columns).

use std::borrow::Cow;

use crate::{assign_keys, Compat, Error, Event, Keys, TimelineIndex, TimelineOptions, NO_COLOUR};

/// An indexed timeline with the labels of its lanes and colours.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// The sorted events and the per-frame queries.
    pub index: TimelineIndex,
    /// Label of each lane, in lane order (one empty label when there is no `group_by`).
    pub lanes: Vec<String>,
    /// Label of each colour code, in code order (empty without a colour column).
    pub colours: Vec<String>,
    /// True when the colour column had more distinct keys than `max_colours`.
    pub colours_truncated: bool,
    /// Rows in the input.
    pub rows: usize,
    /// Input rows left out: no time, or (with `Compat::Msticpy`) a null group key.
    pub skipped: usize,
}

impl Timeline {
    /// Builds a timeline from a table, reading the columns named in `options`.
    pub fn from_table(
        table: &huntkit_core::Table,
        options: &TimelineOptions,
    ) -> Result<Self, Error> {
        let rows = table.num_rows();
        if rows > options.limits.max_rows {
            return Err(Error::LimitExceeded {
                what: "rows",
                limit: options.limits.max_rows,
            });
        }
        let times = table.timestamps(&options.time_column)?;
        let lanes = match options.group_by.as_slice() {
            [] => None,
            [one] => {
                let col = table.str_column(one)?;
                Some(assign_keys(
                    col.iter().map(|v| v.map(Cow::Borrowed)),
                    options.limits.max_lanes.saturating_add(1),
                ))
            }
            many => {
                let cols = many
                    .iter()
                    .map(|name| table.str_column(name))
                    .collect::<Result<Vec<_>, _>>()?;
                let mut joined: Vec<Option<Cow<'_, str>>> = Vec::with_capacity(rows);
                let mut iters: Vec<_> = cols.iter().map(|c| c.iter()).collect();
                for _ in 0..rows {
                    let parts: Vec<Option<&str>> =
                        iters.iter_mut().map(|it| it.next().flatten()).collect();
                    let key = if parts.iter().all(Option::is_none)
                        || (options.compat == Compat::Msticpy && parts.iter().any(Option::is_none))
                    {
                        None
                    } else {
                        let text: Vec<&str> = parts
                            .iter()
                            .map(|p| p.unwrap_or(options.null_label.as_str()))
                            .collect();
                        Some(Cow::Owned(text.join(&options.lane_separator)))
                    };
                    joined.push(key);
                }
                Some(assign_keys(
                    joined,
                    options.limits.max_lanes.saturating_add(1),
                ))
            }
        };
        let colours = match &options.color_column {
            Some(name) => {
                let col = table.str_column(name)?;
                Some(assign_keys(
                    col.iter().map(|v| v.map(Cow::Borrowed)),
                    options.limits.max_colours,
                ))
            }
            None => None,
        };
        let values = match &options.value_column {
            Some(name) => Some(table.floats(name)?),
            None => None,
        };
        let ends = match &options.end_time_column {
            Some(name) => Some(table.timestamps(name)?),
            None => None,
        };
        Self::from_parts(
            &times,
            lanes,
            colours,
            values.as_deref(),
            ends.as_deref(),
            options,
        )
    }

    /// Builds a timeline from plain columns: a time per row, and optionally the lane keys,
    /// colour keys (see [`assign_keys`]), values and end times of the same rows.
    pub fn from_parts(
        times: &[Option<i64>],
        lanes: Option<Keys>,
        colours: Option<Keys>,
        values: Option<&[Option<f64>]>,
        ends: Option<&[Option<i64>]>,
        options: &TimelineOptions,
    ) -> Result<Self, Error> {
        let rows = times.len();
        if rows > options.limits.max_rows || u32::try_from(rows).is_err() {
            return Err(Error::LimitExceeded {
                what: "rows",
                limit: options.limits.max_rows.min(u32::MAX as usize),
            });
        }
        for (what, len) in [
            ("group keys", lanes.as_ref().map(|k| k.codes.len())),
            ("colour keys", colours.as_ref().map(|k| k.codes.len())),
            ("values", values.map(<[_]>::len)),
            ("end times", ends.map(<[_]>::len)),
        ] {
            if let Some(len) = len.filter(|&l| l != rows) {
                return Err(Error::InvalidValue(format!(
                    "{what} cover {len} rows but there are {rows} times"
                )));
            }
        }
        if let Some(k) = &lanes {
            if k.truncated || k.labels.len() > options.limits.max_lanes {
                return Err(Error::LimitExceeded {
                    what: "lanes",
                    limit: options.limits.max_lanes,
                });
            }
        }
        let mut lane_labels = match &lanes {
            Some(k) => k.labels.clone(),
            None => vec![String::new()],
        };
        // Rows without a group key share one extra lane at the bottom, unless MSTICPy's
        // `groupby` behaviour (drop them) was asked for.
        let null_lane = u32::try_from(lane_labels.len()).unwrap_or(u32::MAX);
        let keep_nulls = options.compat == Compat::Huntkit
            && lanes
                .as_ref()
                .is_some_and(|k| k.codes.iter().any(Option::is_none));
        if keep_nulls {
            lane_labels.push(options.null_label.clone());
        }
        let mut events = Vec::with_capacity(rows);
        let mut skipped = 0usize;
        for (row, time) in times.iter().enumerate() {
            let Some(time) = *time else {
                skipped += 1;
                continue;
            };
            let lane = match &lanes {
                None => 0,
                Some(k) => match k.codes.get(row).copied().flatten() {
                    Some(code) => code,
                    None if keep_nulls => null_lane,
                    None => {
                        skipped += 1;
                        continue;
                    }
                },
            };
            let colour = colours
                .as_ref()
                .and_then(|k| k.codes.get(row).copied().flatten())
                .unwrap_or(NO_COLOUR);
            let value = values
                .and_then(|v| v.get(row).copied().flatten())
                .unwrap_or(f64::NAN);
            let end = ends
                .and_then(|e| e.get(row).copied().flatten())
                .unwrap_or(time);
            events.push(Event {
                row: u32::try_from(row).unwrap_or(u32::MAX),
                lane,
                time,
                colour,
                value,
                end,
            });
        }
        let index =
            TimelineIndex::build(events, lane_labels.len(), values.is_some(), options.limits)?;
        let (colour_labels, colours_truncated) = match colours {
            Some(k) => (k.labels, k.truncated),
            None => (Vec::new(), false),
        };
        Ok(Self {
            index,
            lanes: lane_labels,
            colours: colour_labels,
            colours_truncated,
            rows,
            skipped,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use huntkit_core::ErrorCode;

    fn keys(v: &[Option<&'static str>]) -> Keys {
        assign_keys(v.iter().map(|k| k.map(Cow::Borrowed)), 100)
    }

    #[test]
    fn null_groups_get_a_lane_or_are_dropped_under_compat() {
        let times = [Some(1), Some(2), Some(3), None];
        let lanes = keys(&[Some("b"), None, Some("a"), Some("a")]);
        let t = Timeline::from_parts(
            &times,
            Some(lanes.clone()),
            None,
            None,
            None,
            &TimelineOptions::default(),
        )
        .unwrap();
        assert_eq!(t.lanes, ["a", "b", "(null)"]);
        assert_eq!((t.index.len(), t.skipped), (3, 1));
        assert_eq!(t.index.select(2, 2, &[]).rows, [1]);
        let compat = TimelineOptions {
            compat: Compat::Msticpy,
            ..TimelineOptions::default()
        };
        let t = Timeline::from_parts(&times, Some(lanes), None, None, None, &compat).unwrap();
        assert_eq!(t.lanes, ["a", "b"]);
        assert_eq!((t.index.len(), t.skipped), (2, 2));
    }

    #[test]
    fn mismatched_lengths_are_rejected() {
        let err = Timeline::from_parts(
            &[Some(1)],
            None,
            None,
            Some(&[Some(1.0), None]),
            None,
            &TimelineOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err.code(), "invalid_value");
    }

    #[test]
    fn too_many_lanes_is_a_limit() {
        let mut o = TimelineOptions::default();
        o.limits.max_lanes = 1;
        let err = Timeline::from_parts(
            &[Some(1), Some(2)],
            Some(keys(&[Some("a"), Some("b")])),
            None,
            None,
            None,
            &o,
        )
        .unwrap_err();
        assert_eq!(err.code(), "limit_exceeded");
    }
}
