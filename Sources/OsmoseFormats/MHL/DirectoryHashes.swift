import Foundation
import OsmoseDomain

extension HashAlgorithm {
    /// The bytes a digest written in a manifest stands for: hex, or base 58 for C4.
    public func bytes(ofDigest text: String) -> [UInt8]? {
        if self == .c4 { return C4.bytes(of: text) }
        guard text.utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count / 2)
        var high: UInt8?
        for c in text.utf8 {
            let v: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = c - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): v = c - 55
            default: return nil
            }
            if let h = high {
                bytes.append(h << 4 | v)
                high = nil
            } else {
                high = v
            }
        }
        return bytes
    }

    /// The digest of bytes in memory, written as manifests write it.
    public func digest(of bytes: [UInt8]) -> String {
        var hasher = MultiHasher([self])
        bytes.withUnsafeBytes { hasher.update($0) }
        return hasher.digests()[self] ?? ""
    }
}

extension C4 {
    /// The 64 bytes of the SHA-512 a C4 ID stands for, or nil if it is not one.
    public static func bytes(of id: String) -> [UInt8]? {
        let chars = Array(id.utf8)
        guard chars.count == 90, chars[0] == UInt8(ascii: "c"), chars[1] == UInt8(ascii: "4") else { return nil }
        var number = [UInt8](repeating: 0, count: 64)
        for c in chars[2...] {
            guard let digit = alphabet.firstIndex(of: c) else { return nil }
            // number = number × 58 + digit, on 64 big-endian bytes.
            var carry = digit
            for i in number.indices.reversed() {
                let value = Int(number[i]) * 58 + carry
                number[i] = UInt8(value & 0xFF)
                carry = value >> 8
            }
            if carry != 0 { return nil }
        }
        return number
    }
}

/// The content and structure hashes of a directory, as ASC MHL defines them: the content hash
/// hashes the children's digests (sorted as text, concatenated as bytes); the structure hash does
/// the same over, for each child, the hash of its name followed by its digest (its structure
/// hash for a directory).
public struct DirectoryHashes: Sendable {
    public let algorithm: HashAlgorithm
    private var contents: [String] = []
    private var structures: [String] = []

    public init(_ algorithm: HashAlgorithm) {
        self.algorithm = algorithm
    }

    /// A file of this directory, by its name (not its path) and content digest.
    public mutating func addFile(named name: String, digest: String) {
        contents.append(digest)
        structures.append(algorithm.digest(of: Array(name.utf8) + (algorithm.bytes(ofDigest: digest) ?? [])))
    }

    /// A subdirectory, by its name and its own content and structure hashes.
    public mutating func addDirectory(named name: String, content: String, structure: String) {
        contents.append(content)
        structures.append(algorithm.digest(of: Array(name.utf8) + (algorithm.bytes(ofDigest: structure) ?? [])))
    }

    public var content: String { hashOfList(contents) }
    public var structure: String { hashOfList(structures) }

    private func hashOfList(_ list: [String]) -> String {
        var bytes: [UInt8] = []
        for digest in list.sorted() { bytes += algorithm.bytes(ofDigest: digest) ?? [] }
        return algorithm.digest(of: bytes)
    }
}
