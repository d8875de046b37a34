import Foundation
import OsmoseDomain

/// A CMX3600 edit decision list, read line by line so that a huge file is never held whole.
///
/// An event line reads `NNN REEL CHANNELS TRANSITION [DURATION] SRC_IN SRC_OUT REC_IN REC_OUT`.
/// Lines sharing a number form one edit: a dissolve is a cut to the outgoing source (often
/// zero frames long) followed by a `D` line for the incoming one. Comments after an edit name
/// its sources: `* FROM CLIP NAME:` the first line, `* TO CLIP NAME:` the incoming one,
/// `* SOURCE FILE:` (or OTIO's `* FROM CLIP:`) a path. `FCM:` switches between drop-frame and
/// non-drop timecode, `M2` speed changes are not events, `BL` (black) uses no source and
/// `AX` (auxiliary) names no reel.
enum EDLCut {
    /// Longer lines are damage: CMX lines are under a hundred characters.
    static let maximumLineLength = 64 * 1024

    /// An event line before its edit is complete.
    private struct Line {
        var number: Int
        var reel: String?
        var video: Bool
        var dissolve: Bool
        var black: Bool
        var sourceIn: Timecode
        var sourceOut: Timecode
        var recordIn: Timecode
        var recordOut: Timecode
        var clipName: String?
        var path: String?
    }

    /// Whether `line` has the shape of an event line (for telling an EDL by its content).
    static func looksLikeEvent(_ line: String) -> Bool {
        let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard tokens.count >= 8, tokens[0].allSatisfy(\.isNumber) else { return false }
        return tokens.suffix(4).allSatisfy { $0.count == 11 && $0.dropFirst(2).first == ":" }
    }

