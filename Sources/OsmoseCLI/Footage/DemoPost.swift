import Foundation
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage

/// The demo's post-production, as it stood on Monday 16 November 2015, two weeks before the
/// premiere: the picture edit and the sound mix done, grading under way, subtitles, export and
/// DCP to come; the guest list drawn from the pledges and the people, with the answers given so far.
enum DemoPost {
    /// The day the demo's plan and answers stand on (`OSMOSE_TODAY=2015-11-16 osmose task plan`).
    static let asOf = "2015-11-16"

    static func create(in production: ProductionFolder) throws -> (tasks: Int, guests: Int) {
        let ledger = production.ledger
        func day(_ text: String) throws -> LocalDate { try LocalDate(parsing: text) }
        try ledger.addHoliday(try day("2015-11-11"), name: "Armistice")
        let tasks = [
            PostTask(name: "Montage image", kind: .editing, days: 30, assignee: "Claire Jeandroz", line: "8.1",
                     start: try day("2015-09-07"), status: .done, doneOn: try day("2015-10-23")),
            PostTask(name: "Mixage son", kind: .soundMix, days: 5, after: ["Montage image"], assignee: "Sound Mixer A", line: "8.2",
                     start: try day("2015-11-02"), status: .done, doneOn: try day("2015-11-06")),
            PostTask(name: "Étalonnage", kind: .grading, days: 4, after: ["Montage image"], assignee: "Colourist A", line: "8.3",
                     start: try day("2015-11-12"), status: .doing),
            PostTask(name: "Sous-titres", kind: .subtitles, days: 3, after: ["Montage image"], assignee: "Carine Mandere"),
            PostTask(name: "Export master", kind: .export, days: 1, after: ["Mixage son", "Étalonnage", "Sous-titres"],
                     assignee: "Colourist A", line: "8.4"),
            PostTask(name: "DCP de projection", kind: .dcp, days: 2, after: ["Export master"], assignee: "DCP Lab A", line: "8.4"),
        ]
        for task in tasks { try ledger.addTask(task) }

        guard let premiere = try ledger.screenings().first?.screening.id else { return (tasks.count, 0) }
        try ledger.setScreening(premiere, cut: .some(DemoFootage.cutName), companions: 1)
        try ledger.invite(screening: premiere, name: "PICTANOVO", seats: 2, kind: .partner)
        try ledger.invite(screening: premiere, name: "Journalist A", seats: 1, kind: .press)
        try ScreeningCommand.sync(production, premiere)

        // Answers so far: most said yes with all their seats, a few declined, the rest have not answered.
        var random = SplitMix64(seed: 2015_11_30)
        let answeredAt = DemoFootage.instant(try day(asOf), try ClockTime(parsing: "09:00"))
        for record in try ledger.guests(screening: premiere) {
            let roll = random.next() % 10
            switch roll {
            case 0...5: try ledger.answer(screening: premiere, name: record.guest.name, accept: true, seats: record.guest.allowance, at: answeredAt)
            case 6: try ledger.answer(screening: premiere, name: record.guest.name, accept: false, seats: 0, at: answeredAt)
            default: continue
            }
        }
        try ledger.setChecklistItem(screening: premiere, .soundLevel, done: true, note: "mix at 85 dB SPL reference, checked 2015-11-06", at: answeredAt)
        return (tasks.count, try ledger.guests(screening: premiere).count)
    }
}
