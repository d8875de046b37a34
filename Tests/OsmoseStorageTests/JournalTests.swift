import Foundation
import GRDB
import OsmoseDomain
import Testing
@testable import OsmoseStorage

@Suite("The journal of changes")
struct JournalTests {
    @Test("Money, releases and guests are journaled with who, what, before and after; the journal cannot be altered")
    func records() throws {
        var ledger = try Ledger.inMemory()
        try ledger.createProduction(ProductionSettings(title: "Film"))
        ledger.actor = "command line (ana)"
        let day = try LocalDate(parsing: "2015-10-01")
        try ledger.addPledge(Pledge(ref: "P1", amount: 3_500, name: "Éva", email: "eva@example.org", date: day))
        _ = try ledger.acting(as: "token “Prod” (producer)").setPledgeStatus(ref: "P1", to: .collected)
        try ledger.addSpace(Space(name: "Salle", kind: .cinema))
        let entries = try ledger.journal()
        #expect(entries.map(\.action) == ["add", "change"])
        #expect(entries.map(\.actor) == ["command line (ana)", "token “Prod” (producer)"])
        #expect(entries[1].ref == "P1" && entries[1].entity == "pledge")
        #expect(entries[1].before?["status"] == .text("promised") && entries[1].after?["status"] == .text("collected"))
        #expect(entries[1].summary == "status: promised → collected")
        #expect(entries[0].after?["amount_cents"] == .integer(3_500))

        #expect(throws: (any Error).self) { try ledger.writer.write { db in try db.execute(sql: "DELETE FROM journal") } }
        #expect(throws: (any Error).self) { try ledger.writer.write { db in try db.execute(sql: "UPDATE journal SET actor = 'x'") } }
        #expect(try ledger.journal().count == 2)
        #expect(try ledger.journal(since: try LocalDate(parsing: "2999-01-01")).isEmpty)
        #expect(try ledger.journal(entity: "expense").isEmpty)
    }

    @Test("An import is one entry; a guest's answer one entry without its link's token")
    func importsAndGuests() throws {
        let ledger = try Ledger.inMemory().acting(as: "import")
        try ledger.createProduction(ProductionSettings(title: "Film"))
        let day = try LocalDate(parsing: "2015-10-01")
        let rows = (0..<50).map { (line: $0 + 2, pledge: Pledge(ref: "H\($0)", amount: 1_000, name: "P\($0)", date: day, source: "helloasso")) }
        _ = try ledger.importPledges(rows)
        let entries = try ledger.journal()
        #expect(entries.count == 1 && entries[0].action == "import" && entries[0].after?["added"] == .integer(50))
        // The row triggers are back once the import is over.
        _ = try ledger.setPledgeStatus(ref: "H7", to: .collected)
        #expect(try ledger.journal().last?.summary == "status: promised → collected")
        #expect(try ledger.journal().count == 2)

        try ledger.addSpace(Space(name: "Salle", kind: .cinema))
        let id = try ledger.addScreening(Screening(title: "Première", venue: "Salle", date: day, time: try ClockTime(parsing: "20:00"), capacity: 5))
        try ledger.invite(screening: id, name: "La Gazette", seats: 2, kind: .press)
        let token = try #require(try ledger.issueLinks(screening: id).first?.token)
        try ledger.acting(as: "guest link (La Gazette)").answer(token: token, accept: true, seats: 2)
        let guests = try ledger.journal(entity: "guest")
        #expect(guests.count == 2)
        #expect(guests.map(\.action) == ["add", "change"])
        #expect(guests[1].actor == "guest link (La Gazette)" && guests[1].summary == "rsvp: pending → yes; seats: 0 → 2")
        #expect(guests.allSatisfy { $0.after?["token"] == nil })
        #expect(!(try ledger.journal().contains { "\($0)".contains(token) }))
    }
}
