import Foundation
import Testing
@testable import OsmoseFormats

@Suite("ASC MHL manifests")
struct ManifestTests {
    func card() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("card-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Clips/Sub"), withIntermediateDirectories: true)
        try Data("abcde".utf8).write(to: root.appendingPathComponent("Clips/A002C006.mov"))
        try Data("abcd".utf8).write(to: root.appendingPathComponent("Clips/A002C007.mov"))
        try Data("x".utf8).write(to: root.appendingPathComponent("Clips/Sub/s.xml"))
        try Data("sidecar".utf8).write(to: root.appendingPathComponent("Sidecar.txt"))
        try Data().write(to: root.appendingPathComponent(".DS_Store"))
        return root
    }

    @Test("Sealing writes a generation and a chain naming it by its C4; a second seal continues the chain")
    func seal() throws {
        let root = try card()
        defer { try? FileManager.default.removeItem(at: root) }
        let date = Date(timeIntervalSince1970: 1_442_224_800)  // 2015-09-14 10:00 UTC
        let first = try MHLSealer.seal(root, algorithms: [.xxh64, .md5], now: date)
        #expect(first == "0001_\(root.lastPathComponent)_2015-09-14_100000Z.mhl")
        let second = try MHLSealer.seal(root, algorithms: [.xxh64], now: date.addingTimeInterval(60))
        #expect(second.hasPrefix("0002_"))
        let chain = try MHLChain.read(root.appendingPathComponent("ascmhl/ascmhl_chain.xml"))
        #expect(chain.generations.map(\.sequence) == [1, 2])
        let written = try Data(contentsOf: root.appendingPathComponent("ascmhl/" + first))
        #expect(chain.generations[0].c4 == C4.id(of: written))
        let xml = String(decoding: written, as: UTF8.self)
        #expect(xml.contains("<path size=\"5\" lastmodificationdate=") && xml.contains(">Clips/A002C006.mov</path>"))
        #expect(xml.contains("<directoryhash>") && xml.contains(">Clips/Sub</path>"))
        #expect(!xml.contains(".DS_Store</path>") && !xml.contains("ascmhl_chain"))
        // The schema's order: md5 before xxh64 in every entry.
        let md5 = try #require(xml.range(of: "<md5 action"))
        let xxh64 = try #require(xml.range(of: "<xxh64 action"))
        #expect(md5.lowerBound < xxh64.lowerBound)
        // The root hashes are those of the tree: Clips (a directory) and Sidecar.txt.
        var sub = DirectoryHashes(.xxh64)
        sub.addFile(named: "s.xml", digest: XXHashHex.hex(XXH64.hash(Data("x".utf8))))
        var clips = DirectoryHashes(.xxh64)
        clips.addFile(named: "A002C006.mov", digest: XXHashHex.hex(XXH64.hash(Data("abcde".utf8))))
        clips.addFile(named: "A002C007.mov", digest: XXHashHex.hex(XXH64.hash(Data("abcd".utf8))))
        clips.addDirectory(named: "Sub", content: sub.content, structure: sub.structure)
        var top = DirectoryHashes(.xxh64)
        top.addDirectory(named: "Clips", content: clips.content, structure: clips.structure)
        top.addFile(named: "Sidecar.txt", digest: XXHashHex.hex(XXH64.hash(Data("sidecar".utf8))))
        #expect(xml.contains(">\(top.content)</xxh64>") && xml.contains(">\(top.structure)</xxh64>"))
    }

    @Test("A broken chain file is refused with a sentence, never half-read")
    func brokenChain() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chain-\(UUID()).xml")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("<?xml version=\"1.0\"?><ascmhldirectory><hashlist sequencenr=\"1\"><path>a</path>".utf8).write(to: url)
        #expect(throws: (any Error).self) { try MHLChain.read(url) }
        try Data("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ascmhldirectory><hashlist sequencenr=\"1\"><path>&e;</path><c4>c4</c4></hashlist></ascmhldirectory>".utf8).write(to: url)
        let chain = try? MHLChain.read(url)
        #expect(chain?.generations.first?.fileName.contains("root:") != true)
    }
}
