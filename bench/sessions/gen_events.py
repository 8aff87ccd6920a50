"""Synthetic Office 365-style Exchange admin events for the sessions benchmark.

Writes CSV with UserId, ClientIP, TimeGenerated, Operation, Parameters (a JSON object).
Each user's sessions are at least an hour apart and last at most 12 events about 40 s
apart, so sessionizing with a 20-minute session and a 2-minute gap recovers exactly the
generated sessions. A small share of sessions take rare paths and rare parameter values.
Usage: gen_events.py SESSIONS OUT.csv
"""

import csv
import json
import random
import sys
from datetime import datetime, timedelta, timezone

COMMON = [
    "Get-Mailbox", "Set-Mailbox", "Get-User", "Set-User", "Get-MailboxPermission",
    "Set-CASMailbox", "Get-InboxRule", "Set-Clutter", "Get-MailboxStatistics",
    "Set-MailboxRegionalConfiguration", "Get-DistributionGroup", "Add-DistributionGroupMember",
    "Set-DistributionGroup", "Get-Recipient", "Set-MailboxJunkEmailConfiguration",
]
RARE = [
    "New-InboxRule", "Add-MailboxPermission", "Set-TransportRule", "New-ManagementRoleAssignment",
    "Add-RecipientPermission", "Set-OwaMailboxPolicy", "New-TransportRule", "Remove-MailboxPermission",
]
PARAMS = {
    "Identity": None,  # free text: a mailbox
    "Force": ["True", "False"],
    "AuditEnabled": ["True", "False"],
    "AccessRights": ["FullAccess", "ReadPermission", "SendAs"],
    "DeliverToMailboxAndForward": ["True", "False"],
    "ForwardingSmtpAddress": None,
    "Confirm": ["False"],
    "ErrorAction": ["Stop", "SilentlyContinue"],
}


def params_for(rng, op, users):
    names = ["Identity"]
    if op.startswith("Set-"):
        names += rng.sample(["Force", "AuditEnabled", "Confirm", "ErrorAction"], rng.randint(0, 2))
    if "Permission" in op:
        names.append("AccessRights")
    if op in ("Set-Mailbox", "New-InboxRule") and rng.random() < 0.1:
        names += ["ForwardingSmtpAddress", "DeliverToMailboxAndForward"]
    out = {}
    for n in names:
        choices = PARAMS[n]
        if choices is None:
            out[n] = rng.choice(users) + "@contoso.example"
        else:
            out[n] = rng.choice(choices)
    return out


def main():
    n_sessions = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(20240101)
    n_users = max(10, n_sessions // 10)
    users = [f"user{i:06d}" for i in range(n_users)]
    # Each user's habits: a preferred chain through the common commands.
    habits = {u: rng.sample(COMMON, 6) for u in users}
    next_start = {u: datetime(2024, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=rng.randint(0, 600)) for u in users}
    with open(out, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["UserId", "ClientIP", "TimeGenerated", "Operation", "Parameters"])
        for s in range(n_sessions):
            u = users[s % n_users]
            ip = f"10.{(s // 65536) % 256}.{(s // 256) % 256}.{s % 256}"
            t = next_start[u]
            length = rng.randint(1, 12)
            rare = rng.random() < 0.02
            habit = habits[u]
            for i in range(length):
                if rare and rng.random() < 0.3:
                    op = rng.choice(RARE)
                elif rng.random() < 0.8:
                    op = habit[i % len(habit)]
                else:
                    op = rng.choice(COMMON)
                p = params_for(rng, op, users[:50])
                w.writerow([u, ip, t.strftime("%Y-%m-%dT%H:%M:%SZ"), op, json.dumps(p)])
                t += timedelta(seconds=rng.randint(5, 90))
            next_start[u] = t + timedelta(hours=1, minutes=rng.randint(0, 600))


if __name__ == "__main__":
    main()
