import Foundation
import OsmoseDomain

/// Reads an edit back from the editing software: the events of its main sequence, each naming
/// the media it uses, its source range in the media's timecode and its place on the timeline.
///
/// Five formats are read: FCPXML (Final Cut Pro 10, 1.8 to 1.11, also inside an `.fcpxmld`
/// bundle), FCP7 XML (`xmeml`, written by Premiere, Resolve, Avid and Final Cut 7), OTIO JSON,
/// CMX3600 EDL and Kdenlive projects. Events come back in record order, numbered from 1;
/// every out point is exclusive.
public enum CutReader {
    /// The formats Osmose reads cuts from.
    public enum Format: String, CaseIterable, Sendable {
        case fcpxml, xmeml, otio, edl, kdenlive
    }

    /// Past this many events a file is refused rather than read: a feature film holds a few
    /// thousand, so more means a broken or hostile file.
    public static let maximumEvents = 200_000

    /// The largest XML or JSON document read whole (EDLs are streamed and not bounded by size).
    static let documentLimit = 256 * 1024 * 1024

    /// The format of `url`: by its extension (`.fcpxml`, an `.fcpxmld` bundle, `.xml` for
    /// xmeml, `.otio`, `.edl`, `.kdenlive`), otherwise by looking at its first bytes.
    public static func format(of url: URL) throws -> Format {
        switch url.pathExtension.lowercased() {
        case "fcpxml", "fcpxmld": return .fcpxml
        case "otio": return .otio
        case "edl": return .edl
        case "kdenlive", "mlt": return .kdenlive
        case "xml":
            // Some tools save FCPXML or MLT with a plain `.xml` name: the root element tells.
            return try sniff(url) ?? .xmeml
        default:
            if let format = try sniff(url) { return format }
            throw InputError(
                "\(url.path.quoted) is not a cut Osmose reads (expected FCPXML, FCP7 XML, OTIO, CMX3600 EDL or Kdenlive)")
        }
    }

    /// Reads the events of the first (main) sequence of `url` in record order. `name` defaults
    /// to the sequence's name, or the file's name without its extension. An EDL, which does
    /// not state its rate, is read at 25 fps, or 29.97 fps when it says `FCM: DROP FRAME` (or,
    /// without an FCM line, writes its first event's timecodes with `;`).
    public static func read(_ url: URL, name: String? = nil) throws -> CutTimeline {
        try read(url, name: name, edlRate: nil)
    }

    /// Reads `url` as ``read(_:name:)`` does; `rate` is the rate of an EDL (a format that does
    /// not carry it). The other formats state their own rate, and `rate` is not used for them.
    public static func read(_ url: URL, name: String? = nil, rate: FrameRate) throws -> CutTimeline {
        try read(url, name: name, edlRate: rate)
    }

    private static func read(_ url: URL, name: String?, edlRate: FrameRate?) throws -> CutTimeline {
        var timeline: CutTimeline
        switch try format(of: url) {
        case .fcpxml: timeline = try FCPXMLCut.read(fcpxmlDocument(url))
        case .xmeml: timeline = try XMEMLCut.read(url)
        case .otio: timeline = try OTIOCut.read(url)
        case .edl: timeline = try EDLCut.read(url, rate: edlRate)
        case .kdenlive: timeline = try KdenliveCut.read(url)
        }
        if let name, !name.isEmpty {
            timeline.name = name
        } else if timeline.name.isEmpty {
            timeline.name = url.deletingPathExtension().lastPathComponent
        }
        return timeline
    }

