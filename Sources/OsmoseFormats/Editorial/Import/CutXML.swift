import Foundation
import OsmoseDomain
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An element of a cut's XML, kept with the line it starts on for error messages.
///
/// The cut formats refer across the document (FCPXML resources, xmeml `<file id>` reused by
/// later clips, MLT producers named by playlists), so the readers walk a small tree rather
/// than reacting to parser events. Subtrees no reader looks at (effects, audio, metadata) are
/// not kept, which bounds the tree to a fraction of the file.
final class CutXMLElement {
    let name: String
    let attributes: [String: String]
    let line: Int
    var children: [CutXMLElement] = []
    var text = ""

    init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    subscript(attribute: String) -> String? { attributes[attribute] }

    /// The first child named `name`.
    func child(_ name: String) -> CutXMLElement? { children.first { $0.name == name } }

    func children(_ name: String) -> [CutXMLElement] { children.filter { $0.name == name } }

    /// The first element named `name` at any depth, depth first.
    func descendant(_ name: String) -> CutXMLElement? {
        for child in children {
            if child.name == name { return child }
            if let found = child.descendant(name) { return found }
        }
        return nil
    }

    /// The trimmed text of the child at `path` (`"rate/timebase"`).
    func text(_ path: String) -> String? {
        var element: CutXMLElement? = self
        for part in path.split(separator: "/") { element = element?.child(String(part)) }
        guard let element else { return nil }
        let trimmed = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// Reads an XML file through ``SafeXML`` into a ``CutXMLElement`` tree.
enum CutXML {
    /// The root element of `url`. Elements named in `skipping` are dropped with their content.
    static func read(_ url: URL, skipping: Set<String> = []) throws -> CutXMLElement {
        let data = try SafeXML.read(url, limit: CutReader.documentLimit)
        let builder = Builder(skipping: skipping, file: url.path)
        let parser = try SafeXML.parser(data, name: url.path, delegate: builder)
        let finished = parser.parse()
        if let failure = builder.failure { throw failure }
        // On Linux parse() can report success on truncated input: the error and the open
        // elements say otherwise.
        if !finished || parser.parserError != nil || !builder.stack.isEmpty || builder.root == nil {
            let reason = parser.parserError.map { "(\(($0 as NSError).localizedDescription))" } ?? "(it ends too early)"
            throw InputError("\(url.path):\(parser.lineNumber): the XML is not well formed \(reason)")
        }
        guard let root = builder.root else { throw InputError("\(url.path): the file holds no XML element") }
        return root
    }

    /// Cut files nest a few dozen elements deep; far deeper is an attack on the readers'
    /// recursion, refused before it is built.
    static let maximumDepth = 256

    private final class Builder: NSObject, XMLParserDelegate {
        let skipping: Set<String>
        let file: String
        var stack: [CutXMLElement] = []
        var root: CutXMLElement?
        var failure: InputError?
        /// Depth inside a skipped element; 0 when keeping.
        var skipDepth = 0

        init(skipping: Set<String>, file: String) {
            self.skipping = skipping
            self.file = file
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            if skipDepth > 0 || skipping.contains(elementName) {
                skipDepth += 1
                return
            }
            guard failure == nil else { return }
            guard stack.count < CutXML.maximumDepth else {
                failure = InputError("\(file):\(parser.lineNumber): elements nest more than \(CutXML.maximumDepth) deep")
                parser.abortParsing()
                return
            }
            let element = CutXMLElement(name: elementName, attributes: attributeDict, line: parser.lineNumber)
            if let parent = stack.last {
                // Whitespace before the first child is layout, not text.
                if parent.children.isEmpty { parent.text = "" }
                parent.children.append(element)
            } else if root == nil {
                root = element
            }
            stack.append(element)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?) {
            if skipDepth > 0 {
                skipDepth -= 1
                return
            }
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard skipDepth == 0, let current = stack.last else { return }
            // Only leaves carry text the readers use; whitespace between elements is dropped.
            if current.children.isEmpty { current.text += string }
        }
    }
}
