import Foundation

/// The budget against what was actually spent and received.
///
/// Cash lines and in-kind lines (paid only by valued volunteer work) are kept apart; lines
/// unlocked by a stretch goal count only once the goal is reached. The crowdfunding source has
/// received the campaign's net (collected − fees − reward costs), which is what it can pay for.
public struct BudgetReport: Sendable {
    public struct LineRow: Sendable {
        public let line: BudgetLine
        public let actual: Int64
        public let inKind: Bool
        /// A stretch-goal line whose goal is not reached: shown, not counted.
        public let locked: Bool
        public var variance: Int64 { actual - line.estimate }
    }

    public struct ChapterRow: Sendable {
        public let chapter: Int
        public let estimate: Int64
        public let actual: Int64
        public var variance: Int64 { actual - estimate }
    }

    public struct FundingRow: Sendable {
        public let source: FundingSource
        public let received: Int64
        /// What is still to come: planned − received, never below zero.
        public var expected: Int64 {
            // A campaign's net may be negative (fees and rewards above what it collected).
            let (difference, overflow) = source.planned.subtractingReportingOverflow(received)
            return overflow ? .max : max(0, difference)
        }
    }

    public let budget: Budget
    public let lines: [LineRow]
    public let chapters: [ChapterRow]
    public let funding: [FundingRow]
    /// Expenses booked on codes this version has no line for.
    public let unbudgeted: [(code: String, actual: Int64)]

    /// Every total is checked: amounts beyond what 64-bit cents can count are an `AmountOverflow`, never a trap.
    public init(budget: Budget, expensesByLine: [String: Int64], receivedBySource: [String: Int64], campaign: CampaignFigures?)
        throws(AmountOverflow)
    {
        self.budget = budget
        let unlocked = Set(campaign?.stretchGoalsReached.flatMap(\.unlocks) ?? [])
        let stretch = budget.stretchLineCodes
        lines = budget.lines.map { line in
            LineRow(line: line, actual: expensesByLine[line.code] ?? 0, inKind: budget.isInKind(line),
                    locked: stretch.contains(line.code) && !unlocked.contains(line.code))
        }
        var byChapter: [Int: (Int64, Int64)] = [:]
        for row in lines where !row.inKind && !row.locked {
            let sum = byChapter[row.line.chapter] ?? (0, 0)
            let chapter = "the lines of chapter \(row.line.chapter)"
            byChapter[row.line.chapter] = (try Amount.add(sum.0, row.line.estimate, chapter), try Amount.add(sum.1, row.actual, chapter))
        }
        chapters = byChapter.keys.sorted().map { ChapterRow(chapter: $0, estimate: byChapter[$0]!.0, actual: byChapter[$0]!.1) }
        funding = budget.funding.map { source in
            let received = source.kind == .crowdfunding ? (campaign?.net ?? receivedBySource[source.id] ?? 0) : (receivedBySource[source.id] ?? 0)
            return FundingRow(source: source, received: received)
        }
        let codes = Set(budget.lines.map(\.code))
        unbudgeted = expensesByLine.filter { !codes.contains($0.key) && $0.value != 0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }

        let cashLines = lines.filter { !$0.inKind && !$0.locked }
        let cashFunding = funding.filter { $0.source.kind != .inKind }
        estimate = try Amount.sum(cashLines.map(\.line.estimate), "the budget's lines")
        actual = try Amount.sum(cashLines.map(\.actual) + unbudgeted.map(\.actual), "the expenses")
        plannedFunding = try Amount.sum(cashFunding.map(\.source.planned), "the funding planned")
        received = try Amount.sum(cashFunding.map(\.received), "the funding received")
        gap = try Amount.subtract(estimate, plannedFunding, "the funding gap")
        uncovered = try Amount.subtract(actual, received, "what is spent and not received")
        inKindEstimate = try Amount.sum(lines.filter(\.inKind).map(\.line.estimate), "the in-kind lines")
        inKindReceived = try Amount.sum(funding.filter { $0.source.kind == .inKind }.map(\.received), "the in-kind contributions")
    }

    /// The cash estimate: every line but in-kind ones and locked stretch-goal lines.
    public let estimate: Int64
    /// What was spent (paid or payable), unbudgeted expenses included.
    public let actual: Int64
    public let plannedFunding: Int64
    public let received: Int64
    /// The funding gap: the cash estimate less the cash funding planned (positive: not funded).
    public let gap: Int64
    /// Spent but not yet covered by money received (positive: the production is advancing it).
    public let uncovered: Int64
    public let inKindEstimate: Int64
    public let inKindReceived: Int64
}

