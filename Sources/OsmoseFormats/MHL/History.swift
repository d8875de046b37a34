import Foundation
import OsmoseDomain

/// Something wrong with the files of a history itself (not with the media it describes).
public enum MHLHistoryProblem: Sendable, Equatable, CustomStringConvertible {
    /// An `ascmhl/` folder without `ascmhl_chain.xml`.
    case chainMissing(history: String)
    /// A generation the chain names is not there.
    case generationMissing(history: String, fileName: String)
    /// A generation's C4 is not the one the chain recorded: the manifest was edited.
    case generationModified(history: String, fileName: String)
    /// A generation refers to a generation of a nested history that is not there.
    case referenceMissing(history: String, fileName: String, reference: String)
    /// A generation refers to a generation of a nested history whose C4 differs.
    case referenceModified(history: String, fileName: String, reference: String)

    public var description: String {
        func place(_ history: String, _ file: String) -> String {
            (history.isEmpty ? "" : history + "/") + "ascmhl/" + file
        }
        switch self {
        case .chainMissing(let h):
            return "\(place(h, "ascmhl_chain.xml")) is missing: the history cannot be checked"
        case .generationMissing(let h, let f):
            return "\(place(h, f)) is named by the chain but missing"
        case .generationModified(let h, let f):
            return "\(place(h, f)) was modified after it was written (its C4 is not the one in the chain)"
        case .referenceMissing(let h, let f, let r):
            return "\(place(h, f)) refers to \(r), which is missing"
        case .referenceModified(let h, let f, let r):
            return "\(place(h, f)) refers to \(r), whose C4 is not the one recorded"
        }
    }
}

/// An ASC MHL history: the `ascmhl/` folder of a folder (its chain and generations) and the
/// histories of the folders inside it that have their own `ascmhl/`, found as ascmhl finds them.
public struct MHLHistory: Sendable {
    /// A nested history and where it sits, relative to this history's folder.
    public struct Child: Sendable {
        public var path: String
        public var history: MHLHistory
    }

    /// The folder the history describes (the parent of `ascmhl/`).
    public let folder: URL
    public let chain: MHLChain
    /// The generations found in `ascmhl/`, in generation order.
    public let hashLists: [MHLHashList]
    /// The nested histories directly below (a nested one's own nested ones are inside it).
    public let children: [Child]
    /// What is wrong with this history's own files (its children keep theirs).
    public let problems: [MHLHistoryProblem]

    /// Every nested history, at any depth, by its path relative to this folder.
    public let nested: [String: MHLHistory]

