import Foundation
import OsmoseDomain
import Testing

@testable import OsmoseFormats

private func cameraFixture(_ name: String) throws -> URL {
    try #require(Bundle.module.url(forResource: "Fixtures/camera/" + name, withExtension: nil))
}

private func tc(_ text: String, _ rate: FrameRate) throws -> Timecode {
    try Timecode(parsing: text, rate: rate)
}

private func utc(_ text: String) -> Date? {
    CameraValues.date(text)
}

/// Writes `data` to a fresh temporary file named `name`.
private func temporary(_ name: String, _ data: Data) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "camera-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try data.write(to: url)
    return url
}

private func message(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return "\(error)"
    }
}

// MARK: - Sony

@Suite("Sony NonRealTimeMeta sidecars")
struct SonyClipXMLTests {
    func read(_ name: String) throws -> ClipMetadata {
        try CameraMetadata.readSidecar(cameraFixture("sony/" + name))
    }

    @Test("25p: LTC bytes frames-first, device, codec, creation date in UTC")
    func pal() throws {
        let clip = try read("C0001M01.XML")
        #expect(clip.source == "sony-xml")
        #expect(clip.rate == .fps25)
        #expect(clip.durationFrames == 1_500)
        #expect(clip.startTimecode == (try tc("10:14:06:15", .fps25)))
        #expect(clip.codec == "AVC_3840_2160_H422IP@L51")
        #expect(clip.manufacturer == "Sony")
        #expect(clip.cameraModel == "ILME-FX6V")
        #expect(clip.cameraSerial == "4012345")
        #expect(clip.captureRate == nil)
        #expect(clip.created == utc("2015-09-18T08:14:06Z"))
    }

    @Test("The end entry of the LTC table lands on the last frame the duration gives")
    func endAgreesWithDuration() throws {
        let end = try LTCWord("14061510", name: "t", line: 1)
        let last = try tc(
            String(format: "%02d:%02d:%02d:%02d", end.hours, end.minutes, end.seconds, end.frames), .fps25)
        let clip = try read("C0001M01.XML")
        #expect(try #require(clip.startTimecode).frame + 1_499 == last.frame)
    }

    @Test("29.97: the drop-frame flag (0x40 of the frames byte) chooses DF or NDF")
    func ntsc() throws {
        let df = try read("C0002M01.XML")
        #expect(df.rate == .fps29_97DF)
        #expect(df.startTimecode?.description == "03:41:54;08")
        #expect(df.durationFrames == 900)
        let ndf = try read("C0003M01.XML")
        #expect(ndf.rate == .fps29_97NDF)
        #expect(ndf.startTimecode?.description == "03:41:54:08")
    }

    @Test("23.98p with tcFps 24 is 23.976")
    func film() throws {
        let clip = try read("C0004M01.XML")
        #expect(clip.rate == .fps23_976)
        #expect(clip.startTimecode == (try tc("00:59:59:23", .fps23_976)))
        #expect(clip.durationFrames == 240)
    }

    @Test("50p with half-step 25 timecode: start doubled plus the pair flag (hours bit 7), duration in recorded frames")
    func halfStep50() throws {
        let clip = try read("C0005M01.XML")
        #expect(clip.rate == .fps50)
        #expect(clip.durationFrames == 500)
        // 01:10:30:12 at 25 with the pair flag is the second frame of the pair: 25 at 50.
        #expect(clip.startTimecode == (try tc("01:10:30:25", .fps50)))
        // The end entry (01:10:40:12, first of its pair) is the 500th frame.
        let end = try LTCWord("12401001", name: "t", line: 1)
        #expect(!end.hoursFlag)
        let endAt25 = try tc(
            String(format: "%02d:%02d:%02d:%02d", end.hours, end.minutes, end.seconds, end.frames), .fps25)
        #expect(try #require(clip.startTimecode).frame + 499 == 2 * endAt25.frame)
    }

