import Foundation
import OsmoseDomain
import OsmoseFormats

/// One libFuzzer binary for every reader: `OSMOSE_FUZZ_TARGET` picks the reader that gets the
/// bytes (read once, at start-up). A reader may return or throw; anything else (a trap, an
/// address error, a hang, memory without bound) is a finding.
///
///     OSMOSE_FUZZ_TARGET=edl .build-fuzz/release/osmose-fuzz corpus/edl -max_total_time=60
enum FuzzTarget: String, CaseIterable {
    case toml, helloasso, kickstarter, timecode, mhl
    case cameraSony = "camera-sony", cameraCanon = "camera-canon", cameraP2 = "camera-p2"
    case fcpxml, fcp7xml, otio, edl, kdenlive, quicktime
    // What the service parses of a request.
    case acceptLanguage = "accept-language", cookie, query, formBody = "form-body"

    /// The target named by `OSMOSE_FUZZ_TARGET`, or nil when it is missing or unknown.
    static let chosen: FuzzTarget? = ProcessInfo.processInfo.environment["OSMOSE_FUZZ_TARGET"].flatMap(FuzzTarget.init)

    /// Feeds `data` to the reader.
    func run(_ data: Data) {
        switch self {
        case .toml:
            // As BudgetFile.readFolder does: UTF-8 text only, then TOML, then the budget's values.
            guard let text = String(data: data, encoding: .utf8) else { return }
            _ = BudgetFile.read(text, file: "budgets/fuzz.toml", version: "fuzz")
        case .helloasso:
            _ = PledgeExportReader(format: .helloasso).read(data, file: "fuzz.csv")
        case .kickstarter:
            _ = PledgeExportReader(format: .kickstarter).read(data, file: "fuzz.csv")
        case .timecode:
            timecode(String(decoding: data, as: UTF8.self))
        case .mhl:
            // The same bytes as a generation file and as a chain file.
            _ = try? MHLHashList.parse(data, name: "fuzz.mhl", fileName: "0001_fuzz.mhl", generation: 1)
            _ = try? MHLChain.parse(data, name: "ascmhl_chain.xml")
        case .cameraSony:
            _ = try? SonyClipXML.read(data, name: "C0001M01.XML")
        case .cameraCanon:
            _ = try? CanonClipXML.read(data, name: "A001C001_CANON.XML")
        case .cameraP2:
            _ = try? P2ClipXML.read(data, name: "0001AB.XML")
        case .fcpxml, .fcp7xml, .otio, .edl, .kdenlive:
            // The cut readers take a file, as the command line gives them: the extension picks the format.
            _ = try? CutReader.read(InputFile.shared.write(data))
        case .quicktime:
            _ = try? QuickTimeReader.read(InputFile.shared.write(data))
        case .acceptLanguage:
            let parsed = AcceptLanguage(parsing: String(decoding: data, as: UTF8.self))
            precondition(parsed.ranges.allSatisfy { !$0.tag.isEmpty && (0...1).contains($0.quality) }, "a range without a tag or a weight")
            _ = parsed.preferred(among: ["fr", "en"])
        case .cookie:
            let header = String(decoding: data, as: UTF8.self)
            let cookies = CookieHeader.parse(header)
            precondition(cookies.allSatisfy { !$0.name.isEmpty }, "a cookie without a name")
            _ = CookieHeader.value(named: "osmose_session", in: [header])
        case .query:
            // As the service reads a request target: the path decoded once, then the query's fields.
            let target = String(decoding: data, as: UTF8.self)
            let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            _ = PercentEncoding.decode(parts.first ?? "", plusAsSpace: false)
            decodedOnce(URLEncodedFields(parsing: parts.count > 1 ? parts[1] : ""))
        case .formBody:
            decodedOnce(URLEncodedFields(body: data))
        }
    }

    /// Each name and value, encoded again byte by byte, decodes back to itself: decoding happens exactly once.
    private func decodedOnce(_ fields: URLEncodedFields) {
        for field in fields.fields {
            for text in [field.name, field.value] {
                let encoded = text.utf8.map { String(format: "%%%02X", $0) }.joined()
                precondition(PercentEncoding.decode(encoded, plusAsSpace: true) == text, "\(text.debugDescription) does not decode back to itself")
            }
        }
    }

    /// Every rate, and what a parsed timecode must satisfy: it prints back to a timecode that
    /// reads as the same frame.
    private func timecode(_ text: String) {
        _ = try? FrameRate(parsing: text)
        for rate in FrameRate.all {
            guard let timecode = try? Timecode(parsing: text, rate: rate) else { continue }
            precondition((0..<rate.framesPerDay).contains(timecode.frame), "\(text.debugDescription) at \(rate): frame \(timecode.frame) outside the day")
            let again = try? Timecode(parsing: timecode.description, rate: rate)
            precondition(again?.frame == timecode.frame, "\(text.debugDescription) at \(rate) prints as \(timecode.description), which does not read back")
        }
    }

    /// The extension the file readers are given.
    var fileExtension: String {
        switch self {
        case .fcpxml: "fcpxml"
        case .fcp7xml: "xml"
        case .otio: "otio"
        case .edl: "edl"
        case .kdenlive: "kdenlive"
        case .quicktime: "mov"
        default: "bin"
        }
    }
}

/// The one temporary file the file readers are given, rewritten for every input.
final class InputFile: Sendable {
    static let shared = InputFile()

    let url: URL

    private init() {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("osmose-fuzz-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        url = folder.appendingPathComponent("input.\(FuzzTarget.chosen?.fileExtension ?? "bin")")
        atexit { try? FileManager.default.removeItem(at: InputFile.shared.url.deletingLastPathComponent()) }
    }

    func write(_ data: Data) -> URL {
        do {
            try data.write(to: url)
        } catch {
            fatalError("cannot write the fuzz input to \(url.path): \(error)")
        }
        return url
    }
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    guard FuzzTarget.chosen != nil else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
        FileHandle.standardError.write(Data("set OSMOSE_FUZZ_TARGET to one of \(names)\n".utf8))
        exit(2)
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    FuzzTarget.chosen?.run(data)
    return 0
}
