import Foundation
import OsmoseDomain
import Testing
@testable import OsmoseStorage

@Suite("Online backups of the ledger")
struct BackupLedgerTests {
    @Test("Backups taken while another writer adds pledges are whole, pass their integrity check, and hold a prefix of the writes")
    func whileWriting() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = try Ledger.open(at: folder.appendingPathComponent("osmose.sqlite"))
        try ledger.createProduction(ProductionSettings(title: "Film"))
        let day = try LocalDate(parsing: "2015-10-01")
        let writes = Task.detached {
            for n in 0..<400 {
                try ledger.addPledge(Pledge(ref: "P\(n)", amount: 1_000 + Int64(n), name: "Person \(n)", date: day))
            }
        }
        var counts: [Int] = []
        for n in 0..<8 {
            let copy = folder.appendingPathComponent("copy\(n).sqlite")
            try ledger.backup(to: copy)
            let restored = try Ledger.open(at: copy)
            #expect(try restored.integrityProblems().isEmpty)
            let pledges = try restored.pledges()
            // Pledges go in one by one in order: a consistent copy holds P0…Pk-1 and nothing else.
            #expect(Set(pledges.map(\.ref)) == Set((0..<pledges.count).map { "P\($0)" }))
            counts.append(pledges.count)
            try restored.close()
            try await Task.sleep(for: .milliseconds(20))
        }
        try await writes.value
        #expect(counts == counts.sorted())
        let final = folder.appendingPathComponent("final.sqlite")
        try ledger.backup(to: final)
        #expect(try Ledger.open(at: final).pledges().count == 400)
    }
}
