import Foundation
import OsmoseDomain

/// Writes logged clips for editing software: each clip with its log entries as markers, its people
/// and themes as keywords where the format has them.
///
/// Every format lays the clips end to end on one video track, in the order given, from record
/// timecode 01:00:00:00 of the timeline's rate. A clip at another rate than the timeline's takes a
/// whole number of timeline frames: its duration rounded up, so that no clip overlaps the next.
public enum MarkerExport {
    /// The files `osmose export markers` writes.
    public enum Format: String, CaseIterable, Sendable {
        /// Final Cut Pro XML 1.9 (Final Cut Pro, DaVinci Resolve).
        case fcpxml
        /// Final Cut Pro 7 XML, xmeml version 5 (Premiere Pro, Resolve).
        case xmeml
        /// OpenTimelineIO JSON (Kdenlive, Resolve, OpenTimelineIO tools).
        case otio
        /// CMX 3600 edit decision list with locators (Avid, Resolve).
        case edl
        /// Avid Log Exchange.
        case ale
        /// One row per marker, for spreadsheets and checks.
        case csv

        /// The file name extension editors expect.
        public var fileExtension: String {
            switch self {
            case .fcpxml: "fcpxml"
            case .xmeml: "xml"
            case .otio: "otio"
            case .edl: "edl"
            case .ale: "ale"
            case .csv: "csv"
            }
        }
    }

    /// Writes `clips` as `format`.
    ///
    /// `title` names the project, sequence or timeline. Clips are laid in the given order, end to
    /// end on one track, from record timecode 01:00:00:00 of the first clip's rate, or of `rate`
    /// when given. Throws `InputError` when there is no clip, or when a clip or marker cannot be
    /// placed (no duration, a marker outside its clip or at another rate, more than a day of
    /// timeline).
    public static func write(_ clips: [MarkerClip], format: Format, title: String, rate: FrameRate? = nil) throws
        -> String
    {
        let layout = try Layout(clips: clips, title: title, rate: rate)
        switch format {
        case .fcpxml: return FCPXMLWriter.write(layout)
        case .xmeml: return XMEMLWriter.write(layout)
        case .otio: return OTIOWriter.write(layout)
        case .edl: return EDLWriter.write(layout)
        case .ale: return ALEWriter.write(layout)
        case .csv: return CSVWriter.write(layout)
        }
    }
}

// MARK: - Layout

extension MarkerExport {
    /// A clip and where it lies on the timeline.
    struct Placement {
        let clip: MarkerClip
        /// The clip's record in, in frames of the timeline's rate since 00:00:00:00.
        let recordIn: Int
        /// How many timeline frames the clip takes.
        let recordFrames: Int
        /// Markers sorted by time, so every format lists them in the same order.
        let markers: [MarkerClip.Marker]

        var recordOut: Int { recordIn + recordFrames }
    }

    /// The checked clips and their places on the timeline: what every writer starts from.
    struct Layout {
        let title: String
        let rate: FrameRate
        let recordStart: Timecode
        let placements: [Placement]

        var recordFrames: Int { placements.last.map { $0.recordOut - recordStart.frame } ?? 0 }

        init(clips: [MarkerClip], title: String, rate: FrameRate?) throws(InputError) {
            guard let first = clips.first else {
                throw InputError("there are no clips to export: markers need at least one logged clip")
            }
            let rate = rate ?? first.rate
            self.title = title
            self.rate = rate
            recordStart = try Timecode(parsing: "01:00:00:00", rate: rate)
            var cursor = recordStart.frame
            var placements: [Placement] = []
            placements.reserveCapacity(clips.count)
            for clip in clips {
                try Self.check(clip)
                let frames = Self.timelineFrames(clip.durationFrames, of: clip.rate, in: rate)
                guard cursor + frames < rate.framesPerDay else {
                    throw InputError(
                        "clip \(clip.name.quoted) would end past 23:59:59 on the timeline: the clips add up to more than a day from 01:00:00:00"
                    )
                }
                let markers = clip.markers.enumerated()
                    .sorted { ($0.element.at.frame, $0.offset) < ($1.element.at.frame, $1.offset) }
                    .map(\.element)
                placements.append(Placement(clip: clip, recordIn: cursor, recordFrames: frames, markers: markers))
                cursor += frames
            }
            self.placements = placements
        }

