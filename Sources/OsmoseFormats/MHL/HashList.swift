import Foundation
import OsmoseDomain
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One generation of an ASC MHL history as read back from its `.mhl` file: who wrote it, the
/// root hashes, the ignore patterns, every file and directory hash, and the references to the
/// generations of nested histories written at the same time.
public struct MHLHashList: Sendable {
    /// One hash of a file or directory, in one format.
    public struct Hash: Sendable, Equatable {
        public var algorithm: HashAlgorithm
        /// The file's digest, or a directory's content hash.
        public var digest: String
        /// A directory's structure hash (nil for files).
        public var structure: String?
        /// original, verified or failed (ascmhl writes none on directory hashes).
        public var action: String?
        public var hashDate: Date?

        public init(algorithm: HashAlgorithm, digest: String, structure: String? = nil, action: String? = nil, hashDate: Date? = nil) {
            self.algorithm = algorithm
            self.digest = digest
            self.structure = structure
            self.action = action
            self.hashDate = hashDate
        }
    }

    /// A `<hash>` (file) or `<directoryhash>` element.
    public struct Entry: Sendable {
        /// Relative to the folder of the history, with `/` separators.
        public var path: String
        /// The path the file had before a rename (`<previousPath>`).
        public var previousPath: String?
        public var isDirectory: Bool
        public var size: Int64?
        public var modified: Date?
        public var hashes: [Hash]
        /// The line of the entry in its file, for messages.
        public var line: Int

        public func hash(_ algorithm: HashAlgorithm) -> Hash? { hashes.first { $0.algorithm == algorithm } }
    }

    /// A `<hashlistreference>`: a generation of a nested history, by its path from this folder and its C4.
    public struct Reference: Sendable, Equatable {
        public var path: String
        public var c4: String
    }

    /// The file name (`0002_A002R2EC_2020-01-16_091500Z.mhl`).
    public var fileName: String
    /// The generation number, from the file name as ascmhl takes it.
    public var generation: Int
    public var creationDate: Date?
    public var hostname: String?
    public var tool: (name: String, version: String)?
    public var authors: [String] = []
    public var location: String?
    public var comment: String?
    /// in-place, transfer or flatten.
    public var process: String?
    /// The hashes of the history's own folder (`<roothash>`).
    public var rootHashes: [Hash] = []
    /// The ignore patterns in force for this generation (gitignore-like).
    public var ignorePatterns: [String] = []
    /// File and directory entries in document order.
    public var entries: [Entry] = []
    public var references: [Reference] = []

    /// The entry recorded for `path`, found by its path or by the path it had before a rename,
    /// as ascmhl looks entries up.
    public func entry(for path: String) -> Entry? {
        if let i = byPath[path] { return entries[i] }
        return nil
    }

    /// Every file and directory path of this generation.
    public var paths: [String] { entries.map(\.path) }

    private var byPath: [String: Int] = [:]

    init(fileName: String, generation: Int) {
        self.fileName = fileName
        self.generation = generation
    }

    mutating func append(_ entry: Entry) {
        entries.append(entry)
        // ascmhl maps both names to the entry, the current one winning.
        if let previous = entry.previousPath { byPath[previous] = entries.count - 1 }
        byPath[entry.path] = entries.count - 1
    }

    /// The largest generation file accepted: a drive's own history, but bounded.
    public static let sizeLimit = 512 << 20

    /// The generation number in a generation file name (`0002_A002R2EC_…mhl` → 2), as ascmhl
    /// reads it: four digits or more, then an optional `_` and anything.
    public static func generationNumber(ofFileName name: String) -> Int? {
        guard name.hasSuffix(".mhl") else { return nil }
        let stem = name.dropLast(4)
        let digits = stem.prefix { $0.isASCII && $0.isNumber }
        guard digits.count >= 4 else { return nil }
        let rest = stem.dropFirst(digits.count)
        guard rest.isEmpty || (rest.first == "_" && rest.count > 1) else { return nil }
        return Int(digits)
    }

    /// Reads a generation file.
    public static func read(_ url: URL) throws -> MHLHashList {
        let data = try SafeXML.read(url, limit: sizeLimit)
        let name = url.lastPathComponent
        return try parse(data, name: url.path, fileName: name, generation: generationNumber(ofFileName: name) ?? 0)
    }

