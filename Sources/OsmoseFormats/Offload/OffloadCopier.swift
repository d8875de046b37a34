import Foundation
import OsmoseDomain

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Offload {
    /// The copy loop: one reused buffer, plain file descriptors, no Foundation objects per chunk or per file.
    struct Copier {
        let algorithms: [HashAlgorithm]
        /// Takes each written copy to sync, read back and rename; `nil` when hashing in place.
        let verifier: Verifier?
        let bufferSize: Int
        let progress: Progress
        private let buffer: UnsafeMutableRawPointer
        /// Folders known to exist in the destinations, so each is created (or checked) once.
        private var madeFolders: Set<String> = []

        init(algorithms: [HashAlgorithm], verifier: Verifier?, bufferSize: Int, progress: Progress) {
            self.algorithms = algorithms
            self.verifier = verifier
            self.bufferSize = bufferSize
            self.progress = progress
            // Page-aligned so the kernel can copy into it with whole pages.
            buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 4096)
        }

        func release() { buffer.deallocate() }

        /// A copy being written under its partial name.
        private struct Target {
            let final: String
            let partial: String
            var descriptor: Int32 = -1
        }

        /// Hashes one card file while writing it to the destinations that lack it, hands the copies to the
        /// verifier, and checks the copies already in place.
        mutating func offload(_ file: Entry, from card: String, to roots: [String]) throws -> [HashAlgorithm: String] {
            let source = card + "/" + file.relativePath
            var targets: [Target] = []
            var existing: [String] = []
            for root in roots {
                let final = root + "/" + file.relativePath
                var info = stat()
                if lstat(final, &info) == 0 {
                    guard Offload.isRegular(info), Int64(info.st_size) == file.size else {
                        let found = Offload.isRegular(info) ? "\(info.st_size) bytes instead of \(file.size)" : "not a file"
                        throw InputError("\(final.quoted) already exists and is not the card's \(file.relativePath.quoted) (\(found)); move it away or offload under another card name")
                    }
                    existing.append(final)
                } else if errno == ENOENT || errno == ENOTDIR {
                    targets.append(Target(final: final, partial: Copier.partialPath(final)))
                } else {
                    throw InputError("cannot check \(final.quoted): \(Offload.errnoText())")
                }
            }

            // Once submitted, a partial belongs to the verifier, which renames or removes it.
            var submitted = 0
            do {
                for index in targets.indices {
                    let folder = Copier.parent(targets[index].final)
                    if !madeFolders.contains(folder) {
                        try Offload.makeFolder(folder)
                        madeFolders.insert(folder)
                    }
                    // A partial left by an interrupted run is never trusted: start it again.
                    unlink(targets[index].partial)
                    let descriptor = open(targets[index].partial, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
                    guard descriptor >= 0 else {
                        throw InputError("cannot write \(targets[index].partial.quoted): \(Offload.errnoText())")
                    }
                    targets[index].descriptor = descriptor
                }

                let (digests, modified) = try copy(source, file, to: targets)
                guard let expected = digests[algorithms[0]] else {
                    throw InputError("no \(algorithms[0].rawValue) digest was computed for \(file.relativePath.quoted)")
                }
                for index in targets.indices {
                    try Copier.stamp(targets[index], modified: modified)
                    close(targets[index].descriptor)
                    targets[index].descriptor = -1
                }
                if let verifier {
                    for target in targets {
                        try verifier.submit(Verifier.Pending(partial: target.partial, final: target.final,
                                                             size: file.size, expected: expected))
                        submitted += 1
                    }
                }
                for final in existing {
                    let found = try digest(of: final, size: file.size)
                    guard found == expected else {
                        throw InputError("\(final.quoted) already exists and holds a different file than the card's \(file.relativePath.quoted) (\(algorithms[0].rawValue) \(found), the card's \(expected)); move it away or offload under another card name")
                    }
                }
                return digests
            } catch {
                for target in targets[submitted...] {
                    if target.descriptor >= 0 { close(target.descriptor) }
                    unlink(target.partial)
                }
                throw error
            }
        }

        // MARK: - Reading and writing

        /// Reads the card file once: every chunk goes to the hasher and to each destination.
        private func copy(_ source: String, _ file: Entry, to targets: [Target]) throws
            -> (digests: [HashAlgorithm: String], modified: timespec)
        {
            let descriptor = open(source, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw InputError("cannot read \(file.relativePath.quoted) on the card: \(Offload.errnoText())")
            }
            defer { close(descriptor) }
            var info = stat()
            guard fstat(descriptor, &info) == 0 else {
                throw InputError("cannot read \(file.relativePath.quoted) on the card: \(Offload.errnoText())")
            }
            // Read-ahead hints only matter for files longer than one read.
            if Int64(info.st_size) > Int64(bufferSize) { Offload.adviseSequential(descriptor) }
            var hasher = MultiHasher(algorithms)
            var done: Int64 = 0
            while true {
                let count = read(descriptor, buffer, bufferSize)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw InputError("cannot read \(file.relativePath.quoted) on the card: \(Offload.errnoText())")
                }
                if count == 0 { break }
                let chunk = UnsafeRawBufferPointer(start: buffer, count: count)
                hasher.update(chunk)
                for target in targets { try Copier.writeAll(chunk, to: target) }
                done += Int64(count)
                progress.advance(count)
            }
            guard done == file.size, Int64(info.st_size) == file.size else {
                throw InputError("\(file.relativePath.quoted) changed on the card while it was read (\(done) bytes instead of \(file.size))")
            }
            return (hasher.digests(), Offload.modificationTime(info))
        }

        /// The digest, in the first algorithm, of a file already in a destination.
        private func digest(of path: String, size: Int64) throws -> String {
            try Offload.digest(of: path, size: size, algorithm: algorithms[0], buffer: buffer, bufferSize: bufferSize,
                               progress: progress)
        }

        private static func writeAll(_ chunk: UnsafeRawBufferPointer, to target: Target) throws {
            guard var pointer = chunk.baseAddress else { return }
            var remaining = chunk.count
            while remaining > 0 {
                let written = write(target.descriptor, pointer, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Offload.writeError(target.final, errno)
                }
                if written == 0 { throw Offload.writeError(target.final, ENOSPC) }
                pointer += written
                remaining -= written
            }
        }

        /// Gives the copy the card file's modification date (and access date, as `cp -p` does).
        private static func stamp(_ target: Target, modified: timespec) throws {
            var times = [modified, modified]
            guard futimens(target.descriptor, &times) == 0 else {
                throw InputError("cannot set the date of \(target.final.quoted): \(Offload.errnoText())")
            }
        }

        static func parent(_ path: String) -> String {
            guard let slash = path.lastIndex(of: "/") else { return "." }
            return slash == path.startIndex ? "/" : String(path[..<slash])
        }

        /// `.NAME.osmose-partial` beside the final path: hidden, and skipped if the folder is ever walked as a card.
        static func partialPath(_ final: String) -> String {
            guard let slash = final.lastIndex(of: "/") else { return "." + final + Offload.partialSuffix }
            let name = final[final.index(after: slash)...]
            return String(final[...slash]) + "." + name + Offload.partialSuffix
        }
    }

    // MARK: - Shared file helpers

    /// Hashes a file in one algorithm, or gives `"N bytes"` when its length is not `size`, so that the caller's
    /// comparison with the expected digest fails with a readable reason.
    static func digest(
        of path: String, size: Int64, algorithm: HashAlgorithm, buffer: UnsafeMutableRawPointer, bufferSize: Int,
        progress: Progress, descriptor given: Int32? = nil
    ) throws -> String {
        let descriptor = given ?? open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw InputError("cannot read back \(path.quoted): \(errnoText())") }
        defer { if given == nil { close(descriptor) } }
        adviseSequential(descriptor)
        var hasher = MultiHasher([algorithm])
        var done: Int64 = 0
        while true {
            let count = read(descriptor, buffer, bufferSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw InputError("cannot read back \(path.quoted): \(errnoText())")
            }
            if count == 0 { break }
            hasher.update(UnsafeRawBufferPointer(start: buffer, count: count))
            done += Int64(count)
            progress.advance(count)
        }
        guard done == size else { return "\(done) bytes" }
        return hasher.digests()[algorithm] ?? ""
    }

    static func writeError(_ path: String, _ code: Int32) -> InputError {
        if code == ENOSPC || code == EDQUOT {
            return InputError("the disk is full: cannot write \(path.quoted)")
        }
        return InputError("cannot write \(path.quoted): \(String(cString: strerror(code)))")
    }

    static func adviseSequential(_ descriptor: Int32) {
        #if canImport(Darwin)
        _ = fcntl(descriptor, F_RDAHEAD, 1)
        #else
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
    }
}
