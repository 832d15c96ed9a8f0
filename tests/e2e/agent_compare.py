"""agent_compare.py - the agent run's verdicts against the netns run's.

usage: agent_compare.py BASE.json AGENT.json AGENT_EXIT_STATUS [RERUN.json...]

BASE is a netns run (over IPv4: netns gives the same verdicts over IPv6,
ipv6_suite.sh checks); testcases of one family only are left out.

Testcases that need target actions must run (not SKIP) unless they need
sysctls (the agent target does not offer them: they would leak between
testcases on a shared host).  Every other verdict must equal the netns
one, except the known differences below, each with why.

A difference may come from the shared host itself: four testcases at a
time share one kernel (its route cache, its timers), where every netns
testcase has a kernel of its own (docs/agent-protocol.md: the frag-needed
testcase's path MTU, flushed under the others, gives them 48-octet
segments now and then).  Each differing testcase is printed as
"RERUN: ID"; the caller runs each of those again alone, twice, and passes
the reports.  A difference that neither lone run repeats is listed as
shared-host interference (DIFF); one that either repeats is BAD.
"""
import json, re, sys

netns = {t["id"]: t for t in json.load(open(sys.argv[1]))["testcases"]}
doc = json.load(open(sys.argv[2]))
agent = {t["id"]: t for t in doc["testcases"]}
rc = int(sys.argv[3])
rerun = {}         # id -> the verdicts of its lone runs
for path in sys.argv[4:]:
    for t in json.load(open(path))["testcases"]:
        rerun.setdefault(t["id"], []).append(t["verdict"])

# The topology, not the stack, makes these differ (docs in the report).
KNOWN = {}

bad = []
diff = []
for tid, a in sorted(agent.items()):
    n = netns.get(tid)
    if n is None:
        bad.append(f"{tid}: not in the base run")
        continue
    if a["reason"].startswith("not on IPv") or \
            n["reason"].startswith("not on IPv"):
        continue        # one family's testcase (ICMPv4, IPv6's MSS)
    if a["verdict"] == "SKIP" and "sysctl" not in a["reason"] and \
            n["verdict"] != "SKIP":
        bad.append(f"{tid}: SKIPPED on the agent: {a['reason']}")
        continue
    if a["verdict"] == "SKIP" and "sysctl" in a["reason"]:
        continue
    if a["verdict"] != n["verdict"]:
        line = (f"{tid}: base {n['verdict']}, agent {a['verdict']}: "
                f"{a['reason'][:160]}")
        if tid in KNOWN:
            diff.append(line + f"  [known: {KNOWN[tid]}]")
        elif len(rerun.get(tid, [])) >= 2 and \
                all(v == n["verdict"] for v in rerun[tid]):
            diff.append(line + "  [shared-host interference: alone it "
                        f"was {'/'.join(rerun[tid])}, as in the base run]")
        elif tid in rerun:
            bad.append(line + f"  [alone: {'/'.join(rerun[tid])}]")
        else:
            bad.append(line)
            print(f"RERUN: {tid}")
for tid in sorted(set(netns) - set(agent)):
    bad.append(f"{tid}: in the base run, not in the agent's")
n_bad = sum(doc["summary"][k] for k in ("FAIL", "XPASS", "INCONC", "ERROR"))
if rc != (1 if n_bad else 0):
    bad.append(f"exit status {rc} with {n_bad} bad verdicts")
print(f"agent summary: {doc['summary']}")
skipped = [t for t, a in agent.items() if a["verdict"] == "SKIP"]
print(f"SKIPPED on the agent: {len(skipped)} "
      f"({', '.join(sorted(skipped)[:8])}{' ...' if len(skipped) > 8 else ''})")
for d in diff:
    print("DIFF:", d)
for b in bad:
    print("BAD:", b)
sys.exit(1 if bad else 0)