    /// Parses a generation's XML; `name` names the file in messages.
    public static func parse(_ data: Data, name: String, fileName: String, generation: Int) throws -> MHLHashList {
        let reader = HashListReader(name: name, list: MHLHashList(fileName: fileName, generation: generation))
        let parser = try SafeXML.parser(data, name: name, delegate: reader)
        let ok = parser.parse()
        // FoundationXML on Linux may report success on truncated input: check the error too.
        if let failure = reader.failure { throw InputError(failure) }
        guard ok, parser.parserError == nil else {
            let detail = parser.parserError.map { " (\($0.localizedDescription))" } ?? ""
            throw InputError("\(name):\(parser.lineNumber): the ASC MHL hash list is not well-formed XML\(detail)")
        }
        guard reader.sawRoot else { throw InputError("\(name):1: this is not an ASC MHL hash list (no <hashlist> element)") }
        return reader.list
    }
}

/// Reads an ASC MHL date (`2020-01-16T09:15:00+00:00`, with or without fractions of a second).
func mhlDate(_ text: String) -> Date? {
    let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
    if let d = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return d }
    if let d = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return d }
    // Python writes 1 to 6 fraction digits; Foundation reads exactly 3 at most on some platforms.
    if let dot = text.firstIndex(of: "."), let end = text[dot...].firstIndex(where: { $0 == "+" || $0 == "-" || $0 == "Z" }) {
        let fraction = text[text.index(after: dot)..<end]
        let seconds = Double("0." + fraction) ?? 0
        if let d = try? Date(String(text[..<dot]) + String(text[end...]), strategy: Date.ISO8601FormatStyle()) {
            return d.addingTimeInterval(seconds)
        }
    }
    return nil
}

/// The SAX reader of a hash list: a small state machine over the element path.
private final class HashListReader: NSObject, XMLParserDelegate {
    let name: String
    var list: MHLHashList
    var failure: String?
    var sawRoot = false

    private var stack: [String] = []
    private var text = ""
    private var attributes: [[String: String]] = []
    private var entry: MHLHashList.Entry?
    private var rootHashes: [MHLHashList.Hash] = []
    private var referencePath: String?
    private var referenceC4: String?

    init(name: String, list: MHLHashList) {
        self.name = name
        self.list = list
    }

    private func fail(_ parser: XMLParser, _ message: String) {
        if failure == nil { failure = "\(name):\(parser.lineNumber): \(message)" }
        parser.abortParsing()
    }

