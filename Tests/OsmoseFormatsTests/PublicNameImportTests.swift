import Foundation
import OsmoseDomain
import Testing
@testable import OsmoseFormats

@Suite("Public names in imports")
struct PublicNameImportTests {
    @Test("An imported public name with a bidirectional override is refused at its line, shown with the character's code")
    func bidiPublicName() throws {
        let text = "ref,amount,date,name,public_name\nA1,10,2015-10-01,Camille Durand,Camille\u{202E}gnp.exe\nA2,10,2015-10-01,Léa Petit,Léa\n"
        let (rows, problems) = PledgeExportReader(format: .csv).read(Data(text.utf8), file: "p.csv")
        #expect(rows.isEmpty || rows.map(\.pledge.ref) == ["A2"])
        let problem = try #require(problems.first)
        #expect(problems.count == 1 && problem.line == 2)
        #expect(problem.description.hasPrefix("p.csv:2: the public name holds U+202E (a bidirectional override)"), "\(problem)")
        #expect(!problem.description.unicodeScalars.contains(where: { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) || [0x200E, 0x200F, 0x061C].contains($0.value) }))
    }
}
