import ArgumentParser
import Foundation
import OsmoseDomain
import OsmoseStorage

/// The program's entry: parses, runs one command, and turns any failure into one sentence on
/// standard error with a non-zero exit.
public enum OsmoseMain {
    public static func run(_ arguments: [String]? = nil) async -> Never {
        do {
            var command = try Osmose.parseAsRoot(arguments)
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch let error as InputError {
            fail(error.message, code: 65)
        } catch let error as LedgerError {
            fail(error.description, code: 1)
        } catch let error as AmountOverflow {
            fail(error.description, code: 65)
        } catch let error as ExitCode {
            // A verdict already printed (a failed verification, an uncleared cut): only the status is left to give.
            exit(error.rawValue)
        } catch let error as CleanExit {
            Osmose.exit(withError: error)
        } catch {
            if let sentence = LedgerError.explain(error) { fail(sentence, code: 74) }
            let code = Osmose.exitCode(for: error)
            if code == .success { Osmose.exit(withError: error) }
            let message = Osmose.message(for: error)
            fail(message.isEmpty ? "\(error)" : message, code: code.rawValue)
        }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        Console.error("osmose: " + message)
        exit(code)
    }
}

/// The root command: one subcommand group per area.
public struct Osmose: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "osmose",
        abstract: "A production tracker for low-budget documentaries.",
        discussion: """
            A production is a folder holding osmose.sqlite (the ledger), budgets/ and footage-index/.
            Commands find it like git finds a repository: --production DIR, else OSMOSE_PRODUCTION,
            else the current folder or its nearest parent holding osmose.sqlite.
            OSMOSE_TODAY=YYYY-MM-DD pins “today” (for demos and tests).
            """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, DemoCommand.self, SpaceCommand.self, PersonCommand.self, ShootCommand.self,
            ReleaseCommand.self, LogCommand.self, BudgetCommand.self, ExpenseCommand.self, FundingCommand.self,
            PledgeCommand.self, CampaignCommand.self, ReportCommand.self, ScreeningCommand.self, TaskCommand.self, CalendarCommand.self, NewsCommand.self,
            TokenCommand.self, ServeCommand.self, PublishCommand.self, HashCommand.self, FootageCommand.self, ExportCommand.self, CutCommand.self, TimecodeCommand.self, BackupCommand.self, RestoreCommand.self, CheckCommand.self, JournalCommand.self, PrivacyCommand.self,
        ])

    public init() {}
}
