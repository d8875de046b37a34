import Foundation
import OsmoseDomain

/// A file to record in a new generation, with hashes its caller already computed (while
/// copying it, say): the writer never reads the file again.
public struct MHLFileRecord: Sendable {
    /// Relative to the folder of the history, with `/` separators.
    public var relativePath: String
    public var size: Int64
    public var modified: Date
    public var digests: [HashAlgorithm: String]
    /// The path the file was recorded under before it was renamed, if it was.
    public var previousPath: String?

    public init(relativePath: String, size: Int64, modified: Date, digests: [HashAlgorithm: String], previousPath: String? = nil) {
        self.relativePath = relativePath
        self.size = size
        self.modified = modified
        self.digests = digests
        self.previousPath = previousPath
    }
}

/// Continues an ASC MHL history as `ascmhl create` does, from hashes already computed.
///
/// Each file is compared with the history: a file never recorded is `original`; a recorded one
/// is `verified` in each format it was recorded in when the hash is the first one recorded in that
/// format, `failed` when it is not; formats new to a file are recorded (as `verified`) only when
/// every recorded format verified. Files inside a folder with its own `ascmhl/` go into that
/// nested history's new generation, and the parent's generation references it. Directory and root
/// content/structure hashes are computed from the given digests, in the requested formats.
///
/// Like ascmhl, a changed file is recorded as `failed` and a recorded file that is not among the
/// given ones is missing: the generations are written all the same (they are the record of what
/// was found), then an `InputError` names what went wrong.
///
/// Each generation is written before the chain that names it, and each file replaced in one step,
/// nested histories first: a process killed midway leaves chains that name only whole files.
public enum MHLWriter {
    public static let processes = ["in-place", "transfer"]

    /// Appends a generation to the history of `folder` (creating `ascmhl/` if needed) and returns
    /// the generation's file name. `hostname` defaults to this machine's; `directories` adds
    /// folders that hold no file (ascmhl records empty folders too); `ignorePatterns` are added to
    /// those the history already has. Files recorded before in formats none of `algorithms` is
    /// must come with a digest in the first of those formats (`MHLHistory.requiredAlgorithms`).
    @discardableResult
    public static func appendGeneration(to folder: URL, files: [MHLFileRecord], algorithms: [HashAlgorithm], author: String?,
                                        process: String, now: Date, tool: (name: String, version: String), hostname: String? = nil,
                                        directories: [String] = [], ignorePatterns: [String] = []) throws -> String {
        try locked(folder) {
            try appendGeneration(to: try MHLHistory.loadTree(folder), files: files, directories: directories, algorithms: algorithms,
                                 author: author, process: process, now: now, tool: tool, hostname: hostname, ignorePatterns: ignorePatterns)
        }
    }

