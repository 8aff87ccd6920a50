//! Defanged indicators made plain again: `hxxp://evil[.]com` → `http://evil.com`.
//!
//! The IoC extractor's own refanging (`huntkit_ioc::refang`: `[.]`, `(.)`, `{.}`,
//! `[dot]`, `[@]`, `[at]`, `[:]//`, `hxxp`, `fxp`, ...), so an entity built from a
//! defanged report and one built from a log compare equal.

/// `text` with its defanged forms made plain.
///
/// ```
/// assert_eq!(huntkit_entities::refang("hxxps://evil[.]example(.)com"), "https://evil.example.com");
/// assert_eq!(huntkit_entities::refang("user[at]example[dot]org"), "user@example.org");
/// ```
pub fn refang(text: &str) -> String {
    huntkit_ioc::refang(text).into_owned()
}
