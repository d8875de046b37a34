import Foundation
import OsmoseDomain

/// OpenTimelineIO's JSON (`.otio`, 0.15 to 0.18): the video tracks of the first timeline.
///
/// Items of a track follow each other: a clip or gap takes the length of its `source_range`
/// (or of its media's `available_range`); a transition takes none, it only overlaps its
/// neighbours, so clips keep the ranges they state. Record times count from the timeline's
/// `global_start_time`.
enum OTIOCut {
    private typealias Object = [String: Any]

    /// A time range in seconds, with the rate its start was counted at.
    private struct Range {
        var start: Double
        var duration: Double
        var rate: Double
    }

    /// The part of the record timeline an enclosing stack shows.
    private struct Window {
        var from: Double
        var to: Double
    }

    private struct Reader {
        let file: String
        var recordRate: FrameRate
        var events: [CutTimeline.Event] = []

        /// Reads the video tracks of a stack placed at `position` seconds of record time, showing
        /// its own time from `from`, clipped to `window`.
        mutating func stack(_ stack: Object, at position: Double, from: Double, window: Window, depth: Int) throws {
            guard depth < 16 else { throw InputError("\(file): stacks nest more than 16 deep") }
            for case let track as Object in stack["children"] as? [Any] ?? [] {
                guard schema(track).hasPrefix("Track."), (track["kind"] as? String ?? "Video") == "Video",
                      track["enabled"] as? Bool ?? true else { continue }
                try self.track(track, at: position - from, window: window, depth: depth)
            }
        }

        mutating func track(_ track: Object, at position: Double, window: Window, depth: Int) throws {
            var time = position
            for case let item as Object in track["children"] as? [Any] ?? [] {
                let kind = schema(item)
                if kind.hasPrefix("Transition.") { continue }
                let range = try trimmedRange(item)
                guard let range else {
                    if kind.hasPrefix("Clip.") {
                        throw InputError("\(file): clip \(name(item).quoted) has neither a source_range nor an available_range")
                    }
                    continue
                }
                defer { time += range.duration }
                guard item["enabled"] as? Bool ?? true else { continue }
                if kind.hasPrefix("Clip.") {
                    try clip(item, range: range, at: time, window: window)
                } else if kind.hasPrefix("Stack.") {
                    let inner = Window(from: max(window.from, time), to: min(window.to, time + range.duration))
                    try stack(item, at: time, from: range.start, window: inner, depth: depth + 1)
                }
            }
        }

        mutating func clip(_ clip: Object, range: Range, at position: Double, window: Window) throws {
            var sourceStart = range.start
            var recordIn = position
            var recordOut = position + range.duration
            if recordIn < window.from {
                sourceStart += window.from - recordIn
                recordIn = window.from
            }
            recordOut = min(recordOut, window.to)
            guard recordOut > recordIn else { return }
            guard let sourceRate = FrameRate.matching(fps: range.rate, dropFrame: true) else {
                throw InputError("\(file): clip \(name(clip).quoted) is at \(range.rate) fps, not a rate Osmose knows")
            }
            let reference = activeReference(clip)
            let metadata = clip["metadata"] as? Object
            let reel = ((metadata?["cmx_3600"] as? Object)?["reel"] as? String).flatMap { $0.isEmpty ? nil : $0 }
            let recordFrames = (recordRate.frames(recordIn), recordRate.frames(recordOut))
            let sourceIn = sourceRate.frames(sourceStart)
            let sourceOut = sourceRate == recordRate
                ? sourceIn + recordFrames.1 - recordFrames.0 : sourceRate.frames(sourceStart + recordOut - recordIn)
            events.append(CutTimeline.Event(
                number: 0, clipName: clip["name"] as? String, path: reference.flatMap(path), reel: reel,
                sourceIn: try .wrapping(sourceIn, rate: sourceRate), sourceOut: try .wrapping(sourceOut, rate: sourceRate),
                recordIn: try .wrapping(recordFrames.0, rate: recordRate),
                recordOut: try .wrapping(recordFrames.1, rate: recordRate)))
            try CutReader.checkCount(events.count, file: file)
        }

        /// The media a clip uses: `media_reference` (Clip.1) or the active one of
        /// `media_references` (Clip.2).
        func activeReference(_ clip: Object) -> Object? {
            if let references = clip["media_references"] as? Object {
                let key = clip["active_media_reference_key"] as? String ?? "DEFAULT_MEDIA"
                return references[key] as? Object
            }
            return clip["media_reference"] as? Object
        }

