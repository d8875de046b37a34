import Foundation
import Testing
@testable import OsmoseDomain

@Suite("Clips, cut matching and the release gate")
struct FootageTests {
    func tc(_ text: String, _ rate: FrameRate = .fps25) throws -> Timecode { try Timecode(parsing: text, rate: rate) }

    func clip(_ card: String, _ path: String, start: String, frames: Int, persons: [String] = [], space: String? = nil) throws -> Clip {
        Clip(card: card, path: path, size: 10, hashes: ["xxh64": "0123456789abcdef"], shoot: try LocalDate(parsing: "2015-05-18"),
             camera: "A-cam", metadata: ClipMetadata(source: "sony-xml", durationFrames: frames, rate: .fps25,
                                                     startTimecode: try tc(start)),
             persons: persons, space: space)
    }

    func event(_ n: Int, name: String? = nil, path: String? = nil, reel: String? = nil, source: String = "10:00:10:00",
               record: String = "01:00:00:00") throws -> CutTimeline.Event {
        let s = try tc(source), r = try tc(record)
        return CutTimeline.Event(number: n, clipName: name, path: path, reel: reel, sourceIn: s,
                                 sourceOut: try Timecode(frame: s.frame + 50, rate: .fps25), recordIn: r,
                                 recordOut: try Timecode(frame: r.frame + 50, rate: .fps25))
    }

    @Test func clipNamesAndRange() throws {
        let c = try clip("A001", "XDROOT/Clip/C0001.MP4", start: "10:00:00:00", frames: 250)
        #expect(c.name == "C0001")
        #expect(c.fileName == "C0001.MP4")
        #expect(c.reference == "A001/C0001")
        #expect(c.contains(try tc("10:00:09:24")))
        #expect(!c.contains(try tc("10:00:10:00")))
        #expect(!c.contains(try tc("09:59:59:24")))
    }

    @Test func matchesByPathThenNameThenReel() throws {
        // Given two cards whose cameras both numbered a clip C0001
        let a = try clip("A001", "XDROOT/Clip/C0001.MP4", start: "10:00:00:00", frames: 1_000)
        let b = try clip("A002", "XDROOT/Clip/C0001.MP4", start: "14:00:00:00", frames: 1_000)
        let c = try clip("A002", "XDROOT/Clip/C0002.MP4", start: "15:00:00:00", frames: 1_000)
        let matcher = CutMatcher(clips: [a, b, c])
        // Then a full path picks the card folder it names
        let byPath = matcher.match(try event(1, path: "file:///Volumes/RAID/A002/XDROOT/Clip/C0001.MP4", source: "14:00:01:00"))
        #expect(byPath?.clip.card == "A002")
        #expect(byPath?.method == .path)
        // A name alone is ambiguous between cards, settled by the source timecode
        let byName = matcher.match(try event(2, name: "C0001.MP4", source: "10:00:20:00"))
        #expect(byName?.clip.card == "A001")
        #expect(byName?.method == .name)
        // A reel and a timecode
        let byReel = matcher.match(try event(3, name: "unknown", reel: "A002", source: "15:00:05:00"))
        #expect(byReel?.clip.reference == "A002/C0002")
        #expect(byReel?.method == .reel)
        // Nothing fits
        #expect(matcher.match(try event(4, name: "ARCHIVE_1968", reel: "AX", source: "00:00:01:00")) == nil)
        // Percent-encoded paths from FCPXML
        let encoded = matcher.match(try event(5, path: "file:///Volumes/My%20Drive/A001/XDROOT/Clip/C0001.MP4"))
        #expect(encoded?.clip.card == "A001")
    }

    @Test func gateListsEachUnclearedSubjectWithItsAppearances() throws {
        // Given a cut showing A (cleared), B (revoked) twice, and a space without release, plus an unknown event
        let events = [
            CutEvent(event: try event(1, record: "01:00:00:00"), clip: "A001/C0001", method: .path, persons: ["A"], space: "Atelier"),
            CutEvent(event: try event(2, record: "01:00:02:00"), clip: "A001/C0002", method: .name, persons: ["B"], space: "Atelier"),
            CutEvent(event: try event(3, record: "01:00:04:00"), clip: "A001/C0003", method: .name, persons: ["B", "A"], space: nil),
            CutEvent(event: try event(4, name: "ARCHIVE", record: "01:00:06:00")),
        ]
        let cut = Cut(name: "v1", format: "edl", source: "x.edl", rate: .fps25, importedAt: Date(), events: events)
        let day = try LocalDate(parsing: "2015-11-30")
        let signed = Release(status: .signed, signedOn: try LocalDate(parsing: "2015-05-01"), scope: [.cinema])
        let gate = ReleaseGate(cut: cut, usage: .cinema, territory: .france, on: day) { subject in
            let history: [Release] = switch subject {
            case .person("A"): [signed]
            case .person("B"): [signed, Release(status: .revoked)]
            default: []
            }
            return Clearance(subject: subject, history: history, isMinor: false, usage: .cinema, territory: .france, on: day)
        }
        // Then
        #expect(!gate.cleared)
        #expect(gate.subjects.map(\.clearance.subject.name) == ["Atelier", "B", "A"])
        #expect(gate.subjects[0].clearance.reasons == [.missing])
        #expect(gate.subjects[1].clearance.reasons == [.revoked])
        #expect(gate.subjects[1].appearances.map(\.recordIn.description) == ["01:00:02:00", "01:00:04:00"])
        #expect(gate.subjects[2].cleared)
        #expect(gate.unmatched.map(\.event.number) == [4])
    }

    @Test func gateClearsWhenEveryoneSigned() throws {
        let events = [CutEvent(event: try event(1), clip: "A001/C0001", method: .path, persons: ["A"], space: "Atelier")]
        let cut = Cut(name: "v1", format: "edl", source: "x.edl", rate: .fps25, importedAt: Date(), events: events)
        let day = try LocalDate(parsing: "2015-11-30")
        let gate = ReleaseGate(cut: cut, usage: .festival, territory: .france, on: day) { subject in
            Clearance(subject: subject, history: [Release(status: .signed, scope: [.festival])], isMinor: false,
                      usage: .festival, territory: .france, on: day)
        }
        #expect(gate.cleared)
        #expect(gate.subjects.count == 2)
    }
}
