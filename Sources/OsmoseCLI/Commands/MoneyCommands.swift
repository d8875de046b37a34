import ArgumentParser
import Foundation
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage

struct BudgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budget", abstract: "The budget: estimate against actual, funding, versions.",
        subcommands: [Report.self, Check.self, Diff.self, Versions.self], defaultSubcommand: Report.self)

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report", abstract: "Per line, chapter and funding source: estimate, actual, variance; the funding gap.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "A budget version (its file name without .toml; default: the current one).") var version: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let context = try MoneyContext(global, readOnly: true)
            let budget = try context.budget(version)
            let report = try context.report(budget)
            if json { return try Console.json(BudgetJSON(report, tasks: try context.ledger.tasks())) }
            func m(_ c: Int64) -> String { context.money(c, currency: budget.currency) }
            Console.line("\(budget.title) — \(budget.file)\(budget.current ? " (current)" : "")")
            if let note = budget.note { Console.line(note) }
            Console.line()
            // Post-production tasks show on the line that pays for them, with where they stand.
            var tasks: [String: [String]] = [:]
            for task in try context.ledger.tasks() {
                if let line = task.line { tasks[line, default: []].append("\(task.name) (\(task.status.rawValue))") }
            }
            Console.table(["CODE", "CH.", "LABEL", "ESTIMATE", "ACTUAL", "VARIANCE", "PAID BY", "TASKS"], report.lines.filter { !$0.inKind }.map {
                [$0.line.code, "\($0.line.chapter)", $0.line.label + ($0.locked ? " (stretch goal not reached)" : ""), m($0.line.estimate), m($0.actual),
                 m($0.variance), $0.line.paidBy.joined(separator: ", "), (tasks[$0.line.code] ?? []).joined(separator: ", ")]
            })
            for u in report.unbudgeted { Console.line("!  expenses on \(u.code), which this version has no line for: \(m(u.actual))") }
            Console.line()
            Console.table(["CHAPTER", "ESTIMATE", "ACTUAL", "VARIANCE"], report.chapters.map {
                [DevisChapter.describe($0.chapter), m($0.estimate), m($0.actual), m($0.variance)]
            })
            Console.line()
            Console.table(["FUNDING", "KIND", "PLANNED", "RECEIVED", "EXPECTED"], report.funding.filter { $0.source.kind != .inKind }.map {
                [$0.source.id, $0.source.kind.rawValue, m($0.source.planned), m($0.received), m($0.expected)]
            })
            Console.line()
            Console.line("Estimate \(m(report.estimate)), actual \(m(report.actual)), funding planned \(m(report.plannedFunding)), received \(m(report.received)).")
            Console.line(report.gap > 0 ? "Funding gap: \(m(report.gap)) of the estimate has no source." : report.gap < 0 ? "Funding exceeds the estimate by \(m(-report.gap))." : "The estimate is fully funded on paper.")
            if report.uncovered > 0 { Console.line("Spent but not yet received: \(m(report.uncovered)).") }
            let inKind = report.lines.filter(\.inKind)
            if !inKind.isEmpty {
                Console.line()
                Console.line("In kind, apart from the cash budget (valued at \(m(report.inKindEstimate)), recorded \(m(report.inKindReceived))):")
                for row in inKind { Console.line("  \(row.line.code)  \(row.line.label)  \(m(row.line.estimate))") }
            }
            if let figures = try context.figures(budget) {
                let warnings = figures.warnings(budget: budget, locale: context.settings.locale)
                if !warnings.isEmpty { Console.line() }
                for w in warnings { Console.line("Warning: \(w)") }
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "check", abstract: "Validate every budget file; problems as FILE:LINE: sentence.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let production = try global.open(readOnly: true)
            let set = BudgetFile.readFolder(production.budgetsURL)
            for problem in set.problems { Console.error(problem.description) }
            guard set.problems.isEmpty else { throw ExitCode(1) }
            let current = (try? set.current()).map { ", current: \($0.file)" } ?? ""
            if set.budgets.isEmpty { return Console.line("No budget file in budgets/ yet.") }
            Console.line("\(set.budgets.count) budget version\(set.budgets.count == 1 ? "" : "s") valid\(current).")
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "diff", abstract: "What changed between two budget versions.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The older version.") var from: String
        @Argument(help: "The newer version.") var to: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let context = try MoneyContext(global, readOnly: true)
            let changes = BudgetChange.between(try context.budget(from), try context.budget(to), locale: context.settings.locale)
            if json { return try Console.json(changes.map(\.description)) }
            if changes.isEmpty { return Console.line("No change between \(from) and \(to).") }
            for change in changes { Console.line(change.description) }
        }
    }

    struct Versions: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "versions", abstract: "The budget versions in budgets/.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try MoneyContext(global, readOnly: true)
            let current = try? context.budgets.current()
            Console.table(["VERSION", "TITLE", "DATE", "CURRENT"], context.budgets.budgets.map {
                [$0.version, $0.title, $0.date?.description ?? "", $0.version == current?.version ? "yes" : ""]
            })
        }
    }
}