    @Test("59.94p with half-step 30 drop-frame timecode (values from a Sony XAVC S clip)")
    func halfStep5994() throws {
        let clip = try read("C0006M01.XML")
        #expect(clip.rate == .fps59_94DF)
        #expect(clip.durationFrames == 210)
        #expect(clip.startTimecode?.description == "00:00:00;00")
        // The camera's end entry 54830000 is 00:00:03;14, second of its pair (seconds bit 7):
        // frame 2 × 104 + 1 = 209, the last of 210.
        let end = try LTCWord("54830000", name: "t", line: 1)
        #expect(end.dropFrame && end.secondsFlag && end.seconds == 3 && end.frames == 14)
        let endAt30 = try tc("00:00:03;14", .fps29_97DF)
        #expect(2 * endAt30.frame + 1 == 209)

        let minute = try read("C0007M01.XML")
        // 00:01:00;04 at 29.97 DF, second of the pair: 00:01:00;09 at 59.94 DF.
        #expect(minute.startTimecode == (try tc("00:01:00;09", .fps59_94DF)))
    }

    @Test("Quick motion: capture rate kept when it differs from the format rate")
    func captureRate() throws {
        let clip = try read("C0008M01.XML")
        #expect(clip.rate == .fps25)
        #expect(clip.captureRate == "100p")
        #expect(clip.startTimecode?.description == "10:00:00:00")
    }

    @Test("High-speed formats without an Osmose rate keep the timecode's rate and convert the duration")
    func highSpeed() throws {
        let xml = """
            <NonRealTimeMeta xmlns="urn:schemas-professionalDisc:nonRealTimeMeta:ver.2.20">
            <Duration value="3960"/>
            <LtcChangeTable tcFps="30" halfStep="true"><LtcChange frameCount="0" value="48544103" status="increment"/></LtcChangeTable>
            <VideoFormat><VideoFrame videoCodec="HEVC_3840_2160_M10P@L51" captureFps="119.88p" formatFps="119.88p"/></VideoFormat>
            </NonRealTimeMeta>
            """
        let clip = try SonyClipXML.read(Data(xml.utf8), name: "LR4253M01.XML")
        #expect(clip.rate == .fps29_97DF)
        #expect(clip.startTimecode?.description == "03:41:54;08")
        #expect(clip.durationFrames == 990)
    }

    @Test("Values some bodies write already formatted are read as timecodes")
    func formattedValue() throws {
        let xml = """
            <NonRealTimeMeta><Duration value="100"/>
            <LtcChangeTable tcFps="30" halfStep="false"><LtcChange frameCount="0" value="01:00:00;02"/></LtcChangeTable>
            <VideoFormat><VideoFrame formatFps="29.97p" captureFps="29.97p"/></VideoFormat></NonRealTimeMeta>
            """
        let clip = try SonyClipXML.read(Data(xml.utf8), name: "C0009M01.XML")
        #expect(clip.rate == .fps29_97DF)
        #expect(clip.startTimecode?.description == "01:00:00;02")
    }

    @Test("Bad LTC values are refused with the file and line")
    func badValues() throws {
        let dfAt25 = message { _ = try CameraMetadata.readSidecar(cameraFixture("hostile/df-at-25.XML")) }
        #expect(dfAt25?.contains("df-at-25.XML:5:") == true)
        #expect(dfAt25?.contains("drop-frame") == true)
        func bad(_ value: String) -> String? {
            let xml =
                "<NonRealTimeMeta>\n<LtcChangeTable tcFps=\"25\" halfStep=\"false\">\n<LtcChange frameCount=\"0\" value=\"\(value)\"/></LtcChangeTable></NonRealTimeMeta>"
            return message { _ = try SonyClipXML.read(Data(xml.utf8), name: "x.XML") }
        }
        #expect(bad("1506141") == "x.XML:3: LTC value “1506141” is not eight hexadecimal digits")
        #expect(bad("1A061410")?.contains("frames byte that is not BCD") == true)
        #expect(bad("25061410")?.contains("frame 25 does not exist") == true)
        #expect(bad("00006010")?.contains("minute 60 is out of range") == true)
    }
}

