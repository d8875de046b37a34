import Foundation
import OsmoseDomain

/// Reads Canon clip XML as well as it can.
///
/// Canon writes several kinds of clip XML and documents none of them publicly: XF cameras
/// (`CONTENTS/CLIPS001/AA0001/AA0001.XML`), Cinema EOS XF-AVC and Cinema RAW Light
/// (`CONTENTS/CLIPS001/A001C001_…_CANON.XML`, `…/A001C001_…M01.XML`). Some follow Sony's
/// `NonRealTimeMeta` layout; those go through `SonyClipXML` and come out as `canon-xml`
/// when the device is a Canon. The others are read by field name, wherever the field sits and
/// whether it is an element or an attribute, the first occurrence winning (names compared
/// without case):
///
/// | field | names |
/// |---|---|
/// | duration (frames) | `Duration`, `DurationFrames`, `FrameCount` |
/// | rate | `EditUnit` (`1001/30000`), else `FrameRate`, `VideoFrameRate`, `RecordingFrameRate`, `FormatFps` |
/// | capture rate | `CaptureFrameRate`, `CaptureFps`, `ShootingFrameRate` (kept when it differs) |
/// | start timecode | `StartTimecode`, `StartTimeCode`, `Timecode` (`;` or `DropFrame` true for drop-frame) |
/// | codec | `VideoCodec`, `Codec` |
/// | maker, model, serial | `Manufacturer`, `ModelName`/`Model`, `SerialNo.`/`SerialNumber`/`SerialNo`/`BodySerialNumber` |
/// | created | `CreationDate`, `CreationTime`, `CreateDate`, `RecordingDate`, `StartDate` |
///
/// A value that is present but unreadable is an error, as for the other sidecars; a field
/// that is absent stays nil.
public enum CanonClipXML {
    /// The reader's name in `ClipMetadata.source`.
    public static let source = "canon-xml"

    /// Root elements taken as Canon clip XML even without a Canon namespace.
    static let roots: Set<String> = ["clipprofile", "clipinfo", "clip", "videoclip", "clipmetadata", "canonxf"]

    /// Reads the sidecar `data`; `name` names the file in messages.
    public static func read(_ data: Data, name: String) throws(InputError) -> ClipMetadata {
        try read(SidecarXML.parse(data, name: name), name: name)
    }

    static func isCanon(_ root: SidecarElement) -> Bool {
        if roots.contains(root.name.lowercased()) { return true }
        return root.attributes.contains { key, value in
            (key == "xmlns" || key.hasPrefix("xmlns")) && value.lowercased().contains("canon")
        }
    }

    static func read(_ root: SidecarElement, name: String) throws(InputError) -> ClipMetadata {
        if root.name == "NonRealTimeMeta" {
            var clip = try SonyClipXML.read(root, name: name)
            clip.source = source
            return clip
        }
        var clip = ClipMetadata(source: source)
        let elements = root.all

        /// The first value of any of `names`, as an element's text or an attribute, with its line.
        func find(_ names: [String]) -> (value: String, line: Int)? {
            let wanted = Set(names.map { $0.lowercased() })
            for element in elements {
                if wanted.contains(element.name.lowercased()) {
                    if let v = element.value { return (v, element.line) }
                    if let v = element.attributes["value"] ?? element.attributes["Value"] { return (v, element.line) }
                }
                for (key, v) in element.attributes where wanted.contains(key.lowercased()) && !v.isEmpty {
                    return (v, element.line)
                }
            }
            return nil
        }

        clip.manufacturer = find(["Manufacturer"])?.value
        clip.cameraModel = find(["ModelName", "Model"])?.value
        clip.cameraSerial = find(["SerialNo.", "SerialNumber", "SerialNo", "BodySerialNumber"])?.value
        clip.codec = find(["VideoCodec", "Codec"])?.value
        if let created = find(["CreationDate", "CreationTime", "CreateDate", "RecordingDate", "StartDate"]) {
            guard let date = CameraValues.date(created.value) else {
                throw InputError("\(name):\(created.line): date \(created.value.quoted) is not a date")
            }
            clip.created = date
        }

        let start = find(["StartTimecode", "StartTimeCode", "Timecode"])
        let dropText = find(["DropFrame", "DropFrameFlag"])?.value.lowercased()
        let dropFrame =
            dropText == "true" || dropText == "1" || dropText == "df" || (start?.value.contains(";") ?? false)

        var rate: (numerator: Int, denominator: Int)?
        if let unit = find(["EditUnit"]) {
            guard let r = CameraValues.rate(editUnit: unit.value) else {
                throw InputError(
                    "\(name):\(unit.line): EditUnit \(unit.value.quoted) is not a frame duration such as 1001/30000")
            }
            rate = r
        } else if let text = find(["FrameRate", "VideoFrameRate", "RecordingFrameRate", "FormatFps"]) {
            guard let r = CameraValues.rate(text: text.value) else {
                throw InputError("\(name):\(text.line): frame rate \(text.value.quoted) is not a frame rate")
            }
            rate = r
        }
        if let rate {
            clip.rate =
                CameraValues.frameRate(numerator: rate.numerator, denominator: rate.denominator, dropFrame: dropFrame)
                ?? CameraValues.frameRate(numerator: rate.numerator, denominator: rate.denominator, dropFrame: false)
        }
        if let capture = find(["CaptureFrameRate", "CaptureFps", "ShootingFrameRate"]),
            let c = CameraValues.rate(text: capture.value),
            let rate, c.numerator * rate.denominator != rate.numerator * c.denominator
        {
            clip.captureRate = capture.value
        }

        if let duration = find(["Duration", "DurationFrames", "FrameCount"]) {
            clip.durationFrames = try CameraValues.count(
                duration.value, field: "duration", name: name, line: duration.line)
        }
        if let start, let r = clip.rate {
            do {
                clip.startTimecode = try Timecode(parsing: start.value, rate: r)
            } catch {
                throw InputError("\(name):\(start.line): start timecode: \(error.message)")
            }
        }
        if clip.rate == nil { clip.durationFrames = nil }
        return clip
    }
}
