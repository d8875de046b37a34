import Foundation
import Testing
import ArgumentParser
@testable import OsmoseCLI

@Suite("Command line, end to end")
struct CommandLineTests {
    /// A sandbox holding a new production with two spaces, people and a shooting day.
    func production() throws -> Sandbox {
        let s = try Sandbox()
        try s.ok("init", "--title", "Test film")
        try s.ok("space", "add", "La Coroutine", "--kind", "coworking", "--address", "rue Lamartine, Lille")
        try s.ok("space", "add", "Mutualab", "--kind", "coworking")
        try s.ok("person", "add", "Participant A", "--role", "participant", "--email", "a@example.org")
        try s.ok("person", "add", "Participant F", "--role", "participant", "--minor", "--guardian", "Parent F")
        try s.ok("person", "add", "Director One", "--role", "director")
        try s.ok("shoot", "add", "2015-05-18", "--space", "La Coroutine", "--call", "08:30", "--wrap", "18:30",
                 "--participant", "Participant A", "--participant", "Participant F", "--crew", "Director One", "--status", "shot")
        return s
    }

    @Test("init creates the ledger and the folders, and refuses to touch an existing ledger")
    func initialise() throws {
        let s = try Sandbox()
        let first = try s.run("init", "--title", "Travailler", "--timezone", "Europe/Paris", "--locale", "fr_FR", "--rate", "25")
        #expect(first.ok, "\(first.stderr)")
        for name in ["osmose.sqlite", "budgets", "footage-index"] {
            #expect(FileManager.default.fileExists(atPath: s.root.appendingPathComponent(name).path))
        }
        try s.ok("space", "add", "Mutualab")
        let again = try s.run("init", "--title", "Other")
        #expect(!again.ok)
        #expect(again.stderr.contains("already exists"))
        #expect(try s.run("space", "list", "--json").jsonArray().count == 1)
    }

    @Test("init with a bad setting creates nothing")
    func initBadSetting() throws {
        let s = try Sandbox()
        let folder = s.root.appendingPathComponent("film").path
        let result = try s.run("init", "--production", folder, "--timezone", "Europe/Lile")
        #expect(result.status != 0)
        #expect(result.stderr.contains("Europe/Lile"))
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(try s.run("init", "--production", folder, "--rate", "26").stderr.contains("26"))
    }

    @Test("Commands find the production like git finds a repository, or say how to create one")
    func discovery() throws {
        let s = try production()
        let deep = s.root.appendingPathComponent("rushes/day1", isDirectory: true)
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        #expect(try s.run(["space", "list", "--json"], in: deep).jsonArray().count == 2)

        let elsewhere = try Sandbox()
        let none = try elsewhere.run("space", "list")
        #expect(none.status != 0)
        #expect(none.stderr.contains("osmose init"))
        #expect(none.stderr.split(separator: "\n").count == 1)

        #expect(try elsewhere.run("space", "list", "--json", "--production", s.root.path).jsonArray().count == 2)
        elsewhere.environment["OSMOSE_PRODUCTION"] = s.root.path
        #expect(try elsewhere.run("space", "list", "--json").jsonArray().count == 2)
    }

    @Test("Spaces and people list as JSON with the contract's keys")
    func listings() throws {
        let s = try production()
        let spaces = try s.run("space", "list", "--json").jsonArray()
        #expect(spaces.map { $0["name"] as? String } == ["La Coroutine", "Mutualab"])
        #expect(spaces[0]["kind"] as? String == "coworking")
        #expect(spaces[0]["address"] as? String == "rue Lamartine, Lille")

        let participants = try s.run("person", "list", "--role", "participant", "--json").jsonArray()
        #expect(participants.map { $0["name"] as? String } == ["Participant A", "Participant F"])
        #expect(participants.allSatisfy { $0["role"] as? String == "participant" })
        #expect(try s.run("person", "list", "--json").jsonArray().count == 3)
    }

    @Test("Shooting days: add, show, change, list")
    func shootingDays() throws {
        let s = try production()
        try s.ok("shoot", "set", "2015-05-18", "--add-participant", "Participant A", "--space", "La Coroutine",
                 "--space", "Mutualab", "--notes", "Two spaces")
        let shown = try #require(try s.run("shoot", "show", "2015-05-18", "--json").json() as? [String: Any])
        #expect(shown["spaces"] as? [String] == ["La Coroutine", "Mutualab"])
        #expect(shown["call"] as? String == "08:30")
        #expect(shown["notes"] as? String == "Two spaces")

        try s.ok("shoot", "add", "2015-06-02", "--space", "mutualab", "--participant", "participant a")
        try s.ok("shoot", "set", "2015-06-02", "--status", "cancelled", "--move-to", "2015-06-03")
        let days = try s.run("shoot", "list", "--json").jsonArray()
        #expect(days.map { $0["date"] as? String } == ["2015-05-18", "2015-06-03"])
        #expect(days[1]["status"] as? String == "cancelled")
        #expect(days[1]["spaces"] as? [String] == ["Mutualab"])
        #expect(days[1]["participants"] as? [String] == ["Participant A"])
        #expect(days[0]["crew"] as? [String] == ["Director One"])
        #expect(days[0]["participants"] as? [String] == ["Participant A", "Participant F"])
    }

