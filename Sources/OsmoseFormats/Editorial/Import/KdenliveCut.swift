import Foundation
import OsmoseDomain

/// A Kdenlive project (MLT XML): the video tracks of the timeline.
///
/// Media are `<producer>` or `<chain>` elements with a `resource` property; tracks are
/// `<playlist>`s of `<entry producer in out>` (out inclusive, as everywhere in MLT) and
/// `<blank length>`; `<tractor>`s stack tracks. The project tractor (`kdenlive:projectTractor`,
/// else `maintractor`, else the last one) leads to the sequence. A track is taken for audio
/// when its `<track>` hides video or it says `kdenlive:audio_track`. Times are frames
/// (`125`), clock times (`00:00:05.000`) or timecodes (`00:00:05:00`) depending on the version.
enum KdenliveCut {
    static let skipped: Set<String> = ["filter", "transition", "consumer"]

    /// Services that make pictures without camera media.
    static let generated: Set<String> = [
        "color", "colour", "kdenlivetitle", "qtext", "frei0r.test_pat_B", "count", "noise", "xml", "tone",
    ]

    private struct Reader {
        let file: String
        let rate: FrameRate
        let root: String?
        var producers: [String: CutXMLElement] = [:]
        var playlists: [String: CutXMLElement] = [:]
        var tractors: [String: CutXMLElement] = [:]
        /// Bin clips by `kdenlive:id`, whose names timeline copies may lack.
        var binNames: [String: String] = [:]
        var events: [CutTimeline.Event] = []
        var visited: Set<String> = []

        func properties(_ element: CutXMLElement) -> [String: String] {
            var values: [String: String] = [:]
            for property in element.children("property") {
                if let name = property["name"] { values[name] = property.text.trimmingCharacters(in: .whitespacesAndNewlines) }
            }
            return values
        }

