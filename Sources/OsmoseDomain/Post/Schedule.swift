import Foundation

// MARK: - Tasks

/// A post-production task [tâche de post-production]: editing, sound mix, grading…, counted in working days.
public struct PostTask: Sendable, Equatable {
    /// What the task is.
    public enum Kind: String, ClosedChoice {
        case editing
        case soundMix = "sound-mix"
        case grading, subtitles, titles, export, dcp, other
        public static let what = "post-production task kind"
    }

    /// Where the task stands.
    public enum Status: String, ClosedChoice {
        case todo, doing, done
        public static let what = "task status"
    }

    public var name: String
    public var kind: Kind
    /// Working days the task takes, at least 1.
    public var days: Int
    /// Names of the tasks that must be finished before this one starts.
    public var after: [String]
    public var assignee: String?
    /// The budget line the task is paid from.
    public var line: String?
    /// The task starts no earlier than this day (a booked mixing stage, an editor's availability).
    public var start: LocalDate?
    public var status: Status
    /// The day a done task was finished; without it a done task is taken as finished when planned.
    public var doneOn: LocalDate?

    public init(
        name: String, kind: Kind = .other, days: Int, after: [String] = [], assignee: String? = nil,
        line: String? = nil, start: LocalDate? = nil, status: Status = .todo, doneOn: LocalDate? = nil
    ) {
        self.name = name
        self.kind = kind
        self.days = days
        self.after = after
        self.assignee = assignee
        self.line = line
        self.start = start
        self.status = status
        self.doneOn = doneOn
    }
}

// MARK: - Working days

/// Which days people work: weekends (Saturday and Sunday unless told otherwise) and holidays are off.
public struct WorkingCalendar: Sendable, Equatable {
    /// ISO weekdays off every week (1 is Monday, 7 is Sunday).
    public let weekend: Set<Int>
    /// Days off besides the weekend (bank holidays, a closed lab).
    public var holidays: Set<LocalDate>

    /// Saturday and Sunday off, plus `holidays`.
    public init(holidays: Set<LocalDate> = []) {
        self.weekend = [6, 7]
        self.holidays = holidays
    }

    /// Another weekend (a six-day week: `[7]`); every week must keep at least one working day.
    public init(weekend: Set<Int>, holidays: Set<LocalDate> = []) throws(InputError) {
        if let bad = weekend.sorted().first(where: { !(1...7).contains($0) }) {
            throw InputError("weekday \(bad) does not exist (1 is Monday, 7 is Sunday)")
        }
        guard weekend.count < 7 else { throw InputError("a week with every day off leaves no working day to plan on") }
        self.weekend = weekend
        self.holidays = holidays
    }

    public func isWorkingDay(_ date: LocalDate) -> Bool {
        !weekend.contains(date.weekday) && !holidays.contains(date)
    }

    /// The day `workingDays` working days after `date` (before it when negative); `date` itself is not counted
    /// and need not be a working day. Zero gives `date` back.
    public func add(workingDays: Int, to date: LocalDate) -> LocalDate {
        let step = workingDays < 0 ? -1 : 1
        var left = abs(workingDays)
        var day = date.dayNumber
        // Terminates: every week has a working day and holidays are finite.
        while left > 0 {
            day += step
            if isWorkingDay(LocalDate(dayNumber: day)) { left -= 1 }
        }
        return LocalDate(dayNumber: day)
    }

    /// Working days in `from...to`, both ends counted; 0 when `to` is before `from`.
    public func workingDays(from: LocalDate, to: LocalDate) -> Int {
        guard from <= to else { return 0 }
        var count = 0
        for day in from.dayNumber...to.dayNumber where isWorkingDay(LocalDate(dayNumber: day)) {
            count += 1
        }
        return count
    }

    /// `date` when it is a working day, else the next working day.
    public func firstWorkingDay(onOrAfter date: LocalDate) -> LocalDate {
        isWorkingDay(date) ? date : add(workingDays: 1, to: date)
    }

    /// The day a film must be ready for a screening on `screening`: the working day before, so the
    /// copy can be tried in the room.
    public func deadline(forScreeningOn screening: LocalDate) -> LocalDate {
        add(workingDays: -1, to: screening)
    }

    /// `date` when it is a working day, else the working day before.
    public func lastWorkingDay(onOrBefore date: LocalDate) -> LocalDate {
        isWorkingDay(date) ? date : add(workingDays: -1, to: date)
    }
}

// MARK: - Plan

/// Post-production laid out on working days: when each task can start and finish, how far it may slip.
public struct SchedulePlan: Sendable, Equatable {
    /// One task placed on the calendar.
    public struct Planned: Sendable, Equatable {
        public var name: String
        public var earliestStart: LocalDate
        public var earliestFinish: LocalDate
        /// The last day the task can start without moving the project finish.
        public var latestStart: LocalDate
        public var latestFinish: LocalDate
        /// Working days the task can slip without moving the project finish.
        public var slackDays: Int
        /// No slack left: any slip moves the finish. A done task is never critical: it can no longer slip.
        public var critical: Bool
    }

