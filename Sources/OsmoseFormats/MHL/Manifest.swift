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

        public init(path: String, size: Int64, modified: Date, hashes: [(algorithm: HashAlgorithm, digest: String)], action: String = "original", hashDate: Date) {
            self.path = path
            self.size = size
            self.modified = modified
            self.hashes = hashes
            self.action = action
            self.hashDate = hashDate
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

    public init(creationDate: Date, hostname: String, tool: (name: String, version: String), author: String? = nil, process: String,
                rootHashes: [(algorithm: HashAlgorithm, content: String, structure: String)], ignorePatterns: [String], entries: [Entry]) {
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
    public static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxx"
        return formatter.string(from: date)
    }

    /// The file name of generation `number` of the folder `name`: `0001_A002R2EC_2020-01-16_091500Z.mhl`.
    public static func fileName(number: Int, folderName: String, date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd_HHmmss"
        return String(format: "%04d", number) + "_" + folderName + "_" + formatter.string(from: date) + "Z.mhl"
    }

    /// The hash list as XML, laid out as ascmhl lays it out, with each entry's hashes in the
    /// order the schema requires (c4, md5, sha1, xxh128, xxh3, xxh64).
    public var xml: String {
        func e(_ s: String) -> String { HTMLText.escape(s) }
        func ordered<T>(_ list: [T], _ algorithm: (T) -> HashAlgorithm) -> [T] {
            list.sorted { algorithm($0).rawValue < algorithm($1).rawValue }
        }
        let rootHashes = ordered(self.rootHashes) { $0.algorithm }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<hashlist version=\"2.0\" xmlns=\"urn:ASC:MHL:v2.0\">\n"
        out += "  <creatorinfo>\n    <creationdate>\(Self.date(creationDate))</creationdate>\n    <hostname>\(e(hostname))</hostname>\n"
        out += "    <tool version=\"\(e(tool.version))\">\(e(tool.name))</tool>\n"
        if let author { out += "    <author>\n      <name>\(e(author))</name>\n    </author>\n" }
        out += "  </creatorinfo>\n  <processinfo>\n    <process>\(e(process))</process>\n"
        if !rootHashes.isEmpty {
            out += "    <roothash>\n      <content>\n"
            for h in rootHashes { out += "        <\(h.algorithm.rawValue) hashdate=\"\(Self.date(creationDate))\">\(h.content)</\(h.algorithm.rawValue)>\n" }
            out += "      </content>\n      <structure>\n"
            for h in rootHashes { out += "        <\(h.algorithm.rawValue) hashdate=\"\(Self.date(creationDate))\">\(h.structure)</\(h.algorithm.rawValue)>\n" }
            out += "      </structure>\n    </roothash>\n"
        }
        out += "    <ignore>\n"
        for pattern in ignorePatterns { out += "      <pattern>\(e(pattern))</pattern>\n" }
        out += "    </ignore>\n  </processinfo>\n  <hashes>\n"
        for entry in entries {
            switch entry {
            case .file(let f):
                out += "    <hash>\n      <path size=\"\(f.size)\" lastmodificationdate=\"\(Self.date(f.modified))\">\(e(f.path))</path>\n"
                for h in ordered(f.hashes, { $0.algorithm }) {
                    out += "      <\(h.algorithm.rawValue) action=\"\(f.action)\" hashdate=\"\(Self.date(f.hashDate))\">\(h.digest)</\(h.algorithm.rawValue)>\n"
                }
                out += "    </hash>\n"
            case .directory(let d):
                out += "    <directoryhash>\n      <path lastmodificationdate=\"\(Self.date(d.modified))\">\(e(d.path))</path>\n      <content>\n"
                let hashes = ordered(d.hashes) { $0.algorithm }
                for h in hashes { out += "        <\(h.algorithm.rawValue) hashdate=\"\(Self.date(creationDate))\">\(h.content)</\(h.algorithm.rawValue)>\n" }
                out += "      </content>\n      <structure>\n"
                for h in hashes { out += "        <\(h.algorithm.rawValue) hashdate=\"\(Self.date(creationDate))\">\(h.structure)</\(h.algorithm.rawValue)>\n" }
                out += "      </structure>\n    </directoryhash>\n"
            }
        }
        out += "  </hashes>\n</hashlist>\n"
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
/// computes every directory's content and structure hashes, and writes a new generation and the
/// chain into its `ascmhl/` folder, as `ascmhl create` does.
public enum MHLSealer {
    public static let ignorePatterns = [".DS_Store", "ascmhl", "ascmhl/"]

    /// Returns the generation's file name.
    @discardableResult
    public static func seal(_ folder: URL, algorithms: [HashAlgorithm], author: String? = nil, now: Date = Date(),
                            tool: (name: String, version: String) = ("osmose", "0.1.0")) throws -> String {
        let fm = FileManager.default
        var entries: [MHLGeneration.Entry] = []

        /// Hashes a directory's children depth first; returns its content and structure hashes per algorithm.
        func walk(_ directory: URL, relative: String) throws -> [(HashAlgorithm, String, String)] {
            var contexts = algorithms.map { DirectoryHashes($0) }
            let names = try fm.contentsOfDirectory(atPath: directory.path).filter { !ignored($0) }.sorted()
            for name in names {
                let url = directory.appendingPathComponent(name)
                let path = relative.isEmpty ? name : relative + "/" + name
                var isDirectory: ObjCBool = false
                _ = fm.fileExists(atPath: url.path, isDirectory: &isDirectory)
                let attributes = try fm.attributesOfItem(atPath: url.path)
                let modified = attributes[.modificationDate] as? Date ?? now
                if isDirectory.boolValue {
                    let hashes = try walk(url, relative: path)
                    for (i, h) in hashes.enumerated() { contexts[i].addDirectory(named: name, content: h.1, structure: h.2) }
                    entries.append(.directory(MHLGeneration.DirectoryEntry(path: path, modified: modified, hashes: hashes.map { ($0.0, $0.1, $0.2) })))
                } else {
                    let digests = try MultiHasher.hash(file: url, algorithms)
                    for (i, algorithm) in algorithms.enumerated() { contexts[i].addFile(named: name, digest: digests[algorithm] ?? "") }
                    entries.append(.file(MHLGeneration.FileEntry(
                        path: path, size: (attributes[.size] as? NSNumber)?.int64Value ?? 0, modified: modified,
                        hashes: algorithms.map { ($0, digests[$0] ?? "") }, hashDate: now)))
                }
            }
            return contexts.map { ($0.algorithm, $0.content, $0.structure) }
        }

        let root = try walk(folder, relative: "")
        let history = folder.appendingPathComponent("ascmhl", isDirectory: true)
        try fm.createDirectory(at: history, withIntermediateDirectories: true)
        let chainURL = history.appendingPathComponent("ascmhl_chain.xml")
        var chain = try MHLChain.read(chainURL)
        let number = (chain.generations.map(\.sequence).max() ?? 0) + 1
        let generation = MHLGeneration(
            creationDate: now, hostname: ProcessInfo.processInfo.hostName, tool: tool, author: author, process: "in-place",
            rootHashes: root.map { ($0.0, $0.1, $0.2) }, ignorePatterns: ignorePatterns, entries: entries)
        let name = MHLGeneration.fileName(number: number, folderName: folder.lastPathComponent, date: now)
        let data = Data(generation.xml.utf8)
        // The generation first, then the chain that names it, each replaced in one step.
        try data.write(to: history.appendingPathComponent(name), options: .atomic)
        chain.generations.append((number, name, C4.id(of: data)))
        try Data(chain.xml.utf8).write(to: chainURL, options: .atomic)
        return name
    }

    static func ignored(_ name: String) -> Bool {
        name == ".DS_Store" || name == "ascmhl" || name.hasPrefix("._")
    }
}

extension MHLChain {
    /// Reads a chain file (an empty chain when there is none yet).
    public static func read(_ url: URL) throws -> MHLChain {
        guard let data = FileManager.default.contents(atPath: url.path) else { return MHLChain() }
        let parser = ChainParser(data: data)
        guard parser.parse() else {
            throw InputError("\(url.path.quoted) is not an ASC MHL chain: \(parser.failure ?? "it cannot be read")")
        }
        return MHLChain(generations: parser.generations)
    }
}

/// Reads `ascmhl_chain.xml`, never resolving external entities.
final class ChainParser: NSObject, XMLParserDelegate {
    let parser: XMLParser
    var generations: [(sequence: Int, fileName: String, c4: String)] = []
    var failure: String?
    private var sequence = 0, path = "", c4 = "", text = ""

    init(data: Data) {
        parser = XMLParser(data: data)
        super.init()
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
    }

    func parse() -> Bool {
        // FoundationXML on Linux may report success on truncated input: check the error too.
        parser.parse() && parser.parserError == nil && failure == nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        text = ""
        if name == "hashlist" {
            guard let n = attributes["sequencenr"].flatMap(Int.init) else {
                failure = "a hashlist has no sequence number"
                parser.abortParsing()
                return
            }
            sequence = n
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "path": path = text.trimmingCharacters(in: .whitespacesAndNewlines)
        case "c4": c4 = text.trimmingCharacters(in: .whitespacesAndNewlines)
        case "hashlist": generations.append((sequence, path, c4))
        default: break
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        failure = failure ?? "the XML is malformed (\(parseError.localizedDescription))"
    }
}
