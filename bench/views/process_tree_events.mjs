// Process-creation events for the process tree benchmark and tests: Windows 4688 events
// with the columns of MSTICPy's win_proc_test.csv, forming realistic trees (services and
// svchost hosting WMI and COM servers, explorer starting shells, shells starting tools and
// consoles, compilers starting cvtres), deterministic for a given size.
//
// `events(n)` returns the columns as plain arrays (times in epoch ms); `toCSV(columns)`
// writes them as MSTICPy's CSV; `toArrow(arrow, columns)` builds an apache-arrow Table
// with `arrow` being the caller's apache-arrow namespace.

export const COLUMNS = [
  "TenantId", "Account", "EventID", "TimeGenerated", "Computer", "SubjectUserSid", "SubjectUserName",
  "SubjectDomainName", "SubjectLogonId", "NewProcessId", "NewProcessName", "TokenElevationType",
  "ProcessId", "CommandLine", "ParentProcessName", "TargetLogonId", "SourceComputerId", "TimeCreatedUtc",
];

const SYS32 = "C:\\Windows\\System32\\";
// Processes that start the trees and are not in the data (the engine synthesises them).
const ROOTS = [
  [`${SYS32}services.exe`, 0x25c], [`${SYS32}svchost.exe`, 0x270], [`${SYS32}svchost.exe`, 0x3a8],
  ["C:\\Windows\\explorer.exe", 0x1a4c], [`${SYS32}wininit.exe`, 0x1f0], [`${SYS32}svchost.exe`, 0x498],
];
const GUID = "{E10F6C3A-F1AE-4ADC-AA9D-2FE65525666E}";
// Children each image starts, as [image, command line template]; "#" becomes a number.
const CHILDREN = {
  "services.exe": [["svchost.exe", "svchost.exe -k netsvcs -p -s Schedule"], ["msiexec.exe", "C:\\Windows\\system32\\msiexec.exe /V"], ["spoolsv.exe", "C:\\Windows\\System32\\spoolsv.exe"], ["svchost.exe", "C:\\Windows\\system32\\svchost.exe -k LocalService"]],
  "svchost.exe": [["wbem\\WmiPrvSE.exe", "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding"], ["dllhost.exe", `C:\\Windows\\system32\\DllHost.exe /Processid:${GUID}`], ["taskhostw.exe", "taskhostw.exe Install $(Arg0)"], ["cmd.exe", "cmd.exe /c C:\\Windows\\Temp\\task#.cmd"]],
  "explorer.exe": [["cmd.exe", "\"C:\\Windows\\system32\\cmd.exe\""], ["WindowsPowerShell\\v1.0\\powershell.exe", "powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\Users\\Public\\run#.ps1"], ["notepad.exe", "\"C:\\Windows\\system32\\notepad.exe\" C:\\Users\\MSTICAdmin\\notes#.txt"]],
  "cmd.exe": [["conhost.exe", "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1"], ["whoami.exe", "whoami /all"], ["net.exe", "net user admin# /add"], ["ipconfig.exe", "ipconfig /all"], ["cmd.exe", "cmd  /c echo step #"], ["reg.exe", "reg query HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"], ["WindowsPowerShell\\v1.0\\powershell.exe", "powershell -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIAAjAA=="]],
  "powershell.exe": [["conhost.exe", "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1"], ["C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe", "\"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe\" /noconfig /fullpaths @\"C:\\Users\\MSTICAdmin\\AppData\\Local\\Temp\\tmp#.cmdline\""], ["cmd.exe", "\"C:\\Windows\\system32\\cmd.exe\" /c dir C:\\Users /s"], ["schtasks.exe", "schtasks /create /tn upd# /tr C:\\Users\\Public\\u.exe /sc onlogon"]],
  "csc.exe": [["C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\cvtres.exe", "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\cvtres.exe /NOLOGO /READONLY /MACHINE:IX86 \"/OUT:C:\\Users\\MSTICAdmin\\AppData\\Local\\Temp\\RES#.tmp\""]],
  "wininit.exe": [["services.exe", "C:\\Windows\\system32\\services.exe"], ["lsass.exe", "C:\\Windows\\system32\\lsass.exe"], ["fontdrvhost.exe", "\"fontdrvhost.exe\""]],
  "msiexec.exe": [["rundll32.exe", "rundll32.exe \"C:\\Windows\\Installer\\MSI#.tmp\",zzzzInvokeManagedCustomActionOutOfProc SfxCA_#"], ["msiexec.exe", "C:\\Windows\\System32\\MsiExec.exe -Embedding 5A2C#"], ["cmd.exe", "cmd.exe /c C:\\ProgramData\\setup#.cmd"]],
  "taskhostw.exe": [["cmd.exe", "cmd.exe /c C:\\ProgramData\\job#.bat"]],
};

