#!/usr/bin/env python3
"""Checks osmose's marker exports with the tools editors' pipelines use.

    check_export.py FOLDER

FOLDER holds markers.fcpxml, markers.xml, markers.otio, markers.edl, markers.ale and
markers.csv, written by `osmose export markers` from the same clips. The CSV states the clips
plainly; every other file, read by OpenTimelineIO 0.18 and its adapters (the EDL also by
pycmx), must give the same clip names, source ranges (start timecode, duration in frames) and
markers (name, place in the clip).

Each reader has its own ways, which the comparisons below follow rather than hide:
- fcpx_xml turns a rational time into frames as int(seconds * int(fps)), so 29.97 is read as
  29 and 23.976 as 23, and it reads markers at the project's rate: expected values are computed
  the same way from the exact times.
- cmx_3600 and ale read every timecode at the file's one rate, and cmx_3600 keeps a locator's
  timecode (a record timecode, as Avid writes it) as the marker's time: a clip at another rate
  than the timeline is compared by its timecode labels, and locators against record times.
  fcpx_xml also orders spine clips by offsets counted at each clip's own rate, which reorders a
  timeline of mixed rates: its clips are matched by name and start instead of by position.
- A clip at another rate than the timeline takes a whole number of timeline frames (rounded
  up) on FCPXML spines and xmeml tracks, so its duration there is compared to that length. In
  the EDL its event keeps its source length in its own frames, so cmx_3600 reads it with
  ignore_timecode_mismatch (the record range is checked through pycmx).
"""

import csv
import sys
import xml.etree.ElementTree as ElementTree
from fractions import Fraction
from pathlib import Path

import opentimelineio as otio
import pycmx

RATES = {
    "23.976": (24000, 1001, False), "24": (24, 1, False), "25": (25, 1, False),
    "29.97": (30000, 1001, True), "29.97ndf": (30000, 1001, False), "30": (30, 1, False),
    "50": (50, 1, False), "59.94": (60000, 1001, True), "59.94ndf": (60000, 1001, False), "60": (60, 1, False),
}
HEADER = ["clip", "file", "reel", "path", "fps", "start_tc", "end_tc", "duration_frames", "marker_tc",
          "marker_out_tc", "marker_name", "marker_note", "keywords", "rating"]

failures = []
checks = 0


def expect(condition, message):
    global checks
    checks += 1
    if not condition:
        failures.append(message)


