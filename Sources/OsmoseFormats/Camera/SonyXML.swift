import Foundation
import OsmoseDomain

/// Reads Sony's `NonRealTimeMeta` clip sidecars (XAVC, XAVC S, XDCAM: `C0001M01.XML` next to
/// `C0001.MP4`, `Clip/C0001M01.XML` next to `Clip/C0001.MXF`).
///
/// What the sidecar says and how it is taken:
/// - `<Duration value="N"/>` counts the frames as recorded, at the clip's format rate
///   (`formatFps`): 210 frames of a 59.94p clip are 3.5 seconds even when the timecode counts
///   at 30.
/// - `<LtcChangeTable tcFps="30" halfStep="true">` with `<LtcChange frameCount="0" value="…">`:
///   `value` is the SMPTE 12M LTC word's four time bytes as eight hex digits, frames first:
///   `FF SS MM HH`, each byte BCD. Flag bits are masked off: in the frames byte 0x80 is the
///   colour-frame flag and 0x40 the drop-frame flag; the top bit of the seconds, minutes and
///   hours bytes are LTC flag bits. `17305719` is 19:57:30:17; `67460811` is 11:08:46;27 with
///   drop-frame.
/// - `halfStep="true"` says the timecode counts at half the recording rate (50p and 59.94p
///   clips counted at 25 and 30): one timecode frame spans two recorded frames, and LTC's
///   frame-pair flag tells the second of the pair — bit 27 of the word (the seconds byte's
///   0x80) at 30-frame timecode, as Sony's 59.94p clips show, and bit 59 (the hours byte's
///   0x80) at 25, where SMPTE 12M swaps those two bits. Osmose keeps such a clip at its
///   recording rate: the start is `2 × timecode frame + pair flag` at 50 or 59.94 (so
///   `00:00:03;14` with the flag is `00:00:03;29` at 59.94 drop-frame), and the duration is the
///   recorded frame count.
/// - High-speed formats Osmose has no rate for (100p, 119.88p, 120p) keep the timecode's own
///   rate; their duration is converted to frames of that rate (rounded down).
///   Some consumer bodies write `value` already formatted (`10:14:06:15`); that is read too.
/// - `<VideoFrame captureFps formatFps videoCodec>`: `captureRate` is set when the capture
///   rate differs from the format rate (slow and quick motion); the codec is `videoCodec` as
///   written (`AVC_3840_2160_HP@L51`).
/// - `tcFps="24"` or `"30"` cannot tell 23.976 from 24, or 29.97 from 30: `formatFps` decides,
///   and without it the NTSC rates (23.976, 29.97) are taken, which cameras use far more.
public enum SonyClipXML {
    /// The reader's name in `ClipMetadata.source`.
    public static let source = "sony-xml"

    /// Reads the sidecar `data`; `name` names the file in messages.
    public static func read(_ data: Data, name: String) throws(InputError) -> ClipMetadata {
        try read(SidecarXML.parse(data, name: name), name: name)
    }

