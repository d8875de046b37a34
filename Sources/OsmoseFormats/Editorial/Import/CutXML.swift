import Foundation
import OsmoseDomain

/// An element of a cut's XML, kept with the line it starts on for error messages.
///
/// The cut formats refer across the document (FCPXML resources, xmeml `<file id>` reused by
/// later clips, MLT producers named by playlists), so the readers walk a small tree rather
/// than reacting to parser events. Subtrees no reader looks at (effects, audio, metadata) are
/// not kept, which bounds the tree to a fraction of the file.
final class CutXMLElement {
    let name: String
    /// In document order; an element holds a handful, so a list searched in order beats hashing.
    let attributes: [(name: String, value: String)]
    let line: Int
    var children: [CutXMLElement] = []
    var text = ""

    init(name: String, attributes: [(name: String, value: String)], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    subscript(attribute: String) -> String? {
        for pair in attributes where pair.name == attribute { return pair.value }
        return nil
    }

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

/// Reads a cut's XML file, checked by ``SafeXML``, into a ``CutXMLElement`` tree.
///
/// A strict, non-validating XML 1.0 reader over the file's bytes: UTF-8 only, the five
/// predefined entities and character references, comments, CDATA, processing instructions
/// and a DOCTYPE skipped (SafeXML has refused any that declares entities). Anything not well
/// formed is refused with its line: an end tag that closes the wrong element, a file that
/// ends inside one, a stray `&` or `<`, a second root, a control character or a byte that is
/// not UTF-8. Only the elements kept make strings; skipped subtrees are checked and dropped.
enum CutXML {
    /// The root element of `url`. Elements named in `skipping` are dropped with their content.
    static func read(_ url: URL, skipping: Set<String> = []) throws -> CutXMLElement {
        let data = try SafeXML.read(url, limit: CutReader.documentLimit)
        return try parse(data, file: url.path, skipping: skipping)
    }

    /// The root element of `data`, named `file` in messages.
    static func parse(_ data: Data, file: String, skipping: Set<String> = []) throws -> CutXMLElement {
        try SafeXML.check(data, name: file)
        return try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws -> CutXMLElement in
            var parser = Parser(bytes: bytes, file: file, skipping: skipping)
            return try parser.document()
        }
    }

    /// Cut files nest a few dozen elements deep; far deeper is an attack on the readers'
    /// recursion, refused before it is built.
    static let maximumDepth = 256

    private struct Parser {
        let bytes: UnsafeRawBufferPointer
        let file: String
        let skipping: Set<String>
        var i = 0
        var line = 1

        init(bytes: UnsafeRawBufferPointer, file: String, skipping: Set<String>) {
            self.bytes = bytes
            self.file = file
            self.skipping = skipping
        }

        // MARK: The document

        mutating func document() throws(InputError) -> CutXMLElement {
            try checkCharacters()
            if starts("\u{FEFF}") { i += 3 }
            var root: CutXMLElement?
            /// The open elements' names (offset and length in the file) and lines, skipped ones included.
            var open: [(start: Int, count: Int, line: Int)] = []
            /// The open elements that are kept.
            var kept: [CutXMLElement] = []
            var skipDepth = 0
            while true {
                let textStart = i
                let textLine = line
                while i < bytes.count && bytes[i] != UInt8(ascii: "<") {
                    if bytes[i] == 0x0A { line += 1 }
                    i += 1
                }
                if i > textStart {
                    if open.isEmpty {
                        if let stray = (textStart..<i).first(where: { !isSpace(bytes[$0]) }) {
                            let strayLine = textLine + (textStart..<stray).count { bytes[$0] == 0x0A }
                            throw fail(root == nil ? "text before the root element" : "text after the root element", line: strayLine)
                        }
                    } else if skipDepth == 0, let current = kept.last, current.children.isEmpty {
                        current.text += try decoded(textStart..<i, attribute: false, line: textLine)
                    } else if contains(UInt8(ascii: "&"), in: textStart..<i) {
                        _ = try decoded(textStart..<i, attribute: false, line: textLine)
                    }
                }
                guard i < bytes.count else { break }
                if starts("</") {
                    let tagLine = line
                    i += 2
                    let nameStart = i
                    _ = try name(of: "end tag")
                    let nameEnd = i
                    skipSpace()
                    guard peek == UInt8(ascii: ">") else { throw fail("the end tag </\(string(nameStart..<nameEnd))> has no >", line: tagLine) }
                    i += 1
                    guard let element = open.popLast() else {
                        throw fail("the end tag </\(string(nameStart..<nameEnd))> closes no element", line: tagLine)
                    }
                    guard element.count == nameEnd - nameStart,
                          memcmp(bytes.baseAddress! + element.start, bytes.baseAddress! + nameStart, element.count) == 0 else {
                        throw fail("the end tag </\(string(nameStart..<nameEnd))> does not close the "
                            + "<\(string(element.start..<element.start + element.count))> of line \(element.line)", line: tagLine)
                    }
                    if skipDepth > 0 { skipDepth -= 1 } else { kept.removeLast() }
                } else if starts("<!--") {
                    try skip(past: "-->", what: "a comment")
                } else if starts("<![CDATA[") {
                    guard !open.isEmpty else { throw fail("CDATA outside the root element") }
                    i += 9
                    let start = i
                    try skip(past: "]]>", what: "a CDATA section")
                    if skipDepth == 0, let current = kept.last, current.children.isEmpty {
                        current.text += string(start..<i - 3)
                    }
                } else if starts("<?") {
                    try skip(past: "?>", what: "a processing instruction")
                } else if starts("<!DOCTYPE") {
                    guard root == nil else { throw fail("a DOCTYPE after the root element") }
                    try skipDoctype()
                } else {
                    guard root == nil || !open.isEmpty else { throw fail("a second root element") }
                    let tagLine = line
                    i += 1
                    let nameStart = i
                    let keep = skipDepth == 0
                    let name = try self.name(of: "tag")
                    let (attributes, empty) = try self.attributes(of: nameStart, keep: keep)
                    guard open.count < CutXML.maximumDepth else {
                        throw InputError("\(file):\(tagLine): elements nest more than \(CutXML.maximumDepth) deep")
                    }
                    if !keep || skipping.contains(name) {
                        if !empty {
                            open.append((nameStart, name.utf8.count, tagLine))
                            skipDepth += 1
                        }
                        if root == nil { root = CutXMLElement(name: name, attributes: [], line: tagLine) }
                        continue
                    }
                    let element = CutXMLElement(name: name, attributes: attributes, line: tagLine)
                    if let parent = kept.last {
                        // Whitespace before the first child is layout, not text.
                        if parent.children.isEmpty { parent.text = "" }
                        parent.children.append(element)
                    } else {
                        root = element
                    }
                    if !empty {
                        open.append((nameStart, name.utf8.count, tagLine))
                        kept.append(element)
                    }
                }
            }
            if let element = open.last {
                throw fail("it ends before the <\(string(element.start..<element.start + element.count))> of line \(element.line) is closed")
            }
            guard let root else { throw InputError("\(file): the file holds no XML element") }
            return root
        }

        /// The attributes of a start tag after its name, up to and past its `>` or `/>`.
        mutating func attributes(of nameStart: Int, keep: Bool) throws(InputError) -> ([(name: String, value: String)], empty: Bool) {
            let tagLine = line
            var attributes: [(name: String, value: String)] = []
            while true {
                let spaced = skipSpace()
                guard i < bytes.count else { throw fail("the tag <\(tagName(nameStart))> never ends", line: tagLine) }
                switch bytes[i] {
                case UInt8(ascii: ">"):
                    i += 1
                    return (attributes, false)
                case UInt8(ascii: "/"):
                    guard peek(1) == UInt8(ascii: ">") else { throw fail("a / inside the tag <\(tagName(nameStart))>") }
                    i += 2
                    return (attributes, true)
                default:
                    guard spaced else { throw fail("the attributes of <\(tagName(nameStart))> run together") }
                }
                let name = try self.name(of: "attribute")
                skipSpace()
                guard peek == UInt8(ascii: "=") else { throw fail("the attribute \(name) of <\(tagName(nameStart))> has no value") }
                i += 1
                skipSpace()
                let quote = peek
                guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                    throw fail("the value of the attribute \(name) of <\(tagName(nameStart))> is not in quotes")
                }
                i += 1
                let valueStart = i
                let valueLine = line
                while i < bytes.count && bytes[i] != quote {
                    if bytes[i] == UInt8(ascii: "<") { throw fail("a < inside the value of the attribute \(name)") }
                    if bytes[i] == 0x0A { line += 1 }
                    i += 1
                }
                guard i < bytes.count else { throw fail("the value of the attribute \(name) never ends", line: valueLine) }
                let value = try decoded(valueStart..<i, attribute: true, line: valueLine)
                i += 1
                if attributes.contains(where: { $0.name == name }) {
                    throw fail("the attribute \(name) appears twice in <\(tagName(nameStart))>")
                }
                if keep { attributes.append((name, value)) } else { attributes.append((name, "")) }
            }
        }

        // MARK: Pieces

        /// An XML name at the current position (ASCII name characters and any non-ASCII letter).
        mutating func name(of what: String) throws(InputError) -> String {
            let start = i
            while i < bytes.count && Self.isNameByte(bytes[i]) { i += 1 }
            guard i > start else { throw fail("a \(what) without a name") }
            let first = bytes[start]
            if (first >= 0x30 && first <= 0x39) || first == UInt8(ascii: "-") || first == UInt8(ascii: ".") {
                throw fail("\(string(start..<i).quoted) is not an XML name")
            }
            return string(start..<i)
        }

        static func isNameByte(_ b: UInt8) -> Bool {
            b >= 0x80 || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || (b >= 0x30 && b <= 0x39)
                || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
        }

        func tagName(_ start: Int) -> String {
            var end = start
            while end < bytes.count && Self.isNameByte(bytes[end]) { end += 1 }
            return string(start..<end)
        }

        /// Text or an attribute value with its references replaced and its line ends made `\n`
        /// (in an attribute, every tab and line end becomes a space, as XML says).
        func decoded(_ range: Range<Int>, attribute: Bool, line: Int) throws(InputError) -> String {
            var plain = true
            for k in range {
                let b = bytes[k]
                if b == UInt8(ascii: "&") || b == 0x0D || (attribute && (b == 0x0A || b == 0x09)) {
                    plain = false
                    break
                }
            }
            if plain { return string(range) }
            var out: [UInt8] = []
            out.reserveCapacity(range.count)
            var k = range.lowerBound
            var line = line
            while k < range.upperBound {
                let b = bytes[k]
                switch b {
                case UInt8(ascii: "&"):
                    var end = k + 1
                    while end < range.upperBound && end - k <= 12 && bytes[end] != UInt8(ascii: ";") { end += 1 }
                    guard end < range.upperBound, bytes[end] == UInt8(ascii: ";") else {
                        throw fail("an & that starts no entity or character reference (write &amp;)", line: line)
                    }
                    let reference = string(k + 1..<end)
                    switch reference {
                    case "amp": out.append(UInt8(ascii: "&"))
                    case "lt": out.append(UInt8(ascii: "<"))
                    case "gt": out.append(UInt8(ascii: ">"))
                    case "quot": out.append(UInt8(ascii: "\""))
                    case "apos": out.append(UInt8(ascii: "'"))
                    default:
                        guard let scalar = Self.character(reference) else {
                            throw fail("the reference &\(reference); names no character Osmose knows", line: line)
                        }
                        out.append(contentsOf: String(Character(scalar)).utf8)
                    }
                    k = end + 1
                    continue
                case 0x0D:
                    // CR LF and a lone CR are both one line end.
                    out.append(attribute ? 0x20 : 0x0A)
                    if k + 1 < range.upperBound && bytes[k + 1] == 0x0A { k += 1 }
                    line += 1
                case 0x0A:
                    out.append(attribute ? 0x20 : 0x0A)
                    line += 1
                case 0x09:
                    out.append(attribute ? 0x20 : 0x09)
                default:
                    out.append(b)
                }
                k += 1
            }
            return String(decoding: out, as: UTF8.self)
        }

        /// The character of `#N` or `#xH`, when it may appear in XML.
        static func character(_ reference: String) -> Unicode.Scalar? {
            guard reference.hasPrefix("#") else { return nil }
            let digits = reference.dropFirst()
            let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            guard let value, value == 0x09 || value == 0x0A || value == 0x0D || value >= 0x20,
                  let scalar = Unicode.Scalar(value) else { return nil }
            return scalar
        }

        /// Skips a DOCTYPE, its internal subset included.
        mutating func skipDoctype() throws(InputError) {
            let start = line
            var depth = 0
            var quote: UInt8 = 0
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                if b == 0x0A { line += 1 }
                if quote != 0 {
                    if b == quote { quote = 0 }
                } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                    quote = b
                } else if b == UInt8(ascii: "[") {
                    depth += 1
                } else if b == UInt8(ascii: "]") {
                    depth -= 1
                } else if b == UInt8(ascii: ">") && depth <= 0 {
                    return
                }
            }
            throw fail("the DOCTYPE never ends", line: start)
        }

        /// Moves past the next `terminator`, counting lines.
        mutating func skip(past terminator: StaticString, what: String) throws(InputError) {
            let start = line
            let count = terminator.utf8CodeUnitCount
            let first = terminator.utf8Start[0]
            while i + count <= bytes.count {
                let b = bytes[i]
                if b == first && memcmp(bytes.baseAddress! + i, terminator.utf8Start, count) == 0 {
                    i += count
                    return
                }
                if b == 0x0A { line += 1 }
                i += 1
            }
            throw fail("\(what) never ends", line: start)
        }

        /// Skips spaces, tabs and line ends; true when there were some.
        @discardableResult
        mutating func skipSpace() -> Bool {
            let start = i
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x0A {
                    line += 1
                } else if b != 0x20 && b != 0x09 && b != 0x0D {
                    break
                }
                i += 1
            }
            return i > start
        }

        /// Refuses control characters (other than tab and line ends) and bytes that are not UTF-8, by line.
        func checkCharacters() throws(InputError) {
            var line = 1
            var k = 0
            let count = bytes.count
            while k < count {
                let b = bytes[k]
                if b >= 0x20 && b < 0x80 {
                    k += 1
                    continue
                }
                if b == 0x0A {
                    line += 1
                } else if b < 0x20 && b != 0x09 && b != 0x0D {
                    throw fail(String(format: "the control character 0x%02X", b), line: line)
                } else if b >= 0x80 {
                    guard let length = SafeXML.utf8Length(bytes, at: k) else { throw fail("a byte that is not UTF-8", line: line) }
                    k += length
                    continue
                }
                k += 1
            }
        }

        func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
        }

        func contains(_ byte: UInt8, in range: Range<Int>) -> Bool {
            range.contains { bytes[$0] == byte }
        }

        var peek: UInt8 { i < bytes.count ? bytes[i] : 0 }

        func peek(_ ahead: Int) -> UInt8 { i + ahead < bytes.count ? bytes[i + ahead] : 0 }

        func starts(_ prefix: StaticString) -> Bool {
            let count = prefix.utf8CodeUnitCount
            return i + count <= bytes.count && memcmp(bytes.baseAddress! + i, prefix.utf8Start, count) == 0
        }

        func string(_ range: Range<Int>) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }

        func fail(_ reason: String, line: Int? = nil) -> InputError {
            InputError("\(file):\(line ?? self.line): the XML is not well formed (\(reason))")
        }
    }
}