// MARK: - P2

@Suite("Panasonic P2 clip XML")
struct P2ClipXMLTests {
    let card = "p2card/"

    func clip(_ name: String) throws -> P2Clip {
        let url = try cameraFixture(card + "CONTENTS/CLIP/" + name + ".XML")
        return try P2ClipXML.read(Data(contentsOf: url), name: name + ".XML")
    }

    @Test("A single clip: edit unit, start timecode, codec, device, creation date")
    func single() throws {
        let p2 = try clip("0001AB")
        #expect(p2.clipName == "0001AB")
        #expect(!p2.isSpanned)
        let meta = p2.metadata
        #expect(meta.source == "p2-xml")
        #expect(meta.rate == .fps25)
        #expect(meta.durationFrames == 250)
        #expect(meta.startTimecode?.description == "10:00:00:00")
        #expect(meta.codec == "AVC-I_1080/50i")
        #expect(meta.captureRate == nil)
        #expect(meta.manufacturer == "Panasonic")
        #expect(meta.cameraModel == "AJ-PX270")
        #expect(meta.cameraSerial == "C4TCA01361")
        #expect(meta.created == utc("2016-03-02T08:30:00Z"))
    }

    @Test("Three spanned clips become one recording, in order, whatever order they come in")
    func spanned() throws {
        let parts = try ["0004RT", "0001AB", "0003QZ", "0002XY"].map(clip)
        let groups = P2ClipXML.group(parts)
        #expect(groups.map { $0.map(\.clipName) } == [["0001AB"], ["0002XY", "0003QZ", "0004RT"]])
        let recording = try #require(P2ClipXML.recordings(parts).last)
        #expect(recording.rate == .fps29_97DF)
        #expect(recording.startTimecode?.description == "01:00:00;00")
        #expect(recording.durationFrames == 8_992 + 8_992 + 1_200)
        #expect(
            recording.spannedFiles == [
                "CONTENTS/VIDEO/0002XY.MXF", "CONTENTS/VIDEO/0003QZ.MXF", "CONTENTS/VIDEO/0004RT.MXF",
            ])
        // Each part starts where the previous one ends.
        let starts = groups[1].compactMap { $0.metadata.startTimecode?.frame }
        #expect(starts[1] - starts[0] == 8_992 && starts[2] - starts[1] == 8_992)
    }

    @Test("Parts linked by clip name and without offsets are ordered by their links")
    func linkedByName() throws {
        func part(_ name: String, previous: String?, next: String?) -> P2Clip {
            P2Clip(
                clipName: name, metadata: ClipMetadata(source: "p2-xml", durationFrames: 10),
                top: .init(clipName: "0010AA"),
                previous: previous.map { .init(clipName: $0) }, next: next.map { .init(clipName: $0) })
        }
        let parts = [
            part("0012CC", previous: "0011BB", next: nil), part("0010AA", previous: nil, next: "0011BB"),
            part("0011BB", previous: "0010AA", next: "0012CC"),
        ]
        #expect(P2ClipXML.group(parts).map { $0.map(\.clipName) } == [["0010AA", "0011BB", "0012CC"]])
        // A recording whose first part is on another card keeps the parts it has, in order.
        let later = Array(parts.filter { $0.clipName != "0010AA" })
        #expect(P2ClipXML.group(later).map { $0.map(\.clipName) } == [["0011BB", "0012CC"]])
    }

    @Test("Reading the first clip of a card reads the whole recording; a later part reads as itself")
    func readThroughTheFrontDoor() throws {
        let root = try cameraFixture("p2card")
        let whole = try CameraMetadata.read(
            card: root, media: "CONTENTS/VIDEO/0002XY.MXF", sidecar: "CONTENTS/CLIP/0002XY.XML")
        #expect(whole.durationFrames == 19_184)
        #expect(
            whole.spannedFiles == [
                "CONTENTS/VIDEO/0002XY.MXF", "CONTENTS/VIDEO/0003QZ.MXF", "CONTENTS/VIDEO/0004RT.MXF",
            ])
        let part = try CameraMetadata.read(
            card: root, media: "CONTENTS/VIDEO/0003QZ.MXF", sidecar: "CONTENTS/CLIP/0003QZ.XML")
        #expect(part.durationFrames == 8_992)
        #expect(part.startTimecode?.description == "01:05:00;02")
        #expect(part.spannedFiles.isEmpty)
    }

    @Test("A bad edit unit is refused with its line")
    func badEditUnit() {
        let xml =
            "<P2Main>\n<ClipContent>\n<ClipName>0001AB</ClipName>\n<EditUnit>1/0</EditUnit>\n</ClipContent></P2Main>"
        #expect(
            message { _ = try P2ClipXML.read(Data(xml.utf8), name: "0001AB.XML") }
                == "0001AB.XML:4: EditUnit “1/0” is not a frame duration such as 1/25 or 1001/30000")
    }
}

