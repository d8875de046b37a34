import Foundation
import GRDB
import OsmoseDomain

/// A value of a journaled row.
public enum JournalValue: Sendable, Equatable, Encodable, CustomStringConvertible {
    case text(String)
    case integer(Int64)
    case real(Double)
    case null

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .text(let s): try c.encode(s)
        case .integer(let n): try c.encode(n)
        case .real(let x): try c.encode(x)
        case .null: try c.encodeNil()
        }
    }

    public var description: String {
        switch self {
        case .text(let s): s
        case .integer(let n): "\(n)"
        case .real(let x): "\(x)"
        case .null: "—"
        }
    }
}

/// One change to money, releases or guests: who, when, what, before and after.
public struct JournalEntry: Sendable, Equatable, Encodable {
    public var id: Int64
    /// UTC, ISO 8601.
    public var at: String
    public var actor: String
    /// pledge, expense, funding, release, guest.
    public var entity: String
    public var ref: String
    /// add, change, remove, import.
    public var action: String
    public var before: [String: JournalValue]?
    public var after: [String: JournalValue]?

    /// The fields a change touched, as `field: before → after`; for an addition or a removal, its fields.
    public var summary: String {
        switch (before, after) {
        case (let old?, let new?):
            return new.keys.sorted().compactMap { key in
                old[key] == new[key] ? nil : "\(key): \(old[key]?.description ?? "—") → \(new[key]?.description ?? "—")"
            }.joined(separator: "; ")
        case (nil, let new?), (let new?, nil):
            return new.keys.sorted().compactMap { key in new[key] == .null ? nil : "\(key): \(new[key]!)" }.joined(separator: "; ")
        default:
            return ""
        }
    }
}

extension Ledger {
    /// The journal, oldest first; from the start of `since` (UTC) when given, for one kind of record when asked.
    public func journal(since: LocalDate? = nil, entity: String? = nil) throws -> [JournalEntry] {
        try writer.read { db in
            var sql = "SELECT * FROM journal WHERE 1"
            var arguments: [any DatabaseValueConvertible] = []
            if let since {
                sql += " AND at >= ?"
                arguments.append(since.description)
            }
            if let entity {
                sql += " AND entity = ?"
                arguments.append(entity)
            }
            return try Self.journalEntries(db, sql: sql, arguments: StatementArguments(arguments))
        }
    }

    static func journalEntries(_ db: Database, sql: String = "SELECT * FROM journal", arguments: StatementArguments = []) throws -> [JournalEntry] {
        try Row.fetchAll(db, sql: sql + " ORDER BY id", arguments: arguments).map { row in
            JournalEntry(id: row["id"], at: row["at"], actor: row["actor"], entity: row["entity"], ref: row["ref"],
                         action: row["action"], before: values(row["before"]), after: values(row["after"]))
        }
    }

    static func values(_ json: String?) -> [String: JournalValue]? {
        guard let json, let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return nil }
        return object.mapValues { value in
            switch value {
            case let s as String: .text(s)
            case let n as NSNumber:
                // SQLite's json_object writes whole numbers without a point: they read back exactly.
                Double(n.int64Value) == n.doubleValue ? .integer(n.int64Value) : .real(n.doubleValue)
            default: .null
            }
        }
    }
}

extension Ledger {
    /// Runs `body` with the journal's triggers set aside: those on `tables` (every one when nil),
    /// dropped and re-created inside the caller's transaction, so no other connection ever sees
    /// them gone and a failure brings them back with the rollback. For the writes that journal
    /// themselves as one entry (an import, an erasure) or that must rewrite the journal (an erasure).
    static func withJournalTriggersAside<T>(_ db: Database, on tables: [String]?, _ body: () throws -> T) throws -> T {
        var sql = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'journal\\_%' ESCAPE '\\'"
        if let tables { sql += " AND tbl_name IN (" + tables.map { "'\($0)'" }.joined(separator: ", ") + ")" }
        let triggers = try Row.fetchAll(db, sql: sql + " ORDER BY name").map { (name: $0["name"] as String, sql: $0["sql"] as String) }
        for trigger in triggers { try db.execute(sql: "DROP TRIGGER \(trigger.name)") }
        let result = try body()
        for trigger in triggers { try db.execute(sql: trigger.sql) }
        return result
    }
}
