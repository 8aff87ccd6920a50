//! Plain indicator lists: one value a line, as ipsum, abuse.ch's and Spamhaus' lists
//! are written.
//!
//! A line is `VALUE [SCORE-OR-NOTE] [# comment]`. `#` starts a comment at the start of
//! a line or after white space (a `#` inside a URL is kept). The value ends at the first
//! white space, or at a `,`, `;` or `|` when it is not a URL. What follows it, when it
//! is a number, is the score (ipsum: the number of blocklists listing the address),
//! else a note kept in the details (`1.10.16.0/20 ; SBL256894`). Values that are CIDR
//! ranges match every address inside. Values of no known type are skipped and counted.

use super::{check_entries, score_severity, utf8_line, value_record, ParsedFeed, Record};
use crate::error::Error;
use crate::options::{FeedKind, FeedOptions};

/// Reads a plain list.
pub fn parse(bytes: &[u8], options: &FeedOptions) -> Result<ParsedFeed, Error> {
    let name = options.name.clone().unwrap_or_else(|| "plain".to_string());
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut records = Vec::new();
    let mut skipped = 0;
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line_no = i + 1;
        if raw.len() > options.max_line_bytes {
            return Err(Error::LimitExceeded {
                what: format!("line {line_no} of feed `{name}` ({} bytes)", raw.len()),
                limit: options.max_line_bytes as u64,
                option: "maxLineBytes",
            });
        }
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let line = utf8_line(&name, line_no, raw)?;
        let content = strip_comment(line).trim();
        if content.is_empty() {
            continue;
        }
        let (value, rest) = split_value(content);
        let rest = rest.trim_start_matches([',', ';', '|', ' ', '\t']).trim();
        let score = rest.parse::<f64>().ok().filter(|s| s.is_finite());
        let Some((matcher, ioc_type)) = value_record(value, options.ioc_type, line_no) else {
            skipped += 1;
            continue;
        };
        let mut details = serde_json::Map::new();
        if score.is_none() && !rest.is_empty() {
            details.insert("note".into(), rest.into());
        }
        records.push(Record {
            matcher,
            ioc_type,
            result: true,
            severity: score.map_or(options.severity, |s| score_severity(s, options.high_score)),
            line: line_no,
            score,
            details: if details.is_empty() {
                serde_json::Value::Null
            } else {
                serde_json::Value::Object(details)
            },
            raw: line.to_string(),
            reference: None,
        });
        check_entries(&name, records.len(), options)?;
    }
    Ok(ParsedFeed {
        name,
        kind: FeedKind::Plain,
        records,
        skipped,
    })
}

fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes.get(i - 1).is_some_and(u8::is_ascii_whitespace)) {
            return line.get(..i).unwrap_or("");
        }
    }
    line
}

fn split_value(content: &str) -> (&str, &str) {
    let end = content.find([' ', '\t']).unwrap_or(content.len());
    let (first, rest) = content.split_at_checked(end).unwrap_or((content, ""));
    if first.contains("://") {
        return (first, rest);
    }
    match first.find([',', ';', '|']) {
        Some(cut) => {
            let (v, tail) = content.split_at_checked(cut).unwrap_or((content, ""));
            (v, tail)
        }
        None => (first, rest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::Matcher;
    use crate::result::Severity;

    #[test]
    fn reads_ipsum_lines_scores_and_comments() {
        let text = b"# IPsum\n#\n1.2.3.4\t5\n5.6.7.8\t1\n10.0.0.0/8 ; SBL1\nhttp://x.example/#frag\nnot a value\n";
        let feed = parse(text, &FeedOptions::default()).unwrap();
        assert_eq!(feed.records.len(), 4);
        assert_eq!(feed.skipped, 1);
        let r = &feed.records[0];
        assert_eq!(r.matcher, Matcher::Value("1.2.3.4".into()));
        assert_eq!(
            (r.score, r.severity, r.line),
            (Some(5.0), Severity::High, 3)
        );
        assert_eq!(feed.records[1].severity, Severity::Warning);
        assert!(matches!(feed.records[2].matcher, Matcher::Network(_)));
        assert_eq!(feed.records[2].details["note"], "SBL1");
        assert_eq!(
            feed.records[3].matcher,
            Matcher::Value("http://x.example/#frag".into())
        );
    }

    #[test]
    fn long_lines_and_bad_text_are_coded_errors() {
        let opts = FeedOptions {
            max_line_bytes: 10,
            ..FeedOptions::default()
        };
        let e = parse(b"1.2.3.4\n11111111111111111111111\n", &opts).unwrap_err();
        assert!(matches!(e, Error::LimitExceeded { .. }), "{e}");
        let e = parse(b"1.2.3.4\n\xff\xfe\n", &FeedOptions::default()).unwrap_err();
        assert!(matches!(e, Error::InvalidFeed { line: 2, .. }), "{e}");
        let opts = FeedOptions {
            max_entries: 1,
            ..FeedOptions::default()
        };
        assert!(parse(b"1.2.3.4\n1.2.3.5\n", &opts).is_err());
    }

    #[test]
    fn bad_cidrs_are_skipped() {
        let feed = parse(
            b"10.0.0.0/33\n300.1.1.1/8\n::/200\n1.1.1.1\n",
            &FeedOptions::default(),
        )
        .unwrap();
        assert_eq!((feed.records.len(), feed.skipped), (1, 3));
    }
}
