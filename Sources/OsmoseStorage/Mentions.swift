import Foundation
import GRDB
import OsmoseDomain

/// A free-text field of a record that names a person: their name, e-mail address or phone number
/// appears in it. An export lists these places with their text; an erasure lists the same places
/// and redacts them.
public struct Mention: Sendable, Equatable, Encodable {
    public var table: String
    /// The record's row id (its `id` where it has one).
    public var row: Int64
    public var field: String
    /// The field's text; not kept in what an erasure reports.
    public var text: String?
    /// For a field an erasure leaves as it is, why.
    public var note: String?

    /// “news #3 body”
    public var place: String { "\(table) #\(row) \(field)" }

    /// The place alone, as an erasure reports it: the text would name the person again.
    var withoutText: Mention { Mention(table: table, row: row, field: field, note: note) }
}

/// Finds a person in a text: any of their names (whole words, whatever the case and accents),
/// e-mail addresses and phone numbers (whatever the spacing or the country prefix), and
/// replaces them: a name by the pseudonym, an address or a number by “[erased]”.
struct PersonMatcher: Sendable {
    let names: [String]
    let emails: [String]
    /// The last nine digits of each phone number (the whole number when shorter).
    let phones: [String]

    init(names: [String], emails: [String], phones: [String]) {
        // The longest first: “Éva Martin-Durand” before “Éva Martin”.
        self.names = names.map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count >= 2 }.sorted { $0.count > $1.count }
        self.emails = emails.filter { $0.contains("@") }.sorted { $0.count > $1.count }
        self.phones = phones.map { String($0.filter(\.isASCIIDigit).suffix(9)) }.filter { $0.count >= 6 }
    }

    var isEmpty: Bool { names.isEmpty && emails.isEmpty && phones.isEmpty }

    /// Whether the text names the person.
    func names(_ text: String) -> Bool { redacted(text, pseudonym: "") != nil }

    /// The text with the person replaced, nil when it does not name them.
    func redacted(_ text: String, pseudonym: String) -> String? {
        var text = text
        var found = false
        for email in emails {
            found = Self.replace(email, in: &text, with: "[erased]", isWordCharacter: Self.isAddressCharacter) || found
        }
        for name in names {
            found = Self.replace(name, in: &text, with: pseudonym, isWordCharacter: { $0.isLetter || $0.isNumber }) || found
        }
        if !phones.isEmpty { found = replacePhones(in: &text) || found }
        return found ? text : nil
    }

    static func isAddressCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || "_%+-@".contains(c) }

    /// Replaces each occurrence of `needle` standing on its own (not inside a longer word).
    static func replace(_ needle: String, in text: inout String, with replacement: String, isWordCharacter: (Character) -> Bool) -> Bool {
        var found = false
        var from = text.startIndex
        while from < text.endIndex,
              let range = text.range(of: needle, options: [.caseInsensitive, .diacriticInsensitive], range: from..<text.endIndex) {
            let alone = (range.lowerBound == text.startIndex || !isWordCharacter(text[text.index(before: range.lowerBound)]))
                && (range.upperBound == text.endIndex || !isWordCharacter(text[range.upperBound]))
            if alone {
                let offset = text.distance(from: text.startIndex, to: range.lowerBound)
                text.replaceSubrange(range, with: replacement)
                from = text.index(text.startIndex, offsetBy: offset + replacement.count)
                found = true
            } else {
                from = text.index(after: range.lowerBound)
            }
        }
        return found
    }

    /// Runs of digits with the separators phone numbers are written with (“+33 6 12 34 56 78”,
    /// “06.12.34.56.78”) whose last digits are one of the person's numbers.
    func replacePhones(in text: inout String) -> Bool {
        var result = ""
        var run = ""
        var found = false
        func flush() {
            // A run ends with a digit; what follows its last digit (a space, a point) is kept.
            let end = run.lastIndex(where: \.isASCIIDigit).map { run.index(after: $0) } ?? run.startIndex
            let digits = String(run[..<end].filter(\.isASCIIDigit))
            if digits.count >= 6, phones.contains(where: { digits.hasSuffix($0) && digits.count - $0.count <= 4 }) {
                result += "[erased]" + run[end...]
                found = true
            } else {
                result += run
            }
            run = ""
        }
        for c in text {
            if c.isASCIIDigit || (c == "+" && run.isEmpty) || (!run.isEmpty && " .-()/\u{00A0}".contains(c)) {
                run.append(c)
            } else {
                if !run.isEmpty { flush() }
                result.append(c)
            }
        }
        if !run.isEmpty { flush() }
        if found { text = result }
        return found
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Ledger {
    /// Every column of the ledger that holds text a person typed (or a file brought in), where
    /// anyone may be named: what an export searches and an erasure redacts. A column added to
    /// the schema must be listed here or in `structuredTextColumns`, which a test checks.
    static let freeTextColumns: [String: [String]] = [
        "production": ["title"],
        "space": ["name", "address", "contact", "notes"],
        "person": ["name", "guardian", "notes"],
        "shooting_day": ["notes"],
        "release": ["scan_name", "note"],
        "log_entry": ["text"],
        "log_tag": ["tag"],
        "expense": ["payee", "receipt_name", "note"],
        "funding_receipt": ["note"],
        "pledge": ["name", "public_name", "message"],
        "news": ["title", "body"],
        "team_token": ["name"],
        "screening": ["title", "cut_name"],
        "card": ["camera", "author"],
        "card_copy": ["problems"],
        "cut": ["name"],
        "post_task": ["name", "assignee"],
        "holiday": ["name"],
        "guest": ["name"],
        "screening_check": ["note"],
    ]

    /// The text columns that are not free text, and why an erasure leaves them.
    static let structuredTextColumns: [String: [String: String]] = [
        "production": ["time_zone": "a setting", "locale": "a setting", "frame_rate": "a setting", "uid": "an identifier"],
        "space": ["kind": "a choice"],
        "person": ["role": "a choice", "email": "their own address, cleared with their row", "phone": "their own number, cleared with their row"],
        "shooting_day": ["date": "a date", "call_time": "a time", "wrap_time": "a time", "status": "a choice"],
        "release": ["status": "a choice", "scope": "choices", "territory": "choices", "until": "a date", "scan_path": "a file named by its checksum"],
        "log_entry": ["frame_rate": "a setting"],
        "expense": ["line_code": "a budget code", "date": "a date", "status": "a choice", "receipt_path": "a file named by its checksum"],
        "funding_receipt": ["source_id": "a budget code", "date": "a date"],
        "pledge": ["ref": "the platform's reference", "source": "a choice", "email": "their own address, cleared with their row",
                   "tier": "a tier of the budget", "status": "a choice", "date": "a date"],
        "team_token": ["role": "a choice"],
        "web_session": ["csrf": "a random token"],
        "screening": ["starts_at": "a time", "format": "a choice"],
        "card": ["name": "the card's name, which its folder in footage-index/ bears", "source": "the card's path when ingested",
                 "algorithms": "hash names"],
        "card_copy": ["path": "a folder's path", "generation": "an ASC MHL generation", "state": "a choice"],
        "clip": ["path": "a file's path on the card, which its manifests seal", "hashes": "checksums", "xxh64": "a checksum",
                 "metadata_source": "a choice", "frame_rate": "camera metadata", "capture_rate": "camera metadata", "codec": "camera metadata",
                 "camera_model": "camera metadata", "camera_serial": "camera metadata", "manufacturer": "camera metadata",
                 "created": "camera metadata", "spanned_files": "file paths on the card"],
        "cut": ["format": "a choice", "source": "the cut file's path", "frame_rate": "a setting"],
        "cut_event": ["method": "a choice", "clip_name": "a clip's name in the editor's file", "path": "a clip's path in the editor's file",
                      "reel": "a reel's name in the editor's file", "source_rate": "a setting"],
        "post_task": ["kind": "a choice", "line_code": "a budget code", "status": "a choice"],
        "guest": ["email": "their own address, cleared with their row", "kind": "a choice", "rsvp": "a choice", "token": "a random token"],
        "screening_check": ["item": "a choice"],
        "screening_copy": ["path": "an exported file's path", "xxh128": "a checksum"],
        "journal_state": ["actor": "who writes now, set by every write"],
        "shooting_day_person": ["presence": "a choice"],
        "journal": ["at": "an instant", "entity": "a record kind", "action": "a choice", "actor": "redacted with the journal",
                    "ref": "redacted with the journal", "before": "redacted with the journal", "after": "redacted with the journal"],
        "grdb_migrations": ["identifier": "a migration's name"],
    ]

    /// The structured columns that may still spell a person's name (a clip filmed as
    /// “Interview_Camille_Durand.MP4”): an erasure cannot change them, since other tools and files
    /// know the records by them, but it says where they are, as the export does.
    static let keptNamingColumns: [String: [String]] = [
        "card": ["name", "source"], "card_copy": ["path"], "clip": ["path", "spanned_files"], "cut": ["source"],
        "cut_event": ["clip_name", "path", "reel"], "screening_copy": ["path"], "pledge": ["ref"],
    ]

    /// Whether a column is bookkeeping by its name alone: dates and instants, keys folded from
    /// another column, checksums.
    static func isBookkeeping(column: String) -> Bool {
        ["_at", "_on", "_key", "_sha256", "_day"].contains { column.hasSuffix($0) } || column == "day"
    }

    /// The derived column to keep in step when a free-text column changes.
    static func derivedKey(table: String, column: String) -> String? {
        switch (table, column) {
        case ("space", "name"), ("person", "name"), ("cut", "name"), ("post_task", "name"), ("guest", "name"): "name_key"
        case ("log_tag", "tag"): "tag_key"
        default: nil
        }
    }

    /// Every free-text field outside the person's own records that names them, in table order;
    /// with `kept`, the structured fields that do (see `keptNamingColumns`), each with why it stays.
    static func mentions(_ db: Database, _ subject: Subject, kept: Bool = false) throws -> [Mention] {
        let searched = kept ? keptNamingColumns : freeTextColumns
        let matcher = subject.matcher
        guard !matcher.isEmpty else { return [] }
        let own: [String: Set<Int64>] = ["person": Set(subject.people), "pledge": Set(subject.pledges), "guest": Set(subject.guests),
                                         "release": Set(subject.releases)]
        var found: [Mention] = []
        for (table, columns) in searched.sorted(by: { $0.key < $1.key }) {
            guard try db.tableExists(table) else { continue }
            let list = columns.joined(separator: ", ")
            for row in try Row.fetchAll(db, sql: "SELECT rowid AS osmose_rowid, \(list) FROM \(table) ORDER BY rowid") {
                let id: Int64 = row["osmose_rowid"]
                if own[table]?.contains(id) == true { continue }
                for column in columns {
                    if let text = row[column] as String?, matcher.names(text) {
                        found.append(Mention(table: table, row: id, field: column, text: text,
                                             note: kept ? structuredTextColumns[table]?[column] : nil))
                    }
                }
            }
        }
        return found
    }

    /// Redacts each mention in place (with its derived key and the search index kept in step).
    static func redact(_ db: Database, _ mentions: [Mention], matcher: PersonMatcher, pseudonym: String) throws {
        for mention in mentions {
            guard let text = mention.text, let redacted = matcher.redacted(text, pseudonym: pseudonym) else { continue }
            var sql = "UPDATE \(mention.table) SET \(mention.field) = ?"
            var arguments: [any DatabaseValueConvertible] = [redacted]
            if let key = derivedKey(table: mention.table, column: mention.field) {
                sql += ", \(key) = ?"
                arguments.append(NameKey.fold(redacted))
            } else if mention.table == "pledge" && mention.field == "name" {
                // A backer known by name only is counted by it: the key follows the name, so the count holds.
                sql += ", contributor_key = CASE WHEN contributor_key LIKE 'name:%' THEN ? ELSE contributor_key END"
                arguments.append("name:" + NameKey.fold(redacted))
            }
            try db.execute(sql: sql + " WHERE rowid = ?", arguments: StatementArguments(arguments + [mention.row]))
        }
        // The full-text index holds the log texts and tags too: those of the redacted entries are indexed again.
        let entries = Set(try mentions.compactMap { mention -> Int64? in
            switch mention.table {
            case "log_entry": mention.row
            case "log_tag": try Int64.fetchOne(db, sql: "SELECT log_entry_id FROM log_tag WHERE rowid = ?", arguments: [mention.row])
            default: nil
            }
        })
        guard !entries.isEmpty else { return }
        for id in entries.sorted() {
            let text = try String.fetchOne(db, sql: "SELECT text FROM log_entry WHERE id = ?", arguments: [id]) ?? ""
            let tags = try String.fetchAll(db, sql: "SELECT tag FROM log_tag WHERE log_entry_id = ? ORDER BY position", arguments: [id])
            try db.execute(sql: "DELETE FROM log_search WHERE rowid = ?", arguments: [id])
            try db.execute(sql: "INSERT INTO log_search (rowid, text, tags) VALUES (?, ?, ?)", arguments: [id, text, tags.joined(separator: " ")])
        }
        // Merged into one segment, the index keeps no copy of the words it held before.
        try db.execute(sql: "INSERT INTO log_search (log_search) VALUES ('optimize')")
    }
}

/// A file of the production folder that names a person, and what can be done about it.
public struct FileMention: Sendable, Equatable, Encodable {
    /// Relative to the production folder.
    public var path: String
    public var note: String
}

extension ProductionFolder {
    /// The text files Osmose keeps in the production folder — the footage index (manifests, the
    /// clip index, cuts) and the budgets — that name the person of `data`: what an export lists and
    /// what an erasure reports as left, with what can be done about each.
    public func files(naming data: PersonalData) -> [FileMention] {
        let matcher = PersonMatcher(names: data.names, emails: data.emails, phones: data.phones)
        guard !matcher.isEmpty else { return [] }
        let fm = FileManager.default
        let root = url.standardizedFileURL
        var found: [FileMention] = []
        for folder in [footageIndexURL, budgetsURL] {
            guard let walker = fm.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey]) else { continue }
            for case let file as URL in walker {
                let values = try? file.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
                // Text files Osmose writes are small; media and archives are not read.
                guard values?.isRegularFile == true, (values?.fileSize ?? 0) <= 16 << 20,
                      let bytes = fm.contents(atPath: file.path), !bytes.prefix(8192).contains(0),
                      matcher.names(String(decoding: bytes, as: UTF8.self)) else { continue }
                let relative = String(file.standardizedFileURL.path.dropFirst(root.path.count + 1))
                let sealed = folder == footageIndexURL && (file.pathExtension == "mhl" || file.lastPathComponent == "ascmhl_chain.xml")
                found.append(FileMention(path: relative, note: sealed
                    ? "an ASC MHL manifest, sealed by its history's chain: it cannot be rewritten without breaking the chain"
                    : "edit or remove it by hand"))
            }
        }
        return found.sorted { $0.path < $1.path }
    }
}