// MARK: - Canon

@Suite("Canon clip XML")
struct CanonClipXMLTests {
    @Test("A Canon clip XML read by field names")
    func videoClip() throws {
        let clip = try CameraMetadata.readSidecar(cameraFixture("canon/A001C003_230415AB_CANON.XML"))
        #expect(clip.source == "canon-xml")
        #expect(clip.rate == .fps23_976)
        #expect(clip.durationFrames == 480)
        #expect(clip.startTimecode?.description == "01:02:03:04")
        #expect(clip.captureRate == "47.95P")
        #expect(clip.codec == "XF-AVC Intra 4:2:2 10bit")
        #expect(clip.manufacturer == "Canon")
        #expect(clip.cameraModel == "EOS C70")
        #expect(clip.cameraSerial == "123456789012")
        #expect(clip.created == utc("2023-04-15T05:30:00Z"))
    }

    @Test("Canon's NonRealTimeMeta sidecars read as Sony's layout, reported as canon-xml")
    func nonRealTimeMeta() throws {
        let clip = try CameraMetadata.readSidecar(cameraFixture("canon/A002C001_230416CDM01.XML"))
        #expect(clip.source == "canon-xml")
        #expect(clip.rate == .fps25)
        #expect(clip.startTimecode?.description == "09:00:00:00")
        #expect(clip.durationFrames == 300)
        #expect(clip.cameraModel == "EOS C300 Mark III")
    }
}

// MARK: - QuickTime

@Suite("QuickTime and MP4 atoms")
struct QuickTimeReaderTests {
    /// What `ffprobe -show_streams -show_format` (ffmpeg 5.1) reports for each fixture made by
    /// `Fixtures/camera/quicktime/make.sh`: r_frame_rate, nb_frames, timecode tag,
    /// codec_tag_string, format creation_time.
    static let ffprobe: [(file: String, fps: String, frames: Int, timecode: String?, codec: String, created: String?)] =
        [
            ("tc25.mov", "25", 10, "10:00:00:00", "avc1", "2015-09-18T08:14:06Z"),
            ("df2997.mov", "29.97", 12, "01:00:00;00", "avc1", nil),
            ("tc23976.mov", "23.976", 10, "00:59:59:00", "avc1", nil),
            ("tc50.mov", "50", 20, "12:34:56:49", "avc1", nil),
            ("df5994.mov", "59.94", 12, "00:09:59;58", "avc1", nil),
            ("prores.mov", "25", 3, "23:59:59:24", "apch", nil),
            ("plain.mp4", "25", 10, nil, "avc1", "2020-01-02T03:04:05Z"),
            ("faststart.mp4", "29.97", 12, "00:00:59;29", "avc1", nil),
        ]

