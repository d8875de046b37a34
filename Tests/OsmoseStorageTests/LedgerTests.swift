import Foundation
import GRDB
import OsmoseDomain
import Testing
@testable import OsmoseStorage

/// A fresh temporary folder, removed when the test is done.
func withTemporaryFolder<T>(_ body: (URL) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("osmose-test-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url)
}

@Suite("Ledger schema and production folder")
struct LedgerTests {
    @Test("Migrations build the schema from an empty file, in WAL mode, and run once")
    func migrations() throws {
        try withTemporaryFolder { folder in
            // Given an empty file
            let file = folder.appendingPathComponent("osmose.sqlite")
            _ = FileManager.default.createFile(atPath: file.path, contents: Data())
            // When the ledger opens it twice
            let ledger = try Ledger.open(at: file)
            #expect(try ledger.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"])
            try ledger.close()
            let again = try Ledger.open(at: file)
            // Then the schema is there once, sound, and in WAL mode
            #expect(try again.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"])
            #expect(try again.integrityProblems().isEmpty)
            let mode = try again.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
            let tables = try again.writer.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            }
            for table in ["log_entry", "log_search", "log_tag", "person", "production", "release", "shooting_day", "space", "expense", "funding_receipt", "pledge"] {
                #expect(tables.contains(table))
            }
        }
    }

    @Test("SQLite itself refuses what the schema forbids")
    func constraints() throws {
        let ledger = try Ledger.inMemory()
        try ledger.addSpace(Space(name: "Mutualab", kind: .coworking))
        try ledger.writer.write { db in
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO space (name, name_key, kind) VALUES ('X', 'x', 'castle')")
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO space (name, name_key, kind) VALUES ('Mutualab', 'mutualab', 'other')")
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO release (status, territory, recorded_at) VALUES ('signed', 'world', 'now')")
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO shooting_day_space (shooting_day_id, space_id, position) VALUES (99, 99, 0)")
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO person (name, name_key, role, minor) VALUES ('Kid', 'kid', 'participant', 1)")
            }
        }
    }

    @Test("A production is created once; a failed creation leaves nothing behind")
    func creation() throws {
        try withTemporaryFolder { root in
            let folder = root.appendingPathComponent("film")
            let production = try ProductionFolder.create(in: folder, settings: ProductionSettings(title: "Film"))
            #expect(FileManager.default.fileExists(atPath: production.budgetsURL.path))
            #expect(FileManager.default.fileExists(atPath: production.footageIndexURL.path))
            #expect(try production.ledger.settings().title == "Film")
            #expect(throws: LedgerError.self) {
                try ProductionFolder.create(in: folder, settings: ProductionSettings(title: "Again"))
            }
            #expect(try production.ledger.settings().title == "Film")

            let bad = root.appendingPathComponent("bad")
            #expect(throws: InputError.self) {
                try ProductionFolder.create(in: bad, settings: ProductionSettings(title: "X", timeZone: "Mars/Olympus"))
            }
            #expect(!FileManager.default.fileExists(atPath: bad.path))
        }
    }

    @Test("Productions are found like git finds a repository")
    func locate() throws {
        try withTemporaryFolder { root in
            let folder = root.appendingPathComponent("film")
            _ = try ProductionFolder.create(in: folder, settings: ProductionSettings(title: "Film"))
            let deep = folder.appendingPathComponent("a/b", isDirectory: true)
            try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)

            #expect(try ProductionFolder.locate(explicit: nil, environment: [:], start: deep).path == folder.path)
            #expect(try ProductionFolder.locate(explicit: nil, environment: ["OSMOSE_PRODUCTION": folder.path], start: root).path == folder.path)
            #expect(try ProductionFolder.locate(explicit: "film", environment: ["OSMOSE_PRODUCTION": "/nowhere"], start: root).path == folder.path)
            #expect(throws: LedgerError.self) { try ProductionFolder.locate(explicit: nil, environment: [:], start: root) }
            #expect(throws: LedgerError.self) {
                try ProductionFolder.locate(explicit: nil, environment: ["OSMOSE_PRODUCTION": root.path], start: deep)
            }
        }
    }

    @Test("Two writers on the same ledger at once lose nothing")
    func concurrentWriters() async throws {
        try await withTemporaryFolderAsync { folder in
            let file = folder.appendingPathComponent("osmose.sqlite")
            let first = try Ledger.open(at: file)
            let second = try Ledger.open(at: file)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (writer, prefix) in [(first, "A"), (second, "B")] {
                    group.addTask {
                        for i in 0..<100 { try writer.addSpace(Space(name: "\(prefix) \(i)")) }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try first.spaces().count == 200)
        }
    }
}