        /// A time attribute in frames of the project: `125`, a clock `00:00:05.000` or a
        /// timecode `00:00:05:00`, converted as MLT converts them (`mlt_property.c`), so that
        /// clock times written at 29.97 fps come back to the frames they were written from.
        func frames(_ text: String?, element: CutXMLElement, attribute: String) throws -> Int? {
            guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            if let frames = Int(text), abs(frames) < 1 << 40 { return frames }
            let bad = InputError(
                "\(file):\(element.line): \(attribute) \(text.quoted) is not an MLT time (frames, HH:MM:SS.mmm or HH:MM:SS:FF)")
            let fps = rate.fps
            let isClock = text.contains(".") || text.contains(",")
            let fields = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == ":" || $0 == ";" })
            guard (2...4).contains(fields.count), fields.count <= (isClock ? 3 : 4) else { throw bad }
            let value: Double
            if isClock {
                // [[HH:]MM:]SS.mmm
                let parts = fields.compactMap { Double($0.replacingOccurrences(of: ",", with: ".")) }
                guard parts.count == fields.count, parts.allSatisfy({ $0 >= 0 && $0 < 1_000_000 }) else { throw bad }
                let seconds = parts[parts.count - 1]
                let minutes = parts.count >= 2 ? parts[parts.count - 2].rounded(.down) : 0
                let hours = parts.count == 3 ? parts[0].rounded(.down) : 0
                value = (fps * hours * 3_600).rounded(.down) + (fps * minutes * 60).rounded(.down)
                    + (fps * seconds).rounded(.toNearestOrEven)
            } else {
                // [[HH:]MM:]SS:FF
                let numbers = fields.compactMap { Int($0) }.map(Double.init)
                guard numbers.count == fields.count, numbers.allSatisfy({ $0 >= 0 && $0 < 1_000_000 }) else { throw bad }
                let frames = numbers[numbers.count - 1]
                let seconds = numbers[numbers.count - 2]
                let minutes = numbers.count >= 3 ? numbers[numbers.count - 3] : 0
                let hours = numbers.count == 4 ? numbers[0] : 0
                value = (fps * hours * 3_600).rounded(.down) + (fps * minutes * 60).rounded(.down)
                    + (fps * seconds).rounded(.up) + frames
            }
            return Int(value)
        }

        mutating func tractor(_ tractor: CutXMLElement, depth: Int) throws {
            guard depth < 16, visited.insert(tractor["id"] ?? "\(tractor.line)").inserted else { return }
            if properties(tractor)["kdenlive:audio_track"] == "1" { return }
            for track in tractor.children("track") {
                if let hide = track["hide"], hide == "video" || hide == "both" { continue }
                guard let id = track["producer"] else { continue }
                if let playlist = playlists[id] {
                    try self.playlist(playlist)
                } else if let inner = tractors[id] {
                    try self.tractor(inner, depth: depth + 1)
                }
            }
        }

        mutating func playlist(_ playlist: CutXMLElement) throws {
            guard visited.insert("playlist:" + (playlist["id"] ?? "\(playlist.line)")).inserted else { return }
            if properties(playlist)["kdenlive:audio_track"] == "1" { return }
            var position = 0
            for item in playlist.children {
                // Each step is under 2^40 frames; stopping past that keeps the sum from overflowing.
                guard position < 1 << 40 else {
                    throw InputError("\(file):\(item.line): the track runs longer than any timeline")
                }
                switch item.name {
                case "blank":
                    guard let length = try frames(item["length"], element: item, attribute: "length"), length >= 0 else {
                        throw InputError("\(file):\(item.line): a blank has no length")
                    }
                    position += length
                case "entry":
                    guard let id = item["producer"] else {
                        throw InputError("\(file):\(item.line): an entry names no producer")
                    }
                    let producer = producers[id]
                    let inFrame = try frames(item["in"], element: item, attribute: "in")
                        ?? (try producer.flatMap { try frames($0["in"], element: $0, attribute: "in") } ?? 0)
                    guard let outFrame = try frames(item["out"], element: item, attribute: "out")
                        ?? (try producer.flatMap { try frames($0["out"], element: $0, attribute: "out") }) else {
                        throw InputError("\(file):\(item.line): the entry of \(id.quoted) has no out point")
                    }
                    let length = outFrame - inFrame + 1
                    guard length > 0 else {
                        throw InputError("\(file):\(item.line): the entry of \(id.quoted) ends before it starts")
                    }
                    if let producer { try event(producer, in: inFrame, length: length, at: position, line: item.line) }
                    position += length
                default:
                    continue
                }
            }
        }

        mutating func event(_ producer: CutXMLElement, in inFrame: Int, length: Int, at position: Int, line: Int) throws {
            let values = properties(producer)
            let service = values["mlt_service"] ?? ""
            // A speed change (`timewarp`) names its media as `speed:path`, and alone in `warp_resource`.
            guard let resource = values["warp_resource"] ?? values["resource"], !resource.isEmpty, resource != "black",
                  !KdenliveCut.generated.contains(service), !["black", "black_track"].contains(producer["id"] ?? "") else {
                return
            }
            var path = resource
            if !path.hasPrefix("/"), !path.contains("://"), let root, !root.isEmpty {
                path = root + (root.hasSuffix("/") ? "" : "/") + path
            }
            let named = values["kdenlive:clipname"].flatMap { $0.isEmpty ? nil : $0 }
                ?? values["kdenlive:id"].flatMap { binNames[$0] }
                ?? URL(fileURLWithPath: path).lastPathComponent
            // MLT keeps the media's own timecode among the probed attributes when it has one.
            let start = values["meta.attr.timecode.markup"].flatMap { text in
                (try? Timecode(parsing: text, rate: rate)) ?? rate.withDropFrame(true).flatMap { try? Timecode(parsing: text, rate: $0) }
            }
            let sourceRate = start?.rate ?? rate
            let startFrame = start?.frame ?? 0
            events.append(CutTimeline.Event(
                number: 0, clipName: named, path: path, reel: nil,
                sourceIn: try .wrapping(startFrame + inFrame, rate: sourceRate),
                sourceOut: try .wrapping(startFrame + inFrame + length, rate: sourceRate),
                recordIn: try .wrapping(position, rate: rate), recordOut: try .wrapping(position + length, rate: rate)))
            try CutReader.checkCount(events.count, file: file, line: line)
        }
    }

    static func read(_ url: URL) throws -> CutTimeline {
        let file = url.path
        let mlt = try CutXML.read(url, skipping: skipped)
        guard mlt.name == "mlt" else {
            throw InputError("\(file):\(mlt.line): the root element is <\(mlt.name)>, not the <mlt> of a Kdenlive project")
        }
        guard let profile = mlt.child("profile") else {
            throw InputError("\(file):\(mlt.line): the project has no <profile>, which gives its frame rate")
        }
        guard let numerator = profile["frame_rate_num"].flatMap(Double.init),
              let denominator = profile["frame_rate_den"].flatMap(Double.init), denominator > 0 else {
            throw InputError("\(file):\(profile.line): the profile gives no frame_rate_num and frame_rate_den")
        }
        guard let rate = FrameRate.matching(fps: numerator / denominator, dropFrame: false) else {
            throw InputError(
                "\(file):\(profile.line): the profile's rate \(profile["frame_rate_num"] ?? "")/\(profile["frame_rate_den"] ?? "") is not a rate Osmose knows")
        }
        var reader = Reader(file: file, rate: rate, root: mlt["root"])
        var tractorOrder: [CutXMLElement] = []
        for element in mlt.children {
            // The project's last tractor may have no id (nothing refers to it).
            if element.name == "tractor" && element["id"] == nil { tractorOrder.append(element) }
            guard let id = element["id"] else { continue }
            switch element.name {
            case "producer", "chain":
                reader.producers[id] = element
                let values = reader.properties(element)
                if let binID = values["kdenlive:id"], let name = values["kdenlive:clipname"], !name.isEmpty,
                   reader.binNames[binID] == nil {
                    reader.binNames[binID] = name
                }
            case "playlist": reader.playlists[id] = element
            case "tractor":
                reader.tractors[id] = element
                tractorOrder.append(element)
            default: continue
            }
        }
        let main = tractorOrder.first { reader.properties($0)["kdenlive:projectTractor"] == "1" }
            ?? reader.tractors["maintractor"] ?? tractorOrder.last
        guard let main else {
            throw InputError("\(file):\(mlt.line): the project has no timeline (no <tractor>)")
        }
        try reader.tractor(main, depth: 0)
        // The sequence the project tractor plays names the cut; older projects have none.
        let sequence = main.children("track").first.flatMap { $0["producer"] }.flatMap { reader.tractors[$0] }
        let name = sequence.flatMap { reader.properties($0)["kdenlive:clipname"] } ?? ""
        return CutReader.timeline(name: name, rate: rate, events: reader.events)
    }
}
