import Foundation
import OsmoseDomain
import Testing
@testable import OsmoseFormats

@Suite("File digests")
struct FileDigestTests {
    @Test("SHA-256 matches the FIPS 180-2 test vectors, in memory and from a file")
    func vectors() throws {
        #expect(FileDigest.sha256(of: Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID()).bin")
        defer { try? FileManager.default.removeItem(at: url) }
        // A million 'a's spans several read chunks.
        try Data(repeating: UInt8(ascii: "a"), count: 1_000_000).write(to: url)
        #expect(try FileDigest.sha256(of: url) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("A missing file or a folder is named in the error")
    func missing() {
        #expect { try FileDigest.sha256(of: URL(fileURLWithPath: "/no/such/scan.pdf")) } throws: { error in
            (error as? InputError)?.message.contains("/no/such/scan.pdf") == true
        }
        #expect(throws: InputError.self) { try FileDigest.sha256(of: FileManager.default.temporaryDirectory) }
    }
}
