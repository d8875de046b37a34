"""Writes an FCPXML cut of N events with OpenTimelineIO's FCPXML adapter, for timing imports.

    python make-cut.py OUTPUT.fcpxml N

The events cycle through 40 camera clips on 4 cards (`file:///cards/A00k/XDROOT/Clip/C00nn.MP4`)
at 25 fps, with a gap every 10 events. Needs opentimelineio 0.18 and otio-fcpx-xml-adapter.
"""
import sys

import opentimelineio as otio

RT = otio.opentime.RationalTime
TR = otio.opentime.TimeRange
RATE = 25

output, count = sys.argv[1], int(sys.argv[2])
timeline = otio.schema.Timeline(name=f"Benchmark {count}")
track = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
timeline.tracks.append(track)
for i in range(count):
    number = i % 40 + 1
    card = f"A{(number - 1) // 10 + 1:03d}"
    media_start = (10 + number % 8) * 3600 * RATE + number * 1500
    reference = otio.schema.ExternalReference(
        target_url=f"file:///cards/{card}/XDROOT/Clip/C{number:04d}.MP4",
        available_range=TR(RT(media_start, RATE), RT(20_000, RATE)),
    )
    into = (i * 37) % 18_000
    track.append(otio.schema.Clip(name=f"C{number:04d}.MP4", media_reference=reference,
                                  source_range=TR(RT(media_start + into, RATE), RT(25 + i % 100, RATE))))
    if i % 10 == 9:
        track.append(otio.schema.Gap(source_range=TR(RT(0, RATE), RT(12, RATE))))
otio.adapters.write_to_file(timeline, output)