    /// `bytes` without the spaces and tabs around it.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let blank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) }) else {
            return []
        }
        return bytes[first...last]
    }

    /// A timecode read straight from its bytes under the rules of `Timecode(parsing:rate:)`;
    /// nil for anything that parser would refuse (it then says why).
    static func timecode(_ token: ArraySlice<UInt8>, rate: FrameRate) -> Timecode? {
        guard token.count == 11 else { return nil }
        let base = token.startIndex
        func digit(_ offset: Int) -> Int? {
            let byte = token[base + offset]
            return (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
        }
        func pair(_ offset: Int) -> Int? {
            guard let tens = digit(offset), let units = digit(offset + 1) else { return nil }
            return tens * 10 + units
        }
        let separator = token[base + 8]
        guard token[base + 2] == UInt8(ascii: ":"), token[base + 5] == UInt8(ascii: ":"),
              [UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: ".")].contains(separator),
              let h = pair(0), let m = pair(3), let s = pair(6), let f = pair(9) else { return nil }
        if separator != UInt8(ascii: ":") && !rate.dropFrame { return nil }
        guard h < 24, m < 60, s < 60, f < rate.timebase else { return nil }
        if rate.dropFrame && s == 0 && m % 10 != 0 && f < rate.droppedPerMinute { return nil }
        let minutes = 60 * h + m
        let nominal = (3_600 * h + 60 * m + s) * rate.timebase + f
        return try? Timecode(frame: nominal - rate.droppedPerMinute * (minutes - minutes / 10), rate: rate)
    }

    static func read(_ url: URL, rate explicitRate: FrameRate?) throws -> CutTimeline {
        var reader = Reader(file: url.path, explicitRate: explicitRate)
        var lines = try LineReader(url, maximumLength: maximumLineLength)
        while let (bytes, number) = try lines.next() {
            try reader.line(bytes, number: number)
        }
        try reader.flush()
        let rate = reader.timelineRate ?? explicitRate ?? (reader.dropFrame ? .fps29_97DF : .fps25)
        return CutReader.timeline(name: reader.title ?? "", rate: rate, events: reader.events)
    }

    private struct Reader {
        let file: String
        let explicitRate: FrameRate?
        var title: String?
        /// What the last `FCM:` said; before any, the explicit rate's kind.
        var dropFrame: Bool
        /// Decided at the first event: the explicit rate, else 29.97 when `FCM: DROP FRAME`
        /// came first (or, without FCM, the first event's timecodes use `;`), else 25.
        var family: FrameRate?
        var timelineRate: FrameRate?
        var sawFCM = false
        var edit: [Line] = []
        var events: [CutTimeline.Event] = []
        var count = 0

        init(file: String, explicitRate: FrameRate?) {
            self.file = file
            self.explicitRate = explicitRate
            self.dropFrame = explicitRate?.dropFrame ?? false
        }

        mutating func line(_ raw: ArraySlice<UInt8>, number: Int) throws {
            // Bytes rather than Strings: an EDL can hold hundreds of thousands of lines.
            let bytes = EDLCut.trimmed(raw)
            guard let first = bytes.first else { return }
            if first == UInt8(ascii: "*") {
                comment(bytes.dropFirst())
                return
            }
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) {
                try event(bytes, number: number)
                return
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let upper = text.uppercased()
            if upper.hasPrefix("TITLE:") {
                title = String(text.dropFirst(6)).trimmingCharacters(in: .whitespaces)
                return
            }
            if upper.hasPrefix("FCM:") {
                let mode = upper.dropFirst(4).trimmingCharacters(in: .whitespaces)
                switch mode.replacingOccurrences(of: "-", with: " ") {
                case "DROP FRAME": dropFrame = true
                case "NON DROP FRAME", "NON DROPFRAME", "NONDROP FRAME": dropFrame = false
                default: throw InputError("\(file):\(number): FCM \(mode.quoted) is neither DROP FRAME nor NON-DROP FRAME")
                }
                sawFCM = true
                if let family, family.withDropFrame(dropFrame) == nil {
                    throw InputError(
                        "\(file):\(number): “FCM: DROP FRAME” comes after events read at \(family); give the EDL's rate (29.97 or 59.94)")
                }
                return
            }
            // Only event lines start with their number; the rest (M2 speed changes, SPLIT:,
            // AUD, >>> notes) describe events without being one.
        }

        mutating func event(_ bytes: ArraySlice<UInt8>, number: Int) throws {
            let tokens = bytes.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
            func string(_ token: ArraySlice<UInt8>) -> String { String(decoding: token, as: UTF8.self) }
            guard tokens.count >= 8, let editNumber = Int(string(tokens[0])) else {
                throw InputError(
                    "\(file):\(number): \(string(bytes).quoted) is not an EDL event (NNN REEL CHANNELS TRANSITION SRC_IN SRC_OUT REC_IN REC_OUT)")
            }
            let middle = tokens[1..<(tokens.count - 4)].map(string)
            guard middle.count == 3 || middle.count == 4 else {
                throw InputError(
                    "\(file):\(number): event \(string(tokens[0])) has \(middle.count) fields between its number and its timecodes, not a reel, channels, transition and duration")
            }
            let transition = middle[2].uppercased()
            let hasDuration = transition != "C"
            if hasDuration && middle.count == 4 && Int(middle[3]) == nil {
                throw InputError("\(file):\(number): transition duration \(middle[3].quoted) is not a number of frames")
            }
            if !hasDuration && middle.count == 4 {
                throw InputError(
                    "\(file):\(number): a cut (C) has no duration, but event \(string(tokens[0])) gives \(middle[3].quoted)")
            }
            // Without a rate or an FCM line, a `;` in the first event's timecodes says drop-frame.
            if family == nil && explicitRate == nil && !sawFCM
                && tokens.suffix(4).contains(where: { $0.contains(UInt8(ascii: ";")) }) {
                dropFrame = true
            }
            let rate = try currentRate(line: number)
            var times: [Timecode] = []
            times.reserveCapacity(4)
            for token in tokens.suffix(4) {
                if let time = EDLCut.timecode(token, rate: rate) {
                    times.append(time)
                    continue
                }
                // The domain's parser says what is wrong.
                do {
                    times.append(try Timecode(parsing: string(token), rate: rate))
                } catch {
                    throw InputError("\(file):\(number): \(error.message)")
                }
            }
            guard times[1] >= times[0] else {
                throw InputError("\(file):\(number): source out \(times[1]) comes before source in \(times[0])")
            }
            guard times[3] >= times[2] else {
                throw InputError("\(file):\(number): record out \(times[3]) comes before record in \(times[2])")
            }
            if let previous = edit.last, previous.number != editNumber { try flush() }
            let reel = middle[0]
            let reelKey = reel.uppercased()
            let channels = middle[1].uppercased()
            edit.append(Line(
                number: editNumber, reel: reelKey == "AX" || reelKey == "BL" ? nil : reel,
                video: channels.contains(where: { $0 == "V" }) || channels == "B", dissolve: transition == "D" || transition.hasPrefix("W"),
                black: reelKey == "BL" || reelKey == "BLACK",
                sourceIn: times[0], sourceOut: times[1], recordIn: times[2], recordOut: times[3]))
            count += 1
            try CutReader.checkCount(count, file: file, line: number)
        }

        /// The rate of the next event, deciding the family at the first one.
        mutating func currentRate(line: Int) throws -> FrameRate {
            let family = self.family ?? explicitRate ?? (dropFrame ? .fps29_97DF : .fps25)
            self.family = family
            guard let rate = family.withDropFrame(dropFrame) else {
                throw InputError("\(file):\(line): the EDL says DROP FRAME but is read at \(family); give its rate (29.97 or 59.94)")
            }
            if timelineRate == nil { timelineRate = rate }
            return rate
        }

        mutating func comment(_ bytes: ArraySlice<UInt8>) {
            guard !edit.isEmpty else { return }
            let body = EDLCut.trimmed(bytes)
            // The text after `key` (upper-case ASCII), compared without regard to case.
            func value(after key: String) -> String? {
                let keyBytes = key.utf8
                guard body.count >= keyBytes.count else { return nil }
                for (byte, wanted) in zip(body, keyBytes) {
                    let upper = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte
                    guard upper == wanted else { return nil }
                }
                let rest = EDLCut.trimmed(body.dropFirst(keyBytes.count))
                return rest.isEmpty ? nil : String(decoding: rest, as: UTF8.self)
            }
            let incoming = edit.lastIndex { $0.dissolve } ?? edit.count - 1
            if let name = value(after: "FROM CLIP NAME:") {
                edit[0].clipName = name
            } else if let name = value(after: "TO CLIP NAME:") {
                edit[incoming].clipName = name
            } else if let path = value(after: "SOURCE FILE:") ?? value(after: "FROM CLIP:") ?? value(after: "FROM FILE:") {
                if let index = edit.firstIndex(where: { $0.path == nil }) { edit[index].path = path }
            } else if let path = value(after: "TO CLIP:") ?? value(after: "TO FILE:") {
                edit[incoming].path = path
            }
        }

        /// Turns the finished edit into events: its video lines that show frames (the zero-length
        /// outgoing side of a dissolve shows none).
        mutating func flush() throws {
            for line in edit where line.video && !line.black && line.recordOut > line.recordIn {
                events.append(CutTimeline.Event(
                    number: line.number, clipName: line.clipName, path: line.path, reel: line.reel,
                    sourceIn: line.sourceIn, sourceOut: line.sourceOut, recordIn: line.recordIn, recordOut: line.recordOut))
            }
            edit.removeAll(keepingCapacity: true)
        }
    }
}

