import Foundation
import OsmoseDomain

/// The outcome of checking a folder against its ASC MHL history.
public struct MHLVerification: Sendable {
    public enum Issue: Sendable, Equatable, CustomStringConvertible {
        /// The folder has no `ascmhl/` history, or one without any generation.
        case historyMissing
        /// The history's own files are wrong (chain, generations, references).
        case history(MHLHistoryProblem)
        /// A recorded file or folder is not there.
        case missing(String)
        /// A file's hash is not the one first recorded for it.
        case changed(path: String, algorithm: HashAlgorithm, recorded: String, found: String)
        /// A file no generation records.
        case new(String)
        /// Not one recorded file could be checked (ascmhl fails such a folder too).
        case nothingVerified
        /// A folder's content or structure hash is not one recorded in a generation.
        case directory(path: String, algorithm: HashAlgorithm, generation: Int, content: Bool, structure: Bool)

        public var description: String {
            switch self {
            case .historyMissing: return "there is no ASC MHL history (ascmhl/ with a generation)"
            case .history(let problem): return problem.description
            case .missing(let path): return "missing: \(path)"
            case .changed(let path, let algorithm, let recorded, let found):
                return "changed: \(path) (\(algorithm.rawValue) \(found), recorded \(recorded))"
            case .new(let path): return "new, in no generation: \(path)"
            case .nothingVerified: return "no recorded file was found to verify"
            case .directory(let path, let algorithm, let generation, let content, let structure):
                let what = [content ? "content" : nil, structure ? "structure" : nil].compactMap { $0 }.joined(separator: " and ")
                return "folder \(path): \(what) hash (\(algorithm.rawValue)) differs from generation \(generation)"
            }
        }
    }

    public var issues: [Issue] = []
    /// Findings that do not fail the check: root hashes that differ from a generation's, which
    /// ascmhl reports without failing (every file below is checked on its own).
    public var notes: [String] = []
    /// Files whose hash matched the recorded one.
    public var verifiedFiles = 0
    /// Folders whose hashes matched every recorded ones (when directory hashes were checked).
    public var verifiedDirectories = 0
    /// The formats directory hashes were checked in, and those in which some folder failed.
    public var directoryAlgorithms: [HashAlgorithm] = []
    public var failedDirectoryAlgorithms: Set<HashAlgorithm> = []

    /// Whether all is well, with ascmhl's verdict: any file issue fails; folder hashes fail only
    /// when they fail in every format checked (one format that verifies every folder suffices).
    public var isOK: Bool {
        let fileIssues = issues.contains { if case .directory = $0 { return false } else { return true } }
        if fileIssues { return false }
        return failedDirectoryAlgorithms.isEmpty || failedDirectoryAlgorithms.count < directoryAlgorithms.count
    }

    /// The findings that make the check fail, one sentence each (empty when it passes).
    public var problems: [String] { isOK ? [] : issues.map(\.description) }

    /// Findings that do not fail the check: folder hashes that differ in some formats only, and
    /// root hashes that differ from a generation's.
    public var warnings: [String] { (isOK ? issues.map(\.description) : []) + notes }

    /// One line per finding, then a verdict.
    public var lines: [String] {
        // Folder hashes that differ in some formats only do not fail the check: they are warnings then.
        let folderWarnings = isOK
        var out = issues.map { issue in
            if case .directory = issue, folderWarnings { return "warning: \(issue)" }
            return "error: \(issue)"
        }
        out += notes.map { "note: \($0)" }
        var summary = "\(verifiedFiles) file(s) verified"
        if !directoryAlgorithms.isEmpty {
            summary += ", \(verifiedDirectories) folder(s) verified in \(directoryAlgorithms.map(\.rawValue).joined(separator: ", "))"
        }
        out.append(isOK ? "ok: \(summary)" : "FAILED: \(issues.count) problem(s); \(summary)")
        return out
    }
}