    /// Tasks in schedule order: by earliest start, then so that a task follows those it waits on.
    public var tasks: [Planned]
    /// The day the last task finishes (the project start when there is nothing to do).
    public var finish: LocalDate
    public var deadline: LocalDate?
    /// Working days past the deadline, 0 when on time or without a deadline.
    public var lateDays: Int
    /// Names of the critical tasks, in schedule order.
    public var criticalPath: [String]

    /// The planned task named `name` (names compared folded).
    public func task(_ name: String) -> Planned? {
        let key = NameKey.fold(name)
        return tasks.first { NameKey.fold($0.name) == key }
    }
}

/// What one task slipping does to the others.
public struct SlipImpact: Sendable, Equatable {
    /// Working days each task's finish moves, for the tasks that move (the slipped one included).
    public var moved: [String: Int]
    /// The project finish after the slip.
    public var finish: LocalDate
    /// Working days the project finish moves.
    public var finishMovedBy: Int
    /// Working days past the deadline after the slip.
    public var lateDays: Int
}

/// Critical path over working days.
public enum Scheduler {
    /// Places every task as early as it can go and works out slack backward from the project finish.
    ///
    /// A task starts on the first working day on or after the latest of: the project start, its own `start`,
    /// and the day after each predecessor finishes; a task of N days finishes on its N-th working day.
    /// A done task finishes on `doneOn` (or as planned without it).
    public static func plan(
        _ tasks: [PostTask], from start: LocalDate, calendar: WorkingCalendar, deadline: LocalDate? = nil
    ) throws(InputError) -> SchedulePlan {
        let graph = try TaskGraph(tasks)
        let count = tasks.count
        var earliestStart = [LocalDate](repeating: start, count: count)
        var earliestFinish = [LocalDate](repeating: start, count: count)
        for i in graph.order {
            let task = tasks[i]
            var notBefore = start
            if let own = task.start, own > notBefore { notBefore = own }
            for p in graph.predecessors[i] {
                let next = LocalDate(dayNumber: earliestFinish[p].dayNumber + 1)
                if next > notBefore { notBefore = next }
            }
            var begin = calendar.firstWorkingDay(onOrAfter: notBefore)
            var end = calendar.add(workingDays: task.days - 1, to: begin)
            if task.status == .done, let doneOn = task.doneOn {
                // What happened wins over what was planned; the start is only inferred from the duration.
                end = doneOn
                begin = calendar.add(workingDays: -(task.days - 1), to: calendar.lastWorkingDay(onOrBefore: doneOn))
            }
            earliestStart[i] = begin
            earliestFinish[i] = end
        }

        let finish = earliestFinish.max() ?? start
        let lastWorkingDay = calendar.lastWorkingDay(onOrBefore: finish)
        var latestStart = earliestStart
        var latestFinish = earliestFinish
        for i in graph.order.reversed() where tasks[i].status != .done {
            var limit = lastWorkingDay
            for s in graph.successors[i] {
                let dayBefore = calendar.add(workingDays: -1, to: latestStart[s])
                if dayBefore < limit { limit = dayBefore }
            }
            latestFinish[i] = limit
            latestStart[i] = calendar.add(workingDays: -(tasks[i].days - 1), to: limit)
        }

        let position = Dictionary(uniqueKeysWithValues: graph.order.enumerated().map { ($1, $0) })
        let scheduleOrder = graph.order.sorted {
            (earliestStart[$0].dayNumber, position[$0] ?? 0) < (earliestStart[$1].dayNumber, position[$1] ?? 0)
        }
        let planned = scheduleOrder.map { i -> SchedulePlan.Planned in
            let slack = tasks[i].status == .done
                ? 0 : max(0, calendar.workingDays(from: earliestFinish[i], to: latestFinish[i]) - 1)
            return SchedulePlan.Planned(
                name: graph.names[i], earliestStart: earliestStart[i], earliestFinish: earliestFinish[i],
                latestStart: latestStart[i], latestFinish: latestFinish[i], slackDays: slack,
                critical: slack == 0 && tasks[i].status != .done
            )
        }
        return SchedulePlan(
            tasks: planned, finish: finish, deadline: deadline,
            lateDays: deadline.map { late(finish: finish, deadline: $0, calendar: calendar) } ?? 0,
            criticalPath: planned.filter(\.critical).map(\.name)
        )
    }

