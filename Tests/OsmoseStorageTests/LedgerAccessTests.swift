import Foundation
import GRDB
import OsmoseDomain
import Testing
@testable import OsmoseStorage

@Suite("Opening a ledger: from a newer Osmose, read-only")
struct LedgerAccessTests {
    /// A ledger on disk holding one space, closed (its write-ahead log checkpointed away).
    static func ledgerFile(in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent("osmose.sqlite")
        let ledger = try Ledger.open(at: file)
        try ledger.createProduction(ProductionSettings(title: "Film", timeZone: "Europe/Paris", locale: "fr_FR", frameRate: .fps25))
        try ledger.addSpace(Space(name: "Mutualab", kind: .coworking))
        try ledger.close()
        return file
    }

    @Test("A ledger a newer Osmose migrated is refused, naming both versions, before anything is written")
    func newerLedger() throws {
        try withTemporaryFolder { folder in
            // Given a ledger that a newer Osmose has taken to schema v8 and v12
            let file = try Self.ledgerFile(in: folder)
            let queue = try DatabaseQueue(path: file.path)
            try queue.write { db in
                for name in ["v12", "v8"] where !Schema.migrator.migrations.contains(name) {
                    try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [name])
                }
            }
            try queue.close()
            let before = try Data(contentsOf: file)

            // When it is opened, for writing or for reading
            // Then both are refused with the two versions named, and the file is as it was
            for readOnly in [false, true] {
                #expect(throws: LedgerError.newerLedger(found: "v12", known: Ledger.schemaVersion)) {
                    try Ledger.open(at: file, readOnly: readOnly)
                }
            }
            let message = LedgerError.newerLedger(found: "v12", known: "v7").description
            #expect(message.contains("v12") && message.contains("v7") && message.contains("newer Osmose"))
            let after = try Data(contentsOf: file)
            let differing = zip(before, after).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
            #expect(after == before, "\(before.count) \(after.count) \(differing.prefix(20))")
            let wal = (try? FileManager.default.attributesOfItem(atPath: file.path + "-wal")[.size] as? Int) ?? 0
            #expect(wal == 0)
        }
    }

    @Test("The latest of unknown migrations is the one named")
    func newestName() {
        #expect(Ledger.newest(["v9", "v10", "v8"]) == "v10")
        #expect(Ledger.newest(["v2"]) == "v2")
    }

    @Test("A read-only ledger reads everything and refuses a write with a sentence")
    func readOnly() throws {
        try withTemporaryFolder { folder in
            // Given a ledger on disk
            let file = try Self.ledgerFile(in: folder)
            // When it is opened read-only
            let ledger = try Ledger.open(at: file, readOnly: true)
            defer { try? ledger.close() }
            // Then it reads, and a write is refused without touching it
            #expect(try ledger.spaces().map(\.name) == ["Mutualab"])
            #expect(try ledger.settings().title == "Film")
            do {
                try ledger.addSpace(Space(name: "La Coroutine", kind: .coworking))
                Issue.record("a read-only ledger accepted a write")
            } catch let error as DatabaseError {
                #expect(error.resultCode == .SQLITE_READONLY)
                #expect(LedgerError.explain(error)?.contains("cannot be written") == true)
            }
            let again = try Ledger.open(at: file)
            #expect(try again.spaces().count == 1)
            try again.close()
        }
    }

    @Test("An older ledger opened for reading is brought up to date first")
    func olderLedgerForReading() throws {
        try withTemporaryFolder { folder in
            // Given a ledger whose last migration has not run yet
            let file = folder.appendingPathComponent("osmose.sqlite")
            let queue = try DatabaseQueue(path: file.path)
            let all = Schema.migrator.migrations
            try Schema.migrator.migrate(queue, upTo: all[all.count - 2])
            try queue.close()
            // When a command that only reads opens it
            let ledger = try Ledger.open(at: file, readOnly: true)
            // Then it is migrated and readable
            #expect(try ledger.appliedMigrations() == all)
            try ledger.close()
        }
    }

    @Test("The path in an immutable URI is percent-encoded")
    func immutableURI() {
        let uri = Ledger.immutableURI(URL(fileURLWithPath: "/tmp/mon film/#1?/osmose.sqlite"))
        #expect(uri == "file:/tmp/mon%20film/%231%3F/osmose.sqlite?immutable=1")
    }
}