    static func read(_ root: SidecarElement, name: String) throws(InputError) -> ClipMetadata {
        guard root.name == "NonRealTimeMeta" else {
            throw InputError("\(name):\(root.line): root element <\(root.name)> is not Sony's <NonRealTimeMeta>")
        }
        var clip = ClipMetadata(source: source)

        let device = root.child("Device")
        clip.manufacturer = device?.attributes["manufacturer"].flatMap(nonEmpty)
        clip.cameraModel = device?.attributes["modelName"].flatMap(nonEmpty)
        clip.cameraSerial = device?.attributes["serialNo"].flatMap(nonEmpty)
        if clip.manufacturer?.lowercased().hasPrefix("canon") == true { clip.source = CanonClipXML.source }

        if let creation = root.child("CreationDate"), let text = creation.attributes["value"] {
            guard let date = CameraValues.date(text) else {
                throw InputError("\(name):\(creation.line): CreationDate \(text.quoted) is not a date")
            }
            clip.created = date
        }

        let frame = root.path("VideoFormat", "VideoFrame")
        clip.codec = frame?.attributes["videoCodec"].flatMap(nonEmpty)
        let formatText = frame?.attributes["formatFps"].flatMap(nonEmpty)
        let captureText = frame?.attributes["captureFps"].flatMap(nonEmpty)
        let formatRate = try formatText.map { text throws(InputError) in
            guard let rate = CameraValues.rate(text: text) else {
                throw InputError("\(name):\(frame?.line ?? root.line): formatFps \(text.quoted) is not a frame rate")
            }
            return rate
        }
        if let captureText, let capture = CameraValues.rate(text: captureText) {
            if let formatRate, capture.numerator * formatRate.denominator != formatRate.numerator * capture.denominator
            {
                clip.captureRate = captureText
            }
        }

        let durationElement = root.child("Duration")
        var recordedFrames = try CameraValues.count(
            durationElement?.attributes["value"], field: "Duration",
            name: name, line: durationElement?.line ?? root.line)

        guard let table = root.child("LtcChangeTable") else {
            // No timecode: the rate comes from the format alone, without drop-frame.
            clip.rate = formatRate.flatMap {
                CameraValues.frameRate(numerator: $0.numerator, denominator: $0.denominator, dropFrame: false)
            }
            clip.durationFrames = clip.rate == nil ? nil : recordedFrames
            return clip
        }
        let changes = table.children.filter { $0.name == "LtcChange" }
        if recordedFrames == nil, let end = changes.first(where: { $0.attributes["status"] == "end" }) {
            // Without <Duration>, the last change's frame is the clip's last frame.
            recordedFrames = try CameraValues.count(
                end.attributes["frameCount"], field: "frameCount", name: name, line: end.line
            ).map { $0 + 1 }
        }
        let first = changes.first { $0.attributes["frameCount"].flatMap { Int($0) } == 0 } ?? changes.first
        guard let tcFpsText = table.attributes["tcFps"], let tcFps = Int(tcFpsText),
            [24, 25, 30, 50, 60].contains(tcFps)
        else {
            throw InputError(
                "\(name):\(table.line): tcFps \((table.attributes["tcFps"] ?? "").quoted) is not a timecode rate (24, 25, 30, 50 or 60)"
            )
        }
        let halfStep = table.attributes["halfStep"]?.lowercased() == "true"

        guard let first, let value = first.attributes["value"] else {
            clip.rate = formatRate.flatMap {
                CameraValues.frameRate(numerator: $0.numerator, denominator: $0.denominator, dropFrame: false)
            }
            clip.durationFrames = clip.rate == nil ? nil : recordedFrames
            return clip
        }
        let word = try LTCWord(value, name: name, line: first.line)

        // 24 and 30 are ambiguous: the format rate says whether they run at 1000/1001.
        let ntsc: Bool = if let formatRate { formatRate.denominator == 1_001 } else { tcFps % 6 == 0 }
        guard
            let tcRate = CameraValues.frameRate(
                numerator: tcFps * (ntsc ? 1_000 : 1), denominator: ntsc ? 1_001 : 1,
                dropFrame: word.dropFrame)
        else {
            throw InputError(
                "\(name):\(first.line): LTC value \(value.quoted) is marked drop-frame but the timecode counts \(tcFps) frames a second without 1000/1001 pull-down; only 29.97 and 59.94 drop frames"
            )
        }
        let timecode: Timecode
        do {
            let text =
                String(format: "%02d:%02d:%02d", word.hours, word.minutes, word.seconds) + (word.dropFrame ? ";" : ":")
                + String(format: "%02d", word.frames)
            timecode = try Timecode(parsing: text, rate: tcRate)
        } catch {
            throw InputError("\(name):\(first.line): LTC value \(value.quoted): \(error.message)")
        }

        // Without formatFps, a half-step timecode still says the clip runs at twice its rate.
        let recordedRate = formatRate ?? (halfStep ? (2 * tcRate.numerator, tcRate.denominator) : nil)
        // The clip's own rate: the format rate when Osmose knows it, else the timecode's.
        let clipRate = recordedRate.flatMap {
            CameraValues.frameRate(numerator: $0.numerator, denominator: $0.denominator, dropFrame: word.dropFrame)
        }
        if let clipRate, clipRate.timebase == tcRate.timebase {
            clip.rate = clipRate
            clip.startTimecode = timecode
            clip.durationFrames = recordedFrames
        } else if let clipRate, clipRate.timebase == 2 * tcRate.timebase {
            // Two recorded frames per timecode frame; the pair flag marks the second one.
            let pair = halfStep ? (tcRate.timebase == 25 ? word.hoursFlag : word.secondsFlag) : false
            clip.rate = clipRate
            clip.startTimecode = try Timecode(frame: 2 * timecode.frame + (pair ? 1 : 0), rate: clipRate)
            clip.durationFrames = recordedFrames
        } else if clipRate == nil {
            clip.rate = tcRate
            clip.startTimecode = timecode
            if let recordedFrames, let recordedRate {
                // Recorded frames at the format rate, as frames of the timecode's rate.
                clip.durationFrames =
                    recordedFrames * tcRate.numerator * recordedRate.denominator
                    / (tcRate.denominator * recordedRate.numerator)
            } else {
                clip.durationFrames = recordedFrames
            }
        } else {
            throw InputError(
                "\(name):\(table.line): tcFps \(tcFps) does not fit formatFps \((formatText ?? "").quoted): the timecode must count the recorded frames or every second one"
            )
        }
        return clip
    }

