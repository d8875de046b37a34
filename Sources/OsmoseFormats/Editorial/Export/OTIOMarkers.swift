import Foundation
import OsmoseDomain

extension MarkerExport {
    /// OpenTimelineIO JSON in the 0.18 schema (`Timeline.1`, `Clip.2`, `Marker.2`…), which
    /// Kdenlive and Resolve import.
    ///
    /// Times are in each clip's own rate; a clip's source range is its whole media, starting at
    /// its timecode, and its markers are in the same media time. Keywords, reel, file name and
    /// rating are kept in `metadata.osmose`.
    enum OTIOWriter {
        static func write(_ layout: Layout) -> String {
            let clips = layout.placements.map(clip)
            let track = object(
                "Track.1",
                [
                    ("metadata", .object([])),
                    ("name", .string("V1")),
                    ("source_range", .null),
                    ("effects", .array([])),
                    ("markers", .array([])),
                    ("enabled", .bool(true)),
                    ("color", .null),
                    ("children", .array(clips)),
                    ("kind", .string("Video")),
                ])
            let stack = object(
                "Stack.1",
                [
                    ("metadata", .object([])),
                    ("name", .string("tracks")),
                    ("source_range", .null),
                    ("effects", .array([])),
                    ("markers", .array([])),
                    ("enabled", .bool(true)),
                    ("color", .null),
                    ("children", .array([track])),
                ])
            let timeline = object(
                "Timeline.1",
                [
                    ("metadata", .object([])),
                    ("name", .string(layout.title)),
                    ("global_start_time", time(layout.recordStart.frame, layout.rate)),
                    ("tracks", stack),
                ])
            return timeline.rendered()
        }

        private static func clip(_ placement: Placement) -> JSON {
            let clip = placement.clip
            let range = timeRange(clip.start.frame, clip.durationFrames, clip.rate)
            var metadata: [(String, JSON)] = [
                ("reel", .string(clip.reel)),
                ("file_name", .string(clip.fileName)),
                ("path", .string(clip.path)),
                ("timecode", .string(clip.start.description)),
            ]
            if !clip.keywords.isEmpty { metadata.append(("keywords", .array(clip.keywords.map(JSON.string)))) }
            let reference = object(
                "ExternalReference.1",
                [
                    ("metadata", .object([])),
                    ("name", .string(clip.fileName)),
                    ("available_range", range),
                    ("available_image_bounds", .null),
                    ("target_url", .string(fileURL(clip))),
                ])
            return object(
                "Clip.2",
                [
                    ("metadata", .object([("osmose", .object(metadata))])),
                    ("name", .string(clip.name)),
                    ("source_range", range),
                    ("effects", .array([])),
                    ("markers", .array(placement.markers.map { marker(clip, $0) })),
                    ("enabled", .bool(true)),
                    ("color", .null),
                    ("media_references", .object([("DEFAULT_MEDIA", reference)])),
                    ("active_media_reference_key", .string("DEFAULT_MEDIA")),
                ])
        }

        private static func marker(_ clip: MarkerClip, _ marker: MarkerClip.Marker) -> JSON {
            var metadata: [(String, JSON)] = []
            if !marker.keywords.isEmpty { metadata.append(("keywords", .array(marker.keywords.map(JSON.string)))) }
            if let rating = marker.rating { metadata.append(("rating", .integer(rating))) }
            let length = marker.out.map { $0.frame - marker.at.frame } ?? 0
            return object(
                "Marker.2",
                [
                    ("metadata", .object(metadata.isEmpty ? [] : [("osmose", .object(metadata))])),
                    ("name", .string(markerName(marker))),
                    ("color", .string(colour(of: marker))),
                    ("marked_range", timeRange(marker.at.frame, length, clip.rate)),
                    ("comment", .string(marker.note)),
                ])
        }

        private static func object(_ schema: String, _ fields: [(String, JSON)]) -> JSON {
            .object([("OTIO_SCHEMA", .string(schema))] + fields)
        }

        private static func time(_ frames: Int, _ rate: FrameRate) -> JSON {
            object(
                "RationalTime.1",
                [
                    ("rate", .number(Double(rate.numerator) / Double(rate.denominator))),
                    ("value", .number(Double(frames))),
                ])
        }

        private static func timeRange(_ start: Int, _ duration: Int, _ rate: FrameRate) -> JSON {
            object("TimeRange.1", [("duration", time(duration, rate)), ("start_time", time(start, rate))])
        }
    }
}
