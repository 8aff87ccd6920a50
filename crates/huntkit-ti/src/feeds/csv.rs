//! CSV feeds with a header row and a column mapping.
//!
//! `valueColumn` holds the indicator (default: the first column named `ioc`,
//! `indicator`, `value`, `observable`, `ip`, `ip_address`, `domain`, `url` or `hash`,
//! any case, else the first column). `typeColumn`, `scoreColumn`, `severityColumn` and
//! `referenceColumn` are optional; every other column goes into the details. Lines
//! starting with `#` before the header are comments (abuse.ch's CSV exports have them;
//! their header line starts with `# ` too and is read as the header).

use super::{check_entries, score_severity, value_record, ParsedFeed, Record};
use crate::error::Error;
use crate::options::{FeedKind, FeedOptions};
use crate::result::{IocType, Severity};

const VALUE_NAMES: [&str; 10] = [
    "ioc",
    "indicator",
    "value",
    "observable",
    "ip",
    "ip_address",
    "domain",
    "url",
    "hash",
    "sha256_hash",
];

/// Reads a CSV feed.
pub fn parse(bytes: &[u8], options: &FeedOptions) -> Result<ParsedFeed, Error> {
    let name = options.name.clone().unwrap_or_else(|| "csv".to_string());
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Comment lines before the header; the last of them is the header when no plain
    // line follows (abuse.ch writes `# id,dateadded,url,...`).
    let mut offset = 0;
    let mut line_base = 0;
    let mut last_comment: Option<(usize, usize)> = None;
    while let Some(rest) = bytes.get(offset..) {
        if rest.first() != Some(&b'#') {
            break;
        }
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |p| p + 1);
        last_comment = Some((offset, end));
        offset += end;
        line_base += 1;
    }
    let body = bytes.get(offset..).unwrap_or(&[]);
    let names_value = |line: &[u8]| -> bool {
        let line = String::from_utf8_lossy(line);
        line.split(',').any(|f| {
            let f = f.trim().trim_matches('"');
            options
                .value_column
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(f))
                || VALUE_NAMES.iter().any(|n| n.eq_ignore_ascii_case(f))
        })
    };
    let first_body_line = body.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let body_is_data_only = last_comment.is_some_and(|(at, len)| {
        let comment = bytes.get(at + 1..at + len).unwrap_or(&[]);
        names_value(comment) && !names_value(first_body_line)
    });
    let mut header_text: Option<Vec<u8>> = None;
    if body_is_data_only {
        if let Some((at, len)) = last_comment {
            let line = bytes.get(at..at + len).unwrap_or(&[]);
            let line = line.strip_prefix(b"#").unwrap_or(line);
            header_text = Some(line.to_vec());
        }
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(header_text.is_none())
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(body);
    let headers: Vec<String> = match &header_text {
        Some(h) => {
            let mut r = ::csv::ReaderBuilder::new()
                .has_headers(false)
                .trim(::csv::Trim::All)
                .from_reader(h.as_slice());
            let mut rec = ::csv::StringRecord::new();
            r.read_record(&mut rec)
                .map_err(|e| Error::invalid(&name, line_base, e.to_string()))?;
            rec.iter().map(str::to_string).collect()
        }
        None => reader
            .headers()
            .map_err(|e| Error::invalid(&name, line_base + 1, e.to_string()))?
            .iter()
            .map(str::to_string)
            .collect(),
    };
    let find = |opt: &Option<String>, option: &'static str| -> Result<Option<usize>, Error> {
        match opt {
            None => Ok(None),
            Some(col) => headers
                .iter()
                .position(|h| h == col)
                .or_else(|| headers.iter().position(|h| h.eq_ignore_ascii_case(col)))
                .map(Some)
                .ok_or_else(|| Error::InvalidOption {
                    option,
                    message: format!(
                        "feed `{name}` has no column {col:?}; it has {}",
                        headers.join(", ")
                    ),
                }),
        }
    };
    let value_col = match find(&options.value_column, "valueColumn")? {
        Some(c) => c,
        None => VALUE_NAMES
            .iter()
            .find_map(|n| headers.iter().position(|h| h.eq_ignore_ascii_case(n)))
            .unwrap_or(0),
    };
    let type_col = find(&options.type_column, "typeColumn")?;
    let score_col = find(&options.score_column, "scoreColumn")?;
    let severity_col = find(&options.severity_column, "severityColumn")?;
    let reference_col = find(&options.reference_column, "referenceColumn")?;
    let mapped = [
        Some(value_col),
        type_col,
        score_col,
        severity_col,
        reference_col,
    ];

    let mut records = Vec::new();
    let mut skipped = 0;
    let mut rec = ::csv::ByteRecord::new();
    loop {
        let more = reader.read_byte_record(&mut rec).map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize + line_base);
            Error::invalid(&name, line, e.to_string())
        })?;
        if !more {
            break;
        }
        let line_no = rec.position().map_or(0, |p| p.line() as usize + line_base);
        let width = rec.as_slice().len();
        if width > options.max_line_bytes {
            return Err(Error::LimitExceeded {
                what: format!("the record at line {line_no} of feed `{name}` ({width} bytes)"),
                limit: options.max_line_bytes as u64,
                option: "maxLineBytes",
            });
        }
        let text = ::csv::StringRecord::from_byte_record(rec.clone())
            .map_err(|_| Error::invalid(&name, line_no, "the record is not UTF-8 text"))?;
        let field = |c: Option<usize>| c.and_then(|c| text.get(c)).filter(|s| !s.is_empty());
        let Some(value) = field(Some(value_col)) else {
            skipped += 1;
            continue;
        };
        if value.starts_with('#') {
            continue;
        }
        let ioc_type = match field(type_col) {
            Some(t) => match IocType::parse_for(t, value) {
                Some(t) => Some(t),
                None => {
                    skipped += 1;
                    continue;
                }
            },
            None => options.ioc_type,
        };
        let Some((matcher, ioc_type)) = value_record(value, ioc_type, line_no) else {
            skipped += 1;
            continue;
        };
        let score = field(score_col)
            .and_then(|s| s.parse::<f64>().ok())
            .filter(|s| s.is_finite());
        let severity = field(severity_col)
            .and_then(Severity::parse)
            .or_else(|| score.map(|s| score_severity(s, options.high_score)))
            .unwrap_or(options.severity);
        let mut details = serde_json::Map::new();
        for (i, h) in headers.iter().enumerate() {
            if mapped.contains(&Some(i)) {
                continue;
            }
            if let Some(v) = text.get(i).filter(|v| !v.is_empty()) {
                details.insert(h.clone(), v.into());
            }
        }
        records.push(Record {
            matcher,
            ioc_type,
            result: true,
            severity,
            line: line_no,
            score,
            details: if details.is_empty() {
                serde_json::Value::Null
            } else {
                serde_json::Value::Object(details)
            },
            raw: text.iter().collect::<Vec<_>>().join(","),
            reference: field(reference_col).map(str::to_string),
        });
        check_entries(&name, records.len(), options)?;
    }
    Ok(ParsedFeed {
        name,
        kind: FeedKind::Csv,
        records,
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::Matcher;

    #[test]
    fn maps_columns() {
        let text = b"indicator,kind,confidence,tag,link\nevil.example,domain,80,c2,https://ref.example/1\n1.2.3.4,ip,1,scan,\n";
        let opts = FeedOptions {
            type_column: Some("kind".into()),
            score_column: Some("confidence".into()),
            reference_column: Some("link".into()),
            high_score: 50.0,
            ..FeedOptions::default()
        };
        let feed = parse(text, &opts).unwrap();
        assert_eq!(feed.records.len(), 2);
        let r = &feed.records[0];
        assert_eq!(r.matcher, Matcher::Value("evil.example".into()));
        assert_eq!(
            (r.ioc_type, r.severity, r.line),
            (IocType::Dns, Severity::High, 2)
        );
        assert_eq!(r.details["tag"], "c2");
        assert_eq!(r.reference.as_deref(), Some("https://ref.example/1"));
        assert_eq!(feed.records[1].severity, Severity::Warning);
    }

    #[test]
    fn commented_header_as_abuse_ch_writes_it() {
        let text = b"# abuse.ch URLhaus\n# id,dateadded,url,url_status\n\"1\",\"2024-01-01\",\"http://bad.example/x\",\"online\"\n";
        let opts = FeedOptions {
            value_column: Some("url".into()),
            ..FeedOptions::default()
        };
        let feed = parse(text, &opts).unwrap();
        assert_eq!(feed.records.len(), 1);
        assert_eq!(feed.records[0].ioc_type, IocType::Url);
        assert_eq!(feed.records[0].line, 3);
        assert_eq!(feed.records[0].details["url_status"], "online");
    }

    #[test]
    fn unknown_column_is_an_option_error() {
        let opts = FeedOptions {
            value_column: Some("nope".into()),
            ..FeedOptions::default()
        };
        assert!(matches!(
            parse(b"a,b\n1,2\n", &opts),
            Err(Error::InvalidOption { .. })
        ));
    }
}
