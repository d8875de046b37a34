import Foundation
import OsmoseDomain
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One generation of an ASC MHL v2 history: the hash list written in `ascmhl/NNNN_NAME_DATE.mhl`.
public struct MHLGeneration: Sendable {
    public struct FileEntry: Sendable {
        public var path: String
        public var size: Int64
        public var modified: Date
        public var hashes: [(algorithm: HashAlgorithm, digest: String)]
        /// original, verified or failed.
        public var action: String
        public var hashDate: Date
        /// Actions that differ from `action` for some algorithms (a new format verified beside a failed one).
        public var actions: [HashAlgorithm: String] = [:]
        /// The path the file had before a rename (`<previousPath>`).
        public var previousPath: String?

        public init(path: String, size: Int64, modified: Date, hashes: [(algorithm: HashAlgorithm, digest: String)], action: String = "original", hashDate: Date,
                    actions: [HashAlgorithm: String] = [:], previousPath: String? = nil) {
            self.path = path
            self.size = size
            self.modified = modified
            self.hashes = hashes
            self.action = action
            self.hashDate = hashDate
            self.actions = actions
            self.previousPath = previousPath
        }
    }

    public struct DirectoryEntry: Sendable {
        public var path: String
        public var modified: Date
        public var hashes: [(algorithm: HashAlgorithm, content: String, structure: String)]

        public init(path: String, modified: Date, hashes: [(algorithm: HashAlgorithm, content: String, structure: String)]) {
            self.path = path
            self.modified = modified
            self.hashes = hashes
        }
    }

    public enum Entry: Sendable {
        case file(FileEntry)
        case directory(DirectoryEntry)
    }

    public var creationDate: Date
    public var hostname: String
    public var tool: (name: String, version: String)
    public var author: String?
    /// in-place or transfer.
    public var process: String
    public var rootHashes: [(algorithm: HashAlgorithm, content: String, structure: String)]
    public var ignorePatterns: [String]
    public var entries: [Entry]
    /// Generations of nested histories written with this one: path from this folder, and C4.
    public var references: [(path: String, c4: String)] = []

    public init(creationDate: Date, hostname: String, tool: (name: String, version: String), author: String? = nil, process: String,
                rootHashes: [(algorithm: HashAlgorithm, content: String, structure: String)], ignorePatterns: [String], entries: [Entry],
                references: [(path: String, c4: String)] = []) {
        self.references = references
        self.creationDate = creationDate
        self.hostname = hostname
        self.tool = tool
        self.author = author
        self.process = process
        self.rootHashes = rootHashes
        self.ignorePatterns = ignorePatterns
        self.entries = entries
    }

    /// Dates as ASC MHL writes them: `2020-01-16T09:15:00+00:00`.
    /// Computed from the calendar fields directly: a manifest holds thousands of dates, and a date
    /// formatter per date cost more than hashing the files.
    public static func date(_ date: Date) -> String {
        let fields = utc(date)
        return "\(fields.tm_year + 1900)-\(two(fields.tm_mon + 1))-\(two(fields.tm_mday))T"
            + "\(two(fields.tm_hour)):\(two(fields.tm_min)):\(two(fields.tm_sec))+00:00"
    }

    /// The file name of generation `number` of the folder `name`: `0001_A002R2EC_2020-01-16_091500Z.mhl`.
    public static func fileName(number: Int, folderName: String, date: Date) -> String {
        let fields = utc(date)
        let day = "\(fields.tm_year + 1900)-\(two(fields.tm_mon + 1))-\(two(fields.tm_mday))"
        return String(format: "%04d", number) + "_" + folderName + "_" + day + "_"
            + two(fields.tm_hour) + two(fields.tm_min) + two(fields.tm_sec) + "Z.mhl"
    }

    private static func utc(_ date: Date) -> tm {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var fields = tm()
        gmtime_r(&seconds, &fields)
        return fields
    }

