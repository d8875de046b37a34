import ArgumentParser
import Foundation
import OsmoseDomain
import OsmoseStorage

struct ShootCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shoot", abstract: "Shooting days: where, when, who.",
        subcommands: [Add.self, Set.self, Show.self, List.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Plan or record a shooting day.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The date, YYYY-MM-DD.") var date: String
        @Option(help: "A space filmed (repeat for several).") var space: [String] = []
        @Option(help: "Call time, HH:MM.") var call: String?
        @Option(help: "Wrap time, HH:MM.") var wrap: String?
        @Option(help: "A participant filmed (repeat for several).") var participant: [String] = []
        @Option(help: "A director or crew member present (repeat for several).") var crew: [String] = []
        @Option(help: "planned, shot or cancelled.") var status = "planned"
        @Option var notes: String?

        func run() throws {
            let day = ShootingDay(
                date: try LocalDate(parsing: date), spaces: space, call: try Typed.time(call), wrap: try Typed.time(wrap),
                participants: participant, crew: crew, status: try ShootingDay.Status(parsing: status), notes: notes)
            try global.open().ledger.addShootingDay(day)
            Console.line("Added the shooting day \(day.date) (\(day.status.rawValue)) at \(day.spaces.joined(separator: ", ")).")
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", 
            abstract: "Change a shooting day.",
            discussion: "--space, --participant and --crew replace the lists; --add-… and --remove-… change them one name at a time. An empty value clears --call, --wrap or --notes.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The shooting day's date, YYYY-MM-DD.") var date: String
        @Option(help: "Move the day to this date.") var moveTo: String?
        @Option var space: [String] = []
        @Option var call: String?
        @Option var wrap: String?
        @Option var participant: [String] = []
        @Option var crew: [String] = []
        @Option var addParticipant: [String] = []
        @Option var removeParticipant: [String] = []
        @Option var addCrew: [String] = []
        @Option var removeCrew: [String] = []
        @Option(help: "planned, shot or cancelled.") var status: String?
        @Option var notes: String?

        func run() throws {
            let date = try LocalDate(parsing: date)
            let moveTo = try Typed.date(moveTo)
            let status = try self.status.map { try ShootingDay.Status(parsing: $0) }
            let call = try Typed.time(call)
            let wrap = try Typed.time(wrap)
            let day = try global.open().ledger.updateShootingDay(on: date) { day in
                if let moveTo { day.date = moveTo }
                if !space.isEmpty { day.spaces = space }
                if self.call != nil { day.call = call }
                if self.wrap != nil { day.wrap = wrap }
                if !participant.isEmpty { day.participants = participant }
                if !crew.isEmpty { day.crew = crew }
                day.participants = Self.edit(day.participants, adding: addParticipant, removing: removeParticipant)
                day.crew = Self.edit(day.crew, adding: addCrew, removing: removeCrew)
                if let status { day.status = status }
                Typed.change(notes, into: &day.notes)
            }
            Console.line("Updated the shooting day \(day.date) (\(day.status.rawValue)).")
        }

        static func edit(_ names: [String], adding: [String], removing: [String]) -> [String] {
            let removed = Swift.Set(removing.map(NameKey.fold))
            return names.filter { !removed.contains(NameKey.fold($0)) } + adding
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one shooting day.")
        @OptionGroup var global: GlobalOptions
        @Argument var date: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let day = try global.open(readOnly: true).ledger.shootingDay(on: try LocalDate(parsing: date))
            if json { return try Console.json(day) }
            Console.line("\(day.date)  \(day.status.rawValue)")
            Console.line("  spaces        \(day.spaces.joined(separator: ", "))")
            Console.line("  call – wrap   \(day.call?.description ?? "—") – \(day.wrap?.description ?? "—")")
            Console.line("  participants  \(day.participants.isEmpty ? "—" : day.participants.joined(separator: ", "))")
            Console.line("  crew          \(day.crew.isEmpty ? "—" : day.crew.joined(separator: ", "))")
            Console.line("  notes         \(day.notes ?? "—")")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the shooting days.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let days = try global.open(readOnly: true).ledger.shootingDays()
            if json { return try Console.json(days) }
            Console.table(["DATE", "STATUS", "CALL", "WRAP", "SPACES", "PARTICIPANTS"], days.map {
                [$0.date.description, $0.status.rawValue, $0.call?.description ?? "", $0.wrap?.description ?? "",
                 $0.spaces.joined(separator: ", "), $0.participants.joined(separator: ", ")]
            })
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a shooting day no log refers to.")
        @OptionGroup var global: GlobalOptions
        @Argument var date: String

        func run() throws {
            let date = try LocalDate(parsing: date)
            try global.open().ledger.removeShootingDay(on: date)
            Console.line("Removed the shooting day \(date).")
        }
    }
}
