import Foundation
import OsmoseDomain
import Testing
@testable import OsmoseStorage

@Suite("What the ledger's writers refuse, and how its files are kept")
struct TextAndFileRuleTests {
    static let hostile = ["Camille \u{1B}]0;x\u{07}", "Cam\u{0}ille", "Camille \u{202E}dnaruD"]
    static let codes = ["U+001B", "U+0000", "U+202E"]
    static let sha = String(repeating: "a", count: 64)
    static let sha2 = String(repeating: "b", count: 64)

    static func folder() throws -> ProductionFolder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("osmose-rules-\(UUID().uuidString)", isDirectory: true)
        let production = try ProductionFolder.create(in: url, settings: ProductionSettings(title: "Film"))
        try production.ledger.addSpace(Space(name: "La Coroutine"))
        try production.ledger.addShootingDay(ShootingDay(date: try LocalDate(parsing: "2015-10-01"), spaces: ["La Coroutine"]))
        return production
    }

    func refused(_ code: String, sourceLocation: SourceLocation = #_sourceLocation, _ write: () throws -> Void) {
        do {
            try write()
            Issue.record("written without a word", sourceLocation: sourceLocation)
        } catch let error as InputError {
            #expect(error.message.contains(" holds \(code) ("), "\(error.message)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("Every writer refuses a terminal escape, NUL and a bidirectional override, naming the field", arguments: zip(hostile, codes))
    func writers(text: String, code: String) throws {
        let production = try Self.folder()
        defer { try? FileManager.default.removeItem(at: production.url) }
        let ledger = production.ledger
        let day = try LocalDate(parsing: "2015-10-01")
        refused(code) { try ledger.addSpace(Space(name: text)) }
        refused(code) { try ledger.addSpace(Space(name: "Mutualab", notes: text)) }
        refused(code) { try ledger.addPerson(Person(name: text, role: .participant)) }
        refused(code) { try ledger.addPerson(Person(name: "Éva", role: .participant, phone: text)) }
        refused(code) { try ledger.addPledge(Pledge(ref: "P1", amount: 100, name: text, date: day)) }
        refused(code) { try ledger.addPledge(Pledge(ref: "P1", amount: 100, name: "Éva", publicName: text, date: day)) }
        refused(code) { try ledger.addExpense(Expense(amount: 100, lineCode: "1", date: day, payee: text)) }
        refused(code) { try ledger.receiveFunding(FundingReceipt(sourceID: "grant", amount: 100, date: day, note: text)) }
        refused(code) { _ = try ledger.updateSpace(named: "La Coroutine") { $0.contact = text } }
        refused(code) { _ = try ledger.updateShootingDay(on: day) { $0.notes = text } }
        refused(code) { try ledger.addTask(PostTask(name: text, days: 1)) }
        refused(code) { try ledger.addNews(NewsPost(title: text, body: "x", publishedAt: Date())) }
        let tc = try Timecode(parsing: "10:00:00:00", rate: .fps25)
        refused(code) {
            _ = try ledger.addLog(LogEntry(shoot: day, person: nil, at: tc, text: "Interview " + text))
        }
        refused(code) {
            try ledger.importCut(CutTimeline(name: "Cut", rate: .fps25, events: [
                .init(number: 1, clipName: text, sourceIn: tc, sourceOut: tc, recordIn: tc, recordOut: tc),
            ]), format: "edl", source: "cut.edl")
        }
        let card = Card(name: "A001", shoot: day, camera: "A", source: "/card", algorithms: ["xxh64"], files: 1, bytes: 1, ingestedAt: Date())
        refused(code) {
            try ledger.recordIngest(card, clips: [
                Clip(card: "A001", path: "C0001.MP4", size: 1, hashes: [:], shoot: day, camera: "A",
                     metadata: ClipMetadata(source: "sony", cameraModel: text)),
            ])
        }
        #expect(try ledger.pledges().isEmpty && ledger.people().isEmpty && ledger.spaces().count == 1)
    }

    @Test("An import names the line of the row whose text is refused, and writes nothing")
    func importLine() throws {
        let production = try Self.folder()
        defer { try? FileManager.default.removeItem(at: production.url) }
        let day = try LocalDate(parsing: "2015-10-01")
        let error = try #require(throws: ImportConflicts.self) {
            try production.ledger.importPledges([
                (2, Pledge(ref: "H-1", amount: 100, name: "Éva", date: day)),
                (3, Pledge(ref: "H-2", amount: 100, name: "Bob", publicName: "B\u{202E}ob", date: day)),
            ])
        }
        #expect(error.rows.map(\.line) == [3])
        #expect(error.rows.first?.message.hasPrefix("the public name holds U+202E") == true)
        #expect(try production.ledger.pledges().isEmpty)
    }

    func mode(_ url: URL) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
    }

    @Test("The ledger, its WAL and SHM, the scans and their folder are private, whatever the scan's mode")
    func privateFiles() throws {
        let production = try Self.folder()
        defer { try? FileManager.default.removeItem(at: production.url) }
        #expect(try mode(production.ledgerURL) == 0o600)
        for suffix in ["-wal", "-shm"] {
            let companion = URL(fileURLWithPath: production.ledgerURL.path + suffix)
            #expect(FileManager.default.fileExists(atPath: companion.path), "\(suffix)")
            #expect(try mode(companion) == 0o600, "\(suffix)")
        }
        let scan = production.url.appendingPathComponent("form.pdf")
        try Data("signed".utf8).write(to: scan)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: scan.path)
        try production.ledger.addPerson(Person(name: "Éva", role: .participant))
        try production.addRelease(Release(status: .signed, signedOn: try LocalDate(parsing: "2015-10-01"), scope: [.cinema]),
                                  for: .person("Éva"), scan: (scan, Self.sha))
        #expect(try mode(production.releasesURL) == 0o700)
        #expect(try mode(production.releasesURL.appendingPathComponent(Self.sha + ".pdf")) == 0o600)
        try production.addExpense(Expense(amount: 100, lineCode: "1", date: try LocalDate(parsing: "2015-10-01"), payee: "Shop"),
                                  receipt: (scan, Self.sha2))
        #expect(try mode(production.receiptsURL.appendingPathComponent(Self.sha2 + ".pdf")) == 0o600)
    }

    @Test("A production whose ledger others can read is made private when it is opened")
    func tightenedOnOpen() throws {
        let production = try Self.folder()
        defer { try? FileManager.default.removeItem(at: production.url) }
        try production.ledger.close()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: production.ledgerURL.path)
        try FileManager.default.createDirectory(at: production.releasesURL, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: production.releasesURL.path)
        let reopened = try ProductionFolder.open(production.url)
        #expect(try mode(production.ledgerURL) == 0o600)
        #expect(try mode(production.releasesURL) == 0o700)
        _ = try reopened.ledger.settings()
    }

    #if os(Linux)
    @Test("A scan that cannot be read leaves neither a .partial file nor a stored copy, nor a record")
    func failedCopy() throws {
        let production = try Self.folder()
        defer { try? FileManager.default.removeItem(at: production.url) }
        try production.ledger.addPerson(Person(name: "Éva", role: .participant))
        // A regular file whose every read fails (EIO).
        let unreadable = URL(fileURLWithPath: "/proc/self/mem")
        #expect(throws: LedgerError.self) {
            try production.addRelease(Release(status: .signed, signedOn: try LocalDate(parsing: "2015-10-01"), scope: [.cinema]),
                                      for: .person("Éva"), scan: (unreadable, Self.sha))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: production.releasesURL.path).isEmpty)
        #expect(try production.ledger.releaseHistory(for: .person("Éva")).isEmpty)
        // A device is refused before anything is copied.
        #expect(throws: LedgerError.self) {
            try production.addExpense(Expense(amount: 100, lineCode: "1", date: try LocalDate(parsing: "2015-10-01"), payee: "Shop"),
                                      receipt: (URL(fileURLWithPath: "/dev/zero"), Self.sha2))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: production.receiptsURL.path).isEmpty)
    }
    #endif
}
