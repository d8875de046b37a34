import Crypto
import Foundation
import OsmoseDomain

#if canImport(Glibc)
import Glibc
#endif

/// POSIX ustar archives of plain files, written and read as a stream with each file's SHA-256
/// computed on the way: what `osmose backup` writes and `osmose restore` checks.
///
/// Only regular files and folders are written or accepted; a path that is absolute, climbs with
/// `..`, or is longer than ustar allows is refused by name, as is a header whose checksum fails.
public enum Tar {
    /// A file in an archive, with the SHA-256 of its bytes.
    public struct Entry: Sendable, Equatable, Codable {
        public var path: String
        public var size: Int64
        public var sha256: String

        public init(path: String, size: Int64, sha256: String) {
            self.path = path
            self.size = size
            self.sha256 = sha256
        }
    }

    /// Writes an archive file; nothing is left under its name unless `finish` is reached.
    public final class Writer {
        private let handle: FileHandle
        private let partial: URL
        private let final: URL
        private let modified: Date
        public private(set) var entries: [Entry] = []

        /// `modified` is written as every entry's time, so the same content gives the same bytes.
        public init(url: URL, modified: Date) throws {
            final = url
            // A name of its own, so that two archives written to the same file at once never write into one partial.
            partial = url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".partial-" + UUID().uuidString)
            self.modified = modified
            guard Tar.createPrivate(partial) else {
                throw InputError("cannot write \(url.path.quoted): the folder is missing or not writable")
            }
            handle = try FileHandle(forWritingTo: partial)
        }