func withTemporaryFolderAsync(_ body: (URL) async throws -> Void) async throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("osmose-test-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    try await body(url)
}

@Suite("Guest links kept as hashes")
struct GuestLinkTests {
    @Test("v8 hashes the links already made in place: they keep working, and the ledger no longer holds them")
    func migration() throws {
        // Given a ledger at v7 with a guest whose link is kept as it was sent
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: "v7")
        let token = "abcdefghijklmnopqrstuvwxyz012345"
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO space (name, name_key, kind) VALUES ('Salle', 'salle', 'cinema');
                INSERT INTO screening (title, venue_id, starts_at, capacity, format) VALUES ('Première', 1, '2099-11-30 20:00', 10, 'dcp');
                INSERT INTO guest (screening_id, name, name_key, kind, allowance, invited_at, token)
                VALUES (1, 'La Gazette', 'la gazette', 'press', 2, 0, ?);
                """, arguments: [token])
        }
        // When the ledger opens it
        let ledger = try Ledger(writer: queue)
        // Then the link still finds its guest and answers, and only its SHA-256 is kept
        #expect(try ledger.appliedMigrations().last == "v8")
        #expect(try ledger.guest(token: token)?.record.guest.name == "La Gazette")
        #expect(try ledger.answer(token: token, accept: true, seats: 2).guest.rsvp == .yes)
        let stored = try queue.read { db in try String.fetchAll(db, sql: "SELECT token_sha256 FROM guest") }
        #expect(stored == [Ledger.tokenSHA256(token)] && stored.first?.count == 64)
        #expect(try ledger.integrityProblems().isEmpty)
        #expect(try ledger.guests(screening: 1).map(\.hasLink) == [true])
    }

    @Test("A link is made once, on demand; made again, the old one stops working")
    func issue() throws {
        let ledger = try Ledger.inMemory()
        try ledger.addSpace(Space(name: "Salle", kind: .cinema))
        let id = try ledger.addScreening(Screening(title: "Première", venue: "Salle", date: try LocalDate(parsing: "2099-11-30"),
                                                   time: try ClockTime(parsing: "20:00"), capacity: 5))
        try ledger.invite(screening: id, name: "Ana", seats: 1, kind: .press)
        try ledger.invite(screening: id, name: "Ben", seats: 1, kind: .press)
        #expect(try ledger.guests(screening: id).allSatisfy { !$0.hasLink })
        let first = try ledger.issueLinks(screening: id)
        #expect(first.map(\.record.guest.name) == ["Ana", "Ben"])
        #expect(try ledger.issueLinks(screening: id).isEmpty)
        let renewed = try ledger.issueLinks(screening: id, renew: true, only: "ana")
        #expect(renewed.map(\.record.guest.name) == ["Ana"])
        #expect(try ledger.guest(token: first[0].token) == nil)
        #expect(try ledger.guest(token: renewed[0].token)?.record.guest.name == "Ana")
        #expect(try ledger.guest(token: first[1].token)?.record.guest.name == "Ben")
        let error = #expect(throws: LedgerError.self) { try ledger.issueLinks(screening: id, only: "Zoé") }
        #expect(error?.description.contains("Zoé") == true)
    }
}
