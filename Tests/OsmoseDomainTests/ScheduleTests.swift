import Foundation
import Testing
@testable import OsmoseDomain

/// `YYYY-MM-DD` as a date; November 2015 starts on a Sunday, so 2015-11-02 is a Monday.
private func day(_ text: String) throws -> LocalDate { try LocalDate(parsing: text) }

private func message(_ body: () throws -> Void) -> String {
    do {
        try body()
        return ""
    } catch let error as InputError {
        return error.message
    } catch {
        return "unexpected \(error)"
    }
}

@Suite("Post-production schedule")
struct ScheduleTests {
    let weekdays = WorkingCalendar()

    /// editing (5) → sound-mix (5), grading (3), subtitles (1) in parallel → export (1).
    func branches(gradingStart: LocalDate? = nil) -> [PostTask] {
        [
            PostTask(name: "editing", kind: .editing, days: 5),
            PostTask(name: "sound-mix", kind: .soundMix, days: 5, after: ["editing"]),
            PostTask(name: "grading", kind: .grading, days: 3, after: ["editing"], start: gradingStart),
            PostTask(name: "subtitles", kind: .subtitles, days: 1, after: ["editing"]),
            PostTask(name: "export", kind: .export, days: 1, after: ["sound-mix", "grading", "subtitles"]),
        ]
    }

    @Test("Working days skip weekends and holidays")
    func workingDays() throws {
        // Given Armistice Day, Wednesday 2015-11-11, off
        let calendar = WorkingCalendar(holidays: [try day("2015-11-11")])

        // Then
        #expect(calendar.isWorkingDay(try day("2015-11-10")))
        #expect(!calendar.isWorkingDay(try day("2015-11-11")))
        #expect(!calendar.isWorkingDay(try day("2015-11-07")))  // Saturday
        #expect(!calendar.isWorkingDay(try day("2015-11-08")))  // Sunday
        #expect(calendar.add(workingDays: 1, to: try day("2015-11-06")) == (try day("2015-11-09")))
        #expect(calendar.add(workingDays: 5, to: try day("2015-11-09")) == (try day("2015-11-17")))
        #expect(calendar.add(workingDays: -1, to: try day("2015-11-09")) == (try day("2015-11-06")))
        #expect(calendar.add(workingDays: -2, to: try day("2015-11-12")) == (try day("2015-11-09")))
        #expect(calendar.add(workingDays: 0, to: try day("2015-11-08")) == (try day("2015-11-08")))
        #expect(calendar.add(workingDays: 1, to: try day("2015-12-31")) == (try day("2016-01-01")))
        #expect(calendar.workingDays(from: try day("2015-11-02"), to: try day("2015-11-15")) == 9)
        #expect(calendar.workingDays(from: try day("2015-11-07"), to: try day("2015-11-08")) == 0)
        #expect(calendar.workingDays(from: try day("2015-11-10"), to: try day("2015-11-02")) == 0)
        #expect(calendar.firstWorkingDay(onOrAfter: try day("2015-11-07")) == (try day("2015-11-09")))
        #expect(calendar.lastWorkingDay(onOrBefore: try day("2015-11-11")) == (try day("2015-11-10")))

        // A six-day week works on Saturdays; a week with no working day is refused
        let sixDays = try WorkingCalendar(weekend: [7])
        #expect(sixDays.isWorkingDay(try day("2015-11-07")))
        #expect(sixDays.workingDays(from: try day("2015-11-02"), to: try day("2015-11-15")) == 12)
        #expect(message { _ = try WorkingCalendar(weekend: Set(1...7)) }.contains("no working day"))
        #expect(message { _ = try WorkingCalendar(weekend: [0, 6]) }.contains("weekday 0"))
    }

