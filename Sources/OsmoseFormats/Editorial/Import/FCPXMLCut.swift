import Foundation
import OsmoseDomain

/// Final Cut Pro's FCPXML (1.8 to 1.11): the first project's sequence.
///
/// Times are rational seconds (`3600/1s`, `1001/30000s`, `5s`). A clip's `offset` is its place
/// in its parent's time and its `start` the first instant it uses of its own time, which for
/// media is the media's timecode: a connected clip's `offset` is in its parent clip's time.
/// Compound (`ref-clip`) and multicam (`mc-clip`) clips are opened so that their events name
/// camera media, trimmed to the part the edit shows.
struct FCPXMLCut {
    /// Subtrees that hold nothing about which media goes where.
    static let skipped: Set<String> = [
        "audio-channel-source", "audio-role-source", "filter-video", "filter-audio", "adjust-transform",
        "adjust-crop", "adjust-volume", "adjust-blend", "adjust-conform", "conform-rate", "keyword", "marker",
        "chapter-marker", "rating", "note", "metadata", "param", "text", "text-style-def", "bookmark", "smart-collection",
        "keyword-collection", "collection-folder", "analysis-marker", "caption",
    ]

    private struct Asset {
        var name: String?
        var path: String?
        var start: Double
        var format: String?
        var hasVideo: Bool
    }

    /// The part of the record timeline an enclosing compound or multicam clip shows.
    private struct Window {
        var from: Double
        var to: Double
    }

    private let file: String
    private var formats: [String: CutXMLElement] = [:]
    private var assets: [String: Asset] = [:]
    private var media: [String: CutXMLElement] = [:]
    private var sequenceRate = FrameRate.fps25
    private var sequenceDropFrame = false
    private var events: [CutTimeline.Event] = []

    private init(file: String) {
        self.file = file
    }

    static func read(_ url: URL) throws -> CutTimeline {
        let root = try CutXML.read(url, skipping: skipped)
        guard root.name == "fcpxml" else {
            throw InputError("\(url.path):\(root.line): the root element is <\(root.name)>, not the <fcpxml> of an FCPXML file")
        }
        var reader = FCPXMLCut(file: url.path)
        return try reader.read(root)
    }

    private mutating func read(_ root: CutXMLElement) throws -> CutTimeline {
        for resources in root.children("resources") {
            for resource in resources.children {
                guard let id = resource["id"] else { continue }
                switch resource.name {
                case "format": formats[id] = resource
                case "asset": assets[id] = try asset(resource)
                case "media": media[id] = resource
                default: break
                }
            }
        }
        guard let project = root.descendant("project") else {
            throw InputError("\(file):\(root.line): the FCPXML holds no project (export the project, not only its clips)")
        }
        guard let sequence = project.child("sequence") else {
            throw InputError("\(file):\(project.line): the project \((project["name"] ?? "").quoted) holds no sequence")
        }
        sequenceDropFrame = sequence["tcFormat"] == "DF"
        guard let formatID = sequence["format"], let format = formats[formatID] else {
            throw InputError("\(file):\(sequence.line): the sequence names no format among the resources")
        }
        guard let rate = try rate(of: format, dropFrame: sequenceDropFrame) else {
            throw InputError("\(file):\(format.line): the sequence's format has no frameDuration")
        }
        sequenceRate = rate
        let tcStart = try time(sequence, "tcStart") ?? 0
        let spine = sequence.child("spine")?.children ?? []
        // Final Cut writes the primary storyline's offsets from the sequence's start timecode;
        // some tools count them from zero instead.
        let firstOffset = try spine.first.flatMap { try time($0, "offset") } ?? tcStart
        let shift = firstOffset + 1e-9 < tcStart ? tcStart : 0
        try walk(spine, toRecord: { $0 + shift }, window: Window(from: -.infinity, to: .infinity), depth: 0)
        return CutReader.timeline(name: project["name"] ?? sequence["name"] ?? "", rate: sequenceRate, events: events)
    }

    // MARK: - Storylines