struct ExpenseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expense", abstract: "Expenses against budget lines.", subcommands: [Add.self, List.self, Pay.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Record an expense on a line of the current budget.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The amount TTC: 86.40, “1 250,00 €”…") var amount: String
        @Option(help: "The budget line's code.") var line: String
        @Option(help: "The date, YYYY-MM-DD.") var date: String
        @Option(help: "Who was paid.") var payee: String
        @Option(help: "A receipt, copied into the production with its SHA-256.") var receipt: String?
        @Flag(help: "Not paid yet.") var payable = false
        @Option var note: String?

        func run() throws {
            let context = try MoneyContext(global)
            let budget = try context.budget()
            let amount = try Amount.parse(amount, currency: budget.currency)
            let line = try budget.requireLine(self.line)
            let expense = Expense(amount: amount, lineCode: line.code, date: try LocalDate(parsing: date), payee: payee, payable: payable, note: note)
            let file = try receipt.map { path -> (file: URL, sha256: String) in
                let url = try MoneyContext.input(path)
                return (url, try FileDigest.sha256(of: url))
            }
            let id = try context.production.addExpense(expense, receipt: file)
            Console.line("Recorded expense #\(id): \(context.money(amount, currency: budget.currency)) on \(line.code) “\(line.label)”\(payable ? " (payable)" : "").")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List expenses.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this budget line.") var line: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let context = try MoneyContext(global, readOnly: true)
            let expenses = try context.ledger.expenses(line: line)
            if json { return try Console.json(expenses) }
            Console.table(["#", "DATE", "LINE", "PAYEE", "AMOUNT", "STATUS", "RECEIPT"], expenses.map {
                ["\($0.id ?? 0)", $0.date.description, $0.lineCode, $0.payee, context.money($0.amount), $0.payable ? "payable" : "paid",
                 $0.receipt.map { String($0.sha256.prefix(12)) } ?? ""]
            })
            let total = try Amount.sum(expenses.map(\.amount), "the expenses")
            let payable = try Amount.sum(expenses.filter(\.payable).map(\.amount), "the expenses payable")
            Console.line("Total \(context.money(total)), of which payable \(context.money(payable)).")
        }
    }

    struct Pay: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "pay", abstract: "Mark a payable expense as paid.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The expense's number.") var id: Int64

        func run() throws {
            try global.open().ledger.markExpensePaid(id: id)
            Console.line("Expense #\(id) is paid.")
        }
    }
}

struct FundingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "funding", abstract: "Money received from grants, own funds and in-kind work.", subcommands: [Receive.self, List.self])

    struct Receive: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "receive", abstract: "Record money received from a funding source of the current budget.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The funding source's id in the budget file.") var source: String
        @Argument(help: "The amount.") var amount: String
        @Option(help: "The date, YYYY-MM-DD.") var date: String
        @Option var note: String?

        func run() throws {
            let context = try MoneyContext(global)
            let budget = try context.budget()
            let source = try budget.requireSource(self.source)
            guard source.kind != .crowdfunding else {
                throw InputError("\(source.id.quoted) is the crowdfunding campaign: its money comes from pledges (osmose pledge add or import)")
            }
            let amount = try Amount.parse(amount, currency: budget.currency)
            let id = try context.ledger.receiveFunding(FundingReceipt(sourceID: source.id, amount: amount, date: try LocalDate(parsing: date), note: note))
            Console.line("Recorded #\(id): \(context.money(amount, currency: budget.currency)) received from \(source.name).")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List money received.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let context = try MoneyContext(global, readOnly: true)
            let receipts = try context.ledger.fundingReceipts()
            if json { return try Console.json(receipts) }
            Console.table(["#", "DATE", "SOURCE", "AMOUNT", "NOTE"], receipts.map {
                ["\($0.id ?? 0)", $0.date.description, $0.sourceID, context.money($0.amount), $0.note ?? ""]
            })
        }
    }
}

