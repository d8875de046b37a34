import Foundation
import GRDB
import Testing
@testable import OsmoseStorage

#if canImport(Glibc)
import Glibc
#endif

@Suite("Hostile text and odd files on the command line")
struct HostileInputCommandTests {
    static let hostile = ["Camille \u{1B}]0;x\u{07}", "Cam\u{0}ille", "Camille \u{202E}dnaruD"]
    static let codes = ["U+001B", "U+0000", "U+202E"]

    func production() throws -> Sandbox {
        let s = try Sandbox()
        try s.ok("demo")
        return s
    }

    @Test("Options and imports refuse a terminal escape, NUL and a bidirectional override, naming the field (and file:line)",
          arguments: zip(hostile, codes))
    func refused(text: String, code: String) throws {
        // NUL cannot pass through a command line argument: it reaches the program only through files.
        let s = try production()
        if code != "U+0000" {
            for arguments in [["person", "add", text, "--role", "crew"], ["pledge", "add", "10", "--name", text],
                              ["pledge", "add", "10", "--name", "Éva", "--public-name", text],
                              ["space", "add", "Atelier", "--notes", "ok\n" + text]] {
                let run = try s.run(arguments)
                #expect(run.status == 65, "\(arguments)")
                #expect(run.stderr.contains(" holds \(code) ("), "\(run.stderr)")
                #expect(!run.stderr.contains("\u{1B}") && !run.stderr.contains("\u{202E}"))
            }
        }
        let header = "ref,amount,date,name,public_name\n"
        try Data((header + "X-1,10,2015-10-01,Éva,\nX-2,10,2015-10-02,Bob,\"\(text)\"\n").utf8)
            .write(to: s.root.appendingPathComponent("export.csv"))
        let run = try s.run("pledge", "import", "export.csv", "--format", "csv")
        #expect(!run.ok)
        #expect(run.stderr.contains("export.csv:3: the public name holds \(code) ("), "\(run.stderr)")
        #expect(!(try s.run("pledge", "list", "--json").stdout.contains("X-1")))
    }

    @Test("A listing of a ledger holding such a value, stored before the rule, prints it escaped")
    func listingEscapes() throws {
        let s = try production()
        try s.ok("pledge", "add", "10", "--name", "Planted", "--ref", "PL-1")
        try s.ok("person", "add", "Planted Person", "--role", "crew")
        let ledger = try Ledger.open(at: s.root.appendingPathComponent("osmose.sqlite"))
        try ledger.writer.write { db in
            try db.execute(sql: "UPDATE pledge SET name = ?, public_name = ? WHERE ref = 'PL-1'",
                           arguments: ["Evil \u{1B}]0;pwned\u{07}", "Pub \u{202E}lic"])
            try db.execute(sql: "UPDATE person SET name = ? WHERE name = 'Planted Person'", arguments: ["Per\u{7F}son \u{1B}[2J"])
        }
        try ledger.close()
        for arguments in [["pledge", "list"], ["person", "list"]] {
            let run = try s.run(arguments)
            #expect(run.ok, "\(run.stderr)")
            for raw in ["\u{1B}", "\u{07}", "\u{202E}", "\u{7F}"] { #expect(!run.stdout.contains(raw), "\(arguments)") }
        }
        let pledges = try s.run("pledge", "list").stdout
        #expect(pledges.contains("Evil \\u{1B}]0;pwned\\u{7}"))
        #expect(try s.run("person", "list").stdout.contains("Per\\u{7F}son \\u{1B}[2J"))
        // JSON is escaped by its encoder.
        #expect(!(try s.run("pledge", "list", "--json").stdout.contains("\u{1B}")))
    }

    @Test("A device or a named pipe given as a file is refused at once, by every command that reads one")
    func oddFiles() throws {
        let s = try production()
        let fifo = s.root.appendingPathComponent("pipe.csv")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        for odd in ["/dev/zero", fifo.path] {
            for arguments in [["pledge", "import", odd, "--format", "csv"], ["expense", "add", "10", "--line", "6.1", "--date", "2015-10-01", "--payee", "X", "--receipt", odd],
                              ["release", "add", "Participant A", "--status", "signed", "--file", odd],
                              ["cut", "import", odd], ["restore", odd, "--production", "elsewhere"], ["hash", odd],
                              ["footage", "probe", odd]] {
                let run = try s.run(arguments)
                #expect(run.status == 65, "\(arguments): \(run.stderr)")
                #expect(run.stderr.contains("is a \(odd == fifo.path ? "named pipe" : "character device"), not a file: name a regular file"),
                        "\(arguments): \(run.stderr)")
            }
        }
        let receipts = (try? FileManager.default.contentsOfDirectory(atPath: s.root.appendingPathComponent("receipts").path)) ?? []
        #expect(!receipts.contains { $0.hasPrefix(".partial-") })
    }

    @Test("A new production's ledger and a backup are private, and a restored one is too")
    func privateFiles() throws {
        let s = try production()
        func mode(_ path: String) throws -> Int {
            try #require(FileManager.default.attributesOfItem(atPath: s.root.appendingPathComponent(path).path)[.posixPermissions] as? Int)
        }
        #expect(try mode("osmose.sqlite") == 0o600)
        try s.ok("backup", "film.tar")
        #expect(try mode("film.tar") == 0o600)
        try s.ok("restore", "film.tar", "--production", "copy")
        #expect(try mode("copy/osmose.sqlite") == 0o600)
        #expect(try mode("copy/releases") == 0o700)
    }
}