    @Test("Releases: history, a scan with its SHA-256, and the matrix with its reasons")
    func releases() throws {
        let s = try production()
        let scan = s.root.appendingPathComponent("form A.PDF")
        try Data("abc".utf8).write(to: scan)
        try s.ok("release", "add", "Participant A", "--status", "requested")
        try s.ok("release", "add", "Participant A", "--status", "signed", "--signed-on", "2015-05-18",
                 "--scope", "festival,cinema,web", "--territory", "france", "--file", scan.path)
        try s.ok("release", "add", "Participant F", "--status", "signed", "--scope", "cinema")
        try s.ok("release", "add", "--space", "La Coroutine", "--status", "signed", "--scope", "festival", "--until", "2016-12-31")

        let sha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        let stored = s.root.appendingPathComponent("releases/\(sha).pdf")
        #expect(try Data(contentsOf: stored) == Data("abc".utf8))
        let history = try s.run("release", "history", "Participant A", "--json").jsonArray()
        #expect(history.map { $0["status"] as? String } == ["requested", "signed"])
        #expect(history[1]["scan_sha256"] as? String == sha)

        let rows = try s.run("release", "list", "--json").jsonArray()
        let bySubject = Dictionary(uniqueKeysWithValues: rows.map { ($0["subject"] as! String, $0) })
        #expect(Set(bySubject.keys) == ["Participant A", "Participant F", "La Coroutine"])
        #expect(bySubject["Participant A"]?["cleared"] as? Bool == true)
        #expect(bySubject["Participant A"]?["kind"] as? String == "person")
        #expect(bySubject["Participant F"]?["reasons"] as? [String] == ["minor_without_guardian"])
        #expect(bySubject["La Coroutine"]?["kind"] as? String == "space")
        #expect(bySubject["La Coroutine"]?["reasons"] as? [String] == ["scope"])

        let tv = try s.run("release", "list", "--usage", "tv", "--json").jsonArray()
        #expect(tv.first { $0["subject"] as? String == "Participant A" }?["reasons"] as? [String] == ["scope"])
        let belgium = try s.run("release", "list", "--usage", "web", "--territory", "belgium", "--json").jsonArray()
        #expect(belgium.first { $0["subject"] as? String == "Participant A" }?["reasons"] as? [String] == ["territory"])
        let later = try s.run("release", "list", "--usage", "festival", "--on", "2017-01-01", "--json").jsonArray()
        #expect(later.first { $0["subject"] as? String == "La Coroutine" }?["reasons"] as? [String] == ["expired"])

        try s.ok("release", "add", "Participant A", "--status", "revoked")
        let revoked = try s.run("release", "list", "--json").jsonArray()
        #expect(revoked.first { $0["subject"] as? String == "Participant A" }?["status"] as? String == "revoked")
        #expect(revoked.first { $0["subject"] as? String == "Participant A" }?["reasons"] as? [String] == ["revoked"])

        try s.ok("shoot", "add", "2015-06-01", "--space", "Mutualab", "--status", "planned")
        let mutualab = try s.run("release", "list", "--json").jsonArray().first { $0["subject"] as? String == "Mutualab" }
        #expect(mutualab?["status"] as? String == "none")
        #expect(mutualab?["reasons"] as? [String] == ["missing"])
    }

    @Test("Logs: add with timecodes and tags, search folding case and accents")
    func logs() throws {
        let s = try production()
        try s.ok("log", "add", "--shoot", "2015-05-18", "--person", "Participant A", "--at", "10:02:14:00", "--out", "10:03:40:12",
                 "--tag", "lieux", "--tag", "#solitude", "--rating", "5", "On partage les écrans et la vaisselle.")
        try s.ok("log", "add", "--shoot", "2015-05-18", "--person", "Participant F", "--at", "11:00:00:00",
                 "--tag", "militantisme", "Un peu de militantisme ?")
        let ecrans = try s.run("log", "search", "ecrans", "--json").jsonArray()
        #expect(ecrans.count == 1)
        #expect(ecrans[0]["shoot"] as? String == "2015-05-18")
        #expect(ecrans[0]["person"] as? String == "Participant A")
        #expect(ecrans[0]["at"] as? String == "10:02:14:00")
        #expect(ecrans[0]["out"] as? String == "10:03:40:12")
        #expect(ecrans[0]["tags"] as? [String] == ["lieux", "solitude"])
        #expect((ecrans[0]["text"] as? String)?.contains("écrans") == true)
        #expect(try s.run("log", "search", "MILITANTISME", "--json").jsonArray().count == 1)
        #expect(try s.run("log", "search", "--tag", "LIEUX", "--json").jsonArray().count == 1)
        #expect(try s.run("log", "search", "--person", "Participant F", "--json").jsonArray().count == 1)
        #expect(try s.run("log", "search", "--json").jsonArray().count == 2)
        let missingOut = try s.run("log", "search", "militantisme", "--json").jsonArray()
        #expect(missingOut[0]["out"] is NSNull)
    }

