import ArgumentParser
import Foundation
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage

struct PledgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pledge", abstract: "Contributions to the crowdfunding campaign.",
        subcommands: [Add.self, Set.self, List.self, Import.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Record a pledge typed by hand.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The amount: 35, 35.50, “35,50 €”.") var amount: String
        @Option(help: "The contributor's name (private).") var name: String
        @Option(help: "Their e-mail (private).") var email: String?
        @Option(help: "The name shown in public (default: first name and initial).") var publicName: String?
        @Flag(help: "Never show who they are in public.") var anonymous = false
        @Option(help: "The reward tier's title.") var tier: String?
        @Option(help: "promised, collected, failed or refunded.") var status = "promised"
        @Option(help: "The date, YYYY-MM-DD (default: today).") var date: String?
        @Option(help: "A reference (default: M-0001, M-0002…); the key of imports.") var ref: String?
        @Option(help: "Their message.") var message: String?

        func run() throws {
            let context = try MoneyContext(global)
            let budget = try context.budget()
            let given = try Pledge(
                ref: ref ?? "", amount: try Amount.parse(amount, currency: budget.currency), name: name,
                email: email, publicName: publicName, anonymous: anonymous, tier: tier, status: try Pledge.Status(parsing: status),
                date: try Typed.date(date) ?? context.today, message: message
            ).validated(against: budget.campaign, currency: budget.currency)
            // Without --ref, the next M- reference is drawn in the transaction that records the pledge.
            let pledge = try context.ledger.addPledge(given, allocatingReference: ref == nil)
            Console.line("Recorded pledge \(pledge.ref): \(context.money(pledge.amount, currency: budget.currency)) from “\(pledge.name)” (\(pledge.status.rawValue)).")
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", 
            abstract: "Change a pledge's status: promised → collected | failed; collected → refunded.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The pledge's reference.") var ref: String
        @Option(help: "collected, failed, refunded or promised.") var status: String

        func run() throws {
            let status = try Pledge.Status(parsing: status)
            let before = try global.open().ledger.setPledgeStatus(ref: ref, to: status)
            Console.line("Pledge \(ref): \(before.rawValue) → \(status.rawValue).")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List pledges.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this status.") var status: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let status = try self.status.map { try Pledge.Status(parsing: $0) }
            let production = try global.open(readOnly: true)
            let pledges = try production.ledger.pledges(status: status)
            if json { return try Console.json(pledges) }
            let locale = try production.ledger.settings().locale
            Console.table(["REF", "DATE", "AMOUNT", "STATUS", "TIER", "NAME", "PUBLIC"], pledges.map {
                [$0.ref, $0.date.description, Amount.format($0.amount, locale: locale), $0.status.rawValue, $0.tier ?? "", $0.name,
                 $0.displayName ?? "anonymous"]
            })
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", 
            abstract: "Import a platform's export: new pledges are added, known ones take their new status; all or nothing.",
            discussion: "Formats: helloasso (the order export, ;-separated), kickstarter (the backer report), csv (any CSV: name its columns with --map COLUMN=FIELD, fields: \(PledgeField.allCases.map(\.rawValue).joined(separator: ", "))).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The export file.") var file: String
        @Option(help: "helloasso, kickstarter or csv.") var format: String
        @Option(help: "For csv: COLUMN=FIELD (repeat).") var map: [String] = []
        @Flag(help: "Say what would change, and write nothing.") var dryRun = false

        func run() throws {
            guard let format = PledgeExportFormat(rawValue: format.lowercased()) else {
                throw InputError("“\(format)” is not an export format (helloasso, kickstarter or csv)")
            }
            let mapping = try PledgeExportReader.parseMapping(map)
            let context = try MoneyContext(global)
            let budget = try context.budget()
            let url = try MoneyContext.input(file)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw InputError("cannot read \(file.quoted): there is no such file")
            }
            let reader = PledgeExportReader(
                format: format, mapping: mapping, currency: budget.currency, campaign: budget.campaign,
                timeZone: TimeZone(identifier: context.settings.timeZone) ?? .current)
            let bar = ProgressBar(total: Self.lineCount(data) - 1, label: "import")
            let summary: ImportSummary
            do {
                // The export is read on its own thread while the rows already read are written, in one
                // transaction; a problem anywhere rolls it all back.
                summary = try context.ledger.importPledges(dryRun: dryRun, progress: bar.update) { yield in
                    let problems = reader.read(data, file: file) { yield($0.line, $0.pledge) }
                    if !problems.isEmpty { throw RolledBack(problems: problems) }
                }
            } catch let rolledBack as RolledBack {
                bar.finish()
                let problems = rolledBack.problems
                for problem in problems.prefix(200) { Console.error(problem.description) }
                if problems.count > 200 { Console.error("… and \(problems.count - 200) more") }
                throw InputError("nothing was imported: \(problems.count) problem\(problems.count == 1 ? "" : "s") in \(file)")
            } catch let conflicts as ImportConflicts {
                bar.finish()
                for row in conflicts.rows.prefix(200) { Console.error("\(file):\(row.line): \(row.message)") }
                throw InputError("nothing was imported: \(conflicts.rows.count) row\(conflicts.rows.count == 1 ? "" : "s") contradict the ledger")
            }
            bar.finish()
            let rows = summary.added + summary.updated + summary.unchanged + summary.keptLater
            var parts = ["\(summary.added) added", "\(summary.updated) changed status", "\(summary.unchanged) unchanged"]
            if summary.keptLater > 0 { parts.append("\(summary.keptLater) kept (the ledger's status is later)") }
            Console.line((dryRun ? "Dry run, nothing written: " : "Imported \(rows) rows: ") + parts.joined(separator: ", ") + ".")
        }

        /// Thrown to roll the import back when a row has a problem.
        struct RolledBack: Error {
            let problems: [ImportProblem]
        }

        static func lineCount(_ data: Data) -> Int {
            data.withUnsafeBytes { $0.reduce(into: 0) { n, b in if b == 0x0A { n += 1 } } }
        }
    }
}
