import Foundation

/// A problem found in a budget file, at a line of it.
public struct BudgetProblem: Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `budgets/FILE.toml:LINE: sentence`
    public var description: String { "\(file):\(line): \(message)" }
}

/// The chapters of the CNC production estimate (devis) a budget line belongs to.
public enum DevisChapter {
    public static let titles: [Int: String] = [
        1: "Droits artistiques", 2: "Personnel", 3: "Interprétation", 4: "Charges sociales",
        5: "Décors et costumes", 6: "Transports, défraiements, régie", 7: "Moyens techniques",
        8: "Pellicules, laboratoires et post-production", 9: "Assurances et divers", 10: "Frais généraux",
        11: "Imprévus",
    ]

    /// `7 Moyens techniques`
    public static func describe(_ number: Int) -> String {
        "\(number) \(titles[number] ?? "")"
    }
}

/// A line of the budget [poste du devis]: what something is estimated to cost, TTC, and who is meant to pay it.
public struct BudgetLine: Hashable, Sendable {
    public var code: String
    public var chapter: Int
    public var label: String
    public var estimate: Int64
    /// Ids of the funding sources meant to pay this line.
    public var paidBy: [String]
    public var notes: String?
    public var sourceLine: Int

    public init(code: String, chapter: Int, label: String, estimate: Int64, paidBy: [String], notes: String? = nil, sourceLine: Int = 0) {
        self.code = code
        self.chapter = chapter
        self.label = label
        self.estimate = estimate
        self.paidBy = paidBy
        self.notes = notes
        self.sourceLine = sourceLine
    }
}

/// Who pays: a grant with its instalments, the crowdfunding campaign, valued volunteer work, own funds.
public struct FundingSource: Hashable, Sendable {
    public enum Kind: String, ClosedChoice {
        case grant, crowdfunding
        case inKind = "in-kind"
        case own
        public static let what = "funding kind"
    }

    public struct Instalment: Hashable, Sendable {
        public var amount: Int64
        public var due: LocalDate?
        public var condition: String?
        public var sourceLine: Int

        public init(amount: Int64, due: LocalDate? = nil, condition: String? = nil, sourceLine: Int = 0) {
            self.amount = amount
            self.due = due
            self.condition = condition
            self.sourceLine = sourceLine
        }
    }

    public var id: String
    public var kind: Kind
    public var name: String
    public var planned: Int64
    public var instalments: [Instalment]
    /// How in-kind contributions are valued (days × rate, market price…).
    public var valuation: String?
    public var sourceLine: Int

    public init(id: String, kind: Kind, name: String, planned: Int64, instalments: [Instalment] = [], valuation: String? = nil, sourceLine: Int = 0) {
        self.id = id
        self.kind = kind
        self.name = name
        self.planned = planned
        self.instalments = instalments
        self.valuation = valuation
        self.sourceLine = sourceLine
    }
}

/// One version of the budget and funding plan, as read from one `budgets/*.toml` file.
public struct Budget: Sendable {
    /// The file's name without `.toml`: how commands name the version.
    public var version: String
    public var file: String
    public var title: String
    public var date: LocalDate?
    public var current: Bool
    public var currency: String
    public var note: String?
    public var lines: [BudgetLine]
    public var funding: [FundingSource]
    public var campaign: Campaign?

    public init(version: String, file: String, title: String, date: LocalDate? = nil, current: Bool = false, currency: String = "EUR",
                note: String? = nil, lines: [BudgetLine] = [], funding: [FundingSource] = [], campaign: Campaign? = nil) {
        self.version = version
        self.file = file
        self.title = title
        self.date = date
        self.current = current
        self.currency = currency
        self.note = note
        self.lines = lines
        self.funding = funding
        self.campaign = campaign
    }

    public func line(_ code: String) -> BudgetLine? { lines.first { $0.code == code } }
    public func source(_ id: String) -> FundingSource? { funding.first { $0.id == id } }