    @Test("Agrees with ffprobe on clips made by ffmpeg", arguments: ffprobe.indices)
    func agreesWithFFprobe(_ i: Int) throws {
        let expected = Self.ffprobe[i]
        let clip = try QuickTimeReader.read(cameraFixture("quicktime/" + expected.file))
        #expect(clip.source == "quicktime")
        #expect(clip.rate?.label == expected.fps)
        #expect(clip.durationFrames == expected.frames)
        #expect(clip.startTimecode?.description == expected.timecode)
        #expect(clip.codec == expected.codec)
        #expect(clip.created.map(ClipMetadataJSON.utc) == expected.created)
    }

    @Test("29.97 without a timecode track is taken as non-drop")
    func ntscWithoutTimecode() throws {
        // Drop the tmcd track's handler so the file has video only: replace "tmcd" in the hdlr.
        var data = try Data(contentsOf: cameraFixture("quicktime/df2997.mov"))
        let hdlr = try #require(data.firstRange(of: Data("mhlrtmcd".utf8)))
        data.replaceSubrange(hdlr.lowerBound + 4..<hdlr.upperBound, with: Data("text".utf8))
        let clip = try QuickTimeReader.read(temporary("ntsc.mov", data))
        #expect(clip.rate == .fps29_97NDF)
        #expect(clip.startTimecode == nil)
    }

    /// An atom: 32-bit size, type, payload; or the 64-bit form.
    func atom(_ type: String, _ payload: Data, large: Bool = false) -> Data {
        var out = Data()
        func be32(_ v: UInt32) { out.append(contentsOf: withUnsafeBytes(of: v.bigEndian, Array.init)) }
        if large {
            be32(1)
            out.append(Data(type.utf8))
            out.append(contentsOf: withUnsafeBytes(of: UInt64(16 + payload.count).bigEndian, Array.init))
        } else {
            be32(UInt32(8 + payload.count))
            out.append(Data(type.utf8))
        }
        out.append(payload)
        return out
    }

    func mvhd(created: UInt32) -> Data {
        var p = Data([0, 0, 0, 0])
        p.append(contentsOf: withUnsafeBytes(of: created.bigEndian, Array.init))
        p.append(Data(count: 92))
        return atom("mvhd", p)
    }

    @Test("64-bit sizes and a last atom running to the end of the file are followed")
    func largeSizes() throws {
        // 2015-09-18T08:14:06Z is 3525408846 seconds after 1904.
        var file = atom("ftyp", Data("qt  \0\0\0\0qt  ".utf8))
        file += atom("moov", mvhd(created: 3_525_408_846), large: true)
        file += Data([0, 0, 0, 0]) + Data("mdat".utf8) + Data(count: 64)
        let clip = try QuickTimeReader.read(temporary("large.mov", file))
        #expect(clip.created == utc("2015-09-18T08:14:06Z"))
        #expect(clip.rate == nil && clip.codec == nil && clip.durationFrames == nil)
    }

