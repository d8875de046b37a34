import Foundation
import GRDB
import OsmoseDomain

/// Which clips to list; every part given must match.
public struct ClipQuery: Sendable {
    public var shoot: LocalDate?
    public var person: String?
    public var card: String?

    public init(shoot: LocalDate? = nil, person: String? = nil, card: String? = nil) {
        self.shoot = shoot
        self.person = person
        self.card = card
    }
}

extension Ledger {
    // MARK: - Cards and clips

    /// Records an ingested card and its clips in one transaction. Ingesting a card again (a second
    /// copy, or after an interruption) updates it: its clips keep their tags and logs.
    public func recordIngest(_ card: Card, clips: [Clip]) throws {
        try TextField.check(card.name, "the card name", kind: .name)
        try TextField.check(card.camera, "the camera name", kind: .name)
        try TextField.check(card.author, "the ingest author", kind: .name)
        for clip in clips {
            do throws(InputError) { try clip.metadata.checkText() } catch { throw InputError("\(clip.path): \(error.message)") }
        }
        try journaled { db in
            let dayID = try Self.shootingDayID(db, on: card.shoot)
            let cardID: Int64
            if let row = try Row.fetchOne(db, sql: "SELECT id, shooting_day_id, camera FROM card WHERE name_key = ?",
                                          arguments: [NameKey.fold(card.name)]) {
                guard row["shooting_day_id"] == dayID, NameKey.fold(row["camera"]) == NameKey.fold(card.camera) else {
                    let day = try String.fetchOne(db, sql: "SELECT date FROM shooting_day WHERE id = ?", arguments: [row["shooting_day_id"] as Int64]) ?? "?"
                    throw LedgerError.conflict(
                        "card \(card.name.q) was ingested from camera \((row["camera"] as String).q) on \(day): name this card differently with --card NAME")
                }
                cardID = row["id"]
                try db.execute(sql: "UPDATE card SET source = ?, algorithms = ?, files = ?, bytes = ?, author = ?, ingested_at = ? WHERE id = ?",
                               arguments: [card.source, card.algorithms.joined(separator: ","), card.files, card.bytes, card.author,
                                           Self.instant(card.ingestedAt), cardID])
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO card (name, name_key, shooting_day_id, camera, source, algorithms, files, bytes, author, ingested_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [card.name, NameKey.fold(card.name), dayID, card.camera, card.source,
                                card.algorithms.joined(separator: ","), card.files, card.bytes, card.author, Self.instant(card.ingestedAt)])
                cardID = db.lastInsertedRowID
            }
            for copy in card.copies {
                try db.execute(
                    sql: """
                        INSERT INTO card_copy (card_id, path, generation, state, problems, checked_at) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (card_id, path) DO UPDATE SET generation = excluded.generation, state = excluded.state,
                            problems = excluded.problems, checked_at = excluded.checked_at
                        """,
                    arguments: [cardID, copy.path, copy.generation, copy.state.rawValue, copy.problems.joined(separator: "\n"),
                                Self.instant(copy.checkedAt)])
            }
            for clip in clips {
                let m = clip.metadata
                try db.execute(
                    sql: """
                        INSERT INTO clip (card_id, path, name_key, size, hashes, xxh64, metadata_source, frame_rate, start_frame,
                            duration_frames, capture_rate, codec, camera_model, camera_serial, manufacturer, created, spanned_files)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (card_id, path) DO UPDATE SET size = excluded.size, hashes = excluded.hashes,
                            xxh64 = excluded.xxh64, metadata_source = excluded.metadata_source, frame_rate = excluded.frame_rate,
                            start_frame = excluded.start_frame, duration_frames = excluded.duration_frames,
                            capture_rate = excluded.capture_rate, codec = excluded.codec, camera_model = excluded.camera_model,
                            camera_serial = excluded.camera_serial, manufacturer = excluded.manufacturer,
                            created = excluded.created, spanned_files = excluded.spanned_files
                        """,
                    arguments: [cardID, clip.path, NameKey.fold(clip.name), clip.size, Self.hashText(clip.hashes), clip.hashes["xxh64"],
                                m.source, (m.rate ?? m.startTimecode?.rate)?.label, m.startTimecode?.frame, m.durationFrames,
                                m.captureRate, m.codec, m.cameraModel, m.cameraSerial, m.manufacturer, m.created.map(Self.instant),
                                m.spannedFiles.joined(separator: "\n")])
            }
            // Notes logged on the day against the camera's timecode land on the clip that holds them.
            let holding = """
                SELECT k.id FROM clip k WHERE k.card_id = ? AND k.frame_rate = log_entry.frame_rate
                    AND log_entry.in_frame >= k.start_frame AND log_entry.in_frame < k.start_frame + k.duration_frames
                ORDER BY k.start_frame LIMIT 1
                """
            try db.execute(
                sql: "UPDATE log_entry SET clip_id = (\(holding)) WHERE clip_id IS NULL AND shooting_day_id = ? AND EXISTS (\(holding))",
                arguments: [cardID, dayID, cardID])
        }
    }

