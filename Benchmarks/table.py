"""The benchmarks' one table.

Each benchmark script appends its rows (JSON lines: figure, osmose, reference, ratio, goal,
result, rss) to one file; `print` shows them as one table and fails when a goal is missed.

  table.py money ROWS import.json import_rss campaign.json campaign_rss rows pledges wrk_osmose wrk_nginx serve_rss visible_ms
  table.py footage ROWS ingest.json ingest_rss cut.json cut_rss
  table.py print ROWS
"""
import json
import sys


def means(path):
    """Each command's mean time in seconds, from hyperfine's JSON export."""
    return {r["command"]: r["mean"] for r in json.load(open(path))["results"]}


def wrk(path):
    """Requests per second and the 99th percentile latency in ms, from wrk --latency."""
    rps, p99 = 0.0, 0.0
    for line in open(path):
        parts = line.split()
        if line.startswith("Requests/sec:"):
            rps = float(parts[1])
        if parts and parts[0] == "99%":
            value = parts[1]
            unit = 1000.0 if value.endswith("us") else 1.0 if value.endswith("ms") else 0.001 if value.endswith("s") else 1.0
            p99 = float(value.rstrip("usm")) / unit
    return rps, p99


def ms(seconds):
    return f"{seconds * 1000:.0f} ms"


def mib(kib):
    return f"{int(kib) / 1024:.0f} MiB" if kib else ""


def row(figure, osmose, reference, ratio, goal, ok, rss):
    return {"figure": figure, "osmose": osmose, "reference": reference, "ratio": ratio, "goal": goal,
            "result": "pass" if ok is True else "FAIL" if ok is False else "", "rss": rss}


def money(import_json, import_rss, campaign_json, campaign_rss, rows, pledges, wrk_osmose, wrk_nginx, serve_rss, visible_ms):
    out = []
    for figure, path, rss, goal in [
        (f"import {int(rows):,} HelloAsso rows vs sqlite3 .import", import_json, import_rss, 3.0),
        (f"campaign --json on {int(pledges):,} pledges vs sqlite3 sums", campaign_json, campaign_rss, 2.0),
    ]:
        m = means(path)
        ratio = m["osmose"] / m["sqlite3"]
        out.append(row(figure, ms(m["osmose"]), ms(m["sqlite3"]), f"{ratio:.2f}×", f"≤ {goal:g}×", ratio <= goal, mib(rss)))
    o_rps, o_p99 = wrk(wrk_osmose)
    n_rps, n_p99 = wrk(wrk_nginx)
    ratio = o_rps / n_rps if n_rps else 0
    out.append(row("GET / (wrk, 64 conn, 20,000 pledges) vs nginx", f"{o_rps:,.0f} req/s", f"{n_rps:,.0f} req/s",
                   f"{ratio:.2f}×", "≥ 0.4×", ratio >= 0.4, mib(serve_rss)))
    out.append(row("GET / p99 latency", f"{o_p99:.2f} ms", f"{n_p99:.2f} ms", "", "≤ 10 ms", o_p99 <= 10, ""))
    visible = int(visible_ms)
    out.append(row("API pledge visible on /", f"{visible} ms" if visible >= 0 else "never", "", "", "≤ 1000 ms",
                   0 <= visible <= 1000, ""))
    return out


def footage(ingest_json, ingest_rss, cut_json, cut_rss):
    ingest, cut = means(ingest_json), means(cut_json)
    rss_ingest, rss_cut = int(ingest_rss) / 1024, int(cut_rss) / 1024
    return [
        row("ingest xxh64 vs xxhsum -H1", ms(ingest["osmose"]), ms(ingest["xxhsum"]), f"{ingest['osmose'] / ingest['xxhsum']:.2f}×",
            "≤ 1.25×", ingest["osmose"] / ingest["xxhsum"] <= 1.25, mib(ingest_rss)),
        row("ingest xxh64 vs ascmhl create -h xxh64", ms(ingest["osmose"]), ms(ingest["ascmhl"]),
            f"{ingest['ascmhl'] / ingest['osmose']:.2f}× faster", "≥ 2× faster", ingest["ascmhl"] / ingest["osmose"] >= 2, mib(ingest_rss)),
        row("ingest peak memory", f"{rss_ingest:.0f} MiB", "", "", "≤ 64 MiB", rss_ingest <= 64, mib(ingest_rss)),
        row("read a 2,000-event FCPXML vs OpenTimelineIO", ms(cut["osmose"]), ms(cut["otio"]),
            f"{cut['otio'] / cut['osmose']:.2f}× faster", "≥ 10× faster", cut["otio"] / cut["osmose"] >= 10, mib(cut_rss)),
        row("… and record it in the ledger", ms(cut["osmose-import"]), ms(cut["otio"]),
            f"{cut['otio'] / cut['osmose-import']:.2f}× faster", "(information)", None, mib(cut_rss)),
    ]


def show(path):
    rows = [json.loads(line) for line in open(path) if line.strip()]
    keys = ("figure", "osmose", "reference", "ratio", "goal", "result", "rss")
    header = dict(zip(keys, ("figure", "osmose", "reference", "ratio", "goal", "result", "peak RSS")))
    widths = {k: max(len(r[k]) for r in rows + [header]) for k in keys}
    for r in [header] + rows:
        print("  ".join(r[k].ljust(widths[k]) for k in keys).rstrip())
    return all(r["result"] != "FAIL" for r in rows)


if __name__ == "__main__":
    kind, path, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    if kind == "print":
        sys.exit(0 if show(path) else 1)
    with open(path, "a") as out:
        for r in {"money": money, "footage": footage}[kind](*args):
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
