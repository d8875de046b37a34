import Foundation

/// A SMPTE frame rate: how many frames a timecode second counts, the true rate, and whether
/// frame numbers are dropped to keep the timecode near the wall clock (29.97 and 59.94 only).
public struct FrameRate: Hashable, Sendable, CustomStringConvertible {
    /// Frames counted per timecode second (24 for 23.976, 30 for 29.97…).
    public let timebase: Int
    /// The true rate is `numerator / denominator` frames per second.
    public let numerator: Int
    public let denominator: Int
    public let dropFrame: Bool

    public static let fps23_976 = FrameRate(timebase: 24, numerator: 24_000, denominator: 1_001, dropFrame: false)
    public static let fps24 = FrameRate(timebase: 24, numerator: 24, denominator: 1, dropFrame: false)
    public static let fps25 = FrameRate(timebase: 25, numerator: 25, denominator: 1, dropFrame: false)
    public static let fps29_97DF = FrameRate(timebase: 30, numerator: 30_000, denominator: 1_001, dropFrame: true)
    public static let fps29_97NDF = FrameRate(timebase: 30, numerator: 30_000, denominator: 1_001, dropFrame: false)
    public static let fps30 = FrameRate(timebase: 30, numerator: 30, denominator: 1, dropFrame: false)
    public static let fps50 = FrameRate(timebase: 50, numerator: 50, denominator: 1, dropFrame: false)
    public static let fps59_94DF = FrameRate(timebase: 60, numerator: 60_000, denominator: 1_001, dropFrame: true)
    public static let fps59_94NDF = FrameRate(timebase: 60, numerator: 60_000, denominator: 1_001, dropFrame: false)
    public static let fps60 = FrameRate(timebase: 60, numerator: 60, denominator: 1, dropFrame: false)

    /// Every rate Osmose knows, in the order they are offered.
    public static let all: [FrameRate] = [
        .fps23_976, .fps24, .fps25, .fps29_97DF, .fps29_97NDF, .fps30, .fps50, .fps59_94DF, .fps59_94NDF, .fps60,
    ]

    /// The name a production's settings use: `25`, `29.97` (drop-frame), `29.97ndf`…
    public var label: String {
        switch (timebase, denominator, dropFrame) {
        case (24, 1_001, _): "23.976"
        case (30, 1_001, true): "29.97"
        case (30, 1_001, false): "29.97ndf"
        case (60, 1_001, true): "59.94"
        case (60, 1_001, false): "59.94ndf"
        default: "\(timebase)"
        }
    }

    public var description: String {
        switch (denominator, dropFrame) {
        case (1_001, true): "\(label) fps drop-frame"
        case (1_001, false) where timebase != 24: "\(label.replacingOccurrences(of: "ndf", with: "")) fps non-drop"
        default: "\(label) fps"
        }
    }

    /// Reads a rate as a person writes it: `25`, `23.976` (or `23.98`), `29.97` (drop-frame, or
    /// `29.97df`), `29.97ndf`, `59.94`, `59.94ndf`, `30`, `50`, `60`, `24`.
    public init(parsing text: String) throws(InputError) {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: ",", with: ".")
            .replacingOccurrences(of: "fps", with: "")
            .replacingOccurrences(of: " ", with: "")
        let known: [String: FrameRate] = [
            "23.976": .fps23_976, "23.98": .fps23_976, "24": .fps24, "25": .fps25,
            "29.97": .fps29_97DF, "29.97df": .fps29_97DF, "29.97ndf": .fps29_97NDF, "30": .fps30, "50": .fps50,
            "59.94": .fps59_94DF, "59.94df": .fps59_94DF, "59.94ndf": .fps59_94NDF, "60": .fps60,
        ]
        guard let rate = known[key] else {
            throw InputError(
                "\(text.quoted) is not a frame rate (use 23.976, 24, 25, 29.97, 29.97ndf, 30, 50, 59.94, 59.94ndf or 60)")
        }
        self = rate
    }

    private init(timebase: Int, numerator: Int, denominator: Int, dropFrame: Bool) {
        self.timebase = timebase
        self.numerator = numerator
        self.denominator = denominator
        self.dropFrame = dropFrame
    }

    /// Frame numbers skipped at the start of each minute not divisible by ten.
    public var droppedPerMinute: Int { dropFrame ? timebase / 15 : 0 }

    /// Frames in 24 hours of timecode.
    public var framesPerDay: Int {
        dropFrame ? 24 * 6 * framesPerTenMinutes : 24 * 3_600 * timebase
    }

    var framesPerTenMinutes: Int { timebase * 600 - droppedPerMinute * 9 }
}