    private static func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// The hash list as XML, laid out as ascmhl lays it out, with each entry's hashes in the
    /// order the schema requires (c4, md5, sha1, xxh128, xxh3, xxh64).
    public var xml: String {
        func e(_ s: String) -> String { HTMLText.escape(s) }
        // Thousands of entries share a handful of dates (the generation's, the card's clock).
        var dates: [Double: String] = [:]
        func date(_ instant: Date) -> String {
            let key = instant.timeIntervalSince1970.rounded(.down)
            if let known = dates[key] { return known }
            let text = Self.date(instant)
            dates[key] = text
            return text
        }
        func ordered<T>(_ list: [T], _ algorithm: (T) -> HashAlgorithm) -> [T] {
            list.sorted { algorithm($0).rawValue < algorithm($1).rawValue }
        }
        let rootHashes = ordered(self.rootHashes) { $0.algorithm }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<hashlist version=\"2.0\" xmlns=\"urn:ASC:MHL:v2.0\">\n"
        out += "  <creatorinfo>\n    <creationdate>\(date(creationDate))</creationdate>\n    <hostname>\(e(hostname))</hostname>\n"
        out += "    <tool version=\"\(e(tool.version))\">\(e(tool.name))</tool>\n"
        if let author { out += "    <author>\(e(author))</author>\n" }
        out += "  </creatorinfo>\n  <processinfo>\n    <process>\(e(process))</process>\n"
        if !rootHashes.isEmpty {
            out += "    <roothash>\n      <content>\n"
            for h in rootHashes { out += "        <\(h.algorithm.rawValue) hashdate=\"\(date(creationDate))\">\(h.content)</\(h.algorithm.rawValue)>\n" }
            out += "      </content>\n      <structure>\n"
            for h in rootHashes { out += "        <\(h.algorithm.rawValue) hashdate=\"\(date(creationDate))\">\(h.structure)</\(h.algorithm.rawValue)>\n" }
            out += "      </structure>\n    </roothash>\n"
        }
        out += "    <ignore>\n"
        for pattern in ignorePatterns { out += "      <pattern>\(e(pattern))</pattern>\n" }
        out += "    </ignore>\n  </processinfo>\n  <hashes>\n"
        for entry in entries {
            switch entry {
            case .file(let f):
                out += "    <hash>\n      <path size=\"\(f.size)\" lastmodificationdate=\"\(date(f.modified))\">\(e(f.path))</path>\n"
                for h in ordered(f.hashes, { $0.algorithm }) {
                    let action = f.actions[h.algorithm] ?? f.action
                    out += "      <\(h.algorithm.rawValue) action=\"\(e(action))\" hashdate=\"\(date(f.hashDate))\">\(h.digest)</\(h.algorithm.rawValue)>\n"
                }
                if let previous = f.previousPath { out += "      <previousPath>\(e(previous))</previousPath>\n" }
                out += "    </hash>\n"
            case .directory(let d):
                out += "    <directoryhash>\n      <path lastmodificationdate=\"\(date(d.modified))\">\(e(d.path))</path>\n      <content>\n"
                let hashes = ordered(d.hashes) { $0.algorithm }
                for h in hashes { out += "        <\(h.algorithm.rawValue) hashdate=\"\(date(creationDate))\">\(h.content)</\(h.algorithm.rawValue)>\n" }
                out += "      </content>\n      <structure>\n"
                for h in hashes { out += "        <\(h.algorithm.rawValue) hashdate=\"\(date(creationDate))\">\(h.structure)</\(h.algorithm.rawValue)>\n" }
                out += "      </structure>\n    </directoryhash>\n"
            }
        }
        out += "  </hashes>\n"
        if !references.isEmpty {
            out += "  <references>\n"
            for r in references {
                out += "    <hashlistreference>\n      <path>\(e(r.path))</path>\n      <c4>\(e(r.c4))</c4>\n    </hashlistreference>\n"
            }
            out += "  </references>\n"
        }
        out += "</hashlist>\n"
        return out
    }
}

