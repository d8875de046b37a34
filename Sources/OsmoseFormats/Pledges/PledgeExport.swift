import Foundation
import OsmoseDomain

/// The exports `osmose pledge import` reads.
public enum PledgeExportFormat: String, CaseIterable, Sendable {
    case helloasso, kickstarter, csv
}

/// A pledge read from a row of an export, with the row's line.
public struct ImportedPledge: Sendable {
    public let line: Int
    public let pledge: Pledge
}

/// A row that cannot be imported: `FILE:LINE: column "X": value "Y" is not …`.
public struct ImportProblem: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: String?
    public let value: String?
    public let message: String

    public init(file: String, line: Int, column: String? = nil, value: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.value = value
        self.message = message
    }

    public var description: String {
        var text = "\(file):\(line): "
        if let column { text += "column \"\(column)\": " }
        if let value { text += "value \"\(value)\" " }
        return text + message
    }
}

/// The fields of a pledge an export's columns can fill.
public enum PledgeField: String, CaseIterable, Sendable {
    case ref, amount, date, status, name
    case firstName = "first_name"
    case lastName = "last_name"
    case email
    case publicName = "public_name"
    case anonymous, tier, message

    /// Its place among all fields, to index columns without hashing.
    var position: Int {
        switch self {
        case .ref: 0
        case .amount: 1
        case .date: 2
        case .status: 3
        case .name: 4
        case .firstName: 5
        case .lastName: 6
        case .email: 7
        case .publicName: 8
        case .anonymous: 9
        case .tier: 10
        case .message: 11
        }
    }
}

/// Reads pledges from HelloAsso exports, Kickstarter backer reports, and any CSV with a mapping of
/// its columns to fields. All rows are checked; every bad one is reported.
public struct PledgeExportReader: Sendable {
    public let format: PledgeExportFormat
    /// Column name → field, for the generic CSV (`--map "Montant=amount"`).
    public let mapping: [String: PledgeField]
    public let currency: String
    public let campaign: Campaign?
    /// The production's time zone: a date written with a time and a UTC offset (`2015-09-30T23:30:00Z`,
    /// `2015-09-15 10:00:00 UTC`, `…+02:00`) is the day it was there, not the day written.
    public let timeZone: TimeZone

    public init(format: PledgeExportFormat, mapping: [String: PledgeField] = [:], currency: String = "EUR", campaign: Campaign? = nil,
                timeZone: TimeZone = TimeZone(identifier: "Europe/Paris")!) {
        self.format = format
        self.mapping = mapping
        self.currency = currency
        self.campaign = campaign
        self.timeZone = timeZone
    }