/// A SMPTE timecode: a frame count from `00:00:00:00` at a frame rate.
///
/// Parsing checks every field against the rate, including the drop-frame rule, and says
/// which field is wrong.
public struct Timecode: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Frames since `00:00:00:00`.
    public let frame: Int
    public let rate: FrameRate

    public init(frame: Int, rate: FrameRate) throws(InputError) {
        guard (0..<rate.framesPerDay).contains(frame) else {
            throw InputError("frame \(frame) is outside a day of timecode at \(rate) (0 to \(rate.framesPerDay - 1))")
        }
        self.frame = frame
        self.rate = rate
    }

    /// Reads `HH:MM:SS:FF`; drop-frame timecodes may be written with `;` (or `.`) before the frames.
    public init(parsing text: String, rate: FrameRate) throws(InputError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let scalars = Array(trimmed.unicodeScalars)
        let shapeOK = scalars.count == 11
            && [2, 5].allSatisfy { scalars[$0] == ":" }
            && [":", ";", "."].contains(scalars[8])
            && [0, 1, 3, 4, 6, 7, 9, 10].allSatisfy { ("0"..."9").contains(scalars[$0]) }
        guard shapeOK else {
            throw InputError("\(text.quoted) is not a timecode (expected HH:MM:SS:FF, or HH:MM:SS;FF for drop-frame)")
        }
        func field(_ i: Int) -> Int { Int(String(String.UnicodeScalarView(scalars[i..<i + 2])))! }
        let (h, m, s, f) = (field(0), field(3), field(6), field(9))
        let dropSeparator = scalars[8] != ":"
        if dropSeparator && !rate.dropFrame {
            throw InputError("timecode \(text.quoted) uses the drop-frame separator “\(scalars[8])” but \(rate) has no drop-frame")
        }
        guard h < 24 else { throw InputError("timecode \(text.quoted): hour \(h) is out of range (00–23)") }
        guard m < 60 else { throw InputError("timecode \(text.quoted): minute \(m) is out of range (00–59)") }
        guard s < 60 else { throw InputError("timecode \(text.quoted): second \(s) is out of range (00–59)") }
        guard f < rate.timebase else {
            throw InputError(
                "timecode \(text.quoted): frame \(f) does not exist at \(rate) (frames run 00–\(rate.timebase - 1))")
        }
        if rate.dropFrame && s == 0 && m % 10 != 0 && f < rate.droppedPerMinute {
            let dropped = (0..<rate.droppedPerMinute).map { String(format: "%02d", $0) }.joined(separator: ", ")
            throw InputError(
                "timecode \(text.quoted) does not exist at \(rate): frames \(dropped) are skipped at the start of every minute except each tenth")
        }
        let totalMinutes = 60 * h + m
        let nominal = (3_600 * h + 60 * m + s) * rate.timebase + f
        self.frame = nominal - rate.droppedPerMinute * (totalMinutes - totalMinutes / 10)
        self.rate = rate
    }

    /// Hours, minutes, seconds and frames as the timecode shows them.
    public var fields: (hours: Int, minutes: Int, seconds: Int, frames: Int) {
        var n = frame
        if rate.dropFrame {
            let drop = rate.droppedPerMinute
            let perMinute = rate.timebase * 60 - drop
            let tens = n / rate.framesPerTenMinutes
            let rest = n % rate.framesPerTenMinutes
            n += drop * 9 * tens
            if rest > drop {
                n += drop * ((rest - drop) / perMinute)
            }
        }
        let fps = rate.timebase
        return (n / (3_600 * fps), (n / (60 * fps)) % 60, (n / fps) % 60, n % fps)
    }

    public var description: String {
        let f = fields
        let head = String(format: "%02d:%02d:%02d", f.hours, f.minutes, f.seconds)
        return head + (rate.dropFrame ? ";" : ":") + String(format: "%02d", f.frames)
    }

    /// Seconds of real time since `00:00:00:00`.
    public var seconds: Double { Double(frame) * Double(rate.denominator) / Double(rate.numerator) }

    public static func < (lhs: Timecode, rhs: Timecode) -> Bool { lhs.frame < rhs.frame }
}