    /// Loads the history of `folder`, or nil when it has no `ascmhl/` folder.
    ///
    /// A chain that does not match its generations does not stop loading: it is reported in
    /// `problems` (see `allProblems`), and whoever trusts the history should check it first.
    /// Generation files that cannot be read as hash lists throw.
    public static func load(_ folder: URL) throws -> MHLHistory? {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: folder.appendingPathComponent("ascmhl").path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return nil
        }
        return try load(folder, label: "")
    }

    /// The history of `folder` with its nested histories, empty when it has no `ascmhl/` yet
    /// (a nested one may already have one), as ascmhl starts a new generation.
    static func loadTree(_ folder: URL) throws -> MHLHistory {
        try load(folder, label: "")
    }

    /// An empty history for a folder that has none yet.
    static func empty(_ folder: URL, children: [Child] = []) -> MHLHistory {
        MHLHistory(folder: folder, chain: MHLChain(), hashLists: [], children: children, problems: [])
    }

    init(folder: URL, chain: MHLChain, hashLists: [MHLHashList], children: [Child], problems: [MHLHistoryProblem]) {
        self.folder = folder
        self.chain = chain
        self.hashLists = hashLists
        self.children = children
        self.problems = problems
        var nested: [String: MHLHistory] = [:]
        for child in children {
            nested[child.path] = child.history
            for (path, grandchild) in child.history.nested { nested[child.path + "/" + path] = grandchild }
        }
        self.nested = nested
    }

    /// `label` is the history's path from the folder first loaded, for messages.
    private static func load(_ folder: URL, label: String) throws -> MHLHistory {
        let fm = FileManager.default
        let ascmhl = folder.appendingPathComponent("ascmhl", isDirectory: true)
        let chainURL = ascmhl.appendingPathComponent("ascmhl_chain.xml")
        var problems: [MHLHistoryProblem] = []
        var chain = MHLChain()
        if fm.fileExists(atPath: chainURL.path) {
            chain = try MHLChain.read(chainURL)
            for generation in chain.generations {
                let name = generation.fileName
                let url = ascmhl.appendingPathComponent(name)
                guard !name.contains("/"), name != "..", let data = fm.contents(atPath: url.path) else {
                    problems.append(.generationMissing(history: label, fileName: name))
                    continue
                }
                if C4.id(of: data) != generation.c4 { problems.append(.generationModified(history: label, fileName: name)) }
            }
        } else if fm.fileExists(atPath: ascmhl.path) {
            problems.append(.chainMissing(history: label))
        }

        // Every generation file in the folder counts, chained or not, as ascmhl reads them.
        var lists: [MHLHashList] = []
        for name in (try? fm.contentsOfDirectory(atPath: ascmhl.path)) ?? [] {
            guard !name.hasPrefix("._"), MHLHashList.generationNumber(ofFileName: name) != nil else { continue }
            let url = ascmhl.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            do {
                lists.append(try MHLHashList.read(url))
            } catch where problems.contains(.generationModified(history: label, fileName: name)) {
                // An edited generation that no longer parses: the chain has said what matters.
                continue
            }
        }
        lists.sort { ($0.generation, $0.fileName) < ($1.generation, $1.fileName) }

        var children: [Child] = []
        for path in childFolders(of: folder) {
            let child = try load(folder.appendingPathComponent(path, isDirectory: true), label: label.isEmpty ? path : label + "/" + path)
            children.append(Child(path: path, history: child))
        }
        var history = MHLHistory(folder: folder, chain: chain, hashLists: lists, children: children, problems: problems)

        // References to generations of nested histories, checked by their C4.
        var referenceProblems: [MHLHistoryProblem] = []
        for list in lists {
            for reference in list.references {
                let components = reference.path.split(separator: "/").map(String.init)
                guard components.count >= 3, components[components.count - 2] == "ascmhl" else { continue }
                let childPath = components.dropLast(2).joined(separator: "/")
                // A reference to a folder that is gone is left to the completeness check, as ascmhl does.
                guard let child = history.nested[childPath] else { continue }
                let referenced = child.folder.appendingPathComponent("ascmhl").appendingPathComponent(components[components.count - 1])
                guard let data = fm.contents(atPath: referenced.path) else {
                    referenceProblems.append(.referenceMissing(history: label, fileName: list.fileName, reference: reference.path))
                    continue
                }
                if C4.id(of: data) != reference.c4 {
                    referenceProblems.append(.referenceModified(history: label, fileName: list.fileName, reference: reference.path))
                }
            }
        }
        if !referenceProblems.isEmpty {
            history = MHLHistory(folder: folder, chain: chain, hashLists: lists, children: children, problems: problems + referenceProblems)
        }
        return history
    }

    /// The folders below `folder` that hold an `ascmhl/` folder, not looking inside them (their
    /// history owns what is below), nor following symbolic links.
    private static func childFolders(of folder: URL) -> [String] {
        var found: [String] = []
        var queue: [String] = [""]
        while let relative = queue.popLast() {
            let url = relative.isEmpty ? folder : folder.appendingPathComponent(relative, isDirectory: true)
            let directories = subdirectories(of: url.path)
            if !relative.isEmpty && directories.contains("ascmhl") {
                found.append(relative)
                continue
            }
            for name in directories.sorted() { queue.append(relative.isEmpty ? name : relative + "/" + name) }
        }
        return found.sorted()
    }

    /// The names of a folder's subfolders, from the directory entries' types (a `stat` only when the
    /// file system does not give them): a card holds thousands of files, and this runs on every ingest.
    private static func subdirectories(of path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            var isDirectory = Int32(entry.pointee.d_type) == Int32(DT_DIR)
            if Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) {
                var info = stat()
                isDirectory = stat(path + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            if isDirectory { names.append(name) }
        }
        return names
    }

    // MARK: - Lookups

    /// This history's problems and those of every nested history.
    public var allProblems: [MHLHistoryProblem] {
        problems + children.flatMap(\.history.allProblems)
    }

    /// The history that records `path` (relative to this folder) and the path within it: the
    /// nearest nested history above it, or this one. A nested history's own folder maps to `.`.
    public func owner(of path: String) -> (history: MHLHistory, path: String) {
        let (prefix, local) = ownerPath(of: path)
        return (prefix.isEmpty ? self : nested[prefix] ?? self, local)
    }

    /// The path of the history that records `path` ("" for this one) and the path within it.
    func ownerPath(of path: String) -> (prefix: String, path: String) {
        guard !nested.isEmpty else { return ("", path) }
        var prefix = path
        while !prefix.isEmpty {
            if nested[prefix] != nil {
                let rest = path.dropFirst(prefix.count).drop { $0 == "/" }
                return (prefix, rest.isEmpty ? "." : String(rest))
            }
            guard let slash = prefix.lastIndex(of: "/") else { break }
            prefix = String(prefix[..<slash])
        }
        return ("", path)
    }

    /// The number of the latest generation (0 when there is none).
    public var latestGeneration: Int { hashLists.last?.generation ?? 0 }

    /// The ignore patterns of the latest generation (nil when there is none).
    public var latestIgnorePatterns: [String]? {
        guard let last = hashLists.last, !last.ignorePatterns.isEmpty else { return nil }
        return last.ignorePatterns
    }

    /// The ignore patterns a new generation keeps: the latest ones, or ascmhl's defaults.
    public var ignoreSpec: MHLIgnoreSpec { MHLIgnoreSpec(latestIgnorePatterns ?? MHLIgnoreSpec.defaultPatterns) }

    /// The hash a file was first recorded with (the first hash marked `original`, oldest
    /// generation first): the one ascmhl verifies a file against. `path` is relative to this
    /// history's own folder.
    public func originalHash(ofLocal path: String) -> (hash: MHLHashList.Hash, generation: Int)? {
        for list in hashLists {
            guard let entry = list.entry(for: path) else { continue }
            if let hash = entry.hashes.first(where: { $0.action == "original" }) { return (hash, list.generation) }
        }
        return nil
    }

    /// The first hash recorded for `path` in `algorithm`, whatever its action.
    public func firstHash(ofLocal path: String, _ algorithm: HashAlgorithm) -> MHLHashList.Hash? {
        for list in hashLists {
            if let hash = list.entry(for: path)?.hash(algorithm) { return hash }
        }
        return nil
    }

    /// The formats `path` was ever recorded in, in the order they first appear.
    public func recordedAlgorithms(ofLocal path: String) -> [HashAlgorithm] {
        var out: [HashAlgorithm] = []
        for list in hashLists {
            for hash in list.entry(for: path)?.hashes ?? [] where !out.contains(hash.algorithm) { out.append(hash.algorithm) }
        }
        return out
    }

    /// The algorithms to compute for `path` (relative to this folder) so a new generation can
    /// record `requested` as ascmhl does: the requested ones, plus the first format the file was
    /// recorded in when none of the requested ones was, so the new hashes rest on a verified one.
    public func requiredAlgorithms(for path: String, requested: [HashAlgorithm]) -> [HashAlgorithm] {
        let (history, local) = owner(of: path)
        let recorded = history.recordedAlgorithms(ofLocal: local)
        var out = requested
        if let first = recorded.first, !recorded.contains(where: requested.contains), !out.contains(first) { out.append(first) }
        return out
    }

    /// The latest known good hash of each format for a file (relative to this folder), newest
    /// generation first, following renames back to earlier names; hashes marked `failed` are not
    /// known good and are skipped.
    public func latestHashes(of path: String) -> [HashAlgorithm: String] {
        let (history, local) = owner(of: path)
        var current = local
        var out: [HashAlgorithm: String] = [:]
        for list in history.hashLists.reversed() {
            guard let entry = list.entry(for: current), entry.path == current, !entry.isDirectory else { continue }
            for hash in entry.hashes where hash.action != "failed" && out[hash.algorithm] == nil { out[hash.algorithm] = hash.digest }
            if let previous = entry.previousPath { current = previous }
        }
        return out
    }

    /// Every path ever recorded (files and folders, all generations, nested histories
    /// included), relative to this folder.
    public var allRecordedPaths: Set<String> {
        var out = Set(hashLists.flatMap(\.paths))
        for child in children {
            for path in child.history.allRecordedPaths { out.insert(child.path + "/" + path) }
        }
        return out
    }

    /// Recorded renames, old path → new path, relative to this folder.
    public var renames: [String: String] {
        var out: [String: String] = [:]
        for list in hashLists {
            for entry in list.entries { if let previous = entry.previousPath { out[previous] = entry.path } }
        }
        for child in children {
            for (old, new) in child.history.renames { out[child.path + "/" + old] = child.path + "/" + new }
        }
        return out
    }

    /// The paths a complete copy of the folder should hold: every recorded path, a renamed one
    /// under its new name, as ascmhl's completeness check counts them.
    public var expectedPaths: Set<String> {
        let renames = self.renames
        return Set(allRecordedPaths.map { renames[$0] ?? $0 })
    }
}