        func path(_ reference: Object) -> String? {
            let kind = schema(reference)
            if kind.hasPrefix("ExternalReference.") { return reference["target_url"] as? String }
            if kind.hasPrefix("ImageSequenceReference."), let base = reference["target_url_base"] as? String {
                return base + (reference["name_prefix"] as? String ?? "")
            }
            return nil
        }

        /// The part of its own time an item shows: `source_range`, else its media's
        /// `available_range` (or a stack's first track's length).
        func trimmedRange(_ item: Object) throws -> Range? {
            if let range = try timeRange(item["source_range"], owner: item) { return range }
            if let reference = activeReference(item), let range = try timeRange(reference["available_range"], owner: item) {
                return range
            }
            if schema(item).hasPrefix("Stack.") {
                var longest = 0.0
                for case let track as Object in item["children"] as? [Any] ?? [] {
                    var length = 0.0
                    for case let child as Object in track["children"] as? [Any] ?? [] where !schema(child).hasPrefix("Transition.") {
                        length += try trimmedRange(child)?.duration ?? 0
                    }
                    longest = max(longest, length)
                }
                return Range(start: 0, duration: longest, rate: recordRate.fps)
            }
            return nil
        }

        func timeRange(_ value: Any?, owner: Object) throws -> Range? {
            guard let range = value as? Object else { return nil }
            guard let start = try rationalTime(range["start_time"], owner: owner),
                  let duration = try rationalTime(range["duration"], owner: owner) else {
                throw InputError("\(file): \(name(owner).quoted) has a time range without start_time or duration")
            }
            return Range(start: start.seconds, duration: duration.seconds, rate: start.rate)
        }

        func rationalTime(_ value: Any?, owner: Object) throws -> (seconds: Double, rate: Double)? {
            guard let time = value as? Object else { return nil }
            guard let rate = (time["rate"] as? NSNumber)?.doubleValue, let frames = (time["value"] as? NSNumber)?.doubleValue,
                  rate > 0, rate.isFinite, frames.isFinite, abs(frames / rate) < 10_000_000 else {
                throw InputError("\(file): \(name(owner).quoted) has a time that is not a value at a rate")
            }
            return (frames / rate, rate)
        }

        func name(_ object: Object) -> String { object["name"] as? String ?? schema(object) }
        func schema(_ object: Object) -> String { object["OTIO_SCHEMA"] as? String ?? "" }
    }

    static func read(_ url: URL) throws -> CutTimeline {
        let file = url.path
        let data = try SafeXML.read(url, limit: CutReader.documentLimit)
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw InputError("\(file): the file is not valid JSON (\((error as NSError).localizedDescription))")
        }
        guard let root = json as? Object else { throw InputError("\(file): the file is JSON but not an OTIO object") }
        guard let timeline = firstTimeline(root) else {
            throw InputError("\(file): the OTIO file holds no Timeline (its schema is \((root["OTIO_SCHEMA"] as? String ?? "none").quoted))")
        }
        guard let tracks = timeline["tracks"] as? Object else { throw InputError("\(file): the timeline has no tracks") }
        var reader = Reader(file: file, recordRate: .fps25)
        let start = try reader.rationalTime(timeline["global_start_time"], owner: timeline)
        guard let rateValue = start?.rate ?? firstClipRate(tracks, reader: reader) else {
            return CutReader.timeline(name: timeline["name"] as? String ?? "", rate: .fps25, events: [])
        }
        guard let rate = FrameRate.matching(fps: rateValue, dropFrame: true) else {
            throw InputError("\(file): the timeline's rate \(rateValue) is not a rate Osmose knows")
        }
        reader.recordRate = rate
        let origin = start?.seconds ?? 0
        try reader.stack(tracks, at: origin, from: 0, window: Window(from: -.infinity, to: .infinity), depth: 0)
        return CutReader.timeline(name: timeline["name"] as? String ?? "", rate: rate, events: reader.events)
    }

    /// The timeline itself, or the first one of a collection.
    private static func firstTimeline(_ object: Object) -> Object? {
        let schema = object["OTIO_SCHEMA"] as? String ?? ""
        if schema.hasPrefix("Timeline.") { return object }
        if schema.hasPrefix("SerializableCollection.") {
            for case let child as Object in object["children"] as? [Any] ?? [] {
                if let found = firstTimeline(child) { return found }
            }
        }
        return nil
    }

    /// Without a global start time, the record rate is that of the first clip's range.
    private static func firstClipRate(_ stack: Object, reader: Reader) -> Double? {
        for case let track as Object in stack["children"] as? [Any] ?? [] {
            for case let item as Object in track["children"] as? [Any] ?? [] {
                if reader.schema(item).hasPrefix("Clip."), let range = try? reader.trimmedRange(item) { return range.rate }
            }
        }
        return nil
    }
}
