import Foundation
import Testing
@testable import OsmoseFormats

@Suite("ASC MHL directory hashes")
struct DirectoryHashTests {
    /// From ascmhl 1.2's example scenario 01 (`0001_A002R2EC_2020-01-16_091500Z.mhl`).
    @Test("Content and structure hashes agree with an ascmhl manifest")
    func ascmhlExample() {
        var clips = DirectoryHashes(.xxh64)
        clips.addFile(named: "A002C006_141024_R2EC.mov", digest: "0ea03b369a463d9d")
        clips.addFile(named: "A002C007_141024_R2EC.mov", digest: "7680e5f98f4a80fd")
        #expect(clips.content == "4c226b42e27d7af3")
        #expect(clips.structure == "906faa843d591a9f")
        var root = DirectoryHashes(.xxh64)
        root.addDirectory(named: "Clips", content: clips.content, structure: clips.structure)
        root.addFile(named: "Sidecar.txt", digest: "3ab5a4166b9bde44")
        #expect(root.content == "8d02114c32e28cbe")
        #expect(root.structure == "f557f8ca8e5a88ef")
    }

    @Test("Digests read back to their bytes, hex and C4 alike")
    func digestBytes() {
        #expect(HashAlgorithm.xxh64.bytes(ofDigest: "0ea03b369a463d9d") == [0x0E, 0xA0, 0x3B, 0x36, 0x9A, 0x46, 0x3D, 0x9D])
        #expect(HashAlgorithm.xxh64.bytes(ofDigest: "0ea") == nil)
        #expect(HashAlgorithm.md5.bytes(ofDigest: "zz") == nil)
        let id = C4.id(of: Data("abc".utf8))
        #expect(C4.bytes(of: id).map { C4.id($0) } == id)
        #expect(C4.bytes(of: "c4" + String(repeating: "0", count: 88)) == nil)
    }
}