    /// Reads `--map COLUMN=FIELD` arguments.
    public static func parseMapping(_ arguments: [String]) throws(InputError) -> [String: PledgeField] {
        var mapping: [String: PledgeField] = [:]
        for argument in arguments {
            guard let eq = argument.lastIndex(of: "=") else {
                throw InputError("--map \(argument.debugDescription) is not COLUMN=FIELD")
            }
            let column = String(argument[..<eq]).trimmingCharacters(in: .whitespaces)
            let name = String(argument[argument.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
            guard let field = PledgeField(rawValue: name.lowercased()) else {
                throw InputError("--map \(argument.debugDescription): \(name.debugDescription) is not a field (\(PledgeField.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            mapping[column] = field
        }
        return mapping
    }

    /// Reads every row of `data`; `file` is how problems name it.
    public func read(_ data: Data, file: String) -> (pledges: [ImportedPledge], problems: [ImportProblem]) {
        var pledges: [ImportedPledge] = []
        let problems = read(data, file: file) { pledges.append($0) }
        return (pledges, problems)
    }

    /// Reads `data` row by row, handing each good row to `each` as soon as it is read, and returns
    /// every problem found. A caller that must be all-or-nothing discards what it was handed when
    /// the list is not empty.
    public func read(_ data: Data, file: String, each: (ImportedPledge) -> Void) -> [ImportProblem] {
        var problems: [ImportProblem] = []
        var columns: [PledgeField: (index: Int, name: String)]?
        var headerCount = 0
        var byField: [(index: Int, name: String)?] = []
        var widest = 0
        var refCounts: [String: Int] = [:]
        refCounts.reserveCapacity(data.count / 64)
        // Exports repeat the same few statuses and tiers: look each up once.
        var statusMemo = Memo<Pledge.Status?>()
        var tierMemo = Memo<Campaign.Tier?>()
        let delimiter: UInt8? = format == .helloasso ? UInt8(ascii: ";") : format == .kickstarter ? UInt8(ascii: ",") : nil
        do throws(CSVError) {
            try CSVReader.scan(data, delimiter: delimiter) { record in
                guard columns != nil else {
                    if !problems.isEmpty { return }
                    let header = (0..<record.count).map { record[$0] }
                    headerCount = header.count
                    switch resolveColumns(header) {
                    case .success(let resolved):
                        columns = resolved
                        byField = PledgeField.allCases.map { resolved[$0] }
                        widest = (resolved.values.map(\.index).max() ?? 0) + 1
                    case .failure(let missing):
                        problems.append(ImportProblem(file: file, line: record.line, message: "\(missing.text); the columns are: \(header.map { "\"\($0)\"" }.joined(separator: ", "))"))
                    }
                    return
                }
                var rowProblems: [ImportProblem] = []
                func cell(_ field: PledgeField) -> (value: String, column: String)? {
                    guard let c = byField[field.position] else { return nil }
                    return (record.trimmed(c.index), c.name)
                }
                func fail(_ c: (value: String, column: String)?, _ message: String) {
                    rowProblems.append(ImportProblem(file: file, line: record.line, column: c?.column, value: c?.value, message: message))
                }
                if record.count < headerCount && record.count < widest {
                    problems.append(ImportProblem(file: file, line: record.line, message: "has \(record.count) fields where the header has \(headerCount)"))
                    return
                }
                // The reference: the key that makes imports idempotent.
                let refCell = cell(.ref)
                var ref = refCell?.value ?? ""
                if ref.isEmpty { fail(refCell, "is not a reference: the row has none") }
                // Several rows of one order keep distinct, stable keys.
                let seen = refCounts[ref, default: 0] + 1
                refCounts[ref] = seen
                if seen > 1 { ref += "#\(seen)" }

                let amountCell = cell(.amount)
                var amount: Int64 = 0
                do throws(InputError) { amount = try Self.amount(amountCell?.value ?? "", currency: currency) } catch { fail(amountCell, Self.why(error.message)) }

                let dateCell = cell(.date)
                var date: LocalDate?
                do throws(InputError) { date = try Self.date(dateCell?.value ?? "", in: timeZone) } catch { fail(dateCell, "is not a date (expected \(format == .helloasso ? "DD/MM/YYYY" : "YYYY-MM-DD or YYYY/MM/DD"))") }

                var status = Pledge.Status.collected
                if let statusCell = cell(.status) {
                    let word = statusMemo.value(for: statusCell.value) { statusWord($0) }
                    if let word { status = word } else { fail(statusCell, "is not a status this import knows (\(knownStatuses))") }
                }

                var name = cell(.name)?.value ?? ""
                if name.isEmpty {
                    let first = cell(.firstName)?.value ?? "", last = cell(.lastName)?.value ?? ""
                    name = first.isEmpty ? last : last.isEmpty ? first : first + " " + last
                }
                if name.isEmpty { fail(cell(.name) ?? cell(.lastName), "is not a name: the row has no contributor's name") }

                let emailCell = cell(.email)
                let email = emailCell?.value.isEmpty == false ? emailCell?.value : nil
                if let email, !Self.looksLikeEmail(email) { fail(emailCell, "is not an e-mail address") }

                var anonymous = false
                if let c = cell(.anonymous) {
                    switch c.value.lowercased() {
                    case "", "0", "no", "non", "false", "faux", "n": anonymous = false
                    case "1", "yes", "oui", "true", "vrai", "y", "x": anonymous = true
                    default: fail(c, "is not yes or no")
                    }
                }
                let tierCell = cell(.tier)
                var tier: String? = tierCell?.value.isEmpty == false ? tierCell?.value : nil
                if let title = tier {
                    if let campaign {
                        let known = tierMemo.value(for: title) { campaign.tier($0) }
                        if let found = known {
                            tier = found.title
                            if amount > 0 && amount < found.minimum {
                                fail(amountCell, "is below the minimum of tier \"\(found.title)\" (\(Amount.format(found.minimum, currency: currency)))")
                            }
                        } else {
                            let near = NameKey.nearest(to: title, in: campaign.tiers.map(\.title)).map { "; did you mean \"\($0)\"?" } ?? ""
                            fail(tierCell, "is not a reward tier of the campaign\(near)")
                        }
                    } else {
                        fail(tierCell, "is a tier, but the budget has no campaign")
                    }
                }
                if rowProblems.isEmpty, let date {
                    let publicName = cell(.publicName)?.value
                    let pledge = Pledge(
                        ref: ref, amount: amount, name: name, email: email,
                        publicName: publicName?.isEmpty == false ? publicName : nil, anonymous: anonymous, tier: tier,
                        status: status, date: date, message: cell(.message).flatMap { $0.value.isEmpty ? nil : $0.value },
                        source: format.rawValue)
                    // The text rule of every door, reported at the row's line like any other bad value.
                    do throws(InputError) {
                        try pledge.checkText()
                        each(ImportedPledge(line: record.line, pledge: pledge))
                    } catch {
                        problems.append(ImportProblem(file: file, line: record.line, message: error.message))
                    }
                } else {
                    problems += rowProblems
                }
            }
        } catch {
            return problems + [ImportProblem(file: file, line: error.line, message: error.message)]
        }
        if columns == nil && problems.isEmpty { problems.append(ImportProblem(file: file, line: 1, message: "the file is empty")) }
        return problems
    }

    // MARK: - Columns

    /// The columns of each format, by the names the platforms give them.
    var expectedColumns: [(field: PledgeField, names: [String], required: Bool)] {
        switch format {
        case .helloasso:
            [(.ref, ["Référence commande"], true), (.date, ["Date de la commande"], true), (.status, ["Statut de la commande"], true),
             (.tier, ["Tarif"], false), (.amount, ["Montant tarif"], true), (.lastName, ["Nom payeur"], true),
             (.firstName, ["Prénom payeur"], true), (.email, ["Email payeur"], false)]
        case .kickstarter:
            [(.ref, ["Backer UID"], true), (.name, ["Backer Name"], true), (.email, ["Email"], false),
             (.amount, ["Pledge Amount"], true), (.date, ["Pledged At"], true), (.status, ["Pledged Status"], true),
             (.tier, ["Reward Title"], false)]
        case .csv:
            PledgeField.allCases.map { ($0, [$0.rawValue], [.ref, .amount, .date].contains($0)) }
        }
    }

    func resolveColumns(_ header: [String]) -> Result<[PledgeField: (index: Int, name: String)], MissingColumn> {
        let folded = header.map { NameKey.fold($0) }
        var found: [PledgeField: (Int, String)] = [:]
        for (column, field) in mapping {
            guard let index = folded.firstIndex(of: NameKey.fold(column)) else {
                return .failure(MissingColumn(text: "no column \"\(column)\" for --map \(column)=\(field.rawValue)"))
            }
            found[field] = (index, header[index])
        }
        for expected in expectedColumns where found[expected.field] == nil {
            if let index = expected.names.lazy.compactMap({ folded.firstIndex(of: NameKey.fold($0)) }).first {
                found[expected.field] = (index, header[index])
            } else if expected.required {
                let how = format == .csv ? " (name one with --map COLUMN=\(expected.field.rawValue))" : ""
                return .failure(MissingColumn(text: "no column \"\(expected.names[0])\"\(how)"))
            }
        }
        if format == .csv && found[.name] == nil && found[.firstName] == nil && found[.lastName] == nil {
            return .failure(MissingColumn(text: "no column for the contributor's name (map one with --map COLUMN=name)"))
        }
        return .success(found)
    }

    struct MissingColumn: Error {
        let text: String
    }

    // MARK: - Values

    var knownStatuses: String {
        switch format {
        case .helloasso: "Validé, Remboursé, Annulé, Refusé, En attente"
        case .kickstarter: "collected, pledged, errored, dropped, refunded, canceled"
        case .csv: "promised, collected, failed, refunded"
        }
    }

    func statusWord(_ text: String) -> Pledge.Status? {
        switch (format, NameKey.fold(text)) {
        case (.helloasso, "valide"), (.helloasso, "validee"), (.helloasso, "paye"): .collected
        case (.helloasso, "rembourse"), (.helloasso, "remboursee"): .refunded
        case (.helloasso, "annule"), (.helloasso, "annulee"), (.helloasso, "refuse"), (.helloasso, "refusee"): .failed
        case (.helloasso, "en attente"): .promised
        case (.kickstarter, "collected"): .collected
        case (.kickstarter, "pledged"): .promised
        case (.kickstarter, "errored"), (.kickstarter, "dropped"), (.kickstarter, "canceled"), (.kickstarter, "cancelled"): .failed
        case (.kickstarter, "refunded"): .refunded
        case (.csv, let word):
            switch word {
            case "promised", "promis", "pledged", "pending", "en attente": .promised
            case "collected", "paid", "encaisse", "valide", "": .collected
            case "failed", "echoue", "annule", "refuse": .failed
            case "refunded", "rembourse": .refunded
            default: nil
            }
        default: nil
        }
    }

    /// Amounts with a fast path for the plain `25,00` and `25.00` most exports write; anything else (three
    /// decimals, a ceiling passed…) goes to `Amount.parse`, so that both give the same answer.
    static func amount(_ text: String, currency: String) throws(InputError) -> Int64 {
        var units: Int64 = 0, cents: Int64 = 0, decimals = -1, digits = 0
        var plain = !text.isEmpty
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if decimals >= 0 {
                    decimals += 1
                    cents = cents * 10 + Int64(byte - 48)
                } else {
                    units = units * 10 + Int64(byte - 48)
                    digits += 1
                }
            case UInt8(ascii: ","), UInt8(ascii: "."):
                if decimals >= 0 { plain = false } else { decimals = 0 }
            default: plain = false
            }
            // More than two decimals is not the fast path's shape (and would overflow `cents`).
            if !plain || digits > 12 || decimals > 2 { break }
        }
        if plain && digits > 0 && digits <= 12 && (decimals == -1 || decimals == 1 || decimals == 2) {
            let value = units * 100 + (decimals == 1 ? cents * 10 : cents)
            // The same ceiling as every other door; above it, the full reader says so.
            if value > 0 && value <= Amount.maximumCents { return value }
        }
        return try Amount.parse(text, currency: currency)
    }

    /// Dates as exports write them: `DD/MM/YYYY`, `YYYY-MM-DD`, `YYYY/MM/DD`, each with or without a time.
    /// A time followed by a UTC offset (`Z`, `UTC`, `GMT`, `+02:00`, `-0500`) is an instant: its day is
    /// the one it was in `zone`. A time with no offset is already local.
    static func date(_ text: String, in zone: TimeZone) throws(InputError) -> LocalDate {
        var copy = text
        let result = copy.withUTF8 { all in Result { () throws(InputError) -> LocalDate in try date(all, text: text, in: zone) } }
        return try result.get()
    }

    static func date(_ all: UnsafeBufferPointer<UInt8>, text: String, in zone: TimeZone) throws(InputError) -> LocalDate {
        let bytes = UnsafeBufferPointer(rebasing: all.prefix(10))
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard bytes[i] >= 48 && bytes[i] <= 57 else { return nil }
                v = v * 10 + Int(bytes[i] - 48)
            }
            return v
        }
        let bad = InputError("\(text.quoted) is not a date")
        guard bytes.count == 10 else { throw bad }
        let rest = all.dropFirst(10)
        guard rest.isEmpty || rest.first == UInt8(ascii: " ") || rest.first == UInt8(ascii: "T") || rest.first == UInt8(ascii: ",") else { throw bad }
        let day: LocalDate
        if bytes[2] == UInt8(ascii: "/") && bytes[5] == UInt8(ascii: "/"), let d = num(0..<2), let m = num(3..<5), let y = num(6..<10) {
            day = try LocalDate(year: y, month: m, day: d)
        } else if (bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")) || (bytes[4] == UInt8(ascii: "/") && bytes[7] == UInt8(ascii: "/")),
           let y = num(0..<4), let m = num(5..<7), let d = num(8..<10) {
            day = try LocalDate(year: y, month: m, day: d)
        } else {
            throw bad
        }
        // Most exports write local times: only a time with an offset or a zone letter is read further.
        let zoneMarks: [UInt8] = [UInt8(ascii: "Z"), UInt8(ascii: "z"), UInt8(ascii: "U"), UInt8(ascii: "G"), UInt8(ascii: "+"), UInt8(ascii: "-")]
        guard rest.contains(where: zoneMarks.contains), let (seconds, offset) = timeAndOffset(String(decoding: rest, as: UTF8.self)),
              let offset
        else { return day }
        // The instant, then its wall time in the production's zone.
        let instant = day.dayNumber * 86_400 + seconds - offset
        let wall = instant + zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
        return LocalDate(dayNumber: wall >= 0 ? wall / 86_400 : -((-wall + 86_399) / 86_400))
    }

    /// `T23:30`, ` 23:30:00`, `, 09:12`, `T23:30:00.000Z`, ` 10:00:00 UTC`, `T08:00:00+02:00`: the seconds
    /// into the day, and the offset east of UTC in seconds when one is written. Nil when the text is
    /// not a time (what follows the date is then not read).
    static func timeAndOffset(_ text: String) -> (seconds: Int, offset: Int?)? {
        var scanner = Substring(text)
        scanner = scanner.drop { $0 == "T" || $0 == " " || $0 == "," }
        func twoDigits() -> Int? {
            guard scanner.count >= 2, let value = Int(scanner.prefix(2)), scanner.prefix(2).allSatisfy(\.isASCII) else { return nil }
            scanner = scanner.dropFirst(2)
            return value
        }
        guard let hour = twoDigits(), hour < 24, scanner.first == ":" else { return nil }
        scanner = scanner.dropFirst()
        guard let minute = twoDigits(), minute < 60 else { return nil }
        var second = 0
        if scanner.first == ":" {
            scanner = scanner.dropFirst()
            guard let s = twoDigits(), s < 61 else { return nil }
            second = s
            if scanner.first == "." { scanner = scanner.dropFirst().drop { $0.isASCII && $0.isNumber } }
        }
        let seconds = hour * 3_600 + minute * 60 + second
        let zone = scanner.trimmingCharacters(in: .whitespaces).uppercased()
        switch zone {
        case "": return (seconds, nil)
        case "Z", "UTC", "GMT": return (seconds, 0)
        default:
            guard let sign = zone.first, sign == "+" || sign == "-" else { return (seconds, nil) }
            let digits = zone.dropFirst().filter { $0 != ":" }
            guard [2, 4].contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let hours = Int(digits.prefix(2)), let minutes = Int(digits.dropFirst(2).isEmpty ? "0" : String(digits.dropFirst(2))),
                  hours <= 14, minutes < 60
            else { return (seconds, nil) }
            return (seconds, (sign == "-" ? -1 : 1) * (hours * 3_600 + minutes * 60))
        }
    }

    /// A few values looked up by key, kept in a short list: cheaper than hashing when there are a handful.
    struct Memo<Value> {
        var entries: [(key: String, value: Value)] = []

        mutating func value(for key: String, compute: (String) -> Value) -> Value {
            if let hit = entries.first(where: { $0.key == key }) { return hit.value }
            let value = compute(key)
            if entries.count < 64 { entries.append((key, value)) }
            return value
        }
    }

    /// One `@` with something before it and a dot after it, and no space.
    static func looksLikeEmail(_ text: String) -> Bool {
        var at = -1, dotAfterAt = false, i = 0
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "@"):
                if at >= 0 { return false }
                at = i
            case UInt8(ascii: "."): if at >= 0 { dotAfterAt = true }
            case UInt8(ascii: " "), 0x09: return false
            default: break
            }
            i += 1
        }
        return at > 0 && dotAfterAt
    }

    /// ““x” is not an amount (…)” → “is not an amount (…)”, as the row's message names the value itself.
    static func why(_ message: String) -> String {
        guard let range = message.range(of: "” ") else { return message }
        return String(message[range.upperBound...])
    }
}
