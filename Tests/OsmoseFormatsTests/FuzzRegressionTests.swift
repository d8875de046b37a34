import Foundation
import OsmoseDomain
import OsmoseFormats
import Testing

/// The inputs `.ci/fuzz` found that once crashed a reader, kept under `Fixtures/fuzz/<target>/`
/// (the target's name in `OSMOSE_FUZZ_TARGET`). Each goes to its reader as the fuzz target
/// gives it, and must now be read or refused with a message that names what is wrong.
@Suite("Inputs the fuzz targets found")
struct FuzzRegressionTests {
    /// What a kept input must do now.
    enum Outcome: Sendable {
        /// The reader throws an `InputError` whose message holds every one of these.
        case refused([String])
        /// The reader returns, reporting a problem whose text holds every one of these.
        case problem([String])
    }

    /// Every kept input, as `target/file`, with what it must do. A new input needs a line here.
    static let expected: [String: Outcome] = [
        // `20, 0`: a space after the decimal comma once reached a force unwrap in Amount.parse.
        "helloasso/amount-space-after-decimal-comma.csv": .problem([":5:", "value \"20, 0\"", "is not an amount"]),
        // Decimals without end once overflowed the fast path for plain amounts.
        "helloasso/amount-with-many-decimals.csv": .problem([
            ":2:", "value \"35,0000000000000000000000018446744073709551615+00000000000000000\"", "is not an amount",
        ]),
        // Bytes that are not UTF-8 in a name or a namespace: XMLParser recovers from the encoding
        // error, then traps decoding the name. SafeXML refuses them first.
        "camera-sony/namespace-not-utf8.XML": .refused(["namespace-not-utf8.XML:2:", "byte 0xFF at offset 65", "not UTF-8"]),
        "camera-sony/element-name-not-utf8.XML": .refused(["element-name-not-utf8.XML:4:", "byte 0xD0 at offset 180", "not UTF-8"]),
        "camera-canon/element-name-not-utf8.XML": .refused(["element-name-not-utf8.XML:2:", "byte 0xFF at offset 44", "not UTF-8"]),
        "camera-p2/element-name-not-utf8.XML": .refused(["element-name-not-utf8.XML:34:", "byte 0xC4 at offset 1424", "not UTF-8"]),
        // A processing instruction with nothing after its target: XMLParser reads the null data
        // pointer libxml2 gives it.
        "camera-sony/xml-declaration-without-version.XML": .refused([
            "xml-declaration-without-version.XML:1:", "<?xml?> holds nothing after its target", "needs its version",
        ]),
        "camera-sony/empty-processing-instruction.XML": .refused(["empty-processing-instruction.XML:1:", "<?x?> holds nothing after its target"]),
        "camera-p2/processing-instruction-inside-another.XML": .refused([
            "processing-instruction-inside-another.XML:1:", "<?_?> holds nothing after its target",
        ]),
        "mhl/element-name-not-utf8.mhl": .refused(["element-name-not-utf8.mhl:50:", "byte 0xF9 at offset 2787", "not UTF-8"]),
        "mhl/attribute-name-not-utf8.mhl": .refused(["attribute-name-not-utf8.mhl:28:", "byte 0xFF at offset 1092", "not UTF-8"]),
    ]

    /// The kept inputs found in the fixtures, as `target/file`.
    static let inputs: [String] = {
        guard let folder = Bundle.module.url(forResource: "Fixtures/fuzz", withExtension: nil) else { return [] }
        let manager = FileManager.default
        let targets = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
        return targets.flatMap { target in
            ((try? manager.contentsOfDirectory(atPath: folder.appendingPathComponent(target).path)) ?? [])
                .filter { !$0.hasPrefix(".") }
                .map { "\(target)/\($0)" }
        }.sorted()
    }()

    @Test("Every kept input is in the fixtures, and every one has its expected outcome")
    func inventory() {
        #expect(Self.inputs == Self.expected.keys.sorted())
    }

    @Test("A kept input is read or refused with a message naming the bad value", arguments: FuzzRegressionTests.inputs)
    func keptInput(_ path: String) throws {
        // Given an input that once crashed its reader
        let outcome = try #require(Self.expected[path], "\(path) needs an expected outcome in FuzzRegressionTests.expected")
        let url = try #require(Bundle.module.url(forResource: "Fixtures/fuzz/" + path, withExtension: nil))
        let target = String(path.prefix { $0 != "/" })

        // When its reader gets it, then it returns or throws, as expected
        switch outcome {
        case .refused(let words):
            #expect {
                _ = try Self.read(target, url)
            } throws: { error in
                guard let error = error as? InputError else { return false }
                return words.allSatisfy(error.message.contains)
            }
        case .problem(let words):
            let problems = try Self.read(target, url)
            #expect(problems.contains { problem in words.allSatisfy(problem.contains) }, "\(problems)")
        }
    }

    /// Gives `url` to the reader of `target` as `Fuzz/Sources/osmose-fuzz` does; returns the
    /// problems of the readers that report them rather than throw.
    static func read(_ target: String, _ url: URL) throws -> [String] {
        let data = try Data(contentsOf: url)
        let name = url.lastPathComponent
        switch target {
        case "toml":
            return BudgetFile.read(String(decoding: data, as: UTF8.self), file: name, version: "fuzz").problems.map(\.description)
        case "helloasso":
            return PledgeExportReader(format: .helloasso).read(data, file: name).problems.map(\.description)
        case "kickstarter":
            return PledgeExportReader(format: .kickstarter).read(data, file: name).problems.map(\.description)
        case "timecode":
            for rate in FrameRate.all { _ = try Timecode(parsing: String(decoding: data, as: UTF8.self), rate: rate) }
        case "mhl":
            _ = try MHLHashList.parse(data, name: name, fileName: name, generation: 1)
            _ = try MHLChain.parse(data, name: name)
        case "camera-sony":
            _ = try SonyClipXML.read(data, name: name)
        case "camera-canon":
            _ = try CanonClipXML.read(data, name: name)
        case "camera-p2":
            _ = try P2ClipXML.read(data, name: name)
        case "fcpxml", "fcp7xml", "otio", "edl", "kdenlive":
            _ = try CutReader.read(url)
        case "quicktime":
            _ = try QuickTimeReader.read(url)
        default:
            Issue.record("\(target) is not a fuzz target")
        }
        return []
    }
}
