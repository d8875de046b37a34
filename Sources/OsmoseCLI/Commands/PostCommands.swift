import ArgumentParser
import Foundation
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage
import OsmoseWeb

struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task", abstract: "Post-production tasks, planned to the screening date.",
        subcommands: [Add.self, Set.self, List.self, Plan.self, Holiday.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a post-production task.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The task's name.") var name: String
        @Option(help: "editing, sound-mix, grading, subtitles, titles, export, dcp or other.") var kind = "other"
        @Option(help: "Working days it takes.") var days = 1
        @Option(help: "A task that must be finished first (repeat for several).") var after: [String] = []
        @Option(help: "Who does it.") var assignee: String?
        @Option(help: "The budget line that pays for it (a code of the current budget).") var line: String?
        @Option(help: "Not before this day, YYYY-MM-DD (a booked mixing stage…).") var start: String?

        func run() throws {
            let context = try MoneyContext(global)
            let line = try self.line.map { try context.budget().requireLine($0).code }
            let task = PostTask(name: name, kind: try PostTask.Kind(parsing: kind), days: days, after: after, assignee: assignee,
                                line: line, start: try Typed.date(start))
            try context.ledger.addTask(task)
            Console.line("Added the task “\(task.name)” (\(task.kind.rawValue), \(task.days) working day\(task.days == 1 ? "" : "s")).")
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Change a task: its status, length, order.",
            discussion: "--status done records the day it was finished (--on, default today). --after replaces the tasks it waits on.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The task's name.") var name: String
        @Option(help: "todo, doing or done.") var status: String?
        @Option(help: "The day it was finished, with --status done (default: today).") var on: String?
        @Option(help: "Working days it takes.") var days: Int?
        @Option(help: "The tasks it waits on (replaces them; repeat for several).") var after: [String] = []
        @Option(help: "Who does it (empty to clear).") var assignee: String?
        @Option(help: "Not before this day (empty to clear).") var start: String?

        func run() throws {
            let context = try MoneyContext(global)
            let status = try self.status.map { try PostTask.Status(parsing: $0) }
            let on = try Typed.date(on)
            if on != nil && status != .done { throw InputError("--on is the day a task was finished: give it with --status done") }
            let start = try self.start.flatMap { $0.isEmpty ? nil : try LocalDate(parsing: $0) }
            let task = try context.ledger.updateTask(named: name) { task in
                if let status {
                    task.status = status
                    if status == .done { task.doneOn = on ?? context.today }
                }
                if let days { task.days = days }
                if !after.isEmpty { task.after = after }
                Typed.change(assignee, into: &task.assignee)
                if self.start != nil { task.start = start }
            }
            Console.line("Task “\(task.name)”: \(task.status.rawValue)\(task.doneOn.map { " on \($0)" } ?? ""), \(task.days) working day\(task.days == 1 ? "" : "s").")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The tasks, in the order added.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let tasks = try global.open(readOnly: true).ledger.tasks()
            if json { return try Console.json(tasks.map(TaskJSON.init)) }
            Console.table(["TASK", "KIND", "DAYS", "AFTER", "STATUS", "ASSIGNEE", "LINE", "NOT BEFORE"], tasks.map {
                [$0.name, $0.kind.rawValue, "\($0.days)", $0.after.joined(separator: ", "),
                 $0.status.rawValue + ($0.doneOn.map { " \($0)" } ?? ""), $0.assignee ?? "", $0.line ?? "", $0.start?.description ?? ""]
            })
        }
    }

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "plan",
            abstract: "Earliest start and finish over working days, slack, the critical path, and whether the screening date holds.",
            discussion: "The plan starts today (OSMOSE_TODAY pins it) unless --from says otherwise; weekends and the holidays recorded with “osmose task holiday” are off. The deadline is the screening's day (--screening ID, default the next screening).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The screening to plan for (default: the next one, else the last one).") var screening: Int64?
        @Option(help: "Plan from this day, YYYY-MM-DD (default: today).") var from: String?
        @Option(help: "Show what moves if this task slips.") var slip: String?
        @Option(help: "Working days of the slip (with --slip).") var by = 1
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let context = try MoneyContext(global, readOnly: true)
            let ledger = context.ledger
            let start = try Typed.date(from) ?? context.today
            let screenings = try ledger.screenings().map(\.screening)
            let target: Screening?
            if let screening {
                target = try ledger.screening(screening).screening
            } else {
                target = screenings.first { $0.date >= start } ?? screenings.last
            }
            let tasks = try ledger.tasks()
            let calendar = try ledger.workingCalendar()
            let deadline = target.map { calendar.deadline(forScreeningOn: $0.date) }
            let plan = try Scheduler.plan(tasks, from: start, calendar: calendar, deadline: deadline)
            let impact = try slip.map { try Scheduler.slip(tasks, task: $0, by: by, from: start, calendar: calendar, deadline: deadline) }
            if json { return try Console.json(PlanJSON(plan: plan, tasks: tasks, from: start, screening: target, slip: impact, slipTask: slip, by: by)) }
            guard !tasks.isEmpty else { return Console.line("No post-production task yet: add one with “osmose task add”.") }
            let byName = Dictionary(tasks.map { (NameKey.fold($0.name), $0) }, uniquingKeysWith: { a, _ in a })
            Console.table(["TASK", "STATUS", "START", "FINISH", "SLACK", "CRITICAL", "ASSIGNEE"], plan.tasks.map { p in
                let task = byName[NameKey.fold(p.name)]
                return [p.name, task?.status.rawValue ?? "", p.earliestStart.description, p.earliestFinish.description,
                        "\(p.slackDays)", p.critical ? "yes" : "", task?.assignee ?? ""]
            })
            Console.line()
            Console.line("Planned from \(start): finished on \(plan.finish).")
            if !plan.criticalPath.isEmpty { Console.line("Critical path: \(plan.criticalPath.joined(separator: " → ")).") }
            if let target, let deadline {
                Console.line(plan.lateDays == 0
                    ? "The screening “\(target.title)” on \(target.date) holds: ready by \(deadline), the working day before."
                    : "The screening “\(target.title)” on \(target.date) does not hold: \(plan.lateDays) working day\(plan.lateDays == 1 ? "" : "s") late (ready by \(deadline) needed).")
            }
            if let impact, let slip {
                Console.line()
                Console.line("If “\(slip)” slips \(by) working day\(by == 1 ? "" : "s"):")
                for (name, days) in impact.moved.sorted(by: { $0.key < $1.key }) { Console.line("  \(name) finishes \(days) working day\(days == 1 ? "" : "s") later") }
                Console.line(impact.finishMovedBy == 0 ? "  the finish does not move (the slack absorbs it)."
                    : "  the finish moves to \(impact.finish) (\(impact.finishMovedBy) working day\(impact.finishMovedBy == 1 ? "" : "s")); late by \(impact.lateDays).")
            }
        }
    }

    struct Holiday: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "holiday", abstract: "Days off besides weekends: list, add or remove.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Add this day off, YYYY-MM-DD.") var add: String?
        @Option(help: "Its name (with --add).") var name = "holiday"
        @Option(help: "Remove this day off.") var remove: String?

        func run() throws {
            let ledger = try global.open().ledger
            if let add = try Typed.date(add) { try ledger.addHoliday(add, name: name); Console.line("\(add) is a day off (\(name)).") }
            if let remove = try Typed.date(remove) { try ledger.removeHoliday(remove); Console.line("\(remove) is a working day again.") }
            if add == nil && remove == nil {
                Console.table(["DAY", "NAME"], try ledger.holidays().map { [$0.date.description, $0.name] })
            }
        }
    }
}