/// The lines of a file, read a block at a time: memory stays bounded by the longest line.
struct LineReader {
    private let handle: FileHandle
    private let file: String
    private let maximumLength: Int
    private var buffer: [UInt8] = []
    private var position = 0
    private var lineNumber = 0
    private var finished = false

    init(_ url: URL, maximumLength: Int) throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw InputError("\(url.path.quoted) cannot be read")
        }
        self.handle = handle
        self.file = url.path
        self.maximumLength = maximumLength
    }

    /// The next line's bytes without its end (`\n`, `\r\n` or `\r`) and its 1-based number;
    /// nil at the end.
    mutating func next() throws -> (ArraySlice<UInt8>, Int)? {
        while true {
            if let end = buffer[position...].firstIndex(where: { $0 == 10 || $0 == 13 }) {
                // A CR at the end of the block may be the first half of a CR LF pair.
                if buffer[end] == 13 && end + 1 == buffer.count && !finished {
                    try refill()
                    continue
                }
                var text = buffer[position..<end]
                if lineNumber == 0, text.starts(with: [0xEF, 0xBB, 0xBF]) { text = text.dropFirst(3) }
                // A CR LF pair ends one line, not two.
                var next = end + 1
                if buffer[end] == 13 && next < buffer.count && buffer[next] == 10 { next += 1 }
                position = next
                lineNumber += 1
                return (text, lineNumber)
            }
            if buffer.count - position > maximumLength {
                throw InputError("\(file):\(lineNumber + 1): the line is longer than \(maximumLength) characters")
            }
            if finished {
                guard position < buffer.count else {
                    try? handle.close()
                    return nil
                }
                var line = buffer[position...]
                if lineNumber == 0, line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
                position = buffer.count
                lineNumber += 1
                return (line, lineNumber)
            }
            try refill()
        }
    }

    private mutating func refill() throws {
        // Drops consumed bytes before reading more, so the buffer holds at most one block
        // plus the unfinished line.
        if position > 0 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        let block: Data?
        do {
            block = try handle.read(upToCount: 1 << 20)
        } catch {
            throw InputError("\(file): cannot be read (\(error.localizedDescription))")
        }
        if let block, !block.isEmpty {
            buffer.append(contentsOf: block)
        } else {
            finished = true
        }
    }
}
