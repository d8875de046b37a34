import Foundation
import OsmoseDomain

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Offload {
    /// Syncs, reads back and renames the written copies on a thread of its own, so that checking the
    /// destinations overlaps reading the next files from the card instead of following it.
    final class Verifier: @unchecked Sendable {
        /// A copy written under its partial name, waiting to be verified.
        struct Pending: Sendable {
            let partial: String
            let final: String
            let size: Int64
            let expected: String
        }

        /// At most this many copies, or this many bytes, wait unverified: enough for the card reading to go on
        /// during a long file's read-back, few enough that an interruption leaves little to redo.
        static let capacity = 1024
        static let capacityBytes: Int64 = 1 << 30

        private let algorithm: HashAlgorithm
        private let bufferSize: Int
        private let hooks: Hooks
        private let progress: Progress
        // Guards everything below it.
        private let condition = NSCondition()
        private var queue: [Pending] = []
        private var queuedBytes: Int64 = 0
        private var closed = false
        private var failure: (any Error)?
        private var finished = false
        /// Folders where a copy got its final name; written by the thread, read once it has finished.
        private var renamedIn: Set<String> = []

        init(algorithm: HashAlgorithm, bufferSize: Int, hooks: Hooks, progress: Progress) {
            self.algorithm = algorithm
            self.bufferSize = bufferSize
            self.hooks = hooks
            self.progress = progress
            let thread = Thread { [self] in work() }
            thread.name = "offload verifier"
            thread.start()
        }

        /// Queues a copy, waiting while the queue is full; throws the verifier's failure if it has stopped.
        func submit(_ item: Pending) throws {
            condition.lock()
            defer { condition.unlock() }
            // A copy larger than the byte budget still goes in once the queue is empty.
            while !queue.isEmpty, queue.count >= Verifier.capacity || queuedBytes + item.size > Verifier.capacityBytes,
                failure == nil
            {
                condition.wait()
            }
            if let failure { throw failure }
            queue.append(item)
            queuedBytes += item.size
            condition.broadcast()
        }

        /// Waits until every queued copy is verified and renamed, then syncs their folders so the names last.
        func finish() throws {
            try stop(nil)
            for folder in renamedIn {
                let descriptor = open(folder, O_RDONLY | O_CLOEXEC)
                guard descriptor >= 0 else { continue }
                defer { close(descriptor) }
                // Some file systems (FAT through FUSE) refuse to sync a folder; the files themselves are synced.
                if fsync(descriptor) != 0, errno != EINVAL, errno != ENOTSUP, errno != EBADF {
                    throw InputError("cannot sync the folder \(folder.quoted): \(Offload.errnoText())")
                }
            }
        }

        /// Stops after the copy being verified and removes every copy not yet verified.
        func abandon(_ error: any Error) {
            try? stop(error)
        }

        private func stop(_ error: (any Error)?) throws {
            condition.lock()
            if let error, failure == nil { failure = error }
            closed = true
            condition.broadcast()
            while !finished { condition.wait() }
            let left = queue
            queue = []
            let failure = self.failure
            condition.unlock()
            for item in left { unlink(item.partial) }
            if let failure { throw failure }
        }

        // MARK: - The thread

        private func work() {
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 4096)
            defer { buffer.deallocate() }
            while let item = next() {
                do {
                    try verify(item, buffer: buffer)
                } catch {
                    unlink(item.partial)
                    condition.lock()
                    if failure == nil { failure = error }
                    condition.broadcast()
                    condition.unlock()
                    break
                }
            }
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }

        private func next() -> Pending? {
            condition.lock()
            defer { condition.unlock() }
            while queue.isEmpty, !closed, failure == nil { condition.wait() }
            guard failure == nil, !queue.isEmpty else { return nil }
            let item = queue.removeFirst()
            queuedBytes -= item.size
            condition.broadcast()
            return item
        }

        /// Pushes the copy to the disk, drops it from the cache so that what is read back is what the disk holds
        /// rather than what was handed to it, checks its digest and gives it its real name.
        private func verify(_ item: Pending, buffer: UnsafeMutableRawPointer) throws {
            let descriptor = open(item.partial, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw InputError("cannot read back \(item.partial.quoted): \(Offload.errnoText())") }
            defer { close(descriptor) }
            #if canImport(Darwin)
            let synced = fsync(descriptor)
            #else
            let synced = fdatasync(descriptor)
            #endif
            if synced != 0 { throw Offload.writeError(item.final, errno) }
            try hooks.beforeReadBack?(item.partial)
            #if canImport(Darwin)
            _ = fcntl(descriptor, F_NOCACHE, 1)
            #else
            _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
            #endif
            let found = try Offload.digest(of: item.partial, size: item.size, algorithm: algorithm, buffer: buffer,
                                           bufferSize: bufferSize, progress: progress, descriptor: descriptor)
            guard found == item.expected else {
                throw InputError("the copy \(item.final.quoted) does not read back as written (\(algorithm.rawValue) \(found), the card's \(item.expected)); it has been removed")
            }
            guard rename(item.partial, item.final) == 0 else {
                throw InputError("cannot rename \(item.partial.quoted) to \(item.final.quoted): \(Offload.errnoText())")
            }
            renamedIn.insert(Copier.parent(item.final))
        }
    }
}
