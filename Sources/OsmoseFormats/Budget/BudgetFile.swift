import Foundation
import OsmoseDomain

/// Every budget version of a production, read from `budgets/*.toml`, with every problem found.
public struct BudgetSet: Sendable {
    public let budgets: [Budget]
    public let problems: [BudgetProblem]

    public init(budgets: [Budget], problems: [BudgetProblem]) {
        self.budgets = budgets
        self.problems = problems
    }

    /// The version reports use: the one marked `current = true`, or the only one there is.
    public func current() throws(InputError) -> Budget {
        let marked = budgets.filter(\.current)
        if marked.count == 1 { return marked[0] }
        if marked.count > 1 {
            throw InputError("several budget versions say current = true (\(marked.map(\.file).joined(separator: ", "))): keep one")
        }
        if budgets.count == 1 { return budgets[0] }
        if budgets.isEmpty {
            if let first = problems.first { throw InputError("the budget cannot be read: \(first)") }
            throw InputError("there is no budget yet: write one in budgets/ (see budgets/README.md)")
        }
        throw InputError("no budget version says current = true among \(budgets.map(\.file).joined(separator: ", ")): mark one")
    }

    /// A version by its name (the file name without `.toml`), or the current one when nil.
    public func version(_ name: String?) throws(InputError) -> Budget {
        guard let name else { return try current() }
        let key = name.hasSuffix(".toml") ? String(name.dropLast(5)) : name
        if let budget = budgets.first(where: { $0.version == key }) { return budget }
        let near = NameKey.nearest(to: key, in: budgets.map(\.version)).map { "; did you mean \($0.quoted)?" } ?? ""
        throw InputError("there is no budget version \(name.quoted)\(near) (the versions are: \(budgets.map(\.version).joined(separator: ", ")))")
    }
}