/// The chain of an ASC MHL history (`ascmhl/ascmhl_chain.xml`): each generation's file and its C4.
public struct MHLChain: Sendable {
    public var generations: [(sequence: Int, fileName: String, c4: String)]

    public init(generations: [(sequence: Int, fileName: String, c4: String)] = []) {
        self.generations = generations
    }

    public var xml: String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ascmhldirectory xmlns=\"urn:ASC:MHL:DIRECTORY:v2.0\">\n"
        for g in generations {
            out += "  <hashlist sequencenr=\"\(g.sequence)\">\n    <path>\(HTMLText.escape(g.fileName))</path>\n    <c4>\(g.c4)</c4>\n  </hashlist>\n"
        }
        return out + "</ascmhldirectory>\n"
    }
}

/// Seals a folder in place: hashes every file (skipping system files and the history itself),
/// and adds a generation to its ASC MHL history (and to those of nested histories) through
/// `MHLWriter`, as `ascmhl create` does: files already recorded are verified against their
/// recorded hashes, new ones recorded as originals.
public enum MHLSealer {
    /// The patterns written into a new history: ascmhl's defaults, plus the AppleDouble files
    /// (`._name`) macOS leaves on foreign drives, which are not media.
    public static let ignorePatterns = MHLIgnoreSpec.defaultPatterns + ["._*"]

    /// Returns the generation's file name. Throws after writing the generation when a recorded
    /// file changed or is missing, as ascmhl does.
    @discardableResult
    public static func seal(_ folder: URL, algorithms: [HashAlgorithm], author: String? = nil, now: Date = Date(),
                            tool: (name: String, version: String) = ("osmose", "0.1.0")) throws -> String {
        try MHLWriter.locked(folder) { try sealLocked(folder, algorithms: algorithms, author: author, now: now, tool: tool) }
    }

    /// `seal`, once the folder is held: from reading its history to writing the next generation.
    static func sealLocked(_ folder: URL, algorithms: [HashAlgorithm], author: String?, now: Date,
                           tool: (name: String, version: String)) throws -> String {
        let fm = FileManager.default
        let history = try MHLHistory.loadTree(folder)
        let extra = ["._*"]
        let spec = MHLIgnoreSpec((history.latestIgnorePatterns ?? MHLIgnoreSpec.defaultPatterns) + extra)
        let nestedSpecs = history.nested.mapValues(\.ignoreSpec)
        var files: [MHLFileRecord] = []
        var directories: [String] = []

        func ignored(_ path: String, isDirectory: Bool) -> Bool {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            if Self.ignored(name) || spec.ignores(path, isDirectory: isDirectory) { return true }
            // A nested history's own patterns hold below its folder.
            let (prefix, local) = history.ownerPath(of: path)
            if !prefix.isEmpty, local != ".", let nestedSpec = nestedSpecs[prefix] {
                return nestedSpec.ignores(local, isDirectory: isDirectory)
            }
            return false
        }

        func walk(_ relative: String) throws {
            let url = relative.isEmpty ? folder : folder.appendingPathComponent(relative, isDirectory: true)
            for name in try fm.contentsOfDirectory(atPath: url.path).sorted() {
                let path = relative.isEmpty ? name : relative + "/" + name
                let child = url.appendingPathComponent(name)
                let attributes = try fm.attributesOfItem(atPath: child.path)
                var type = attributes[.type] as? FileAttributeType
                if type == .typeSymbolicLink {
                    // A link to a file is hashed as the file; links to folders are not followed (no cycles).
                    var isDirectory: ObjCBool = false
                    guard fm.fileExists(atPath: child.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                    type = .typeRegular
                }
                if type == .typeDirectory {
                    guard !ignored(path, isDirectory: true) else { continue }
                    directories.append(path)
                    try walk(path)
                } else if type == .typeRegular {
                    guard !ignored(path, isDirectory: false) else { continue }
                    let resolved = try fm.attributesOfItem(atPath: child.resolvingSymlinksInPath().path)
                    let needed = history.requiredAlgorithms(for: path, requested: algorithms)
                    files.append(MHLFileRecord(
                        relativePath: path, size: (resolved[.size] as? NSNumber)?.int64Value ?? 0,
                        modified: resolved[.modificationDate] as? Date ?? now,
                        digests: try MultiHasher.hash(file: child, needed)))
                }
            }
        }

        try walk("")
        return try MHLWriter.appendGeneration(to: history, files: files, directories: directories, algorithms: algorithms, author: author,
                                              process: "in-place", now: now, tool: tool, ignorePatterns: extra)
    }

    static func ignored(_ name: String) -> Bool {
        name == ".DS_Store" || name == "ascmhl" || name.hasPrefix("._")
    }
}

extension MHLChain {
    /// The largest chain file accepted.
    public static let sizeLimit = 64 << 20

