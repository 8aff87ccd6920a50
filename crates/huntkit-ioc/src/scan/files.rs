//! Names on a file system or in the registry: Windows paths (backslashes, or forward
//! slashes after a drive), Linux paths, registry keys and named pipes. A quoted name
//! runs to its closing quote; an unquoted one stops before prose.

use super::check::{is_word, Cand, Hit};
use super::emit::Ctx;
use super::types::{IocType, MAX_PATH_BYTES};

// A folder may hold spaces (`Program Files`, `Windows NT`) when each further word
// starts with a capital, a digit or `(`: that keeps a path from running on into the
// prose after it.
const RX_WINPATH: &str = r#"(?:[A-Za-z]:|\\\\[A-Za-z0-9_.$-]+|%[A-Za-z_][A-Za-z0-9_()]*%|\.\.?)\\(?:[^\\/:*?"'<>|\s]+(?: [A-Z0-9(][^\\/:*?"'<>|\s]*)*\\)*[^\\/:*?"'<>|\s]+"#;
pub(super) const RX_LXPATH: &str = r#"(?:~|\.\.?)?(?:/[^\s/\\:*?<>|"'`;&(){}\[\],=^]+)+/?"#;
const RX_REGISTRY: &str = r#"(?i:HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER|HKEY_CLASSES_ROOT|HKEY_USERS|HKEY_CURRENT_CONFIG|HKLM|HKCU|HKCR|HKCC|HKU)(?::)?(?:\\[^\\\s"'<>|:/]+(?: [A-Z0-9(][^\\\s"'<>|:/]*)*)*\\[^\\\s"'<>|:/]+"#;
const RX_PIPE: &str = r#"\\\\(?:\.|[A-Za-z0-9_.$-]+)\\(?i:pipe)\\[^\s\\"'<>|]+"#;

/// Bytes a Windows file or folder name cannot hold (besides control characters and the
/// quote itself): a quoted path does not run on across them.
const WIN_NAME_FORBIDDEN: &[u8] = b"/:*?\"<>|";
/// The same for a path written with forward slashes, whose separator may follow a space.
const WIN_SLASH_NAME_FORBIDDEN: &[u8] = b"\\:*?\"<>|";
/// Bytes a quoted registry key does not run on across.
const KEY_NAME_FORBIDDEN: &[u8] = b"\"<>|";

/// Registry keys, named pipes and Windows paths in one automaton: all three start at
/// a backslash's neighbourhood, and one scan costs less than three. Alternation order
/// matters where two shapes could start at one place.
pub(super) fn backslash_pattern() -> String {
    format!("{RX_REGISTRY}|{RX_PIPE}|{RX_WINPATH}")
}

/// A match of [`backslash_pattern`], told apart by how it starts: a registry key, or a
/// Windows path that may also be a named pipe.
pub(super) fn backslash(hit: Hit<'_>, ctx: &Ctx<'_, '_>, out: &mut Vec<Cand>) {
    if hit.s.starts_with(['H', 'h']) {
        registry_key(hit, out);
    } else {
        let is_pipe = hit
            .s
            .strip_prefix("\\\\")
            .and_then(|r| r.split('\\').nth(1))
            .is_some_and(|c| c.eq_ignore_ascii_case("pipe"));
        if is_pipe {
            named_pipe(hit, out);
        }
        windows_path(hit, ctx, out);
    }
}

/// A Windows path, which needs a root (drive, UNC, `%VAR%`, `.` or `..`).
pub(super) fn windows_path(hit: Hit<'_>, ctx: &Ctx<'_, '_>, out: &mut Vec<Cand>) {
    let (start, end) = (hit.start, hit.end);
    // Table mode finds registry keys and pipes with the same scan but does not report
    // paths by default: build no value `emit` would drop.
    if !ctx.enabled(IocType::WindowsPath) {
        return;
    }
    if hit.at(start).is_some_and(|c| c.is_ascii_alphabetic())
        && hit.before(start, 1).is_some_and(is_word)
    {
        return;
    }
    let end = match quoted_end(hit.bytes(), start, end, WIN_NAME_FORBIDDEN) {
        Some(e) => e,
        None => start + hit.s.trim_end_matches(['.', ',', ';']).len(),
    };
    let Some(p) = hit.text.get(start..end).filter(|p| !p.is_empty()) else {
        return;
    };
    out.push(Cand::plain(IocType::WindowsPath, start, end, p.to_string()));
}

/// A Linux path of two components or more outside any URL, or a Windows path written
/// with forward slashes after a drive (`C:/Windows/System32/cmd.exe`).
pub(super) fn linux_path(hit: Hit<'_>, ctx: &Ctx<'_, '_>, out: &mut Vec<Cand>) {
    let (start, end, s) = (hit.start, hit.end, hit.s);
    if ctx.in_url(start, end) {
        return;
    }
    if s.starts_with('/')
        && hit.before(start, 1) == Some(b':')
        && hit
            .before(start, 2)
            .is_some_and(|c| c.is_ascii_alphabetic())
        && !hit.before(start, 3).is_some_and(is_word)
    {
        if !ctx.enabled(IocType::WindowsPath) {
            return;
        }
        let start = start - 2;
        // Forward slashes separate its folders: `/` may follow a quoted space.
        let end = match quoted_end(hit.bytes(), start, end, WIN_SLASH_NAME_FORBIDDEN) {
            Some(e) => e,
            None => start + 2 + s.trim_end_matches(['.', ',', ';']).len(),
        };
        if let Some(p) = hit.text.get(start..end) {
            out.push(Cand::plain(IocType::WindowsPath, start, end, p.to_string()));
        }
        return;
    }
    if hit
        .before(start, 1)
        .is_some_and(|p| is_word(p) || p == b'/' || p == b'.' || p == b'\\')
    {
        return;
    }
    let trimmed = s.trim_end_matches(['.', ',']);
    if trimmed.starts_with('/') && trimmed.trim_end_matches('/').matches('/').count() < 2 {
        return; // `/c`, `/url`: a command-line switch, not a path
    }
    let end = start + trimmed.len();
    out.push(Cand::plain(
        IocType::LinuxPath,
        start,
        end,
        trimmed.to_string(),
    ));
}