    /// What happens when `task` takes `days` more working days than planned: which finishes move, and by how much.
    public static func slip(
        _ tasks: [PostTask], task name: String, by days: Int, from start: LocalDate, calendar: WorkingCalendar,
        deadline: LocalDate? = nil
    ) throws(InputError) -> SlipImpact {
        guard days >= 1 else { throw InputError("a slip of \(days) working days moves nothing: slip by 1 day or more") }
        let before = try plan(tasks, from: start, calendar: calendar, deadline: deadline)
        let key = NameKey.fold(name)
        guard let index = tasks.firstIndex(where: { NameKey.fold($0.name) == key }) else {
            throw InputError(unknownTask(name, among: tasks.map(\.name)))
        }
        guard tasks[index].status != .done else {
            throw InputError("the task \(tasks[index].name.quoted) is done and can no longer slip")
        }
        var slipped = tasks
        slipped[index].days += days
        let after = try plan(slipped, from: start, calendar: calendar, deadline: deadline)

        var moved: [String: Int] = [:]
        for old in before.tasks {
            guard let new = after.task(old.name), new.earliestFinish > old.earliestFinish else { continue }
            moved[old.name] = shift(from: old.earliestFinish, to: new.earliestFinish, calendar: calendar)
        }
        return SlipImpact(
            moved: moved, finish: after.finish,
            finishMovedBy: after.finish > before.finish
                ? shift(from: before.finish, to: after.finish, calendar: calendar) : 0,
            lateDays: after.lateDays
        )
    }

    // MARK: Helpers

    /// Working days after `deadline` up to and including `finish`.
    private static func late(finish: LocalDate, deadline: LocalDate, calendar: WorkingCalendar) -> Int {
        guard finish > deadline else { return 0 }
        return calendar.workingDays(from: LocalDate(dayNumber: deadline.dayNumber + 1), to: finish)
    }

    /// Working days a date moved forward: those after `from`, up to and including `to`.
    private static func shift(from: LocalDate, to: LocalDate, calendar: WorkingCalendar) -> Int {
        calendar.workingDays(from: LocalDate(dayNumber: from.dayNumber + 1), to: to)
    }

    static func unknownTask(_ name: String, among names: [String]) -> String {
        var message = "there is no task \(name.quoted)"
        if let near = NameKey.nearest(to: name, in: names) { message += " (did you mean \(near.quoted)?)" }
        return message
    }
}

// MARK: - Dependencies

/// Tasks as a checked graph: unique names, known predecessors, no cycle, and an order that puts every task
/// after those it waits on (the given order wherever the dependencies allow it).
private struct TaskGraph {
    var names: [String] = []
    var predecessors: [[Int]] = []
    var successors: [[Int]] = []
    var order: [Int] = []

    init(_ tasks: [PostTask]) throws(InputError) {
        var indexByKey: [String: Int] = [:]
        for (i, task) in tasks.enumerated() {
            let name = try NameKey.validate(task.name, what: "task")
            let key = NameKey.fold(name)
            if let first = indexByKey[key] {
                throw InputError("the task \(name.quoted) is listed twice (first as \(names[first].quoted))")
            }
            guard task.days >= 1 else {
                throw InputError("the task \(name.quoted) lasts \(task.days) days: a task takes at least 1 working day")
            }
            indexByKey[key] = i
            names.append(name)
        }
        predecessors = Array(repeating: [], count: tasks.count)
        successors = Array(repeating: [], count: tasks.count)
        for (i, task) in tasks.enumerated() {
            for other in task.after {
                guard let p = indexByKey[NameKey.fold(other)] else {
                    var message = "the task \(names[i].quoted) comes after \(other.quoted), which is not a task"
                    if let near = NameKey.nearest(to: other, in: names) { message += " (did you mean \(near.quoted)?)" }
                    throw InputError(message)
                }
                guard !predecessors[i].contains(p) else { continue }
                predecessors[i].append(p)
                successors[p].append(i)
            }
        }

        // Kahn's algorithm, always taking the earliest listed task that is ready.
        var waiting = predecessors.map(\.count)
        var ready = Set(waiting.indices.filter { waiting[$0] == 0 })
        while let next = ready.min() {
            ready.remove(next)
            order.append(next)
            for s in successors[next] {
                waiting[s] -= 1
                if waiting[s] == 0 { ready.insert(s) }
            }
        }
        guard order.count < tasks.count else { return }
        throw InputError("tasks wait on each other in a circle: \(cycle(waiting: waiting))")
    }

    /// One cycle among the tasks left unordered, written in working order from its first listed task.
    private func cycle(waiting: [Int]) -> String {
        // Every task left still waits on another task left, so walking back along predecessors must loop.
        let left = Set(waiting.indices.filter { waiting[$0] > 0 })
        guard var current = left.min() else { return "" }
        var walk: [Int] = []
        var seen: [Int: Int] = [:]
        while seen[current] == nil {
            seen[current] = walk.count
            walk.append(current)
            guard let back = predecessors[current].first(where: left.contains) else { break }
            current = back
        }
        var loop = Array(walk[(seen[current] ?? 0)...].reversed())
        if let first = loop.indices.min(by: { loop[$0] < loop[$1] }) {
            loop = Array(loop[first...] + loop[..<first])
        }
        return (loop + loop.prefix(1)).map { names[$0] }.joined(separator: " → ")
    }
}