    @Test("Malformed atom trees are refused with a clear error")
    func malformed() throws {
        let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) })
        let g = message { _ = try QuickTimeReader.read(temporary("garbage.mov", garbage), name: "garbage.mov") }
        #expect(g?.contains("“garbage.mov”: the atom at byte 0 has type bytes") == true)
        #expect(g?.contains("not QuickTime/MP4") == true)

        let whole = try Data(contentsOf: cameraFixture("quicktime/tc25.mov"))
        let t = message {
            _ = try QuickTimeReader.read(temporary("cut.mov", whole.prefix(whole.count / 2)), name: "cut.mov")
        }
        #expect(t?.contains("remain in the file; the file is truncated or damaged") == true)

        let tooSmall = atom("ftyp", Data("isom".utf8)) + Data([0, 0, 0, 4]) + Data("moov".utf8)
        #expect(
            message { _ = try QuickTimeReader.read(temporary("small.mov", tooSmall), name: "small.mov") }
                == "“small.mov”: atom “moov” at byte 12 claims 4 bytes, less than its own 8-byte header")

        var huge = atom("ftyp", Data("isom".utf8))
        huge +=
            Data([0, 0, 0, 1]) + Data("moov".utf8) + withUnsafeBytes(of: UInt64(1 << 40).bigEndian, { Data($0) })
            + Data(count: 8)
        #expect(
            message { _ = try QuickTimeReader.read(temporary("huge.mov", huge), name: "huge.mov") }?
                .contains("atom “moov” at byte 12 claims 1099511627776 bytes but only 24 remain") == true)

        let noMoov = atom("ftyp", Data("isom".utf8)) + atom("mdat", Data(count: 16))
        #expect(
            message { _ = try QuickTimeReader.read(temporary("nomoov.mp4", noMoov), name: "nomoov.mp4") }
                == "“nomoov.mp4” has no “moov” atom (top-level atoms: ftyp, mdat); it is not a finished QuickTime/MP4 file"
        )

        // A child claiming more than its parent holds.
        let inner = atom("trak", Data([0, 0, 0x10, 0]) + Data("mdia".utf8))
        let overrun = atom("ftyp", Data("isom".utf8)) + atom("moov", inner)
        #expect(
            message { _ = try QuickTimeReader.read(temporary("over.mov", overrun), name: "over.mov") }?
                .contains("atom “mdia” at byte 28 claims 4096 bytes but only 8 remain in its parent") == true)
    }
}

// MARK: - Front door

@Suite("Camera metadata front door")
struct CameraMetadataTests {
    @Test("Video files by extension, without case; audio, stills, sidecars and ._ files are not")
    func isMedia() {
        for path in [
            "XDROOT/Clip/C0001.MP4", "a/b.mov", "CONTENTS/VIDEO/0001AB.MXF", "PRIVATE/AVCHD/BDMV/STREAM/00000.MTS",
            "x.m2ts", "A001C001.CRM", "A001_C001.braw", "A001_C001_0101AB_001.R3D", "old.AVI", "clip.m4v",
        ] {
            #expect(CameraMetadata.isMedia(path), "\(path)")
        }
        for path in [
            "song.mp3", "C0001M01.XML", "DCIM/IMG_0001.JPG", "._C0001.MP4", ".hidden.mov",
            "CONTENTS/AUDIO/0001AB00.MXF", "mov",
        ] {
            #expect(!CameraMetadata.isMedia(path), "\(path)")
        }
    }

    @Test("P2 folders are found from the path's last three parts, without case")
    func p2Paths() {
        #expect(CameraMetadata.p2Contents(ofClipXML: "CONTENTS/CLIP/0001AB.XML") == "")
        #expect(CameraMetadata.p2Contents(ofClipXML: "CARD1/contents/clip/0001ab.xml") == "CARD1/")
        #expect(CameraMetadata.p2Contents(ofVideo: "a/b/Contents/Video/0001AB.mxf") == "a/b/")
        for path in ["CONTENTS/VIDEO/0001AB.XML", "CLIP/0001AB.XML", "0001AB.XML", "X/CONTENTSX/CLIP/A.XML", "CONTENTS/CLIP/A.XMLX",
                     "CONTENTS/CLIP/SUB/A.XML"] {
            #expect(CameraMetadata.p2Contents(ofClipXML: path) == nil, "\(path)")
        }
        #expect(HTMLText.escape("plain été") == "plain été")
        #expect(HTMLText.escape("<a href=\"x\">R&D's</a>") == "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;")
    }