    /// Reads a chain file (an empty chain when there is none yet).
    public static func read(_ url: URL) throws -> MHLChain {
        guard FileManager.default.fileExists(atPath: url.path) else { return MHLChain() }
        let data = try SafeXML.read(url, limit: sizeLimit)
        return try parse(data, name: url.path)
    }

    /// Parses a chain's XML; `name` names the file in messages.
    public static func parse(_ data: Data, name: String) throws -> MHLChain {
        let reader = ChainParser(name: name)
        let parser = try SafeXML.parser(data, name: name, delegate: reader)
        let ok = parser.parse()
        if let failure = reader.failure { throw InputError(failure) }
        // FoundationXML on Linux may report success on truncated input: check the error too.
        guard ok, parser.parserError == nil else {
            throw InputError("\(name):\(parser.lineNumber): the ASC MHL chain is not well-formed XML")
        }
        guard reader.sawRoot else { throw InputError("\(name):1: this is not an ASC MHL chain (no <ascmhldirectory> element)") }
        return MHLChain(generations: reader.generations)
    }
}

/// Reads `ascmhl_chain.xml` (through `SafeXML`: no entities, never external ones).
final class ChainParser: NSObject, XMLParserDelegate {
    let name: String
    var generations: [(sequence: Int, fileName: String, c4: String)] = []
    var failure: String?
    var sawRoot = false
    private var depth = 0
    private var sequence: Int?, path: String?, c4: String?, text = ""

    init(name: String) {
        self.name = name
    }

    private func fail(_ parser: XMLParser, _ message: String) {
        if failure == nil { failure = "\(name):\(parser.lineNumber): \(message)" }
        parser.abortParsing()
    }

    private func local(_ name: String) -> String { name.split(separator: ":").last.map(String.init) ?? name }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        let tag = local(elementName)
        depth += 1
        text = ""
        if depth == 1 {
            guard tag == "ascmhldirectory" else { return fail(parser, "this is not an ASC MHL chain (the root element is <\(tag)>)") }
            sawRoot = true
        }
        if tag == "hashlist" && depth == 2 {
            guard let n = attributes["sequencenr"].flatMap({ Int($0) }), n > 0 else {
                return fail(parser, "a hashlist has no valid sequence number (\((attributes["sequencenr"] ?? "").quoted))")
            }
            sequence = n
            path = nil
            c4 = nil
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        defer { depth -= 1 }
        guard failure == nil else { return }
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch (local(elementName), depth) {
        case ("path", 3): path = value
        case ("c4", 3): c4 = value
        case ("hashlist", 2):
            guard let sequence else { return }
            guard let path, !path.isEmpty else { return fail(parser, "hashlist \(sequence) names no generation file") }
            guard let c4, C4.bytes(of: c4) != nil else { return fail(parser, "hashlist \(sequence) has no valid C4 (\((c4 ?? "").quoted))") }
            generations.append((sequence, path, c4))
        default: break
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if failure == nil { failure = "\(name):\(parser.lineNumber): the ASC MHL chain is not well-formed XML (\(parseError.localizedDescription))" }
    }
}
