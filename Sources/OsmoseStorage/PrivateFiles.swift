import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files of a production that hold private data — the ledger and its WAL and SHM, the scans
/// of releases, the receipts, backups — are made for their owner only (0600, folders 0700),
/// whatever the umask or the mode of the file they were copied from: on a shared machine, nobody
/// else reads a participant's phone number or a signed form.
public enum PrivateFiles {
    public static let fileMode: mode_t = 0o600
    public static let folderMode: mode_t = 0o700

    /// Creates an empty file that only its owner may read; fails when something is already there.
    public static func createEmpty(at url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw failure("cannot create", url) }
        close(fd)
    }

    /// Makes `url` (and its missing parents) a folder only its owner may enter, or tightens it to that.
    public static func makeFolder(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        guard chmod(url.path, folderMode) == 0 else { throw failure("cannot make private", url) }
    }

    /// Takes the group's and others' rights away from each of `urls` that has any (a ledger made
    /// by an earlier version, or copied in by hand), keeping the owner's as they are (a read-only
    /// ledger stays read-only). Quiet: what is missing, or not ours to change, is left alone.
    public static func tighten(_ urls: [URL]) {
        for url in urls {
            var info = stat()
            guard stat(url.path, &info) == 0, info.st_mode & 0o077 != 0 else { continue }
            _ = chmod(url.path, info.st_mode & 0o700)
        }
    }

    /// Copies the regular file `source` into a new private file at `destination`. On any failure
    /// (unreadable source, full disk) nothing is left at `destination`.
    public static func copy(_ source: URL, to destination: URL) throws {
        // Not blocking: a named pipe given by mistake is refused, not waited on.
        let input = open(source.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard input >= 0 else { throw failure("cannot read", source) }
        defer { close(input) }
        var info = stat()
        guard fstat(input, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw LedgerError.io("\(source.path.q) is not a regular file: name a file")
        }
        let output = open(destination.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        guard output >= 0 else { throw failure("cannot create", destination) }
        var finished = false
        defer {
            close(output)
            if !finished { unlink(destination.path) }
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw failure("cannot read", source) }
            if count == 0 { break }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { write(output, $0.baseAddress! + offset, count - offset) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw failure("cannot write", destination) }
                offset += written
            }
        }
        guard fsync(output) == 0 else { throw failure("cannot write", destination) }
        finished = true
    }

    static func failure(_ what: String, _ url: URL) -> LedgerError {
        LedgerError.io("\(what) \(url.path.q): \(String(cString: strerror(errno)))")
    }
}
