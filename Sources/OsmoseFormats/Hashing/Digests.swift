import Crypto
import Foundation
import OsmoseDomain

/// The hash algorithms footage manifests use, named as ASC MHL names them.
public enum HashAlgorithm: String, CaseIterable, Sendable {
    case xxh64, xxh3, xxh128, md5, sha1, c4

    /// Reads a comma-separated list such as `xxh64,md5`.
    public static func parseList(_ text: String) throws(InputError) -> [HashAlgorithm] {
        var list: [HashAlgorithm] = []
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard let algorithm = HashAlgorithm(rawValue: name) else {
                throw InputError("\(String(part).quoted) is not a hash algorithm (\(allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if !list.contains(algorithm) { list.append(algorithm) }
        }
        guard !list.isEmpty else { throw InputError("\(text.quoted) names no hash algorithm") }
        return list
    }
}

/// Several hashes computed in one pass over the bytes.
public struct MultiHasher {
    public let algorithms: [HashAlgorithm]
    private var xxh64: XXH64?
    private var xxh3: XXH3_64?
    private var xxh128: XXH128?
    private var md5: Insecure.MD5?
    private var sha1: Insecure.SHA1?
    private var sha512: SHA512?

    public init(_ algorithms: [HashAlgorithm]) {
        self.algorithms = algorithms
        if algorithms.contains(.xxh64) { xxh64 = XXH64() }
        if algorithms.contains(.xxh3) { xxh3 = XXH3_64() }
        if algorithms.contains(.xxh128) { xxh128 = XXH128() }
        if algorithms.contains(.md5) { md5 = Insecure.MD5() }
        if algorithms.contains(.sha1) { sha1 = Insecure.SHA1() }
        if algorithms.contains(.c4) { sha512 = SHA512() }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        xxh64?.update(bytes)
        xxh3?.update(bytes)
        xxh128?.update(bytes)
        md5?.update(bufferPointer: bytes)
        sha1?.update(bufferPointer: bytes)
        sha512?.update(bufferPointer: bytes)
    }

    /// Each algorithm's digest as ASC MHL and the usual tools write it (lowercase hex; C4 in base58).
    public func digests() -> [HashAlgorithm: String] {
        var out: [HashAlgorithm: String] = [:]
        if let xxh64 { out[.xxh64] = XXHashHex.hex(xxh64.digest()) }
        if let xxh3 { out[.xxh3] = XXHashHex.hex(xxh3.digest()) }
        if let xxh128 { out[.xxh128] = XXHashHex.hex(xxh128.digest()) }
        if let md5 { out[.md5] = FileDigest.hex(md5.finalize()) }
        if let sha1 { out[.sha1] = FileDigest.hex(sha1.finalize()) }
        if let sha512 { out[.c4] = C4.id(Array(sha512.finalize())) }
        return out
    }

    /// Hashes a file in 1 MiB reads, reading it once whatever the number of algorithms.
    public static func hash(file url: URL, _ algorithms: [HashAlgorithm], progress: ((Int) -> Void)? = nil) throws(InputError) -> [HashAlgorithm: String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InputError("cannot read \(url.path.quoted): there is no such file")
        }
        guard !isDirectory.boolValue else { throw InputError("\(url.path.quoted) is a folder, not a file") }
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { throw InputError("cannot read \(url.path.quoted): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var hasher = MultiHasher(algorithms)
        // 1 MiB reads: larger ones cost more in the kernel than they save.
        let size = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = read(descriptor, buffer.baseAddress, size)
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError("cannot read \(url.path.quoted): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            progress?(n)
        }
        return hasher.digests()
    }
}

/// C4 IDs (SMPTE ST 2114): `c4` and the SHA-512 as a base-58 number, padded with `1` to 90 characters.
public enum C4 {
    static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    public static func id(_ sha512: [UInt8]) -> String {
        var number = sha512
        var digits: [UInt8] = []
        // Repeated division of the big-endian number by 58.
        while number.contains(where: { $0 != 0 }) {
            var remainder = 0
            for i in number.indices {
                let value = remainder * 256 + Int(number[i])
                number[i] = UInt8(value / 58)
                remainder = value % 58
            }
            digits.append(alphabet[remainder])
        }
        let body = String(decoding: digits.reversed(), as: UTF8.self)
        return "c4" + String(repeating: "1", count: max(0, 88 - body.count)) + body
    }

    public static func id(of data: Data) -> String { id(Array(SHA512.hash(data: data))) }
}