        /// Adds the file at `file` under `path`, read in 1 MiB pieces.
        @discardableResult
        public func add(path: String, file: URL) throws -> Entry {
            let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
            try handle.write(contentsOf: try Tar.header(path: path, size: size, modified: modified))
            let input = try FileHandle(forReadingFrom: file)
            defer { try? input.close() }
            var hasher = SHA256()
            var written: Int64 = 0
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
                try handle.write(contentsOf: chunk)
                written += Int64(chunk.count)
            }
            guard written == size else { throw InputError("\(file.path.quoted) changed while it was archived") }
            try pad(size)
            let entry = Entry(path: path, size: size, sha256: FileDigest.hex(hasher.finalize()))
            entries.append(entry)
            return entry
        }

        /// Adds `data` under `path`.
        @discardableResult
        public func add(path: String, data: Data) throws -> Entry {
            try handle.write(contentsOf: try Tar.header(path: path, size: Int64(data.count), modified: modified))
            try handle.write(contentsOf: data)
            try pad(Int64(data.count))
            let entry = Entry(path: path, size: Int64(data.count), sha256: FileDigest.sha256(of: data))
            entries.append(entry)
            return entry
        }

        /// Ends the archive (two zero blocks), syncs it and gives it its name.
        public func finish() throws {
            try handle.write(contentsOf: Data(count: 1024))
            try handle.synchronize()
            try handle.close()
            // rename(2) replaces an earlier archive in one step: the name always holds a whole one.
            guard rename(partial.path, final.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: partial)
                throw InputError("cannot write \(final.path.quoted): \(reason)")
            }
        }

        /// Gives up: the partial file is removed.
        public func abandon() {
            try? handle.close()
            try? FileManager.default.removeItem(at: partial)
        }

        private func pad(_ size: Int64) throws {
            let rest = Int(size % 512)
            if rest != 0 { try handle.write(contentsOf: Data(count: 512 - rest)) }
        }
    }

    /// Creates (or empties) a file only its owner may read: an archive holds the ledger and the scans,
    /// and so does what is unpacked from one.
    static func createPrivate(_ url: URL) -> Bool {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        // An existing file keeps its mode through O_CREAT: make it private too.
        fchmod(fd, 0o600)
        close(fd)
        return true
    }

    /// Unpacks `url` into `folder` (which must exist), returning each file with its SHA-256.
    /// Files come out private (0600).
    public static func extract(_ url: URL, into folder: URL) throws -> [Entry] {
        guard let input = FileHandle(forReadingAtPath: url.path) else {
            throw InputError("cannot read \(url.path.quoted): there is no such file")
        }
        defer { try? input.close() }
        var entries: [Entry] = []
        var offset: Int64 = 0
        while true {
            guard let block = try input.read(upToCount: 512), block.count == 512 else {
                throw InputError("\(url.path.quoted) ends inside a header at byte \(offset): the archive is truncated")
            }
            offset += 512
            if block.allSatisfy({ $0 == 0 }) { return entries }
            let header = try Header(block, at: offset - 512, file: url.path)
            try check(header.path, file: url.path)
            let target = folder.appendingPathComponent(header.path)
            switch header.type {
            case UInt8(ascii: "5"):
                try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            case UInt8(ascii: "0"), 0:
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                guard Tar.createPrivate(target) else {
                    throw InputError("cannot write \(target.path.quoted) while unpacking")
                }
                let output = try FileHandle(forWritingTo: target)
                defer { try? output.close() }
                var hasher = SHA256()
                var left = header.size
                while left > 0 {
                    guard let chunk = try input.read(upToCount: Int(min(left, 1 << 20))), !chunk.isEmpty else {
                        throw InputError("\(url.path.quoted) ends inside \(header.path.quoted): the archive is truncated")
                    }
                    hasher.update(data: chunk)
                    try output.write(contentsOf: chunk)
                    left -= Int64(chunk.count)
                }
                let rest = Int(header.size % 512)
                if rest != 0 { _ = try input.read(upToCount: 512 - rest) }
                offset += (header.size + 511) / 512 * 512
                entries.append(Entry(path: header.path, size: header.size, sha256: FileDigest.hex(hasher.finalize())))
            default:
                throw InputError("\(url.path.quoted): \(header.path.quoted) is not a plain file or folder (type \(Character(Unicode.Scalar(header.type)))), which a backup never holds")
            }
        }
    }

    /// Refuses a path that would land outside the folder it is unpacked into.
    static func check(_ path: String, file: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !path.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == "." }) else {
            throw InputError("\(file.quoted) holds the path \(path.quoted), which would land outside the folder: refused")
        }
    }

    // MARK: - Headers

    struct Header {
        let path: String
        let size: Int64
        let type: UInt8

        init(_ block: Data, at offset: Int64, file: String) throws {
            let bytes = [UInt8](block)
            func text(_ range: Range<Int>) -> String {
                String(decoding: bytes[range].prefix { $0 != 0 }, as: UTF8.self)
            }
            func number(_ range: Range<Int>) -> Int64? {
                let digits = text(range).trimmingCharacters(in: CharacterSet(charactersIn: " \0"))
                return digits.isEmpty ? 0 : Int64(digits, radix: 8)
            }
            var sum = 0
            for (i, byte) in bytes.enumerated() { sum += (148..<156).contains(i) ? 32 : Int(byte) }
            guard let recorded = number(148..<156), recorded == sum else {
                throw InputError("\(file.quoted): the header at byte \(offset) fails its checksum: the archive is damaged")
            }
            guard let size = number(124..<136), size >= 0 else {
                throw InputError("\(file.quoted): the header at byte \(offset) has no valid size")
            }
            let prefix = text(345..<500)
            let name = text(0..<100)
            path = prefix.isEmpty ? name : prefix + "/" + name
            self.size = size
            type = bytes[156]
        }
    }

    static func header(path: String, size: Int64, modified: Date) throws -> Data {
        let utf8 = Array(path.utf8)
        var name = utf8, prefix: [UInt8] = []
        if utf8.count > 100 {
            // Split at a slash so that the name fits in 100 bytes and the prefix in 155.
            guard let cut = utf8.indices.last(where: { utf8[$0] == UInt8(ascii: "/") && utf8.count - $0 - 1 <= 100 && $0 <= 155 }) else {
                throw InputError("\(path.quoted) is too long for an archive entry")
            }
            prefix = Array(utf8[..<cut])
            name = Array(utf8[(cut + 1)...])
        }
        guard size < 0o77777777777 else { throw InputError("\(path.quoted) is too large for an archive entry") }
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at offset: Int) { for (i, b) in bytes.enumerated() { block[offset + i] = b } }
        func octal(_ value: Int64, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(name, at: 0)
        put(octal(0o644, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(Int64(max(0, modified.timeIntervalSince1970)), width: 12), at: 136)
        put(Array(repeating: 32, count: 8), at: 148)
        block[156] = UInt8(ascii: "0")
        put(Array("ustar".utf8) + [0], at: 257)
        put(Array("00".utf8), at: 263)
        put(prefix, at: 345)
        let sum = block.reduce(0) { $0 + Int($1) }
        put(octal(Int64(sum), width: 7) + [32], at: 148)
        return Data(block)
    }
}
