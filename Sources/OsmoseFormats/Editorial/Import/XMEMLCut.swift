import Foundation
import OsmoseDomain

/// Final Cut Pro 7 XML (`xmeml` 4 and 5, written by Premiere, Resolve, Avid and Final Cut 7):
/// the first sequence's video clip items.
///
/// A clip item's `<in>`/`<out>` count frames from the start of its media and `<start>`/`<end>`
/// frames from the start of the sequence (`-1` next to a transition, under which the clip's
/// media runs whole); its `<file>` is described once and then named by its id alone
/// (`<file id="file-1"/>`). Clips meet at a transition's cut point, as OTIO reads them.
enum XMEMLCut {
    /// Subtrees that hold nothing about which media goes where.
    static let skipped: Set<String> = [
        "filter", "effect", "logginginfo", "colorinfo", "labels", "comments", "samplecharacteristics", "link",
        "marker", "keyframe", "parameter", "format", "outputs", "audiolevels",
    ]

    /// A media file, as its first description gives it.
    private struct Media {
        var name: String?
        var path: String?
        var reel: String?
        var rate: FrameRate
        /// The media's first frame, in `rate`.
        var startFrame: Int
    }

    static func read(_ url: URL) throws -> CutTimeline {
        let file = url.path
        let root = try CutXML.read(url, skipping: skipped)
        guard root.name == "xmeml" else {
            throw InputError("\(file):\(root.line): the root element is <\(root.name)>, not the <xmeml> of an FCP7 XML file")
        }
        guard let sequence = firstSequence(in: root) else {
            throw InputError("\(file):\(root.line): the XML holds no sequence")
        }
        var descriptions: [String: CutXMLElement] = [:]
        collectFiles(root, into: &descriptions)

        let timecode = sequence.child("timecode")
        guard let rate = try self.rate(sequence.child("rate") ?? timecode?.child("rate"),
                                       dropFrame: timecode?.text("displayformat") == "DF", file: file) else {
            throw InputError("\(file):\(sequence.line): the sequence has no <rate>")
        }
        let recordStart = try start(of: timecode, rate: rate, file: file)

        var events: [CutTimeline.Event] = []
        let tracks = sequence.child("media")?.child("video")?.children("track") ?? []
        for track in tracks where track.text("enabled") != "FALSE" {
            let items = track.children.filter { ["clipitem", "transitionitem", "generatoritem"].contains($0.name) }
            for (index, item) in items.enumerated() where item.name == "clipitem" && item.text("enabled") != "FALSE" {
                guard let media = try media(of: item, descriptions: descriptions, sequenceRate: rate, file: file) else {
                    continue
                }
                guard var inFrame = try number(item, "in", file: file), var outFrame = try number(item, "out", file: file)
                else {
                    throw InputError("\(file):\(item.line): clip item \((item.text("name") ?? "").quoted) has no <in> or <out>")
                }
                let length = outFrame - inFrame
                var startFrame = try number(item, "start", file: file) ?? -1
                var endFrame = try number(item, "end", file: file) ?? -1
                // Next to a transition an edge is -1 and the clip's media runs under the whole
                // transition: the event starts (or ends) at the transition's cut point.
                if startFrame < 0 {
                    if index > 0, let transition = try transition(items[index - 1], file: file) {
                        startFrame = transition.cut
                        inFrame += transition.cut - transition.start
                    } else if endFrame >= 0 {
                        startFrame = endFrame - length
                    }
                }
                if endFrame < 0 {
                    if index + 1 < items.count, let transition = try transition(items[index + 1], file: file) {
                        endFrame = transition.cut
                        outFrame -= transition.end - transition.cut
                    } else if startFrame >= 0 {
                        endFrame = startFrame + length
                    }
                }
                guard startFrame >= 0, endFrame > startFrame, outFrame > inFrame else { continue }
                // In and out count frames of the clip item's rate; the media's timecode may
                // count at another (a 50p clip in a 25p sequence).
                let itemRate = try self.rate(item.child("rate"), dropFrame: false, file: file) ?? rate
                let scale = Double(media.rate.timebase) / Double(itemRate.timebase)
                let sourceIn = media.startFrame + Int((Double(inFrame) * scale).rounded())
                let sourceOut = media.startFrame + Int((Double(outFrame) * scale).rounded())
                events.append(CutTimeline.Event(
                    number: 0, clipName: item.text("name") ?? media.name, path: media.path, reel: media.reel,
                    sourceIn: try .wrapping(sourceIn, rate: media.rate), sourceOut: try .wrapping(sourceOut, rate: media.rate),
                    recordIn: try .wrapping(recordStart + startFrame, rate: rate),
                    recordOut: try .wrapping(recordStart + endFrame, rate: rate)))
                try CutReader.checkCount(events.count, file: file, line: item.line)
            }
        }
        return CutReader.timeline(name: sequence.text("name") ?? "", rate: rate, events: events)
    }