    @Test("Bad input: one sentence naming the value, a non-zero exit, and nothing written", arguments: [
        (["shoot", "add", "2015-13-45", "--space", "Mutualab"], "2015-13-45"),
        (["shoot", "add", "2015-07-01", "--space", "Mutulab"], "Mutualab"),
        (["shoot", "add", "2015-07-01", "--space", "Mutualab", "--participant", "Participant Z"], "Participant Z"),
        (["shoot", "add", "2015-07-01", "--space", "Mutualab", "--call", "25:00"], "25:00"),
        (["shoot", "add", "2015-05-18", "--space", "Mutualab"], "2015-05-18"),
        (["shoot", "set", "2015-05-19", "--status", "shot"], "2015-05-19"),
        (["shoot", "add", "2015-07-01", "--space", "Mutualab", "--status", "wrapped"], "wrapped"),
        (["log", "add", "--shoot", "2015-05-18", "--person", "Participant A", "--at", "00:61:00:00", "text"], "00:61:00:00"),
        (["log", "add", "--shoot", "2015-05-18", "--person", "Participant A", "--at", "00:00:00:25", "text"], "frame 25"),
        (["log", "add", "--shoot", "2015-05-18", "--person", "Participant A", "--at", "00:00:10:00", "--out", "00:00:09:00", "t"], "00:00:09:00"),
        (["log", "add", "--shoot", "2015-05-18", "--person", "Participant A", "--at", "00:00:10:00", "--rating", "9", "t"], "9"),
        (["log", "add", "--shoot", "2015-05-19", "--person", "Participant A", "--at", "00:00:10:00", "t"], "2015-05-19"),
        (["space", "add", "La Coroutine"], "La Coroutine"),
        (["space", "add", "la  coroutine"], "la  coroutine"),
        (["space", "add", "Atelier", "--kind", "castle"], "castle"),
        (["person", "add", "Participant A", "--role", "participant"], "Participant A"),
        (["person", "add", "Someone", "--role", "actor"], "actor"),
        (["person", "add", "Kid", "--role", "participant", "--minor"], "Kid"),
        (["person", "add", "Someone", "--role", "press", "--email", "not-an-address"], "not-an-address"),
        (["release", "add", "Participant A", "--status", "signed", "--scope", "cinema", "--file", "/no/such/scan.pdf"], "/no/such/scan.pdf"),
        (["release", "add", "Participant A", "--status", "signed", "--scope", "cinema,radio"], "radio"),
        (["release", "add", "Participant A", "--status", "signed"], "--scope"),
        (["release", "add", "Participant A", "--status", "revoked"], "Participant A"),
        (["release", "add", "Participant A", "--status", "signed", "--scope", "cinema", "--signed-on", "2015-02-30"], "2015-02-30"),
        (["release", "add", "Participant Q", "--status", "requested"], "Participant Q"),
        (["release", "list", "--usage", "radio"], "radio"),
    ])
    func badInput(arguments: [String], named value: String) throws {
        let s = try production()
        let before = try s.snapshot()
        let result = try s.run(arguments)
        #expect(result.status != 0, "osmose \(arguments.joined(separator: " ")) should have failed")
        #expect(result.stderr.contains(value), "\(result.stderr)")
        #expect(result.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try s.snapshot() == before)
        #expect(!FileManager.default.fileExists(atPath: s.root.appendingPathComponent("releases").path))
    }

    @Test("Names are stored exactly as typed: accents, typographic apostrophes, quotes, SQL-looking text")
    func exactNames() throws {
        let s = try production()
        let names = ["L’Usine Bis", "Cinéma l'Univers", "« Le Bar » \"quoted\"", "x'); DROP TABLE space; --"]
        for name in names { try s.ok("space", "add", name) }
        let listed = try s.run("space", "list", "--json").jsonArray().compactMap { $0["name"] as? String }
        #expect(Set(listed).isSuperset(of: names))
        try s.ok("shoot", "add", "2015-07-01", "--space", "l'usine bis")
        let day = try #require(try s.run("shoot", "show", "2015-07-01", "--json").json() as? [String: Any])
        #expect(day["spaces"] as? [String] == ["L’Usine Bis"])
    }