    /// Reads the items of a storyline whose times map to the record timeline by `toRecord`.
    private mutating func walk(_ items: [CutXMLElement], toRecord: (Double) -> Double, window: Window, depth: Int) throws {
        guard depth < 16 else {
            throw InputError("\(file):\(items.first?.line ?? 0): clips nest more than 16 deep (a compound clip containing itself?)")
        }
        for item in items {
            if item["enabled"] == "0" { continue }
            let offset = try time(item, "offset") ?? 0
            let start = try time(item, "start")
            let duration = try time(item, "duration") ?? 0
            let recordIn = toRecord(offset)
            let ownStart = start ?? 0
            let itemToRecord = { (t: Double) in recordIn + (t - ownStart) }
            let videoOff = item["srcEnable"] == "audio"
            switch item.name {
            case "asset-clip", "video":
                if let ref = item["ref"], let asset = assets[ref], asset.hasVideo, !videoOff {
                    try emit(item, asset: asset, mediaIn: start ?? asset.start, duration: duration,
                             recordIn: recordIn, window: window)
                }
            case "clip", "sync-clip":
                if !videoOff, let (asset, mediaIn) = try media(in: item, at: ownStart), asset.hasVideo {
                    try emit(item, asset: asset, mediaIn: mediaIn, duration: duration, recordIn: recordIn, window: window)
                }
            case "ref-clip":
                // A compound clip: its own sequence, seen through the ref-clip's range.
                if !videoOff, let ref = item["ref"], let compound = media[ref]?.child("sequence") {
                    let inner = Window(from: max(window.from, recordIn), to: min(window.to, recordIn + duration))
                    try walk(compound.child("spine")?.children ?? [], toRecord: itemToRecord, window: inner, depth: depth + 1)
                }
            case "mc-clip":
                let angleID = item.children("mc-source").first { ["video", "all"].contains($0["srcEnable"] ?? "all") }?["angleID"]
                if let ref = item["ref"], let multicam = media[ref]?.child("multicam"),
                   let angle = multicam.children("mc-angle").first(where: { angleID == nil || $0["angleID"] == angleID }) {
                    let inner = Window(from: max(window.from, recordIn), to: min(window.to, recordIn + duration))
                    try walk(angle.children, toRecord: itemToRecord, window: inner, depth: depth + 1)
                }
            case "spine":
                // A secondary storyline, its items timed from its own start.
                try walk(item.children, toRecord: itemToRecord, window: window, depth: depth + 1)
                continue
            default:
                // Gaps, titles, generators, audio and transitions show no camera media, but gaps
                // and titles carry connected clips.
                break
            }
            let connected = item.children.filter { $0["lane"] != nil }
            if !connected.isEmpty {
                try walk(connected, toRecord: itemToRecord, window: window, depth: depth + 1)
            }
        }
    }

    /// The media a `clip` or `sync-clip` shows at its own time `local`: its first item on its
    /// own storyline (no lane), opened down to an asset.
    private func media(in container: CutXMLElement, at local: Double, depth: Int = 0) throws -> (Asset, Double)? {
        guard depth < 16 else { return nil }
        for child in container.children where child["lane"] == nil {
            let offset = try time(child, "offset") ?? 0
            let start = try time(child, "start")
            switch child.name {
            case "video", "asset-clip":
                guard let ref = child["ref"], let asset = assets[ref] else { continue }
                let base = child.name == "video" ? (start ?? 0) : (start ?? asset.start)
                return (asset, local - offset + base)
            case "clip", "sync-clip":
                if let found = try media(in: child, at: local - offset + (start ?? 0), depth: depth + 1) { return found }
            case "spine":
                if let found = try media(in: child, at: local - offset + (start ?? 0), depth: depth + 1) { return found }
            default:
                continue
            }
        }
        return nil
    }

    // MARK: - Events

