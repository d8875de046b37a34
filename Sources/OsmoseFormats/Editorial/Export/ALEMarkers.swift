import Foundation
import OsmoseDomain

extension MarkerExport {
    /// An Avid Log Exchange file: one row per clip, which Avid merges into its bins.
    ///
    /// The heading gives the timeline's rate; each clip keeps its own timecode (Start, End
    /// exclusive, Duration, in drop-frame form when its rate drops frames) and says its rate in
    /// an FPS column. Markers are summarised in Comments, one `TIMECODE name: note` after another;
    /// people and themes go to a Keywords column. Values are kept on one line without tabs.
    enum ALEWriter {
        static let columns = [
            "Name", "Tracks", "Start", "End", "Duration", "Tape", "Source File", "Source Path", "FPS", "Keywords",
            "Comments",
        ]

        static func write(_ layout: Layout) -> String {
            var out = "Heading\n"
            out += "FIELD_DELIM\tTABS\n"
            out += "VIDEO_FORMAT\t1080\n"
            out += "AUDIO_FORMAT\t48khz\n"
            out += "FPS\t\(fps(layout.rate))\n\n"
            out += "Column\n" + columns.joined(separator: "\t") + "\n\n"
            out += "Data\n"
            for placement in layout.placements {
                let clip = placement.clip
                let duration = (try? Timecode(frame: clip.durationFrames, rate: clip.rate))?.description ?? ""
                let comments = placement.markers.map { marker in
                    // " | " separates entries, so an entry cannot hold it.
                    let note = oneLine(marker.note).replacingOccurrences(of: " | ", with: " / ")
                    let name = markerName(marker).replacingOccurrences(of: " | ", with: " / ")
                    return "\(marker.at) \(name)" + (note.isEmpty || note == name ? "" : ": \(note)")
                }
                let row = [
                    clip.name, "VA1A2", clip.start.description, clip.end.description, duration, clip.reel,
                    clip.fileName, clip.absolutePath ?? clip.path, fps(clip.rate),
                    keywords(clip, nil).joined(separator: ", "), comments.joined(separator: " | "),
                ]
                out += row.map(oneLine).joined(separator: "\t") + "\n"
            }
            return out
        }

        /// The rate as Avid writes it: `25`, `29.97`, `23.976`.
        static func fps(_ rate: FrameRate) -> String {
            switch (rate.timebase, rate.denominator) {
            case (24, 1_001): "23.976"
            case (30, 1_001): "29.97"
            case (60, 1_001): "59.94"
            default: "\(rate.timebase)"
            }
        }
    }
}
