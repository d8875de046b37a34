import Foundation
import GRDB
import OsmoseDomain

/// Everything the ledger holds about one person (a contributor, a participant, a guest…), as
/// the GDPR's right of access asks: their records as rows of values, and the journal's entries
/// about them.
public struct PersonalData: Sendable, Encodable {
    public typealias Record = [String: JournalValue]
    /// The name or e-mail address asked for.
    public var request: String
    /// Every name and e-mail address found for them (one leads to the other).
    public var names: [String]
    public var emails: [String]
    /// Their phone numbers, from their person records.
    public var phones: [String]
    public var people: [Record]
    public var shootingDays: [Record]
    public var logs: [Record]
    public var releases: [Record]
    public var pledges: [Record]
    public var guests: [Record]
    public var journal: [JournalEntry]
    /// The free-text fields of other records that name them (name, address or phone): what an erasure redacts.
    public var mentions: [Mention]
    /// The structured fields that name them (a clip's path), which an erasure leaves as they are.
    public var kept: [Mention]
    /// The files of the production folder that name them (see `ProductionFolder.files(naming:)`).
    public var files: [FileMention] = []

    public var isEmpty: Bool { people.isEmpty && pledges.isEmpty && guests.isEmpty }

    enum CodingKeys: String, CodingKey {
        case request, names, emails, phones, people, logs, releases, pledges, guests, journal, mentions, kept, files
        case shootingDays = "shooting_days"
    }
}

/// What an erasure changed.
public struct Erasure: Sendable, Encodable {
    /// The name that now stands for the person in the ledger.
    public var pseudonym: String
    public var people: Int
    public var pledges: Int
    public var guests: Int
    public var releases: Int
    public var journalEntries: Int
    /// The free-text fields of other records that named them, now redacted (without their text).
    public var mentions: [Mention]
    /// The structured fields that name them, left as they are (without their text), each with why.
    public var kept: [Mention]

    enum CodingKeys: String, CodingKey {
        case pseudonym, people, pledges, guests, releases, mentions, kept
        case journalEntries = "journal_entries"
    }
}

extension Ledger {
    /// Everything held about the person named `request` (a name or an e-mail address), journaled
    /// as an export. Throws when nobody of that name or address is in the ledger.
    public func exportPersonalData(_ request: String) throws -> PersonalData {
        try journaled { db in
            let subject = try Self.subject(db, request)
            let data = try Self.personalData(db, subject)
            try db.execute(sql: """
                INSERT INTO journal (actor, entity, ref, action, after)
                VALUES (?, 'person', ?, 'export', json_object('people', ?, 'pledges', ?, 'guests', ?, 'releases', ?))
                """, arguments: [actor, subject.names.first ?? request, data.people.count, data.pledges.count, data.guests.count,
                                 data.releases.count])
            return data
        }
    }

    /// What `exportPersonalData` would give, without journaling it: to show what an erasure would touch.
    public func personalData(_ request: String) throws -> PersonalData {
        try writer.read { db in try Self.personalData(db, try Self.subject(db, request)) }
    }

