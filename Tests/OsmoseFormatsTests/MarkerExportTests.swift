import Foundation
import OsmoseDomain
import Testing

@testable import OsmoseFormats

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Clips as a shoot logs them: drop-frame, PAL and 23.976 material, a name that needs escaping,
/// and a clip without markers.
private enum MarkerSample {
    static let df = FrameRate.fps29_97DF
    static let pal = FrameRate.fps25
    static let film = FrameRate.fps23_976

    static func tc(_ text: String, _ rate: FrameRate) throws -> Timecode { try Timecode(parsing: text, rate: rate) }

    static func clips() throws -> [MarkerClip] {
        [
            MarkerClip(
                name: "C0001", fileName: "C0001.MP4", path: "XDROOT/Clip/C0001.MP4",
                absolutePath: "/Volumes/Rushes 2/A001/C0001.MP4", reel: "A001", rate: df,
                start: try tc("10:00:58;00", df), durationFrames: 3_600,
                keywords: ["Participant A", "Salle des fêtes"],
                markers: [
                    .init(
                        at: try tc("10:01:00;02", df), name: "Arrivée", note: "Elle arrive, \"enfin\"",
                        keywords: ["militantisme"], rating: 4),
                    .init(
                        at: try tc("10:00:59;10", df), out: try tc("10:01:10;00", df), name: "Discours <1>",
                        note: "Line one\nline two, with comma", keywords: ["Participant A", "discours"]),
                ]),
            MarkerClip(
                name: "Café & co", fileName: "Café & co.mov", path: "Clips/Café & co.mov", reel: "Carte n°2 été",
                rate: pal, start: try tc("01:00:00:00", pal), durationFrames: 250, keywords: ["café"],
                markers: [
                    .init(
                        at: try tc("01:00:00:24", pal), name: "Rires", note: "Tout le monde rit & applaudit", rating: 1),
                    .init(at: try tc("01:00:09:24", pal), name: "", note: "Dernière image"),
                ]),
            MarkerClip(
                name: "A003C012", fileName: "A003C012.mov", path: "A003/A003C012.mov", reel: "A003", rate: film,
                start: try tc("14:23:11:05", film), durationFrames: 1_001,
                markers: [.init(at: try tc("14:23:20:23", film), name: "Regard caméra", note: "", rating: 3)]),
            MarkerClip(
                name: "C0002", fileName: "C0002.MP4", path: "XDROOT/Clip/C0002.MP4", reel: "A001", rate: df,
                start: try tc("10:09:59;28", df), durationFrames: 95),
        ]
    }

    static func write(_ format: MarkerExport.Format, _ clips: [MarkerClip]? = nil, rate: FrameRate? = nil) throws
        -> String
    {
        try MarkerExport.write(clips ?? Self.clips(), format: format, title: "Jour 3 & \"retours\"", rate: rate)
    }
}

/// An XML element read back through `SafeXML`, with its attributes and children in order.
private final class ExportedXMLNode {
    let name: String
    let attributes: [String: String]
    var children: [ExportedXMLNode] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    subscript(_ attribute: String) -> String? { attributes[attribute] }

    func all(_ name: String) -> [ExportedXMLNode] { children.filter { $0.name == name } }
    func first(_ name: String) -> ExportedXMLNode? { children.first { $0.name == name } }
    /// Every element named `name` below this one, in document order.
    func descendants(_ name: String) -> [ExportedXMLNode] {
        children.flatMap { ($0.name == name ? [$0] : []) + $0.descendants(name) }
    }
    /// The text of the child at a `/`-separated path.
    func value(_ path: String) -> String? {
        var node: ExportedXMLNode? = self
        for part in path.split(separator: "/") { node = node?.first(String(part)) }
        return node?.text
    }

    static func parse(_ text: String) throws -> ExportedXMLNode {
        let builder = ExportedXMLTreeBuilder()
        let parser = try SafeXML.parser(Data(text.utf8), name: "export", delegate: builder)
        let parsed = parser.parse()
        #expect(
            parsed && parser.parserError == nil,
            "the export is not well-formed XML: \(String(describing: parser.parserError))")
        return try #require(builder.root)
    }
}

