"""Builds two small cuts with OpenTimelineIO and writes each through OTIO's own adapters.

    python make_cuts.py OUTDIR

For each cut (`cut25`, a 25 fps edit, and `cut2997`, a 29.97 drop-frame one) it writes
OUTDIR/NAME.otio, NAME.fcpxml (otio-fcpx-xml-adapter), NAME.xml (otio-fcp-adapter, xmeml) and
NAME.edl (otio-cmx3600-adapter) and, when otio-kdenlive-adapter is installed, NAME.kdenlive;
and OUTDIR/NAME.expected.json: the events as built, in record
order, with frame numbers (sources in the clip's timecode, record from the timeline's start,
outs exclusive). It prints the file names it wrote.

Needs: opentimelineio 0.18, otio-cmx3600-adapter, otio-fcp-adapter, otio-fcpx-xml-adapter
(optionally otio-kdenlive-adapter).
"""
import json
import os
import sys

import opentimelineio as otio

try:
    import otio_kdenlive_adapter  # noqa: F401 - only to know whether .kdenlive can be written

    KDENLIVE = True
except ImportError:
    KDENLIVE = False

RT = otio.opentime.RationalTime
TR = otio.opentime.TimeRange

# Four camera clips on two cards: name, card, media start (timecode, as HH:MM:SS:FF at 25 fps
# or HH:MM:SS;FF at 29.97 drop-frame), length in frames.
CLIPS = [
    ("C0001.MP4", "A001", "10:12:03:00", 3000),
    ("C0002.MP4", "A001", "10:15:40:12", 2500),
    ("C0003.MP4", "A002", "14:02:10:00", 4000),
    ("C0004.MP4", "A002", "14:09:31:20", 1800),
]

# The edit: (clip index, frames into the clip, length in frames), or (None, 0, length) for a gap.
EDIT = [
    (0, 100, 75), (2, 250, 50), (1, 0, 120), (None, 0, 25), (3, 900, 48), (0, 1200, 60),
    (2, 3000, 90), (1, 1800, 33), (3, 10, 100), (None, 0, 12), (2, 40, 64), (0, 2500, 150),
    (1, 2300, 41),
]

CUTS = [
    # name, rate, drop frame, timeline start
    ("cut25", 25.0, False, "01:00:00:00"),
    ("cut2997", 30000 / 1001, True, "00:59:58;00"),
]


def frames(timecode, rate):
    return otio.opentime.from_timecode(timecode, rate).to_frames()


def build(name, rate, drop):
    timeline = otio.schema.Timeline(name=name)
    start_tc = next(c for c in CUTS if c[0] == name)[3]
    timeline.global_start_time = RT(frames(start_tc, rate), rate)
    track = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    timeline.tracks.append(track)
    events = []
    record = 0
    for clip_index, into, length in EDIT:
        if clip_index is None:
            track.append(otio.schema.Gap(source_range=TR(RT(0, rate), RT(length, rate))))
            record += length
            continue
        clip_name, card, media_tc, media_length = CLIPS[clip_index]
        if drop:
            media_tc = media_tc[:8] + ";" + media_tc[9:]
        media_start = frames(media_tc, rate)
        reference = otio.schema.ExternalReference(
            target_url=f"file:///cards/{card}/XDROOT/Clip/{clip_name}",
            available_range=TR(RT(media_start, rate), RT(media_length, rate)),
        )
        clip = otio.schema.Clip(
            name=clip_name,
            media_reference=reference,
            source_range=TR(RT(media_start + into, rate), RT(length, rate)),
        )
        clip.metadata["cmx_3600"] = {"reel": card}
        track.append(clip)
        events.append({
            "clip": clip_name,
            "reel": card,
            "path": reference.target_url,
            "source_in": media_start + into,
            "source_out": media_start + into + length,
            "record_in": record,
            "record_out": record + length,
        })
        record += length
    expected = {
        "name": name,
        "rate": "29.97" if drop else "25",
        "rate_value": rate,
        "drop_frame": drop,
        "record_start": frames(start_tc, rate),
        "events": events,
    }
    return timeline, expected


def patch_frame_duration(path, rate, drop):
    """Works around otio-fcpx-xml-adapter 1.0.0, which looks NTSC rates up by the key 29.97 and
    so writes `frameDuration=""` for OTIO's exact 30000/1001: fills in the frame duration and,
    for drop-frame, the sequence's tcFormat. Every time the adapter wrote is kept as it is."""
    if abs(rate - round(rate)) < 1e-6:
        return
    duration = {24: "1001/24000s", 30: "1001/30000s", 60: "1001/60000s"}[round(rate)]
    with open(path) as handle:
        text = handle.read()
    text = text.replace('frameDuration=""', f'frameDuration="{duration}"')
    if drop:
        text = text.replace("<sequence ", '<sequence tcFormat="DF" ', 1)
    with open(path, "w") as handle:
        handle.write(text)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    for name, rate, drop, _ in CUTS:
        timeline, expected = build(name, rate, drop)
        extensions = ["otio", "fcpxml", "xml", "edl"]
        if KDENLIVE:
            extensions.append("kdenlive")
        for extension in extensions:
            path = os.path.join(out, f"{name}.{extension}")
            otio.adapters.write_to_file(timeline, path)
            if extension == "fcpxml":
                patch_frame_duration(path, rate, drop)
            print(path)
        path = os.path.join(out, f"{name}.expected.json")
        with open(path, "w") as handle:
            json.dump(expected, handle, indent=2)
        print(path)


if __name__ == "__main__":
    main()
