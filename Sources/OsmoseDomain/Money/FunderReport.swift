import Foundation

/// What a funder asks for at the end, in the spirit of the French compte-rendu financier
/// (cerfa 15059): the lines the source paid, planned against actual; the other sources; the
/// in-kind annex; every expense of those lines with its receipt.
public struct FunderReport: Sendable {
    public let title: String
    public let source: FundingSource
    public let budget: Budget
    public let received: Int64
    public let lines: [BudgetReport.LineRow]
    public let otherSources: [BudgetReport.FundingRow]
    public let inKindSources: [BudgetReport.FundingRow]
    public let inKindLines: [BudgetReport.LineRow]
    public let expenses: [Expense]
    public let locale: String

    public init(title: String, sourceID: String, report: BudgetReport, expenses: [Expense], locale: String) throws {
        let source = try report.budget.requireSource(sourceID)
        self.title = title
        self.source = source
        self.budget = report.budget
        self.locale = locale
        received = report.funding.first { $0.source.id == source.id }?.received ?? 0
        lines = report.lines.filter { $0.line.paidBy.contains(source.id) && !$0.locked }
        otherSources = report.funding.filter { $0.source.id != source.id && $0.source.kind != .inKind }
        inKindSources = report.funding.filter { $0.source.kind == .inKind }
        inKindLines = report.lines.filter(\.inKind)
        let codes = Set(lines.map(\.line.code))
        self.expenses = expenses.filter { codes.contains($0.lineCode) }
        planned = try Amount.sum(lines.map(\.line.estimate), "the lines \(source.id) pays")
        actual = try Amount.sum(lines.map(\.actual), "the expenses of the lines \(source.id) pays")
    }

    public let planned: Int64
    public let actual: Int64
    public var variance: Int64 { actual - planned }

    public func money(_ cents: Int64) -> String { Amount.format(cents, currency: budget.currency, locale: locale) }

    /// Variance as a signed amount and a percentage of the estimate.
    public func varianceText(_ row: BudgetReport.LineRow) -> String {
        let sign = row.variance > 0 ? "+" : row.variance < 0 ? "−" : ""
        let percent = row.line.estimate == 0 ? "" : String(format: " (%@%.1f %%)", sign, abs(Double(row.variance) * 100 / Double(row.line.estimate)))
        return sign + money(abs(row.variance)) + percent
    }
}
