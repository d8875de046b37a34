"""Checks the events osmose read from a cut against the events the cut was built with.

    python check_cut.py FILE EXPECTED.json ACTUAL.json

FILE is a cut written by make_cuts.py, EXPECTED.json the events make_cuts.py wrote for it and
ACTUAL.json what `osmose cut show NAME --json` printed after `osmose cut import FILE --name NAME`
(`-` reads it from standard input). Compares, event by event in record order, clip names,
source in/out and record in/out (timecodes converted to frames by OpenTimelineIO, so that an
error in either side's timecode arithmetic shows), and reels and paths where the format carries
them. Record times are checked from the start the file itself states, as OTIO (or pycmx, for an
EDL) reads it: some adapters write the timeline's start timecode, others start at zero. For an
EDL, pycmx's reading of every event is compared as well.

Exits 0 when everything matches, 1 otherwise, printing each difference.
"""
import json
import os
import sys

from urllib.parse import unquote, urlparse

import opentimelineio as otio


def frames(timecode, rate):
    """Frames since midnight of a timecode (`;` reads as drop-frame)."""
    return otio.opentime.from_timecode(timecode, rate).to_frames()


def local_path(text):
    """A path or file URL as a plain path, so that `file:///a`, `file://localhost/a` and `/a` agree."""
    if text is None:
        return None
    parsed = urlparse(text)
    if parsed.scheme == "file":
        return unquote(parsed.path)
    return text


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 64
    path, expected_path, actual_path = sys.argv[1:]
    with open(expected_path) as handle:
        expected = json.load(handle)
    if actual_path == "-":
        actual = json.load(sys.stdin)
    else:
        with open(actual_path) as handle:
            actual = json.load(handle)
    extension = os.path.splitext(path)[1].lstrip(".").lower()
    rate = expected["rate_value"]
    drop = expected["drop_frame"]
    problems = []

    # Where the file says the record timeline starts.
    if extension == "edl":
        import pycmx

        with open(path) as handle:
            edl = pycmx.parse_cmx3600(handle)
        edits = [e for event in edl.events for e in event.edits
                 if e.channels.video and not e.black and e.record_out != e.record_in]
        record_start = frames(edits[0].record_in, rate) - expected["events"][0]["record_in"] if edits else 0
        check_pycmx(edits, actual["events"], rate, problems)
    else:
        timeline = otio.adapters.read_from_file(path)
        start = timeline.global_start_time
        record_start = round(start.value * rate / start.rate) if start is not None else 0

    events = actual.get("events", [])
    if len(events) != len(expected["events"]):
        problems.append(f"{len(events)} events read, {len(expected['events'])} expected")
    carries_reel = extension in ("edl", "otio")
    # otio-fcp-adapter writes every timecode with displayformat NDF, so an xmeml cut reads as
    # non-drop even when it was built drop-frame; MLT has no drop-frame at all.
    drop_expected = drop and extension not in ("xml", "kdenlive")
    for index, (want, got) in enumerate(zip(expected["events"], events), start=1):
        where = f"event {index}"
        if got.get("clip_name") != want["clip"]:
            problems.append(f"{where}: clip {got.get('clip_name')!r}, expected {want['clip']!r}")
        if local_path(got.get("path")) != local_path(want["path"]):
            problems.append(f"{where}: path {got.get('path')!r}, expected {want['path']!r}")
        if carries_reel and got.get("reel") != want["reel"]:
            problems.append(f"{where}: reel {got.get('reel')!r}, expected {want['reel']!r}")
        for key in ("source_in", "source_out", "record_in", "record_out"):
            text = got.get(key, "")
            try:
                value = frames(text, rate)
            except Exception as error:  # noqa: BLE001 - any unreadable timecode is a difference
                problems.append(f"{where}: {key} {text!r} is not a timecode ({error})")
                continue
            wanted = want[key] + (record_start if key.startswith("record") else 0)
            if value != wanted:
                shown = otio.opentime.to_timecode(otio.opentime.RationalTime(wanted, rate), rate, drop_expected)
                problems.append(f"{where}: {key} {text} is frame {value}, expected {shown} (frame {wanted})")
            if (";" in text) != drop_expected:
                problems.append(f"{where}: {key} {text} should be {'drop-frame' if drop_expected else 'non-drop'}")

    for problem in problems:
        print(f"FAILED: {path}: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"ok: {path}: {len(events)} events match")
    return 0


def check_pycmx(edits, events, rate, problems):
    """pycmx's events (video, not black, not zero-length) against osmose's."""
    if len(edits) != len(events):
        problems.append(f"pycmx reads {len(edits)} video events, osmose {len(events)}")
    for index, (edit, got) in enumerate(zip(edits, events), start=1):
        pairs = [("clip", edit.clip_name, got.get("clip_name")), ("reel", edit.source, got.get("reel"))]
        for key in ("source_in", "source_out", "record_in", "record_out"):
            pairs.append((key, frames(getattr(edit, key), rate), frames(got.get(key, "00:00:00:00"), rate)))
        for key, theirs, ours in pairs:
            if theirs != ours:
                problems.append(f"event {index}: {key} is {ours!r}, pycmx reads {theirs!r}")


if __name__ == "__main__":
    sys.exit(main())