/// A registry key under one of the hive roots, not the tail of a longer word.
fn registry_key(hit: Hit<'_>, out: &mut Vec<Cand>) {
    let (start, end) = (hit.start, hit.end);
    if hit.before(start, 1).is_some_and(is_word) {
        return;
    }
    let end = match quoted_end(hit.bytes(), start, end, KEY_NAME_FORBIDDEN) {
        Some(e) => e,
        None => start + hit.s.trim_end_matches(['.', ',', ';']).len(),
    };
    let Some(k) = hit.text.get(start..end) else {
        return;
    };
    out.push(Cand::plain(IocType::RegistryKey, start, end, k.to_string()));
}

/// A named pipe, `\\.\pipe\name` or `\\server\pipe\name`, without trailing punctuation.
fn named_pipe(hit: Hit<'_>, out: &mut Vec<Cand>) {
    let start = hit.start;
    let len = hit.s.trim_end_matches(['.', ',', ';', ')']).len();
    let end = start + len;
    let Some(p) = hit.text.get(start..end) else {
        return;
    };
    out.push(Cand::plain(
        IocType::WinNamedPipe,
        start,
        end,
        p.to_string(),
    ));
}

/// Inside quotes a path or key runs to the closing quote: `"HKLM\...\Credential
/// Providers"`, `"C:\Program Files\My App\app.exe"`. When the match at `start..end`
/// of `b` follows a `"` or `'` and the same quote closes it on the same line, returns
/// where the name ends (before any spaces ahead of the quote); `None` when it is not
/// quoted, or when what lies between holds a control character, a byte of `forbidden`
/// or a command-line switch (` -x`), which make the quotes a command's, not a name's.
///
/// The search for the closing quote stops at the next quote of its kind, so the
/// searches of all matches cover the text at most once per kind of quote.
fn quoted_end(b: &[u8], start: usize, end: usize, forbidden: &[u8]) -> Option<usize> {
    let q = start.checked_sub(1).and_then(|i| b.get(i)).copied()?;
    if q != b'"' && q != b'\'' {
        return None;
    }
    let limit = b.len().min(start + MAX_PATH_BYTES);
    let rest = b.get(end..limit)?;
    let close = rest
        .iter()
        .position(|&c| c == q || c == b'\n' || c == b'\r')?;
    let between = rest.get(..close)?;
    if rest.get(close) != Some(&q)
        || between
            .iter()
            .any(|&c| c < 0x20 || c == 0x7f || forbidden.contains(&c))
        || between
            .windows(3)
            .any(|w| matches!(w, [b' ', b'-', c] if c.is_ascii_alphabetic()))
    {
        return None;
    }
    let kept = between.len()
        - between
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_whitespace())
            .count();
    Some(end + kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_ends() {
        let end = |t: &str, name: &str, forbidden: &[u8]| -> Option<String> {
            let s = t.find(name).unwrap();
            quoted_end(t.as_bytes(), s, s + name.len(), forbidden).map(|e| t[s..e].to_string())
        };
        let w = WIN_NAME_FORBIDDEN;
        assert_eq!(
            end(r#"x "C:\a\My File.txt" y"#, r"C:\a\My", w),
            Some(r"C:\a\My File.txt".into())
        );
        assert_eq!(
            end(r"x 'C:\a\b c  ' y", r"C:\a\b", w),
            Some(r"C:\a\b c".into())
        );
        assert_eq!(end(r#"x "C:\a\b""#, r"C:\a\b", w), Some(r"C:\a\b".into()));
        // Unquoted, unclosed, closed on another line, or holding a switch or `/`.
        assert_eq!(end(r"x C:\a\b c", r"C:\a\b", w), None);
        assert_eq!(end(r#"x "C:\a\b c"#, r"C:\a\b", w), None);
        assert_eq!(end("x \"C:\\a\\b c\n\"", r"C:\a\b", w), None);
        assert_eq!(end(r#""C:\a\b -x 1""#, r"C:\a\b", w), None);
        assert_eq!(end(r#""C:\a\cmd.exe /c x""#, r"C:\a\cmd.exe", w), None);
        assert_eq!(end(r#"'C:\a\b c""#, r"C:\a\b", w), None);
        let k = KEY_NAME_FORBIDDEN;
        assert_eq!(
            end(r#""HKLM\A\Terminal Server" /v x"#, r"HKLM\A\Terminal", k),
            Some(r"HKLM\A\Terminal Server".into())
        );
        // A closing quote past the longest path is not looked for.
        let far = format!("\"C:\\a\\b {}\"", "c".repeat(MAX_PATH_BYTES));
        assert_eq!(end(&far, r"C:\a\b", w), None);
    }
}