/// A difference between two budget versions.
public struct BudgetChange: Hashable, Sendable, CustomStringConvertible {
    public let description: String

    /// What changed from `old` to `new`: lines, funding sources, the campaign and its tiers.
    public static func between(_ old: Budget, _ new: Budget, locale: String = "fr_FR") -> [BudgetChange] {
        func money(_ c: Int64) -> String { Amount.format(c, currency: new.currency, locale: locale) }
        func delta(_ a: Int64, _ b: Int64) -> String { (b >= a ? "+" : "−") + money(abs(b - a)) }
        var changes: [String] = []
        let oldLines = Dictionary(old.lines.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let newLines = Dictionary(new.lines.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        for line in new.lines {
            guard let before = oldLines[line.code] else {
                changes.append("line \(line.code) “\(line.label)” added: \(money(line.estimate))")
                continue
            }
            if before.estimate != line.estimate {
                changes.append("line \(line.code) “\(line.label)”: \(money(before.estimate)) → \(money(line.estimate)) (\(delta(before.estimate, line.estimate)))")
            }
            if before.label != line.label { changes.append("line \(line.code) renamed “\(before.label)” → “\(line.label)”") }
            if before.chapter != line.chapter { changes.append("line \(line.code) moved from chapter \(before.chapter) to \(line.chapter)") }
            if before.paidBy != line.paidBy {
                changes.append("line \(line.code) paid by \(before.paidBy.joined(separator: ", ")) → \(line.paidBy.joined(separator: ", "))")
            }
        }
        for line in old.lines where newLines[line.code] == nil {
            changes.append("line \(line.code) “\(line.label)” removed (was \(money(line.estimate)))")
        }
        let oldSources = Dictionary(old.funding.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for source in new.funding {
            guard let before = oldSources[source.id] else {
                changes.append("funding \(source.id) added: \(money(source.planned))")
                continue
            }
            if before.planned != source.planned {
                changes.append("funding \(source.id): \(money(before.planned)) → \(money(source.planned)) (\(delta(before.planned, source.planned)))")
            }
        }
        for source in old.funding where !new.funding.contains(where: { $0.id == source.id }) {
            changes.append("funding \(source.id) removed (was \(money(source.planned)))")
        }
        switch (old.campaign, new.campaign) {
        case (nil, let c?): changes.append("campaign added: target \(money(c.target)), \(c.opens) → \(c.closes)")
        case (_?, nil): changes.append("campaign removed")
        case (let a?, let b?):
            if a.target != b.target { changes.append("campaign target: \(money(a.target)) → \(money(b.target))") }
            if a.opens != b.opens || a.closes != b.closes { changes.append("campaign dates: \(a.opens) → \(a.closes) became \(b.opens) → \(b.closes)") }
            if a.feeBasisPoints != b.feeBasisPoints || a.feeFixed != b.feeFixed {
                changes.append("campaign fee: \(Amount.formatPercent(basisPoints: a.feeBasisPoints, locale: locale)) + \(money(a.feeFixed)) → \(Amount.formatPercent(basisPoints: b.feeBasisPoints, locale: locale)) + \(money(b.feeFixed))")
            }
            for tier in b.tiers {
                guard let before = a.tier(tier.title) else { changes.append("tier “\(tier.title)” added: from \(money(tier.minimum))"); continue }
                if before != tier.withLine(before.sourceLine) { changes.append("tier “\(tier.title)” changed") }
            }
            for tier in a.tiers where b.tier(tier.title) == nil { changes.append("tier “\(tier.title)” removed") }
        case (nil, nil): break
        }
        // Budget files hold amounts under the ceiling: their totals fit, or there is no total to compare.
        if let oldCash = try? BudgetReport(budget: old, expensesByLine: [:], receivedBySource: [:], campaign: nil).estimate,
           let newCash = try? BudgetReport(budget: new, expensesByLine: [:], receivedBySource: [:], campaign: nil).estimate,
           oldCash != newCash { changes.append("total estimate: \(money(oldCash)) → \(money(newCash)) (\(delta(oldCash, newCash)))") }
        return changes.map(BudgetChange.init(description:))
    }
}

extension Campaign.Tier {
    func withLine(_ line: Int) -> Campaign.Tier {
        var copy = self
        copy.sourceLine = line
        return copy
    }
}