const base = (path) => path.slice(path.lastIndexOf("\\") + 1);
const fullPath = (image) => (image.includes(":\\") ? image : `${image.startsWith("Windows") ? "C:\\Windows\\System32\\" : SYS32}${image}`);

// A small deterministic generator (mulberry32).
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` process-creation events in time order, as `{ column: values[] }` (times in epoch ms). */
export function events(n, seed = 4688) {
  const rnd = random(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const cols = Object.fromEntries(COLUMNS.map((c) => [c, new Array(n)]));
  const live = []; // recent processes that may start children: { path, pid, depth, admin }
  let t = Date.UTC(2019, 1, 9, 20, 0, 0);
  let nextPid = 0x1000;
  for (let i = 0; i < n; i++) {
    t += 1 + Math.floor(rnd() * 400);
    let parent = null;
    if (live.length && rnd() > 0.02) {
      // Mostly a recent process, sometimes an older one: trees grow deep and wide.
      const back = Math.floor((rnd() ** 2) * Math.min(live.length, 60));
      parent = live[live.length - 1 - back];
      if (!CHILDREN[base(parent.path)] || parent.depth >= 9) parent = null;
    }
    if (!parent) {
      const [path, pid] = pick(ROOTS);
      parent = { path, pid, depth: 0, admin: path.endsWith("explorer.exe") };
    }
    const [image, cmd] = pick(CHILDREN[base(parent.path)]);
    const path = fullPath(image);
    const pid = nextPid;
    nextPid += 4;
    const admin = parent.admin;
    const row = {
      TenantId: "52b1ab41-869e-4138-9e40-2a4457f09bf0",
      Account: admin ? "MSTICAlertsWin1\\MSTICAdmin" : "WORKGROUP\\MSTICAlertsWin1$",
      EventID: 4688,
      TimeGenerated: t,
      Computer: "MSTICAlertsWin1",
      SubjectUserSid: admin ? "S-1-5-21-996632719-2361334927-4038480536-500" : "S-1-5-18",
      SubjectUserName: admin ? "MSTICAdmin" : "MSTICAlertsWin1$",
      SubjectDomainName: admin ? "MSTICAlertsWin1" : "WORKGROUP",
      SubjectLogonId: admin ? "0xfaac27" : "0x3e7",
      NewProcessId: `0x${pid.toString(16)}`,
      NewProcessName: path,
      TokenElevationType: admin ? "%%1937" : "%%1936",
      ProcessId: `0x${parent.pid.toString(16)}`,
      CommandLine: cmd.replace("#", String(i)),
      ParentProcessName: parent.path,
      TargetLogonId: "0x0",
      SourceComputerId: "263a788b-6526-4cdc-8ed9-d79402fe4aa0",
      TimeCreatedUtc: t,
    };
    for (const c of COLUMNS) cols[c][i] = row[c];
    live.push({ path, pid, depth: parent.depth + 1, admin });
    if (live.length > 200) live.splice(0, 100);
  }
  return cols;
}

const csvCell = (v) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csvTime = (ms) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

/** The events as CSV text with MSTICPy's columns (times as `YYYY-MM-DD HH:MM:SS.mmm`). */
export function toCSV(cols) {
  const n = cols.EventID.length;
  const lines = [COLUMNS.join(",")];
  for (let i = 0; i < n; i++) {
    lines.push(COLUMNS.map((c) => (c === "TimeGenerated" || c === "TimeCreatedUtc" ? csvTime(cols[c][i]) : csvCell(cols[c][i]))).join(","));
  }
  return `${lines.join("\n")}\n`;
}

// A Utf8 vector made directly from its offsets and bytes (arrow's builder is slow at 100k);
// the text is encoded at once, and offsets counted in characters when all of it is ASCII.
function utf8(arrow, strings) {
  const texts = strings.map(String);
  const joined = texts.join("");
  const enc = new TextEncoder();
  const valueOffsets = new Int32Array(texts.length + 1);
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x00-\x7f]*$/.test(joined);
  for (let i = 0; i < texts.length; i++) valueOffsets[i + 1] = valueOffsets[i] + (ascii ? texts[i].length : enc.encode(texts[i]).length);
  const data = enc.encode(joined);
  return arrow.makeVector(arrow.makeData({ type: new arrow.Utf8(), length: texts.length, valueOffsets, data }));
}

/** The events as an apache-arrow Table (times as timestamps in ms, EventID as int32). */
export function toArrow(arrow, cols) {
  const vectors = {};
  for (const c of COLUMNS) {
    if (c === "TimeGenerated" || c === "TimeCreatedUtc") {
      const data = BigInt64Array.from(cols[c], (ms) => BigInt(ms));
      vectors[c] = arrow.makeVector(arrow.makeData({ type: new arrow.TimestampMillisecond(), data, length: data.length }));
    } else if (c === "EventID") vectors[c] = arrow.vectorFromArray(Int32Array.from(cols[c]));
    else vectors[c] = utf8(arrow, cols[c]);
  }
  return new arrow.Table(vectors);
}