    /// Runs `body` holding the folder's lock (flock(2) on the folder itself, released when the process ends).
    /// The next generation's number is read from the chain and written back into it: two writers on one folder
    /// (an ingest and a seal at once) take turns, or both would number theirs the same and one would be lost.
    public static func locked<T>(_ folder: URL, _ body: () throws -> T) throws -> T {
        let descriptor = open(folder.path, O_RDONLY | O_CLOEXEC)
        // A folder that cannot be opened holds no history to race for: `body` says what is wrong with it.
        guard descriptor >= 0 else { return try body() }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw InputError("cannot lock \(folder.path.quoted): \(String(cString: strerror(errno)))") }
        }
        return try body()
    }

    /// A new generation's content for one history, gathered before anything is written.
    private struct Pending {
        var entries: [MHLGeneration.Entry] = []
        var rootHashes: [(algorithm: HashAlgorithm, content: String, structure: String)] = []
    }

    static func appendGeneration(to history: MHLHistory, files: [MHLFileRecord], directories: [String], algorithms requested: [HashAlgorithm],
                                 author: String?, process: String, now: Date, tool: (name: String, version: String),
                                 hostname: String? = nil, ignorePatterns extra: [String]) throws -> String {
        let folder = history.folder
        guard processes.contains(process) else {
            throw InputError("\(process.quoted) is not an ASC MHL process (\(processes.joined(separator: ", ")))")
        }
        if let problem = history.allProblems.first {
            throw InputError("cannot continue the history of \(folder.path.quoted): \(problem)")
        }
        // ascmhl sorts the formats by name; so does the schema.
        let algorithms = Array(Set(requested)).sorted { $0.rawValue < $1.rawValue }
        guard !algorithms.isEmpty else { throw InputError("a generation needs at least one hash algorithm") }

        // MARK: Check the input before writing anything.
        var byPath: [String: MHLFileRecord] = [:]
        for file in files {
            try checkPath(file.relativePath)
            if let previous = file.previousPath { try checkPath(previous) }
            guard byPath[file.relativePath] == nil else { throw InputError("\(file.relativePath.quoted) is given twice") }
            let needed = history.requiredAlgorithms(for: file.relativePath, requested: algorithms)
            for algorithm in needed where file.digests[algorithm] == nil {
                throw InputError("\(file.relativePath.quoted) has no \(algorithm.rawValue) digest, which the history needs")
            }
            for (algorithm, digest) in file.digests where algorithm.bytes(ofDigest: digest) == nil {
                throw InputError("\(digest.quoted) is not a \(algorithm.rawValue) digest (\(file.relativePath))")
            }
            byPath[file.relativePath] = file
        }
        for directory in directories { try checkPath(directory) }

        // The tree: every folder named or holding a file, and the files of each.
        var subfolders: [String: Set<String>] = ["": []]
        var filesIn: [String: [String]] = [:]
        func addFolder(_ path: String) {
            guard !path.isEmpty, subfolders[path] == nil else { return }
            subfolders[path] = []
            let parent = parentPath(path)
            addFolder(parent)
            subfolders[parent, default: []].insert(path)
        }
        for directory in directories { addFolder(directory) }
        for path in byPath.keys.sorted() {
            let parent = parentPath(path)
            addFolder(parent)
            guard subfolders[path] == nil else { throw InputError("\(path.quoted) is given both as a file and as a folder") }
            filesIn[parent, default: []].append(path)
        }

        var pending: [String: Pending] = [:]
        var failures: [String] = []

        // MARK: Files, folders bottom up, in ascmhl's order.
        func record(file: MHLFileRecord) throws {
            let (prefix, local) = history.ownerPath(of: file.relativePath)
            let owner = prefix.isEmpty ? history : history.nested[prefix] ?? history
            let recorded = owner.recordedAlgorithms(ofLocal: local)
            var generate = recorded.filter(algorithms.contains)
            if generate.isEmpty, let first = recorded.first { generate.append(first) }
            for algorithm in algorithms where !generate.contains(algorithm) { generate.append(algorithm) }

            let original = owner.originalHash(ofLocal: local)
            var hashes: [(algorithm: HashAlgorithm, digest: String)] = []
            var actions: [HashAlgorithm: String] = [:]
            var recordedVerified = true
            for algorithm in recorded where generate.contains(algorithm) {
                let digest = file.digests[algorithm] ?? ""
                var action = "original"
                if original != nil {
                    action = owner.firstHash(ofLocal: local, algorithm)?.digest == digest ? "verified" : "failed"
                }
                if action == "failed" { recordedVerified = false }
                hashes.append((algorithm, digest))
                actions[algorithm] = action
            }
            if !recordedVerified { failures.append(file.relativePath) }
            // A format new to the file rests on the recorded ones: not recorded when they failed.
            for algorithm in generate where !recorded.contains(algorithm) && recordedVerified {
                hashes.append((algorithm, file.digests[algorithm] ?? ""))
                actions[algorithm] = original == nil ? "original" : "verified"
            }
            var previous: String?
            if let old = file.previousPath {
                let (oldPrefix, oldLocal) = history.ownerPath(of: old)
                guard oldPrefix == prefix, oldLocal != "." else {
                    throw InputError("\(file.relativePath.quoted) cannot be recorded as renamed from \(old.quoted): they are in different histories")
                }
                previous = oldLocal
            }
            let common = actions.values.first ?? "original"
            pending[prefix, default: Pending()].entries.append(.file(MHLGeneration.FileEntry(
                path: local, size: file.size, modified: file.modified, hashes: hashes, action: common, hashDate: now,
                actions: actions.filter { $0.value != common }, previousPath: previous)))
        }

        func visit(_ folderPath: String) throws -> [(algorithm: HashAlgorithm, content: String, structure: String)] {
            var contexts = algorithms.map { DirectoryHashes($0) }
            for sub in (subfolders[folderPath] ?? []).sorted(by: codePointOrder) {
                let hashes = try visit(sub)
                for (i, h) in hashes.enumerated() { contexts[i].addDirectory(named: lastComponent(sub), content: h.content, structure: h.structure) }
            }
            for path in (filesIn[folderPath] ?? []).sorted(by: codePointOrder) {
                guard let file = byPath[path] else { continue }
                try record(file: file)
                for i in contexts.indices { contexts[i].addFile(named: lastComponent(path), digest: file.digests[contexts[i].algorithm] ?? "") }
            }
            let hashes = contexts.map { (algorithm: $0.algorithm, content: $0.content, structure: $0.structure) }
            let url = folderPath.isEmpty ? folder : folder.appendingPathComponent(folderPath, isDirectory: true)
            let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date ?? now
            if folderPath.isEmpty {
                pending["", default: Pending()].rootHashes = hashes
                return hashes
            }
            let (prefix, local) = history.ownerPath(of: folderPath)
            if local == "." {
                // A nested history's folder: its root hash there, a directory entry in the history above.
                pending[prefix, default: Pending()].rootHashes = hashes
                let (parentPrefix, parentLocal) = history.ownerPath(of: parentPath(folderPath))
                let inParent = parentLocal == "." || parentLocal.isEmpty ? lastComponent(folderPath) : parentLocal + "/" + lastComponent(folderPath)
                pending[parentPrefix, default: Pending()].entries.append(.directory(.init(path: inParent, modified: modified, hashes: hashes)))
            } else {
                pending[prefix, default: Pending()].entries.append(.directory(.init(path: local, modified: modified, hashes: hashes)))
            }
            return hashes
        }
        _ = try visit("")

        // MARK: Completeness, as ascmhl checks it: every recorded path should still be there.
        var renamed = history.expectedPaths
        for file in files {
            if let old = file.previousPath, renamed.remove(old) != nil { renamed.insert(file.relativePath) }
        }
        let present = Set(byPath.keys).union(subfolders.keys)
        let ignore = MHLIgnoreSpec((history.latestIgnorePatterns ?? MHLIgnoreSpec.defaultPatterns) + extra)
        let missing = renamed.subtracting(present).filter { !ignore.ignores($0, isDirectory: subfolders[$0] != nil) }.sorted()

        // MARK: Write, nested histories first so their parents can reference them.
        let order = pending.keys.sorted { a, b in
            let (da, db) = (a.isEmpty ? 0 : a.split(separator: "/").count, b.isEmpty ? 0 : b.split(separator: "/").count)
            return da != db ? da > db : a < b
        }
        var written: [String: (name: String, c4: String)] = [:]
        let hostname = hostname ?? ProcessInfo.processInfo.hostName
        for prefix in order {
            guard let content = pending[prefix], let target = prefix.isEmpty ? history : history.nested[prefix] else { continue }
            var references: [(path: String, c4: String)] = []
            for child in target.children {
                let childPrefix = prefix.isEmpty ? child.path : prefix + "/" + child.path
                if let w = written[childPrefix] { references.append((child.path + "/ascmhl/" + w.name, w.c4)) }
            }
            var patterns = target.latestIgnorePatterns ?? MHLIgnoreSpec.defaultPatterns
            for pattern in extra where !patterns.contains(pattern) { patterns.append(pattern) }
            let generation = MHLGeneration(
                creationDate: now, hostname: hostname, tool: tool, author: author, process: process,
                rootHashes: content.rootHashes, ignorePatterns: patterns, entries: content.entries, references: references)
            let number = target.latestGeneration + 1
            let name = MHLGeneration.fileName(number: number, folderName: target.folder.lastPathComponent, date: now)
            let ascmhl = target.folder.appendingPathComponent("ascmhl", isDirectory: true)
            try FileManager.default.createDirectory(at: ascmhl, withIntermediateDirectories: true)
            let data = Data(generation.xml.utf8)
            let c4 = C4.id(of: data)
            try data.write(to: ascmhl.appendingPathComponent(name), options: .atomic)
            var chain = target.chain
            chain.generations.append((number, name, c4))
            try Data(chain.xml.utf8).write(to: ascmhl.appendingPathComponent("ascmhl_chain.xml"), options: .atomic)
            written[prefix] = (name, c4)
        }
        let name = written[""]?.name ?? ""

        if !failures.isEmpty || !missing.isEmpty {
            var parts: [String] = []
            if !failures.isEmpty { parts.append("\(failures.count) file(s) no longer match their recorded hash (\(list(failures)))") }
            if !missing.isEmpty { parts.append("\(missing.count) recorded file(s) or folder(s) are missing (\(list(missing)))") }
            throw InputError("ascmhl/\(name) was written, but \(parts.joined(separator: " and "))")
        }
        return name
    }

    private static func list(_ paths: [String]) -> String {
        paths.prefix(5).joined(separator: ", ") + (paths.count > 5 ? ", …" : "")
    }

    private static func checkPath(_ path: String) throws {
        // Component by component over the bytes: no "", ".", ".." or "ascmhl", not absolute.
        var good = !path.isEmpty
        var start = path.utf8.startIndex
        let utf8 = path.utf8
        while good {
            let end = utf8[start...].firstIndex(of: UInt8(ascii: "/")) ?? utf8.endIndex
            let part = utf8[start..<end]
            good = !part.isEmpty && !part.elementsEqual(".".utf8) && !part.elementsEqual("..".utf8) && !part.elementsEqual("ascmhl".utf8)
            guard end < utf8.endIndex else { break }
            start = utf8.index(after: end)
        }
        guard good else {
            throw InputError("\(path.quoted) is not a path inside the folder (relative, with no empty, “.”, “..” or ascmhl part)")
        }
    }
}

/// The folder part of a relative path ("" at the top).
func parentPath(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return String(path[..<slash])
}

func lastComponent(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
}

/// Names in the order Python sorts them (by code point), which is the order ascmhl walks folders in.
func codePointOrder(_ a: String, _ b: String) -> Bool {
    // UTF-8 bytes sort as the code points they encode.
    a.utf8.lexicographicallyPrecedes(b.utf8)
}
