"""Reads a cut with OpenTimelineIO and prints how many clips it holds, for timing against
`osmose cut import`.

    python otio-read.py FILE
"""
import sys

import opentimelineio as otio

timeline = otio.adapters.read_from_file(sys.argv[1])
print(sum(1 for _ in timeline.find_clips()), "clips")