private final class ExportedXMLTreeBuilder: NSObject, XMLParserDelegate {
    var root: ExportedXMLNode?
    var stack: [ExportedXMLNode] = []

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let node = ExportedXMLNode(name: elementName, attributes: attributes)
        if let parent = stack.last { parent.children.append(node) } else { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }
}

@Suite("Marker export")
struct MarkerExportTests {
    // MARK: - All formats

    @Test("An empty list is refused with a clear error, in every format", arguments: MarkerExport.Format.allCases)
    func emptyList(format: MarkerExport.Format) {
        #expect {
            try MarkerExport.write([], format: format, title: "Rushes")
        } throws: { error in
            (error as? InputError)?.message == "there are no clips to export: markers need at least one logged clip"
        }
    }

    @Test("Clips that cannot be placed say which and why")
    func badClips() throws {
        var clips = try MarkerSample.clips()
        clips[1].markers[0].at = try MarkerSample.tc("01:00:10:00", MarkerSample.pal)
        #expect {
            try MarkerExport.write(clips, format: .csv, title: "T")
        } throws: { error in
            (error as? InputError)?.message
                == "marker “Rires” of clip “Café & co” is at 01:00:10:00, outside the clip (01:00:00:00 to 01:00:10:00)"
        }
        clips = try MarkerSample.clips()
        clips[2].durationFrames = 0
        #expect {
            try MarkerExport.write(clips, format: .otio, title: "T")
        } throws: { error in
            (error as? InputError)?.message.contains("“A003C012” has a duration of 0 frames") == true
        }
        clips = try MarkerSample.clips()
        clips[0].markers[1].out = try MarkerSample.tc("10:00:59;00", MarkerSample.df)
        #expect(throws: InputError.self) { try MarkerExport.write(clips, format: .edl, title: "T") }
    }

    @Test("Clips at another rate take whole timeline frames, rounded up")
    func mixedRates() throws {
        let layout = try MarkerExport.Layout(clips: MarkerSample.clips(), title: "T", rate: nil)
        #expect(layout.rate == MarkerSample.df)
        #expect(layout.recordStart.frame == 107_892)
        // 250 frames at 25 fps are 10 s, 299.7 frames at 29.97: 300. 1001 frames at 23.976 are
        // 41.75 s, exactly 1251.25 frames at 29.97: 1252.
        #expect(layout.placements.map(\.recordFrames) == [3_600, 300, 1_252, 95])
        #expect(layout.placements.map(\.recordIn) == [107_892, 111_492, 111_792, 113_044])
        let pal = try MarkerExport.Layout(clips: MarkerSample.clips(), title: "T", rate: .fps25)
        #expect(pal.recordStart.frame == 90_000)
        #expect(pal.placements.map(\.recordFrames) == [3_003, 250, 1_044, 80])
    }

    // MARK: - CSV

    @Test("CSV: one row per marker, a row for a clip without markers, RFC 4180 quoting")
    func csv() throws {
        let text = try MarkerSample.write(.csv)
        #expect(text.hasSuffix("\r\n"))
        let (header, records) = try CSVReader.read(Data(text.utf8))
        #expect(
            header == [
                "clip", "file", "reel", "path", "fps", "start_tc", "end_tc", "duration_frames", "marker_tc",
                "marker_out_tc",
                "marker_name", "marker_note", "keywords", "rating",
            ])
        #expect(records.count == 6)
        // Markers come in time order whatever order they were logged in.
        #expect(
            records[0].fields == [
                "C0001", "C0001.MP4", "A001", "/Volumes/Rushes 2/A001/C0001.MP4", "29.97", "10:00:58;00", "10:02:58;04",
                "3600", "10:00:59;10", "10:01:10;00", "Discours <1>", "Line one\nline two, with comma",
                "Participant A; Salle des fêtes; discours", "",
            ])
        #expect(
            records[1].fields[8...] == [
                "10:01:00;02", "", "Arrivée", "Elle arrive, \"enfin\"",
                "Participant A; Salle des fêtes; militantisme", "4",
            ])
        #expect(
            records[3].fields[0...4] == ["Café & co", "Café & co.mov", "Carte n°2 été", "Clips/Café & co.mov", "25"])
        // An entry without a name is named by its note.
        #expect(records[3].fields[10] == "Dernière image")
        #expect(records[4].fields[4...7] == ["23.976", "14:23:11:05", "14:23:52:22", "1001"])
        #expect(
            records[5].fields == [
                "C0002", "C0002.MP4", "A001", "XDROOT/Clip/C0002.MP4", "29.97", "10:09:59;28", "10:10:03;03", "95",
                "", "", "", "", "", "",
            ])
        #expect(text.contains("\"Elle arrive, \"\"enfin\"\"\""))
    }

    // MARK: - FCPXML

    @Test("FCPXML: formats, assets at their timecode, a project from 01:00:00:00, markers and keywords")
    func fcpxml() throws {
        let text = try MarkerSample.write(.fcpxml)
        #expect(
            text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE fcpxml>\n<fcpxml version=\"1.9\">"))
        let root = try ExportedXMLNode.parse(text)
        #expect(root.name == "fcpxml" && root["version"] == "1.9")
        #expect(root.children.map(\.name) == ["resources", "library"])
        let resources = try #require(root.first("resources"))
        let formats = resources.all("format")
        #expect(formats.map { $0["frameDuration"] } == ["1001/30000s", "1/25s", "1001/24000s"])
        #expect(
            formats.map { $0["name"] } == ["FFVideoFormat1080p2997", "FFVideoFormat1080p25", "FFVideoFormat1080p2398"])
        let assets = resources.all("asset")
        #expect(assets.count == 4)
        // 10:00:58;00 drop-frame is frame 1_080_660, 1_080_660 × 1001/30000 s.
        #expect(assets[0]["start"] == "18029011/500s")
        #expect(assets[0]["duration"] == "3003/25s")
        #expect(assets[0]["format"] == formats[0]["id"] && assets[1]["format"] == formats[1]["id"])
        #expect(assets[1]["name"] == "Café & co" && assets[1]["start"] == "3600s" && assets[1]["duration"] == "10s")
        #expect(assets[0].first("media-rep")?["src"] == "file:///Volumes/Rushes%202/A001/C0001.MP4")
        #expect(assets[1].first("media-rep")?["src"] == "Clips/Caf%C3%A9%20&%20co.mov")
        #expect(assets[0]["hasVideo"] == "1")

        let event = try #require(root.first("library")?.first("event"))
        #expect(event["name"] == "Jour 3 & \"retours\"")
        // In order of appearance: the clip's keywords, then its markers' in time order.
        #expect(
            event.all("keyword-collection").map { $0["name"] } == [
                "Participant A", "Salle des fêtes", "discours", "militantisme", "café",
            ])
        #expect(event.all("asset-clip").count == 4, "each clip is also a browser clip")
        let sequence = try #require(event.first("project")?.first("sequence"))
        #expect(sequence["format"] == formats[0]["id"])
        #expect(sequence["tcFormat"] == "DF")
        #expect(sequence["tcStart"] == MarkerExport.rationalSeconds(frames: 107_892, rate: MarkerSample.df))
        #expect(sequence["tcStart"] == "8999991/2500s")
        let spine = try #require(sequence.first("spine")).all("asset-clip")
        #expect(spine.map { $0["ref"] } == assets.map { $0["id"] })
        #expect(
            spine.map { $0["offset"] }
                == [107_892, 111_492, 111_792, 113_044].map {
                    MarkerExport.rationalSeconds(frames: $0, rate: MarkerSample.df)
                })
        #expect(spine.map { $0["tcFormat"] } == ["DF", "NDF", "NDF", "DF"])
        // The 25 fps clip lasts 300 project frames on the spine; its asset keeps its own 10 s.
        #expect(spine[1]["duration"] == "1001/100s")
        #expect(
            sequence["duration"]
                == MarkerExport.rationalSeconds(frames: 3_600 + 300 + 1_252 + 95, rate: MarkerSample.df))

        let first = spine[0]
        #expect(first.children.allSatisfy { ["keyword", "marker"].contains($0.name) })
        let markers = first.all("marker")
        #expect(markers.map { $0["value"] } == ["Discours <1>", "Arrivée"])
        #expect(markers[0]["note"] == "Line one\nline two, with comma")
        #expect(markers[1]["note"] == "Elle arrive, \"enfin\"")
        #expect(
            markers[0]["start"]
                == MarkerExport.rationalSeconds(
                    frames: try MarkerSample.tc("10:00:59;10", MarkerSample.df).frame, rate: MarkerSample.df))
        #expect(markers[0]["duration"] == MarkerExport.rationalSeconds(frames: 318, rate: MarkerSample.df))
        #expect(markers[1]["duration"] == "1001/30000s")
        let keywords = first.all("keyword")
        #expect(
            keywords.map { $0["value"] } == [
                "Participant A, Salle des fêtes", "Participant A, discours", "militantisme",
            ])
        #expect(keywords[0]["start"] == assets[0]["start"] && keywords[0]["duration"] == assets[0]["duration"])
        #expect(spine[1].all("marker").map { $0["value"] } == ["Rires", "Dernière image"])
        #expect(spine[3].children.isEmpty)
    }

    // MARK: - FCP 7 XML

    @Test("xmeml: sequence timecode, clip items placed end to end, files with reel, markers from media start")
    func xmeml() throws {
        let root = try ExportedXMLNode.parse(try MarkerSample.write(.xmeml))
        #expect(root.name == "xmeml" && root["version"] == "5")
        let sequence = try #require(root.first("sequence"))
        #expect(sequence.value("name") == "Jour 3 & \"retours\"")
        #expect(sequence.value("rate/timebase") == "30" && sequence.value("rate/ntsc") == "TRUE")
        #expect(sequence.value("timecode/string") == "01:00:00;00")
        #expect(sequence.value("timecode/frame") == "107892")
        #expect(sequence.value("timecode/displayformat") == "DF")
        #expect(sequence.value("duration") == "5247")
        let items = sequence.descendants("clipitem")
        #expect(items.map { $0.value("name") } == ["C0001", "Café & co", "A003C012", "C0002"])
        #expect(items.map { $0.value("start") } == ["0", "3600", "3900", "5152"])
        #expect(items.map { $0.value("end") } == ["3600", "3900", "5152", "5247"])
        #expect(items.map { $0.value("out") } == ["3600", "250", "1001", "95"])
        #expect(items.map { $0.value("rate/timebase") } == ["30", "25", "24", "30"])
        #expect(items.map { $0.value("rate/ntsc") } == ["TRUE", "FALSE", "TRUE", "TRUE"])
        let file = try #require(items[1].first("file"))
        #expect(file.value("name") == "Café & co.mov")
        #expect(file.value("timecode/string") == "01:00:00:00" && file.value("timecode/frame") == "90000")
        #expect(file.value("timecode/displayformat") == "NDF")
        #expect(file.value("timecode/reel/name") == "Carte n°2 été")
        #expect(items[0].value("file/pathurl") == "file://localhost/Volumes/Rushes%202/A001/C0001.MP4")
        #expect(items[0].value("file/timecode/string") == "10:00:58;00")
        #expect(items[0].value("file/timecode/frame") == "1080660")
        let markers = items[0].all("marker")
        #expect(markers.map { $0.value("name") } == ["Discours <1>", "Arrivée"])
        #expect(markers.map { $0.value("in") } == ["40", "60"])
        #expect(markers.map { $0.value("out") } == ["358", "-1"])
        #expect(markers[0].value("comment") == "Line one\nline two, with comma")
        #expect(items[0].value("logginginfo/lognote") == "Participant A, Salle des fêtes")
        #expect(items[3].all("marker").isEmpty && items[3].first("logginginfo") == nil)
    }

    // MARK: - OTIO

    @Test("OTIO: 0.18 schema, rational NTSC rates, source ranges at the clip's timecode, markers with comments")
    func otio() throws {
        let text = try MarkerSample.write(.otio)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(json["OTIO_SCHEMA"] as? String == "Timeline.1")
        #expect(json["name"] as? String == "Jour 3 & \"retours\"")
        let start = try #require(json["global_start_time"] as? [String: Any])
        #expect(start["OTIO_SCHEMA"] as? String == "RationalTime.1")
        #expect(
            abs((start["rate"] as? Double ?? 0) - 30_000.0 / 1_001.0) < 1e-12 && start["value"] as? Double == 107_892)
        let stack = try #require(json["tracks"] as? [String: Any])
        #expect(stack["OTIO_SCHEMA"] as? String == "Stack.1")
        let track = try #require((stack["children"] as? [[String: Any]])?.first)
        #expect(track["OTIO_SCHEMA"] as? String == "Track.1" && track["kind"] as? String == "Video")
        let clips = try #require(track["children"] as? [[String: Any]])
        #expect(clips.map { $0["OTIO_SCHEMA"] as? String } == Array(repeating: "Clip.2", count: 4))
        #expect(clips.map { $0["name"] as? String } == ["C0001", "Café & co", "A003C012", "C0002"])

        func time(_ range: Any?, _ key: String) -> (Double?, Double?) {
            let t = (range as? [String: Any])?[key] as? [String: Any]
            return (t?["value"] as? Double, t?["rate"] as? Double)
        }
        let film = try #require(clips[2]["source_range"] as? [String: Any])
        #expect(film["OTIO_SCHEMA"] as? String == "TimeRange.1")
        #expect(time(film, "start_time").0 == Double(try MarkerSample.tc("14:23:11:05", MarkerSample.film).frame))
        // Foundation's JSON reader on Linux loses the last digit: the text is checked as written.
        #expect(abs((time(film, "start_time").1 ?? 0) - 24_000.0 / 1_001.0) < 1e-12)
        #expect(text.contains("\"rate\": 23.976023976023978,") && text.contains("\"rate\": 29.97002997002997,"))
        #expect(time(film, "duration").0 == 1_001)
        #expect(clips[2]["active_media_reference_key"] as? String == "DEFAULT_MEDIA")
        let reference = try #require(
            (clips[0]["media_references"] as? [String: Any])?["DEFAULT_MEDIA"] as? [String: Any])
        #expect(reference["OTIO_SCHEMA"] as? String == "ExternalReference.1")
        #expect(reference["target_url"] as? String == "file:///Volumes/Rushes%202/A001/C0001.MP4")
        #expect(time(reference["available_range"], "start_time").0 == 1_080_660)

        let markers = try #require(clips[0]["markers"] as? [[String: Any]])
        #expect(markers.map { $0["OTIO_SCHEMA"] as? String } == ["Marker.2", "Marker.2"])
        #expect(markers.map { $0["name"] as? String } == ["Discours <1>", "Arrivée"])
        #expect(
            markers.map { $0["comment"] as? String } == ["Line one\nline two, with comma", "Elle arrive, \"enfin\""])
        #expect(markers.map { $0["color"] as? String } == ["BLUE", "GREEN"])
        #expect(time(markers[0]["marked_range"], "start_time").0 == 1_080_700)
        #expect(time(markers[0]["marked_range"], "duration").0 == 318)
        #expect(time(markers[1]["marked_range"], "duration").0 == 0)
        let markerMetadata = (markers[1]["metadata"] as? [String: Any])?["osmose"] as? [String: Any]
        #expect(markerMetadata?["keywords"] as? [String] == ["militantisme"])
        #expect(markerMetadata?["rating"] as? Int == 4)
        let clipMetadata = (clips[1]["metadata"] as? [String: Any])?["osmose"] as? [String: Any]
        #expect(clipMetadata?["keywords"] as? [String] == ["café"])
        #expect(clipMetadata?["reel"] as? String == "Carte n°2 été")
        #expect((clips[3]["markers"] as? [Any])?.isEmpty == true)
    }

    // MARK: - EDL

    @Test("EDL: title, drop-frame flag, fixed columns, sanitised reels, clip names and locators at record time")
    func edl() throws {
        let lines = try MarkerSample.write(.edl).components(separatedBy: "\n")
        #expect(lines[0] == "TITLE: Jour 3 & \"retours\"")
        #expect(lines[1] == "FCM: DROP FRAME")
        #expect(lines[3] == "001  A001     V     C        10:00:58;00 10:02:58;04 01:00:00;00 01:02:00;04")
        #expect(lines[4] == "* FROM CLIP NAME: C0001.MP4")
        #expect(lines[5] == "* SOURCE FILE: /Volumes/Rushes 2/A001/C0001.MP4")
        // Record 01:00:00;00 + 40 frames, and + 62; locator timecodes are written with colons.
        #expect(lines[6] == "* LOC: 01:00:01:10 BLUE    Discours <1>")
        #expect(lines[7] == "* LOC: 01:00:02:00 GREEN   Arrivée")
        #expect(lines[9] == "002  Carte_n  V     C        01:00:00:00 01:00:10:00 01:02:00;04 01:02:10;04")
        #expect(lines[10] == "* FROM CLIP NAME: Café & co.mov")
        // 24 frames at 25 fps are 28.77 timeline frames: the locator falls on the 28th.
        #expect(lines[12] == "* LOC: 01:02:01:02 RED     Rires")
        // 249 frames at 25 fps are 298.5 timeline frames: 01:02:00;04 + 298.
        #expect(lines[13] == "* LOC: 01:02:10:02 BLUE    Dernière image")
        #expect(
            lines.filter { $0.hasPrefix("004  ") } == [
                "004  A001     V     C        10:09:59;28 10:10:03;03 01:02:51;26 01:02:55;01"
            ])
        for line in lines where line.first?.isNumber == true { #expect(line.count == 76) }
    }

    @Test(
        "EDL reels keep 8 ASCII letters, digits or underscores",
        arguments: [
            ("A001", "A001"), ("Carte n°2 été", "Carte_n"), ("Été", "Ete"), ("   ", "AX"), ("ABCDEFGHIJ", "ABCDEFGH"),
        ])
    func reels(reel: String, expected: String) {
        #expect(MarkerExport.EDLWriter.reelName(reel) == expected)
    }

    @Test("EDL at a non-drop rate says so and uses colons throughout")
    func edlNonDrop() throws {
        let text = try MarkerSample.write(.edl, rate: .fps25)
        #expect(text.contains("FCM: NON-DROP FRAME\n"))
        #expect(text.contains("002  Carte_n  V     C        01:00:00:00 01:00:10:00 01:02:00:03 01:02:10:03\n"))
    }

    // MARK: - ALE

    @Test("ALE: heading, columns, one tab-separated row per clip, markers in Comments")
    func ale() throws {
        let text = try MarkerSample.write(.ale)
        let lines = text.components(separatedBy: "\n")
        #expect(
            Array(lines[0...5]) == [
                "Heading", "FIELD_DELIM\tTABS", "VIDEO_FORMAT\t1080", "AUDIO_FORMAT\t48khz", "FPS\t29.97", "",
            ])
        #expect(lines[6] == "Column")
        let columns = lines[7].components(separatedBy: "\t")
        #expect(columns == MarkerExport.ALEWriter.columns)
        #expect(lines[9] == "Data")
        let rows = lines[10...].filter { !$0.isEmpty }.map {
            Dictionary(uniqueKeysWithValues: zip(columns, $0.components(separatedBy: "\t")))
        }
        #expect(rows.count == 4)
        #expect(rows.allSatisfy { $0.count == columns.count })
        #expect(
            rows[0]["Start"] == "10:00:58;00" && rows[0]["End"] == "10:02:58;04" && rows[0]["Duration"] == "00:02:00;04"
        )
        #expect(
            rows[0]["Comments"]
                == "10:00:59;10 Discours <1>: Line one line two, with comma | 10:01:00;02 Arrivée: Elle arrive, \"enfin\""
        )
        #expect(rows[0]["Keywords"] == "Participant A, Salle des fêtes")
        #expect(rows[1]["Name"] == "Café & co" && rows[1]["Tape"] == "Carte n°2 été" && rows[1]["FPS"] == "25")
        #expect(rows[1]["Duration"] == "00:00:10:00" && rows[1]["Source File"] == "Café & co.mov")
        #expect(rows[1]["Comments"] == "01:00:00:24 Rires: Tout le monde rit & applaudit | 01:00:09:24 Dernière image")
        #expect(rows[2]["FPS"] == "23.976" && rows[2]["End"] == "14:23:52:22")
        #expect(rows[3]["Comments"] == "")
    }

    // MARK: - Shared pieces

    @Test("Rational times and frame durations as Final Cut Pro writes them")
    func rationalTimes() {
        #expect(MarkerExport.frameDuration(.fps29_97DF) == "1001/30000s")
        #expect(MarkerExport.frameDuration(.fps23_976) == "1001/24000s")
        #expect(MarkerExport.frameDuration(.fps59_94NDF) == "1001/60000s")
        #expect(MarkerExport.frameDuration(.fps25) == "1/25s")
        #expect(MarkerExport.rationalSeconds(frames: 90_000, rate: .fps25) == "3600s")
        #expect(MarkerExport.rationalSeconds(frames: 0, rate: .fps23_976) == "0s")
        #expect(MarkerExport.rationalSeconds(frames: 1, rate: .fps29_97NDF) == "1001/30000s")
        #expect(MarkerExport.rationalSeconds(frames: 108_000, rate: .fps29_97NDF) == "18018/5s")
    }

    @Test("XML escaping keeps markup, quotes and line breaks, and drops characters XML cannot hold")
    func escaping() throws {
        let nasty = "a & b < c > d \"e\" 'f'\nline\ttab\u{0007}bell"
        #expect(
            MarkerExport.xml(nasty, attribute: true) == "a &amp; b &lt; c &gt; d &quot;e&quot; 'f'&#10;line&#9;tabbell")
        var clips = try MarkerSample.clips()
        clips[3].name = nasty
        clips[3].markers = [.init(at: clips[3].start, name: nasty, note: nasty)]
        for format in [MarkerExport.Format.fcpxml, .xmeml] {
            let root = try ExportedXMLNode.parse(try MarkerSample.write(format, clips))
            let clean = "a & b < c > d \"e\" 'f'\nline\ttabbell"
            if format == .fcpxml {
                let marker = try #require(root.descendants("marker").last)
                #expect(marker["value"] == "a & b < c > d \"e\" 'f' line tabbell")
                #expect(marker["note"] == clean)
            } else {
                #expect(root.descendants("clipitem").last?.value("name") == clean)
                #expect(root.descendants("marker").last?.value("comment") == clean)
            }
        }
        let json = try JSONSerialization.jsonObject(with: Data(try MarkerSample.write(.otio, clips).utf8))
        #expect(
            String(data: try JSONSerialization.data(withJSONObject: json), encoding: .utf8)?.contains("bell") == true)
        let edl = try MarkerSample.write(.edl, clips)
        #expect(edl.contains("* LOC: 01:02:51:26 BLUE    a & b < c > d \"e\" 'f' line tabbell\n"))
    }
}
