import Foundation
import OsmoseDomain
import Testing
@testable import OsmoseFormats

@Suite("Cuts read back from editing software")
struct CutReaderTests {
    func fixture(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: "Fixtures/cuts/" + name, withExtension: nil))
    }

    /// A file in a fresh temporary folder, removed by the caller.
    func temporary(_ name: String, _ text: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cut-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// One line per event, to compare whole cuts at a glance.
    func rows(_ cut: CutTimeline) -> [String] {
        cut.events.map { event in
            [
                "\(event.number)", event.clipName ?? "-", event.reel ?? "-", "\(event.sourceIn)", "\(event.sourceOut)",
                "\(event.recordIn)", "\(event.recordOut)", event.path ?? "-",
            ].joined(separator: " ")
        }
    }

    func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return ""
        } catch {
            return "\(error)"
        }
    }

    // MARK: - FCPXML

    @Test("FCPXML: media-rep assets, connected clips, gaps, compound, multicam and sync clips, other-rate sources")
    func fcpxml() throws {
        // Given an FCP 10 project exported as FCPXML 1.10
        let url = try fixture("rough-cut.fcpxml")
        // When it is read
        let cut = try CutReader.read(url)
        // Then every picture event comes back in record order, audio-only, titles, gaps and
        // disabled clips left out, compound and multicam clips opened and trimmed to what they show.
        #expect(try CutReader.format(of: url) == .fcpxml)
        #expect(cut.name == "Rough cut 3")
        #expect(cut.rate == .fps25)
        #expect(rows(cut) == [
            "1 C0001 - 10:12:10:00 10:12:15:00 01:00:00:00 01:00:05:00 file:///cards/A001/XDROOT/Clip/C0001.MP4",
            "2 C0002 cutaway - 10:15:44:12 10:15:46:12 01:00:02:00 01:00:04:00 file:///cards/A001/XDROOT/Clip/C0002.MP4",
            "3 C0003 slow - 14:02:20:00 14:02:23:00 01:00:06:00 01:00:09:00 file:///cards/A002/XDROOT/Clip/C0003.MP4",
            "4 C0001 - 10:13:22:00 10:13:24:00 01:00:09:00 01:00:11:00 file:///cards/A001/XDROOT/Clip/C0001.MP4",
            "5 C0002 - 10:15:50:00 10:15:53:00 01:00:11:00 01:00:14:00 file:///cards/A001/XDROOT/Clip/C0002.MP4",
            "6 C0001 - 10:12:13:01 10:12:15:00 01:00:16:01 01:00:18:00 file:///cards/A001/XDROOT/Clip/C0001.MP4",
            "7 C0002 - 10:16:00:00 10:16:01:00 01:00:17:01 01:00:18:01 file:///cards/A001/XDROOT/Clip/C0002.MP4",
            "8 C0002 - 10:15:50:12 10:15:52:12 01:00:18:00 01:00:20:00 file:///cards/A001/XDROOT/Clip/C0002.MP4",
            "9 C0001 synced - 10:12:20:00 10:12:21:00 01:00:20:00 01:00:21:00 file:///cards/A001/XDROOT/Clip/C0001.MP4",
        ])
        // The 50p clip keeps its own timecode rate.
        #expect(cut.events[2].sourceIn.rate == .fps50)
    }

    @Test("An .fcpxmld bundle is read through its Info.fcpxml, at 29.97 drop-frame")
    func fcpxmlBundle() throws {
        let url = try fixture("bundle.fcpxmld")
        #expect(try CutReader.format(of: url) == .fcpxml)
        let cut = try CutReader.read(url, name: "Teaser v2")
        #expect(cut.name == "Teaser v2")
        #expect(cut.rate == .fps29_97DF)
        #expect(rows(cut) == [
            "1 C0001 - 10:12:04;00 10:12:07;00 01:00:00;00 01:00:03;00 file:///cards/A001/XDROOT/Clip/C0001.MP4"
        ])
    }

    @Test("FCPXML whose storyline counts from zero under a start timecode is placed at that timecode")
    func fcpxmlRelativeOffsets() throws {
        let url = try temporary("relative.fcpxml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <fcpxml version="1.8">
                <resources>
                    <format id="r1" frameDuration="1/25s"/>
                    <asset id="r2" name="C0004" src="file:///cards/A002/XDROOT/Clip/C0004.MP4" start="50971s" duration="72s" hasVideo="1" format="r1"/>
                </resources>
                <project name="Relative">
                    <sequence format="r1" tcStart="3600/1s">
                        <spine>
                            <gap offset="0s" duration="1s" start="0s"/>
                            <asset-clip ref="r2" offset="1s" start="50972s" duration="2s" name="C0004"/>
                        </spine>
                    </sequence>
                </project>
            </fcpxml>
            """)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let cut = try CutReader.read(url)
        #expect(rows(cut) == [
            "1 C0004 - 14:09:32:00 14:09:34:00 01:00:01:00 01:00:03:00 file:///cards/A002/XDROOT/Clip/C0004.MP4"
        ])
    }

    @Test("A bad FCPXML time is refused with its file and line")
    func fcpxmlBadTime() throws {
        let url = try temporary("bad.fcpxml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <fcpxml version="1.9">
                <resources>
                    <format id="r1" frameDuration="1/25s"/>
                    <asset id="r2" name="C0004" src="file:///C0004.MP4" start="0s" duration="72s" hasVideo="1" format="r1"/>
                </resources>
                <project name="Bad">
                    <sequence format="r1">
                        <spine>
                            <asset-clip ref="r2" offset="1 second" duration="2s"/>
                        </spine>
                    </sequence>
                </project>
            </fcpxml>
            """)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let text = message { _ = try CutReader.read(url) }
        #expect(text.hasPrefix(url.path + ":10: "))
        #expect(text.contains("offset “1 second” is not an FCPXML time"))
    }

    // MARK: - FCP7 XML

    @Test("xmeml: a <!DOCTYPE xmeml> file, a file described once then reused by id, clips meeting in a dissolve")
    func xmeml() throws {
        let url = try fixture("assembly.xml")
        #expect(try CutReader.format(of: url) == .xmeml)
        let cut = try CutReader.read(url)
        #expect(cut.name == "Assembly")
        #expect(rows(cut) == [
            "1 C0001.MP4 A001 10:12:10:00 10:12:14:00 01:00:00:00 01:00:04:00 file://localhost/Volumes/A001/XDROOT/Clip/C0001.MP4",
            // The dissolve (150–175, centred) cuts at 162; both clips' media runs under all of it.
            "2 C0002.MP4 A001 10:15:40:12 10:15:42:24 01:00:04:00 01:00:06:12 file://localhost/Volumes/A001/XDROOT/Clip/C0002.MP4",
            "3 C0001.MP4 A001 10:12:43:12 10:12:47:00 01:00:06:12 01:00:10:00 file://localhost/Volumes/A001/XDROOT/Clip/C0001.MP4",
            "4 C0003.MP4 A002 14:02:30:00 14:02:32:00 01:00:12:00 01:00:14:00 file://localhost/Volumes/A002/XDROOT/Clip/C0003.MP4",
        ])
    }

    @Test("xmeml naming a file it never describes is refused with the clip item's line")
    func xmemlUnknownFile() throws {
        let url = try temporary("orphan.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE xmeml>
            <xmeml version="4">
              <sequence id="s1">
                <name>Orphan</name>
                <rate><timebase>25</timebase><ntsc>FALSE</ntsc></rate>
                <media><video><track>
                  <clipitem id="c1">
                    <name>Lost</name>
                    <start>0</start><end>10</end><in>0</in><out>10</out>
                    <file id="file-9"/>
                  </clipitem>
                </track></video></media>
              </sequence>
            </xmeml>
            """)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let text = message { _ = try CutReader.read(url) }
        #expect(text.hasPrefix(url.path + ":11: "))
        #expect(text.contains("“file-9”"))
    }

    @Test("XML declaring entities is refused; truncated or absurdly deep XML names its line")
    func unsafeAndBrokenXML() throws {
        let entities = try temporary("laughs.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE xmeml [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
            <xmeml version="5"><sequence><name>&lol2;</name></sequence></xmeml>
            """)
        defer { try? FileManager.default.removeItem(at: entities.deletingLastPathComponent()) }
        #expect(message { _ = try CutReader.read(entities) }.contains("declares XML entities"))

        let truncated = try temporary("cut.fcpxml", """
            <?xml version="1.0"?>
            <fcpxml version="1.10">
              <resources>
                <format id="r1" frameDuration="1/25s"/>
            """)
        defer { try? FileManager.default.removeItem(at: truncated.deletingLastPathComponent()) }
        let text = message { _ = try CutReader.read(truncated) }
        #expect(text.hasPrefix(truncated.path + ":"))
        #expect(text.contains("not well formed"))

        // Nesting deep enough to exhaust a recursive reader is refused while parsing.
        let deep = try temporary("deep.xml", "<xmeml>" + String(repeating: "<a>", count: 100_000)
            + String(repeating: "</a>", count: 100_000) + "</xmeml>")
        defer { try? FileManager.default.removeItem(at: deep.deletingLastPathComponent()) }
        #expect(message { _ = try CutReader.read(deep) } == deep.path + ":1: elements nest more than 256 deep")
    }

    // MARK: - OTIO

    @Test("OTIO: Clip.1 and Clip.2 references, the active media reference, gaps, transitions taking no time")
    func otio() throws {
        let url = try fixture("fine-cut.otio")
        #expect(try CutReader.format(of: url) == .otio)
        let cut = try CutReader.read(url)
        #expect(cut.name == "Fine cut")
        #expect(rows(cut) == [
            "1 C0001.MP4 A001 10:12:13:00 10:12:15:00 01:00:00:00 01:00:02:00 file:///cards/A001/XDROOT/Clip/C0001.MP4",
            "2 C0002.MP4 - 10:15:44:12 10:15:47:12 01:00:02:00 01:00:05:00 file:///cards/A001/XDROOT/Clip/C0002.MP4",
            "3 C0004.MP4 A002 14:09:31:20 14:09:33:00 01:00:02:10 01:00:03:15 file:///cards/A002/XDROOT/Clip/C0004.MP4",
            "4 C0003.MP4 - 14:02:10:00 14:02:11:15 01:00:06:00 01:00:07:15 file:///proxies/C0003.mov",
        ])
    }

    @Test("OTIO that is not JSON, or has no timeline, is refused by name")
    func otioBroken() throws {
        let broken = try temporary("broken.otio", "{\"OTIO_SCHEMA\": \"Timeline.1\", \"tracks\": ")
        defer { try? FileManager.default.removeItem(at: broken.deletingLastPathComponent()) }
        #expect(message { _ = try CutReader.read(broken) }.hasPrefix(broken.path + ": the file is not valid JSON"))
        let clip = try temporary("clip.otio", "{\"OTIO_SCHEMA\": \"Clip.2\", \"name\": \"x\"}")
        defer { try? FileManager.default.removeItem(at: clip.deletingLastPathComponent()) }
        #expect(message { _ = try CutReader.read(clip) }.contains("holds no Timeline"))
    }

    // MARK: - EDL

    @Test("EDL: drop-frame, FROM CLIP NAME, a dissolve, AX and BL reels, M2 lines, audio events, FCM switching")
    func edlDropFrame() throws {
        let url = try fixture("rough-cut-df.edl")
        #expect(try CutReader.format(of: url) == .edl)
        let cut = try CutReader.read(url)
        #expect(cut.name == "Rough cut DF")
        #expect(cut.rate == .fps29_97DF)
        #expect(rows(cut) == [
            "1 C0001.MP4 A001 10:12:06;10 10:12:08;25 01:00:00;00 01:00:02;15 /Volumes/A001/XDROOT/Clip/C0001.MP4",
            // The dissolve's incoming side; the zero-length outgoing line is no event.
            "2 C0003.MP4 A002 14:02:18;10 14:02:21;10 01:00:02;15 01:00:05;15 -",
            "3 C0004.MP4 - 00:00:10;00 00:00:12;00 01:00:05;15 01:00:07;15 /archive/C0004.MOV",
            "4 C0004.MP4 A002 14:09:31:20 14:09:33:00 01:00:08:15 01:00:09:15 -",
        ])
        #expect(cut.events[3].recordIn.rate == .fps29_97NDF)
    }

    @Test("An EDL is read at 25 fps unless told its rate")
    func edlRate() throws {
        let text = """
            TITLE: Selects
            001  A001     V     C        10:00:00:00 10:00:01:00 00:00:00:00 00:00:01:00
            * FROM CLIP NAME: C0001.MP4
            002  A001     V     C        10:00:05:00 10:00:05:12 00:00:01:00 00:00:01:12

            """
        let url = try temporary("selects.edl", text)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let standard = try CutReader.read(url)
        #expect(standard.rate == .fps25)
        #expect(standard.events.map(\.recordOut.frame) == [25, 37])
        let film = try CutReader.read(url, rate: .fps23_976)
        #expect(film.rate == .fps23_976)
        #expect(film.events.map(\.recordOut.frame) == [24, 36])
        #expect(film.events.map(\.clipName) == ["C0001.MP4", nil])
        // Drop-frame cannot be told to a rate without it.
        let late = try temporary("late.edl", text + "FCM: DROP FRAME\n")
        defer { try? FileManager.default.removeItem(at: late.deletingLastPathComponent()) }
        #expect(message { _ = try CutReader.read(late) }.hasPrefix(late.path + ":5: "))
    }

    @Test("A bad EDL line is refused with its file and line")
    func edlBadLine() throws {
        let url = try fixture("bad-timecode.edl")
        let text = message { _ = try CutReader.read(url) }
        #expect(text == url.path + ":4: timecode “10:12:61:00”: second 61 is out of range (00–59)")
        let garbled = try temporary("garbled.edl", "TITLE: X\n001  A001  V  C  10:00:00:00 10:00:01:00\n")
        defer { try? FileManager.default.removeItem(at: garbled.deletingLastPathComponent()) }
        #expect(message { _ = try CutReader.read(garbled) }.hasPrefix(garbled.path + ":2: "))
    }

    @Test("A million-event EDL is refused once past the maximum, read line by line")
    func edlMillionEvents() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cut-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("huge.edl")
        #expect(FileManager.default.createFile(atPath: url.path, contents: Data("TITLE: Huge\n".utf8)))
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        let tail = Array("  A001     V     C        10:00:00:00 10:00:01:00 01:00:00:00 01:00:01:00\n".utf8)
        var block: [UInt8] = []
        for number in 1...1_000_000 {
            block.append(contentsOf: String(number).utf8)
            block.append(contentsOf: tail)
            if number % 50_000 == 0 {
                try handle.write(contentsOf: Data(block))
                block.removeAll(keepingCapacity: true)
            }
        }
        try handle.close()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)
        #expect(size.intValue > 70_000_000)
        let text = message { _ = try CutReader.read(url) }
        #expect(text == url.path + ":200002: the cut holds more than 200000 events, more than Osmose reads")
    }

    @Test("Timecodes read from EDL bytes agree with Timecode(parsing:) on valid and invalid text")
    func edlTimecodes() throws {
        for rate in [FrameRate.fps25, .fps29_97DF, .fps29_97NDF, .fps59_94DF, .fps23_976] {
            for frame in stride(from: 0, to: rate.framesPerDay, by: 7_919) {
                let text = try Timecode(frame: frame, rate: rate).description
                #expect(EDLCut.timecode(ArraySlice(text.utf8), rate: rate) == (try Timecode(parsing: text, rate: rate)))
            }
            for text in ["24:00:00:00", "10:60:00:00", "10:00:60:00", "10:00:00:30", "10:01:00;00", "10:01:00;02",
                         "10:10:00;00", "1:00:00:00", "10-00-00-00", "10:00:00;10", "10:00:00.10", "aa:00:00:00"] {
                let fast = EDLCut.timecode(ArraySlice(text.utf8), rate: rate)
                let reference = try? Timecode(parsing: text, rate: rate)
                #expect(fast == reference, "\(text) at \(rate)")
            }
        }
    }

    // MARK: - Kdenlive

    @Test("Kdenlive 23+: chains, track tractors, audio tracks left out, clock times, out points inclusive")
    func kdenlive() throws {
        let url = try fixture("interview.kdenlive")
        #expect(try CutReader.format(of: url) == .kdenlive)
        let cut = try CutReader.read(url)
        #expect(cut.name == "Interview edit")
        #expect(rows(cut) == [
            "1 C0001.MP4 - 10:12:10:00 10:12:13:00 00:00:00:00 00:00:03:00 /cards/A001/XDROOT/Clip/C0001.MP4",
            "2 C0001.MP4 - 10:12:23:00 10:12:24:00 00:00:02:00 00:00:03:00 /cards/A001/XDROOT/Clip/C0001.MP4",
            "3 C0002.MP4 - 00:00:00:00 00:00:02:00 00:00:04:00 00:00:06:00 /home/ed/Doc/media/C0002.MP4",
        ])
    }

    @Test("Older Kdenlive: producers, playlists in the main tractor, times in frames, colour clips left out")
    func kdenliveLegacy() throws {
        let cut = try CutReader.read(try fixture("legacy.kdenlive"))
        #expect(cut.name == "legacy")
        #expect(cut.rate == .fps29_97NDF)
        #expect(rows(cut) == [
            "1 C0004.MP4 - 00:00:10:00 00:00:13:00 00:00:01:00 00:00:04:00 /cards/A002/XDROOT/Clip/C0004.MP4",
            "2 C0004.MP4 - 00:00:00:10 00:00:00:20 00:00:04:10 00:00:04:20 /cards/A002/XDROOT/Clip/C0004.MP4",
        ])
    }

    @Test("Kdenlive clock and timecode times at 29.97 fps convert as MLT converts them")
    func kdenliveNTSCTimes() throws {
        let url = try temporary("ntsc.kdenlive", """
            <?xml version="1.0" encoding="utf-8"?>
            <mlt LC_NUMERIC="C" version="7.28.0">
             <profile frame_rate_num="30000" frame_rate_den="1001" width="1920" height="1080"/>
             <producer id="producer0">
              <property name="resource">/cards/A002/XDROOT/Clip/C0003.MP4</property>
              <property name="mlt_service">avformat-novalidate</property>
             </producer>
             <playlist id="playlist0">
              <entry producer="producer0" in="14:02:18.318" out="14:02:19.953"/>
              <blank length="00:00:01:05"/>
              <entry producer="producer0" in="00:00:01:05" out="00:01:00:02"/>
             </playlist>
             <tractor id="maintractor"><track producer="playlist0"/></tractor>
            </mlt>
            """)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let cut = try CutReader.read(url)
        // MLT: floor(fps × 3600 h) + floor(fps × 60 m) + lrint(fps × s) for clock times…
        #expect(cut.events.map(\.sourceIn.frame) == [1_514_634, 35])
        #expect(cut.events.map(\.sourceOut.frame) == [1_514_684, 1_801])
        // …and + ceil(fps × s) + frames for timecodes: the blank is 35 frames long.
        #expect(cut.events.map(\.recordIn.frame) == [0, 85])
        #expect(cut.rate == .fps29_97NDF)
    }

    // MARK: - Formats

    @Test("Formats by extension, by content, and an unknown one named")
    func formats() throws {
        let edl = try temporary("cut.txt", "TITLE: Sniffed\nFCM: NON-DROP FRAME\n")
        defer { try? FileManager.default.removeItem(at: edl.deletingLastPathComponent()) }
        #expect(try CutReader.format(of: edl) == .edl)
        let fcpxml = try temporary("export.xml", "<?xml version=\"1.0\"?>\n<fcpxml version=\"1.11\"></fcpxml>\n")
        defer { try? FileManager.default.removeItem(at: fcpxml.deletingLastPathComponent()) }
        #expect(try CutReader.format(of: fcpxml) == .fcpxml)
        let notes = try temporary("notes.txt", "Cut notes: tighten the opening.\n")
        defer { try? FileManager.default.removeItem(at: notes.deletingLastPathComponent()) }
        #expect(message { _ = try CutReader.format(of: notes) }
            == "\(notes.path.quoted) is not a cut Osmose reads (expected FCPXML, FCP7 XML, OTIO, CMX3600 EDL or Kdenlive)")
        #expect(CutReader.Format.allCases.map(\.rawValue) == ["fcpxml", "xmeml", "otio", "edl", "kdenlive"])
    }
}
