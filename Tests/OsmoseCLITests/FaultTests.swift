import Foundation
import OsmoseStorage
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Faults a production meets: `osmose` killed (SIGKILL) in the middle of its work, a full disk,
/// many writers at once. After each, the ledger must pass its checks and hold exact totals.
@Suite("Faults: killed mid-write, a full disk, many writers at once", .serialized)
struct FaultTests {
    /// A HelloAsso export of `rows` orders, with the sum of their amounts in cents.
    static func export(rows: Int) -> (text: String, cents: Int64) {
        var text = "\u{FEFF}Référence commande;Date de la commande;Statut de la commande;Nom participant;Prénom participant;"
            + "Nom payeur;Prénom payeur;Email payeur;Moyen de paiement;Tarif;Montant tarif;Code Promo\r\n"
        var cents: Int64 = 0
        for i in 1...rows {
            let euros = 5 + i % 50
            cents += Int64(euros * 100 + 50)
            text += "\(10_000_000 + i);\(String(format: "%02d", 14 + i % 17))/09/2015 10:00;Validé;Nom\(i);Prénom\(i);Nom\(i);Prénom\(i);"
                + "c\(i)@example.org;Carte bancaire;;\(euros),50;\r\n"
        }
        return (text, cents)
    }

    /// The pledges' count and sum in a production's ledger, and its integrity problems.
    static func ledgerState(_ film: URL) throws -> (count: Int, cents: Int64, problems: [String], journaled: Int) {
        let ledger = try Ledger.open(at: film.appendingPathComponent("osmose.sqlite"))
        defer { try? ledger.close() }
        let pledges = try ledger.pledges()
        let journaled = try ledger.journal(entity: "pledge").filter { $0.action == "add" }.count
        return (pledges.count, pledges.reduce(0) { $0 + $1.amount }, try ledger.integrityProblems(), journaled)
    }

