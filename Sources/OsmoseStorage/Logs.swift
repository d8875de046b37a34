import Foundation
import GRDB
import OsmoseDomain

/// What to look for among the interview logs; every part given must match.
public struct LogQuery: Sendable {
    /// Words to find in the text or the tags, case and accents folded, each as a prefix (`ecran` finds « écrans »).
    public var text: String?
    public var tag: String?
    public var person: String?
    public var shoot: LocalDate?

    public init(text: String? = nil, tag: String? = nil, person: String? = nil, shoot: LocalDate? = nil) {
        self.text = text
        self.tag = tag
        self.person = person
        self.shoot = shoot
    }

    /// The words of the text as an FTS5 query: each quoted (so nothing is taken as syntax) and a prefix.
    func ftsPattern() throws -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        let words = text.split { !($0.isLetter || $0.isNumber) }
        guard !words.isEmpty else { throw InputError("the search \(text.q) holds no word to look for") }
        return words.map { "\"\($0)\"*" }.joined(separator: " ")
    }
}

extension Ledger {
    /// Records a log entry and indexes it for search; returns its number.
    @discardableResult
    public func addLog(_ entry: LogEntry) throws -> Int64 {
        let entry = try entry.validated()
        return try journaled { db in try Self.insert(entry, db) }
    }

    static func insert(_ entry: LogEntry, _ db: Database) throws -> Int64 {
        try entry.checkText()
        var dayID = try shootingDayID(db, on: entry.shoot)
        let personID = try entry.person.map { try Self.id(db, in: "person", what: "person", named: $0) }
        var clipID: Int64?
        if let reference = entry.clip {
            // On a clip, the entry belongs to the clip's shooting day and its timecodes must fall inside the clip.
            let id = try Self.clipID(db, reference)
            let clip = try Self.clip(db, id: id)
            for timecode in [entry.at] + (entry.out.map { [$0] } ?? []) where !clip.contains(timecode) {
                let range = clip.metadata.startTimecode.map { "\($0) + \(clip.metadata.durationFrames ?? 0) frames" } ?? "?"
                throw InputError("\(timecode) is not in clip \(clip.reference.q) (\(range) at \(clip.metadata.rate?.label ?? "?") fps)")
            }
            dayID = try shootingDayID(db, on: clip.shoot)
            clipID = id
        }
        try db.execute(
            sql: """
                INSERT INTO log_entry (shooting_day_id, person_id, frame_rate, in_frame, out_frame, rating, text, created_at, clip_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                dayID, personID, entry.at.rate.label, entry.at.frame, entry.out?.frame, entry.rating, entry.text,
                instant(Date()), clipID,
            ])
        let id = db.lastInsertedRowID
        for (position, tag) in entry.tags.enumerated() {
            try db.execute(
                sql: "INSERT INTO log_tag (log_entry_id, tag, tag_key, position) VALUES (?, ?, ?, ?)",
                arguments: [id, tag, NameKey.fold(tag), position])
        }
        try db.execute(
            sql: "INSERT INTO log_search (rowid, text, tags) VALUES (?, ?, ?)",
            arguments: [id, entry.text, entry.tags.joined(separator: " ")])
        return id
    }

    /// Log entries matching a query, by shooting day then timecode.
    public func searchLogs(_ query: LogQuery) throws -> [LogEntry] {
        let pattern = try query.ftsPattern()
        return try writer.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let pattern {
                conditions.append("e.id IN (SELECT rowid FROM log_search WHERE log_search MATCH ?)")
                _ = arguments.append(contentsOf: [pattern])
            }
            if let tag = query.tag {
                conditions.append("e.id IN (SELECT log_entry_id FROM log_tag WHERE tag_key = ?)")
                _ = arguments.append(contentsOf: [NameKey.fold(LogEntry.normalizedTags([tag]).first ?? tag)])
            }
            if let person = query.person {
                conditions.append("e.person_id = ?")
                _ = arguments.append(contentsOf: [try Self.id(db, in: "person", what: "person", named: person)])
            }
            if let shoot = query.shoot {
                conditions.append("e.shooting_day_id = ?")
                _ = arguments.append(contentsOf: [try Self.shootingDayID(db, on: shoot)])
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.*, d.date, p.name AS person_name, c.name AS clip_card, k.path AS clip_path FROM log_entry e
                    JOIN shooting_day d ON d.id = e.shooting_day_id
                    LEFT JOIN person p ON p.id = e.person_id
                    LEFT JOIN clip k ON k.id = e.clip_id LEFT JOIN card c ON c.id = k.card_id
                    \(filter)
                    ORDER BY d.date, e.in_frame, e.id
                    """,
                arguments: arguments)
            return try rows.map { row in
                let id: Int64 = row["id"]
                let rate = (try? FrameRate(parsing: row["frame_rate"])) ?? .fps25
                let tags = try String.fetchAll(
                    db, sql: "SELECT tag FROM log_tag WHERE log_entry_id = ? ORDER BY position", arguments: [id])
                return LogEntry(
                    id: id, shoot: try LocalDate(parsing: row["date"]), person: row["person_name"],
                    at: try Timecode(frame: row["in_frame"], rate: rate),
                    out: try (row["out_frame"] as Int?).map { try Timecode(frame: $0, rate: rate) },
                    tags: tags, rating: row["rating"], text: row["text"],
                    clip: (row["clip_path"] as String?).map { (row["clip_card"] as String) + "/" + Clip.baseName($0) })
            }
        }
    }

    /// Removes a log entry by its number.
    public func removeLog(id: Int64) throws {
        try journaled { db in
            try db.execute(sql: "DELETE FROM log_entry WHERE id = ?", arguments: [id])
            if db.changesCount == 0 { throw LedgerError.notFound(what: "log entry", name: "#\(id)", suggestion: nil) }
        }
    }

    // MARK: - A whole production at once

    /// Writes a whole production's records in one transaction (the demo production is loaded this way).
    public func load(_ content: ProductionContent) throws {
        let spaces = try content.spaces.map(Self.validated)
        let people = try content.people.map(Self.validated)
        let logs = try content.logs.map { try $0.validated() }
        try journaled { db in
            for space in spaces { try Self.insert(space, db) }
            for person in people { try Self.insert(person, db) }
            for day in content.shootingDays { try Self.insert(day, db) }
            for (subject, release) in content.releases { try Self.insert(release, for: subject, db) }
            for log in logs { _ = try Self.insert(log, db) }
            let now = Self.instant(Date())
            let pledges = try PledgeWriter(db, now: now)
            for pledge in content.pledges { try pledges.insert(pledge) }
            for expense in content.expenses { _ = try Self.insert(expense, db) }
            for receipt in content.fundingReceipts { _ = try Self.insert(receipt, db) }
            for post in content.news {
                try db.execute(sql: "INSERT INTO news (title, body, published_at) VALUES (?, ?, ?)",
                               arguments: [post.title, post.body, Self.instant(post.publishedAt)])
            }
            for screening in content.screenings {
                try db.execute(
                    sql: "INSERT INTO screening (title, venue_id, starts_at, capacity, format) VALUES (?, ?, ?, ?, ?)",
                    arguments: [screening.title, try Self.id(db, in: "space", what: "space", named: screening.venue),
                                "\(screening.date) \(screening.time)", screening.capacity, screening.format.rawValue])
            }
        }
    }

    /// How many records of each kind the ledger holds.
    public func counts() throws -> [String: Int] {
        try writer.read { db in
            var counts: [String: Int] = [:]
            for table in ["space", "person", "shooting_day", "release", "log_entry", "pledge", "expense", "funding_receipt"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)")
            }
            return counts
        }
    }
}
