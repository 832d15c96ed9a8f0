"""agent_compare.py - the agent run's verdicts against the netns run's.

usage: agent_compare.py NETNS.json AGENT.json AGENT_EXIT_STATUS

Testcases that need target actions must run (not SKIP) unless they need
sysctls (the agent target does not offer them: they would leak between
testcases on a shared host).  Every other verdict must equal the netns
one, except the known differences below, each with why.
"""
import json, re, sys

netns = {t["id"]: t for t in json.load(open(sys.argv[1]))["testcases"]}
doc = json.load(open(sys.argv[2]))
agent = {t["id"]: t for t in doc["testcases"]}
rc = int(sys.argv[3])

# The topology, not the stack, makes these differ (docs in the report).
KNOWN = {
    # One CI run saw the agent host send the first 2000-octet write's
    # segments at 48 octets (Linux's tcp_min_snd_mss) despite MSS 500:
    # state the long-lived agent host kept from an earlier testcase
    # (each netns testcase starts in a fresh namespace).  Not yet
    # reproduced; the closing note lists it under shared-host interference.
    "segment/psh-on-last-segment":
        "shared agent host kept a send-MSS of 48 from an earlier testcase",
}

bad = []
diff = []
for tid, a in sorted(agent.items()):
    n = netns.get(tid)
    if n is None:
        bad.append(f"{tid}: not in the netns run")
        continue
    if a["verdict"] == "SKIP" and "sysctl" not in a["reason"] and \
            n["verdict"] != "SKIP":
        bad.append(f"{tid}: SKIPPED on the agent: {a['reason']}")
        continue
    if a["verdict"] == "SKIP" and "sysctl" in a["reason"]:
        continue
    if a["verdict"] != n["verdict"]:
        line = (f"{tid}: netns {n['verdict']}, agent {a['verdict']}: "
                f"{a['reason'][:160]}")
        if tid in KNOWN:
            diff.append(line + f"  [known: {KNOWN[tid]}]")
        else:
            bad.append(line)
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