/// Reads the budget format documented in `budgets/README.md`.
public enum BudgetFile {
    /// Reads every `*.toml` in a folder; `prefix` is how messages name the folder (`budgets`).
    public static func readFolder(_ folder: URL, prefix: String = "budgets") -> BudgetSet {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".toml") && !$0.hasPrefix(".") }.sorted()
        var budgets: [Budget] = []
        var problems: [BudgetProblem] = []
        for name in names {
            let file = prefix + "/" + name
            do throws(InputError) { try InputFile.check(folder.appendingPathComponent(name)) } catch {
                problems.append(BudgetProblem(file: file, line: 1, message: "cannot be read: \(error.message)"))
                continue
            }
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
                problems.append(BudgetProblem(file: file, line: 1, message: "cannot be read"))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                problems.append(BudgetProblem(file: file, line: 1, message: "is not UTF-8 text"))
                continue
            }
            let result = read(text, file: file, version: String(name.dropLast(5)))
            if let budget = result.budget { budgets.append(budget) }
            problems += result.problems
        }
        let current = budgets.filter(\.current)
        if current.count > 1 {
            for budget in current.dropFirst() {
                problems.append(BudgetProblem(file: budget.file, line: 1, message: "says current = true, as \(current[0].file) does: only one version is current"))
            }
        }
        return BudgetSet(budgets: budgets, problems: problems)
    }

    /// Reads one budget file. The budget is nil only when the file is not valid TOML; otherwise
    /// every problem of every value is listed, each at its line.
    public static func read(_ text: String, file: String, version: String) -> (budget: Budget?, problems: [BudgetProblem]) {
        let root: TOMLTable
        do {
            root = try TOML.parse(text)
        } catch {
            return (nil, [BudgetProblem(file: file, line: error.line, message: error.message)])
        }
        var reader = Reader(file: file)
        let budget = reader.budget(root, version: version)
        return (budget, reader.problems + budget.problems().filter { p in !reader.problems.contains { $0.line == p.line && $0.message == p.message } })
    }

    /// Walks the document, noting every problem and going on, so that one run lists them all.
    struct Reader {
        let file: String
        var problems: [BudgetProblem] = []
        var currency = "EUR"

        mutating func problem(_ line: Int, _ message: String) {
            problems.append(BudgetProblem(file: file, line: line, message: message))
        }

        mutating func budget(_ root: TOMLTable, version: String) -> Budget {
            known(root, ["budget", "funding", "line", "lines", "campaign"], in: "the file")
            var budget = Budget(version: version, file: file, title: version)
            if let head = table(root, "budget") {
                known(head, ["title", "date", "current", "currency", "note"], in: "[budget]")
                budget.title = string(head, "title") ?? version
                budget.date = date(head, "date")
                budget.current = bool(head, "current") ?? false
                if let code = string(head, "currency") {
                    if code.count == 3 && code.allSatisfy({ $0.isLetter && $0.isASCII }) {
                        currency = code.uppercased()
                    } else {
                        problem(head["currency"]!.line, "currency \"\(code)\" is not a three-letter code such as EUR")
                    }
                }
                budget.currency = currency
                budget.note = string(head, "note")
            } else {
                problem(1, "there is no [budget] table with the version's title")
            }
            if let funding = table(root, "funding") {
                for (id, node) in funding.entries {
                    guard case .table(let t) = node.value else {
                        problem(node.line, "funding.\(id) should be a table: [funding.\(id)]")
                        continue
                    }
                    guard checked(id, "the funding source id", line: node.line) != nil else { continue }
                    budget.funding.append(source(id: id, t))
                }
            }
            for (name, node) in root.entries where name == "line" || name == "lines" {
                guard case .array(let items) = node.value else {
                    problem(node.line, "write budget lines as [[line]] tables")
                    continue
                }
                for item in items {
                    guard case .table(let t) = item.value else { problem(item.line, "a budget line should be a [[line]] table"); continue }
                    if let line = line(t) { budget.lines.append(line) }
                }
            }
            if let c = table(root, "campaign") { budget.campaign = campaign(c) }
            return budget
        }

        mutating func source(id: String, _ t: TOMLTable) -> FundingSource {
            known(t, ["kind", "name", "amount", "instalment", "instalments", "valuation", "note"], in: "[funding.\(id)]")
            var kind = FundingSource.Kind.grant
            if let text = string(t, "kind") {
                do { kind = try FundingSource.Kind(parsing: text) } catch { problem(t["kind"]!.line, "kind \"\(text)\" of funding.\(id) is not grant, crowdfunding, in-kind or own") }
            } else {
                problem(t.line, "funding.\(id) needs a kind (grant, crowdfunding, in-kind or own)")
            }
            var source = FundingSource(id: id, kind: kind, name: string(t, "name") ?? id, planned: amount(t, "amount", required: true, of: "funding.\(id)") ?? 0,
                                       valuation: string(t, "valuation"), sourceLine: t.line)
            for key in ["instalment", "instalments"] {
                guard let node = t[key] else { continue }
                guard case .array(let items) = node.value else { problem(node.line, "write instalments as [[funding.\(id).instalment]] tables"); continue }
                for item in items {
                    guard case .table(let i) = item.value else { problem(item.line, "an instalment should be a table"); continue }
                    known(i, ["amount", "due", "condition"], in: "an instalment of funding.\(id)")
                    source.instalments.append(FundingSource.Instalment(
                        amount: amount(i, "amount", required: true, of: "an instalment") ?? 0, due: date(i, "due"),
                        condition: string(i, "condition"), sourceLine: i.line))
                }
            }
            return source
        }

        mutating func line(_ t: TOMLTable) -> BudgetLine? {
            known(t, ["code", "chapter", "label", "estimate", "paid_by", "notes", "note"], in: "[[line]]")
            var code: String?
            if let node = t["code"] {
                switch node.value {
                case .string(let s) where !s.trimmingCharacters(in: .whitespaces).isEmpty: code = checked(s, "code", line: node.line)
                case .integer(let n): code = String(n)
                case .float: problem(node.line, "write the code in quotes, as in code = \"1.1\", so that 1.10 stays 1.10")
                default: problem(node.line, "code should be a text such as \"7.1\"")
                }
            } else {
                problem(t.line, "a budget line needs a code")
            }
            var chapter = 0
            if let node = t["chapter"] {
                switch node.value {
                case .integer(let n): chapter = Int(n)
                case .string(let s):
                    if let n = Int(s.prefix { $0.isNumber }) { chapter = n } else { problem(node.line, "chapter \"\(s)\" does not start with the chapter's number") }
                default: problem(node.line, "chapter should be the number of a CNC devis chapter, such as 7")
                }
            } else {
                problem(t.line, "line \(code.map { "\"\($0)\"" } ?? "") needs a chapter (the CNC devis chapter's number)")
            }
            let label = string(t, "label")
            if label == nil { problem(t.line, "line \(code.map { "\"\($0)\"" } ?? "") needs a label") }
            let estimate = amount(t, "estimate", required: true, of: "line \(code.map { "\"\($0)\"" } ?? "")")
            var paidBy: [String] = []
            if let node = t["paid_by"] {
                switch node.value {
                case .string(let s): paidBy = [s]
                case .array(let items):
                    for item in items {
                        if case .string(let s) = item.value { paidBy.append(s) } else { problem(item.line, "paid_by should list funding source ids in quotes") }
                    }
                default: problem(node.line, "paid_by should be a funding source id or a list of them")
                }
            }
            guard let code, let estimate else { return nil }
            return BudgetLine(code: code, chapter: chapter, label: label ?? code, estimate: estimate, paidBy: paidBy,
                              notes: string(t, "notes") ?? string(t, "note"), sourceLine: t.line)
        }

        mutating func campaign(_ t: TOMLTable) -> Campaign? {
            known(t, ["platform", "model", "target", "opens", "closes", "fee_percent", "fee_fixed", "tier", "tiers", "stretch_goal", "stretch_goals", "pitch", "pitch_en"], in: "[campaign]")
            var model = Campaign.Model.keepItAll
            if let text = string(t, "model") {
                do { model = try Campaign.Model(parsing: text) } catch { problem(t["model"]!.line, "model \"\(text)\" is not all-or-nothing or keep-it-all") }
            }
            let target = amount(t, "target", required: true, of: "the campaign")
            let opens = date(t, "opens"), closes = date(t, "closes")
            if t["opens"] == nil { problem(t.line, "the campaign needs an opening date: opens = 2015-09-14") }
            if t["closes"] == nil { problem(t.line, "the campaign needs a closing date: closes = 2015-11-15") }
            var fee = 0
            if let node = t["fee_percent"] {
                let text: String? = switch node.value {
                case .integer(let n): String(n)
                case .float(let d): String(d)
                case .string(let s): s
                default: nil
                }
                do { fee = try Amount.parsePercent(text ?? "?") } catch { problem(node.line, "fee_percent \(Self.show(node.value)) is not a percentage (write 4, 4.5 or \"4,5 %\")") }
            }
            var campaign = Campaign(
                platform: string(t, "platform") ?? "", model: model, target: target ?? 0,
                opens: opens ?? (try! LocalDate(year: 2000, month: 1, day: 1)), closes: closes ?? (try! LocalDate(year: 2000, month: 1, day: 1)),
                feeBasisPoints: fee, feeFixed: amount(t, "fee_fixed", required: false, of: "the campaign", zero: true) ?? 0,
                pitch: string(t, "pitch"), pitchEnglish: string(t, "pitch_en"), sourceLine: t.line)
            for key in ["tier", "tiers"] {
                for item in tables(t, key, example: "[[campaign.tier]]") {
                    known(item, ["title", "minimum", "limit", "unit_cost", "premiere_seats", "description"], in: "[[campaign.tier]]")
                    let title = string(item, "title")
                    if title == nil { problem(item.line, "a tier needs a title") }
                    var limit: Int?
                    if let node = item["limit"] {
                        if case .integer(let n) = node.value { limit = Int(n) } else { problem(node.line, "limit \(Self.show(node.value)) is not a whole number") }
                    }
                    var seats = 0
                    if let node = item["premiere_seats"] {
                        if case .integer(let n) = node.value { seats = Int(n) } else { problem(node.line, "premiere_seats \(Self.show(node.value)) is not a whole number") }
                    }
                    campaign.tiers.append(Campaign.Tier(
                        title: title ?? "", minimum: amount(item, "minimum", required: false, of: "tier \"\(title ?? "")\"", zero: true) ?? 0,
                        limit: limit, unitCost: amount(item, "unit_cost", required: false, of: "tier \"\(title ?? "")\"", zero: true) ?? 0,
                        premiereSeats: seats, description: string(item, "description"), sourceLine: item.line))
                }
            }
            for key in ["stretch_goal", "stretch_goals"] {
                for item in tables(t, key, example: "[[campaign.stretch_goal]]") {
                    known(item, ["amount", "title", "unlocks"], in: "[[campaign.stretch_goal]]")
                    var unlocks: [String] = []
                    if let node = item["unlocks"] {
                        if case .array(let items) = node.value {
                            for i in items { if case .string(let s) = i.value { unlocks.append(s) } else { problem(i.line, "unlocks should list line codes in quotes") } }
                        } else if case .string(let s) = node.value {
                            unlocks = [s]
                        } else {
                            problem(node.line, "unlocks should list line codes in quotes")
                        }
                    }
                    campaign.stretchGoals.append(Campaign.StretchGoal(
                        amount: amount(item, "amount", required: true, of: "a stretch goal") ?? 0, title: string(item, "title") ?? "",
                        unlocks: unlocks, sourceLine: item.line))
                }
            }
            return opens != nil && closes != nil && target != nil ? campaign : nil
        }

        // MARK: - Values

        mutating func table(_ t: TOMLTable, _ key: String) -> TOMLTable? {
            guard let node = t[key] else { return nil }
            guard case .table(let inner) = node.value else { problem(node.line, "\(key) should be a table: [\(key)]"); return nil }
            return inner
        }

        mutating func tables(_ t: TOMLTable, _ key: String, example: String) -> [TOMLTable] {
            guard let node = t[key] else { return [] }
            guard case .array(let items) = node.value else { problem(node.line, "write \(key) as \(example) tables"); return [] }
            return items.compactMap { item in
                if case .table(let inner) = item.value { return inner }
                problem(item.line, "write \(key) as \(example) tables")
                return nil
            }
        }

        mutating func string(_ t: TOMLTable, _ key: String) -> String? {
            guard let node = t[key] else { return nil }
            guard case .string(let s) = node.value else { problem(node.line, "\(key) should be a text in quotes, not \(Self.show(node.value))"); return nil }
            return checked(s, key, line: node.line, kind: Self.freeText.contains(key) ? .text : .line)
        }

        /// The keys whose text may run over several lines.
        static let freeText: Set<String> = ["note", "notes", "description", "pitch", "pitch_en", "condition", "valuation"]

        /// `text` when it passes the rule of `TextField`, else nil and a problem at its line.
        mutating func checked(_ text: String, _ key: String, line: Int, kind: TextField.Kind = .line) -> String? {
            if let why = TextField.problem(in: text, kind: kind) {
                problem(line, "\(key) \(why)")
                return nil
            }
            return text
        }

        mutating func bool(_ t: TOMLTable, _ key: String) -> Bool? {
            guard let node = t[key] else { return nil }
            guard case .bool(let b) = node.value else { problem(node.line, "\(key) should be true or false, not \(Self.show(node.value))"); return nil }
            return b
        }

        mutating func date(_ t: TOMLTable, _ key: String) -> LocalDate? {
            guard let node = t[key] else { return nil }
            switch node.value {
            case .localDate(let y, let m, let d): return try? LocalDate(year: y, month: m, day: d)
            case .string(let s):
                do { return try LocalDate(parsing: s) } catch { problem(node.line, "\(key) \"\(s)\" is not a date (write 2015-11-30)"); return nil }
            default:
                problem(node.line, "\(key) should be a date such as 2015-11-30, not \(Self.show(node.value))")
                return nil
            }
        }

        /// An amount written `1200`, `1200.50` or `"1 200,50 €"`.
        mutating func amount(_ t: TOMLTable, _ key: String, required: Bool, of what: String, zero: Bool = false) -> Int64? {
            guard let node = t[key] else {
                if required { problem(t.line, "\(what) needs an amount: \(key) = 1200") }
                return nil
            }
            let result: Int64?
            // The ceiling of every amount, whichever way it is written.
            let ceiling = "\(key) \(Self.show(node.value)) is more than \(Amount.format(Amount.maximumCents, currency: currency)), the most an amount may be"
            switch node.value {
            case .integer(let n) where n > Amount.maximumCents / 100:
                problem(node.line, ceiling)
                return nil
            case .float(let d) where d * 100 > Double(Amount.maximumCents):
                problem(node.line, ceiling)
                return nil
            case .integer(let n) where n >= 0: result = n * 100
            case .float(let d) where d >= 0 && abs((d * 100).rounded() - d * 100) < 1e-6: result = Int64((d * 100).rounded())
            case .string(let s):
                do {
                    result = try Amount.parse(s, currency: currency, allowZero: zero)
                } catch {
                    problem(node.line, "\(key) \(Self.show(node.value)) \(PledgeExportReader.why(error.message))")
                    return nil
                }
            default: result = nil
            }
            guard let result, zero || result > 0 else {
                problem(node.line, "\(key) \(Self.show(node.value)) is not an amount (write 1200, 1200.50 or \"1 200,50 €\")")
                return nil
            }
            return result
        }

        /// Notes keys the format does not know (a typo would otherwise be silently ignored).
        mutating func known(_ t: TOMLTable, _ keys: Set<String>, in place: String) {
            for (key, node) in t.entries where !keys.contains(key) {
                let near = NameKey.nearest(to: key, in: Array(keys)).map { "; did you mean \"\($0)\"?" } ?? ""
                problem(node.line, "unknown key \"\(key)\" in \(place)\(near)")
            }
        }

        static func show(_ value: TOMLValue) -> String {
            switch value {
            case .string(let s): "\"\(s)\""
            case .integer(let n): String(n)
            case .float(let d): String(d)
            case .bool(let b): String(b)
            case .localDate(let y, let m, let d): String(format: "%04d-%02d-%02d", y, m, d)
            case .localTime(let s), .localDateTime(let s), .offsetDateTime(let s): s
            case .array: "a list"
            case .table: "a table"
            }
        }
    }
}
