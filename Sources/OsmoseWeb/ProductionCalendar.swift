import Foundation
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage

extension Ledger {
    /// How long a screening is shown as lasting in calendars: the film, the welcome and the talk after it.
    public static let screeningMinutes = 150

    /// The production's calendar as iCalendar, in its time zone, with UIDs that stay the same from
    /// one export to the next. The team's holds shooting days, each post-production task from its
    /// planned start to its planned finish (the plan laid out from `plannedFrom`), and screenings;
    /// the public one (`team` false) only the screenings.
    public func calendar(team: Bool, plannedFrom: LocalDate, stamp: Date = Date()) throws -> String {
        let settings = try self.settings()
        let uid = try productionUID()
        let spaces = Dictionary(try self.spaces().map { (NameKey.fold($0.name), $0) }, uniquingKeysWith: { a, _ in a })
        func place(_ names: [String]) -> String? {
            let parts = names.map { name in [name, spaces[NameKey.fold(name)]?.address].compactMap { $0 }.joined(separator: ", ") }
            return parts.isEmpty ? nil : parts.joined(separator: " / ")
        }
        var events: [CalendarEvent] = []
        if team {
            for day in try shootingDays() {
                let status: CalendarEvent.Status = switch day.status {
                case .planned: .tentative
                case .shot: .confirmed
                case .cancelled: .cancelled
                }
                var lines: [String] = []
                if let call = day.call { lines.append("Call \(call)" + (day.wrap.map { ", wrap \($0)" } ?? "")) }
                if !day.participants.isEmpty { lines.append("Filmed: \(day.participants.joined(separator: ", "))") }
                if !day.crew.isEmpty { lines.append("Crew: \(day.crew.joined(separator: ", "))") }
                if let notes = day.notes { lines.append(notes) }
                events.append(CalendarEvent(
                    uid: "shoot-\(day.date)@\(uid)", summary: "Shoot: \(day.spaces.joined(separator: ", "))",
                    when: .days(first: day.date, last: day.date), description: lines.isEmpty ? nil : lines.joined(separator: "\n"),
                    location: place(day.spaces), categories: ["shoot"], status: status))
            }
            let tasks = try self.tasks()
            if !tasks.isEmpty {
                let plan = try Scheduler.plan(tasks, from: plannedFrom, calendar: try workingCalendar())
                let byName = Dictionary(tasks.map { (NameKey.fold($0.name), $0) }, uniquingKeysWith: { a, _ in a })
                for planned in plan.tasks {
                    let task = byName[NameKey.fold(planned.name)]
                    var lines = ["\(task?.kind.rawValue ?? "task"), \(task?.days ?? 0) working day(s), \(task?.status.rawValue ?? "todo")"]
                    if planned.critical { lines.append("On the critical path.") } else if task?.status != .done {
                        lines.append("Slack: \(planned.slackDays) working day(s).")
                    }
                    if let assignee = task?.assignee { lines.append("Assignee: \(assignee)") }
                    events.append(CalendarEvent(
                        uid: "task-\(FileDigest.sha256(of: Data(NameKey.fold(planned.name).utf8)).prefix(16))@\(uid)",
                        summary: "Post: \(planned.name) (due \(planned.earliestFinish))",
                        when: .days(first: planned.earliestStart, last: planned.earliestFinish), description: lines.joined(separator: "\n"),
                        categories: ["post-production"], status: task?.status == .done ? .confirmed : .tentative))
                }
            }
        }
        for (screening, venue) in try screenings() {
            events.append(CalendarEvent(
                uid: "screening-\(screening.id ?? 0)@\(uid)", summary: screening.title,
                when: .timed(date: screening.date, start: screening.time, minutes: Self.screeningMinutes),
                description: "\(settings.title) — \(venue.name)", location: place([venue.name]), categories: ["screening"],
                status: .confirmed))
        }
        return try ICalendar.document(name: team ? settings.title : "\(settings.title) — screenings", timeZone: settings.timeZone,
                                      events: events, stamp: stamp)
    }
}