class Rate:
    def __init__(self, label):
        if label not in RATES:
            raise SystemExit(f"markers.csv: fps {label!r} is not a rate osmose writes")
        self.label = label
        self.num, self.den, self.drop = RATES[label]
        self.timebase = round(self.num / self.den)
        self.fps = self.num / self.den

    def speed(self):
        return (self.num, self.den)

    def frames(self, label):
        """Frames since 00:00:00:00 for an `HH:MM:SS:FF` (or `;FF`) label at this rate."""
        h, m, s, f = int(label[0:2]), int(label[3:5]), int(label[6:8]), int(label[9:11])
        frames = (h * 3600 + m * 60 + s) * self.timebase + f
        if self.drop:
            minutes = 60 * h + m
            frames -= (self.timebase // 15) * (minutes - minutes // 10)
        return frames

    def label_for(self, frame, drop=None):
        drop = self.drop if drop is None else drop
        n = frame
        if drop:
            d = self.timebase // 15
            per_ten = self.timebase * 600 - d * 9
            tens, rest = divmod(n, per_ten)
            n += d * 9 * tens
            if rest > d:
                n += d * ((rest - d) // (self.timebase * 60 - d))
        tb = self.timebase
        sep = ";" if drop else ":"
        return f"{n // (3600 * tb):02d}:{n // (60 * tb) % 60:02d}:{n // tb % 60:02d}{sep}{n % tb:02d}"

    def seconds(self, frames):
        return Fraction(frames * self.den, self.num)


def read_csv(folder):
    with open(folder / "markers.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0] != HEADER:
        raise SystemExit(f"markers.csv: the header is {rows[0] if rows else None}, expected {HEADER}")
    clips = []
    for row in rows[1:]:
        record = dict(zip(HEADER, row))
        key = (record["clip"], record["file"], record["start_tc"])
        if not clips or clips[-1]["key"] != key:
            rate = Rate(record["fps"])
            clips.append({
                "key": key, "name": record["clip"], "file": record["file"], "reel": record["reel"],
                "rate": rate, "start": rate.frames(record["start_tc"]), "start_tc": record["start_tc"],
                "end_tc": record["end_tc"], "duration": int(record["duration_frames"]), "markers": [],
            })
        clip = clips[-1]
        if record["marker_tc"]:
            out = record["marker_out_tc"]
            clip["markers"].append({
                "tc": record["marker_tc"], "at": clip["rate"].frames(record["marker_tc"]),
                "out": clip["rate"].frames(out) if out else None, "name": record["marker_name"],
                "note": record["marker_note"],
            })
    if not clips:
        raise SystemExit("markers.csv holds no clip")
    # The timeline: from 01:00:00:00 of the first clip's rate, clips end to end.
    timeline = clips[0]["rate"]
    cursor = timeline.frames("01:00:00:00")
    for clip in clips:
        clip["record_frames"] = timeline_frames(clip["duration"], clip["rate"], timeline, up=True)
        clip["record_in"] = cursor
        cursor += clip["record_frames"]
    return clips, timeline


def timeline_frames(frames, rate, timeline, up):
    if rate.speed() == timeline.speed():
        return frames
    numerator = frames * rate.den * timeline.num
    denominator = rate.num * timeline.den
    return (numerator + (denominator - 1 if up else 0)) // denominator


def fcpx_value(seconds, rational_time):
    """The frame count fcpx_xml reads for an exact time, at the rate it reads it at."""
    return int(float(seconds.numerator) / float(seconds.denominator) * float(rational_time.rate))


def clips_of(result):
    if isinstance(result, otio.schema.Timeline):
        return list(result.find_clips())
    for child in result:
        if isinstance(child, otio.schema.Timeline):
            return list(child.find_clips())
    return list(result.find_clips())


def same_names(what, got, clips, field="name"):
    expect([c.name for c in got] == [c[field] for c in clips],
           f"{what}: clip names {[c.name for c in got]} differ from {[c[field] for c in clips]}")
    return len(got) == len(clips)


def check_otio(folder, clips, timeline):
    tl = otio.adapters.read_from_file(str(folder / "markers.otio"))
    got = clips_of(tl)
    expect(tl.global_start_time is not None and
           tl.global_start_time.value == timeline.frames("01:00:00:00"),
           f"otio: the timeline starts at {tl.global_start_time}, not 01:00:00:00")
    if not same_names("otio", got, clips):
        return
    for c, clip in zip(got, clips):
        rate = clip["rate"]
        sr = c.source_range
        expect(abs(sr.start_time.rate - rate.fps) < 1e-9 and sr.start_time.value == clip["start"]
               and sr.duration.value == clip["duration"],
               f"otio: {clip['name']} has source range {sr}, expected {clip['start_tc']} for {clip['duration']} frames")
        expect(c.media_reference.available_range == sr,
               f"otio: {clip['name']} media's available range {c.media_reference.available_range} is not {sr}")
        got_markers = [(m.name, m.marked_range.start_time.value - clip["start"], m.comment) for m in c.markers]
        want = [(m["name"], m["at"] - clip["start"], m["note"]) for m in clip["markers"]]
        expect(got_markers == want, f"otio: {clip['name']} markers {got_markers}, expected {want}")


def check_fcpxml(folder, clips, timeline):
    result = otio.adapters.read_from_file(str(folder / "markers.fcpxml"), adapter_name="fcpx_xml")
    got = clips_of(result)
    if len({c["rate"].speed() for c in clips}) > 1:
        got.sort(key=lambda c: (c.name, c.source_range.start_time.to_seconds()))
        clips = sorted(clips, key=lambda c: (c["name"], float(c["rate"].seconds(c["start"]))))
    if not same_names("fcpxml", got, clips):
        return
    for c, clip in zip(got, clips):
        rate = clip["rate"]
        sr = c.source_range
        if rate.speed() == timeline.speed():
            length = rate.seconds(clip["duration"])
        else:
            length = timeline.seconds(clip["record_frames"])
        want = (fcpx_value(rate.seconds(clip["start"]), sr.start_time), fcpx_value(length, sr.duration))
        expect((sr.start_time.value, sr.duration.value) == want,
               f"fcpxml: {clip['name']} reads as {sr}, expected values {want} "
               f"for {clip['start_tc']} and {clip['duration']} frames")
        got_markers = [(m.name, m.marked_range.start_time.value) for m in c.markers]
        want_markers = [(m["name"], fcpx_value(rate.seconds(m["at"]), mk.marked_range.start_time))
                        for m, mk in zip(clip["markers"], c.markers)]
        expect(len(c.markers) == len(clip["markers"]) and got_markers == want_markers,
               f"fcpxml: {clip['name']} markers {got_markers}, expected {want_markers}")


def rational(text):
    """An FCPXML time (`3600s`, `1001/30000s`) as an exact fraction of seconds."""
    if text is None or not text.endswith("s"):
        raise ValueError(f"{text!r} is not an FCPXML time")
    return Fraction(text[:-1])


def check_fcpxml_exact(folder, clips, timeline):
    """The exact times fcpx_xml rounds away: assets, spine clips and markers to the frame."""
    root = ElementTree.parse(folder / "markers.fcpxml").getroot()
    expect(root.get("version") == "1.9", f"fcpxml: version {root.get('version')!r}")
    formats = {f.get("id"): f for f in root.iter("format")}
    assets = {a.get("id"): a for a in root.iter("asset")}
    sequence = root.find("./library/event/project/sequence")
    expect(rational(sequence.get("tcStart")) == timeline.seconds(timeline.frames("01:00:00:00")),
           f"fcpxml: sequence tcStart {sequence.get('tcStart')}")
    expect(sequence.get("tcFormat") == ("DF" if timeline.drop else "NDF"), "fcpxml: sequence tcFormat")
    spine = sequence.findall("./spine/asset-clip")
    expect(len(spine) == len(clips), f"fcpxml: {len(spine)} clips on the spine, expected {len(clips)}")
    for element, clip in zip(spine, clips):
        rate, name = clip["rate"], clip["name"]
        asset = assets.get(element.get("ref"))
        if asset is None:
            expect(False, f"fcpxml: {name} refers to a missing asset {element.get('ref')!r}")
            continue
        frame = formats[asset.get("format")].get("frameDuration")
        expect(rational(frame) == Fraction(rate.den, rate.num), f"fcpxml: {name} format frameDuration {frame}")
        expect(rational(asset.get("start")) == rate.seconds(clip["start"]) and
               rational(asset.get("duration")) == rate.seconds(clip["duration"]),
               f"fcpxml: asset {name} runs {asset.get('start')} for {asset.get('duration')}")
        media = asset.find("media-rep")
        expect(media is not None and media.get("src"), f"fcpxml: asset {name} has no media-rep src")
        expect(element.get("name") == name and rational(element.get("start")) == rate.seconds(clip["start"]),
               f"fcpxml: spine clip {element.get('name')} starts at {element.get('start')}")
        expect(rational(element.get("offset")) == timeline.seconds(clip["record_in"]),
               f"fcpxml: {name} at offset {element.get('offset')}, expected record frame {clip['record_in']}")
        markers = [(m.get("value"), rational(m.get("start"))) for m in element.findall("marker")]
        want = [(m["name"], rate.seconds(m["at"])) for m in clip["markers"]]
        expect(markers == want, f"fcpxml: {name} exact markers {markers}, expected {want}")
        notes = [m.get("note", "") for m in element.findall("marker")]
        expect(notes == [m["note"] for m in clip["markers"]], f"fcpxml: {name} marker notes {notes}")


def check_xmeml(folder, clips, timeline):
    result = otio.adapters.read_from_file(str(folder / "markers.xml"), adapter_name="fcp_xml")
    got = clips_of(result)
    if not same_names("xmeml", got, clips):
        return
    for c, clip in zip(got, clips):
        rate = clip["rate"]
        sr = c.source_range
        expect(sr.start_time.value == clip["start"] and abs(sr.start_time.rate - rate.fps) < 1e-9,
               f"xmeml: {clip['name']} starts at {sr.start_time}, expected frame {clip['start']} ({clip['start_tc']})")
        if rate.speed() == timeline.speed():
            expect(sr.duration.value == clip["duration"],
                   f"xmeml: {clip['name']} lasts {sr.duration.value} frames, expected {clip['duration']}")
        else:
            conformed = float(timeline.seconds(clip["record_frames"]) * rate.num / rate.den)
            expect(abs(sr.duration.value - conformed) < 1e-6,
                   f"xmeml: {clip['name']} lasts {sr.duration.value} frames, expected {conformed}")
        got_markers = [(m.name, m.marked_range.start_time.value) for m in c.markers]
        want = [(m["name"], m["at"] - clip["start"]) for m in clip["markers"]]
        expect(got_markers == want, f"xmeml: {clip['name']} markers {got_markers}, expected {want}")
        got_outs = [m.marked_range.duration.value for m in c.markers]
        want_outs = [(m["out"] - m["at"]) if m["out"] is not None else 0 for m in clip["markers"]]
        expect(got_outs == want_outs, f"xmeml: {clip['name']} marker lengths {got_outs}, expected {want_outs}")


def locator_frame(label_as_read, timeline):
    """A locator timecode (written with colons; the FCM line says drop-frame) as timeline frames."""
    return timeline.frames(label_as_read)


def check_edl_otio(folder, clips, timeline):
    text = (folder / "markers.edl").read_text(encoding="utf-8")
    mixed = len({c["rate"].speed() for c in clips}) > 1
    result = otio.adapters.read_from_string(text, adapter_name="cmx_3600", rate=timeline.fps,
                                            ignore_timecode_mismatch=mixed)
    got = clips_of(result)
    if not same_names("edl (otio)", got, clips, field="file"):
        return
    for c, clip in zip(got, clips):
        rate = clip["rate"]
        sr = c.source_range
        # Source timecodes are labels of the clip's own timecode, read at the EDL's one rate.
        start_label = otio.opentime.to_timecode(sr.start_time, timeline.fps, ";" in clip["start_tc"])
        end_label = otio.opentime.to_timecode(sr.end_time_exclusive(), timeline.fps, ";" in clip["end_tc"])
        expect((start_label, end_label) == (clip["start_tc"], clip["end_tc"]),
               f"edl (otio): {clip['name']} source {start_label}–{end_label}, expected {clip['start_tc']}–{clip['end_tc']}")
        if rate.speed() == timeline.speed():
            expect(sr.duration.value == clip["duration"],
                   f"edl (otio): {clip['name']} lasts {sr.duration.value} frames, expected {clip['duration']}")
        got_markers = []
        for m in c.markers:
            label = otio.opentime.to_timecode(m.marked_range.start_time, timeline.fps, False)
            got_markers.append((m.name, locator_frame(label, timeline) - clip["record_in"]))
        want = [(m["name"], timeline_frames(m["at"] - clip["start"], rate, timeline, up=False)) for m in clip["markers"]]
        expect(got_markers == want, f"edl (otio): {clip['name']} locators {got_markers}, expected {want}")


def check_edl_pycmx(folder, clips, timeline):
    with open(folder / "markers.edl", encoding="utf-8") as f:
        edl = pycmx.parse_cmx3600(f)
    events = list(edl.events)
    expect(len(events) == len(clips), f"edl (pycmx): {len(events)} events, expected {len(clips)}")
    expect(edl.format == "3600", f"edl (pycmx): format {edl.format!r}")
    fcm = [s for s in edl.event_statements if type(s).__name__ == "StmtFCM"]
    expect(len(fcm) == 1 and fcm[0].drop == timeline.drop, f"edl (pycmx): FCM {fcm} for {timeline.label}")
    unread = [s for s in edl.unrecognized_statements if getattr(s, "content", "x").strip()]
    expect(not unread, f"edl (pycmx): lines not understood: {unread}")
    for event, clip in zip(events, clips):
        edits = event.edits
        expect(len(edits) == 1, f"edl (pycmx): event {event.number} has {len(edits)} edits")
        if not edits:
            continue
        edit = edits[0]
        record_in = timeline.label_for(clip["record_in"])
        record_out = timeline.label_for(clip["record_in"] + clip["record_frames"])
        got = (edit.clip_name, edit.source_in, edit.source_out, edit.record_in, edit.record_out)
        want = (clip["file"], clip["start_tc"], clip["end_tc"], record_in, record_out)
        expect(got == want, f"edl (pycmx): event {event.number} reads {got}, expected {want}")
        expect(len(edit.source) <= 8 and edit.source.replace("_", "").isalnum() and edit.source.isascii(),
               f"edl (pycmx): reel {edit.source!r} is not a CMX reel name")
        locators = []
        for s in event.statements:
            text = getattr(s, "text", None)
            if type(s).__name__ == "StmtRemark" and text and text.startswith("LOC:"):
                parts = text[4:].strip().split(None, 2)
                locators.append((parts[2] if len(parts) > 2 else "", timeline.frames(parts[0]) - clip["record_in"]))
        want_loc = [(m["name"], timeline_frames(m["at"] - clip["start"], clip["rate"], timeline, up=False))
                    for m in clip["markers"]]
        expect(locators == want_loc, f"edl (pycmx): event {event.number} locators {locators}, expected {want_loc}")


def check_ale(folder, clips, timeline):
    text = (folder / "markers.ale").read_text(encoding="utf-8")
    result = otio.adapters.read_from_string(text, adapter_name="ale")
    got = clips_of(result)
    header = result.metadata["ALE"]["header"]
    expect(header.get("FIELD_DELIM") == "TABS", f"ale: FIELD_DELIM is {header.get('FIELD_DELIM')!r}")
    if not same_names("ale", got, clips):
        return
    fps = float(otio.opentime.RationalTime.nearest_smpte_timecode_rate(float(header["FPS"])))
    for c, clip in zip(got, clips):
        rate = clip["rate"]
        sr = c.source_range
        start_label = otio.opentime.to_timecode(sr.start_time, fps, ";" in clip["start_tc"])
        end_label = otio.opentime.to_timecode(sr.end_time_exclusive(), fps, ";" in clip["end_tc"])
        expect((start_label, end_label) == (clip["start_tc"], clip["end_tc"]),
               f"ale: {clip['name']} runs {start_label}–{end_label}, expected {clip['start_tc']}–{clip['end_tc']}")
        if rate.speed() == timeline.speed():
            expect(sr.duration.value == clip["duration"],
                   f"ale: {clip['name']} lasts {sr.duration.value} frames, expected {clip['duration']}")
        expect(c.media_reference.target_url == clip["file"],
               f"ale: {clip['name']} source file {c.media_reference.target_url!r}, expected {clip['file']!r}")
        fields = c.metadata["ALE"]
        expect(fields.get("Tape") == clip["reel"], f"ale: {clip['name']} tape {fields.get('Tape')!r}")
        comments = fields.get("Comments", "")
        entries = [e for e in comments.split(" | ") if e]
        expect(len(entries) == len(clip["markers"]) and all(
            e.startswith(f"{m['tc']} {m['name']}") for e, m in zip(entries, clip["markers"])),
            f"ale: {clip['name']} comments {comments!r} do not list its markers")


def run(name, check, folder, clips, timeline):
    before = len(failures)
    try:
        check(folder, clips, timeline)
    except Exception as error:  # a reader that refuses the file is a failure of the file
        failures.append(f"{name}: could not be read: {type(error).__name__}: {error}")
    passed = len(failures) == before
    print(("ok: " if passed else "FAILED: ") + name)
    return passed


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: check_export.py FOLDER")
    folder = Path(sys.argv[1])
    clips, timeline = read_csv(folder)
    results = [run(name, check, folder, clips, timeline) for name, check in [
        ("otio", check_otio), ("fcpxml", check_fcpxml), ("fcpxml (exact times)", check_fcpxml_exact),
        ("xmeml", check_xmeml),
        ("edl (otio)", check_edl_otio), ("edl (pycmx)", check_edl_pycmx), ("ale", check_ale)]]
    for failure in failures:
        print("  " + failure, file=sys.stderr)
    markers = sum(len(c["markers"]) for c in clips)
    print(f"{len(clips)} clips, {markers} markers, {checks} comparisons")
    print(f"editorial: {results.count(True)} passed, {results.count(False)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