    /// Erases the person named `request`: their name becomes a pseudonym everywhere (people,
    /// pledges, guests), their contact details, messages and notes go, in the journal too;
    /// amounts, dates, statuses and seats stay so the accounts still add up, and each release
    /// stays as proof (its status, dates, scope, territory, the guardian's signature and the
    /// signed scan with its checksum) without its note. Old values are overwritten on disk
    /// (`secure_delete`) and the write-ahead log is emptied. Journaled as one entry.
    public func erasePersonalData(_ request: String) throws -> Erasure {
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            defer { try? db.execute(sql: "PRAGMA secure_delete = OFF") }
            var erasure: Erasure?
            try db.inTransaction(.immediate) {
                try Self.setActor(db, actor)
                erasure = try Self.erase(db, try Self.subject(db, request), actor: actor)
                return .commit
            }
            // The pages as they were before sit in the write-ahead log until a checkpoint.
            _ = try? db.checkpoint(.truncate)
            return erasure!
        }
    }

    /// The rows of one person, found by name or e-mail: each pledge, person or guest found brings
    /// its other name or address in, until nothing new comes.
    struct Subject {
        var names: [String] = []
        var emails: [String] = []
        var phones: [String] = []
        var nameKeys: Set<String> = []
        var emailKeys: Set<String> = []
        var people: [Int64] = []
        var pledges: [Int64] = []
        var guests: [Int64] = []
        var pledgeRefs: Set<String> = []
        /// The releases of their person records.
        var releases: [Int64] = []

        /// What finds them in a text.
        var matcher: PersonMatcher { PersonMatcher(names: names, emails: emails, phones: phones) }

        mutating func take(name: String?, email: String?) -> Bool {
            let nameKey = name.map(NameKey.fold), emailKey = email.map(NameKey.fold)
            guard nameKey.map(nameKeys.contains) == true || emailKey.map(emailKeys.contains) == true else { return false }
            if let name, let nameKey, !names.contains(where: { NameKey.fold($0) == nameKey }) {
                nameKeys.insert(nameKey)
                names.append(name)
            }
            if let email, let emailKey, !email.isEmpty, !emails.contains(where: { NameKey.fold($0) == emailKey }) {
                emailKeys.insert(emailKey)
                emails.append(email)
            }
            return true
        }
    }

    static func subject(_ db: Database, _ request: String) throws -> Subject {
        let request = request.trimmingCharacters(in: .whitespaces)
        var subject = Subject()
        if request.contains("@") { subject.emailKeys.insert(NameKey.fold(request)) } else { subject.nameKeys.insert(NameKey.fold(request)) }
        let tables = ["person", "pledge", "guest"]
        var found: [String: [Int64]] = [:]
        var size = -1
        while subject.nameKeys.count + subject.emailKeys.count != size {
            size = subject.nameKeys.count + subject.emailKeys.count
            for table in tables {
                found[table] = try Row.fetchAll(db, sql: "SELECT id, name, email FROM \(table) ORDER BY id").compactMap { row in
                    subject.take(name: row["name"], email: row["email"]) ? row["id"] as Int64 : nil
                }
            }
        }
        subject.people = found["person"] ?? []
        subject.pledges = found["pledge"] ?? []
        subject.pledgeRefs = Set(try String.fetchAll(db, sql: "SELECT ref FROM pledge WHERE id IN (\(subject.pledges.map(String.init).joined(separator: ", ")))"))
        let people = subject.people.map(String.init).joined(separator: ", ")
        subject.releases = try Int64.fetchAll(db, sql: "SELECT id FROM release WHERE person_id IN (\(people)) ORDER BY id")
        subject.phones = try String.fetchAll(db, sql: "SELECT phone FROM person WHERE id IN (\(people)) AND phone IS NOT NULL ORDER BY id")
        subject.guests = found["guest"] ?? []
        guard !(subject.people.isEmpty && subject.pledges.isEmpty && subject.guests.isEmpty) else {
            let names = try String.fetchAll(db, sql: "SELECT name FROM person UNION SELECT name FROM pledge UNION SELECT name FROM guest")
            throw LedgerError.notFound(what: "person, contributor or guest", name: request, suggestion: NameKey.nearest(to: request, in: names))
        }
        return subject
    }

    static func personalData(_ db: Database, _ subject: Subject) throws -> PersonalData {
        func records(_ sql: String, _ ids: [Int64]) throws -> [PersonalData.Record] {
            guard !ids.isEmpty else { return [] }
            let list = ids.map(String.init).joined(separator: ", ")
            return try Row.fetchAll(db, sql: sql.replacingOccurrences(of: "(?)", with: "(\(list))")).map(record)
        }
        let people = subject.people
        return PersonalData(
            request: subject.names.first ?? subject.emails.first ?? "",
            names: subject.names, emails: subject.emails, phones: subject.phones,
            people: try records("SELECT name, role, email, phone, minor, guardian, notes FROM person WHERE id IN (?) ORDER BY id", people),
            shootingDays: try records("""
                SELECT p.name AS person, d.date, d.status, l.presence FROM shooting_day_person l
                JOIN shooting_day d ON d.id = l.shooting_day_id JOIN person p ON p.id = l.person_id
                WHERE l.person_id IN (?) ORDER BY d.date
                """, people),
            logs: try records("""
                SELECT p.name AS person, d.date, e.frame_rate, e.in_frame, e.out_frame, e.rating, e.text FROM log_entry e
                JOIN shooting_day d ON d.id = e.shooting_day_id JOIN person p ON p.id = e.person_id
                WHERE e.person_id IN (?) ORDER BY d.date, e.in_frame
                """, people),
            releases: try records("""
                SELECT r.id, p.name AS person, r.status, r.signed_on, r.scope, r.territory, r.until, r.guardian_signed,
                       r.scan_path, r.scan_sha256, r.scan_name, r.note, r.recorded_at
                FROM release r JOIN person p ON p.id = r.person_id WHERE r.id IN (?) ORDER BY r.id
                """, subject.releases),
            pledges: try records("""
                SELECT ref, source, amount_cents, name, email, public_name, anonymous, tier, status, date, message, created_at
                FROM pledge WHERE id IN (?) ORDER BY date, id
                """, subject.pledges),
            guests: try records("""
                SELECT s.title AS screening, s.starts_at, g.name, g.email, g.kind, g.allowance, g.seats, g.rsvp, g.checked_in,
                       g.answered_at
                FROM guest g JOIN screening s ON s.id = g.screening_id WHERE g.id IN (?) ORDER BY s.starts_at, g.id
                """, subject.guests),
            journal: try journalEntries(db).filter { concerns($0, subject) != nil },
            mentions: try mentions(db, subject), kept: try mentions(db, subject, kept: true))
    }

    static func record(_ row: Row) -> PersonalData.Record {
        Dictionary(uniqueKeysWithValues: row.columnNames.map { column in
            let value: JournalValue =
                switch (row[column] as DatabaseValue).storage {
                case .int64(let n): .integer(n)
                case .double(let x): .real(x)
                case .string(let s): .text(s)
                case .null, .blob: .null
                }
            return (column, value)
        })
    }

    /// Whether a journal entry is about the subject: `true` for one of their own records (a pledge,
    /// a guest row, a release, an export of their data), `false` for another record where one of
    /// their names or addresses appears, nil when it is not about them.
    static func concerns(_ entry: JournalEntry, _ subject: Subject) -> Bool? {
        switch entry.entity {
        case "pledge" where subject.pledgeRefs.contains(entry.ref): return true
        case "release" where subject.releases.contains { "#\($0)" == entry.ref }: return true
        case "guest" where named(entry.ref, subject) != nil, "person" where named(entry.ref, subject) != nil: return true
        default: break
        }
        let matcher = subject.matcher
        if matcher.names(entry.ref) || matcher.names(entry.actor) { return false }
        for values in [entry.before, entry.after] {
            for case .text(let text) in values.map({ Array($0.values) }) ?? [] where matcher.names(text) { return false }
        }
        return nil
    }

    /// The fields of a journaled row that say who someone is or how to reach them.
    static let personalFields: Set<String> = ["email", "phone", "public_name", "message", "guardian", "notes", "note", "scan_name"]

    static func erase(_ db: Database, _ subject: Subject, actor: String) throws -> Erasure {
        let pseudonym = try Self.pseudonym(db)
        let touched = try journalEntries(db).compactMap { entry in concerns(entry, subject).map { (entry, own: $0) } }
        let mentions = try Self.mentions(db, subject)
        let erasure = Erasure(pseudonym: pseudonym, people: subject.people.count, pledges: subject.pledges.count,
                              guests: subject.guests.count, releases: subject.releases.count, journalEntries: touched.count,
                              mentions: mentions.map(\.withoutText), kept: try Self.mentions(db, subject, kept: true).map(\.withoutText))
        let matcher = subject.matcher
        // Every journal trigger: a redacted expense or guest must not be journaled again with its old text.
        try withJournalTriggersAside(db, on: nil) {
            // Each way they were counted as a backer stays one backer: the campaign's count holds.
            var keys: [String: String] = [:]
            for id in subject.pledges {
                let key = try String.fetchOne(db, sql: "SELECT contributor_key FROM pledge WHERE id = ?", arguments: [id]) ?? ""
                let erased = keys[key] ?? "erased:\(pseudonym):\(keys.count + 1)"
                keys[key] = erased
                try db.execute(sql: """
                    UPDATE pledge SET name = ?, email = NULL, public_name = NULL, anonymous = 1, message = NULL,
                        contributor_key = ? WHERE id = ?
                    """, arguments: [pseudonym, erased, id])
            }
            // Two guest rows of theirs at one screening (a contributor invited by hand too) keep two names.
            var perScreening: [Int64: Int] = [:]
            for id in subject.guests {
                let screening = try Int64.fetchOne(db, sql: "SELECT screening_id FROM guest WHERE id = ?", arguments: [id]) ?? 0
                let n = perScreening[screening, default: 0] + 1
                perScreening[screening] = n
                let name = n == 1 ? pseudonym : "\(pseudonym) (\(n))"
                try db.execute(sql: "UPDATE guest SET name = ?, name_key = ?, email = NULL WHERE id = ?",
                               arguments: [name, NameKey.fold(name), id])
            }
            for (n, id) in subject.people.enumerated() {
                let name = n == 0 ? pseudonym : "\(pseudonym) (\(n + 1))"
                // A minor's release needs a guardian: the guardian is kept as a role, not a name.
                try db.execute(sql: """
                    UPDATE person SET name = ?, name_key = ?, email = NULL, phone = NULL, notes = NULL,
                        guardian = CASE WHEN minor = 1 THEN 'guardian (erased)' ELSE NULL END WHERE id = ?
                    """, arguments: [name, NameKey.fold(name), id])
            }
            for id in subject.releases {
                try db.execute(sql: "UPDATE release SET note = NULL, scan_name = NULL WHERE id = ?", arguments: [id])
            }
            try redact(db, mentions, matcher: matcher, pseudonym: pseudonym)
            for (entry, own) in touched {
                let ref = redacted(ref: entry.ref, subject, pseudonym)
                try db.execute(sql: "UPDATE journal SET actor = ?, ref = ?, before = ?, after = ? WHERE id = ?", arguments: [
                    matcher.redacted(entry.actor, pseudonym: pseudonym) ?? entry.actor, matcher.redacted(ref, pseudonym: pseudonym) ?? ref,
                    redacted(entry.before, own: own, subject, pseudonym), redacted(entry.after, own: own, subject, pseudonym), entry.id])
            }
        }
        try db.execute(sql: """
            INSERT INTO journal (actor, entity, ref, action, after)
            VALUES (?, 'person', ?, 'erase', json_object('people', ?, 'pledges', ?, 'guests', ?, 'releases', ?, 'journal_entries', ?))
            """, arguments: [actor, pseudonym, erasure.people, erasure.pledges, erasure.guests, erasure.releases, erasure.journalEntries])
        return erasure
    }

    /// “Erased 3F9A0C”: six hexadecimal digits, unused by any person.
    static func pseudonym(_ db: Database) throws -> String {
        while true {
            let name = "Erased " + String(format: "%06X", UInt32.random(in: 0..<0x100_0000))
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM person WHERE name_key = ?", arguments: [NameKey.fold(name)]) == nil { return name }
        }
    }

    /// Where a journal reference names the subject: whole (“Camille Durand”) or after a colon
    /// (“screening #1: Camille Durand”), as the start of the name; nil when it does not.
    static func named(_ ref: String, _ subject: Subject) -> String.Index? {
        if subject.nameKeys.contains(NameKey.fold(ref)) { return ref.startIndex }
        guard let colon = ref.firstIndex(of: ":") else { return nil }
        let name = ref[ref.index(after: colon)...]
        return subject.nameKeys.contains(NameKey.fold(name.trimmingCharacters(in: .whitespaces))) ? name.startIndex : nil
    }

    static func redacted(ref: String, _ subject: Subject, _ pseudonym: String) -> String {
        guard let start = named(ref, subject) else { return ref }
        return start == ref.startIndex ? pseudonym : ref[..<start] + " " + pseudonym
    }

    /// A journaled row as JSON with their names as the pseudonym and their details gone.
    /// In a row of their own, the name is theirs whatever it was then, and their details go
    /// whole; in another's, only the words that name them.
    static func redacted(_ values: [String: JournalValue]?, own: Bool, _ subject: Subject, _ pseudonym: String) throws -> String? {
        guard var values else { return nil }
        let matcher = subject.matcher
        for (key, value) in values {
            if own && personalFields.contains(key) {
                values[key] = .null
            } else if own && key == "name" {
                values[key] = .text(pseudonym)
            } else if case .text(let text) = value {
                let folded = NameKey.fold(text)
                if subject.emailKeys.contains(folded) {
                    values[key] = .null
                } else if subject.nameKeys.contains(folded) {
                    values[key] = .text(pseudonym)
                } else if let redacted = matcher.redacted(text, pseudonym: pseudonym) {
                    values[key] = .text(redacted)
                }
            }
        }
        if own && values["anonymous"] != nil { values["anonymous"] = .integer(1) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(values), as: UTF8.self)
    }
}
