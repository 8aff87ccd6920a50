// Which columns the view reads for each process: the engine's built-in schemas (the same
// names as crates/huntkit-proctree/src/schema.rs) or a user's mapping, narrowed to the
// columns the tree's table has.

// Per schema: time, name, pid, parent id, parent name, command line, user, user id, logon
// id, target logon id, host, path separator. `time` lists candidates, first present wins
// (Defender keys a process by ProcessCreationTime, else Timestamp).
const BUILT_IN = {
  windows: { time: ["TimeGenerated"], name: "NewProcessName", pid: "NewProcessId", ppid: "ProcessId", parentName: "ParentProcessName", cmd: "CommandLine", user: "SubjectUserName", userId: "SubjectUserSid", logon: "SubjectLogonId", targetLogon: "TargetLogonId", host: "Computer", sep: "\\" },
  linux: { time: ["TimeGenerated"], name: "exe", pid: "pid", ppid: "ppid", parentName: null, cmd: "cmdline", user: "acct", userId: "uid", logon: "ses", targetLogon: null, host: "Computer", sep: "/" },
  "mde-internal": { time: ["CreatedProcessCreationTime"], name: "CreatedProcessName", pid: "CreatedProcessId", ppid: "CreatedProcessParentId", parentName: "ParentProcessName", cmd: "CreatedProcessCommandLine", user: "CreatedProcessAccountName", userId: "CreatedProcessAccountSid", logon: "InitiatingProcessLogonId", targetLogon: "LogonId", host: "ComputerDnsName", sep: "\\" },
  mde: { time: ["ProcessCreationTime", "Timestamp"], name: "FileName", pid: "ProcessId", ppid: "InitiatingProcessId", parentName: "InitiatingProcessFileName", cmd: "ProcessCommandLine", user: "AccountName", userId: "AccountSid", logon: "InitiatingProcessLogonId", targetLogon: "LogonId", host: "DeviceName", sep: "\\" },
  sysmon: { time: ["UtcTime"], name: "Image", pid: "ProcessId", ppid: "ParentProcessId", parentName: "ParentImage", cmd: "CommandLine", user: "User", userId: null, logon: "LogonId", targetLogon: null, host: "Computer", sep: "\\" },
  osquery: { time: ["calendarTime"], name: "name", pid: "pid", ppid: "parent", parentName: null, cmd: "cmdline", user: "username", userId: "uid", logon: null, targetLogon: null, host: null, sep: "/" },
  hx: { time: ["starttime"], name: "process", pid: "pid", ppid: "parentpid", parentName: "parentprocess", cmd: "processcmdline", user: "username", userId: null, logon: null, targetLogon: null, host: "hostname", sep: "\\" },
};

// A mapping's camelCase fields → the view's roles.
const FROM_MAPPING = {
  timeStamp: "time", processName: "name", processId: "pid", parentId: "ppid", parentName: "parentName", cmdLine: "cmd",
  userName: "user", userId: "userId", logonId: "logon", targetLogonId: "targetLogon", hostNameColumn: "host",
};

/**
 * The columns of each role for the tree's table: `{ time, name, pid, ppid, parentName,
 * cmd, user, userId, logon, targetLogon, host, sep }`, a role null when its column is not
 * in the table. `kind` is the engine's schema name ("windows", … or "custom" with
 * `mapping`); `has(name)` says whether the table has a column.
 */
export function rolesOf(kind, mapping, has) {
  let spec;
  if (mapping) {
    spec = { sep: typeof mapping.pathSeparator === "string" && mapping.pathSeparator ? mapping.pathSeparator : "\\" };
    for (const [field, role] of Object.entries(FROM_MAPPING)) spec[role] = mapping[field] ?? null;
    spec.time = spec.time ? [spec.time] : [];
  } else {
    spec = BUILT_IN[kind] ?? BUILT_IN.windows;
  }
  const out = { sep: spec.sep };
  for (const role of Object.keys(FROM_MAPPING).map((f) => FROM_MAPPING[f])) {
    if (role === "time") out.time = spec.time.find((c) => has(c)) ?? null;
    else out[role] = spec[role] && has(spec[role]) ? spec[role] : null;
  }
  return out;
}

/** The last part of a process path: "C:\\Windows\\cmd.exe" → "cmd.exe". */
export function baseName(path, sep) {
  const s = String(path);
  const i = sep ? s.lastIndexOf(sep) : -1;
  return i >= 0 && i < s.length - 1 ? s.slice(i + 1) : s;
}

/** MSTICPy's table columns (`show_table`): time first, then who, what and the parent. */
export function tableColumns(roles, legendCol) {
  const order = ["time", "user", "userId", "logon", "pid", "name", "cmd", "ppid", "parentName", "targetLogon"];
  const names = [];
  for (const role of order) if (roles[role] && !names.includes(roles[role])) names.push(roles[role]);
  if (legendCol && !names.includes(legendCol)) names.push(legendCol);
  return names;
}