    /// Starts `osmose` without waiting for it.
    static func start(_ box: Sandbox, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = Sandbox.executable
        process.arguments = arguments
        process.currentDirectoryURL = box.root
        process.environment = box.environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func kill9(_ process: Process) {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// A new production with the repository's budgets (pledges are checked against the campaign).
    static func production(_ box: Sandbox, _ name: String) throws {
        try box.ok("init", "--title", "Film", "--rate", "25", "--production", name)
        let budgets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../budgets").standardizedFileURL
        for file in try FileManager.default.contentsOfDirectory(atPath: budgets.path) where file.hasSuffix(".toml") {
            try FileManager.default.copyItem(at: budgets.appendingPathComponent(file),
                                             to: box.root.appendingPathComponent("\(name)/budgets/\(file)"))
        }
    }

    /// How long a command takes when left alone, to aim the kills inside it.
    static func duration(_ box: Sandbox, _ arguments: [String]) throws -> Double {
        let start = Date()
        let run = try box.run(arguments)
        #expect(run.ok, "\(run.stderr)")
        return Date().timeIntervalSince(start)
    }

    @Test("An import killed at random moments leaves all of it or none of it; the next import completes it exactly")
    func killedImport() throws {
        let box = try Sandbox()
        let (text, cents) = Self.export(rows: 20_000)
        try text.write(to: box.root.appendingPathComponent("export.csv"), atomically: true, encoding: .utf8)
        try Self.production(box, "empty")
        let copy = { (name: String) in
            try FileManager.default.copyItem(at: box.root.appendingPathComponent("empty"), to: box.root.appendingPathComponent(name))
        }
        try copy("probe")
        var estimate = try Self.duration(box, ["pledge", "import", "export.csv", "--format", "helloasso", "--production", "probe"])
        // Each round kills an import into a fresh copy; when one finished before the kill, the next aims earlier.
        var outcomes: [(pledges: Int, walBytes: Int)] = []
        for round in 0..<6 {
            let name = "film\(round)"
            try copy(name)
            let film = box.root.appendingPathComponent(name)
            let process = try Self.start(box, ["pledge", "import", "export.csv", "--format", "helloasso", "--production", name])
            Thread.sleep(forTimeInterval: Double.random(in: 0.2...0.9) * estimate)
            let wal = (try? FileManager.default.attributesOfItem(atPath: film.appendingPathComponent("osmose.sqlite-wal").path)[.size] as? Int) ?? 0
            Self.kill9(process)
            let state = try Self.ledgerState(film)
            #expect(state.problems.isEmpty, "\(state.problems)")
            #expect(state.count == 0 || (state.count == 20_000 && state.cents == cents), "\(state.count) pledges, \(state.cents) cents")
            #expect(try box.run("check", "--production", name).ok)
            outcomes.append((state.count, wal))
            if state.count > 0 { estimate /= 2 }
            // The next import into the killed production completes it exactly.
            if round == 0 || state.count == 0 {
                try box.ok("pledge", "import", "export.csv", "--format", "helloasso", "--production", name)
                let done = try Self.ledgerState(film)
                #expect(done.count == 20_000 && done.cents == cents && done.problems.isEmpty)
            }
        }
        // At least one kill landed while the import was writing (its write-ahead log growing) yet before its commit.
        #expect(outcomes.contains { $0.pledges == 0 && $0.walBytes > 0 }, "\(outcomes)")
        print("faults: import of 20,000 rows (\(Int(estimate * 1000)) ms) killed 6×: (pledges after, WAL bytes at the kill) \(outcomes)")
    }

    @Test("An ingest killed at random moments leaves a sound ledger and footage index; ingesting again completes it")
    func killedIngest() throws {
        let box = try Sandbox()
        let card = box.root.appendingPathComponent("CARD")
        try FileManager.default.createDirectory(at: card.appendingPathComponent("CLIPS"), withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        for n in 1...24 {
            let bytes = (0..<(1 << 20) / 8).map { _ in generator.next() as UInt64 }
            try bytes.withUnsafeBytes { Data($0) }.write(to: card.appendingPathComponent(String(format: "CLIPS/C%04d.MP4", n)))
        }
        for name in ["probe", "film"] {
            try Self.production(box, name)
            try box.ok("space", "add", "Atelier", "--production", name)
            try box.ok("shoot", "add", "2015-05-18", "--space", "Atelier", "--status", "shot", "--production", name)
        }
        let ingest = { (film: String, card: String) in ["footage", "ingest", card, "--shoot", "2015-05-18", "--camera", "A", "--card", "A001",
                                                        "--copy-to", "copy-\(film)", "--hash", "xxh64", "--production", film] }
        for film in ["probe", "film"] {
            try FileManager.default.createDirectory(at: box.root.appendingPathComponent("copy-\(film)"), withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(at: card, to: box.root.appendingPathComponent("CARD-probe"))
        let whole = try Self.duration(box, ingest("probe", "CARD-probe"))
        for _ in 0..<4 {
            let process = try Self.start(box, ingest("film", "CARD"))
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.9) * whole)
            Self.kill9(process)
            let check = try box.run("check", "--production", "film")
            #expect(check.ok, "\(check.stderr)")
            // Whatever was left half-done, ingesting again goes through and verifies.
            try? FileManager.default.removeItem(at: box.root.appendingPathComponent("copy-film"))
            try FileManager.default.createDirectory(at: box.root.appendingPathComponent("copy-film"), withIntermediateDirectories: true)
        }
        let again = try box.run(ingest("film", "CARD"))
        #expect(again.ok, "\(again.stderr)")
        let clips = try box.run("footage", "list", "--json", "--production", "film")
        #expect(try clips.jsonArray().count == 24, "\(clips.stdout.prefix(400))")
        #expect(try box.run("check", "--production", "film").ok)
        #expect(try box.run("footage", "verify", "copy-film/A001").ok)
    }

    /// A running `osmose serve` and a producer's token.
    struct Server {
        let process: Process
        let port: Int
        let token: String

        static func start(_ box: Sandbox, film: String) throws -> Server {
            let token = try box.run("token", "create", "--name", "load-\(UUID().uuidString.prefix(6))", "--role", "producer", "--production", film)
                .stdout.split(separator: "\n").last.map(String.init) ?? ""
            for _ in 0..<10 {
                let port = Int.random(in: 20_000...60_000)
                let process = try FaultTests.start(box, ["serve", "--production", film, "--port", "\(port)", "--quiet"])
                for _ in 0..<100 {
                    Thread.sleep(forTimeInterval: 0.05)
                    guard process.isRunning else { break }
                    if (try? Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/campaign.json")!)) != nil {
                        return Server(process: process, port: port, token: token)
                    }
                }
                if process.isRunning { FaultTests.kill9(process) }
            }
            throw CancellationError()
        }

        /// Posts a pledge (under the server's next M- reference when `ref` is nil); the HTTP status, or nil when the connection failed.
        func post(ref: String?, cents: Int64, name: String? = nil) async -> Int? {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/pledges")!)
            request.httpMethod = "POST"
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            let key = ref.map { #""ref": "\#($0)", "# } ?? ""
            let who = name ?? "Client \(ref ?? "")"
            request.httpBody = Data(#"{\#(key)"amount_cents": \#(cents), "name": "\#(who)", "date": "2015-10-01"}"#.utf8)
            request.timeoutInterval = 30
            guard let (_, response) = try? await URLSession.shared.data(for: request) else { return nil }
            return (response as? HTTPURLResponse)?.statusCode
        }
    }

    @Test("A burst of API writes killed at a random moment: every pledge acknowledged is there, nothing half-written")
    func killedServer() async throws {
        let box = try Sandbox()
        try Self.production(box, "film")
        let film = box.root.appendingPathComponent("film")
        let server = try Server.start(box, film: "film")
        let acknowledged = try await withThrowingTaskGroup(of: [String].self) { group in
            for client in 0..<16 {
                group.addTask {
                    var ok: [String] = []
                    for n in 0..<200 {
                        let ref = "K\(client)-\(n)"
                        guard let status = await server.post(ref: ref, cents: 1_000 + Int64(n)) else { break }
                        if status == 201 { ok.append(ref) }
                        #expect(status < 500, "\(ref): HTTP \(status)")
                    }
                    return ok
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int.random(in: 300...1_500)))
                FaultTests.kill9(server.process)
                return []
            }
            return try await group.reduce(into: Set<String>()) { $0.formUnion($1) }
        }
        let ledger = try Ledger.open(at: film.appendingPathComponent("osmose.sqlite"))
        defer { try? ledger.close() }
        #expect(try ledger.integrityProblems().isEmpty)
        let stored = try ledger.pledges()
        print("faults: API burst killed: \(acknowledged.count) pledges acknowledged, \(stored.count) stored")
        let refs = Set(stored.map(\.ref))
        #expect(acknowledged.isSubset(of: refs), "acknowledged but lost: \(acknowledged.subtracting(refs).sorted().prefix(5))")
        #expect(!acknowledged.isEmpty)
        // Each stored pledge is whole: its amount is the one sent for its reference, and journaled once.
        for pledge in stored {
            let n = Int64(pledge.ref.split(separator: "-").last.flatMap { Int($0) } ?? -1)
            #expect(pledge.amount == 1_000 + n)
        }
        #expect(try ledger.journal(entity: "pledge").filter { $0.action == "add" }.count == stored.count)
    }

    /// The pledges client number `client` of 32 writes: 2,000 between them.
    static func share(_ client: Int) -> Int { 2_000 / 32 + (client < 2_000 % 32 ? 1 : 0) }

    @Test("32 API clients writing 2,000 pledges while the command line writes 500 expenses: none lost, no 5xx")
    func manyWriters() async throws {
        let box = try Sandbox()
        try box.ok("demo", "--production", "film")
        let film = box.root.appendingPathComponent("film")
        let before = try Self.ledgerState(film)
        let expensesBefore = try box.run("expense", "list", "--json", "--production", "film").jsonArray().count
        let server = try Server.start(box, film: "film")
        defer { Self.kill9(server.process) }
        async let cli: [Int32] = withThrowingTaskGroup(of: [Int32].self) { group in
            for writer in 0..<2 {
                group.addTask {
                    try (0..<250).map { n in
                        try box.run("expense", "add", "\(writer * 250 + n + 1),00 €", "--line", "8.2", "--date", "2015-10-01",
                                    "--payee", "Payee \(writer)-\(n)", "--production", "film").status
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let statuses = await withTaskGroup(of: [Int?].self) { group in
            for client in 0..<32 {
                group.addTask {
                    var out: [Int?] = []
                    for n in 0..<Self.share(client) {
                        out.append(await server.post(ref: "M\(client)-\(n)", cents: 1_000 + Int64(n)))
                    }
                    return out
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        let cliStatuses = try await cli
        #expect(statuses.count == 2_000)
        #expect(statuses.allSatisfy { $0 == 201 }, "\(Dictionary(grouping: statuses.map { $0 ?? 0 }, by: { $0 }).mapValues(\.count))")
        #expect(cliStatuses.count == 500 && cliStatuses.allSatisfy { $0 == 0 })
        let after = try Self.ledgerState(film)
        #expect(after.problems.isEmpty)
        #expect(after.count == before.count + 2_000)
        var expected: Int64 = 0
        for client in 0..<32 {
            for n in 0..<Self.share(client) { expected += 1_000 + Int64(n) }
        }
        #expect(after.cents == before.cents + expected)
        let expenses = try box.run("expense", "list", "--json", "--production", "film").jsonArray()
        #expect(expenses.count == expensesBefore + 500)
        let journal = try box.run("journal", "--entity", "expense", "--json", "--production", "film").jsonArray()
        #expect(journal.filter { ($0["actor"] as? String)?.hasPrefix("command line") == true }.count == 500)
    }

    @Test("32 API clients, half giving their own references and half leaving them to the server, while the command line imports: every pledge is recorded")
    func referencesDrawnWhileImporting() async throws {
        // Given a production, its service, and a HelloAsso export of 20,000 rows
        let box = try Sandbox()
        try Self.production(box, "film")
        let film = box.root.appendingPathComponent("film")
        let (text, imported) = Self.export(rows: 20_000)
        try text.write(to: box.root.appendingPathComponent("export.csv"), atomically: true, encoding: .utf8)
        let server = try Server.start(box, film: "film")
        defer { Self.kill9(server.process) }

        // When the import runs while 32 clients post 40 pledges each, the odd ones without a reference
        let importer = try Self.start(box, ["pledge", "import", "export.csv", "--format", "helloasso", "--production", "film"])
        let statuses = await withTaskGroup(of: [Int?].self) { group in
            for client in 0..<32 {
                group.addTask {
                    var out: [Int?] = []
                    for n in 0..<40 {
                        let ref = client % 2 == 0 ? "R\(client)-\(n)" : nil
                        out.append(await server.post(ref: ref, cents: 1_000 + Int64(n), name: "Client \(client)-\(n)"))
                    }
                    return out
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        importer.waitUntilExit()

        // Then every request had its 201, the import went through, and the count and the sum are exact
        #expect(statuses.count == 1_280)
        #expect(statuses.allSatisfy { $0 == 201 }, "\(Dictionary(grouping: statuses.map { $0 ?? 0 }, by: { $0 }).mapValues(\.count))")
        #expect(importer.terminationStatus == 0)
        let after = try Self.ledgerState(film)
        #expect(after.problems.isEmpty)
        #expect(after.count == 20_000 + 1_280)
        let posted = Int64(32 * (0..<40).reduce(0) { $0 + 1_000 + $1 })
        #expect(after.cents == imported + posted)
        // The references the server drew are M-0001… with no gap and no repeat.
        let ledger = try Ledger.open(at: film.appendingPathComponent("osmose.sqlite"))
        defer { try? ledger.close() }
        let drawn = try ledger.pledges().map(\.ref).filter { $0.hasPrefix("M-") }.sorted()
        #expect(drawn == (1...640).map { String(format: "M-%04d", $0) })
        // The import committed while the clients were writing: some of their pledges are journaled before it, some after.
        let journal = try ledger.journal(entity: "pledge")
        let importEntry = try #require(journal.first { $0.action == "import" })
        let adds = journal.filter { $0.action == "add" }.map(\.id)
        #expect(adds.contains { $0 < importEntry.id } && adds.contains { $0 > importEntry.id },
                "import journaled as #\(importEntry.id), API adds #\(adds.min() ?? 0) to #\(adds.max() ?? 0)")
    }

    /// Whether this test run may mount a small tmpfs (root on Linux).
    static let canMount: Bool = {
        #if os(Linux)
        return getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/bin/mount")
        #else
        return false
        #endif
    }()

    @Test("A full disk: the import fails with a clear message, and nothing already written is lost", .enabled(if: canMount))
    func diskFull() throws {
        let box = try Sandbox()
        let disk = box.root.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=3m", "tmpfs", disk.path]
        try mount.run()
        mount.waitUntilExit()
        try #require(mount.terminationStatus == 0)
        defer {
            let umount = Process()
            umount.executableURL = URL(fileURLWithPath: "/bin/umount")
            umount.arguments = [disk.path]
            try? umount.run()
            umount.waitUntilExit()
        }
        try Self.production(box, "disk/film")
        for n in 1...3 { try box.ok("pledge", "add", "\(n)0 €", "--name", "Early \(n)", "--date", "2015-10-01", "--production", "disk/film") }
        let (text, _) = Self.export(rows: 30_000)
        try text.write(to: box.root.appendingPathComponent("export.csv"), atomically: true, encoding: .utf8)
        let film = disk.appendingPathComponent("film")

        let run = try box.run("pledge", "import", "export.csv", "--format", "helloasso", "--production", "disk/film")
        #expect(run.status != 0)
        #expect(run.stderr.contains("full"), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count <= 2, "\(run.stderr)")
        let state = try Self.ledgerState(film)
        #expect(state.problems.isEmpty && state.count == 3 && state.cents == 6_000)
        #expect(try box.run("check", "--production", "disk/film").ok)

        // A backup onto the full disk fails too, and leaves no half-written archive.
        let filler = disk.appendingPathComponent("filler")
        let free = try #require(try FileManager.default.attributesOfFileSystem(forPath: disk.path)[.systemFreeSize] as? Int)
        _ = FileManager.default.createFile(atPath: filler.path, contents: Data(count: max(0, free - 16 * 1024)))
        let backup = try box.run("backup", "disk/film.tar", "--production", "disk/film")
        #expect(backup.status != 0 && backup.stderr.contains("full"), "\(backup.stderr)")
        #expect(!FileManager.default.fileExists(atPath: disk.appendingPathComponent("film.tar").path))
        try FileManager.default.removeItem(at: filler)
        #expect(try box.run("pledge", "add", "40 €", "--name", "Later", "--date", "2015-10-02", "--production", "disk/film").ok)
        #expect(try Self.ledgerState(film).count == 4)
    }
}
