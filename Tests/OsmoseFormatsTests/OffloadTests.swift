import Foundation
import OsmoseDomain
import Testing
@testable import OsmoseFormats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A scratch folder holding a card and destinations, removed at the end of each test.
private struct Scratch {
    let root: URL
    var card: URL { root.appendingPathComponent("card") }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("offload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("card"), withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// A destination folder, created.
    func destination(_ name: String) throws -> URL {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes a card file (making its folders) and gives it a known modification date with a fraction of a second.
    @discardableResult
    func put(_ path: String, _ bytes: Data, modified: Date = Date(timeIntervalSince1970: 1_700_000_000.25)) throws -> URL {
        let url = card.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: url)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: url.path)
        return url
    }
}

/// Reproducible bytes that differ from file to file.
private func noise(_ count: Int, seed: UInt64) -> Data {
    var state = seed
    var bytes = [UInt8](repeating: 0, count: count)
    for i in bytes.indices {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        bytes[i] = UInt8(truncatingIfNeeded: state >> 33)
    }
    return Data(bytes)
}

/// The modification time as the file system holds it, to the nanosecond.
private func mtime(_ url: URL) throws -> (Int, Int) {
    var info = stat()
    guard stat(url.path, &info) == 0 else { throw InputError("no file at \(url.path)") }
    #if canImport(Darwin)
    return (Int(info.st_mtimespec.tv_sec), Int(info.st_mtimespec.tv_nsec))
    #else
    return (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec))
    #endif
}

/// Every path under `folder`, hidden ones included, relative and sorted.
private func allPaths(_ folder: URL) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
    return enumerator.compactMap { $0 as? String }.sorted()
}

/// Collects progress calls from the working thread.
private final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var calls: [(Int64, Int64)] = []
    func record(_ done: Int64, _ total: Int64) { lock.withLock { calls.append((done, total)) } }
    var all: [(Int64, Int64)] { lock.withLock { calls } }
}

private let clip = "XDROOT/Clip/C0001.MP4"
// Decomposed é (as macOS writes names) and a non-Latin name, kept byte for byte.
private let unicodeClip = "XDROOT/Séquence/Cle\u{0301} 日本語.MOV"

/// A card with nested folders, an empty file, a unicode name and files over several reads of a small buffer.
private func makeCard(_ scratch: Scratch) throws -> [String: Data] {
    let files: [String: Data] = [
        clip: noise(50_000, seed: 1),
        "XDROOT/Clip/C0001M01.XML": Data("<NonRealTimeMeta/>".utf8),
        "XDROOT/General/empty.bin": Data(),
        unicodeClip: noise(8_193, seed: 2),
        "MEDIAPRO.XML": noise(4_096, seed: 3),
    ]
    for (path, bytes) in files { try scratch.put(path, bytes) }
    return files
}

private let smallBuffer = Offload.Hooks(beforeReadBack: nil, bufferSize: 4096)

@Suite("Card offload")
struct OffloadTests {
    @Test("The walk skips system litter and the card's ascmhl history, and lists nested files sorted")
    func walkSkips() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        for litter in [".DS_Store", "._C0001.MP4", "XDROOT/._C0002.MP4", "ascmhl/0001_card_2024.mhl",
                       ".Spotlight-V100/Store-V2/x", ".Trashes/501/x", ".fseventsd/fseventsd-uuid",
                       ".TemporaryItems/x", "System Volume Information/IndexerVolumeGuid", "Thumbs.db",
                       "XDROOT/THUMBS.DB", "desktop.ini", "XDROOT/.C0003.MP4.osmose-partial"] {
            try scratch.put(litter, Data("x".utf8))
        }
        let files = try makeCard(scratch)
        try scratch.put(".hidden-but-kept", Data("kept".utf8))

        let walked = try Offload.walk(scratch.card)