    /// The line with this code, or a sentence naming the nearest code.
    public func requireLine(_ code: String) throws(InputError) -> BudgetLine {
        if let line = line(code) { return line }
        let near = NameKey.nearest(to: code, in: lines.map(\.code)) ?? NameKey.nearest(to: code, in: lines.map(\.label))
        let hint = near.map { n in "; did you mean \((lines.first { $0.label == n }?.code ?? n).quoted)?" } ?? ""
        throw InputError("there is no budget line \(code.quoted) in \(file)\(hint)")
    }

    /// The funding source with this id, or a sentence naming the ids there are.
    public func requireSource(_ id: String) throws(InputError) -> FundingSource {
        if let source = source(id) { return source }
        let near = NameKey.nearest(to: id, in: funding.map(\.id))
        throw InputError("there is no funding source \(id.quoted) in \(file)" + (near.map { "; did you mean \($0.quoted)?" } ?? "; the sources are \(funding.map(\.id).joined(separator: ", "))"))
    }

    /// Lines unlocked only when a stretch goal is reached: not part of the base estimate.
    public var stretchLineCodes: Set<String> {
        Set(campaign?.stretchGoals.flatMap(\.unlocks) ?? [])
    }

    /// Whether a line is paid only by in-kind contributions (shown apart from the cash budget).
    public func isInKind(_ line: BudgetLine) -> Bool {
        !line.paidBy.isEmpty && line.paidBy.allSatisfy { source($0)?.kind == .inKind }
    }

    /// Everything wrong with this version, each at its line.
    public func problems() -> [BudgetProblem] {
        var found: [BudgetProblem] = []
        func problem(_ line: Int, _ message: String) { found.append(BudgetProblem(file: file, line: line, message: message)) }

        var codes: [String: Int] = [:]
        for line in lines {
            if let first = codes[line.code] {
                problem(line.sourceLine, "duplicate line code \(line.code.quoted) (first at line \(first))")
            } else {
                codes[line.code] = line.sourceLine
            }
            if DevisChapter.titles[line.chapter] == nil {
                problem(line.sourceLine, "chapter \(line.chapter) of line \(line.code.quoted) is not a chapter of the CNC devis (1 to 11)")
            }
            if line.paidBy.isEmpty {
                problem(line.sourceLine, "line \(line.code.quoted) names no funding source in paid_by")
            }
            for id in line.paidBy where source(id) == nil {
                let near = NameKey.nearest(to: id, in: funding.map(\.id)).map { "; did you mean \($0.quoted)?" } ?? ""
                problem(line.sourceLine, "line \(line.code.quoted) is paid by \(id.quoted), which is not a funding source\(near)")
            }
        }
        var ids: [String: Int] = [:]
        for source in funding {
            if let first = ids[source.id] {
                problem(source.sourceLine, "duplicate funding source \(source.id.quoted) (first at line \(first))")
            }
            ids[source.id] = source.sourceLine
            if !source.instalments.isEmpty {
                do {
                    let sum = try Amount.sum(source.instalments.map(\.amount), "the instalments of \(source.id.quoted)")
                    if sum != source.planned {
                        problem(source.sourceLine, "the instalments of \(source.id.quoted) add up to \(Amount.format(sum, currency: currency)), not its amount \(Amount.format(source.planned, currency: currency))")
                    }
                } catch {
                    problem(source.sourceLine, error.description)
                }
            }
            if source.kind == .inKind && (source.valuation ?? "").isEmpty {
                problem(source.sourceLine, "in-kind source \(source.id.quoted) needs a valuation (how the contribution is valued)")
            }
        }
        let crowdfunding = funding.filter { $0.kind == .crowdfunding }
        if crowdfunding.count > 1 {
            problem(crowdfunding[1].sourceLine, "only one crowdfunding source per budget: \(crowdfunding.map(\.id).joined(separator: ", "))")
        }
        if let campaign {
            found += campaign.problems(file: file, currency: currency, lineCodes: Set(codes.keys))
            if crowdfunding.isEmpty {
                problem(campaign.sourceLine, "the campaign has no funding source of kind \"crowdfunding\" to feed")
            }
        }
        return found.sorted { $0.line < $1.line }
    }
}
