import Foundation
import OsmoseDomain
import Testing
@testable import OsmoseFormats

@Suite("Footage digests")
struct DigestTests {
    @Test("C4 IDs match ascmhl's encoding (SHA-512 in base 58, padded to 90 characters)")
    func c4() {
        #expect(C4.id(of: Data()) == "c459dsjfscH38cYeXXYogktxf4Cd9ibshE3BHUo6a58hBXmRQdZrAkZzsWcbWtDg5oQstpDuni4Hirj75GEmTc1sFT")
        #expect(C4.id(of: Data("abc".utf8)) == "c45S4rnaTNWonxss1u8LzsaJdEph1AJhWUF4sh2waXKMsutyfAxg4ybUeuXVWS9HdNcEypmeXn8FZGonD4w1rj9DZp")
        #expect(C4.id(of: Data("abc".utf8)).count == 90)
        // A digest whose base-58 form is short still pads to 90.
        #expect(C4.id([UInt8](repeating: 0, count: 63) + [1]) == "c4" + String(repeating: "1", count: 87) + "2")
    }

    @Test("One pass gives every algorithm's digest, as the usual tools print them")
    func onePass() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID()).bin")
        defer { try? FileManager.default.removeItem(at: url) }
        // Over two read buffers, and not a multiple of any block size.
        var bytes = [UInt8](repeating: 0, count: (1 << 20) * 2 + 12_345)
        var state: UInt64 = 42
        for i in bytes.indices {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes[i] = UInt8(truncatingIfNeeded: state >> 33)
        }
        let data = Data(bytes)
        try data.write(to: url)
        let all = try MultiHasher.hash(file: url, HashAlgorithm.allCases)
        #expect(all[.xxh64] == XXHashHex.hex(XXH64.hash(data)))
        #expect(all[.xxh3] == XXHashHex.hex(XXH3_64.hash(data)))
        #expect(all[.xxh128] == XXHashHex.hex(XXH128.hash(data)))
        #expect(all[.c4] == C4.id(of: data))
        #expect(all[.md5]?.count == 32 && all[.sha1]?.count == 40)
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID())")
        defer { try? FileManager.default.removeItem(at: empty) }
        try Data().write(to: empty)
        let nothing = try MultiHasher.hash(file: empty, [.md5, .sha1, .xxh64])
        #expect(nothing[.md5] == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(nothing[.sha1] == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(nothing[.xxh64] == "ef46db3751d8e999")
    }

    @Test("Algorithms are named as in ASC MHL; a wrong one is refused by name")
    func names() throws {
        #expect(try HashAlgorithm.parseList("xxh64, MD5,xxh64") == [.xxh64, .md5])
        #expect { try HashAlgorithm.parseList("crc32") } throws: { ($0 as? InputError)?.message.contains("crc32") == true }
        #expect(throws: InputError.self) { try MultiHasher.hash(file: URL(fileURLWithPath: "/no/such/clip.mxf"), [.xxh64]) }
    }
}
