import Foundation
import OsmoseDomain
import Testing
@testable import OsmoseStorage

@Suite("Cards, clips, cuts and the release gate in the ledger")
struct FootageLedgerTests {
    let day = try! LocalDate(parsing: "2015-05-18")

    func demoLedger() throws -> Ledger {
        let ledger = try Ledger.inMemory()
        try ledger.createProduction(DemoProduction.settings)
        try ledger.load(try DemoProduction.content())
        return ledger
    }

    func tc(_ text: String) throws -> Timecode { try Timecode(parsing: text, rate: .fps25) }

    func clip(_ card: String, _ name: String, start: String, frames: Int) throws -> Clip {
        Clip(card: card, path: "XDROOT/Clip/\(name).MP4", size: 4_096, hashes: ["xxh64": "0123456789abcdef", "md5": String(repeating: "a", count: 32)],
             shoot: day, camera: "A-cam",
             metadata: ClipMetadata(source: "sony-xml", durationFrames: frames, rate: .fps25, startTimecode: try tc(start),
                                    codec: "AVC_1920_1080_H422IP@L41", cameraModel: "PXW-FS7"))
    }

    func card(_ name: String, copies: [String] = ["/backup/A001"]) -> Card {
        Card(name: name, shoot: day, camera: "A-cam", source: "/media/\(name)", algorithms: ["xxh64"], files: 4, bytes: 8_192,
             ingestedAt: Date(timeIntervalSince1970: 1_431_950_000),
             copies: copies.map { Card.Copy(path: $0, generation: "0001_\(name).mhl", state: .verified, checkedAt: Date()) })
    }

    func ingested() throws -> Ledger {
        let ledger = try demoLedger()
        // The demo logs A at 10:02:14:00 and 10:05:02:08, and B at 14:20:00:00 on 2015-05-18.
        try ledger.recordIngest(card("A001"), clips: [
            try clip("A001", "C0001", start: "10:01:44:00", frames: 25 * 60 * 6),
            try clip("A001", "C0002", start: "14:19:30:00", frames: 25 * 150),
        ])
        return ledger
    }

    @Test("An ingest records the card, its copies and clips with their metadata; the day's space is the default")
    func ingest() throws {
        let ledger = try ingested()
        let cards = try ledger.cards()
        #expect(cards.map(\.name) == ["A001"])
        #expect(cards[0].verified)
        let clips = try ledger.clips()
        #expect(clips.map(\.reference) == ["A001/C0001", "A001/C0002"])
        #expect(clips[0].metadata.startTimecode?.description == "10:01:44:00")
        #expect(clips[0].metadata.cameraModel == "PXW-FS7")
        #expect(clips[0].hashes["md5"]?.count == 32)
        #expect(clips[0].space == "La Coroutine")
    }

    @Test("Logs already made on the day land on the clip whose timecode holds them")
    func logsAttach() throws {
        let ledger = try ingested()
        let logs = try ledger.searchLogs(LogQuery(shoot: day))
        #expect(logs.map(\.clip) == ["A001/C0001", "A001/C0001", "A001/C0002"])
    }

    @Test("Ingesting the same card again updates it and keeps its tags; another camera under that name is refused")
    func reingest() throws {
        let ledger = try ingested()
        try ledger.tagClip("C0002", persons: ["Participant B"], space: nil)
        try ledger.recordIngest(card("A001", copies: ["/backup/A001", "/raid/A001"]), clips: [
            try clip("A001", "C0002", start: "14:19:30:00", frames: 25 * 150),
        ])
        #expect(try ledger.cards()[0].copies.count == 2)
        #expect(try ledger.clip("A001/C0002").persons == ["Participant B"])
        var other = card("A001")
        other.camera = "B-cam"
        #expect(throws: LedgerError.self) { try ledger.recordIngest(other, clips: []) }
    }

    @Test("Clips are named CARD/CLIP, or CLIP alone when only one card has it")
    func naming() throws {
        let ledger = try ingested()
        try ledger.recordIngest(card("A002"), clips: [try clip("A002", "C0001", start: "16:00:00:00", frames: 100)])
        #expect(try ledger.clip("a002/c0001").card == "A002")
        #expect(try ledger.clip("C0002").card == "A001")
        #expect(throws: LedgerError.self) { try ledger.clip("C0001") }
        #expect(throws: LedgerError.notFound(what: "clip", name: "A001/C0009", suggestion: "A001/c0001")) { try ledger.clip("A001/C0009") }
    }