    /// Every card, by shooting day then name, with its copies.
    public func cards() throws -> [Card] {
        try writer.read { db in
            let copies = try Row.fetchAll(db, sql: "SELECT * FROM card_copy ORDER BY path")
            var byCard: [Int64: [Card.Copy]] = [:]
            for row in copies {
                let problems = (row["problems"] as String).split(separator: "\n").map(String.init)
                byCard[row["card_id"], default: []].append(Card.Copy(
                    path: row["path"], generation: row["generation"], state: Card.Copy.State(rawValue: row["state"]) ?? .failed,
                    checkedAt: Self.parseInstant(row["checked_at"]), problems: problems))
            }
            return try Row.fetchAll(db, sql: """
                SELECT c.*, d.date FROM card c JOIN shooting_day d ON d.id = c.shooting_day_id ORDER BY d.date, c.name_key
                """).map { row in
                Card(name: row["name"], shoot: try LocalDate(parsing: row["date"]), camera: row["camera"], source: row["source"],
                     algorithms: (row["algorithms"] as String).split(separator: ",").map(String.init), files: row["files"],
                     bytes: row["bytes"], ingestedAt: Self.parseInstant(row["ingested_at"]), author: row["author"],
                     copies: byCard[row["id"]] ?? [])
            }
        }
    }

    /// Records the outcome of verifying a managed folder; returns the cards it holds (none when it is not a known copy).
    @discardableResult
    public func recordVerification(of path: String, ok: Bool, problems: [String], at instant: Date) throws -> [String] {
        try journaled { db in
            let cards = try String.fetchAll(db, sql: """
                SELECT c.name FROM card_copy k JOIN card c ON c.id = k.card_id WHERE k.path = ? ORDER BY c.name
                """, arguments: [path])
            try db.execute(sql: "UPDATE card_copy SET state = ?, problems = ?, checked_at = ? WHERE path = ?",
                           arguments: [ok ? "verified" : "failed", problems.joined(separator: "\n"), Self.instant(instant), path])
            return cards
        }
    }

