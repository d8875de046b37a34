import Foundation
import Testing

@Suite("Backups, restores and checks from the command line")
struct BackupCommandTests {
    @Test("A backup restores into a new folder whole; over a production only with --force; a damaged archive touches nothing")
    func roundTrip() throws {
        let box = try Sandbox()
        let film = box.root.appendingPathComponent("film").path
        let copy = box.root.appendingPathComponent("copy").path
        try #require(box.run("demo", "--production", film).ok)
        try #require(box.run("pledge", "add", "12 €", "--name", "Zoé Test", "--date", "2015-10-01", "--production", film).ok)
        let backup = try box.run("backup", "film.tar", "--production", film)
        try #require(backup.ok, "\(backup.stderr)")
        #expect(try box.run("restore", "film.tar", "--production", copy).ok)
        #expect(try box.run("check", "--production", copy).ok)
        let before = try box.run("pledge", "list", "--json", "--production", film).stdout
        #expect(try box.run("pledge", "list", "--json", "--production", copy).stdout == before)
        #expect(try box.run("footage", "list", "--json", "--production", copy).stdout
            == (try box.run("footage", "list", "--json", "--production", film).stdout))

        let again = try box.run("restore", "film.tar", "--production", copy)
        #expect(again.status != 0 && again.stderr.contains("add --force"), "\(again.stderr)")

        // One byte changed in the ledger's bytes: refused, and the production there is untouched.
        var bytes = try Data(contentsOf: box.root.appendingPathComponent("film.tar"))
        bytes[4096] ^= 0xFF
        try bytes.write(to: box.root.appendingPathComponent("damaged.tar"))
        try #require(box.run("pledge", "add", "5 €", "--name", "Après", "--date", "2015-10-02", "--production", copy).ok)
        let damaged = try box.run("restore", "damaged.tar", "--production", copy, "--force")
        #expect(damaged.status != 0 && damaged.stderr.contains("does not match its manifest"), "\(damaged.stderr)")
        #expect(try box.run("pledge", "list", "--json", "--production", copy).stdout.contains("Après"))
        #expect(try box.run("restore", "film.tar", "--production", copy, "--force").ok)
        #expect(!(try box.run("pledge", "list", "--json", "--production", copy).stdout.contains("Après")))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: copy).filter { $0.hasPrefix(".osmose-restore") }
        #expect(leftovers.isEmpty)
    }

    @Test("check names a changed scan and an edited manifest")
    func check() throws {
        let box = try Sandbox()
        let film = box.root.appendingPathComponent("film")
        try #require(box.run("demo", "--production", film.path).ok)
        let scan = box.root.appendingPathComponent("form.pdf")
        try Data("%PDF-1.4 signed".utf8).write(to: scan)
        let add = try box.run("release", "add", "Participant A", "--status", "signed", "--signed-on", "2015-05-18", "--scope", "cinema", "--file", scan.path, "--production", film.path)
        try #require(add.ok, "\(add.stderr)")
        #expect(try box.run("check", "--production", film.path).ok)
        let stored = try #require(try FileManager.default.contentsOfDirectory(atPath: film.appendingPathComponent("releases").path).first)
        try Data("%PDF-1.4 forged".utf8).write(to: film.appendingPathComponent("releases/" + stored))
        let manifest = film.appendingPathComponent("footage-index/A001/ascmhl/0001_A001_2015-05-18_163000Z.mhl")
        try (try String(contentsOf: manifest, encoding: .utf8)).replacingOccurrences(of: "osmose-demo", with: "elsewhere")
            .write(to: manifest, atomically: true, encoding: .utf8)
        let run = try box.run("check", "--production", film.path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("releases/\(stored): the scan of release #") && run.stderr.contains("has changed"), "\(run.stderr)")
        #expect(run.stderr.contains("footage-index/A001"), "\(run.stderr)")
    }

    @Test("The journal names the command line's user, shows before and after, and filters by day and kind")
    func journal() throws {
        let box = try Sandbox()
        box.environment["USER"] = "camille"
        try #require(box.run("demo", "--production", box.root.path).ok)
        box.environment["OSMOSE_PRODUCTION"] = box.root.path
        #expect(try box.run("journal", "--json").jsonArray().allSatisfy { $0["actor"] as? String == "demo" })
        try #require(box.run("pledge", "add", "35", "--name", "Éva", "--date", "2015-10-01").ok)
        let ref = try #require(try box.run("pledge", "list", "--json").jsonArray().first { $0["name"] as? String == "Éva" }?["ref"] as? String)
        try #require(box.run("pledge", "set", ref, "--status", "collected").ok)
        let entries = Array(try box.run("journal", "--entity", "pledge", "--json").jsonArray().suffix(2))
        #expect(entries.allSatisfy { $0["actor"] as? String == "command line (camille)" && $0["ref"] as? String == ref })
        #expect((entries.last?["before"] as? [String: Any])?["status"] as? String == "promised")
        #expect((entries.last?["after"] as? [String: Any])?["status"] as? String == "collected")
        #expect(try box.run("journal", "--entity", "expense", "--json").jsonArray().count == 10)
        #expect(try box.run("journal", "--since", "2999-01-01", "--json").jsonArray().isEmpty)
        #expect(try box.run("journal").stdout.contains("status: promised → collected"))
    }
}