    @Test("A chain runs task after task, every task critical")
    func chain() throws {
        // Given
        let tasks = [
            PostTask(name: "editing", kind: .editing, days: 10),
            PostTask(name: "sound-mix", kind: .soundMix, days: 3, after: ["Editing"]),
            PostTask(name: "dcp", kind: .dcp, days: 1, after: ["sound-mix"]),
        ]

        // When
        let plan = try Scheduler.plan(tasks, from: try day("2015-11-02"), calendar: weekdays, deadline: nil)

        // Then
        let editing = try #require(plan.task("editing"))
        #expect(editing.earliestStart == (try day("2015-11-02")))
        #expect(editing.earliestFinish == (try day("2015-11-13")))
        let mix = try #require(plan.task("sound-mix"))
        #expect(mix.earliestStart == (try day("2015-11-16")))
        #expect(mix.earliestFinish == (try day("2015-11-18")))
        #expect(plan.finish == (try day("2015-11-19")))
        #expect(plan.tasks.allSatisfy { $0.slackDays == 0 && $0.critical })
        #expect(plan.criticalPath == ["editing", "sound-mix", "dcp"])
        #expect(plan.lateDays == 0)

        // A holiday inside the editing pushes the whole chain by one working day
        let withHoliday = try Scheduler.plan(
            tasks, from: try day("2015-11-02"), calendar: WorkingCalendar(holidays: [try day("2015-11-11")]))
        #expect(withHoliday.task("editing")?.earliestFinish == (try day("2015-11-16")))
        #expect(withHoliday.finish == (try day("2015-11-20")))

        // A project starting on a Saturday starts on Monday
        let weekendStart = try Scheduler.plan(tasks, from: try day("2015-10-31"), calendar: weekdays)
        #expect(weekendStart.task("editing")?.earliestStart == (try day("2015-11-02")))
    }

    @Test("Parallel branches have slack; only the longest branch is critical")
    func parallel() throws {
        // When
        let plan = try Scheduler.plan(branches(), from: try day("2015-11-02"), calendar: weekdays)

        // Then
        #expect(plan.finish == (try day("2015-11-16")))
        let grading = try #require(plan.task("grading"))
        #expect(grading.earliestStart == (try day("2015-11-09")))
        #expect(grading.earliestFinish == (try day("2015-11-11")))
        #expect(grading.latestStart == (try day("2015-11-11")))
        #expect(grading.latestFinish == (try day("2015-11-13")))
        #expect(grading.slackDays == 2)
        #expect(!grading.critical)
        #expect(plan.task("subtitles")?.slackDays == 4)
        #expect(plan.task("sound-mix")?.slackDays == 0)
        #expect(plan.criticalPath == ["editing", "sound-mix", "export"])
        #expect(plan.tasks.map(\.name) == ["editing", "sound-mix", "grading", "subtitles", "export"])

        // A grading stage booked from Thursday makes grading the longest branch
        let booked = try Scheduler.plan(
            branches(gradingStart: try day("2015-11-12")), from: try day("2015-11-02"), calendar: weekdays)
        #expect(booked.task("grading")?.earliestStart == (try day("2015-11-12")))
        #expect(booked.task("grading")?.earliestFinish == (try day("2015-11-16")))
        #expect(booked.finish == (try day("2015-11-17")))
        #expect(booked.task("sound-mix")?.slackDays == 1)
        // Editing may now slip a day: grading waits for its booking whatever happens
        #expect(booked.task("editing")?.slackDays == 1)
        #expect(booked.criticalPath == ["grading", "export"])
    }

    @Test("Tasks are ordered after what they wait on, whatever order they are listed in")
    func listedBackwards() throws {
        let plan = try Scheduler.plan(branches().reversed(), from: try day("2015-11-02"), calendar: weekdays)
        #expect(plan.tasks.first?.name == "editing")
        #expect(plan.tasks.last?.name == "export")
        #expect(plan.finish == (try day("2015-11-16")))
        #expect(plan.criticalPath == ["editing", "sound-mix", "export"])
    }

