import Foundation
import GRDB
import OsmoseDomain
import Testing
@testable import OsmoseStorage

@Suite("A person's rights over their data")
struct PrivacyTests {
    /// A ledger on disk with Éva Martin as a participant (release signed, phone, note), a
    /// contributor twice (once under another spelling with the same address) and a guest.
    static func production() throws -> (ledger: Ledger, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("privacy-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let ledger = try Ledger.open(at: folder.appendingPathComponent("osmose.sqlite")).acting(as: "test")
        try ledger.createProduction(ProductionSettings(title: "Film"))
        let day = try LocalDate(parsing: "2015-10-01")
        try ledger.addPerson(Person(name: "Éva Martin", role: .participant, email: "eva.martin@example.org", phone: "+33 6 12 34 56 78",
                                    notes: "Weaver at the workshop"))
        try ledger.addPerson(Person(name: "Bob Durand", role: .participant, email: "bob@example.org"))
        try ledger.addRelease(Release(status: .signed, signedOn: day, scope: [.cinema], territories: [.world],
                                      note: "Call Éva on her mobile before any festival"), for: .person("Éva Martin"))
        try ledger.addPledge(Pledge(ref: "P1", amount: 5_000, name: "Éva Martin", email: "eva.martin@example.org",
                                    tier: "Duo", status: .collected, date: day, message: "Bravo Éva ici"))
        try ledger.addPledge(Pledge(ref: "P2", amount: 2_500, name: "E. Martin", email: "EVA.MARTIN@example.org", date: day))
        try ledger.addPledge(Pledge(ref: "P3", amount: 1_000, name: "Bob Durand", email: "bob@example.org", date: day))
        _ = try ledger.setPledgeStatus(ref: "P2", to: .collected)
        try ledger.addSpace(Space(name: "Salle", kind: .cinema))
        let screening = try ledger.addScreening(Screening(title: "Première", venue: "Salle", date: day,
                                                          time: try ClockTime(parsing: "20:00"), capacity: 50))
        try ledger.syncGuests(screening: screening, tierSeats: ["duo": 2])
        return (ledger, folder)
    }

    @Test("An export gathers every record of the person, found by name or address, and is journaled")
    func export() throws {
        let (ledger, folder) = try Self.production()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = try ledger.exportPersonalData("eva martin")
        #expect(data.names == ["Éva Martin", "E. Martin"])
        #expect(data.emails == ["eva.martin@example.org"])
        #expect(data.people.count == 1 && data.people[0]["phone"] == .text("+33 6 12 34 56 78"))
        #expect(data.pledges.map { $0["ref"] } == [.text("P1"), .text("P2")])
        #expect(data.releases.count == 1 && data.releases[0]["note"] == .text("Call Éva on her mobile before any festival"))
        #expect(data.guests.map { $0["kind"] } == [.text("participant")])
        #expect(data.journal.contains { $0.entity == "pledge" && $0.ref == "P2" && $0.action == "change" })
        #expect(!data.journal.contains { $0.ref == "P3" })
        let last = try #require(try ledger.journal().last)
        #expect(last.action == "export" && last.ref == "Éva Martin" && last.after?["pledges"] == .integer(2))
        #expect(throws: LedgerError.self) { try ledger.exportPersonalData("Nobody Known") }
    }

    @Test("An erasure leaves no trace of the name or address, in the tables, the journal or the file, and the accounts unchanged")
    func erase() throws {
        let (ledger, folder) = try Self.production()
        defer { try? FileManager.default.removeItem(at: folder) }
        let day = try LocalDate(parsing: "2015-10-31")
        let before = try ledger.pledgeGroups(upTo: day)
        let releaseBefore = try #require(try ledger.releaseHistory(for: .person("Éva Martin")).last)
        _ = try ledger.exportPersonalData("eva.martin@example.org")

        let erasure = try ledger.erasePersonalData("eva.martin@example.org")
        #expect(erasure.people == 1 && erasure.pledges == 2 && erasure.guests == 1 && erasure.releases == 1)
        #expect(erasure.pseudonym.hasPrefix("Erased "))

        let after = try ledger.pledgeGroups(upTo: day)
        #expect(after.backers == before.backers)
        #expect(after.groups.map(\.amount) == before.groups.map(\.amount))
        let release = try #require(try ledger.releaseHistory(for: .person(erasure.pseudonym)).last)
        #expect(release.status == .signed && release.signedOn == releaseBefore.signedOn && release.scope == releaseBefore.scope)
        #expect(release.note == nil)
        #expect(try ledger.pledges().first { $0.ref == "P1" }?.anonymous == true)
        #expect(try ledger.person(named: "Bob Durand").email == "bob@example.org")

        // Nothing of theirs is left anywhere in the database's text, nor in its file's bytes.
        let traces = ["éva", "eva", "martin", "+33 6 12", "weaver", "bravo"]
        try ledger.writer.read { db in
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'log_search%'") {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table)") {
                    let text = "\(row)".lowercased()
                    for trace in traces { #expect(!text.contains(trace), "\(table): \(row)") }
                }
            }
        }
        try ledger.close()
        for name in ["osmose.sqlite", "osmose.sqlite-wal"] {
            guard let bytes = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            let text = String(decoding: bytes, as: UTF8.self).lowercased()
            for trace in ["eva.martin@", "éva martin", "e. martin", "+33 6 12 34", "bravo éva"] {
                let found = text.contains(trace)
                #expect(!found, "\(name) still holds \(trace)")
            }
        }
    }

    @Test("The journal stays append-only after an erasure, which is journaled itself")
    func journaled() throws {
        let (ledger, folder) = try Self.production()
        defer { try? FileManager.default.removeItem(at: folder) }
        let erasure = try ledger.acting(as: "command line (ana)").erasePersonalData("Éva Martin")
        let last = try #require(try ledger.journal().last)
        #expect(last.action == "erase" && last.actor == "command line (ana)" && last.ref == erasure.pseudonym)
        #expect(last.after?["journal_entries"] == .integer(Int64(erasure.journalEntries)))
        #expect(throws: (any Error).self) { try ledger.writer.write { db in try db.execute(sql: "UPDATE journal SET actor = 'x'") } }
        #expect(throws: (any Error).self) { try ledger.writer.write { db in try db.execute(sql: "DELETE FROM journal") } }
        // The row triggers are back: a change after the erasure is journaled as usual.
        _ = try ledger.setPledgeStatus(ref: "P3", to: .collected)
        #expect(try ledger.journal().last?.ref == "P3")
        // The guest list, drawn again, keeps the pseudonym's row (no one drawn back under the old name).
        try ledger.syncGuests(screening: 1, tierSeats: ["duo": 2])
        #expect(try ledger.guests(screening: 1).map(\.guest.name).contains(erasure.pseudonym))
        #expect(!(try ledger.guests(screening: 1).map(\.guest.name).contains("Éva Martin")))
    }
}
