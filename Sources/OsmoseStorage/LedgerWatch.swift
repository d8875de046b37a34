import Foundation
import GRDB

/// Tells, at once and cheaply, whether anything was committed to the ledger since it was last
/// asked: by this process or by another one (the command line while the service runs). What the
/// service's page cache checks on every request, so that no page outlives a change, an erasure
/// above all.
///
/// SQLite's `PRAGMA data_version` changes when another connection commits; it is asked on a
/// connection of its own, which never writes, so every commit is another's. An in-memory ledger
/// has one connection only: its count of changed rows covers it.
public struct LedgerWatch: Sendable {
    /// A value that differs after any commit.
    public struct Version: Sendable, Hashable {
        let others: Int
        let own: Int
    }

    private let connection: DatabaseQueue
    /// Whether the watch has a connection of its own (a ledger file), rather than the ledger's only
    /// one (in memory), where its own writes are counted as they happen.
    public let isSeparate: Bool

    init(writer: any DatabaseWriter) throws {
        if let queue = writer as? DatabaseQueue {
            connection = queue
            isSeparate = false
        } else {
            isSeparate = true
            var configuration = GRDB.Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(1)
            connection = try DatabaseQueue(path: writer.path, configuration: configuration)
        }
    }

    /// The ledger's version now.
    public func version() throws -> Version {
        try connection.inDatabase { db in
            let others = try Int.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
            return Version(others: others, own: db.totalChangesCount)
        }
    }
}

extension Ledger {
    /// A watch on this ledger's commits (see `LedgerWatch`).
    public func watch() throws -> LedgerWatch {
        try LedgerWatch(writer: writer)
    }
}
