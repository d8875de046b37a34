import Foundation
import GRDB
import OsmoseDomain

/// The production's ledger: one SQLite database (WAL) behind intent-named methods.
///
/// Every public write method is one transaction: it checks everything, then writes all or nothing.
public struct Ledger: Sendable {
    let writer: any DatabaseWriter
    /// Who the changes are made by, as the journal records them: “command line (USER)”, a team
    /// token's name, “guest link”.
    public var actor = "unknown"

    /// Wraps a database and brings its schema up to date.
    public init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try Schema.migrator.migrate(writer)
    }

    /// A ledger in memory, for tests.
    public static func inMemory() throws -> Ledger {
        try Ledger(writer: DatabaseQueue(configuration: configuration))
    }

    /// Opens the ledger file at `url` (created when missing) in WAL mode.
    public static func open(at url: URL) throws -> Ledger {
        try Ledger(writer: DatabasePool(path: url.path, configuration: configuration))
    }

    static var configuration: GRDB.Configuration {
        var config = GRDB.Configuration()
        config.foreignKeysEnabled = true
        // The command line and the server may write at the same time: wait for the other writer.
        config.busyMode = .timeout(15)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return config
    }

    /// One write transaction with the journal's actor set first: the triggers of the tracked
    /// tables record every change in it under that name.
    func journaled<T>(_ updates: (Database) throws -> T) throws -> T {
        try writer.write { db in
            try Self.setActor(db, actor)
            return try updates(db)
        }
    }

    static func setActor(_ db: Database, _ actor: String) throws {
        try db.execute(sql: "UPDATE journal_state SET actor = ?", arguments: [actor])
    }

    /// A copy of this ledger whose changes are journaled under `actor`.
    public func acting(as actor: String) -> Ledger {
        var copy = self
        copy.actor = actor
        return copy
    }

    /// Closes the database; the ledger cannot be used afterwards.
    public func close() throws {
        try writer.close()
    }

    /// Names of the migrations applied, oldest first.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Schema.migrator.appliedMigrations(db) }
    }

    /// `PRAGMA integrity_check` and `PRAGMA foreign_key_check`, as lines of problems (empty when sound).
    public func integrityProblems() throws -> [String] {
        try writer.read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let keys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { "foreign key broken: \($0)" }
            return integrity + keys
        }
    }

    // MARK: - Settings

    /// Writes the production's settings; only once, when the production is created.
    public func createProduction(_ settings: ProductionSettings, at instant: Date = Date()) throws {
        let settings = try settings.validated()
        try journaled { db in
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM production") == 0 else {
                throw LedgerError.conflict("this ledger already holds a production")
            }
            try db.execute(
                sql: "INSERT INTO production (id, title, time_zone, locale, frame_rate, created_at) VALUES (1, ?, ?, ?, ?, ?)",
                arguments: [settings.title, settings.timeZone, settings.locale, settings.frameRate.label, Self.instant(instant)])
        }
    }

    /// The production's settings.
    public func settings() throws -> ProductionSettings {
        try writer.read { db in try Self.settings(db) }
    }

    static func settings(_ db: Database) throws -> ProductionSettings {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM production WHERE id = 1") else {
            throw LedgerError.conflict("this ledger has no production settings: it was not made by “osmose init”")
        }
        return ProductionSettings(
            title: row["title"], timeZone: row["time_zone"], locale: row["locale"],
            frameRate: (try? FrameRate(parsing: row["frame_rate"])) ?? .fps25)
    }

    // MARK: - Helpers shared by the areas

    static func instant(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    static func date(_ text: String?) -> LocalDate? {
        text.flatMap { try? LocalDate(parsing: $0) }
    }
}

extension Ledger {
    /// A consistent copy of the ledger at `url` through SQLite's online backup: writers may go on
    /// meanwhile (the copy is the ledger as of one moment).
    public func backup(to url: URL) throws {
        // A copy of the ledger is as private as the ledger.
        if !FileManager.default.fileExists(atPath: url.path) { try PrivateFiles.createEmpty(at: url) }
        let copy = try DatabaseQueue(path: url.path)
        try writer.backup(to: copy)
        // One self-contained file: no WAL beside it.
        try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
        try copy.close()
    }

    /// Release scans and expense receipts recorded with their SHA-256, as paths relative to the production folder.
    public func attachments() throws -> [(path: String, sha256: String, what: String)] {
        try writer.read { db in
            let scans = try Row.fetchAll(db, sql: "SELECT scan_path, scan_sha256, id FROM release WHERE scan_path IS NOT NULL").map {
                ($0["scan_path"] as String, $0["scan_sha256"] as String, "the scan of release #\($0["id"] as Int64)")
            }
            let receipts = try Row.fetchAll(db, sql: "SELECT receipt_path, receipt_sha256, id FROM expense WHERE receipt_path IS NOT NULL").map {
                ($0["receipt_path"] as String, $0["receipt_sha256"] as String, "the receipt of expense #\($0["id"] as Int64)")
            }
            return scans + receipts
        }
    }
}