    private static func nonEmpty(_ s: String) -> String? {
        let t = s.trimmingCharacters(in: .whitespaces)
        return t.isEmpty ? nil : t
    }
}

/// The time bytes of an SMPTE 12M LTC word as Sony writes them: eight hex digits, frames,
/// seconds, minutes, hours, each byte BCD with flag bits on top.
struct LTCWord: Equatable {
    var frames: Int
    var seconds: Int
    var minutes: Int
    var hours: Int
    var dropFrame: Bool
    var colourFrame: Bool
    /// LTC bit 27 (the top bit of the seconds byte) and bit 59 (of the hours byte).
    var secondsFlag: Bool
    var hoursFlag: Bool

    init(_ value: String, name: String, line: Int) throws(InputError) {
        let digits = value.trimmingCharacters(in: .whitespaces)
        // Some consumer bodies write the timecode already formatted: HH:MM:SS:FF or HH:MM:SS;FF.
        let scalars = Array(digits.unicodeScalars)
        if scalars.count == 11, scalars[2] == ":", scalars[5] == ":", [":", ";", "."].contains(scalars[8]) {
            let fields = digits.split(whereSeparator: { ":;.".contains($0) }).map { Int($0) }
            guard fields.count == 4, let h = fields[0], let m = fields[1], let s = fields[2], let f = fields[3] else {
                throw InputError("\(name):\(line): LTC value \(value.quoted) is not a timecode")
            }
            (hours, minutes, seconds, frames) = (h, m, s, f)
            dropFrame = scalars[8] != ":"
            (colourFrame, secondsFlag, hoursFlag) = (false, false, false)
            return
        }
        guard digits.count == 8, digits.allSatisfy(\.isHexDigit) else {
            throw InputError("\(name):\(line): LTC value \(value.quoted) is not eight hexadecimal digits")
        }
        let bytes = stride(from: 0, to: 8, by: 2).map { i -> UInt8 in
            let start = digits.index(digits.startIndex, offsetBy: i)
            return UInt8(digits[start..<digits.index(start, offsetBy: 2)], radix: 16) ?? 0
        }
        func bcd(_ byte: UInt8, mask: UInt8, _ field: String) throws(InputError) -> Int {
            let masked = byte & mask
            let (tens, units) = (Int(masked >> 4), Int(masked & 0x0F))
            guard units <= 9 else {
                throw InputError("\(name):\(line): LTC value \(value.quoted) has a \(field) byte that is not BCD")
            }
            return tens * 10 + units
        }
        frames = try bcd(bytes[0], mask: 0x3F, "frames")
        seconds = try bcd(bytes[1], mask: 0x7F, "seconds")
        minutes = try bcd(bytes[2], mask: 0x7F, "minutes")
        hours = try bcd(bytes[3], mask: 0x3F, "hours")
        dropFrame = bytes[0] & 0x40 != 0
        colourFrame = bytes[0] & 0x80 != 0
        secondsFlag = bytes[1] & 0x80 != 0
        hoursFlag = bytes[3] & 0x80 != 0
    }
}
