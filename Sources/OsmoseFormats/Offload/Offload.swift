import Foundation
import OsmoseDomain

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One file of an offloaded card, with the digests computed while it was read.
public struct OffloadFile: Sendable, Equatable {
    /// The path inside the card, `/` separated: `XDROOT/Clip/C0001.MP4`.
    public var relativePath: String
    public var size: Int64
    public var modified: Date
    /// Computed once, while the card's copy was read.
    public var digests: [HashAlgorithm: String]

    public init(relativePath: String, size: Int64, modified: Date, digests: [HashAlgorithm: String]) {
        self.relativePath = relativePath
        self.size = size
        self.modified = modified
        self.digests = digests
    }
}

/// What an offload read and wrote.
public struct OffloadReport: Sendable {
    /// Sorted by path.
    public var files: [OffloadFile]
    /// The managed folders written, `DEST/<cardName>`, in the order the destinations were given.
    public var destinations: [URL]
    /// The card's bytes (each file counted once, whatever the number of destinations).
    public var bytes: Int64
}

/// Copies a camera card to one or more destinations, reading each card file once and verifying every copy.
public enum Offload {
    /// Files a card holds, skipping `.DS_Store`, `._*` AppleDouble files, the `ascmhl` folder, `.Spotlight-V100`,
    /// `.Trashes`, `.fseventsd`, `.TemporaryItems`, `System Volume Information`, `Thumbs.db`, `desktop.ini`.
    ///
    /// Sorted by path. A symbolic link or other special file on the card is refused rather than skipped, so that
    /// nothing the card holds is silently left behind.
    public static func walk(_ card: URL) throws -> [(relativePath: String, size: Int64, modified: Date)] {
        let root = card.standardizedFileURL.path
        var info = stat()
        guard stat(root, &info) == 0 else {
            throw InputError("cannot read the card \(root.quoted): \(errnoText())")
        }
        guard isDirectory(info) else { throw InputError("the card \(root.quoted) is not a folder") }
        var entries: [Entry] = []
        try walkFolder(root: root, relative: "", into: &entries)
        entries.sort { $0.relativePath < $1.relativePath }
        return entries.map { ($0.relativePath, $0.size, $0.modified) }
    }

    /// Whether a file or folder of this name is left out of an offload: system and indexing litter that
    /// operating systems add to cards, the card's own ASC MHL history, and unfinished copies of an earlier run.
    public static func isSkipped(_ name: String) -> Bool {
        if name.hasPrefix("._") { return true }
        if name.hasPrefix("."), name.hasSuffix(partialSuffix) { return true }
        switch name {
        case ".DS_Store", "ascmhl", ".Spotlight-V100", ".Trashes", ".fseventsd", ".TemporaryItems",
            "System Volume Information":
            return true
        default:
            // Windows writes these two with varying case on FAT and exFAT cards.
            let lower = name.lowercased()
            return lower == "thumbs.db" || lower == "desktop.ini"
        }
    }

    /// Reads each card file once, hashing it while writing it to every destination folder
    /// `DEST/<cardName>/<relativePath>` from one buffer; meanwhile a second thread syncs each copy, reads it back
    /// from the disk, checks its digest in the first algorithm and only then gives it its real name. Copies keep
    /// the card's modification dates.
    ///
    /// - Each `DEST` must be an existing folder (a missing drive must not turn into a folder on the system disk);
    ///   `DEST/<cardName>` is created when missing.
    /// - A copy is written as `.NAME.osmose-partial` beside its final place and renamed only once verified, so an
    ///   interrupted run never leaves an unverified file under a real name; a re-run replaces stale partials.
    /// - A destination file already there with the card file's size and digest is accepted as it is, so a run
    ///   resumed after an interruption carries on; one that differs is refused by name.
    /// - With no destinations the card is only hashed in place.
    /// - `progress(done, total)` counts bytes read: the card once, plus every copy read back (including copies
    ///   already in place). It is called from the working threads, one at a time, at most about ten times a
    ///   second, and once at the end.
    /// - Throws: `InputError` naming the file on a read or write error, a full disk, a destination holding a
    ///   different file, or a copy that does not read back as written; copies not yet verified are removed.
    public static func run(
        card: URL, cardName: String, destinations: [URL], algorithms: [HashAlgorithm],
        progress: (@Sendable (Int64, Int64) -> Void)? = nil
    ) throws -> OffloadReport {
        try run(card: card, cardName: cardName, destinations: destinations, algorithms: algorithms,
                progress: progress, hooks: Hooks())
    }