    @Test("Tags: people added and removed, a space set; lists filter by person")
    func tags() throws {
        let ledger = try ingested()
        try ledger.tagClip("A001/C0001", persons: ["Participant A", "Participant B"], space: "L’Usine Bis")
        try ledger.tagClip("A001/C0001", persons: [], space: nil, removing: ["Participant B"])
        let c = try ledger.clip("A001/C0001")
        #expect(c.persons == ["Participant A"])
        #expect(c.space == "L’Usine Bis")
        #expect(try ledger.clips(ClipQuery(person: "Participant A")).map(\.reference) == ["A001/C0001"])
        #expect(throws: LedgerError.self) { try ledger.tagClip("A001/C0001", persons: ["Nobody"], space: nil) }
    }

    @Test("A log on a clip is in the clip's timecode and must fall inside it")
    func logOnClip() throws {
        let ledger = try ingested()
        let entry = LogEntry(shoot: day, person: "Participant B", at: try tc("14:20:30:00"), text: "Sur le plan", clip: "A001/C0002")
        let id = try ledger.addLog(entry)
        #expect(try ledger.searchLogs(LogQuery(text: "plan")).first { $0.id == id }?.clip == "A001/C0002")
        let outside = LogEntry(shoot: day, person: nil, at: try tc("15:00:00:00"), text: "Trop tard", clip: "A001/C0002")
        #expect(throws: InputError.self) { try ledger.addLog(outside) }
    }

    @Test("A cut is matched to clips; the gate names each uncleared subject with its record timecodes")
    func cutAndGate() throws {
        let ledger = try ingested()
        try ledger.tagClip("A001/C0001", persons: ["Participant A"], space: nil)
        try ledger.tagClip("A001/C0002", persons: ["Participant B"], space: nil)
        func ev(_ n: Int, _ name: String?, _ source: String, _ record: String) throws -> CutTimeline.Event {
            let s = try tc(source), r = try tc(record)
            return CutTimeline.Event(number: n, clipName: name, reel: "A001", sourceIn: s, sourceOut: try Timecode(frame: s.frame + 100, rate: .fps25),
                                     recordIn: r, recordOut: try Timecode(frame: r.frame + 100, rate: .fps25))
        }
        let timeline = CutTimeline(name: "Montage v1", rate: .fps25, events: [
            try ev(1, "C0001.MP4", "10:02:14:00", "01:00:00:00"),
            try ev(2, "C0002.MP4", "14:20:00:00", "01:00:04:00"),
            try ev(3, "ARCHIVE.MOV", "00:00:00:00", "01:00:08:00"),
        ])
        let cut = try ledger.importCut(timeline, format: "edl", source: "/tmp/v1.edl")
        #expect(cut.events.map(\.clip) == ["A001/C0001", "A001/C0002", nil])
        #expect(cut.unmatched.map(\.event.number) == [3])
        #expect(cut.events[1].persons == ["Participant B"])
        // B's release ends on 2015-10-31 and covers France only: cleared on 2015-10-01, not at the premiere.
        let premiere = try ledger.releaseGate(cut: "montage v1", usage: .cinema, territory: .france, on: try LocalDate(parsing: "2015-11-30"))
        #expect(!premiere.cleared)
        let b = try #require(premiere.subjects.first { $0.clearance.subject == .person("Participant B") })
        #expect(b.clearance.reasons == [.expired])
        #expect(b.appearances.map(\.recordIn.description) == ["01:00:04:00"])
        #expect(premiere.subjects.first { $0.clearance.subject == .person("Participant A") }?.cleared == true)
        #expect(premiere.unmatched.count == 1)
        // Importing again under the same name replaces the cut.
        try ledger.importCut(CutTimeline(name: "Montage v1", rate: .fps25, events: [try ev(1, "C0001.MP4", "10:02:14:00", "01:00:00:00")]),
                             format: "edl", source: "/tmp/v1b.edl")
        #expect(try ledger.cut(named: "Montage v1").events.count == 1)
        #expect(try ledger.releaseGate(cut: "Montage v1", usage: .cinema, territory: .france, on: try LocalDate(parsing: "2015-11-30")).cleared)
    }
}
