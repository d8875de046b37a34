"""Prints the benchmark table from hyperfine's JSON results."""
import json
import sys

import_json, import_rss, campaign_json, campaign_rss, rows, pledges = sys.argv[1:7]
wrk_osmose, wrk_nginx, serve_rss, visible_ms = (sys.argv[7:11] + [None] * 4)[:4]


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


def means(path):
    results = {r["command"]: r for r in json.load(open(path))["results"]}
    return results["osmose"]["mean"], results["sqlite3"]["mean"]


lines = []
for figure, path, rss, goal in [
    (f"import {int(rows):,} HelloAsso rows vs sqlite3 .import", import_json, import_rss, 3.0),
    (f"campaign --json on {int(pledges):,} pledges vs sqlite3 sums", campaign_json, campaign_rss, 2.0),
]:
    osmose, reference = means(path)
    ratio = osmose / reference
    lines.append((figure, f"{osmose * 1000:.0f} ms", f"{reference * 1000:.0f} ms", f"{ratio:.2f}×", f"≤ {goal:g}×",
                  "pass" if ratio <= goal else "FAIL", f"{int(rss) / 1024:.0f} MiB"))

if wrk_osmose and wrk_nginx:
    o_rps, o_p99 = wrk(wrk_osmose)
    n_rps, n_p99 = wrk(wrk_nginx)
    ratio = o_rps / n_rps if n_rps else 0
    rss = f"{int(serve_rss) / 1024:.0f} MiB" if serve_rss else ""
    lines.append(("GET / (wrk, 64 conn, 20,000 pledges) vs nginx", f"{o_rps:,.0f} req/s", f"{n_rps:,.0f} req/s", f"{ratio:.2f}×",
                  "≥ 0.4×", "pass" if ratio >= 0.4 else "FAIL", rss))
    lines.append(("GET / p99 latency", f"{o_p99:.2f} ms", f"{n_p99:.2f} ms", "", "≤ 10 ms", "pass" if o_p99 <= 10 else "FAIL", ""))
if visible_ms is not None:
    ms = int(visible_ms)
    lines.append(("API pledge visible on /", f"{ms} ms" if ms >= 0 else "never", "", "", "≤ 1000 ms",
                  "pass" if 0 <= ms <= 1000 else "FAIL", ""))

header = ("figure", "osmose", "reference", "ratio", "goal", "result", "peak RSS")
widths = [max(len(str(r[i])) for r in lines + [header]) for i in range(len(header))]
for row in [header] + lines:
    print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
sys.exit(0 if all(r[5] == "pass" for r in lines) else 1)