    @Test("A cycle of two is refused, naming it")
    func cycleOfTwo() throws {
        let tasks = [
            PostTask(name: "editing", kind: .editing, days: 5, after: ["sound-mix"]),
            PostTask(name: "sound-mix", kind: .soundMix, days: 3, after: ["editing"]),
            PostTask(name: "titles", kind: .titles, days: 1),
        ]
        let text = message { _ = try Scheduler.plan(tasks, from: try day("2015-11-02"), calendar: weekdays) }
        #expect(text == "tasks wait on each other in a circle: editing → sound-mix → editing")
    }

    @Test("A cycle of three is refused, naming only the tasks in it, in working order")
    func cycleOfThree() throws {
        // titles waits on the cycle without being part of it
        let tasks = [
            PostTask(name: "titles", kind: .titles, days: 1, after: ["grading"]),
            PostTask(name: "editing", kind: .editing, days: 5, after: ["dcp"]),
            PostTask(name: "grading", kind: .grading, days: 3, after: ["editing"]),
            PostTask(name: "dcp", kind: .dcp, days: 1, after: ["grading"]),
            PostTask(name: "subtitles", kind: .subtitles, days: 1),
        ]
        let text = message { _ = try Scheduler.plan(tasks, from: try day("2015-11-02"), calendar: weekdays) }
        #expect(text.hasSuffix(": editing → grading → dcp → editing"))

        let alone = [PostTask(name: "editing", days: 2, after: ["editing"])]
        let selfText = message { _ = try Scheduler.plan(alone, from: try day("2015-11-02"), calendar: weekdays) }
        #expect(selfText.hasSuffix(": editing → editing"))
    }

    @Test("Unknown predecessors, duplicate names and empty durations are refused")
    func badTasks() throws {
        let start = try day("2015-11-02")
        let unknown = [
            PostTask(name: "editing", kind: .editing, days: 5),
            PostTask(name: "sound-mix", kind: .soundMix, days: 3, after: ["editng"]),
        ]
        #expect(message { _ = try Scheduler.plan(unknown, from: start, calendar: weekdays) }
            == "the task “sound-mix” comes after “editng”, which is not a task (did you mean “editing”?)")

