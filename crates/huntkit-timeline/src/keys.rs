//! Turning key values (group or colour) into small dense codes with sorted labels.

use std::borrow::Cow;

/// Dense codes for a column of keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    /// Code of each row: an index into `labels`, or `None` when the key was null (or past
    /// the `max_keys` cap).
    pub codes: Vec<Option<u32>>,
    /// Distinct keys in sorted order: numerically when every key is a number, else by text
    /// (the order pandas' `groupby` gives, so lanes sit where MSTICPy puts them).
    pub labels: Vec<String>,
    /// True when more than `max_keys` distinct keys were seen; rows with the keys sorted
    /// past the cap have no code.
    pub truncated: bool,
}

/// Assigns each key a code so that codes follow the sorted order of the keys.
///
/// At most `max_keys` distinct keys get a code. The scan itself is bounded by the input
/// length; the distinct keys are hashed once each.
pub fn assign_keys<'a, I>(keys: I, max_keys: usize) -> Keys
where
    I: IntoIterator<Item = Option<Cow<'a, str>>>,
{
    let Some(seen) = huntkit_core::first_seen_codes(keys, usize::MAX) else {
        return Keys::default();
    };
    let (first_codes, distinct) = (seen.codes, seen.distinct);
    let numbers: Option<Vec<f64>> = distinct
        .iter()
        .map(|k| k.trim().parse::<f64>().ok().filter(|v| !v.is_nan()))
        .collect();
    let mut order: Vec<usize> = (0..distinct.len()).collect();
    match &numbers {
        Some(nums) => order.sort_by(|&a, &b| {
            let (x, y) = (nums.get(a), nums.get(b));
            x.partial_cmp(&y)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then_with(|| distinct.get(a).cmp(&distinct.get(b)))
        }),
        None => order.sort_by(|&a, &b| distinct.get(a).cmp(&distinct.get(b))),
    }
    let truncated = order.len() > max_keys;
    let mut remap = vec![None; distinct.len()];
    let mut labels = Vec::with_capacity(order.len().min(max_keys));
    for (rank, &old) in order.iter().take(max_keys).enumerate() {
        if let Some(slot) = remap.get_mut(old) {
            *slot = u32::try_from(rank).ok();
        }
        labels.push(distinct.get(old).map(|k| k.to_string()).unwrap_or_default());
    }
    let codes = first_codes
        .into_iter()
        .map(|c| c.and_then(|c| remap.get(c as usize).copied().flatten()))
        .collect();
    Keys {
        codes,
        labels,
        truncated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(v: &[Option<&'static str>], max: usize) -> Keys {
        assign_keys(v.iter().map(|k| k.map(Cow::Borrowed)), max)
    }

    #[test]
    fn text_keys_sort_by_text() {
        let k = keys(&[Some("bob"), Some("alice"), None, Some("bob")], 10);
        assert_eq!(k.labels, ["alice", "bob"]);
        assert_eq!(k.codes, [Some(1), Some(0), None, Some(1)]);
        assert!(!k.truncated);
    }

    #[test]
    fn numeric_keys_sort_by_value() {
        let k = keys(&[Some("10"), Some("9"), Some("4688"), Some("-1.5")], 10);
        assert_eq!(k.labels, ["-1.5", "9", "10", "4688"]);
        assert_eq!(k.codes, [Some(2), Some(1), Some(3), Some(0)]);
    }

    #[test]
    fn cap_drops_keys_past_the_limit() {
        let k = keys(&[Some("c"), Some("a"), Some("b")], 2);
        assert_eq!(k.labels, ["a", "b"]);
        assert_eq!(k.codes, [None, Some(0), Some(1)]);
        assert!(k.truncated);
    }
}
