import Foundation
import GRDB
import OsmoseDomain

extension Ledger {
    /// Records a new state of a subject's release; the earlier records stay as its history.
    public func addRelease(_ release: Release, for subject: ReleaseSubject) throws {
        try journaled { db in try Self.insert(release, for: subject, db) }
    }

    static func insert(_ release: Release, for subject: ReleaseSubject, _ db: Database) throws {
        let (column, id) = try subjectKey(subject, db)
        let previous = try String.fetchOne(
            db, sql: "SELECT status FROM release WHERE \(column) = ? ORDER BY id DESC LIMIT 1", arguments: [id]
        ).flatMap(Release.Status.init(rawValue:))
        let canonical: ReleaseSubject =
            switch subject {
            case .person: .person(try String.fetchOne(db, sql: "SELECT name FROM person WHERE id = ?", arguments: [id])!)
            case .space: .space(try String.fetchOne(db, sql: "SELECT name FROM space WHERE id = ?", arguments: [id])!)
            }
        let release = try release.validated(following: previous, subject: canonical)
        try release.checkText()
        try db.execute(
            sql: """
                INSERT INTO release (\(column), status, signed_on, scope, territory, until, guardian_signed,
                                     scan_path, scan_sha256, scan_name, note, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, release.status.rawValue, release.signedOn?.description, Usage.describe(release.scope),
                release.territories.map(\.name).joined(separator: ","), release.until?.description,
                release.guardianSigned, release.scan?.path, release.scan?.sha256, release.scan?.originalName,
                release.note, instant(release.recordedAt),
            ])
    }

    static func subjectKey(_ subject: ReleaseSubject, _ db: Database) throws -> (String, Int64) {
        switch subject {
        case .person(let name): ("person_id", try id(db, in: "person", what: "person", named: name))
        case .space(let name): ("space_id", try id(db, in: "space", what: "space", named: name))
        }
    }

    /// A subject's release records, oldest first.
    public func releaseHistory(for subject: ReleaseSubject) throws -> [Release] {
        try writer.read { db in
            let (column, id) = try Self.subjectKey(subject, db)
            return try Row.fetchAll(db, sql: "SELECT * FROM release WHERE \(column) = ? ORDER BY id", arguments: [id])
                .map(Self.release)
        }
    }

    /// Whether every participant and every space filmed (on a shooting day not cancelled) is cleared
    /// for a usage in a territory on a date, with the reasons when not. Computed, never stored.
    public func clearances(usage: Usage, territory: Territory, on date: LocalDate) throws -> [Clearance] {
        try writer.read { db in
            let people = try Row.fetchAll(db, sql: """
                SELECT p.id, p.name, p.minor FROM person p
                WHERE p.id IN (SELECT l.person_id FROM shooting_day_person l
                               JOIN shooting_day d ON d.id = l.shooting_day_id
                               WHERE l.presence = 'participant' AND d.status <> 'cancelled')
                ORDER BY p.name_key
                """)
            let spaces = try Row.fetchAll(db, sql: """
                SELECT s.id, s.name FROM space s
                WHERE s.id IN (SELECT l.space_id FROM shooting_day_space l
                               JOIN shooting_day d ON d.id = l.shooting_day_id WHERE d.status <> 'cancelled')
                ORDER BY s.name_key
                """)
            let releases = try Row.fetchAll(db, sql: "SELECT * FROM release ORDER BY id")
            var byPerson: [Int64: [Release]] = [:]
            var bySpace: [Int64: [Release]] = [:]
            for row in releases {
                if let id: Int64 = row["person_id"] { byPerson[id, default: []].append(Self.release(row)) }
                if let id: Int64 = row["space_id"] { bySpace[id, default: []].append(Self.release(row)) }
            }
            let personClearances = people.map { row in
                Clearance(
                    subject: .person(row["name"]), history: byPerson[row["id"]] ?? [], isMinor: row["minor"],
                    usage: usage, territory: territory, on: date)
            }
            let spaceClearances = spaces.map { row in
                Clearance(
                    subject: .space(row["name"]), history: bySpace[row["id"]] ?? [], isMinor: false, usage: usage,
                    territory: territory, on: date)
            }
            return personClearances + spaceClearances
        }
    }

    static func release(_ row: Row) -> Release {
        let scan: Release.Scan? = (row["scan_path"] as String?).map {
            Release.Scan(path: $0, sha256: row["scan_sha256"], originalName: row["scan_name"] ?? $0)
        }
        let recorded = (row["recorded_at"] as String?).flatMap { try? Date($0, strategy: .iso8601) } ?? Date(timeIntervalSince1970: 0)
        return Release(
            status: Release.Status(rawValue: row["status"]) ?? .requested,
            signedOn: date(row["signed_on"]),
            scope: (try? Usage.parseScope(row["scope"])) ?? [],
            territories: (try? Territory.parseList(row["territory"])) ?? [],
            until: date(row["until"]),
            guardianSigned: row["guardian_signed"],
            scan: scan,
            note: row["note"],
            recordedAt: recorded)
    }
}

extension ProductionFolder {
    /// Records a release; a scan of the signed form is copied into `releases/`, named by its SHA-256.
    public func addRelease(_ release: Release, for subject: ReleaseSubject, scan: (file: URL, sha256: String)?) throws {
        try withAttachment(scan, in: releasesURL) { stored in
            var release = release
            release.scan = stored
            try ledger.addRelease(release, for: subject)
        }
    }

    /// Records an expense; a receipt is copied into `receipts/`, named by its SHA-256. Returns its number.
    @discardableResult
    public func addExpense(_ expense: Expense, receipt: (file: URL, sha256: String)?) throws -> Int64 {
        try withAttachment(receipt, in: receiptsURL) { stored in
            var expense = expense
            expense.receipt = stored
            return try ledger.addExpense(expense)
        }
    }

    /// Copies a file into a folder of the production under its SHA-256, then runs `record` with
    /// where it went. When the record cannot be written, the copy is taken back: nothing is left half-done.
    /// The folder and the copy are private (0700, 0600), whatever the mode of the file copied.
    func withAttachment<T>(_ file: (file: URL, sha256: String)?, in folder: URL, record: (Release.Scan?) throws -> T) throws -> T {
        guard let file else { return try record(nil) }
        let fm = FileManager.default
        let ext = file.file.pathExtension.isEmpty ? "" : "." + file.file.pathExtension.lowercased()
        let stored = folder.appendingPathComponent(file.sha256 + ext)
        // Whether this call put the file there: only then is it taken back on failure. Another writer may store
        // the same content at the same moment (its name is its SHA-256): theirs is kept, and theirs to take back.
        var placed = false
        do {
            if !fm.fileExists(atPath: stored.path) {
                try PrivateFiles.makeFolder(folder)
                let partial = folder.appendingPathComponent(".partial-" + UUID().uuidString)
                try PrivateFiles.copy(file.file, to: partial)
                defer { try? fm.removeItem(at: partial) }
                if link(partial.path, stored.path) == 0 {
                    placed = true
                } else if errno != EEXIST {
                    // A file system without hard links (exFAT, say): the copy takes the name in one step all the same.
                    guard rename(partial.path, stored.path) == 0 else {
                        throw LedgerError.io("cannot copy \(file.file.path.q) into the production: \(String(cString: strerror(errno)))")
                    }
                    placed = true
                }
            }
            return try record(Release.Scan(
                path: folder.lastPathComponent + "/" + stored.lastPathComponent, sha256: file.sha256,
                originalName: file.file.lastPathComponent))
        } catch {
            if placed { try? fm.removeItem(at: stored) }
            if let e = error as? CocoaError {
                throw LedgerError.io("cannot copy \(file.file.path.q) into the production: \(e.localizedDescription)")
            }
            throw error
        }
    }
}