    private mutating func emit(_ item: CutXMLElement, asset: Asset, mediaIn: Double, duration: Double, recordIn: Double,
                               window: Window) throws {
        var mediaIn = mediaIn
        var recordIn = recordIn
        var recordOut = recordIn + duration
        // Only the part an enclosing compound or multicam clip shows.
        if recordIn < window.from {
            mediaIn += window.from - recordIn
            recordIn = window.from
        }
        recordOut = min(recordOut, window.to)
        guard recordOut > recordIn else { return }
        let dropFrame = item["tcFormat"].map { $0 == "DF" } ?? sequenceDropFrame
        let sourceRate = try asset.format.flatMap { formats[$0] }.flatMap { try rate(of: $0, dropFrame: dropFrame) }
            ?? sequenceRate
        let sourceIn = sourceRate.frames(mediaIn)
        let recordFrames = (sequenceRate.frames(recordIn), sequenceRate.frames(recordOut))
        // The source out follows the record length so that both ranges hold as many frames
        // when the rates agree.
        let sourceOut = sourceRate == sequenceRate
            ? sourceIn + recordFrames.1 - recordFrames.0 : sourceRate.frames(mediaIn + recordOut - recordIn)
        events.append(CutTimeline.Event(
            number: 0, clipName: item["name"] ?? asset.name, path: asset.path, reel: nil,
            sourceIn: try .wrapping(sourceIn, rate: sourceRate), sourceOut: try .wrapping(sourceOut, rate: sourceRate),
            recordIn: try .wrapping(recordFrames.0, rate: sequenceRate),
            recordOut: try .wrapping(recordFrames.1, rate: sequenceRate)))
        try CutReader.checkCount(events.count, file: file, line: item.line)
    }

    // MARK: - Values

    private func asset(_ element: CutXMLElement) throws -> Asset {
        let reps = element.children("media-rep")
        let original = reps.first { $0["kind"] == "original-media" } ?? reps.first
        return Asset(name: element["name"], path: element["src"] ?? original?["src"], start: try time(element, "start") ?? 0,
                     format: element["format"], hasVideo: element["hasVideo"] != "0")
    }

    /// The rate of a `<format>`; nil for formats without a frame duration (stills). A rate
    /// Osmose does not know is refused by name.
    private func rate(of format: CutXMLElement, dropFrame: Bool) throws -> FrameRate? {
        guard let text = format["frameDuration"] else { return nil }
        guard let seconds = try time(format, "frameDuration"), seconds > 0 else {
            throw InputError("\(file):\(format.line): frameDuration \(text.quoted) is not a frame duration")
        }
        guard let rate = FrameRate.matching(fps: 1 / seconds, dropFrame: dropFrame) else {
            throw InputError(
                "\(file):\(format.line): frameDuration \(text.quoted) is \(String(format: "%.3f", 1 / seconds)) fps, not a rate Osmose knows")
        }
        return rate
    }

    /// An FCPXML time attribute in seconds: `3600/1s`, `1001/30000s`, `5s`, `0s`.
    private func time(_ element: CutXMLElement, _ attribute: String) throws -> Double? {
        guard let text = element[attribute] else { return nil }
        guard let seconds = Self.seconds(text) else {
            throw InputError(
                "\(file):\(element.line): \(attribute) \(text.quoted) is not an FCPXML time (like 3600/1s, 1001/30000s or 5s)")
        }
        return seconds
    }

    static func seconds(_ text: String) -> Double? {
        guard text.utf8.last == UInt8(ascii: "s") else { return nil }
        let body = text.utf8.dropLast()
        let value: Double
        if let slash = body.firstIndex(of: UInt8(ascii: "/")) {
            guard let n = number(body[..<slash]), let d = number(body[body.index(after: slash)...]), d != 0 else { return nil }
            value = n / d
        } else {
            guard let v = number(body) else { return nil }
            value = v
        }
        // A timeline is at most days long; bigger values are damage, not time.
        guard value.isFinite, abs(value) < 10_000_000 else { return nil }
        return value
    }

    /// A number of an FCPXML time: nearly always whole, read digit by digit; otherwise as a decimal.
    private static func number(_ text: Substring.UTF8View) -> Double? {
        var whole: Int64 = 0
        var digits = 0
        var negative = false
        for byte in text {
            if byte == UInt8(ascii: "-") && digits == 0 && !negative {
                negative = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") && digits < 18 {
                whole = whole * 10 + Int64(byte - UInt8(ascii: "0"))
                digits += 1
            } else {
                return Double(Substring(text))
            }
        }
        guard digits > 0 else { return nil }
        return Double(negative ? -whole : whole)
    }
}