    /// Points where tests step in to simulate failures a real disk rarely shows on demand.
    struct Hooks: Sendable {
        /// Called with the path of each written copy, after it is synced and before it is read back.
        var beforeReadBack: (@Sendable (String) throws -> Void)?
        /// The read buffer's size; tests use a small one to cross buffer boundaries with small files.
        var bufferSize = Offload.bufferSize
    }

    // Reads of 256 KiB to 8 MiB hash a page-cached card alike on Linux; 1 MiB keeps system calls a rounding
    // error while the buffer stays small and warm in the processor's caches between the read and the hashing.
    static let bufferSize = 1 << 20
    static let partialSuffix = ".osmose-partial"

    static func run(
        card: URL, cardName: String, destinations: [URL], algorithms: [HashAlgorithm],
        progress: (@Sendable (Int64, Int64) -> Void)?, hooks: Hooks
    ) throws -> OffloadReport {
        guard let checking = algorithms.first else { throw InputError("an offload needs at least one hash algorithm") }
        guard !cardName.isEmpty, cardName != ".", cardName != "..", !cardName.contains("/"),
            !cardName.contains("\0")
        else {
            throw InputError("\(cardName.quoted) cannot name a card folder (it must be a plain file name)")
        }
        let cardPath = card.standardizedFileURL.path
        let files = try walk(card)
        let roots = try destinationRoots(destinations, cardName: cardName, cardPath: cardPath)
        try checkFreeSpace(files: files, roots: roots)
        for root in roots { try makeFolder(root) }

        let cardBytes = files.reduce(Int64(0)) { $0 + $1.size }
        let counter = Progress(callback: progress, total: cardBytes * Int64(1 + roots.count))
        let bufferSize = max(4096, hooks.bufferSize)
        let verifier = roots.isEmpty
            ? nil : Verifier(algorithm: checking, bufferSize: bufferSize, hooks: hooks, progress: counter)
        var copier = Copier(algorithms: algorithms, verifier: verifier, bufferSize: bufferSize, progress: counter)
        defer { copier.release() }

        var report: [OffloadFile] = []
        report.reserveCapacity(files.count)
        do {
            for file in files {
                let digests = try copier.offload(file, from: cardPath, to: roots)
                report.append(OffloadFile(relativePath: file.relativePath, size: file.size, modified: file.modified,
                                          digests: digests))
            }
            try verifier?.finish()
        } catch {
            verifier?.abandon(error)
            throw error
        }
        counter.finish()
        return OffloadReport(files: report, destinations: roots.map { URL(fileURLWithPath: $0, isDirectory: true) },
                             bytes: cardBytes)
    }

    // MARK: - Walking the card

    typealias Entry = (relativePath: String, size: Int64, modified: Date)