struct CampaignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign", abstract: "Where the crowdfunding campaign stands, and where it is heading.",
        discussion: "Counts pledges dated up to today (OSMOSE_TODAY pins today).")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let context = try MoneyContext(global, readOnly: true)
        let budget = try context.budget()
        guard let f = try context.figures(budget) else { throw InputError("the current budget (\(budget.file)) has no [campaign]") }
        let warnings = f.warnings(budget: budget, locale: context.settings.locale)
        if json { return try Console.json(CampaignJSON(f, currency: budget.currency, warnings: warnings)) }
        func m(_ c: Int64) -> String { context.money(c, currency: budget.currency) }
        let c = f.campaign
        let state = f.ended ? "ended" : f.started ? "\(f.daysLeft) day\(f.daysLeft == 1 ? "" : "s") left" : "opens on \(c.opens)"
        Console.line("\(c.platform) (\(c.model.rawValue)), \(c.opens) → \(c.closes): \(state)")
        Console.line()
        let rows: [(String, String)] = [
            ("target", m(f.target)), ("pledged", "\(m(f.pledged))  \(Amount.formatPercent(f.percent, locale: context.settings.locale))  (\(f.pledgeCount) pledges, \(f.backers) backers)"),
            ("collected", m(f.collected)), ("fees", m(f.fees)), ("reward costs", m(f.rewardCosts)), ("net", m(f.net)),
            ("failed / refunded", "\(m(f.failed)) / \(m(f.refunded))"),
        ]
        for (label, value) in rows { Console.line(label.padding(toLength: 18, withPad: " ", startingAt: 0) + value) }
        switch f.forecast.confidence {
        case .final: Console.line("forecast".padding(toLength: 18, withPad: " ", startingAt: 0) + "final: \(m(f.pledged))")
        case .none: Console.line("forecast".padding(toLength: 18, withPad: " ", startingAt: 0) + "none yet (no pledge to project from)")
        default:
            Console.line("forecast".padding(toLength: 18, withPad: " ", startingAt: 0)
                + "\(m(f.forecast.central)), likely between \(m(f.forecast.low)) and \(m(f.forecast.high)) (\(f.forecast.confidence.rawValue) confidence, U-shaped curve)")
            if f.neededPerDay > 0 { Console.line("needed per day".padding(toLength: 18, withPad: " ", startingAt: 0) + m(f.neededPerDay)) }
        }
        Console.line()
        Console.table(["TIER", "MINIMUM", "LIMIT", "TAKEN", "REMAINING", "SEATS", "REWARD COSTS"], f.tiers.map {
            [$0.tier.title, m($0.tier.minimum), $0.tier.limit.map(String.init) ?? "—", "\($0.taken)", $0.remaining.map(String.init) ?? "—",
             "\($0.tier.premiereSeats)", m($0.rewardCosts)]
        })
        for goal in c.stretchGoals {
            Console.line("stretch goal \(m(goal.amount)) “\(goal.title)”: \(f.pledged >= goal.amount ? "reached" : "\(m(goal.amount - f.pledged)) to go")")
        }
        if !warnings.isEmpty { Console.line() }
        for w in warnings { Console.line("Warning: \(w)") }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports for funders.", subcommands: [Funder.self])

    struct Funder: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "funder", 
            abstract: "What a funder asks for at the end (compte-rendu financier): its lines planned against actual, the other sources, in-kind, every expense.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The funding source's id in the budget.") var source: String
        @Option(help: "md, csv or html.") var format = "md"
        @Option(help: "Write to this file instead of standard output.") var out: String?

        func run() throws {
            guard let format = FunderReportWriter.Format(rawValue: format.lowercased()) else {
                throw InputError("“\(format)” is not a report format (md, csv or html)")
            }
            let context = try MoneyContext(global, readOnly: true)
            let budget = try context.budget()
            let report = try FunderReport(title: try context.ledger.settings().title, sourceID: source, report: try context.report(budget),
                                          expenses: try context.ledger.expenses(), locale: context.settings.locale)
            let text = FunderReportWriter.render(report, as: format)
            guard let out else { return Console.text(text) }
            let url = MoneyContext.file(out)
            do {
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                throw LedgerError.io("cannot write \(url.path.quoted): \(error.localizedDescription)")
            }
            Console.line("Wrote the report for \(report.source.name) to \(url.path).")
        }
    }
}