    /// A transition's record range and the frame where its clips are cut, from its
    /// `<alignment>`; nil for anything else.
    private static func transition(_ element: CutXMLElement, file: String) throws -> (start: Int, end: Int, cut: Int)? {
        guard element.name == "transitionitem", let start = try number(element, "start", file: file),
              let end = try number(element, "end", file: file), end >= start else { return nil }
        switch element.text("alignment") ?? "center" {
        case "start", "start-black": return (start, end, start)
        case "end", "end-black": return (start, end, end)
        default: return (start, end, start + (end - start) / 2)
        }
    }

    /// The first sequence in document order that is not nested in a clip.
    private static func firstSequence(in element: CutXMLElement) -> CutXMLElement? {
        for child in element.children {
            if child.name == "sequence" { return child }
            if child.name == "clipitem" || child.name == "file" { continue }
            if let found = firstSequence(in: child) { return found }
        }
        return nil
    }

    /// Every `<file id>` that describes its media (rather than naming it), wherever it is.
    private static func collectFiles(_ element: CutXMLElement, into files: inout [String: CutXMLElement]) {
        for child in element.children {
            if child.name == "file", let id = child["id"], !child.children.isEmpty, files[id] == nil {
                files[id] = child
            }
            collectFiles(child, into: &files)
        }
    }

    /// The media of a clip item: its file, or a nested sequence; nil for items without either.
    private static func media(of item: CutXMLElement, descriptions: [String: CutXMLElement], sequenceRate: FrameRate,
                              file: String) throws -> Media? {
        if let nested = item.child("sequence") {
            let timecode = nested.child("timecode")
            let rate = try rate(nested.child("rate") ?? timecode?.child("rate"),
                                dropFrame: timecode?.text("displayformat") == "DF", file: file) ?? sequenceRate
            return Media(name: nested.text("name"), path: nil, reel: nil, rate: rate,
                         startFrame: try start(of: timecode, rate: rate, file: file))
        }
        guard let reference = item.child("file") else { return nil }
        let description: CutXMLElement
        if !reference.children.isEmpty {
            description = reference
        } else if let id = reference["id"], let described = descriptions[id] {
            description = described
        } else {
            throw InputError(
                "\(file):\(reference.line): clip item \((item.text("name") ?? "").quoted) names file \((reference["id"] ?? "").quoted), which the XML never describes")
        }
        let timecode = description.child("timecode")
        let rate = try rate(timecode?.child("rate") ?? description.child("rate"),
                            dropFrame: timecode?.text("displayformat") == "DF", file: file) ?? sequenceRate
        let reel = description.descendant("reel")?.text("name")
        return Media(name: description.text("name"), path: description.text("pathurl"), reel: reel, rate: rate,
                     startFrame: try start(of: timecode, rate: rate, file: file))
    }

    /// A `<rate>`: `<timebase>` and `<ntsc>` (TRUE for 23.976, 29.97, 59.94).
    private static func rate(_ element: CutXMLElement?, dropFrame: Bool, file: String) throws -> FrameRate? {
        guard let element, let text = element.text("timebase") else { return nil }
        guard let timebase = Double(text), timebase > 0 else {
            throw InputError("\(file):\(element.line): timebase \(text.quoted) is not a number of frames")
        }
        let ntsc = element.text("ntsc")?.uppercased() == "TRUE"
        let fps = ntsc ? timebase * 1_000 / 1_001 : timebase
        guard let rate = FrameRate.matching(fps: fps, dropFrame: dropFrame) else {
            throw InputError("\(file):\(element.line): timebase \(text) \(ntsc ? "(NTSC) " : "")is not a rate Osmose knows")
        }
        return rate
    }

    /// The first frame a `<timecode>` names: its `<string>`, else its `<frame>`; 0 without one.
    private static func start(of timecode: CutXMLElement?, rate: FrameRate, file: String) throws -> Int {
        guard let timecode else { return 0 }
        if let string = timecode.text("string") {
            do {
                return try Timecode(parsing: string, rate: rate).frame
            } catch {
                throw InputError("\(file):\(timecode.line): \(error.message)")
            }
        }
        if let frame = try number(timecode, "frame", file: file) { return frame }
        return 0
    }

    private static func number(_ element: CutXMLElement, _ child: String, file: String) throws -> Int? {
        guard let text = element.text(child) else { return nil }
        guard let value = Int(text), abs(value) < 1 << 40 else {
            throw InputError("\(file):\(element.child(child)?.line ?? element.line): <\(child)> \(text.quoted) is not a frame count")
        }
        return value
    }
}
