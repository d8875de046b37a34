#!/usr/bin/env bash
# Regenerates the QuickTime/MP4 fixtures with ffmpeg; the tests hold the readings
# `ffprobe -show_streams -show_format` gave for them.
set -euo pipefail
cd "$(dirname "$0")"
src() { echo "testsrc=size=32x18:rate=$1:duration=$2"; }
x264=(-c:v libx264 -pix_fmt yuv420p -preset ultrafast -bitexact -map_metadata -1 -fflags +bitexact)
ffmpeg -v error -y -f lavfi -i "$(src 25 0.4)" "${x264[@]}" -timecode 10:00:00:00 -metadata creation_time=2015-09-18T08:14:06Z tc25.mov
ffmpeg -v error -y -f lavfi -i "$(src 30000/1001 0.4)" "${x264[@]}" -timecode '01:00:00;00' df2997.mov
ffmpeg -v error -y -f lavfi -i "$(src 24000/1001 0.4)" "${x264[@]}" -timecode 00:59:59:00 tc23976.mov
ffmpeg -v error -y -f lavfi -i "$(src 50 0.4)" "${x264[@]}" -timecode 12:34:56:49 tc50.mov
ffmpeg -v error -y -f lavfi -i "$(src 60000/1001 0.2)" "${x264[@]}" -timecode '00:09:59;58' df5994.mov
ffmpeg -v error -y -f lavfi -i "$(src 25 0.12)" -c:v prores_ks -profile:v 3 -map_metadata -1 -fflags +bitexact -timecode 23:59:59:24 prores.mov
ffmpeg -v error -y -f lavfi -i "$(src 25 0.4)" "${x264[@]}" -metadata creation_time=2020-01-02T03:04:05Z plain.mp4
ffmpeg -v error -y -f lavfi -i "$(src 30000/1001 0.4)" "${x264[@]}" -movflags +faststart -timecode '00:00:59;29' faststart.mp4