    @Test("Clips of a card paired with their sidecars; proxies and thumbnails left out")
    func pairing() {
        let paths = [
            "XDROOT/Clip/C0001.MP4", "XDROOT/Clip/C0001M01.XML", "XDROOT/Sub/C0001S03.MP4",
            "XDROOT/Thmbnl/C0001T01.JPG",
            "PRIVATE/M4ROOT/CLIP/C0002.MP4", "PRIVATE/M4ROOT/CLIP/C0002M01.XML",
            "Clip/C0003.MXF", "Clip/c0003m01.xml",
            "CONTENTS/CLIPS001/A001C003_230415AB_CANON.MXF", "CONTENTS/CLIPS001/A001C003_230415AB_CANON.XML",
            "XF/CONTENTS/CLIPS001/AA0001/AA000101.MXF", "XF/CONTENTS/CLIPS001/AA0001/AA0001.XML",
            "RAW/CLIPS001/A002C001_230416CD/A002C001_230416CD_CANON.CRM",
            "RAW/CLIPS001/A002C001_230416CD/A002C001_230416CDM01.XML",
            "DCIM/100MEDIA/DJI_0001.MOV", "._C0009.MP4", "notes.txt",
        ]
        let clips = CameraMetadata.clips(in: paths)
        #expect(
            clips.map(\.media) == [
                "CONTENTS/CLIPS001/A001C003_230415AB_CANON.MXF", "Clip/C0003.MXF", "DCIM/100MEDIA/DJI_0001.MOV",
                "PRIVATE/M4ROOT/CLIP/C0002.MP4", "RAW/CLIPS001/A002C001_230416CD/A002C001_230416CD_CANON.CRM",
                "XDROOT/Clip/C0001.MP4", "XF/CONTENTS/CLIPS001/AA0001/AA000101.MXF",
            ])
        #expect(
            clips.map(\.sidecar) == [
                "CONTENTS/CLIPS001/A001C003_230415AB_CANON.XML", "Clip/c0003m01.xml", nil,
                "PRIVATE/M4ROOT/CLIP/C0002M01.XML",
                "RAW/CLIPS001/A002C001_230416CD/A002C001_230416CDM01.XML", "XDROOT/Clip/C0001M01.XML",
                "XF/CONTENTS/CLIPS001/AA0001/AA0001.XML",
            ])
        #expect(clips.allSatisfy { $0.spanned.isEmpty })
    }

    @Test("P2: spanned clips reported once when the card is read, each file alone otherwise")
    func p2Card() throws {
        let root = try cameraFixture("p2card")
        let paths = try #require(FileManager.default.subpaths(atPath: root.path)).sorted()
        let read = CameraMetadata.clips(in: paths, card: root)
        #expect(read.map(\.media) == ["CONTENTS/VIDEO/0001AB.MXF", "CONTENTS/VIDEO/0002XY.MXF"])
        #expect(read.map(\.sidecar) == ["CONTENTS/CLIP/0001AB.XML", "CONTENTS/CLIP/0002XY.XML"])
        #expect(
            read[1].spanned == ["CONTENTS/VIDEO/0002XY.MXF", "CONTENTS/VIDEO/0003QZ.MXF", "CONTENTS/VIDEO/0004RT.MXF"])
        #expect(read[0].spanned.isEmpty)

        let unread = CameraMetadata.clips(in: paths)
        #expect(
            unread.map(\.media) == [
                "CONTENTS/VIDEO/0001AB.MXF", "CONTENTS/VIDEO/0002XY.MXF", "CONTENTS/VIDEO/0003QZ.MXF",
                "CONTENTS/VIDEO/0004RT.MXF",
            ])
        #expect(
            unread.map(\.sidecar) == [
                "CONTENTS/CLIP/0001AB.XML", "CONTENTS/CLIP/0002XY.XML", "CONTENTS/CLIP/0003QZ.XML",
                "CONTENTS/CLIP/0004RT.XML",
            ])
    }

    @Test("read: sidecar first, else QuickTime atoms, else nothing known")
    func readDispatch() throws {
        let root = try cameraFixture("sony").deletingLastPathComponent()
        let sony = try CameraMetadata.read(card: root, media: "sony/C0001.MP4", sidecar: "sony/C0001M01.XML")
        #expect(sony.source == "sony-xml" && sony.durationFrames == 1_500)
        let mov = try CameraMetadata.read(card: root, media: "quicktime/tc25.mov", sidecar: nil)
        #expect(mov.source == "quicktime" && mov.startTimecode?.description == "10:00:00:00")
        let mxf = try CameraMetadata.read(card: root, media: "p2card/CONTENTS/VIDEO/0001AB.MXF", sidecar: nil)
        #expect(mxf == ClipMetadata(source: "none"))
        #expect(
            message { _ = try CameraMetadata.read(card: root, media: "../../etc/passwd", sidecar: nil) }
                == "“../../etc/passwd” is not a path inside the card (it must be relative, without “..”)")
    }

    @Test("Hostile sidecars: entities, truncation, a foreign root, a huge file")
    func hostile() throws {
        let entities = message { _ = try CameraMetadata.readSidecar(cameraFixture("hostile/entities.XML")) }
        #expect(entities?.contains("declares XML entities") == true)
        // Entities declared after a long padded prologue are refused all the same.
        let padded = Data(("<?xml version=\"1.0\"?>\n<!--" + String(repeating: "x", count: 100_000) + "-->\n"
            + "<!DOCTYPE a [<!ENTITY b \"bb\"><!ENTITY c \"&b;&b;&b;&b;\">]>\n<NonRealTimeMeta>&c;</NonRealTimeMeta>").utf8)
        #expect(throws: InputError.self) { try SafeXML.check(padded, name: "padded.XML") }
        #expect(throws: Never.self) { try SafeXML.check(Data(("<a>" + String(repeating: "y", count: 100_000) + "<!ENTITY</a>").utf8), name: "plain.XML") }

        let truncated = message { _ = try CameraMetadata.readSidecar(cameraFixture("hostile/truncated.XML")) }
        #expect(truncated?.contains("truncated.XML:") == true)

        let html = try temporary("page.XML", Data("<html>\n<body/></html>".utf8))
        #expect(
            message { _ = try CameraMetadata.readSidecar(html) }?
                .hasSuffix(
                    ":1: root element <html> is not a camera sidecar Osmose reads (Sony <NonRealTimeMeta>, Panasonic <P2Main> or Canon clip XML)"
                ) == true)

        // A sparse 1 GiB file: refused from its size, before any reading.
        let big = try temporary("C0001M01.XML", Data("<NonRealTimeMeta>".utf8))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 1 << 30)
        try handle.close()
        let refused = message { _ = try CameraMetadata.readSidecar(big) }
        #expect(refused?.contains("is 1073741824 bytes, more than the 4194304 bytes") == true)
    }
}

