import Foundation
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage

/// What the money commands open once: the production, its budget versions, today.
struct MoneyContext {
    let production: ProductionFolder
    let settings: ProductionSettings
    let budgets: BudgetSet
    let today: LocalDate

    init(_ global: GlobalOptions, readOnly: Bool = false) throws {
        production = try global.open(readOnly: readOnly)
        settings = try production.ledger.settings()
        budgets = BudgetFile.readFolder(production.budgetsURL)
        today = try Clock.today(settings)
    }

    /// For a production already open, on a given day.
    init(production: ProductionFolder, today: LocalDate) throws {
        self.production = production
        settings = try production.ledger.settings()
        budgets = BudgetFile.readFolder(production.budgetsURL)
        self.today = today
    }

    var ledger: Ledger { production.ledger }

    /// A budget version (the current one by default), refused while its file has problems.
    func budget(_ version: String? = nil) throws -> Budget {
        let budget = try budgets.version(version)
        let problems = budgets.problems.filter { $0.file == budget.file }
        if let first = problems.first {
            let more = problems.count > 1 ? " and \(problems.count - 1) more" : ""
            throw InputError("\(first)\(more); see “osmose budget check”")
        }
        return budget
    }

    /// The campaign's figures as of today, when the budget has a campaign.
    func figures(_ budget: Budget) throws -> CampaignFigures? {
        try budget.campaign.map { try ledger.campaignFigures($0, today: today) }
    }

    func report(_ budget: Budget) throws -> BudgetReport {
        try BudgetReport(budget: budget, expensesByLine: try ledger.expenseTotals(), receivedBySource: try ledger.fundingTotals(),
                     campaign: try figures(budget))
    }

    func money(_ cents: Int64, currency: String = "EUR") -> String {
        Amount.format(cents, currency: currency, locale: settings.locale)
    }

    /// A file the user named for the command to read, resolved against the current folder: a named
    /// pipe or a device is refused at once (`InputFile`).
    static func input(_ path: String, _ kind: InputFile.Kind = .file) throws -> URL {
        let url = file(path)
        try InputFile.check(url, kind)
        return url
    }

    /// A file the user named, resolved against the current folder.
    static func file(_ path: String) -> URL {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
    }
}

/// A progress bar on standard error, drawn only when it is a terminal.
final class ProgressBar: @unchecked Sendable {
    var total: Int
    let label: String
    /// Counted in bytes: shown as MB and MB/s.
    let bytes: Bool
    let started = Date()
    let enabled = isatty(2) == 1
    var lastDraw = Date.distantPast
    var done = 0

    init(total: Int, label: String, bytes: Bool = false) {
        self.total = total
        self.label = label
        self.bytes = bytes
    }

    /// Adds to what is done.
    func advance(by count: Int) {
        done += count
        update(done)
    }

    /// What is done out of a total known only as the work goes.
    func update(_ done: Int, total: Int) {
        self.total = total
        update(done)
    }

    func update(_ done: Int) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.1 || done == total else { return }
        lastDraw = Date()
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        let width = 30
        let filled = Int(fraction * Double(width))
        let elapsed = Date().timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = bytes
            ? "\r\(label) \(bar) " + String(format: "%.0f/%.0f MB  %.0f MB/s  ETA %.0fs ", Double(done) / 1e6, Double(total) / 1e6, rate / 1e6, eta)
            : "\r\(label) \(bar) \(done)/\(total)  " + String(format: "%.0f rows/s  ETA %.0fs ", rate, eta)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
