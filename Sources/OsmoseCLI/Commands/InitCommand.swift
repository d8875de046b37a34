import ArgumentParser
import Foundation
import OsmoseDomain
import OsmoseStorage

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a production: osmose.sqlite, budgets/ and footage-index/ in the current folder (or --production DIR).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The film's title (default: the folder's name).") var title: String?
    @Option(help: "The time zone of shooting days and screenings.") var timezone = "Europe/Paris"
    @Option(help: "The locale of human output, such as fr_FR or en_GB.") var locale = "fr_FR"
    @Option(help: "The frame rate timecodes default to: 23.976, 24, 25, 29.97 (drop-frame), 29.97ndf, 30, 50, 59.94, 59.94ndf, 60.")
    var rate = "25"

    func run() throws {
        let folder = global.targetFolder
        let settings = ProductionSettings(
            title: title ?? folder.lastPathComponent, timeZone: timezone, locale: locale,
            frameRate: try FrameRate(parsing: rate))
        let production = try ProductionFolder.create(in: folder, settings: settings, actor: "command line (\(ProcessInfo.processInfo.environment["USER"] ?? NSUserName()))")
        Console.line("Created the production “\(settings.title)” in \(production.url.path)")
        Console.line("  ledger  \(production.ledgerURL.path)")
        Console.line("  \(settings.timeZone), \(settings.locale), \(settings.frameRate)")
    }
}

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create the demo production of “Travailler en micro-osmose” and show what it holds.",
        discussion: "Participants and crew are fictional placeholders; the spaces and the directors are the film's.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Replace an existing demo ledger in that folder (never a production that is not the demo).")
    var reset = false

    func run() throws {
        let folder = global.targetFolder
        let ledger = folder.appendingPathComponent(ProductionFolder.ledgerName)
        if FileManager.default.fileExists(atPath: ledger.path) {
            var existing = try ProductionFolder.open(folder)
            existing.ledger.actor = "demo"
            guard try existing.ledger.settings().title == DemoProduction.settings.title else {
                throw LedgerError.productionExists(file: ledger.path)
            }
            guard reset else {
                Console.line("The demo production is already in \(folder.path) (use --reset to start it afresh).")
                // A demo made before Osmose knew footage gets its cards and its cut now.
                if try existing.ledger.cards().isEmpty {
                    let footage = try DemoFootage.create(in: existing)
                    Console.line("  \(footage.cards) cards ingested (\(footage.clips) clips); the editor's cut “\(footage.cut.name)” read back")
                }
                // … and one made before post-production, its plan and guest list.
                if try existing.ledger.tasks().isEmpty {
                    let post = try DemoPost.create(in: existing)
                    Console.line("  \(post.tasks) post-production tasks planned; \(post.guests) guests invited to the premiere")
                }
                return try DemoCommand.summarize(existing)
            }
            try existing.removeLedger()
        }
        let production = try ProductionFolder.create(
            in: folder, settings: DemoProduction.settings, content: try DemoProduction.content(),
            budgetFiles: DemoProduction.budgetFiles, actor: "demo")
        let footage: (cards: Int, clips: Int, cut: Cut)
        let post: (tasks: Int, guests: Int)
        do {
            footage = try DemoFootage.create(in: production)
            post = try DemoPost.create(in: production)
        } catch {
            // Nothing half-made: without its footage the demo would tell a false story.
            try? production.removeLedger()
            throw error
        }
        Console.line("Created the demo production “\(DemoProduction.settings.title)” in \(production.url.path)")
        Console.line("  \(footage.cards) cards ingested (\(footage.clips) clips), manifests in footage-index/; the editor's cut “\(footage.cut.name)” read back")
        Console.line("  \(post.tasks) post-production tasks planned to the premiere; \(post.guests) guests invited")
        try DemoCommand.summarize(production)
    }

    /// What the demo holds, and where its releases stand for the premiere.
    static func summarize(_ production: ProductionFolder) throws {
        let ledger = production.ledger
        let counts = try ledger.counts()
        Console.line()
        Console.line("  \(counts["space"] ?? 0) spaces, \(counts["person"] ?? 0) people, \(counts["shooting_day"] ?? 0) shooting days, \(counts["release"] ?? 0) release records, \(counts["log_entry"] ?? 0) log entries")
        Console.line()
        let premiere = try LocalDate(parsing: "2015-11-30")
        let rows = try ledger.clearances(usage: .cinema, territory: .france, on: premiere)
        Console.line("Cleared for the premiere (cinema, France, 2015-11-30):")
        ReleaseListCommand.printMatrix(rows, usage: .cinema, territory: .france)
        Console.line()
        let context = try MoneyContext(production: production, today: premiere)
        if let budget = try? context.budget(), let f = try context.figures(budget) {
            Console.line()
            Console.line("The campaign (\(budget.file)): \(context.money(f.pledged)) pledged of \(context.money(f.target)) (\(Amount.formatPercent(f.percent, locale: context.settings.locale))), \(f.backers) backers, net \(context.money(f.net)).")
            for warning in f.warnings(budget: budget, locale: context.settings.locale) { Console.line("Warning: \(warning)") }
        }
        Console.line()
        if let cut = try ledger.cutNames().first {
            let gate = try ledger.releaseGate(cut: cut, usage: .cinema, territory: .france, on: premiere)
            let blocked = gate.subjects.filter { !$0.cleared }.map(\.clearance.subject.name)
            Console.line(gate.cleared ? "The cut “\(cut)” is cleared for the premiere."
                : "The cut “\(cut)” is not cleared for the premiere: \(blocked.joined(separator: ", ")).")
            Console.line()
        }
        let tasks = try ledger.tasks()
        if !tasks.isEmpty, let asOf = try? LocalDate(parsing: DemoPost.asOf) {
            let calendar = try ledger.workingCalendar()
            let plan = try Scheduler.plan(tasks, from: asOf, calendar: calendar, deadline: calendar.deadline(forScreeningOn: premiere))
            Console.line("Post-production as of \(asOf): finished on \(plan.finish), " + (plan.lateDays == 0
                ? "ready for the premiere." : "\(plan.lateDays) working days late for the premiere."))
            if let id = try ledger.screenings().first?.screening.id {
                let room = try ledger.roomCount(screening: id)
                Console.line("The premiere: \(room.invited) guests invited, \(room.confirmed) of \(room.capacity) seats confirmed.")
            }
            Console.line()
        }
        Console.line("Try:  osmose shoot list   osmose release list --on 2015-11-30   osmose log search militantisme   osmose campaign   osmose budget")
        Console.line("      OSMOSE_TODAY=\(DemoPost.asOf) osmose task plan   osmose screening guests 1   osmose screening checklist 1   osmose calendar")
    }
}
