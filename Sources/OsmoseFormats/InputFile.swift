import Foundation
import OsmoseDomain

#if canImport(Glibc)
import Glibc
#endif

/// The one check of a file a command is told to read (an import, a scan, a receipt, a budget, a
/// cut, an archive to restore): a named pipe or a device (`--file /dev/zero`) is refused at once,
/// in one sentence, rather than read forever or waited on.
public enum InputFile {
    /// What the command reads there.
    public enum Kind: Sendable {
        /// A regular file.
        case file
        /// A regular file or a folder (an `.fcpxmld` bundle).
        case fileOrFolder
    }

    /// Refuses `url` when something is there that is not what `kind` allows. A missing file is
    /// left to the reader, which says so in its own words.
    public static func check(_ url: URL, _ kind: Kind = .file) throws(InputError) {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return }
        let type = info.st_mode & S_IFMT
        if type == S_IFREG || (type == S_IFDIR && kind == .fileOrFolder) { return }
        let what: String
        switch type {
        case S_IFDIR: what = "a folder"
        case S_IFIFO: what = "a named pipe"
        case S_IFCHR: what = "a character device"
        case S_IFBLK: what = "a block device"
        case S_IFSOCK: what = "a socket"
        default: what = "not a regular file"
        }
        throw InputError("\(url.path.quoted) is \(what), not a file: name a regular file")
    }
}
