import Foundation
import GRDB
import OsmoseDomain

extension Ledger {
    // MARK: - News

    @discardableResult
    public func addNews(_ post: NewsPost) throws -> Int64 {
        guard !post.title.trimmingCharacters(in: .whitespaces).isEmpty else { throw InputError("a news post needs a title") }
        try post.checkText()
        return try journaled { db in
            try db.execute(sql: "INSERT INTO news (title, body, published_at) VALUES (?, ?, ?)",
                           arguments: [post.title, post.body, Self.instant(post.publishedAt)])
            return db.lastInsertedRowID
        }
    }

    /// News posts, newest first.
    public func news(limit: Int = 100) throws -> [NewsPost] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM news ORDER BY published_at DESC, id DESC LIMIT ?", arguments: [limit]).map { row in
                NewsPost(id: row["id"], title: row["title"], body: row["body"],
                         publishedAt: (try? Date((row["published_at"] as String), strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0))
            }
        }
    }

    // MARK: - Team tokens and sessions

    /// Records a token by its SHA-256 (the token itself is never stored).
    public func createToken(name: String, role: TeamRole, sha256: String, at instant: Date = Date()) throws {
        let name = try NameKey.validate(name, what: "token")
        try journaled { db in
            if try Int.fetchOne(db, sql: "SELECT count(*) FROM team_token WHERE name = ?", arguments: [name])! > 0 {
                throw LedgerError.duplicate(what: "token", name: name, existing: name)
            }
            try db.execute(sql: "INSERT INTO team_token (name, role, token_sha256, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [name, role.rawValue, sha256, Self.instant(instant)])
        }
    }

    public func tokens() throws -> [TeamToken] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM team_token ORDER BY name").map { row in
                TeamToken(name: row["name"], role: TeamRole(rawValue: row["role"]) ?? .viewer,
                          createdAt: (try? Date((row["created_at"] as String), strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0),
                          revoked: (row["revoked_at"] as String?) != nil)
            }
        }
    }

    /// Revokes a token and ends its browser sessions.
    public func revokeToken(name: String) throws {
        try journaled { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM team_token WHERE name = ? AND revoked_at IS NULL", arguments: [name]) else {
                let names = try String.fetchAll(db, sql: "SELECT name FROM team_token WHERE revoked_at IS NULL")
                throw LedgerError.notFound(what: "active token", name: name, suggestion: NameKey.nearest(to: name, in: names))
            }
            try db.execute(sql: "UPDATE team_token SET revoked_at = ? WHERE id = ?", arguments: [Self.instant(Date()), id])
            try db.execute(sql: "DELETE FROM web_session WHERE token_id = ?", arguments: [id])
        }
    }

    /// The team member a token's SHA-256 belongs to, if it is valid.
    public func teamMember(tokenSHA256: String) throws -> (name: String, role: TeamRole)? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT name, role FROM team_token WHERE token_sha256 = ? AND revoked_at IS NULL", arguments: [tokenSHA256])
                .map { ($0["name"], TeamRole(rawValue: $0["role"]) ?? .viewer) }
        }
    }

    /// Opens a browser session for the holder of a token.
    public func openSession(idSHA256: String, tokenSHA256: String, csrf: String, expires: Date) throws {
        try journaled { db in
            guard let tokenID = try Int64.fetchOne(db, sql: "SELECT id FROM team_token WHERE token_sha256 = ? AND revoked_at IS NULL", arguments: [tokenSHA256]) else {
                throw LedgerError.conflict("this token is not valid")
            }
            try db.execute(sql: "DELETE FROM web_session WHERE expires_at < ?", arguments: [Self.instant(Date())])
            try db.execute(sql: "INSERT INTO web_session (id_sha256, token_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [idSHA256, tokenID, csrf, Self.instant(Date()), Self.instant(expires)])
        }
    }

    /// The live session with this SHA-256: who holds it, and its CSRF token.
    public func session(idSHA256: String) throws -> (name: String, role: TeamRole, csrf: String)? {
        try writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT t.name, t.role, s.csrf FROM web_session s JOIN team_token t ON t.id = s.token_id
                WHERE s.id_sha256 = ? AND s.expires_at > ? AND t.revoked_at IS NULL
                """, arguments: [idSHA256, Self.instant(Date())]).map { ($0["name"], TeamRole(rawValue: $0["role"]) ?? .viewer, $0["csrf"]) }
        }
    }

    public func closeSession(idSHA256: String) throws {
        try journaled { db in try db.execute(sql: "DELETE FROM web_session WHERE id_sha256 = ?", arguments: [idSHA256]) }
    }

    // MARK: - Screenings

    @discardableResult
    public func addScreening(_ screening: Screening) throws -> Int64 {
        guard screening.capacity > 0 else { throw InputError("a screening needs a capacity above 0") }
        let title = try NameKey.validate(screening.title, what: "screening")
        return try journaled { db in
            if let zone = try Self.timeZone(db) { try screening.time.checkExists(on: screening.date, inZone: zone, what: "the screening") }
            let venue = try Self.id(db, in: "space", what: "space", named: screening.venue)
            try db.execute(
                sql: "INSERT INTO screening (title, venue_id, starts_at, capacity, format) VALUES (?, ?, ?, ?, ?)",
                arguments: [title, venue, "\(screening.date) \(screening.time)", screening.capacity, screening.format.rawValue])
            return db.lastInsertedRowID
        }
    }

    /// Screenings by start, with their venue.
    public func screenings() throws -> [(screening: Screening, venue: Space)] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT sc.*, s.name AS venue_name FROM screening sc JOIN space s ON s.id = sc.venue_id ORDER BY sc.starts_at, sc.id
                """).map { row in
                let start = try Screening.parseStart(row["starts_at"])
                let venue = Self.space(try Row.fetchOne(db, sql: "SELECT * FROM space WHERE id = ?", arguments: [row["venue_id"] as Int64])!)
                return (Screening(id: row["id"], title: row["title"], venue: row["venue_name"], date: start.0, time: start.1,
                                  capacity: row["capacity"], format: Screening.Format(rawValue: row["format"]) ?? .dcp), venue)
            }
        }
    }
}

extension Ledger {
    /// A short summary of what the public pages show, that changes whenever any of it changes; the
    /// journal's last entry among it, so that an erasure (which changes no count) changes it too.
    public func publicStamp() throws -> String {
        try writer.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT count(*) FROM pledge), (SELECT max(id) FROM pledge), (SELECT max(updated_at) FROM pledge),
                       (SELECT count(*) || '-' || ifnull(max(id), 0) FROM news),
                       (SELECT group_concat(title || starts_at || capacity || venue_id, '|') FROM screening),
                       (SELECT group_concat(name || ifnull(address, ''), '|') FROM space),
                       (SELECT count(*) || '-' || ifnull(sum(seats), 0) FROM guest WHERE rsvp = 'yes'),
                       (SELECT max(id) FROM journal)
                """)!
            return (0..<8).map { "\(row[$0] as DatabaseValue)" }.joined(separator: "|")
        }
    }
}
