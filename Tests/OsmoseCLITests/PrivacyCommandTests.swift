import Foundation
import Testing

@Suite("privacy export and erase from the command line")
struct PrivacyCommandTests {
    @Test("export writes the person's data; erase asks for --yes, then leaves the campaign's figures as they were and no trace of them")
    func exportAndErase() throws {
        let box = try Sandbox()
        let film = box.root.appendingPathComponent("film").path
        try #require(box.run("demo", "--production", film).ok)
        let export = try box.run("privacy", "export", "participant.b@example.org", "--out", "b.json", "--production", film)
        try #require(export.ok, "\(export.stderr)")
        let file = box.root.appendingPathComponent("b.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect(json["names"] as? [String] == ["Participant B"])
        #expect((json["people"] as? [[String: Any]])?.first?["phone"] as? String == "+33 6 00 00 00 02")
        #expect(((json["releases"] as? [[String: Any]])?.count ?? 0) >= 1)
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let campaign = try box.run("campaign", "--json", "--production", film).stdout
        let unconfirmed = try box.run("privacy", "erase", "Participant B", "--production", film)
        #expect(unconfirmed.status == 1 && unconfirmed.stderr.contains("--yes") && unconfirmed.stdout.contains("Would erase"))
        #expect(try box.run("person", "show", "Participant B", "--production", film).ok)

        let erase = try box.run("privacy", "erase", "Participant B", "--yes", "--production", film)
        try #require(erase.ok, "\(erase.stderr)")
        #expect(erase.stdout.contains("Erased “Participant B”: now “Erased "))
        let erasedContributor = try box.run("privacy", "erase", "Contributor 002", "--yes", "--production", film)
        try #require(erasedContributor.ok, "\(erasedContributor.stderr)")
        #expect(try box.run("campaign", "--json", "--production", film).stdout == campaign)
        let nobody = try box.run("privacy", "export", "Participant B", "--production", film)
        #expect(nobody.status != 0 && nobody.stderr.contains("Participant B"), "\(nobody.stderr)")
        let journal = try box.run("journal", "--json", "--production", film).stdout
        #expect(!journal.contains("participant.b@") && !journal.contains("Participant B") && !journal.contains("contributor002@"))
        #expect(journal.contains("\"action\" : \"erase\""))
        #expect(try box.run("check", "--production", film).ok)
    }

    @Test("erase lists the fields of others it redacts and writes clips.json again; no file of the production folder names them after")
    func eraseEverywhere() throws {
        let box = try Sandbox()
        let film = box.root.appendingPathComponent("film")
        try #require(box.run("demo", "--production", film.path).ok)
        let clips = try String(contentsOf: film.appendingPathComponent("footage-index/clips.json"), encoding: .utf8)
        try #require(clips.contains("Participant B"), "the demo's clip index names her")
        // A crew member's notes name her, by name and by phone.
        try #require(box.run("person", "add", "Sam Crew", "--role", "crew", "--notes", "drives Participant B home, +33 6 00 00 00 02",
                             "--production", film.path).ok)

        let dry = try box.run("privacy", "erase", "Participant B", "--production", film.path)
        #expect(dry.stdout.contains("would redact person #") && dry.stdout.contains("notes"), "\(dry.stdout)")
        let export = try box.run("privacy", "export", "Participant B", "--production", film.path)
        let exported = try #require(try export.json() as? [String: Any])
        let mentions = try #require(exported["mentions"] as? [[String: Any]])
        #expect(mentions.contains { $0["table"] as? String == "person" && $0["field"] as? String == "notes" })
        #expect((exported["files"] as? [[String: Any]])?.contains { $0["path"] as? String == "footage-index/clips.json" } == true)

        let erase = try box.run("privacy", "erase", "Participant B", "--yes", "--production", film.path)
        try #require(erase.ok, "\(erase.stderr)")
        #expect(erase.stdout.contains("redacted person #") && erase.stdout.contains("Wrote footage-index/clips.json again."), "\(erase.stdout)")
        #expect(try box.run("person", "show", "Sam Crew", "--production", film.path).stdout.contains("[erased]"))

        // No file of the production folder holds her name, address or number, the ledger included.
        let walker = try #require(FileManager.default.enumerator(at: film, includingPropertiesForKeys: nil))
        var scanned = 0
        for case let file as URL in walker {
            guard let bytes = FileManager.default.contents(atPath: file.path) else { continue }
            scanned += 1
            let text = String(decoding: bytes, as: UTF8.self).lowercased()
            for trace in ["participant b", "participant.b@example.org", "00 00 00 02"] {
                let found = text.contains(trace)
                #expect(!found, "\(file.path) still holds \(trace)")
            }
        }
        #expect(scanned > 10)
    }
}