        #expect(walked.map(\.relativePath) == (Array(files.keys) + [".hidden-but-kept"]).sorted())
        let big = try #require(walked.first { $0.relativePath == clip })
        #expect(big.size == 50_000)
        #expect(big.modified == Date(timeIntervalSince1970: 1_700_000_000.25))
        #expect(walked.first { $0.relativePath == "XDROOT/General/empty.bin" }?.size == 0)
        #expect(Offload.isSkipped("._anything") && Offload.isSkipped("ascmhl") && Offload.isSkipped("Desktop.ini"))
        #expect(!Offload.isSkipped("C0001.MP4") && !Offload.isSkipped(".hidden") && !Offload.isSkipped("ASCMHL.txt"))
    }

    @Test("A link on the card is refused by name rather than silently left behind")
    func walkRefusesLinks() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.put(clip, Data("clip".utf8))
        try FileManager.default.createSymbolicLink(
            atPath: scratch.card.appendingPathComponent("XDROOT/link.MP4").path, withDestinationPath: "Clip/C0001.MP4")
        #expect { try Offload.walk(scratch.card) } throws: {
            ($0 as? InputError)?.message.contains("“XDROOT/link.MP4”") == true
        }
        #expect(throws: InputError.self) { try Offload.walk(scratch.root.appendingPathComponent("no-card")) }
    }

    @Test("Two destinations get identical bytes and dates, and the digests match a separate hashing")
    func copyToTwo() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let files = try makeCard(scratch)
        let first = try scratch.destination("shuttle")
        let second = try scratch.destination("raid/footage")
        let log = ProgressLog()
        let algorithms: [HashAlgorithm] = [.xxh64, .md5, .c4]

        let report = try Offload.run(
            card: scratch.card, cardName: "A001_Day1", destinations: [first, second], algorithms: algorithms,
            progress: { log.record($0, $1) }, hooks: smallBuffer)

        let roots = [first.appendingPathComponent("A001_Day1"), second.appendingPathComponent("A001_Day1")]
        #expect(report.destinations.map(\.path) == roots.map(\.path))
        #expect(report.files.map(\.relativePath) == files.keys.sorted())
        #expect(report.bytes == Int64(files.values.reduce(0) { $0 + $1.count }))
        for file in report.files {
            let source = scratch.card.appendingPathComponent(file.relativePath)
            #expect(file.digests == (try MultiHasher.hash(file: source, algorithms)))
            #expect(file.size == Int64(files[file.relativePath]?.count ?? -1))
            for root in roots {
                let copy = root.appendingPathComponent(file.relativePath)
                #expect(try Data(contentsOf: copy) == files[file.relativePath], "\(copy.path)")
                #expect(try mtime(copy) == mtime(source), "\(copy.path)")
            }
        }
        for root in roots {
            #expect(!allPaths(root).contains { $0.hasSuffix(".osmose-partial") })
        }
        // Progress counts the card once and each copy read back, and ends complete.
        let total = report.bytes * 3
        let calls = log.all
        #expect(calls.last.map { $0 == (total, total) } == true)
        #expect(calls.allSatisfy { $0.1 == total })
        #expect(zip(calls, calls.dropFirst()).allSatisfy { $0.0 <= $1.0 })
    }

    @Test("A rerun over identical copies passes, leaves them alone, and redoes a copy whose partial was left")
    func rerun() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try makeCard(scratch)
        let destination = try scratch.destination("shuttle")
        let first = try Offload.run(card: scratch.card, cardName: "A001", destinations: [destination],
                                    algorithms: [.xxh64])
        let root = destination.appendingPathComponent("A001")
        let kept = root.appendingPathComponent(clip)
        let keptInode = try FileManager.default.attributesOfItem(atPath: kept.path)[.systemFileNumber] as? Int
        // An interrupted run: one copy still under its partial name, truncated.
        let interrupted = root.appendingPathComponent("XDROOT/Clip/C0001M01.XML")
        let stale = root.appendingPathComponent("XDROOT/Clip/.C0001M01.XML.osmose-partial")
        try FileManager.default.moveItem(at: interrupted, to: stale)
        try Data("<NonRealTime".utf8).write(to: stale)

        let second = try Offload.run(card: scratch.card, cardName: "A001", destinations: [destination],
                                     algorithms: [.xxh64])

        #expect(second.files == first.files)
        #expect(try FileManager.default.attributesOfItem(atPath: kept.path)[.systemFileNumber] as? Int == keptInode)
        #expect(try Data(contentsOf: interrupted) == Data("<NonRealTimeMeta/>".utf8))
        #expect(!FileManager.default.fileExists(atPath: stale.path))
    }

    @Test("A destination holding a different file at the same path is refused, by path, and left as it was")
    func differentFileRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try makeCard(scratch)
        let destination = try scratch.destination("shuttle")
        let other = destination.appendingPathComponent("A001/" + clip)
        try FileManager.default.createDirectory(at: other.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Same size, other bytes: only the digest tells them apart.
        let foreign = noise(50_000, seed: 99)
        try foreign.write(to: other)

        #expect {
            try Offload.run(card: scratch.card, cardName: "A001", destinations: [destination], algorithms: [.xxh64])
        } throws: {
            let message = ($0 as? InputError)?.message ?? ""
            return message.contains(other.path) && message.contains("different")
        }
        #expect(try Data(contentsOf: other) == foreign)
        #expect(!allPaths(destination).contains { $0.hasSuffix(".osmose-partial") })

        // Another size is refused before anything is read.
        try Data("short".utf8).write(to: other)
        #expect {
            try Offload.run(card: scratch.card, cardName: "A001", destinations: [destination], algorithms: [.xxh64])
        } throws: { ($0 as? InputError)?.message.contains(other.path) == true }
    }

    @Test("A copy that does not read back as written is removed and never gets its real name")
    func readBackMismatch() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try makeCard(scratch)
        let first = try scratch.destination("shuttle")
        let second = try scratch.destination("raid")
        // The disk returns other bytes for the second destination's copy of the clip.
        let hooks = Offload.Hooks(beforeReadBack: { partial in
            guard partial.hasSuffix("/.C0001.MP4.osmose-partial"), partial.contains("/raid/") else { return }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: partial))
            try handle.seek(toOffset: 12_345)
            try handle.write(contentsOf: Data([0xFF, 0x00]))
            try handle.close()
        })

        #expect {
            try Offload.run(card: scratch.card, cardName: "A001", destinations: [first, second],
                            algorithms: [.xxh64, .sha1], progress: nil, hooks: hooks)
        } throws: {
            let message = ($0 as? InputError)?.message ?? ""
            return message.contains("raid/A001/" + clip) && message.contains("does not read back")
        }
        let broken = second.appendingPathComponent("A001/" + clip)
        #expect(!FileManager.default.fileExists(atPath: broken.path))
        #expect(!allPaths(first).contains { $0.hasSuffix(".osmose-partial") })
        #expect(!allPaths(second).contains { $0.hasSuffix(".osmose-partial") })
        // Files verified before the failure keep their names: a rerun continues from them.
        #expect(FileManager.default.fileExists(atPath: second.appendingPathComponent("A001/MEDIAPRO.XML").path))
    }

    @Test("With no destination the card is hashed in place and left untouched")
    func inPlace() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let files = try makeCard(scratch)
        let before = allPaths(scratch.root)

        let report = try Offload.run(card: scratch.card, cardName: "A001", destinations: [], algorithms: [.xxh3, .xxh128])

        #expect(allPaths(scratch.root) == before)
        #expect(report.destinations.isEmpty)
        #expect(report.files.map(\.relativePath) == files.keys.sorted())
        for file in report.files {
            let bytes = try #require(files[file.relativePath])
            #expect(file.digests[.xxh3] == XXHashHex.hex(XXH3_64.hash(bytes)))
            #expect(file.digests[.xxh128] == XXHashHex.hex(XXH128.hash(bytes)))
        }
        #expect(report.files.first { $0.relativePath == "XDROOT/General/empty.bin" }?.digests[.xxh3] == "2d06800538d394c2")
    }

    @Test("Bad requests are refused by name before anything is written")
    func refusals() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try makeCard(scratch)
        let destination = try scratch.destination("shuttle")
        let missing = scratch.root.appendingPathComponent("unplugged")
        func refused(_ needle: String, _ work: () throws -> OffloadReport) -> Bool {
            do {
                _ = try work()
                return false
            } catch {
                return (error as? InputError)?.message.contains(needle) == true
            }
        }

        #expect(refused(missing.path) {
            try Offload.run(card: scratch.card, cardName: "A001", destinations: [missing], algorithms: [.xxh64])
        })
        #expect(!FileManager.default.fileExists(atPath: missing.path))
        #expect(refused("given twice") {
            try Offload.run(card: scratch.card, cardName: "A001", destinations: [destination, destination],
                            algorithms: [.xxh64])
        })
        #expect(refused("overlaps") {
            try Offload.run(card: scratch.card, cardName: "A001", destinations: [scratch.card.appendingPathComponent("XDROOT")],
                            algorithms: [.xxh64])
        })
        #expect(refused("“A/001”") {
            try Offload.run(card: scratch.card, cardName: "A/001", destinations: [destination], algorithms: [.xxh64])
        })
        #expect(refused("hash algorithm") {
            try Offload.run(card: scratch.card, cardName: "A001", destinations: [destination], algorithms: [])
        })
        #expect(allPaths(destination).isEmpty)
    }
}
