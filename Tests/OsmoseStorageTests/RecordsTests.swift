import Foundation
import OsmoseDomain
import Testing
@testable import OsmoseStorage

@Suite("Ledger records")
struct RecordsTests {
    func demoLedger() throws -> Ledger {
        let ledger = try Ledger.inMemory()
        try ledger.createProduction(DemoProduction.settings)
        try ledger.load(try DemoProduction.content())
        return ledger
    }

    @Test("Names are stored exactly as typed, whatever they hold")
    func names() throws {
        let ledger = try Ledger.inMemory()
        let names = ["L’Usine « Bis »", "Robert'); DROP TABLE space;--", "\"Quoted\" place", "Ünïcödé 東京"]
        for name in names { try ledger.addSpace(Space(name: name)) }
        #expect(Set(try ledger.spaces().map(\.name)) == Set(names))
    }

    @Test("A duplicate name, even differently typed, is refused and nothing is written")
    func duplicates() throws {
        let ledger = try Ledger.inMemory()
        try ledger.addPerson(Person(name: "Participant A", role: .participant))
        #expect(throws: LedgerError.duplicate(what: "person", name: "participant a", existing: "Participant A")) {
            try ledger.addPerson(Person(name: "participant a", role: .crew))
        }
        #expect(try ledger.people().count == 1)
    }

    @Test("An unknown name suggests the nearest one")
    func unknown() throws {
        let ledger = try demoLedger()
        #expect(throws: LedgerError.notFound(what: "space", name: "Mutulab", suggestion: "Mutualab")) {
            try ledger.addShootingDay(ShootingDay(date: try LocalDate(parsing: "2015-07-01"), spaces: ["Mutulab"]))
        }
        #expect(try ledger.shootingDays().count == 7)
    }

    @Test("A shooting day with a bad name writes nothing, not even its other links")
    func atomicShootingDay() throws {
        let ledger = try demoLedger()
        let day = ShootingDay(date: try LocalDate(parsing: "2015-07-01"), spaces: ["Mutualab"],
                              participants: ["Participant A", "Nobody Here"])
        #expect(throws: LedgerError.self) { try ledger.addShootingDay(day) }
        #expect(throws: LedgerError.self) { try ledger.shootingDay(on: try LocalDate(parsing: "2015-07-01")) }
        #expect(try ledger.integrityProblems().isEmpty)
    }

    @Test("Crew cannot be listed as participants, nor the other way round")
    func presence() throws {
        let ledger = try demoLedger()
        #expect(throws: InputError.self) {
            try ledger.addShootingDay(ShootingDay(date: try LocalDate(parsing: "2015-07-01"), spaces: ["Mutualab"],
                                                  participants: ["Claire Jeandroz"]))
        }
    }

    @Test("Shooting days change and move")
    func updates() throws {
        let ledger = try demoLedger()
        let date = try LocalDate(parsing: "2015-10-05")
        let moved = try LocalDate(parsing: "2015-10-06")
        try ledger.updateShootingDay(on: date) { day in
            day.date = moved
            day.status = .shot
            day.participants.append("Participant A")
        }
        let day = try ledger.shootingDay(on: moved)
        #expect(day.status == .shot)
        #expect(day.participants == ["Participant B", "Participant A"])
        #expect(throws: LedgerError.self) { try ledger.shootingDay(on: date) }
    }

    @Test("The release matrix lists every participant and space filmed, with the reason when not cleared")
    func matrix() throws {
        let ledger = try demoLedger()
        let rows = try ledger.clearances(usage: .cinema, territory: .france, on: try LocalDate(parsing: "2015-11-30"))
        let bySubject = Dictionary(uniqueKeysWithValues: rows.map { ($0.subject.name, $0.reasons) })
        #expect(bySubject["Participant A"] == [])
        #expect(bySubject["Participant B"] == [.expired])
        #expect(bySubject["Participant D"] == [.refused])
        #expect(bySubject["Participant E"] == [.revoked])
        #expect(bySubject["Participant F"] == [.minorWithoutGuardian])
        #expect(bySubject["Participant G"] == [.missing])
        #expect(bySubject["L’Usine Bis"] == [.missing])
        #expect(bySubject["Mutualab"] == [.scope])
        #expect(bySubject["Cinéma l’Univers"] == nil)  // not filmed
        #expect(bySubject["Claire Jeandroz"] == nil)  // crew, not filmed
    }

    @Test("A revocation needs a signature; the history keeps every record")
    func history() throws {
        let ledger = try demoLedger()
        #expect(throws: InputError.self) { try ledger.addRelease(Release(status: .revoked), for: .person("Participant G")) }
        try ledger.addRelease(Release(status: .requested), for: .person("Participant G"))
        try ledger.addRelease(
            Release(status: .signed, signedOn: try LocalDate(parsing: "2015-11-02"), scope: [.cinema]), for: .person("participant g"))
        #expect(try ledger.releaseHistory(for: .person("Participant G")).map(\.status) == [.requested, .signed])
    }

    @Test("Full-text search folds case and accents and matches prefixes")
    func search() throws {
        let ledger = try demoLedger()
        let ecrans = try ledger.searchLogs(LogQuery(text: "ecrans"))
        #expect(!ecrans.isEmpty && ecrans.allSatisfy { $0.text.contains("écrans") })
        let militantisme = try ledger.searchLogs(LogQuery(text: "MILITANTISME"))
        #expect(militantisme.count >= 3)
        #expect(try ledger.searchLogs(LogQuery(text: "ecran")).count == ecrans.count)
        #expect(try ledger.searchLogs(LogQuery(tag: "Militantisme", person: "Participant E")).count == 2)
        #expect(try ledger.searchLogs(LogQuery(text: "écrans", shoot: try LocalDate(parsing: "2015-05-27"))).count == 1)
        #expect(try ledger.searchLogs(LogQuery(text: "\"unbalanced AND OR ( *")).isEmpty)
        #expect(throws: InputError.self) { try ledger.searchLogs(LogQuery(text: "«»")) }
    }

    @Test("Log entries keep their timecodes at their rate")
    func timecodes() throws {
        let ledger = try demoLedger()
        let at = try Timecode(parsing: "01:00:00;02", rate: .fps29_97DF)
        try ledger.addLog(LogEntry(shoot: try LocalDate(parsing: "2015-05-18"), person: "Participant A", at: at, tags: ["test"], text: "drop"))
        let found = try ledger.searchLogs(LogQuery(tag: "test"))
        #expect(found.first?.at == at)
        #expect(found.first?.at.description == "01:00:00;02")
    }

    @Test("Removing what others refer to is refused")
    func removals() throws {
        let ledger = try demoLedger()
        #expect(throws: LedgerError.self) { try ledger.removeSpace(named: "Mutualab") }
        #expect(throws: LedgerError.self) { try ledger.removePerson(named: "Participant A") }
        #expect(throws: LedgerError.self) { try ledger.removeSpace(named: "Cinéma l’Univers") }  // the premiere's venue
        try ledger.addSpace(Space(name: "Café citoyen"))
        try ledger.removeSpace(named: "Café citoyen")
        #expect(try ledger.spaces().count == 4)
    }
}