    private static func walkFolder(root: String, relative: String, into entries: inout [Entry]) throws {
        let folder = relative.isEmpty ? root : root + "/" + relative
        guard let stream = opendir(folder) else {
            throw InputError("cannot list the card folder \(folder.quoted): \(errnoText())")
        }
        defer { closedir(stream) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw InputError("cannot list the card folder \(folder.quoted): \(errnoText())") }
                break
            }
            let name = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                    String(validatingCString: $0)
                }
            }
            guard let name else {
                throw InputError("a file name in the card folder \(folder.quoted) is not valid UTF-8")
            }
            if name == "." || name == ".." || isSkipped(name) { continue }
            names.append(name)
        }
        for name in names {
            let path = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(root + "/" + path, &info) == 0 else {
                throw InputError("cannot read \(path.quoted) on the card: \(errnoText())")
            }
            if isDirectory(info) {
                try walkFolder(root: root, relative: path, into: &entries)
            } else if isRegular(info) {
                entries.append((path, Int64(info.st_size), modificationDate(info)))
            } else {
                throw InputError("\(path.quoted) on the card is not a regular file (a link or a device), which an offload does not copy")
            }
        }
    }

    // MARK: - Destinations

    /// `DEST/<cardName>` for each destination, refusing a missing destination, the same folder twice, and any
    /// overlap with the card (copying a card into itself would read its own copies back).
    private static func destinationRoots(_ destinations: [URL], cardName: String, cardPath: String) throws -> [String] {
        let realCard = realPath(cardPath) ?? cardPath
        var roots: [String] = []
        var seen: Set<String> = []
        for destination in destinations {
            let path = destination.standardizedFileURL.path
            var info = stat()
            guard stat(path, &info) == 0, isDirectory(info) else {
                throw InputError("the destination \(path.quoted) is not an existing folder (is the drive connected?)")
            }
            let real = (realPath(path) ?? path) + "/" + cardName
            guard seen.insert(real).inserted else {
                throw InputError("the destination \(path.quoted) is given twice")
            }
            if real == realCard || real.hasPrefix(realCard + "/") || realCard.hasPrefix(real + "/") {
                throw InputError("the destination \(path.quoted) overlaps the card \(cardPath.quoted)")
            }
            roots.append(path == "/" ? "/" + cardName : path + "/" + cardName)
        }
        return roots
    }

    /// Refuses up front a destination that cannot hold what is still to be written there, rather than failing
    /// hours into the copy.
    private static func checkFreeSpace(files: [Entry], roots: [String]) throws {
        for root in roots {
            var needed: Int64 = 0
            var info = stat()
            for file in files where lstat(root + "/" + file.relativePath, &info) != 0 { needed += file.size }
            guard needed > 0 else { continue }
            var fs = statvfs()
            let parent = (root as NSString).deletingLastPathComponent
            guard statvfs(parent, &fs) == 0 else { continue }
            let free = Int64(fs.f_bavail) * Int64(fs.f_frsize)
            if free < needed {
                throw InputError("the disk holding \(parent.quoted) has too little room for this card: \(needed) bytes to write, \(free) free")
            }
        }
    }

    static func makeFolder(_ path: String) throws {
        if mkdir(path, 0o755) == 0 { return }
        let code = errno
        var info = stat()
        if code == EEXIST, stat(path, &info) == 0, isDirectory(info) { return }
        if code == ENOENT {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty, parent != path {
                try makeFolder(parent)
                if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
            }
        }
        throw InputError("cannot create the folder \(path.quoted): \(String(cString: strerror(code)))")
    }

    // MARK: - System helpers

    static func errnoText() -> String { String(cString: strerror(errno)) }

    static func isDirectory(_ info: stat) -> Bool { (info.st_mode & S_IFMT) == S_IFDIR }
    static func isRegular(_ info: stat) -> Bool { (info.st_mode & S_IFMT) == S_IFREG }

    static func modificationTime(_ info: stat) -> timespec {
        #if canImport(Darwin)
        info.st_mtimespec
        #else
        info.st_mtim
        #endif
    }

    static func modificationDate(_ info: stat) -> Date {
        let time = modificationTime(info)
        return Date(timeIntervalSince1970: TimeInterval(time.tv_sec) + TimeInterval(time.tv_nsec) / 1e9)
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

// MARK: - Progress

extension Offload {
    /// Counts bytes from the copying and the verifying threads, and calls the callback no more than ten times a
    /// second, since callers typically redraw a screen.
    final class Progress: @unchecked Sendable {
        private let callback: (@Sendable (Int64, Int64) -> Void)?
        private let total: Int64
        // Guards `done` and `last`; the callback runs under it so that callers see `done` only grow.
        private let lock = NSLock()
        private var done: Int64 = 0
        private var last: UInt64 = 0

        init(callback: (@Sendable (Int64, Int64) -> Void)?, total: Int64) {
            self.callback = callback
            self.total = total
        }

        func advance(_ bytes: Int) {
            guard let callback else { return }
            lock.lock()
            defer { lock.unlock() }
            done += Int64(bytes)
            let now = Progress.monotonicNanoseconds()
            if now &- last >= 100_000_000 {
                last = now
                callback(done, total)
            }
        }

        func finish() {
            lock.lock()
            defer { lock.unlock() }
            callback?(done, total)
        }

        static func monotonicNanoseconds() -> UInt64 {
            var time = timespec()
            clock_gettime(CLOCK_MONOTONIC, &time)
            return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
        }
    }
}