    @Test("Renames and removals keep the ledger coherent")
    func renameAndRemove() throws {
        let s = try production()
        try s.ok("space", "set", "Mutualab", "--rename", "Mutualab Lille", "--address", "Lille")
        #expect(try s.run("space", "show", "Mutualab Lille", "--json").json() is [String: Any])
        try s.ok("person", "set", "Participant A", "--rename", "Participant Alpha", "--email", "")
        let shown = try #require(try s.run("person", "show", "Participant Alpha", "--json").json() as? [String: Any])
        #expect(shown["email"] is NSNull)
        let day = try #require(try s.run("shoot", "show", "2015-05-18", "--json").json() as? [String: Any])
        #expect((day["participants"] as? [String])?.first == "Participant Alpha")
        #expect(try s.run("space", "remove", "La Coroutine").status != 0)
        try s.ok("space", "remove", "Mutualab Lille")
    }

    @Test("The demo production is created, kept, and started afresh only on request")
    func demo() throws {
        let s = try Sandbox()
        let created = try s.ok("demo")
        #expect(created.stdout.contains("Travailler en micro-osmose"))
        #expect(try s.run("space", "list", "--json").jsonArray().count == 4)
        #expect(try s.run("shoot", "list", "--json").jsonArray().count == 7)
        let statuses = Set(try s.run("release", "list", "--json").jsonArray().compactMap { $0["status"] as? String })
        #expect(statuses == ["signed", "none", "refused", "revoked"])
        #expect(try s.run("log", "search", "militantisme", "--json").jsonArray().count >= 3)
        try s.ok("space", "add", "Extra")
        #expect(try s.ok("demo").stdout.contains("already"))
        #expect(try s.run("space", "list", "--json").jsonArray().count == 5)
        try s.ok("demo", "--reset")
        #expect(try s.run("space", "list", "--json").jsonArray().count == 4)

        let other = try Sandbox()
        try other.ok("init", "--title", "A real film")
        #expect(try other.run("demo", "--reset").status != 0)
        #expect(try other.run("space", "list", "--json").jsonArray().isEmpty)
    }

    @Test("Timecodes convert without a production when the rate is given")
    func timecodes() throws {
        let s = try Sandbox()
        let rows = try s.run("timecode", "01:00:00;00", "--rate", "29.97", "--json").jsonArray()
        #expect(rows.first?["frames"] as? Int == 107_892)
        let back = try s.run("timecode", "--frames", "1800", "--rate", "29.97", "--json").jsonArray()
        #expect(back.first?["timecode"] as? String == "00:01:00;02")
        #expect(try s.run("timecode", "00:01:00;00", "--rate", "29.97").stderr.contains("00:01:00;00"))
    }

    @Test("Arguments parse into the commands that carry them")
    func parsing() throws {
        let command = try Osmose.parseAsRoot(["shoot", "add", "2015-05-18", "--space", "A", "--space", "B", "--crew", "X"])
        let add = try #require(command as? ShootCommand.Add)
        #expect(add.space == ["A", "B"])
        #expect(add.crew == ["X"])
        #expect(add.status == "planned")
        #expect(throws: (any Error).self) { try Osmose.parseAsRoot(["release", "add", "A", "--space", "B", "--status", "signed"]) }
        #expect(throws: (any Error).self) { try Osmose.parseAsRoot(["person", "add", "A", "--role", "crew", "--guardian", "B"]) }
    }
}

@Suite("osmose hash")
struct HashCommandTests {
    @Test("Prints HEX  FILE lines like xxhsum and md5sum, one block per algorithm; refuses a missing file")
    func hash() throws {
        let s = try Sandbox()
        let file = s.root.appendingPathComponent("clip.mov")
        try Data("abc".utf8).write(to: file)
        let one = try s.run("hash", file.path, "--algo", "md5")
        #expect(one.ok && one.stdout == "900150983cd24fb0d6963f7d28e17f72  \(file.path)\n")
        let two = try s.run("hash", file.path, "--algo", "xxh64,sha1")
        #expect(two.stdout == "# xxh64\n44bc2cf5ad770999  \(file.path)\n# sha1\na9993e364706816aba3e25717850c26c9cd0d89d  \(file.path)\n")
        let missing = try s.run("hash", "/no/such/clip.mov")
        #expect(missing.status != 0 && missing.stderr.contains("/no/such/clip.mov"))
    }
}