        /// `frames` of `clipRate` as a whole number of `timelineRate` frames, rounded up (a length)
        /// or down (a position).
        static func timelineFrames(
            _ frames: Int, of clipRate: FrameRate, in timelineRate: FrameRate, roundingUp: Bool = true
        ) -> Int {
            if sameSpeed(clipRate, timelineRate) { return frames }
            let numerator = frames * clipRate.denominator * timelineRate.numerator
            let denominator = clipRate.numerator * timelineRate.denominator
            return (numerator + (roundingUp ? denominator - 1 : 0)) / denominator
        }

        private static func check(_ clip: MarkerClip) throws(InputError) {
            guard clip.durationFrames > 0 else {
                throw InputError(
                    "clip \(clip.name.quoted) has a duration of \(clip.durationFrames) frames: it cannot be placed on a timeline"
                )
            }
            guard clip.start.rate == clip.rate else {
                throw InputError(
                    "clip \(clip.name.quoted) starts at \(clip.start) at \(clip.start.rate), not at its own rate \(clip.rate)"
                )
            }
            guard clip.start.frame + clip.durationFrames < clip.rate.framesPerDay else {
                throw InputError(
                    "clip \(clip.name.quoted) runs past midnight of its timecode (from \(clip.start) for \(clip.durationFrames) frames)"
                )
            }
            let end = clip.start.frame + clip.durationFrames
            for marker in clip.markers {
                guard marker.at.rate == clip.rate else {
                    throw InputError(
                        "marker \(marker.name.quoted) of clip \(clip.name.quoted) is at \(marker.at.rate), not at the clip's rate \(clip.rate)"
                    )
                }
                guard (clip.start.frame..<end).contains(marker.at.frame) else {
                    throw InputError(
                        "marker \(marker.name.quoted) of clip \(clip.name.quoted) is at \(marker.at), outside the clip (\(clip.start) to \(clip.end))"
                    )
                }
                if let out = marker.out {
                    guard out.rate == clip.rate, out.frame > marker.at.frame, out.frame <= end else {
                        throw InputError(
                            "marker \(marker.name.quoted) of clip \(clip.name.quoted) ends at \(out), which is not after \(marker.at) within the clip (up to \(clip.end))"
                        )
                    }
                }
            }
        }
    }
}

// MARK: - Shared wording

extension MarkerExport {
    /// The colour of a marker, from its rating: the names OTIO, Avid and Resolve share.
    static func colour(of marker: MarkerClip.Marker) -> String {
        switch marker.rating {
        case nil: "BLUE"
        case let rating? where rating >= 4: "GREEN"
        case let rating? where rating <= 1: "RED"
        default: "YELLOW"
        }
    }

    /// A marker's name on one line. Editors need one: an entry without a name is named by its note.
    static func markerName(_ marker: MarkerClip.Marker) -> String {
        let name = oneLine(marker.name)
        if !name.isEmpty { return name }
        let note = oneLine(marker.note)
        return note.isEmpty ? "Marker" : String(note.prefix(60))
    }

    /// Whether two rates run at the same speed (29.97 drop-frame and non-drop do).
    static func sameSpeed(_ a: FrameRate, _ b: FrameRate) -> Bool {
        a.numerator == b.numerator && a.denominator == b.denominator
    }

    /// The clip's keywords, then the marker's, each once.
    static func keywords(_ clip: MarkerClip, _ marker: MarkerClip.Marker?) -> [String] {
        var seen = Set<String>()
        return (clip.keywords + (marker?.keywords ?? [])).filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// A media path as a URL: `file://` and the absolute path when known, else the relative path.
    static func fileURL(_ clip: MarkerClip, host: String = "") -> String {
        // Paths keep `/` and the characters URLs allow in paths; spaces, accents and `%` are escaped.
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "%;?#")
        if let absolute = clip.absolutePath, absolute.hasPrefix("/") {
            return "file://" + host + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute)
        }
        return clip.path.addingPercentEncoding(withAllowedCharacters: allowed) ?? clip.path
    }

    /// `text` on one line: line breaks and tabs become spaces, other control characters go.
    static func oneLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            let isBreak =
                scalar == "\n" || scalar == "\r" || scalar == "\t" || scalar == "\u{2028}" || scalar == "\u{2029}"
            if isBreak || scalar == " " {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else if scalar.properties.generalCategory == .control {
                continue
            } else {
                out.append(scalar)
                lastWasSpace = false
            }
        }
        return String(out).trimmingCharacters(in: .whitespaces)
    }
}