struct TaskJSON: Encodable {
    let name: String, kind: String, days: Int, after: [String], assignee: String?, line: String?, start: String?, status: String
    let done_on: String?

    init(_ task: PostTask) {
        name = task.name
        kind = task.kind.rawValue
        days = task.days
        after = task.after
        assignee = task.assignee
        line = task.line
        start = task.start?.description
        status = task.status.rawValue
        done_on = task.doneOn?.description
    }
}

struct PlanJSON: Encodable {
    struct Row: Encodable {
        let name: String, status: String, earliest_start: String, earliest_finish: String, latest_start: String, latest_finish: String
        let slack_days: Int, critical: Bool
    }

    struct Slip: Encodable {
        let task: String, by_days: Int, moved: [String: Int], finish: String, finish_moved_by: Int, late_days: Int
    }

    let from: String, tasks: [Row], finish: String, deadline: String?, screening: Int64?, late_days: Int, critical_path: [String]
    let slip: Slip?

    init(plan: SchedulePlan, tasks: [PostTask], from: LocalDate, screening: Screening?, slip: SlipImpact?, slipTask: String?, by: Int) {
        let status = Dictionary(tasks.map { (NameKey.fold($0.name), $0.status.rawValue) }, uniquingKeysWith: { a, _ in a })
        self.from = from.description
        self.tasks = plan.tasks.map {
            Row(name: $0.name, status: status[NameKey.fold($0.name)] ?? "todo", earliest_start: $0.earliestStart.description,
                earliest_finish: $0.earliestFinish.description, latest_start: $0.latestStart.description,
                latest_finish: $0.latestFinish.description, slack_days: $0.slackDays, critical: $0.critical)
        }
        finish = plan.finish.description
        deadline = plan.deadline?.description
        self.screening = screening?.id
        late_days = plan.lateDays
        critical_path = plan.criticalPath
        self.slip = slip.map { Slip(task: slipTask ?? "", by_days: by, moved: $0.moved, finish: $0.finish.description,
                                    finish_moved_by: $0.finishMovedBy, late_days: $0.lateDays) }
    }
}

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "Shooting days, post-production tasks and screenings as an iCalendar file.",
        discussion: "Tasks are placed as the plan lays them out from today (OSMOSE_TODAY pins it) or --from. The service serves the same calendar at /calendar.ics?token=TOKEN (team) and the screenings alone at /premiere.ics.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Write to this file instead of printing.") var out: String?
    @Option(help: "Plan the tasks from this day (default: today).") var from: String?
    @Flag(help: "The screenings only, as /premiere.ics publishes them.") var screeningsOnly = false

    func run() throws {
        let context = try MoneyContext(global, readOnly: true)
        let text = try context.ledger.calendar(team: !screeningsOnly, plannedFrom: try Typed.date(from) ?? context.today)
        guard let out else { return Console.text(text) }
        let url = MoneyContext.file(out)
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw InputError("cannot write \(url.path.quoted): \(error.localizedDescription)")
        }
        Console.line("Wrote \(url.path).")
    }
}
