import Foundation
import Testing

@Suite("Footage, markers, cuts and the release gate from the command line")
struct FootageCommandTests {
    /// The repository's own footage index: the demo's manifests, committed.
    static let repositoryIndex = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("footage-index")

    func files(under folder: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return out }
        for case let url as URL in walker where !url.hasDirectoryPath {
            let relative = String(url.path.dropFirst(folder.path.count))
            if relative.hasSuffix("README.md") { continue }
            out[relative] = FileManager.default.contents(atPath: url.path)
        }
        return out
    }

    /// A Sony-style card: two clips with their NonRealTimeMeta sidecars, and files to skip.
    func makeCard(_ folder: URL, start: String = "00000110") throws {
        let clips = folder.appendingPathComponent("XDROOT/Clip")
        try FileManager.default.createDirectory(at: clips, withIntermediateDirectories: true)
        for (name, ltc, frames) in [("C0001", start, 1_500), ("C0002", "00201110", 750)] {
            try Data(repeating: UInt8(name.count), count: 5_000).write(to: clips.appendingPathComponent(name + ".MP4"))
            let xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <NonRealTimeMeta xmlns="urn:schemas-professionalDisc:nonRealTimeMeta:ver.2.00">
                <Duration value="\(frames)"/>
                <LtcChangeTable tcFps="25" halfStep="false"><LtcChange frameCount="0" value="\(ltc)" status="increment"/></LtcChangeTable>
                <CreationDate value="2015-05-18T10:01:00+02:00"/>
                <VideoFormat><VideoFrame videoCodec="AVC_1920_1080_H422IP@L41" captureFps="25p" formatFps="25p"/></VideoFormat>
                <Device manufacturer="Sony" modelName="PXW-FS7" serialNo="0000000"/>
                </NonRealTimeMeta>
                """
            try Data(xml.utf8).write(to: clips.appendingPathComponent(name + "M01.XML"))
        }
        try Data("junk".utf8).write(to: folder.appendingPathComponent(".DS_Store"))
    }

    @Test("The demo's footage tells a true story: tagged clips, logs on clips, a cut whose gate fails, the same manifests as the repository's")
    func demo() throws {
        let s = try Sandbox()
        try s.ok("demo")
        let clips = try s.run("footage", "list", "--json").jsonArray()
        #expect(clips.count >= 10)
        for key in ["card", "path", "size", "xxh64", "shoot", "camera", "camera_model", "duration_frames", "fps", "start_tc", "persons", "space"] {
            #expect(clips[0].keys.contains(key), "missing \(key)")
        }
        #expect(clips.contains { ($0["persons"] as? [String])?.contains("Participant E") == true })
        let logs = try s.run("log", "search", "--json").jsonArray()
        #expect(logs.allSatisfy { $0["clip"] is String }, "every demo log sits on a clip")
        let gate = try s.run("release", "gate", "--cut", "Montage image v3", "--on", "2015-11-30", "--json")
        #expect(gate.status == 1)
        let verdict = try #require(try gate.json() as? [String: Any])
        #expect(verdict["cleared"] as? Bool == false)
        let subjects = try #require(verdict["subjects"] as? [[String: Any]])
        let reasons = Dictionary(subjects.map { ($0["subject"] as? String ?? "", $0["reasons"] as? [String] ?? []) }, uniquingKeysWith: { a, _ in a })
        #expect(reasons["Participant E"] == ["revoked"])
        #expect(reasons["Participant G"] == ["missing"])
        #expect(reasons["Participant A"] == [])
        #expect(reasons["Participant D"] == nil, "the editor left D out")
        #expect((subjects.first?["appearances"] as? [[String: Any]])?.first?["record_in"] is String)
        // The demo's manifests are the same on every run and every machine: those committed in the repository.
        let made = files(under: s.root.appendingPathComponent("footage-index"))
        let committed = files(under: Self.repositoryIndex)
        #expect(!made.isEmpty)
        #expect(made.keys.sorted() == committed.keys.sorted())
        for (path, data) in made where committed[path] != data { Issue.record("footage-index\(path) differs from the repository's") }
        // Its cards verify, and a changed clip is caught and remembered.
        try s.ok("footage", "verify", ".osmose/demo-cards/A001")
        try Data("changed".utf8).write(to: s.root.appendingPathComponent(".osmose/demo-cards/A001/XDROOT/Clip/C0002.MP4"))
        let tampered = try s.run("footage", "verify", ".osmose/demo-cards/A001")
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("C0002.MP4"))
        let cards = try s.run("footage", "cards", "--json").jsonArray()
        #expect(cards.first { $0["card"] as? String == "A001" }?["verified"] as? Bool == false)
    }

    @Test("Ingest copies a card to two destinations, verifies, writes histories, indexes clips; logs and markers follow")
    func ingest() throws {
        let s = try Sandbox()
        try s.ok("init", "--title", "Test", "--rate", "25")
        try s.ok("space", "add", "Atelier")
        try s.ok("person", "add", "Participant A", "--role", "participant")
        try s.ok("shoot", "add", "2015-05-18", "--space", "Atelier", "--participant", "Participant A")
        let card = s.root.appendingPathComponent("media/CARD1")
        try makeCard(card)
        for d in ["raid", "shuttle"] { try FileManager.default.createDirectory(at: s.root.appendingPathComponent(d), withIntermediateDirectories: true) }
        // An unknown day writes nothing.
        let bad = try s.run("footage", "ingest", "media/CARD1", "--shoot", "2015-05-19", "--camera", "A-cam", "--copy-to", "raid")
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("2015-05-19"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.root.appendingPathComponent("raid").path).isEmpty)

        try s.ok("footage", "ingest", "media/CARD1", "--shoot", "2015-05-18", "--camera", "A-cam", "--card", "A001",
                 "--copy-to", "raid", "--copy-to", "shuttle", "--hash", "xxh64,md5", "--author", "Camera Operator A")
        for d in ["raid", "shuttle"] {
            let copy = s.root.appendingPathComponent("\(d)/A001")
            #expect(FileManager.default.contents(atPath: copy.appendingPathComponent("XDROOT/Clip/C0001.MP4").path)?.count == 5_000)
            #expect(!FileManager.default.fileExists(atPath: copy.appendingPathComponent(".DS_Store").path))
            #expect(FileManager.default.fileExists(atPath: copy.appendingPathComponent("ascmhl/ascmhl_chain.xml").path))
            try s.ok("footage", "verify", "\(d)/A001", "--directory-hashes")
        }
        #expect(FileManager.default.fileExists(atPath: s.root.appendingPathComponent("footage-index/A001/ascmhl/ascmhl_chain.xml").path))
        #expect(FileManager.default.fileExists(atPath: s.root.appendingPathComponent("footage-index/clips.json").path))
        let clips = try s.run("footage", "list", "--json").jsonArray()
        #expect(clips.map { $0["path"] as? String } == ["XDROOT/Clip/C0001.MP4", "XDROOT/Clip/C0002.MP4"])
        #expect(clips[0]["start_tc"] as? String == "10:01:00:00")
        #expect(clips[0]["duration_frames"] as? Int == 1_500)
        #expect(clips[0]["camera_model"] as? String == "PXW-FS7")
        #expect(clips[0]["space"] as? String == "Atelier")
        #expect((clips[0]["xxh64"] as? String)?.count == 16)

        try s.ok("footage", "tag", "A001/C0001", "--person", "Participant A")
        #expect(try s.run("footage", "list", "--person", "Participant A", "--json").jsonArray().count == 1)
        try s.ok("log", "add", "--clip", "A001/C0001", "--at", "10:01:10:00", "--out", "10:01:20:00", "--person", "Participant A",
                 "--tag", "lieux", "Pourquoi ce lieu")
        let outside = try s.run("log", "add", "--clip", "A001/C0001", "--at", "11:00:00:00", "Hors du plan")
        #expect(outside.status == 65)
        #expect(outside.stderr.contains("11:00:00:00"))

        for format in ["fcpxml", "xmeml", "otio", "edl", "ale", "csv"] {
            let out = try s.ok("export", "markers", "--format", format, "--out", "markers.\(format)")
            #expect(out.stdout.contains("2 clips and 1 markers"))
            let text = String(decoding: FileManager.default.contents(atPath: s.root.appendingPathComponent("markers.\(format)").path) ?? Data(), as: UTF8.self)
            #expect(text.contains("C0001"), "\(format) names the clip")
        }
        #expect(try s.run("export", "markers", "--format", "avid").status == 65)

        // A second ingest of the same card continues each history.
        try s.ok("footage", "ingest", "media/CARD1", "--shoot", "2015-05-18", "--camera", "A-cam", "--card", "A001", "--copy-to", "raid")
        let chain = String(decoding: FileManager.default.contents(atPath: s.root.appendingPathComponent("raid/A001/ascmhl/ascmhl_chain.xml").path) ?? Data(), as: UTF8.self)
        #expect(chain.components(separatedBy: "sequencenr").count - 1 == 2)

        // The editor's cut, read back.
        let edl = """
            TITLE: Test cut
            FCM: NON-DROP FRAME

            001  A001     V     C        10:01:10:00 10:01:15:00 01:00:00:00 01:00:05:00
            * FROM CLIP NAME: C0001.MP4

            002  AX       V     C        00:00:00:00 00:00:02:00 01:00:05:00 01:00:07:00
            * FROM CLIP NAME: archive.mov

            """
        try Data(edl.utf8).write(to: s.root.appendingPathComponent("cut.edl"))
        try s.ok("cut", "import", "cut.edl", "--name", "v1")
        let cut = try #require(try s.run("cut", "show", "v1", "--json").json() as? [String: Any])
        let events = try #require(cut["events"] as? [[String: Any]])
        #expect(events.first?["clip"] as? String == "A001/C0001")
        #expect(events.first?["persons"] as? [String] == ["Participant A"])
        #expect(events.first?["record_in"] as? String == "01:00:00:00")
        #expect((cut["unmatched"] as? [[String: Any]])?.count == 1)
        let gate = try s.run("release", "gate", "--cut", "v1")
        #expect(gate.status == 1)
        #expect(gate.stdout.contains("Participant A"))
        #expect(gate.stdout.contains("archive.mov"))
    }
}
