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
            #expect(try ledger.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6", "v7"])
            try ledger.close()
            let again = try Ledger.open(at: file)
            // Then the schema is there once, sound, and in WAL mode
            #expect(try again.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6", "v7"])
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
