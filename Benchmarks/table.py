"""Prints the benchmark table from hyperfine's JSON results."""
import json
import sys

import_json, import_rss, campaign_json, campaign_rss, rows, pledges = sys.argv[1:7]


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

header = ("figure", "osmose", "reference", "ratio", "goal", "result", "peak RSS")
widths = [max(len(str(r[i])) for r in lines + [header]) for i in range(len(header))]
for row in [header] + lines:
    print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
sys.exit(0 if all(r[5] == "pass" for r in lines) else 1)