/// Checks a folder against its ASC MHL history, as `ascmhl-debug verify` does (and, with
/// directory hashes, as `ascmhl-debug verify --directory_hash` does as well).
///
/// The history's files first: every generation the chain names must be there with its C4, as
/// must the generations of nested histories that a generation references; when they are not, the
/// media are not checked (the record cannot be trusted). Then every file: hashed in the format of
/// its original hash (the first recorded, which ascmhl verifies against, so a file recorded as
/// `failed` later still fails), found new, or found missing (renames followed). With directory
/// hashes, every folder's content and structure hashes are computed from the files and compared
/// with those of every generation, in the formats of the root hashes.
public enum MHLVerifier {
    public static func verify(_ folder: URL, directoryHashes: Bool) throws -> MHLVerification {
        var result = MHLVerification()
        guard let history = try MHLHistory.load(folder) else {
            result.issues.append(.historyMissing)
            return result
        }
        let problems = history.allProblems
        guard problems.isEmpty else {
            result.issues = problems.map { .history($0) }
            return result
        }
        guard !history.hashLists.isEmpty else {
            result.issues.append(.historyMissing)
            return result
        }

        // The formats folders are checked in: those of the root hashes, those of every recorded
        // folder (ascmhl stops on the latter when the former lack them).
        var folderAlgorithms: [HashAlgorithm] = []
        if directoryHashes {
            var set = Set(history.hashLists.flatMap { $0.rootHashes.map(\.algorithm) })
            func collect(_ h: MHLHistory) {
                for list in h.hashLists { for entry in list.entries where entry.isDirectory { set.formUnion(entry.hashes.map(\.algorithm)) } }
                for child in h.children { collect(child.history) }
            }
            collect(history)
            folderAlgorithms = set.isEmpty ? [.c4] : set.sorted { $0.rawValue < $1.rawValue }
            result.directoryAlgorithms = folderAlgorithms
        }

        let ignore = history.ignoreSpec
        var seen = Set<String>()
        var checked = 0
        let fm = FileManager.default

        /// Checks the files of a folder, depth first; returns its hashes in `folderAlgorithms`.
        func visit(_ relative: String) throws -> [HashAlgorithm: (content: String, structure: String)] {
            var contexts = folderAlgorithms.map { DirectoryHashes($0) }
            let url = relative.isEmpty ? folder : folder.appendingPathComponent(relative, isDirectory: true)
            for name in try fm.contentsOfDirectory(atPath: url.path).sorted(by: codePointOrder) {
                let path = relative.isEmpty ? name : relative + "/" + name
                let child = url.appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                guard fm.fileExists(atPath: child.path, isDirectory: &isDirectory) else { continue }
                guard !ignore.ignores(path, isDirectory: isDirectory.boolValue) else { continue }
                seen.insert(path)
                if isDirectory.boolValue {
                    // Links to folders are not followed, as ascmhl does not follow them.
                    let type = (try? fm.attributesOfItem(atPath: child.path))?[.type] as? FileAttributeType
                    guard type != .typeSymbolicLink else { continue }
                    let hashes = try visit(path)
                    if directoryHashes { checkFolder(path, hashes) }
                    for i in contexts.indices {
                        if let h = hashes[contexts[i].algorithm] { contexts[i].addDirectory(named: name, content: h.content, structure: h.structure) }
                    }
                } else {
                    let digests = try checkFile(path, child)
                    for i in contexts.indices { contexts[i].addFile(named: name, digest: digests[contexts[i].algorithm] ?? "") }
                }
            }
            var out: [HashAlgorithm: (content: String, structure: String)] = [:]
            for c in contexts { out[c.algorithm] = (c.content, c.structure) }
            return out
        }

        func checkFile(_ path: String, _ url: URL) throws -> [HashAlgorithm: String] {
            let (owner, local) = history.owner(of: path)
            // A renamed file is checked against the hash recorded under its earlier name.
            var recordedPath = local
            for list in owner.hashLists {
                if let entry = list.entry(for: recordedPath), entry.path == recordedPath, let previous = entry.previousPath { recordedPath = previous }
            }
            let original = owner.originalHash(ofLocal: recordedPath)
            var algorithms = folderAlgorithms
            if let original, !algorithms.contains(original.hash.algorithm) { algorithms.append(original.hash.algorithm) }
            let digests = algorithms.isEmpty ? [:] : try MultiHasher.hash(file: url, algorithms)
            guard let original else {
                result.issues.append(.new(path))
                return digests
            }
            let found = digests[original.hash.algorithm] ?? ""
            if found == original.hash.digest {
                result.verifiedFiles += 1
            } else {
                result.issues.append(.changed(path: path, algorithm: original.hash.algorithm, recorded: original.hash.digest, found: found))
            }
            checked += 1
            return digests
        }

        func checkFolder(_ path: String, _ hashes: [HashAlgorithm: (content: String, structure: String)]) {
            let (owner, local) = history.owner(of: path)
            var recorded: [(MHLHashList.Hash, Int)] = []
            for list in owner.hashLists {
                if let entry = list.entry(for: local), entry.isDirectory { recorded += entry.hashes.map { ($0, list.generation) } }
                // A nested history's folder: its root hashes.
                if local == "." { recorded += list.rootHashes.map { ($0, list.generation) } }
            }
            var ok = true
            for (hash, generation) in recorded {
                guard let computed = hashes[hash.algorithm] else { continue }
                let content = computed.content != hash.digest
                let structure = computed.structure != hash.structure
                if content || structure {
                    ok = false
                    result.failedDirectoryAlgorithms.insert(hash.algorithm)
                    result.issues.append(.directory(path: path, algorithm: hash.algorithm, generation: generation, content: content, structure: structure))
                }
            }
            if ok && !recorded.isEmpty { result.verifiedDirectories += 1 }
        }

        let root = try visit("")
        if directoryHashes {
            for list in history.hashLists {
                for hash in list.rootHashes {
                    guard let computed = root[hash.algorithm] else { continue }
                    if computed.content != hash.digest || computed.structure != hash.structure {
                        result.notes.append("the root folder's \(hash.algorithm.rawValue) hashes differ from generation \(list.generation)")
                    }
                }
            }
        }

        let recordedDirectories = history.allRecordedDirectories
        for path in history.expectedPaths.subtracting(seen).sorted() {
            let isDirectory = recordedDirectories.contains(path)
            if !ignore.ignores(path, isDirectory: isDirectory) { result.issues.append(.missing(path)) }
        }
        if checked == 0 { result.issues.append(.nothingVerified) }
        return result
    }
}

extension MHLHistory {
    /// Every folder path ever recorded, relative to this folder, nested histories included.
    var allRecordedDirectories: Set<String> {
        var out = Set(hashLists.flatMap { $0.entries.filter(\.isDirectory).map(\.path) })
        for child in children {
            out.insert(child.path)
            for path in child.history.allRecordedDirectories { out.insert(child.path + "/" + path) }
        }
        return out
    }
}
