import Crypto
import Foundation
import OsmoseDomain

/// SHA-256 of files, read in chunks so a large scan never sits whole in memory.
public enum FileDigest {
    /// The lowercase hexadecimal SHA-256 of the file at `url`.
    public static func sha256(of url: URL) throws(InputError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InputError("cannot read \(url.path.quotedPath): there is no such file")
        }
        guard !isDirectory.boolValue else { throw InputError("\(url.path.quotedPath) is a folder, not a file") }
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw InputError("cannot read \(url.path.quotedPath): no such file, or not readable")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 20)
            } catch {
                throw InputError("cannot read \(url.path.quotedPath): \(error.localizedDescription)")
            }
            guard let chunk, !chunk.isEmpty else { break }
            hasher.update(data: chunk)
        }
        return hex(hasher.finalize())
    }

    /// The lowercase hexadecimal SHA-256 of bytes in memory.
    public static func sha256(of data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    public static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}

extension String {
    var quotedPath: String { "“\(self)”" }
}
