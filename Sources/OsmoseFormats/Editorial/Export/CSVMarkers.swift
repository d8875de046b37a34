import Foundation
import OsmoseDomain

extension MarkerExport {
    /// Osmose's own CSV: one row per marker, and one row with empty marker fields for a clip
    /// without markers. RFC 4180: CRLF line ends, fields holding a comma, quote or line break
    /// quoted, quotes doubled. It states plainly what the other formats encode, so checks compare
    /// them to it.
    enum CSVWriter {
        static let header = [
            "clip", "file", "reel", "path", "fps", "start_tc", "end_tc", "duration_frames", "marker_tc",
            "marker_out_tc",
            "marker_name", "marker_note", "keywords", "rating",
        ]

        static func write(_ layout: Layout) -> String {
            var out = row(header)
            for placement in layout.placements {
                let clip = placement.clip
                let head = [
                    clip.name, clip.fileName, clip.reel, clip.absolutePath ?? clip.path, clip.rate.label,
                    clip.start.description, clip.end.description, "\(clip.durationFrames)",
                ]
                if placement.markers.isEmpty {
                    out += row(head + ["", "", "", "", keywords(clip, nil).joined(separator: "; "), ""])
                }
                for marker in placement.markers {
                    out += row(
                        head + [
                            marker.at.description, marker.out?.description ?? "", markerName(marker), marker.note,
                            keywords(clip, marker).joined(separator: "; "), marker.rating.map { "\($0)" } ?? "",
                        ])
                }
            }
            return out
        }

        private static func row(_ fields: [String]) -> String {
            OsmoseFormats.CSVWriter.row(fields)
        }
    }
}
