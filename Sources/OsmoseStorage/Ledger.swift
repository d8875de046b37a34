import Foundation
import GRDB
import GRDBSQLite
import OsmoseDomain

/// The production's ledger: one SQLite database (WAL) behind intent-named methods.
///
/// Every public write method is one transaction: it checks everything, then writes all or nothing.
public struct Ledger: Sendable {
    let writer: any DatabaseWriter
    /// Who the changes are made by, as the journal records them: “command line (USER)”, a team
    /// token's name, “guest link”.
    public var actor = "unknown"

    /// Wraps a database and brings its schema up to date. A ledger written by a newer Osmose is
    /// refused before anything is written to it.
    public init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.refuseNewer(writer)
        try Schema.migrator.migrate(writer)
    }

    /// Wraps a database opened read-only, whose schema must already be this Osmose's.
    init(reading reader: any DatabaseWriter) throws {
        self.writer = reader
        try Self.refuseNewer(reader)
    }

    /// The newest schema version this Osmose knows (the last migration's name).
    public static var schemaVersion: String { Schema.migrator.migrations.last ?? "v0" }

    /// Refuses a ledger holding migrations this Osmose does not know: a newer Osmose made them,
    /// and writing to it with this one could break what it relies on.
    static func refuseNewer(_ reader: any DatabaseReader) throws {
        let known = Schema.migrator.migrations
        let applied = try reader.read { db -> [String] in
            guard try db.tableExists("grdb_migrations") else { return [] }
            return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        let unknown = applied.filter { !known.contains($0) }
        guard !unknown.isEmpty else { return }
        throw LedgerError.newerLedger(found: newest(unknown), known: schemaVersion)
    }

    /// The latest of migration names such as `v9` and `v10`, by their number.
    static func newest(_ names: [String]) -> String {
        names.max { (Int($0.dropFirst()) ?? 0, $0) < (Int($1.dropFirst()) ?? 0, $1) } ?? names.first ?? "?"
    }

    /// Whether every migration of this Osmose has been applied (nothing to write before reading).
    static func isCurrent(_ reader: any DatabaseReader) throws -> Bool {
        try reader.read { db in try Schema.migrator.hasCompletedMigrations(db) }
    }

    /// A ledger in memory, for tests.
    public static func inMemory() throws -> Ledger {
        try Ledger(writer: DatabaseQueue(configuration: configuration))
    }

    /// Opens the ledger file at `url` (created when missing) in WAL mode.
    ///
    /// `readOnly` is for commands that only read: the file is opened without write access, so that
    /// listings and reports work on a read-only folder, a read-only file or a full disk. A ledger
    /// that an older Osmose wrote is brought up to date first, which needs write access once.
    public static func open(at url: URL, readOnly: Bool = false) throws -> Ledger {
        let exists = ((try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0) > 0
        guard readOnly else {
            // Opening a pool writes (GRDB makes sure the write-ahead log is not empty): a ledger from a
            // newer Osmose is looked at read-only first, so that it is refused untouched.
            if exists {
                let reader = try openReadOnly(url)
                defer { try? reader.close() }
                try refuseNewer(reader)
            }
            return try Ledger(writer: DatabasePool(path: url.path, configuration: configuration))
        }
        let reader = try openReadOnly(url)
        if try isCurrent(reader) { return try Ledger(reading: reader) }
        try refuseNewer(reader)
        try reader.close()
        do {
            return try Ledger(writer: DatabasePool(path: url.path, configuration: configuration))
        } catch let error as DatabaseError where [.SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN, .SQLITE_FULL, .SQLITE_IOERR]
            .contains(error.resultCode)
        {
            throw LedgerError.io(
                "\(url.path.q) was written by an older Osmose and must be brought up to date (schema \(schemaVersion)) before it can be read, which needs write access to it: run this command once where the ledger can be written")
        }
    }

    /// A read-only connection pool. SQLite needs the write-ahead log's shared-memory file to read a
    /// WAL ledger and cannot make it in a folder it may not write to (or on a full disk): when the
    /// log is empty — every writer has finished and checkpointed — the file alone is the whole
    /// ledger, and it is opened as immutable instead.
    static func openReadOnly(_ url: URL) throws -> any DatabaseWriter {
        var config = configuration
        config.readonly = true
        do {
            let pool = try DatabasePool(path: url.path, configuration: config)
            _ = try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return pool
        } catch let error as DatabaseError where [.SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_PERM]
            .contains(error.resultCode)
        {
            let wal = (try? FileManager.default.attributesOfItem(atPath: url.path + "-wal")[.size] as? Int) ?? 0
            guard wal == 0, sqlite3_compileoption_used("USE_URI") == 1, let uri = immutableURI(url) else { throw error }
            let queue = try DatabaseQueue(path: uri, configuration: config)
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        }
    }

    /// `file:` URI for `url` with `immutable=1`, its path percent-encoded as SQLite's URIs require.
    static func immutableURI(_ url: URL) -> String? {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return url.standardizedFileURL.path.addingPercentEncoding(withAllowedCharacters: allowed).map { "file:\($0)?immutable=1" }
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
