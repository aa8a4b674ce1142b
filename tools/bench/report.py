#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the benchmark VM's output into a table, ratios, JSON and a chart.

    report.py RESULT_LOG OUTDIR [CALLGRIND_LOG]

RESULT_LOG holds "bench-result: key=value ..." lines, one per path,
context and flush, "bench-disk: ..." lines (the disk's own limit at each
flush, also with every CPU busy: load=busy), "bench-latency: ..." lines (auditlite's time from a record to its
ack at a steady rate) and "bench-sustain: ..." lines (tools/bench/vm.sh);
CALLGRIND_LOG a "bench-callgrind: ..." line (the daemon's instructions per
record on the host, tools/bench/bench.sh).
Writes OUTDIR/results.json (a list, one object per path, context and
flush, the disk's runs as path "disk"), OUTDIR/sustain.json,
OUTDIR/callgrind.json and OUTDIR/bench.png (gnuplot).
"""

import json
import subprocess
import sys

CONTEXTS = ("process", "softirq", "hardirq")
# The module's default backlog_limit, which the runs keep.
BACKLOG_LIMIT = 8192
KEYS = ("path", "context", "records", "caller_ns_median", "caller_ns_p99",
        "caller_ns_mean", "floor_ns_median", "e2e_records_per_s", "emit_records_per_s", "lost",
        "backlog_high_water")


def value(text):
    if text == "null":
        return None
    try:
        return int(text)
    except ValueError:
        return text


def parse(path):
    lines = {"bench-result": [], "bench-sustain": [], "bench-latency": [],
             "bench-disk": [], "bench-callgrind": []}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            kind, _, rest = line.strip().partition(": ")
            if kind not in lines:
                continue
            fields = dict(kv.split("=", 1) for kv in rest.split())
            lines[kind].append({k: value(v) for k, v in fields.items()})
    return lines


def find_all(runs, path, context, flush):
    return [r for r in runs
            if (r["path"], r["context"], r["flush"]) == (path, context, flush)]


def find(runs, path, context, flush):
    """The run, or of several the one of median throughput."""
    found = find_all(runs, path, context, flush)
    if not found:
        return None
    found.sort(key=lambda r: r["e2e_records_per_s"] or 0)
    return found[(len(found) - 1) // 2]


def ratio(a, b):
    if a is None or b in (None, 0):
        return "n/a"
    return f"{a / b:.2f}x"


def table(runs):
    head = ("path", "flush", "context", "records", "median ns", "p99 ns",
            "mean ns", "floor ns", "records/s", "emitted/s", "lost", "lost (log)",
            "high water", "slab KiB", "daemon cpu ms", "user", "sys",
            "ack us median", "ack us p99")
    rows = [head]
    for r in runs:
        rows.append(tuple("-" if v is None else str(v) for v in (
            r["path"], r["flush"], r["context"], r["records"],
            r["caller_ns_median"], r["caller_ns_p99"], r.get("caller_ns_mean"),
            r.get("floor_ns_median"),
            r["e2e_records_per_s"], r.get("emit_records_per_s"), r["lost"],
            r["lost_log"], r["backlog_high_water"],
            r["mem_peak_kib"], r["daemon_cpu_ms"], r.get("daemon_user_ms"),
            r.get("daemon_sys_ms"), r.get("ack_us_median"),
            r.get("ack_us_p99"))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths)))


def disk_rate(disk, flush, load=None):
    """The disk's own limit at auditlite's @flush (incremental or none),
    with the CPUs idle or, @load "busy", each running a spinning task."""
    for d in disk:
        if d["flush"] == flush and d.get("load") == load:
            return d["records_per_s"]
    return None


def compared(runs):
    """Each context with its runs of auditlite (default flush, none), floor
    and kaudit (default flush, none), where the run has them all."""
    for ctx in CONTEXTS:
        found = (find(runs, "auditlite", ctx, "incremental"),
                 find(runs, "auditlite", ctx, "none"),
                 find(runs, "floor", ctx, "-"),
                 find(runs, "kaudit", ctx, "incremental_async"),
                 find(runs, "kaudit", ctx, "none"))
        if all(found):
            yield ctx, found


def floor_of(run, floor):
    """The floor to hold @run's callers against: the one measured just
    before it, else the context's floor run."""
    return run.get("floor_ns_median") or floor["caller_ns_median"]


def ratios(runs, disk):
    print("\nRatios (auditlite over the other; caller cost wants <= 1.5x the floor"
          " measured just before the run and"
          " <= 0.2x kaudit, throughput >= 2/3 of the disk's limit at the same flush,"
          " >= 10x kaudit at default flush, >= 5x at none):")
    for ctx, (lite, lite_none, floor, kaudit, kaudit_none) in compared(runs):
        sealed = [(fl, find(runs, "auditlite_sealed", ctx, fl), unsealed)
                  for fl, unsealed in (("incremental", lite), ("none", lite_none))]
        print(f"  {ctx:8} caller median: auditlite/floor "
              f"{ratio(lite['caller_ns_median'], floor_of(lite, floor))}, "
              f"auditlite/kaudit "
              f"{ratio(lite['caller_ns_median'], kaudit['caller_ns_median'])}; "
              f"records/s: auditlite/kaudit default flush "
              f"{ratio(lite['e2e_records_per_s'], kaudit['e2e_records_per_s'])}, "
              f"flush none "
              f"{ratio(lite_none['e2e_records_per_s'], kaudit_none['e2e_records_per_s'])}; "
              f"auditlite/disk default flush "
              f"{ratio(lite['e2e_records_per_s'], disk_rate(disk, 'incremental'))}, "
              f"flush none "
              f"{ratio(lite_none['e2e_records_per_s'], disk_rate(disk, 'none'))}")
        if ctx != "process" and disk_rate(disk, "incremental", "busy"):
            print(f"  {'':8} records/s over the disk's with every CPU busy (context,"
                  f" not a target): default flush "
                  f"{ratio(lite['e2e_records_per_s'], disk_rate(disk, 'incremental', 'busy'))},"
                  f" flush none "
                  f"{ratio(lite_none['e2e_records_per_s'], disk_rate(disk, 'none', 'busy'))}")
        for fl, s, u in sealed:
            if not s:
                continue
            each = [
                "/".join(str(r["e2e_records_per_s"])
                         for r in find_all(runs, p, ctx, fl))
                for p in ("auditlite_sealed", "auditlite")]
            rounds = len(find_all(runs, "auditlite_sealed", ctx, fl))
            print(f"  {'':8} sealed/unsealed records/s at flush {fl}"
                  f"{f', medians of {rounds}' if rounds > 1 else ''}: "
                  f"{s['e2e_records_per_s']}/{u['e2e_records_per_s']} = "
                  f"{ratio(s['e2e_records_per_s'], u['e2e_records_per_s'])}"
                  f" (wants >= 0.90x; runs {each[0]} and {each[1]}), daemon cpu"
                  f" {s['daemon_cpu_ms']}/{u['daemon_cpu_ms']} ms")


def callers_bound(run):
    """What to add to a missed throughput target whose callers, in an
    interrupt, lost nothing, never filled the backlog and were logged as
    fast as they emitted: they, not the logger, set the rate. Callers in
    process context share the CPUs with the daemon, which paces them."""
    emitted = run.get("emit_records_per_s") if run else None
    if (not emitted or run["context"] == "process" or run["lost"] or
            run["backlog_high_water"] >= BACKLOG_LIMIT):
        return ""
    if run["e2e_records_per_s"] < 0.95 * emitted:
        return ""
    return f"; its callers emitted only {emitted} records/s and none was lost"


def targets(runs, disk):
    """The issue's targets that this run missed, each with its figure."""
    missed = []
    for ctx, (lite, lite_none, floor, kaudit, kaudit_none) in compared(runs):
        # Each with the run whose callers may have set its rate, if any.
        checks = (
            ("caller/floor", lite["caller_ns_median"], floor_of(lite, floor),
             "<=", 1.5, None),
            ("caller/kaudit", lite["caller_ns_median"], kaudit["caller_ns_median"],
             "<=", 0.2, None),
            ("records/s over kaudit at the default flush", lite["e2e_records_per_s"],
             kaudit["e2e_records_per_s"], ">=", 10, lite),
            ("records/s over kaudit at flush none", lite_none["e2e_records_per_s"],
             kaudit_none["e2e_records_per_s"], ">=", 5, lite_none),
            ("records/s over the disk's at the default flush",
             lite["e2e_records_per_s"], disk_rate(disk, "incremental"), ">=", 2 / 3,
             lite),
            ("records/s over the disk's at flush none", lite_none["e2e_records_per_s"],
             disk_rate(disk, "none"), ">=", 2 / 3, lite_none),
        )
        for name, a, b, op, want, run in checks:
            if a is None or not b:
                continue
            if (a / b <= want) if op == "<=" else (a / b >= want):
                continue
            missed.append(f"{ctx} {name} {a / b:.2f}x (wants {op} {want:.2f}x)"
                          + callers_bound(run))
    if missed:
        print("\nTargets missed in this run:\n  " + "\n  ".join(missed))
    else:
        print("\nTargets: all met in this run")


def chart(runs, outdir):
    """Two bar charts: throughput and caller median, per path and context."""
    series = [("floor", "-"), ("kaudit", "incremental_async"), ("kaudit", "none"),
              ("auditlite", "incremental"), ("auditlite", "none"),
              ("auditlite_sealed", "incremental"), ("auditlite_sealed", "none")]
    data = f"{outdir}/bench.dat"
    with open(data, "w", encoding="utf-8") as f:
        for metric in ("e2e_records_per_s", "caller_ns_median"):
            f.write("context " + " ".join(f"{p}/{fl}" for p, fl in series) + "\n")
            for ctx in CONTEXTS:
                vals = []
                for p, fl in series:
                    r = find(runs, p, ctx, fl)
                    v = r[metric] if r else None
                    vals.append("0" if v is None else str(v))
                f.write(ctx + " " + " ".join(vals) + "\n")
            f.write("\n\n")
    script = f"""
set terminal pngcairo size 1200,500 noenhanced
set output '{outdir}/bench.png'
set multiplot layout 1,2
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key below font ',9'
set grid ytics
set yrange [0:*]
set title 'End-to-end throughput (records/s, higher is better)'
plot for [i=3:8] '{data}' index 0 using i:xtic(1) title columnheader(i)
set title 'Caller cost, median (ns, lower is better)'
plot for [i=2:8] '{data}' index 1 using i:xtic(1) title columnheader(i)
unset multiplot
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)


def main():
    log, outdir = sys.argv[1], sys.argv[2]
    lines = parse(log)
    runs, sustain, latency = (lines["bench-result"], lines["bench-sustain"],
                              lines["bench-latency"])
    disk = lines["bench-disk"]
    callgrind = parse(sys.argv[3])["bench-callgrind"] if len(sys.argv) > 3 else []
    if not runs:
        sys.exit(f"report.py: no bench-result lines in {log}")
    table(runs)
    if disk:
        print("\nThe disk's own limit (disklimit: the same lines, written and synced as"
              " auditd-lite's flush does, as fast as it can):")
        for d in disk:
            print(f"  flush {d['flush']:12} {d['records_per_s']} records/s"
                  f" ({d['syncs']} syncs)"
                  f"{', beside a spinning task on every CPU' if d.get('load') else ''}")
    ratios(runs, disk)
    targets(runs, disk)
    for c in callgrind:
        print(f"\nauditd-lite's receive, parse, format and write path on the host"
              f" (callgrind){', sealed, the MAC in line' if c.get('sealed') else ''}:"
              f" {c['instructions_per_record']} instructions a record")
    if latency:
        print("\nFrom a record to its ack at a steady rate, far below capacity (softirq):")
        for r in latency:
            print(f"  auditlite flush {r['flush']:12} {r['rate_per_s']} records/s:"
                  f" median {r['ack_us_median']} us, p99 {r['ack_us_p99']} us")
    if sustain:
        print("\nHighest steady rate without loss (softirq, default backlog_limit):")
        for s in sustain:
            print(f"  {s['path']:10} {s['rate_per_s']} records/s"
                  f" (searched up to {s.get('searched_to', '?')})")
    results = [{k: r.get(k) for k in KEYS} | {
        "flush": None if r["flush"] == "-" else r["flush"],
        "lost_log": r["lost_log"], "mem_peak_kib": r["mem_peak_kib"],
        "daemon_cpu_ms": r["daemon_cpu_ms"],
        "daemon_user_ms": r.get("daemon_user_ms"),
        "daemon_sys_ms": r.get("daemon_sys_ms"),
        "ack_us_median": r.get("ack_us_median"),
        "ack_us_p99": r.get("ack_us_p99")} for r in runs]
    results += [{"path": "disk", "context": None, "flush": d["flush"],
                 "load": d.get("load"), "records": d["records"],
                 "e2e_records_per_s": d["records_per_s"],
                 "syncs": d["syncs"]} for d in disk]
    with open(f"{outdir}/results.json", "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1)
    with open(f"{outdir}/callgrind.json", "w", encoding="utf-8") as f:
        json.dump(callgrind, f, indent=1)
    with open(f"{outdir}/sustain.json", "w", encoding="utf-8") as f:
        json.dump(sustain, f, indent=1)
    chart(runs, outdir)
    print(f"\n{outdir}/results.json, {outdir}/sustain.json, {outdir}/callgrind.json,"
          f" {outdir}/bench.png")


if __name__ == "__main__":
    main()
