import Foundation
import Testing

@Suite("Post-production, the guest list, the door, the checklist and the calendar from the command line")
struct PostCommandTests {
    /// A small production: a budget line, a venue, a screening of `capacity` seats, two participants, a director.
    func production(capacity: Int = 4) throws -> Sandbox {
        let box = try Sandbox()
        try #require(box.run("init", "--title", "Film").ok)
        try #require(box.run("space", "add", "Salle", "--kind", "cinema").ok)
        for (name, role) in [("Ana", "participant"), ("Ben", "participant"), ("Dora", "director")] {
            try #require(box.run("person", "add", name, "--role", role).ok)
        }
        let add = try box.run("screening", "add", "Première", "--venue", "Salle", "--at", "2015-11-30 20:00", "--capacity", "\(capacity)")
        try #require(add.ok, "\(add.stderr)")
        return box
    }

    @Test("Tasks planned over working days to the screening: slack, critical path, lateness, a slip, a cycle refused by name")
    func plan() throws {
        let box = try production()
        try #require(box.run("task", "add", "Edit", "--kind", "editing", "--days", "10").ok)
        try #require(box.run("task", "add", "Mix", "--kind", "sound-mix", "--days", "3", "--after", "Edit").ok)
        try #require(box.run("task", "add", "Grade", "--kind", "grading", "--days", "2", "--after", "Edit").ok)
        try #require(box.run("task", "add", "Export", "--kind", "export", "--days", "1", "--after", "Mix", "--after", "Grade").ok)
        // From Monday 2015-11-02: Edit to Fri 13, Mix to Wed 18, Grade to Tue 17 (slack 1), Export Thu 19.
        let run = try box.run("task", "plan", "--from", "2015-11-02", "--json")
        try #require(run.ok, "\(run.stderr)")
        let plan = try #require(try run.json() as? [String: Any])
        let tasks = try #require(plan["tasks"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: tasks.map { ($0["name"] as! String, $0) })
        #expect(byName["Edit"]?["earliest_finish"] as? String == "2015-11-13")
        #expect(byName["Mix"]?["earliest_finish"] as? String == "2015-11-18")
        #expect(byName["Grade"]?["slack_days"] as? Int == 1)
        #expect(byName["Grade"]?["critical"] as? Bool == false)
        #expect(byName["Export"]?["critical"] as? Bool == true)
        #expect(plan["finish"] as? String == "2015-11-19")
        #expect(plan["deadline"] as? String == "2015-11-27")
        #expect(plan["late_days"] as? Int == 0)

        // Three weeks later the same work is late: ready on Thu 10 December, 9 working days after Fri 27.
        let late = try #require(try box.run("task", "plan", "--from", "2015-11-23", "--json").json() as? [String: Any])
        #expect(late["finish"] as? String == "2015-12-10")
        #expect(late["late_days"] as? Int == 9)
        let slip = try box.run("task", "plan", "--from", "2015-11-02", "--slip", "Grade", "--by", "2")
        #expect(slip.stdout.contains("Export finishes 1 working day later"))

        // A holiday moves the plan; a cycle is refused with its tasks named in order.
        try #require(box.run("task", "holiday", "--add", "2015-11-11", "--name", "Armistice").ok)
        let moved = try #require(try box.run("task", "plan", "--from", "2015-11-02", "--json").json() as? [String: Any])
        #expect(moved["finish"] as? String == "2015-11-20")
        let cycle = try box.run("task", "set", "Edit", "--after", "Export")
        #expect(!cycle.ok)
        #expect(cycle.stderr.contains("tasks wait on each other in a circle: Edit → Mix → Export → Edit")
            || cycle.stderr.contains("Edit → Grade → Export → Edit"), "\(cycle.stderr)")
        let unknown = try box.run("task", "add", "Titles", "--after", "Edt")
        #expect(!unknown.ok && unknown.stderr.contains("Edit"), "\(unknown.stderr)")
        #expect(try box.run("task", "set", "Edit", "--status", "done", "--on", "2015-11-12").ok)
        let list = try box.run("task", "list", "--json").jsonArray()
        #expect(list.first?["status"] as? String == "done" && list.first?["done_on"] as? String == "2015-11-12")
    }

    @Test("The guest list from the people and by hand; answers never overbook; the waiting list moves up; the door counts")
    func guests() throws {
        let box = try production(capacity: 4)
        try #require(box.run("screening", "invite", "1", "La Gazette", "--kind", "press", "--seats", "2").ok)
        let guests = try box.run("screening", "guests", "1", "--json").jsonArray()
        #expect(Set(guests.first.map { Array($0.keys) } ?? []).isSuperset(of: ["name", "kind", "seats", "rsvp", "checked_in"]))
        let byName = Dictionary(uniqueKeysWithValues: guests.map { ($0["name"] as! String, $0) })
        #expect(byName["Ana"]?["kind"] as? String == "participant" && byName["Ana"]?["allowance"] as? Int == 2)
        #expect(byName["Dora"]?["kind"] as? String == "director")
        #expect(byName["La Gazette"]?["kind"] as? String == "press")

        #expect(try box.run("screening", "answer", "1", "Ana", "--yes").ok)  // 2 seats
        #expect(try box.run("screening", "answer", "1", "La Gazette", "--yes").ok)  // 2 seats: the room is full
        let waiting = try box.run("screening", "answer", "1", "Ben", "--yes", "--seats", "1")
        #expect(waiting.stdout.contains("waiting list"), "\(waiting.stdout)")
        #expect(try box.run("screening", "answer", "1", "Ana", "--no").ok)
        let after = Dictionary(uniqueKeysWithValues: try box.run("screening", "guests", "1", "--json").jsonArray().map { ($0["name"] as! String, $0) })
        #expect(after["Ben"]?["rsvp"] as? String == "yes")
        #expect(after["Ana"]?["rsvp"] as? String == "no")

        let door = try box.run("screening", "checkin", "1", "la gazette")
        #expect(door.ok && door.stdout.contains("2 checked in"), "\(door.stdout)\(door.stderr)")
        // Dora had not answered but there is a seat left for her; Ana declined and the room is then full.
        #expect(try box.run("screening", "checkin", "1", "Dora").ok)
        let full = try box.run("screening", "checkin", "1", "Ana")
        #expect(!full.ok && full.stderr.contains("the room is full"), "\(full.stderr)")

        // A bigger room takes the waiting list in order; a smaller one than what is confirmed is refused.
        try #require(box.run("screening", "invite", "1", "Extra", "--seats", "3").ok)
        #expect(try box.run("screening", "answer", "1", "Extra", "--yes").stdout.contains("waiting list"))
        #expect(try box.run("screening", "set", "1", "--capacity", "6").ok)
        let grown = try box.run("screening", "guests", "1", "--json").jsonArray()
        #expect(grown.first { $0["name"] as? String == "Extra" }?["rsvp"] as? String == "yes")
        let shrink = try box.run("screening", "set", "1", "--capacity", "2")
        #expect(!shrink.ok && shrink.stderr.contains("6 seats are already confirmed: the room cannot shrink to 2"), "\(shrink.stderr)")
        try #require(box.run("screening", "answer", "1", "Extra", "--no").ok)

        let links = try box.run("screening", "links", "1", "--csv", "--base", "https://film.example.org/")
        let lines = links.stdout.split(separator: "\r\n")
        #expect(lines.first == "name,email,kind,seats,link")
        #expect(lines.count == 6)
        let tokens = Set(lines.dropFirst().compactMap { $0.split(separator: "/").last })
        #expect(tokens.count == 5 && tokens.allSatisfy { $0.count >= 32 })
        #expect(lines.dropFirst().allSatisfy { $0.contains("https://film.example.org/rsvp/") })

        // A link is shown once, when made: the ledger keeps only its SHA-256.
        let ledger = box.root.appendingPathComponent("osmose.sqlite")
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: ledger.path + "-wal"))) ?? Data()
        let stored = try String(decoding: Data(contentsOf: ledger) + wal, as: UTF8.self)
        #expect(tokens.allSatisfy { !stored.contains($0) })
        let again = try box.run("screening", "links", "1", "--csv")
        #expect(again.ok && again.stdout == "name,email,kind,seats,link\r\n")
        #expect(again.stderr.contains("5 guests have a link made before, not shown again") && again.stderr.contains("--new-links"), "\(again.stderr)")
        let renewed = try box.run("screening", "links", "1", "--csv", "--new-links", "--guest", "Extra")
        let extra = renewed.stdout.split(separator: "\r\n").dropFirst()
        #expect(extra.count == 1 && extra.first?.hasPrefix("Extra,") == true)
        let newToken = extra.first.flatMap { $0.split(separator: "/").last } ?? ""
        #expect(!tokens.contains(newToken) && newToken.count >= 32)
    }

    @Test("The checklist: the approved export and a copy checked against it, items ticked, the cut's gate")
    func checklist() throws {
        let box = try production()
        let export = box.root.appendingPathComponent("master.mov")
        let copy = box.root.appendingPathComponent("copy.mov")
        try Data(repeating: 7, count: 10_000).write(to: export)
        try Data(repeating: 7, count: 10_000).write(to: copy)
        let none = try box.run("screening", "copy", "1", "copy.mov")
        #expect(none.status == 1 && none.stdout.contains("no export is approved yet"))
        #expect(try box.run("screening", "copy", "1", "master.mov", "--approve").ok)
        let same = try box.run("screening", "copy", "1", "copy.mov")
        #expect(same.ok && same.stdout.contains("is the approved export"), "\(same.stdout)")
        try Data(repeating: 8, count: 10_000).write(to: copy)
        let different = try box.run("screening", "copy", "1", "copy.mov")
        #expect(different.status == 1 && different.stdout.contains("NOT the approved export"))

        #expect(try box.run("screening", "checklist", "1", "--done", "subtitles", "--note", "FR SME").ok)
        let json = try #require(try box.run("screening", "checklist", "1", "--json").json() as? [String: Any])
        let items = Dictionary(uniqueKeysWithValues: try #require(json["items"] as? [[String: Any]]).map { ($0["item"] as! String, $0) })
        #expect(items["subtitles"]?["done"] as? Bool == true && items["subtitles"]?["detail"] as? String == "FR SME")
        #expect(items["copy"]?["done"] as? Bool == false)
        #expect(items["release-gate"]?["done"] as? Bool == false)
        #expect(json["ready"] as? Bool == false)
        let bad = try box.run("screening", "checklist", "1", "--done", "popcorn")
        #expect(!bad.ok && bad.stderr.contains("“popcorn” is not a checklist item"), "\(bad.stderr)")
    }

    @Test("The demo's plan holds for the premiere on 16 November 2015; its calendar has every shoot, task and screening")
    func demo() throws {
        let box = try Sandbox()
        box.environment["OSMOSE_TODAY"] = "2015-11-16"
        try #require(box.run("demo", "--production", box.root.path).ok)
        box.environment["OSMOSE_PRODUCTION"] = box.root.path
        let plan = try #require(try box.run("task", "plan", "--json").json() as? [String: Any])
        #expect(plan["late_days"] as? Int == 0)
        #expect((plan["tasks"] as? [[String: Any]])?.count == 6)
        let show = try #require(try box.run("screening", "show", "1", "--json").json() as? [String: Any])
        #expect(show["capacity"] as? Int == 120 && show["cut"] as? String == "Montage image v3")
        let guests = try box.run("screening", "guests", "1", "--json").jsonArray()
        let kinds = Set(guests.compactMap { $0["kind"] as? String })
        #expect(kinds == ["contributor", "participant", "crew", "director", "press", "partner"])
        let calendar = try box.run("calendar")
        #expect(calendar.stdout.hasPrefix("BEGIN:VCALENDAR\r\n"))
        let shoots = try box.run("shoot", "list", "--json").jsonArray().count
        #expect(calendar.stdout.components(separatedBy: "BEGIN:VEVENT").count - 1 == shoots + 6 + 1)
        #expect(calendar.stdout.contains("DTSTART;TZID=Europe/Paris:20151130T200000"))
        let again = try box.run("calendar")
        let uids = { (text: String) in text.split(separator: "\r\n").filter { $0.hasPrefix("UID:") } }
        #expect(uids(calendar.stdout) == uids(again.stdout))
    }
}
