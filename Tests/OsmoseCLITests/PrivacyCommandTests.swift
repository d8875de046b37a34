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
}