    /// The XML document of an FCPXML file, or of the `Info.fcpxml` inside an `.fcpxmld` bundle.
    static func fcpxmlDocument(_ url: URL) throws -> URL {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw InputError("\(url.path.quoted) does not exist")
        }
        guard isFolder.boolValue else { return url }
        let info = url.appendingPathComponent("Info.fcpxml")
        guard FileManager.default.fileExists(atPath: info.path) else {
            throw InputError("\(url.path.quoted) is a folder without the Info.fcpxml of an FCPXML bundle")
        }
        return info
    }

    /// Guesses the format from the first bytes: the XML root element, OTIO's schema key, or
    /// EDL keywords.
    static func sniff(_ url: URL) throws -> Format? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw InputError("\(url.path.quoted) does not exist")
        }
        if isFolder.boolValue {
            return FileManager.default.fileExists(atPath: url.appendingPathComponent("Info.fcpxml").path) ? .fcpxml : nil
        }
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw InputError("\(url.path.quoted) cannot be read")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16 * 1024)) ?? Data()
        let text = String(decoding: head, as: UTF8.self)
        if text.contains("<fcpxml") { return .fcpxml }
        if text.contains("<xmeml") { return .xmeml }
        if text.contains("<mlt") { return .kdenlive }
        if text.contains("\"OTIO_SCHEMA\"") { return .otio }
        let lines = text.split(whereSeparator: \.isNewline).prefix(40).map { $0.trimmingCharacters(in: .whitespaces) }
        if lines.contains(where: { $0.hasPrefix("TITLE:") || $0.hasPrefix("FCM:") }) { return .edl }
        if lines.contains(where: { EDLCut.looksLikeEvent($0) }) { return .edl }
        return nil
    }
}

// MARK: - Shared by the readers

extension CutReader {
    /// Events in record order, numbered from 1. The sort is stable so that events starting
    /// together keep the order the file gives them (lower tracks first).
    static func timeline(name: String, rate: FrameRate, events: [CutTimeline.Event]) -> CutTimeline {
        var numbered = events
        // Single-track cuts (EDLs, most exports) come in order already: no copy to sort.
        let inOrder = zip(events, events.dropFirst()).allSatisfy { $0.recordIn.frame <= $1.recordIn.frame }
        if !inOrder {
            numbered = events.enumerated().sorted { a, b in
                a.element.recordIn.frame != b.element.recordIn.frame
                    ? a.element.recordIn.frame < b.element.recordIn.frame : a.offset < b.offset
            }.map(\.element)
        }
        for index in numbered.indices { numbered[index].number = index + 1 }
        return CutTimeline(name: name, rate: rate, events: numbered)
    }

    /// Refuses a file once it holds more events than Osmose reads.
    static func checkCount(_ count: Int, file: String, line: Int? = nil) throws {
        guard count <= maximumEvents else {
            let place = line.map { "\(file):\($0)" } ?? file
            throw InputError("\(place): the cut holds more than \(maximumEvents) events, more than Osmose reads")
        }
    }
}

extension Timecode {
    /// The timecode `frame` frames after midnight, wrapping around the day as timecode does
    /// (an out point at 24:00:00:00 reads as 00:00:00:00).
    static func wrapping(_ frame: Int, rate: FrameRate) throws(InputError) -> Timecode {
        let day = rate.framesPerDay
        return try Timecode(frame: ((frame % day) + day) % day, rate: rate)
    }
}

extension FrameRate {
    /// The known rate closest to `fps` frames per second (within 0.01), drop-frame when asked
    /// and the rate has it.
    static func matching(fps: Double, dropFrame: Bool) -> FrameRate? {
        guard fps.isFinite, fps > 0 else { return nil }
        let plain = FrameRate.all.first { !$0.dropFrame && abs($0.fps - fps) < 0.01 }
        guard let plain, dropFrame else { return plain }
        return plain.withDropFrame(true) ?? plain
    }

    /// The same rate counted with or without dropped frame numbers, when it exists.
    func withDropFrame(_ drop: Bool) -> FrameRate? {
        FrameRate.all.first { $0.timebase == timebase && $0.denominator == denominator && $0.dropFrame == drop }
    }

    /// Frames per second as a number.
    var fps: Double { Double(numerator) / Double(denominator) }

    /// The nearest frame to `seconds` of real time.
    func frames(_ seconds: Double) -> Int {
        let value = (seconds * Double(numerator) / Double(denominator)).rounded()
        // Callers bound their inputs; this keeps a wild value from trapping the conversion.
        guard value.isFinite, abs(value) < 1e15 else { return 0 }
        return Int(value)
    }
}