    /// Element names without a namespace prefix.
    private func local(_ name: String) -> String {
        name.split(separator: ":").last.map(String.init) ?? name
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes attributeDict: [String: String] = [:]) {
        let tag = local(elementName)
        if stack.isEmpty {
            guard tag == "hashlist" else { return fail(parser, "this is not an ASC MHL hash list (the root element is <\(tag)>)") }
            sawRoot = true
        }
        stack.append(tag)
        attributes.append(attributeDict)
        text = ""
        if (tag == "hash" || tag == "directoryhash") && stack.count == 3 && stack[1] == "hashes" {
            entry = MHLHashList.Entry(path: "", previousPath: nil, isDirectory: tag == "directoryhash", size: nil, modified: nil,
                                      hashes: [], line: parser.lineNumber)
        }
        if tag == "author", stack.count == 3, stack[1] == "creatorinfo" {
            list.authors.append("")
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard failure == nil else { return }
        let tag = local(elementName)
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let attrs = attributes.last ?? [:]
        let parent = stack.count >= 2 ? stack[stack.count - 2] : ""
        let section = stack.count >= 2 ? stack[1] : ""
        defer {
            stack.removeLast()
            attributes.removeLast()
            text = ""
        }
        switch section {
        case "creatorinfo":
            switch tag {
            case "creationdate": list.creationDate = mhlDate(value)
            case "hostname": list.hostname = value
            case "tool": list.tool = (value, attrs["version"] ?? "")
            case "location": list.location = value
            case "comment": list.comment = value
            // `<author>Name</author>` as the schema says, `<author><name>Name</name></author>` as older tools wrote.
            case "author" where !value.isEmpty && !list.authors.isEmpty: list.authors[list.authors.count - 1] = value
            case "name" where parent == "author" && !list.authors.isEmpty: list.authors[list.authors.count - 1] = value
            default: break
            }
        case "processinfo":
            if tag == "process" && parent == "processinfo" { list.process = value }
            if tag == "pattern" && parent == "ignore" { list.ignorePatterns.append(value) }
            if stack.count >= 4, stack[2] == "roothash", let algorithm = HashAlgorithm(rawValue: tag) {
                guard let hash = digest(parser, algorithm, value, attrs) else { return }
                if parent == "content" {
                    rootHashes.append(hash)
                } else if parent == "structure" {
                    guard let i = rootHashes.firstIndex(where: { $0.algorithm == algorithm }) else {
                        return fail(parser, "the root \(tag) structure hash comes without a content hash")
                    }
                    rootHashes[i].structure = hash.digest
                }
            }
            if tag == "roothash" {
                if let missing = rootHashes.first(where: { $0.structure == nil }) {
                    return fail(parser, "the root \(missing.algorithm.rawValue) content hash comes without a structure hash")
                }
                list.rootHashes = rootHashes
            }
        case "hashes":
            guard var current = entry else { return }
            if tag == "path" && parent == current.kindTag {
                guard !value.isEmpty else { return fail(parser, "an entry has an empty path") }
                current.path = value
                if let size = attrs["size"] {
                    guard let n = Int64(size), n >= 0 else { return fail(parser, "the size \(size.quoted) of \(value.quoted) is not a number of bytes") }
                    current.size = n
                }
                current.modified = attrs["lastmodificationdate"].flatMap(mhlDate)
            } else if tag == "previousPath" && parent == current.kindTag {
                current.previousPath = value.isEmpty ? nil : value
            } else if let algorithm = HashAlgorithm(rawValue: tag) {
                guard let hash = digest(parser, algorithm, value, attrs) else { return }
                if !current.isDirectory && parent == "hash" {
                    current.hashes.append(hash)
                } else if current.isDirectory && parent == "content" {
                    current.hashes.append(hash)
                } else if current.isDirectory && parent == "structure" {
                    guard let i = current.hashes.firstIndex(where: { $0.algorithm == algorithm }) else {
                        return fail(parser, "the \(tag) structure hash of \(current.path.quoted) comes without a content hash")
                    }
                    current.hashes[i].structure = hash.digest
                }
            } else if tag == current.kindTag && stack.count == 3 {
                guard !current.path.isEmpty else { return fail(parser, "a <\(tag)> element has no <path>") }
                if current.isDirectory, let missing = current.hashes.first(where: { $0.structure == nil }) {
                    return fail(parser, "the \(missing.algorithm.rawValue) content hash of \(current.path.quoted) comes without a structure hash")
                }
                list.append(current)
                entry = nil
                return
            }
            entry = current
        case "references":
            if tag == "path" && parent == "hashlistreference" { referencePath = value }
            if tag == "c4" && parent == "hashlistreference" { referenceC4 = value }
            if tag == "hashlistreference" {
                guard let path = referencePath, !path.isEmpty, let c4 = referenceC4, !c4.isEmpty else {
                    return fail(parser, "a hash list reference needs a <path> and a <c4>")
                }
                list.references.append(.init(path: path, c4: c4))
                referencePath = nil
                referenceC4 = nil
            }
        default:
            break
        }
    }

    private func digest(_ parser: XMLParser, _ algorithm: HashAlgorithm, _ value: String, _ attrs: [String: String]) -> MHLHashList.Hash? {
        guard algorithm.bytes(ofDigest: value) != nil, !value.isEmpty else {
            fail(parser, "\(value.quoted) is not a \(algorithm.rawValue) digest")
            return nil
        }
        return MHLHashList.Hash(algorithm: algorithm, digest: value, action: attrs["action"], hashDate: attrs["hashdate"].flatMap(mhlDate))
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if failure == nil {
            failure = "\(name):\(parser.lineNumber): the ASC MHL hash list is not well-formed XML (\(parseError.localizedDescription))"
        }
    }
}

extension MHLHashList.Entry {
    fileprivate var kindTag: String { isDirectory ? "directoryhash" : "hash" }
}