    /// Clips matching a query, by shooting day, card and path.
    public func clips(_ query: ClipQuery = ClipQuery()) throws -> [Clip] {
        try writer.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let shoot = query.shoot {
                conditions.append("c.shooting_day_id = ?")
                _ = arguments.append(contentsOf: [try Self.shootingDayID(db, on: shoot)])
            }
            if let person = query.person {
                conditions.append("k.id IN (SELECT clip_id FROM clip_person WHERE person_id = ?)")
                _ = arguments.append(contentsOf: [try Self.id(db, in: "person", what: "person", named: person)])
            }
            if let card = query.card {
                conditions.append("c.id = ?")
                _ = arguments.append(contentsOf: [try Self.id(db, in: "card", what: "card", named: card)])
            }
            return try Self.fetchClips(db, where: conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "),
                                       arguments: arguments)
        }
    }

    static func fetchClips(_ db: Database, where filter: String, arguments: StatementArguments) throws -> [Clip] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT k.*, c.name AS card_name, c.camera, d.date,
                COALESCE(s.name, (SELECT s2.name FROM shooting_day_space l JOIN space s2 ON s2.id = l.space_id
                                  WHERE l.shooting_day_id = c.shooting_day_id ORDER BY l.position LIMIT 1)) AS space_name
            FROM clip k JOIN card c ON c.id = k.card_id JOIN shooting_day d ON d.id = c.shooting_day_id
            LEFT JOIN space s ON s.id = k.space_id
            \(filter)
            ORDER BY d.date, c.name_key, k.path
            """, arguments: arguments)
        // The people of the clips fetched only, not of every clip: one clip is looked up on every log made on a clip.
        let ids = "[" + rows.map { "\($0["id"] as Int64)" }.joined(separator: ",") + "]"
        var persons: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT l.clip_id, p.name FROM clip_person l JOIN person p ON p.id = l.person_id
            WHERE l.clip_id IN (SELECT value FROM json_each(?)) ORDER BY l.clip_id, l.position
            """, arguments: [ids]) {
            persons[row["clip_id"], default: []].append(row["name"])
        }
        return try rows.map { row in
            let rate = (row["frame_rate"] as String?).flatMap { try? FrameRate(parsing: $0) }
            let start = try (row["start_frame"] as Int?).flatMap { frame in try rate.map { try Timecode(frame: frame, rate: $0) } }
            let metadata = ClipMetadata(
                source: row["metadata_source"], durationFrames: row["duration_frames"], rate: rate, captureRate: row["capture_rate"],
                startTimecode: start, codec: row["codec"], cameraModel: row["camera_model"], cameraSerial: row["camera_serial"],
                manufacturer: row["manufacturer"], created: (row["created"] as String?).map(Self.parseInstant),
                spannedFiles: (row["spanned_files"] as String).split(separator: "\n").map(String.init))
            return Clip(card: row["card_name"], path: row["path"], size: row["size"], hashes: Self.parseHashes(row["hashes"]),
                        shoot: try LocalDate(parsing: row["date"]), camera: row["camera"], metadata: metadata,
                        persons: persons[row["id"]] ?? [], space: row["space_name"])
        }
    }

    /// The id of the clip a person names: `A001/C0001`, `C0001` when only one card has it, or its path on the card.
    static func clipID(_ db: Database, _ reference: String) throws -> Int64 {
        let text = reference.trimmingCharacters(in: .whitespaces)
        var candidates: [Row] = []
        if let slash = text.firstIndex(of: "/") {
            let card = String(text[..<slash]), rest = String(text[text.index(after: slash)...])
            candidates = try Row.fetchAll(db, sql: """
                SELECT k.id, k.path, c.name AS card FROM clip k JOIN card c ON c.id = k.card_id
                WHERE c.name_key = ? AND (k.name_key = ? OR lower(k.path) = lower(?))
                """, arguments: [NameKey.fold(card), NameKey.fold(Clip.baseName(rest)), rest])
        }
        if candidates.isEmpty {
            candidates = try Row.fetchAll(db, sql: """
                SELECT k.id, k.path, c.name AS card FROM clip k JOIN card c ON c.id = k.card_id
                WHERE k.name_key = ? OR lower(k.path) = lower(?)
                """, arguments: [NameKey.fold(Clip.baseName(text)), text])
        }
        if candidates.count == 1 { return candidates[0]["id"] }
        if candidates.count > 1 {
            let names = candidates.map { row -> String in
                let path: String = row["path"], card: String = row["card"]
                return card + "/" + Clip.baseName(path)
            }
            throw LedgerError.conflict("\(reference.q) names \(candidates.count) clips (\(names.joined(separator: ", "))): name one as CARD/CLIP")
        }
        let all = try String.fetchAll(db, sql: "SELECT c.name || '/' || k.name_key FROM clip k JOIN card c ON c.id = k.card_id")
        throw LedgerError.notFound(what: "clip", name: reference, suggestion: NameKey.nearest(to: reference, in: all))
    }

    /// One clip, named as `clipID` reads names.
    public func clip(_ reference: String) throws -> Clip {
        try writer.read { db in try Self.clip(db, id: try Self.clipID(db, reference)) }
    }

    static func clip(_ db: Database, id: Int64) throws -> Clip {
        guard let clip = try fetchClips(db, where: "WHERE k.id = ?", arguments: [id]).first else {
            throw LedgerError.notFound(what: "clip", name: "#\(id)", suggestion: nil)
        }
        return clip
    }

    /// Tags people (added to those already there) and, when given, the space seen in a clip.
    @discardableResult
    public func tagClip(_ reference: String, persons: [String], space: String?, removing: [String] = []) throws -> Clip {
        try journaled { db in
            let id = try Self.clipID(db, reference)
            for name in removing {
                let personID = try Self.id(db, in: "person", what: "person", named: name)
                try db.execute(sql: "DELETE FROM clip_person WHERE clip_id = ? AND person_id = ?", arguments: [id, personID])
            }
            var position = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position) + 1, 0) FROM clip_person WHERE clip_id = ?",
                                            arguments: [id]) ?? 0
            for name in persons {
                let personID = try Self.id(db, in: "person", what: "person", named: name)
                try db.execute(sql: "INSERT OR IGNORE INTO clip_person (clip_id, person_id, position) VALUES (?, ?, ?)",
                               arguments: [id, personID, position])
                position += 1
            }
            if let space {
                let spaceID = try Self.id(db, in: "space", what: "space", named: space)
                try db.execute(sql: "UPDATE clip SET space_id = ? WHERE id = ?", arguments: [spaceID, id])
            }
            return try Self.clip(db, id: id)
        }
    }

    // MARK: - Cuts

    /// Records a cut read back from the editor, each event matched to an indexed clip when one fits.
    /// A cut imported again under the same name replaces the earlier import.
    @discardableResult
    public func importCut(_ timeline: CutTimeline, format: String, source: String, at instant: Date = Date()) throws -> Cut {
        do throws(InputError) { try timeline.checkText() } catch { throw InputError("\(source): \(error.message)") }
        return try journaled { db in
            let (cut, clipIDs) = try Self.match(timeline, format: format, source: source, at: instant, db)
            try db.execute(sql: "DELETE FROM cut WHERE name_key = ?", arguments: [NameKey.fold(timeline.name)])
            try db.execute(
                sql: "INSERT INTO cut (name, name_key, format, source, frame_rate, imported_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [timeline.name, NameKey.fold(timeline.name), format, source, timeline.rate.label, Self.instant(instant)])
            let cutID = db.lastInsertedRowID
            let statement = try db.makeStatement(sql: """
                INSERT INTO cut_event (cut_id, number, clip_id, method, clip_name, path, reel, source_rate, source_in, source_out,
                    record_in, record_out) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (item, clipID) in zip(cut.events, clipIDs) {
                let event = item.event
                try statement.execute(arguments: [
                    cutID, event.number, clipID, item.method?.rawValue, event.clipName, event.path, event.reel,
                    event.sourceIn.rate.label, event.sourceIn.frame, event.sourceOut.frame, event.recordIn.frame, event.recordOut.frame,
                ])
            }
            return cut
        }
    }

    /// What importing a cut would record, without recording it: each event matched to an indexed clip when one fits.
    public func matchCut(_ timeline: CutTimeline, format: String, source: String, at instant: Date = Date()) throws -> Cut {
        try writer.read { db in try Self.match(timeline, format: format, source: source, at: instant, db).cut }
    }

    static func match(_ timeline: CutTimeline, format: String, source: String, at instant: Date, _ db: Database) throws
        -> (cut: Cut, clipIDs: [Int64?]) {
        let ids = try Dictionary(
            Row.fetchAll(db, sql: "SELECT k.id, c.name || '/' || k.path AS key FROM clip k JOIN card c ON c.id = k.card_id")
                .map { ($0["key"] as String, $0["id"] as Int64) }, uniquingKeysWith: { a, _ in a })
        let matcher = CutMatcher(clips: try fetchClips(db, where: "", arguments: []))
        var events: [CutEvent] = []
        var clipIDs: [Int64?] = []
        events.reserveCapacity(timeline.events.count)
        clipIDs.reserveCapacity(timeline.events.count)
        for event in timeline.events {
            let match = matcher.match(event)
            let clipID = match.flatMap { ids[$0.clip.card + "/" + $0.clip.path] }
            let found = clipID == nil ? nil : match
            events.append(CutEvent(event: event, clip: found?.clip.reference, method: found?.method,
                                   persons: found?.clip.persons ?? [], space: found?.clip.space))
            clipIDs.append(clipID)
        }
        return (Cut(name: timeline.name, format: format, source: source, rate: timeline.rate, importedAt: instant, events: events), clipIDs)
    }

    /// A cut with its events, each with the people and space of its clip as they are tagged now.
    public func cut(named name: String) throws -> Cut {
        try writer.read { db in try Self.cut(db, id: try Self.id(db, in: "cut", what: "cut", named: name)) }
    }

    /// Every cut's name, latest import first.
    public func cutNames() throws -> [String] {
        try writer.read { db in try String.fetchAll(db, sql: "SELECT name FROM cut ORDER BY imported_at DESC, id DESC") }
    }

    static func cut(_ db: Database, id: Int64) throws -> Cut {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM cut WHERE id = ?", arguments: [id]) else {
            throw LedgerError.notFound(what: "cut", name: "#\(id)", suggestion: nil)
        }
        let rate = (try? FrameRate(parsing: row["frame_rate"])) ?? .fps25
        var rates: [String: FrameRate] = [:]
        func sourceRate(_ label: String) -> FrameRate {
            if let known = rates[label] { return known }
            let parsed = (try? FrameRate(parsing: label)) ?? rate
            rates[label] = parsed
            return parsed
        }
        let clips = Dictionary(
            try fetchClips(db, where: "WHERE k.id IN (SELECT clip_id FROM cut_event WHERE cut_id = ?)", arguments: [id])
                .map { ($0.card + "/" + $0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let events = try Row.fetchAll(db, sql: """
            SELECT e.*, c.name || '/' || k.path AS clip_key FROM cut_event e
            LEFT JOIN clip k ON k.id = e.clip_id LEFT JOIN card c ON c.id = k.card_id
            WHERE e.cut_id = ? ORDER BY e.number
            """, arguments: [id]).map { e -> CutEvent in
            let sourceRate = sourceRate(e["source_rate"])
            let event = CutTimeline.Event(
                number: e["number"], clipName: e["clip_name"], path: e["path"], reel: e["reel"],
                sourceIn: try Timecode(frame: e["source_in"], rate: sourceRate),
                sourceOut: try Timecode(frame: e["source_out"], rate: sourceRate),
                recordIn: try Timecode(frame: e["record_in"], rate: rate), recordOut: try Timecode(frame: e["record_out"], rate: rate))
            let clip = (e["clip_key"] as String?).flatMap { clips[$0] }
            return CutEvent(event: event, clip: clip?.reference, method: (e["method"] as String?).flatMap(CutMatcher.Method.init),
                            persons: clip?.persons ?? [], space: clip?.space)
        }
        return Cut(name: row["name"], format: row["format"], source: row["source"], rate: rate,
                   importedAt: parseInstant(row["imported_at"]), events: events)
    }

    /// The release gate of a cut: every person and space in it, cleared or not, for a usage in a territory on a date.
    public func releaseGate(cut name: String, usage: Usage, territory: Territory, on date: LocalDate) throws -> ReleaseGate {
        try writer.read { db in
            let cut = try Self.cut(db, id: try Self.id(db, in: "cut", what: "cut", named: name))
            var failure: (any Error)?
            let gate = ReleaseGate(cut: cut, usage: usage, territory: territory, on: date) { subject in
                do {
                    let (column, id) = try Self.subjectKey(subject, db)
                    let history = try Row.fetchAll(db, sql: "SELECT * FROM release WHERE \(column) = ? ORDER BY id", arguments: [id])
                        .map(Self.release)
                    let minor: Bool = column == "person_id"
                        ? try Bool.fetchOne(db, sql: "SELECT minor FROM person WHERE id = ?", arguments: [id]) ?? false : false
                    return Clearance(subject: subject, history: history, isMinor: minor, usage: usage, territory: territory, on: date)
                } catch {
                    failure = error
                    return Clearance(subject: subject, history: [], isMinor: false, usage: usage, territory: territory, on: date)
                }
            }
            if let failure { throw failure }
            return gate
        }
    }

    // MARK: - Text forms

    static func hashText(_ hashes: [String: String]) -> String {
        hashes.keys.sorted().map { "\($0)=\(hashes[$0] ?? "")" }.joined(separator: " ")
    }

    static func parseHashes(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for part in text.split(separator: " ") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { out[String(pair[0])] = String(pair[1]) }
        }
        return out
    }

    static func parseInstant(_ text: String) -> Date {
        (try? Date(text, strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0)
    }
}
