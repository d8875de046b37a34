import Foundation
import OsmoseDomain

/// A clip's metadata as JSON, as `osmose footage probe FILE --json` prints it: snake_case
/// keys, every key present, `null` for what is not known.
///
/// `fps` is the rate's label (`25`, `29.97` for drop-frame, `29.97ndf`), `start_tc` the
/// timecode as editors write it (`10:00:00:00`, `01:00:00;00`), `created` ISO 8601 in UTC
/// (`2015-09-18T08:14:06Z`).
public struct ClipMetadataJSON: Encodable, Sendable, Equatable {
    public let source: String
    public let durationFrames: Int?
    public let fps: String?
    public let startTC: String?
    public let captureRate: String?
    public let codec: String?
    public let cameraModel: String?
    public let cameraSerial: String?
    public let manufacturer: String?
    public let created: String?
    public let spannedFiles: [String]

    public init(_ clip: ClipMetadata) {
        source = clip.source
        durationFrames = clip.durationFrames
        fps = clip.rate?.label
        startTC = clip.startTimecode?.description
        captureRate = clip.captureRate
        codec = clip.codec
        cameraModel = clip.cameraModel
        cameraSerial = clip.cameraSerial
        manufacturer = clip.manufacturer
        created = clip.created.map(Self.utc)
        spannedFiles = clip.spannedFiles
    }

    enum CodingKeys: String, CodingKey {
        case source
        case durationFrames = "duration_frames"
        case fps
        case startTC = "start_tc"
        case captureRate = "capture_rate"
        case codec
        case cameraModel = "camera_model"
        case cameraSerial = "camera_serial"
        case manufacturer
        case created
        case spannedFiles = "spanned_files"
    }

    public func encode(to encoder: any Encoder) throws {
        // encode, not encodeIfPresent: absent values are written as null, so readers see every key.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        try c.encode(durationFrames, forKey: .durationFrames)
        try c.encode(fps, forKey: .fps)
        try c.encode(startTC, forKey: .startTC)
        try c.encode(captureRate, forKey: .captureRate)
        try c.encode(codec, forKey: .codec)
        try c.encode(cameraModel, forKey: .cameraModel)
        try c.encode(cameraSerial, forKey: .cameraSerial)
        try c.encode(manufacturer, forKey: .manufacturer)
        try c.encode(created, forKey: .created)
        try c.encode(spannedFiles, forKey: .spannedFiles)
    }

    /// The JSON text, keys sorted, as one line.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// `2015-09-18T08:14:06Z`: whole seconds, UTC.
    static func utc(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