        let twice = [PostTask(name: "Editing", days: 5), PostTask(name: " editing ", days: 2)]
        #expect(message { _ = try Scheduler.plan(twice, from: start, calendar: weekdays) }
            == "the task “editing” is listed twice (first as “Editing”)")

        let empty = [PostTask(name: "titles", days: 0)]
        #expect(message { _ = try Scheduler.plan(empty, from: start, calendar: weekdays) }
            .contains("“titles” lasts 0 days"))

        let nameless = [PostTask(name: "  ", days: 1)]
        #expect(message { _ = try Scheduler.plan(nameless, from: start, calendar: weekdays) }.contains("needs a name"))

        let nothing = try Scheduler.plan([], from: start, calendar: weekdays)
        #expect(nothing.finish == start && nothing.tasks.isEmpty && nothing.criticalPath.isEmpty)
    }

    @Test("Late days are counted in working days past the deadline")
    func deadline() throws {
        // The chain of the first test finishes on Thursday 2015-11-19
        let tasks = [
            PostTask(name: "editing", kind: .editing, days: 10),
            PostTask(name: "sound-mix", kind: .soundMix, days: 3, after: ["editing"]),
            PostTask(name: "dcp", kind: .dcp, days: 1, after: ["sound-mix"]),
        ]
        let start = try day("2015-11-02")
        func late(_ deadline: String) throws -> Int {
            try Scheduler.plan(tasks, from: start, calendar: weekdays, deadline: try day(deadline)).lateDays
        }
        #expect(try late("2015-11-30") == 0)
        #expect(try late("2015-11-19") == 0)
        #expect(try late("2015-11-17") == 2)
        #expect(try late("2015-11-13") == 4)
        #expect(try late("2015-11-14") == 4)  // a Saturday deadline: Monday to Thursday are late
        let plan = try Scheduler.plan(tasks, from: start, calendar: weekdays, deadline: try day("2015-11-17"))
        #expect(plan.deadline == (try day("2015-11-17")))
    }

    @Test("A slip moves the tasks downstream once it eats the slack")
    func slip() throws {
        let start = try day("2015-11-02")

        // Within its slack, grading moves alone
        let small = try Scheduler.slip(branches(), task: "grading", by: 2, from: start, calendar: weekdays)
        #expect(small.moved == ["grading": 2])
        #expect(small.finishMovedBy == 0)
        #expect(small.finish == (try day("2015-11-16")))

        // Beyond it, export and the finish move by what is left
        let big = try Scheduler.slip(
            branches(), task: "Grading", by: 3, from: start, calendar: weekdays, deadline: try day("2015-11-16"))
        #expect(big.moved == ["grading": 3, "export": 1])
        #expect(big.finishMovedBy == 1)
        #expect(big.finish == (try day("2015-11-17")))
        #expect(big.lateDays == 1)

        // The first task moves everything, over the weekend
        let editing = try Scheduler.slip(branches(), task: "editing", by: 2, from: start, calendar: weekdays)
        #expect(editing.moved == ["editing": 2, "sound-mix": 2, "grading": 2, "subtitles": 2, "export": 2])
        #expect(editing.finish == (try day("2015-11-18")))

        #expect(message { _ = try Scheduler.slip(branches(), task: "gradin", by: 1, from: start, calendar: weekdays) }
            == "there is no task “gradin” (did you mean “grading”?)")
        #expect(message { _ = try Scheduler.slip(branches(), task: "grading", by: 0, from: start, calendar: weekdays) }
            .contains("slip by 1 day or more"))
    }

    @Test("A done task finishes when it was done and no longer counts as critical")
    func doneTask() throws {
        let start = try day("2015-11-02")
        var tasks = branches()

        // Editing finished a day early, on Thursday
        tasks[0].status = .done
        tasks[0].doneOn = try day("2015-11-05")
        let early = try Scheduler.plan(tasks, from: start, calendar: weekdays)
        let editing = try #require(early.task("editing"))
        #expect(editing.earliestFinish == (try day("2015-11-05")))
        #expect(editing.earliestStart == (try day("2015-10-30")))  // five working days ending on Thursday
        #expect(!editing.critical && editing.slackDays == 0)
        #expect(early.task("sound-mix")?.earliestStart == (try day("2015-11-06")))
        #expect(early.finish == (try day("2015-11-13")))
        #expect(early.criticalPath == ["sound-mix", "export"])

        // Finished late, on a Saturday: the branches start on Monday after
        tasks[0].doneOn = try day("2015-11-14")
        let late = try Scheduler.plan(tasks, from: start, calendar: weekdays)
        #expect(late.task("grading")?.earliestStart == (try day("2015-11-16")))
        #expect(late.finish == (try day("2015-11-23")))

        // Done with no date: as planned
        tasks[0].doneOn = nil
        let asPlanned = try Scheduler.plan(tasks, from: start, calendar: weekdays)
        #expect(asPlanned.finish == (try day("2015-11-16")))
        #expect(asPlanned.task("editing")?.earliestFinish == (try day("2015-11-06")))

        // A done task cannot slip
        #expect(message { _ = try Scheduler.slip(tasks, task: "editing", by: 1, from: start, calendar: weekdays) }
            == "the task “editing” is done and can no longer slip")
    }

    @Test("Kinds and statuses read their words")
    func words() throws {
        #expect(try PostTask.Kind(parsing: "sound-mix") == .soundMix)
        #expect(try PostTask.Status(parsing: "Done") == .done)
        #expect(message { _ = try PostTask.Kind(parsing: "mixing") }.contains("choose one of: editing, sound-mix"))
    }
}
