import Foundation
import GRDB
import OsmoseDomain
import Testing
@testable import OsmoseStorage

@Suite("A person's rights over their data")
struct PrivacyTests {
    /// A ledger on disk with Éva Martin as a participant (release signed, phone, note), a
    /// contributor twice (once under another spelling with the same address) and a guest; then `sql`.
    static func production(then sql: String? = nil) throws -> (ledger: Ledger, folder: URL) {
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
        // More rows, as raw SQL.
        if let sql { try ledger.writer.write { db in try db.execute(sql: sql) } }
        return (ledger, folder)
    }

    /// The ledger's file and its write-ahead log, as bytes: none of `traces` (lowercase) in them.
    static func expectNoTrace(of traces: [String], inLedgerFilesOf folder: URL) {
        for name in ["osmose.sqlite", "osmose.sqlite-wal"] {
            guard let bytes = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            let text = String(decoding: bytes, as: UTF8.self).lowercased()
            for trace in traces {
                let found = text.contains(trace)
                #expect(!found, "\(name) still holds \(trace)")
            }
        }
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
        Self.expectNoTrace(of: ["eva.martin@", "éva martin", "e. martin", "+33 6 12 34", "bravo éva"], inLedgerFilesOf: folder)
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

    /// Every text column of the ledger, as the schema itself lists them (virtual tables and their
    /// shadows aside: the search index is kept in step with the log texts).
    static func textColumns(_ db: Database) throws -> [(table: String, column: String)] {
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'log_search%' ORDER BY name
            """)
        return try tables.flatMap { table in
            try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").filter { ($0["type"] as String).uppercased().contains("TEXT") }
                .map { (table, $0["name"] as String) }
        }
    }

    @Test("Every text column of the schema is either free text, which an erasure searches, or said to be something else")
    func everyTextColumnIsClassified() throws {
        let ledger = try Ledger.inMemory()
        let columns = try ledger.writer.read { db in try Self.textColumns(db) }
        #expect(columns.count > 80)
        for (table, column) in columns {
            let free = Ledger.freeTextColumns[table]?.contains(column) == true
            let structured = Ledger.structuredTextColumns[table]?[column] != nil || Ledger.isBookkeeping(column: column)
            #expect(free != structured, "\(table).\(column): list it in Ledger.freeTextColumns (text anyone may type) or in Ledger.structuredTextColumns with why")
        }
        // And nothing listed is missing from the schema.
        for (table, list) in Ledger.freeTextColumns {
            for column in list { #expect(columns.contains { $0 == (table, column) }, "\(table).\(column) is not in the schema") }
        }
    }

    @Test("A person named in every free-text column of the schema, by name, address or phone, is redacted from each; the export lists the same places; no byte of the ledger or its log keeps them")
    func everyFreeTextColumn() throws {
        // One row of every table, besides Éva's own records.
        let (ledger, folder) = try Self.production(then: """
                INSERT INTO shooting_day (date, status) VALUES ('2015-10-02', 'shot');
                INSERT INTO log_entry (shooting_day_id, frame_rate, in_frame, text, created_at) VALUES (1, '25', 0, 'x', '2015-10-02');
                INSERT INTO log_tag (log_entry_id, tag, tag_key, position) VALUES (1, 't', 't', 0);
                INSERT INTO log_search (rowid, text, tags) VALUES (1, 'x', 't');
                INSERT INTO expense (line_code, amount_cents, date, payee, status, created_at) VALUES ('1.1', 100, '2015-10-01', 'x', 'paid', 'now');
                INSERT INTO funding_receipt (source_id, amount_cents, date, created_at) VALUES ('grant', 100, '2015-10-01', 'now');
                INSERT INTO news (title, body, published_at) VALUES ('x', 'x', 'now');
                INSERT INTO team_token (name, role, token_sha256, created_at) VALUES ('x', 'producer', '\(String(repeating: "a", count: 64))', 'now');
                INSERT INTO card (name, name_key, shooting_day_id, camera, source, algorithms, files, bytes, ingested_at)
                    VALUES ('A001', 'a001', 1, 'A', '/media/A001', 'xxh64', 0, 0, 'now');
                INSERT INTO card_copy (card_id, path, generation, state, checked_at) VALUES (1, '/raid/A001', '0001', 'verified', 'now');
                INSERT INTO cut (name, name_key, format, source, frame_rate, imported_at) VALUES ('x', 'x', 'edl', '/tmp/x.edl', '25', 'now');
                INSERT INTO post_task (name, name_key, kind, days, position) VALUES ('x', 'x', 'editing', 1, 0);
                INSERT INTO holiday (day, name) VALUES ('2015-11-11', 'x');
                INSERT INTO screening_check (screening_id, item, done_at) VALUES (1, 'copy', 'now');
                INSERT INTO release (space_id, status, territory, recorded_at) VALUES (1, 'requested', 'world', 'now');
                """)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Each free-text column of a row that is not Éva's own names her, in one of the ways she may be written.
        let ways = ["Éva Martin", "EVA MARTIN", "eva.martin@example.org", "06 12 34 56 78", "+33 6 12 34 56 78", "E. Martin"]
        var planted: [String] = []
        try ledger.writer.write { db in
            let own: [String: String] = ["person": "name <> 'Éva Martin'", "pledge": "ref = 'P3'", "guest": "name <> 'Éva Martin'",
                                         "release": "person_id IS NULL"]
            var n = 0
            for (table, columns) in Ledger.freeTextColumns.sorted(by: { $0.key < $1.key }) {
                let rowid = try #require(try Int64.fetchOne(db, sql: "SELECT rowid FROM \(table) WHERE \(own[table] ?? "1") ORDER BY rowid LIMIT 1"),
                                         "\(table) has no row to name her in")
                for column in columns {
                    let text = "\(table) \(column) \(n): see \(ways[n % ways.count]) about it"
                    n += 1
                    var sql = "UPDATE \(table) SET \(column) = ?"
                    if let key = Ledger.derivedKey(table: table, column: column) { sql += ", \(key) = '\(table)-\(column)-\(n)'" }
                    try db.execute(sql: sql + " WHERE rowid = ?", arguments: [text, rowid])
                    planted.append("\(table) #\(rowid) \(column)")
                }
            }
            // The search index holds what the log holds.
            try db.execute(sql: "UPDATE log_search SET text = (SELECT text FROM log_entry WHERE id = 1), tags = (SELECT tag FROM log_tag) WHERE rowid = 1")
        }
        let found = try ledger.personalData("Éva Martin")
        #expect(Set(found.mentions.map(\.place)) == Set(planted))
        #expect(found.journal.contains { $0.entity == "expense" }, "the journal names her too")

        let erasure = try ledger.erasePersonalData("Éva Martin")
        #expect(erasure.mentions.map(\.place) == found.mentions.map(\.place), "what is erased is what is exported")
        #expect(erasure.mentions.allSatisfy { $0.text == nil })
        let pseudonym = erasure.pseudonym
        try ledger.writer.read { db in
            let note = try String.fetchOne(db, sql: "SELECT notes FROM space")
            #expect(note?.contains(pseudonym) == true || note?.contains("[erased]") == true, "\(note ?? "")")
            // The search index follows the log; a renamed record keeps its key in step.
            #expect(try String.fetchOne(db, sql: "SELECT text FROM log_search WHERE rowid = 1") == (try String.fetchOne(db, sql: "SELECT text FROM log_entry WHERE id = 1")))
            #expect(try String.fetchOne(db, sql: "SELECT text FROM log_entry WHERE id = 1")?.contains("[erased]") == true)
            for table in ["space", "person", "cut", "post_task", "guest"] {
                for row in try Row.fetchAll(db, sql: "SELECT name, name_key FROM \(table)") {
                    #expect(row["name_key"] == NameKey.fold(row["name"]), "\(table): \(row)")
                }
            }
            #expect(try String.fetchOne(db, sql: "SELECT email FROM person WHERE id = 2") == "bob@example.org")
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
        }
        try ledger.close()
        Self.expectNoTrace(of: ["éva martin", "eva martin", "e. martin", "eva.martin@", "12 34 56 78"], inLedgerFilesOf: folder)
    }

    @Test("A clip's path that names the person is left as it is, since its manifests seal it, and both the export and the erasure say where")
    func keptPaths() throws {
        let (ledger, folder) = try Self.production(then: """
                INSERT INTO shooting_day (date, status) VALUES ('2015-10-02', 'shot');
                INSERT INTO card (name, name_key, shooting_day_id, camera, source, algorithms, files, bytes, ingested_at)
                    VALUES ('A001', 'a001', 1, 'A', '/media/A001', 'xxh64', 1, 1, 'now');
                INSERT INTO clip (card_id, path, name_key, size, hashes, metadata_source)
                    VALUES (1, 'Clip/Portrait Éva Martin.MP4', 'portrait eva martin.mp4', 1, '{}', 'none');
                """)
        defer { try? FileManager.default.removeItem(at: folder) }
        let found = try ledger.personalData("Éva Martin")
        #expect(found.kept.map(\.place) == ["clip #1 path"] && found.kept.first?.text == "Clip/Portrait Éva Martin.MP4")
        #expect(found.mentions.isEmpty)
        let erasure = try ledger.erasePersonalData("Éva Martin")
        #expect(erasure.kept.map(\.place) == ["clip #1 path"] && erasure.kept.first?.text == nil)
        #expect(erasure.kept.first?.note?.contains("manifests seal") == true)
        #expect(try ledger.writer.read { db in try String.fetchOne(db, sql: "SELECT path FROM clip") } == "Clip/Portrait Éva Martin.MP4")
    }
}
