import Foundation
import GRDB
import OsmoseStorage
import Testing

/// Commands that only read work where the ledger cannot be written; a ledger from a newer Osmose is
/// left alone; times the clocks skip are refused.
@Suite("Reading without write access, a ledger from a newer Osmose, times that do not exist", .serialized)
struct LedgerAccessCommandTests {
    /// Runs /bin/mount or /bin/umount with `arguments`, and says whether it worked.
    @discardableResult
    static func system(_ tool: String, _ arguments: [String]) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/\(tool)")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// The listings and reports a person runs to look, each of which must work without writing.
    static let readingCommands: [[String]] = [
        ["space", "list", "--json"], ["person", "list"], ["shoot", "list", "--json"], ["pledge", "list", "--json"],
        ["campaign", "--json"], ["budget", "report"], ["budget", "check"], ["expense", "list"], ["funding", "list"],
        ["journal"], ["check"], ["release", "list", "--on", "2015-11-30"], ["task", "list"], ["screening", "list"],
        ["footage", "cards"], ["cut", "list"], ["token", "list"], ["news", "list"], ["calendar"],
    ]

    @Test("Listings and reports work on a read-only disk and on a full one; a write says why it cannot", .enabled(if: FaultTests.canMount))
    func readOnlyAndFullDisk() throws {
        // Given a production with some of everything, on a small disk of its own
        let box = try Sandbox()
        let disk = box.root.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        try #require(try Self.system("mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.path]))
        defer { _ = try? Self.system("umount", [disk.path]) }
        try FaultTests.production(box, "disk/film")
        box.environment["OSMOSE_PRODUCTION"] = disk.appendingPathComponent("film").path
        try box.ok("space", "add", "Mutualab", "--kind", "coworking")
        try box.ok("person", "add", "Participant A", "--role", "participant")
        try box.ok("pledge", "add", "25 €", "--name", "Early", "--date", "2015-10-01")

        // When the disk is made read-only
        try #require(try Self.system("mount", ["-o", "remount,ro", disk.path]))
        // Then every reading command works, and shows what is there (publishing writes elsewhere)
        let publish = ["publish", box.root.appendingPathComponent("site").path]
        for command in Self.readingCommands + [publish] {
            let run = try box.run(command)
            #expect(run.ok, "osmose \(command.joined(separator: " ")) on a read-only disk: \(run.stderr)")
        }
        #expect(try box.run("space", "list", "--json").jsonArray().map { $0["name"] as? String } == ["Mutualab"])
        #expect(try box.run("pledge", "list", "--json").jsonArray().count == 1)
        // And a write is refused in one sentence
        let write = try box.run("space", "add", "La Coroutine", "--kind", "coworking")
        #expect(!write.ok)
        #expect(write.stderr.contains("cannot be written"), "\(write.stderr)")
        #expect(write.stderr.split(separator: "\n").count == 1, "\(write.stderr)")

        // When the disk is writable again but full
        try #require(try Self.system("mount", ["-o", "remount,rw", disk.path]))
        let filler = disk.appendingPathComponent("filler")
        let free = try #require(try FileManager.default.attributesOfFileSystem(forPath: disk.path)[.systemFreeSize] as? Int)
        _ = FileManager.default.createFile(atPath: filler.path, contents: Data(count: free))
        // Then the reading commands still work
        for command in Self.readingCommands + [publish] {
            let run = try box.run(command)
            #expect(run.ok, "osmose \(command.joined(separator: " ")) on a full disk: \(run.stderr)")
        }
        #expect(try box.run("pledge", "list", "--json").jsonArray().count == 1)
    }

    @Test("A ledger from a newer Osmose: every command refuses it, names both versions and writes nothing")
    func newerLedger() throws {
        // Given a production whose ledger a newer Osmose migrated
        let box = try Sandbox()
        try FaultTests.production(box, "film")
        let file = box.root.appendingPathComponent("film/osmose.sqlite")
        let queue = try DatabaseQueue(path: file.path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')") }
        try queue.close()
        let before = try Data(contentsOf: file)
        box.environment["OSMOSE_PRODUCTION"] = box.root.appendingPathComponent("film").path

        // When a writing and a reading command run on it
        for command in [["expense", "add", "86,40 €", "--line", "8.2", "--date", "2015-12-01", "--payee", "Studio"], ["check"], ["space", "list"]] {
            let run = try box.run(command)
            // Then each is refused with both versions named
            #expect(run.status != 0, "osmose \(command.joined(separator: " ")) accepted a newer ledger")
            #expect(run.stderr.contains("newer Osmose") && run.stderr.contains("v99") && run.stderr.contains(Ledger.schemaVersion),
                    "\(run.stderr)")
        }
        // And the ledger is byte for byte as it was
        #expect(try Data(contentsOf: file) == before)
        let wal = (try? FileManager.default.attributesOfItem(atPath: file.path + "-wal")[.size] as? Int) ?? 0
        #expect(wal == 0)
    }

    @Test("A call or a screening at a time the clocks skip is refused, naming the times that exist")
    func skippedTimes() throws {
        // Given a production in Europe/Paris
        let box = try Sandbox()
        try box.ok("init", "--title", "Film", "--timezone", "Europe/Paris")
        try box.ok("space", "add", "Salle", "--kind", "cinema")
        // When a shooting day's call and a screening fall at 02:30 on 27 March 2016
        let shoot = try box.run("shoot", "add", "2016-03-27", "--space", "Salle", "--call", "02:30")
        let screening = try box.run("screening", "add", "Nuit", "--venue", "Salle", "--at", "2016-03-27 02:30", "--capacity", "50")
        // Then both are refused with the gap and two real times, and nothing is recorded
        for run in [shoot, screening] {
            #expect(!run.ok)
            #expect(run.stderr.contains("02:30 on 2016-03-27 does not exist in Europe/Paris") && run.stderr.contains("write 03:30 or 01:30"),
                    "\(run.stderr)")
        }
        #expect(try box.run("shoot", "list", "--json").jsonArray().isEmpty)
        #expect(try box.run("screening", "list", "--json").jsonArray().isEmpty)
        // And a shooting day moved onto the gap is refused too
        try box.ok("shoot", "add", "2016-03-26", "--space", "Salle", "--call", "02:30")
        let moved = try box.run("shoot", "set", "2016-03-26", "--move-to", "2016-03-27")
        #expect(!moved.ok && moved.stderr.contains("does not exist"), "\(moved.stderr)")
    }
}