// MARK: - JSON

@Suite("Clip metadata JSON")
struct ClipMetadataJSONTests {
    @Test("snake_case keys, labels, UTC creation, nulls for what is unknown")
    func json() throws {
        let sony = try CameraMetadata.readSidecar(cameraFixture("sony/C0001M01.XML"))
        #expect(
            try ClipMetadataJSON(sony).json() == """
                {"camera_model":"ILME-FX6V","camera_serial":"4012345","capture_rate":null,"codec":"AVC_3840_2160_H422IP@L51",\
                "created":"2015-09-18T08:14:06Z","duration_frames":1500,"fps":"25","manufacturer":"Sony","source":"sony-xml",\
                "spanned_files":[],"start_tc":"10:14:06:15"}
                """)
        let ndf = try CameraMetadata.readSidecar(cameraFixture("sony/C0003M01.XML"))
        #expect(ClipMetadataJSON(ndf).fps == "29.97ndf")
        let none = try ClipMetadataJSON(ClipMetadata(source: "none")).json()
        #expect(
            none
                == #"{"camera_model":null,"camera_serial":null,"capture_rate":null,"codec":null,"created":null,"duration_frames":null,"fps":null,"manufacturer":null,"source":"none","spanned_files":[],"start_tc":null}"#
        )
    }
}
