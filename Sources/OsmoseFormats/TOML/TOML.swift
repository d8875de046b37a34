// A TOML 1.0 parser (https://toml.io/en/v1.0.0) that records the line of every value.
//
// The parser works on the UTF-8 bytes of the document in a single forward pass (linear
// time). It first builds a private mutable tree that remembers how each table was
// created (by a header, implicitly, by dotted keys, ...) so that the spec's rules on
// redefinition can be enforced, then freezes that tree into the public value types.

/// A parsed value with the 1-based line where it starts in the source.
public struct TOMLNode: Sendable, Equatable {
    /// The parsed value.
    public let value: TOMLValue
    /// The 1-based line where the value starts in the source. For a table this is
    /// the table's own ``TOMLTable/line``; for an array of tables, the line of its
    /// first `[[...]]` header.
    public let line: Int
}

/// A TOML value.
public indirect enum TOMLValue: Sendable, Equatable {
    /// A string (basic, literal, multi-line basic or multi-line literal), decoded.
    case string(String)
    /// A 64-bit signed integer (decimal, hexadecimal, octal or binary in the source).
    case integer(Int64)
    /// A binary64 floating-point number, including `inf` and `nan`.
    case float(Double)
    /// A boolean.
    case bool(Bool)
    /// A local date such as `1979-05-27`.
    case localDate(year: Int, month: Int, day: Int)
    /// A local time such as `07:32:00.999`, exactly as written (validated `HH:MM:SS[.frac]`).
    case localTime(String)
    /// A local date-time such as `1979-05-27T07:32:00`, exactly as written (validated).
    case localDateTime(String)
    /// An offset date-time such as `1979-05-27T07:32:00Z` or
    /// `1979-05-27 00:32:00.999-07:00`, exactly as written (validated).
    case offsetDateTime(String)
    /// An array: a static array (`[1, 2]`) or an array of tables (`[[x]]`).
    case array([TOMLNode])
    /// A table: the root, a `[x]` table, a table made by dotted keys, or an inline table.
    case table(TOMLTable)

    /// Short name of the type for messages: "string", "integer", "float", "boolean",
    /// "date", "time", "date-time", "array", "table".
    public var typeName: String {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .float: return "float"
        case .bool: return "boolean"
        case .localDate: return "date"
        case .localTime: return "time"
        case .localDateTime, .offsetDateTime: return "date-time"
        case .array: return "array"
        case .table: return "table"
        }
    }
}

/// A table: keys in document order, each with its node. `line` is the line of its
/// header (`[x]` or `[[x]]`), of the key that created it (dotted keys / inline tables),
/// or 1 for the root.
public struct TOMLTable: Sendable, Equatable {
    /// The 1-based line of the table's header, of the key (or `{`) that created it,
    /// or 1 for the root table.
    public let line: Int
    let orderedKeys: [String]
    let storage: [String: TOMLNode]

    init(line: Int, keys: [String] = [], storage: [String: TOMLNode] = [:]) {
        self.line = line
        self.orderedKeys = keys
        self.storage = storage
    }

    /// The keys of the table, in document order.
    public var keys: [String] { orderedKeys }

    /// The node stored under `key`, or nil when the table has no such key.
    public subscript(key: String) -> TOMLNode? { storage[key] }

    /// The key/node pairs of the table, in document order.
    public var entries: [(key: String, node: TOMLNode)] {
        orderedKeys.compactMap { key in storage[key].map { (key: key, node: $0) } }
    }

    /// Two tables are equal when they have the same line, the same keys in the same
    /// order, and equal nodes under each key.
    public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
        lhs.line == rhs.line && lhs.orderedKeys == rhs.orderedKeys && lhs.storage == rhs.storage
    }
}

/// An error found while parsing a TOML document, with the position of the offending text.
public struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line of the offending text.
    public let line: Int
    /// The 1-based column (in Unicode scalars) of the offending text.
    public let column: Int
    /// One sentence starting in lowercase that names the offending text,
    /// e.g. `duplicate key "code"` or `unterminated string`.
    public let message: String

    /// `"line L, column C: message"`.
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// Entry point of the TOML parser.
public enum TOML {
    /// Parses a whole document. Throws the first error.
    ///
    /// A byte order mark at the start of the text is skipped. Arrays and inline
    /// tables may be nested at most 100 deep, and tables, arrays and inline tables
    /// together at most 256 deep.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var bytes = Array(text.utf8)
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            bytes.removeFirst(3)
        }
        var newlineOffsets: [Int] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A { newlineOffsets.append(index) }
            index += 1
        }
        // The parser reads through buffer pointers so that it holds no reference-counted
        // state, which keeps it fast even in unoptimized builds.
        return try bytes.withUnsafeBufferPointer { (bytes) throws(TOMLError) -> TOMLTable in
            try newlineOffsets.withUnsafeBufferPointer { (newlines) throws(TOMLError) -> TOMLTable in
                var parser = TOMLDocumentParser(bytes: bytes, newlineOffsets: newlines)
                return try parser.parseDocument()
            }
        }
    }
}

// MARK: - Mutable tree used while parsing

/// How a table came into existence; decides what may still be done to it.
private enum TOMLTableOrigin: Equatable {
    /// The document root.
    case root
    /// Created as a parent by a header such as `[a.b.c]` (for `a` and `a.b`); may still
    /// be defined once by its own header, or extended by dotted keys.
    case implicit
    /// Defined by its own `[x]` header.
    case header
    /// Created by dotted keys in the table section (or inline table) with this number;
    /// only that section may add to it with dotted keys.
    case dotted(Int)
    /// An element of an array of tables, created by a `[[x]]` header.
    case arrayElement
    /// An inline table being parsed.
    case inline
}

private final class TOMLMutableTable {
    var origin: TOMLTableOrigin
    var line: Int
    let depth: Int
    var keys: [String] = []
    var entries: [String: TOMLMutableEntry] = [:]

    init(origin: TOMLTableOrigin, line: Int, depth: Int) {
        self.origin = origin
        self.line = line
        self.depth = depth
    }

    func add(_ key: String, _ entry: TOMLMutableEntry) {
        keys.append(key)
        entries[key] = entry
    }
}

private final class TOMLMutableArrayOfTables {
    let line: Int
    var tables: [TOMLMutableTable]

    init(line: Int, first: TOMLMutableTable) {
        self.line = line
        self.tables = [first]
    }
}

private enum TOMLMutableEntry {
    /// A finished value that can never be extended: scalars, static arrays, inline tables.
    case value(TOMLNode)
    /// A table that may still receive keys.
    case table(TOMLMutableTable)
    /// An array of tables that `[[x]]` may still append to.
    case arrayOfTables(TOMLMutableArrayOfTables)
}

private struct TOMLKeyPart {
    let name: String
    /// Byte offset of the start of this part in the document.
    let position: Int
}

/// Maximum nesting of arrays and inline tables.
private let tomlMaxContainerNesting = 100
/// Maximum depth of any value (tables, arrays and inline tables together).
private let tomlMaxDepth = 256

// Byte values used below:
// 0x09 tab, 0x0A LF, 0x0D CR, 0x20 space, 0x22 ", 0x23 #, 0x27 ', 0x2B +, 0x2C ,,
// 0x2D -, 0x2E ., 0x3A :, 0x3D =, 0x5B [, 0x5C \, 0x5D ], 0x5F _, 0x7B {, 0x7D }.

@inline(__always) private func tomlIsDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

@inline(__always) private func tomlIsBareKeyByte(_ b: UInt8) -> Bool {
    (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D
}

/// Bytes that may appear in a bare value: numbers, booleans, dates and times.
@inline(__always) private func tomlIsTokenByte(_ b: UInt8) -> Bool {
    tomlIsBareKeyByte(b) || b == 0x2B || b == 0x2E || b == 0x3A
}

/// Control characters other than tab, which TOML forbids in strings and comments.
@inline(__always) private func tomlIsControl(_ b: UInt8) -> Bool {
    (b < 0x20 && b != 0x09) || b == 0x7F
}

private func tomlHexValue(_ b: UInt8) -> UInt32? {
    switch b {
    case 0x30...0x39: return UInt32(b - 0x30)
    case 0x41...0x46: return UInt32(b - 0x41 + 10)
    case 0x61...0x66: return UInt32(b - 0x61 + 10)
    default: return nil
    }
}

private func tomlDaysInMonth(_ month: Int, year: Int) -> Int {
    switch month {
    case 2:
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return leap ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

/// Quotes text for an error message, escaping control characters (the text is shown
/// as written otherwise, so `"\x"` reads as the offending escape sequence).
private func tomlQuoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\t": out += "\\t"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u" + tomlHex4(scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

private func tomlHex4(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}

/// Renders a (dotted) key for an error message, e.g. `"a.b"` or `"a.'b c'"`.
private func tomlKeyDisplay<C: Collection>(_ parts: C) -> String where C.Element == TOMLKeyPart {
    let rendered = parts.map { part -> String in
        let name = part.name
        if !name.isEmpty && name.utf8.allSatisfy(tomlIsBareKeyByte) { return name }
        if !name.contains("'") && !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "'" + name + "'"
        }
        return tomlQuoted(name)
    }
    return "\"" + rendered.joined(separator: ".") + "\""
}

private func tomlWithArticle(_ typeName: String) -> String {
    switch typeName.first {
    case "a", "e", "i", "o", "u": return "an " + typeName
    default: return "a " + typeName
    }
}

// MARK: - Parser

private struct TOMLDocumentParser {
    /// The UTF-8 bytes of the document (without a byte order mark).
    let bytes: UnsafeBufferPointer<UInt8>
    let count: Int
    /// Byte offsets of every line feed, for turning positions into line numbers.
    let newlineOffsets: UnsafeBufferPointer<Int>
    var pos = 0
    /// Current nesting of arrays and inline tables.
    var nesting = 0
    /// Number of the last table section started (by a header or an inline table).
    var sectionCounter = 0
    /// Number of the current `[table]` section (0 for the root).
    var currentSection = 0
    /// Cache for `trackedLine(at:)`: the number of line feeds before `lineCursorPosition`.
    var lineCursorIndex = 0
    var lineCursorPosition = 0

    init(bytes: UnsafeBufferPointer<UInt8>, newlineOffsets: UnsafeBufferPointer<Int>) {
        self.bytes = bytes
        self.count = bytes.count
        self.newlineOffsets = newlineOffsets
    }

    /// The text of the bytes in `start..<end`.
    func text(_ start: Int, _ end: Int) -> String {
        guard end > start, let base = bytes.baseAddress else { return "" }
        return String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
    }

    /// Appends the bytes in `start..<end` to a buffer.
    func append(_ start: Int, _ end: Int, to buffer: inout [UInt8]) {
        guard end > start, let base = bytes.baseAddress else { return }
        buffer.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
    }

    // MARK: Positions and errors

    /// The 1-based line of a byte offset.
    func line(at position: Int) -> Int {
        var low = 0
        var high = newlineOffsets.count
        while low < high {
            let mid = (low + high) / 2
            if newlineOffsets[mid] < position { low = mid + 1 } else { high = mid }
        }
        return low + 1
    }

    /// The 1-based line of a byte offset; amortized constant time when positions are
    /// asked in increasing order, as the parser does.
    mutating func trackedLine(at position: Int) -> Int {
        guard position >= lineCursorPosition else { return line(at: position) }
        while lineCursorIndex < newlineOffsets.count && newlineOffsets[lineCursorIndex] < position {
            lineCursorIndex += 1
        }
        lineCursorPosition = position
        return lineCursorIndex + 1
    }

    /// The 1-based column (in Unicode scalars) of a byte offset.
    func column(at position: Int) -> Int {
        let lineNumber = line(at: position)
        var index = lineNumber == 1 ? 0 : newlineOffsets[lineNumber - 2] + 1
        let end = min(position, count)
        var column = 1
        while index < end {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return column
    }

    func fail(_ message: String, at position: Int) -> TOMLError {
        TOMLError(line: line(at: position), column: column(at: position), message: message)
    }

    /// The Unicode scalar starting at a byte offset, as text.
    func scalarText(at position: Int) -> String {
        guard position < count else { return "" }
        let lead = bytes[position]
        let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        return text(position, min(count, position + length))
    }

    /// Describes the character at a byte offset for a message: `"x"`, `U+0007`,
    /// `a newline` or `the end of the document`.
    func describeCharacter(at position: Int) -> String {
        guard position < count else { return "the end of the document" }
        let b = bytes[position]
        if b == 0x0A || (b == 0x0D && position + 1 < count && bytes[position + 1] == 0x0A) {
            return "a newline"
        }
        if tomlIsControl(b) { return "U+" + tomlHex4(UInt32(b)) }
        return tomlQuoted(scalarText(at: position))
    }

    /// A short quoted excerpt of the text at a byte offset, up to the next whitespace,
    /// `,`, `]` or `}` (at least one character).
    func snippet(at position: Int) -> String {
        guard position < count else { return "the end of the document" }
        var end = position
        while end < count && end - position < 40 {
            let b = bytes[end]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
                || ((b == 0x2C || b == 0x5D || b == 0x7D) && end > position) {
                break
            }
            end += 1
        }
        if end == position { return describeCharacter(at: position) }
        while end < count && bytes[end] & 0xC0 == 0x80 { end += 1 }  // finish the scalar
        return tomlQuoted(text(position, end))
    }

    func controlCharacterMessage(_ b: UInt8, in place: String) -> String {
        if b == 0x0D { return "a carriage return must be followed by a line feed (found in \(place))" }
        return "control character U+\(tomlHex4(UInt32(b))) is not allowed in \(place)"
    }

    func isNewline(at position: Int) -> Bool {
        guard position < count else { return false }
        let b = bytes[position]
        return b == 0x0A || (b == 0x0D && position + 1 < count && bytes[position + 1] == 0x0A)
    }

    func isTriple(_ quote: UInt8, at position: Int) -> Bool {
        position + 2 < count && bytes[position] == quote && bytes[position + 1] == quote
            && bytes[position + 2] == quote
    }

    // MARK: Whitespace and comments

    mutating func skipWhitespace() {
        while pos < count {
            let b = bytes[pos]
            guard b == 0x20 || b == 0x09 else { return }
            pos += 1
        }
    }

    /// Skips a comment starting at `#`, up to (not including) the end of the line.
    mutating func skipComment() throws(TOMLError) {
        pos += 1
        while pos < count {
            let b = bytes[pos]
            if b == 0x0A { return }
            if tomlIsControl(b) {
                if b == 0x0D && pos + 1 < count && bytes[pos + 1] == 0x0A { return }
                throw fail(controlCharacterMessage(b, in: "a comment"), at: pos)
            }
            pos += 1
        }
    }

    /// Skips whitespace, newlines and comments (inside arrays).
    mutating func skipWhitespaceNewlinesAndComments() throws(TOMLError) {
        while pos < count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0A:
                pos += 1
            case 0x0D:
                guard pos + 1 < count && bytes[pos + 1] == 0x0A else {
                    throw fail(controlCharacterMessage(0x0D, in: "an array"), at: pos)
                }
                pos += 2
            case 0x23:
                try skipComment()
            default:
                return
            }
        }
    }

    // MARK: Document

    enum Statement {
        case keyValue([TOMLKeyPart])
        case header([TOMLKeyPart], isArray: Bool)
    }

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        let root = TOMLMutableTable(origin: .root, line: 1, depth: 0)
        var current = root
        while true {
            skipWhitespace()
            guard pos < count else { break }
            switch bytes[pos] {
            case 0x0A:
                pos += 1
            case 0x0D:
                guard pos + 1 < count && bytes[pos + 1] == 0x0A else {
                    throw fail("a carriage return must be followed by a line feed", at: pos)
                }
                pos += 2
            case 0x23:
                try skipComment()
            case 0x5B:
                let (parts, isArray, table) = try parseHeader(root: root)
                current = table
                try finishLine(after: .header(parts, isArray: isArray))
            default:
                let parts = try parseKeyValue(in: current, section: currentSection, inline: false)
                try finishLine(after: .keyValue(parts))
            }
        }
        return freeze(root)
    }

    /// After a statement: optional whitespace and comment, then a newline or the end.
    mutating func finishLine(after statement: Statement) throws(TOMLError) {
        skipWhitespace()
        guard pos < count else { return }
        if bytes[pos] == 0x23 {
            try skipComment()
            guard pos < count else { return }
        }
        if bytes[pos] == 0x0A {
            pos += 1
            return
        }
        if bytes[pos] == 0x0D && pos + 1 < count && bytes[pos + 1] == 0x0A {
            pos += 2
            return
        }
        let what: String
        switch statement {
        case .keyValue(let parts):
            what = "the value of the key \(tomlKeyDisplay(parts))"
        case .header(let parts, let isArray):
            let name = String(tomlKeyDisplay(parts).dropFirst().dropLast())
            what = isArray ? "the header \"[[\(name)]]\"" : "the header \"[\(name)]\""
        }
        if bytes[pos] == 0x0D {
            throw fail("a carriage return must be followed by a line feed (found after \(what))", at: pos)
        }
        throw fail("unexpected text \(snippet(at: pos)) after \(what)", at: pos)
    }

    // MARK: Keys

    /// Parses a simple or dotted key and the whitespace after it.
    mutating func parseKey() throws(TOMLError) -> [TOMLKeyPart] {
        var parts: [TOMLKeyPart] = []
        while true {
            let start = pos
            let name: String
            let b: UInt8 = pos < count ? bytes[pos] : 0x0A
            if pos < count && tomlIsBareKeyByte(b) {
                while pos < count && tomlIsBareKeyByte(bytes[pos]) { pos += 1 }
                name = text(start, pos)
            } else if b == 0x22 || b == 0x27 {
                if isTriple(b, at: pos) {
                    throw fail("a multi-line string cannot be used as a key", at: pos)
                }
                name = b == 0x22 ? try parseBasicString() : try parseLiteralString()
            } else if !parts.isEmpty {
                let prefix = String(tomlKeyDisplay(parts).dropFirst().dropLast())
                throw fail("expected a key after \"\(prefix).\"", at: pos)
            } else if b == 0x3D {
                throw fail("missing key before \"=\"", at: pos)
            } else if pos >= count || isNewline(at: pos) {
                throw fail("missing key", at: pos)
            } else {
                throw fail("invalid character \(describeCharacter(at: pos)) in a key", at: pos)
            }
            parts.append(TOMLKeyPart(name: name, position: start))
            skipWhitespace()
            guard pos < count && bytes[pos] == 0x2E else { return parts }
            pos += 1
            skipWhitespace()
        }
    }

    /// Parses `key = value` and stores the value into `table` (or a table below it,
    /// for dotted keys). Returns the key.
    mutating func parseKeyValue(
        in table: TOMLMutableTable, section: Int, inline: Bool
    ) throws(TOMLError) -> [TOMLKeyPart] {
        let keyStart = pos
        let parts = try parseKey()
        guard pos < count && bytes[pos] == 0x3D else {
            throw fail("expected \"=\" after the key \(tomlKeyDisplay(parts))", at: pos)
        }
        pos += 1
        skipWhitespace()
        if pos >= count || isNewline(at: pos) || bytes[pos] == 0x23
            || (inline && (bytes[pos] == 0x2C || bytes[pos] == 0x7D)) {
            throw fail("missing value for the key \(tomlKeyDisplay(parts))", at: pos)
        }
        let target = try resolveDottedParent(parts, from: table, section: section)
        let last = parts[parts.count - 1]
        if let existing = target.entries[last.name] {
            if case .value = existing {
                throw fail("duplicate key \(tomlKeyDisplay(parts))", at: keyStart)
            }
            if case .table(let child) = existing, case .dotted = child.origin {
                throw fail("duplicate key \(tomlKeyDisplay(parts))", at: keyStart)
            }
            throw fail("duplicate key \(tomlKeyDisplay(parts)): it is already defined as a table", at: keyStart)
        }
        let node = try parseValue(depth: target.depth + 1)
        target.add(last.name, .value(node))
        return parts
    }

    /// Walks (creating as needed) the tables named by all but the last part of a dotted
    /// key, starting at `table`.
    mutating func resolveDottedParent(
        _ parts: [TOMLKeyPart], from table: TOMLMutableTable, section: Int
    ) throws(TOMLError) -> TOMLMutableTable {
        var target = table
        var index = 0
        while index < parts.count - 1 {
            let part = parts[index]
            if let entry = target.entries[part.name] {
                switch entry {
                case .table(let child):
                    switch child.origin {
                    case .dotted(let owner) where owner == section:
                        target = child
                    case .implicit:
                        child.origin = .dotted(section)
                        target = child
                    case .dotted:
                        throw fail(
                            "cannot add to the table \(tomlKeyDisplay(parts[0...index])) with dotted keys here: it was defined by dotted keys in another table",
                            at: part.position)
                    default:
                        throw fail(
                            "cannot add to the table \(tomlKeyDisplay(parts[0...index])) with dotted keys: it is defined by a [table] header",
                            at: part.position)
                    }
                case .arrayOfTables:
                    throw fail(
                        "cannot add to the array of tables \(tomlKeyDisplay(parts[0...index])) with dotted keys",
                        at: part.position)
                case .value(let node):
                    throw fail(notATableMessage(parts[0...index], node), at: part.position)
                }
            } else {
                let child = TOMLMutableTable(
                    origin: .dotted(section), line: trackedLine(at: part.position), depth: target.depth + 1)
                if child.depth > tomlMaxDepth {
                    throw fail("the key \(tomlKeyDisplay(parts[0...index])) is nested too deeply (more than \(tomlMaxDepth) levels)", at: part.position)
                }
                target.add(part.name, .table(child))
                target = child
            }
            index += 1
        }
        return target
    }

    func notATableMessage<C: Collection>(_ path: C, _ node: TOMLNode) -> String where C.Element == TOMLKeyPart {
        if case .table = node.value {
            return "cannot extend the inline table \(tomlKeyDisplay(path))"
        }
        return "the key \(tomlKeyDisplay(path)) is already defined as \(tomlWithArticle(node.value.typeName)), not a table"
    }

    // MARK: Headers

    /// Parses `[a.b]` or `[[a.b]]`; returns the key, whether it is an array of tables,
    /// and the table that the following key/value pairs go into.
    mutating func parseHeader(
        root: TOMLMutableTable
    ) throws(TOMLError) -> ([TOMLKeyPart], Bool, TOMLMutableTable) {
        let start = pos
        let isArray = pos + 1 < count && bytes[pos + 1] == 0x5B
        pos += isArray ? 2 : 1
        skipWhitespace()
        if pos < count && bytes[pos] == 0x5D {
            throw fail(isArray ? "missing name in the header \"[[]]\"" : "missing name in the header \"[]\"", at: pos)
        }
        let parts = try parseKey()
        // Only needed for messages.
        var name: String { String(tomlKeyDisplay(parts).dropFirst().dropLast()) }
        if isArray {
            guard pos + 1 < count && bytes[pos] == 0x5D && bytes[pos + 1] == 0x5D else {
                throw fail("expected \"]]\" at the end of the header \"[[\(name)\"", at: pos)
            }
            pos += 2
        } else {
            guard pos < count && bytes[pos] == 0x5D else {
                throw fail("expected \"]\" at the end of the header \"[\(name)\"", at: pos)
            }
            pos += 1
        }
        let headerLine = trackedLine(at: start)
        sectionCounter += 1
        currentSection = sectionCounter

        var target = root
        for index in 0..<(parts.count - 1) {
            let part = parts[index]
            if let entry = target.entries[part.name] {
                switch entry {
                case .table(let child):
                    target = child
                case .arrayOfTables(let array):
                    target = array.tables[array.tables.count - 1]
                case .value(let node):
                    throw fail(notATableMessage(parts[0...index], node), at: part.position)
                }
            } else {
                let child = TOMLMutableTable(origin: .implicit, line: headerLine, depth: target.depth + 1)
                if child.depth > tomlMaxDepth {
                    throw fail("the table \(tomlKeyDisplay(parts)) is nested too deeply (more than \(tomlMaxDepth) levels)", at: part.position)
                }
                target.add(part.name, .table(child))
                target = child
            }
        }

        let last = parts[parts.count - 1]
        var display: String { tomlKeyDisplay(parts) }
        let current: TOMLMutableTable
        if isArray {
            let element = TOMLMutableTable(origin: .arrayElement, line: headerLine, depth: target.depth + 2)
            if element.depth > tomlMaxDepth {
                throw fail("the array of tables \(display) is nested too deeply (more than \(tomlMaxDepth) levels)", at: last.position)
            }
            if let entry = target.entries[last.name] {
                switch entry {
                case .arrayOfTables(let array):
                    array.tables.append(element)
                case .table:
                    throw fail("cannot define the array of tables \(display): it is already a table", at: last.position)
                case .value(let node):
                    switch node.value {
                    case .array:
                        throw fail("cannot append to the static array \(display) with [[\(name)]]", at: last.position)
                    case .table:
                        throw fail("cannot extend the inline table \(display) with [[\(name)]]", at: last.position)
                    default:
                        throw fail("the key \(display) is already defined as \(tomlWithArticle(node.value.typeName))", at: last.position)
                    }
                }
            } else {
                target.add(last.name, .arrayOfTables(TOMLMutableArrayOfTables(line: headerLine, first: element)))
            }
            current = element
        } else {
            if let entry = target.entries[last.name] {
                switch entry {
                case .table(let child):
                    switch child.origin {
                    case .implicit:
                        child.origin = .header
                        child.line = headerLine
                        current = child
                    case .dotted:
                        throw fail("table \(display) is already defined by dotted keys", at: last.position)
                    default:
                        throw fail("duplicate table \(display)", at: last.position)
                    }
                case .arrayOfTables:
                    throw fail("cannot define the table \(display): it is already an array of tables", at: last.position)
                case .value(let node):
                    if case .table = node.value {
                        throw fail("table \(display) is already defined as an inline table", at: last.position)
                    }
                    throw fail("the key \(display) is already defined as \(tomlWithArticle(node.value.typeName)), not a table", at: last.position)
                }
            } else {
                let child = TOMLMutableTable(origin: .header, line: headerLine, depth: target.depth + 1)
                if child.depth > tomlMaxDepth {
                    throw fail("the table \(display) is nested too deeply (more than \(tomlMaxDepth) levels)", at: last.position)
                }
                target.add(last.name, .table(child))
                current = child
            }
        }
        return (parts, isArray, current)
    }

    // MARK: Values

    /// Parses a value; `depth` is the depth the value itself will have in the tree.
    mutating func parseValue(depth: Int) throws(TOMLError) -> TOMLNode {
        let start = pos
        let valueLine = trackedLine(at: start)
        guard pos < count else { throw fail("missing value", at: pos) }
        let b = bytes[pos]
        switch b {
        case 0x22:
            let text = isTriple(0x22, at: pos) ? try parseMultilineString(quote: 0x22) : try parseBasicString()
            return TOMLNode(value: .string(text), line: valueLine)
        case 0x27:
            let text = isTriple(0x27, at: pos) ? try parseMultilineString(quote: 0x27) : try parseLiteralString()
            return TOMLNode(value: .string(text), line: valueLine)
        case 0x5B:
            return try parseArray(depth: depth, line: valueLine)
        case 0x7B:
            return try parseInlineTable(depth: depth, line: valueLine)
        default:
            if tomlIsTokenByte(b) {
                return TOMLNode(value: try parseBareValue(), line: valueLine)
            }
            if b == 0x2C || b == 0x5D || b == 0x7D {
                throw fail("expected a value before \(describeCharacter(at: pos))", at: pos)
            }
            throw fail("invalid value \(snippet(at: pos))", at: pos)
        }
    }

    mutating func enterContainer(at position: Int, depth: Int) throws(TOMLError) {
        if nesting > tomlMaxContainerNesting {
            throw fail("arrays and inline tables are nested too deeply (more than \(tomlMaxContainerNesting) levels)", at: position)
        }
        if depth > tomlMaxDepth {
            throw fail("values are nested too deeply (more than \(tomlMaxDepth) levels of tables and arrays)", at: position)
        }
    }

    mutating func parseArray(depth: Int, line arrayLine: Int) throws(TOMLError) -> TOMLNode {
        let open = pos
        nesting += 1
        defer { nesting -= 1 }
        try enterContainer(at: open, depth: depth)
        pos += 1
        var items: [TOMLNode] = []
        while true {
            try skipWhitespaceNewlinesAndComments()
            guard pos < count else { throw fail("unterminated array", at: open) }
            if bytes[pos] == 0x5D {
                pos += 1
                break
            }
            items.append(try parseValue(depth: depth + 1))
            try skipWhitespaceNewlinesAndComments()
            guard pos < count else { throw fail("unterminated array", at: open) }
            if bytes[pos] == 0x2C {
                pos += 1
                continue
            }
            if bytes[pos] == 0x5D {
                pos += 1
                break
            }
            throw fail("expected \",\" or \"]\" after an array element, found \(snippet(at: pos))", at: pos)
        }
        return TOMLNode(value: .array(items), line: arrayLine)
    }

    mutating func parseInlineTable(depth: Int, line tableLine: Int) throws(TOMLError) -> TOMLNode {
        let open = pos
        nesting += 1
        defer { nesting -= 1 }
        try enterContainer(at: open, depth: depth)
        pos += 1
        sectionCounter += 1
        let section = sectionCounter
        let table = TOMLMutableTable(origin: .inline, line: tableLine, depth: depth)
        skipWhitespace()
        if pos < count && bytes[pos] == 0x7D {
            pos += 1
            return TOMLNode(value: .table(freeze(table)), line: tableLine)
        }
        while true {
            skipWhitespace()
            guard pos < count else { throw fail("unterminated inline table", at: open) }
            if isNewline(at: pos) {
                throw fail("unterminated inline table: an inline table must be on a single line", at: pos)
            }
            if bytes[pos] == 0x7D {
                throw fail("trailing comma is not allowed in an inline table", at: pos)
            }
            let parts = try parseKeyValue(in: table, section: section, inline: true)
            skipWhitespace()
            guard pos < count else { throw fail("unterminated inline table", at: open) }
            switch bytes[pos] {
            case 0x2C:
                pos += 1
            case 0x7D:
                pos += 1
                return TOMLNode(value: .table(freeze(table)), line: tableLine)
            default:
                if isNewline(at: pos) {
                    throw fail("unterminated inline table: an inline table must be on a single line", at: pos)
                }
                if bytes[pos] == 0x23 {
                    throw fail("comments are not allowed in an inline table", at: pos)
                }
                throw fail(
                    "expected \",\" or \"}\" after the value of the key \(tomlKeyDisplay(parts)) in an inline table, found \(snippet(at: pos))",
                    at: pos)
            }
        }
    }

    // MARK: Strings

    /// Appends the UTF-8 encoding of a scalar.
    static func appendUTF8(_ scalar: Unicode.Scalar, to buffer: inout [UInt8]) {
        let v = scalar.value
        if v < 0x80 {
            buffer.append(UInt8(v))
        } else if v < 0x800 {
            buffer.append(UInt8(0xC0 | (v >> 6)))
            buffer.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            buffer.append(UInt8(0xE0 | (v >> 12)))
            buffer.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            buffer.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            buffer.append(UInt8(0xF0 | (v >> 18)))
            buffer.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            buffer.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            buffer.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// Parses an escape sequence starting at a backslash and appends its character.
    mutating func parseEscape(into buffer: inout [UInt8], open: Int) throws(TOMLError) {
        let start = pos
        guard pos + 1 < count else { throw fail("unterminated string", at: open) }
        let c = bytes[pos + 1]
        let simple: UInt8?
        switch c {
        case 0x62: simple = 0x08  // \b
        case 0x74: simple = 0x09  // \t
        case 0x6E: simple = 0x0A  // \n
        case 0x66: simple = 0x0C  // \f
        case 0x72: simple = 0x0D  // \r
        case 0x22: simple = 0x22  // \"
        case 0x5C: simple = 0x5C  // \\
        case 0x75, 0x55: simple = nil  // \u, \U
        default:
            if c == 0x0A || c == 0x0D || tomlIsControl(c) || c == 0x20 || c == 0x09 {
                throw fail("invalid escape sequence: \"\\\" followed by \(describeCharacter(at: pos + 1))", at: start)
            }
            throw fail("invalid escape sequence \(tomlQuoted("\\" + scalarText(at: pos + 1)))", at: start)
        }
        if let simple {
            buffer.append(simple)
            pos += 2
            return
        }
        let length = c == 0x75 ? 4 : 8
        var value: UInt32 = 0
        var index = pos + 2
        while index < pos + 2 + length {
            guard index < count, let digit = tomlHexValue(bytes[index]) else {
                var end = index
                while end < count && end < pos + 2 + length && tomlIsTokenByte(bytes[end]) { end += 1 }
                throw fail("invalid unicode escape \(tomlQuoted(text(start, end))): expected \(length) hexadecimal digits", at: start)
            }
            value = value << 4 | digit
            index += 1
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw fail("invalid unicode escape \(tomlQuoted(text(start, index))): not a Unicode scalar value", at: start)
        }
        Self.appendUTF8(scalar, to: &buffer)
        pos = index
    }

    /// Parses a single-line basic string starting at its opening quote.
    mutating func parseBasicString() throws(TOMLError) -> String {
        let open = pos
        pos += 1
        var buffer: [UInt8] = []
        var runStart = pos
        while pos < count {
            let b = bytes[pos]
            if b == 0x22 {
                let result: String
                if buffer.isEmpty {
                    result = text(runStart, pos)
                } else {
                    append(runStart, pos, to: &buffer)
                    result = String(decoding: buffer, as: UTF8.self)
                }
                pos += 1
                return result
            }
            if b == 0x5C {
                append(runStart, pos, to: &buffer)
                try parseEscape(into: &buffer, open: open)
                runStart = pos
                continue
            }
            if tomlIsControl(b) {
                if isNewline(at: pos) {
                    throw fail("unterminated string: a single-line string cannot contain a newline", at: pos)
                }
                throw fail(controlCharacterMessage(b, in: "a string"), at: pos)
            }
            pos += 1
        }
        throw fail("unterminated string", at: open)
    }

    /// Parses a single-line literal string starting at its opening apostrophe.
    mutating func parseLiteralString() throws(TOMLError) -> String {
        let open = pos
        pos += 1
        let start = pos
        while pos < count {
            let b = bytes[pos]
            if b == 0x27 {
                let result = text(start, pos)
                pos += 1
                return result
            }
            if tomlIsControl(b) {
                if isNewline(at: pos) {
                    throw fail("unterminated string: a single-line string cannot contain a newline", at: pos)
                }
                throw fail(controlCharacterMessage(b, in: "a literal string"), at: pos)
            }
            pos += 1
        }
        throw fail("unterminated string", at: open)
    }

    /// Parses a multi-line basic (`"""`) or literal (`'''`) string starting at its
    /// opening delimiter. Line endings in the content become "\n".
    mutating func parseMultilineString(quote: UInt8) throws(TOMLError) -> String {
        let open = pos
        let isBasic = quote == 0x22
        pos += 3
        // A newline immediately after the opening delimiter is trimmed.
        if pos < count && bytes[pos] == 0x0A {
            pos += 1
        } else if pos + 1 < count && bytes[pos] == 0x0D && bytes[pos + 1] == 0x0A {
            pos += 2
        }
        var buffer: [UInt8] = []
        var runStart = pos
        while pos < count {
            let b = bytes[pos]
            if b == quote {
                var quotes = 1
                while pos + quotes < count && bytes[pos + quotes] == quote { quotes += 1 }
                if quotes < 3 {
                    pos += quotes
                    continue
                }
                if quotes > 5 {
                    throw fail("too many quotes in a row in a multi-line string", at: pos + 5)
                }
                // Up to two quotes right before the closing delimiter belong to the content.
                append(runStart, pos + quotes - 3, to: &buffer)
                pos += quotes
                return String(decoding: buffer, as: UTF8.self)
            }
            if b == 0x5C && isBasic {
                append(runStart, pos, to: &buffer)
                // A backslash that is the last non-whitespace character on a line trims
                // all whitespace and newlines that follow it.
                var after = pos + 1
                while after < count && (bytes[after] == 0x20 || bytes[after] == 0x09) { after += 1 }
                if isNewline(at: after) {
                    pos = after
                    while pos < count {
                        let c = bytes[pos]
                        if c == 0x20 || c == 0x09 || c == 0x0A {
                            pos += 1
                        } else if c == 0x0D && pos + 1 < count && bytes[pos + 1] == 0x0A {
                            pos += 2
                        } else {
                            break
                        }
                    }
                } else {
                    try parseEscape(into: &buffer, open: open)
                }
                runStart = pos
                continue
            }
            if b == 0x0A {
                pos += 1
                continue
            }
            if tomlIsControl(b) {
                if b == 0x0D && pos + 1 < count && bytes[pos + 1] == 0x0A {
                    append(runStart, pos, to: &buffer)
                    buffer.append(0x0A)
                    pos += 2
                    runStart = pos
                    continue
                }
                throw fail(controlCharacterMessage(b, in: isBasic ? "a string" : "a literal string"), at: pos)
            }
            pos += 1
        }
        throw fail("unterminated string", at: open)
    }

    // MARK: Numbers, booleans, dates and times

    /// Parses a value made of token bytes: boolean, integer, float, date or time.
    mutating func parseBareValue() throws(TOMLError) -> TOMLValue {
        let start = pos
        while pos < count && tomlIsTokenByte(bytes[pos]) { pos += 1 }
        // A date followed by a space and a time is one date-time.
        if pos - start == 10 && bytes[start + 4] == 0x2D && pos + 3 < count && bytes[pos] == 0x20
            && tomlIsDigit(bytes[pos + 1]) && tomlIsDigit(bytes[pos + 2]) && bytes[pos + 3] == 0x3A {
            pos += 1
            while pos < count && tomlIsTokenByte(bytes[pos]) { pos += 1 }
        }
        // The token is not empty: this is only called at a token byte.
        let token = UnsafeBufferPointer(start: bytes.baseAddress! + start, count: pos - start)
        let n = token.count
        if n == 4 && token[0] == 0x74 && token[1] == 0x72 && token[2] == 0x75 && token[3] == 0x65 {
            return .bool(true)
        }
        if n == 5 && token[0] == 0x66 && token[1] == 0x61 && token[2] == 0x6C && token[3] == 0x73
            && token[4] == 0x65 {
            return .bool(false)
        }
        if n >= 5 && tomlIsDigit(token[0]) && tomlIsDigit(token[1]) && tomlIsDigit(token[2])
            && tomlIsDigit(token[3]) && token[4] == 0x2D {
            if let value = Self.dateValue(token) { return value }
            let written = text(start, pos)
            throw fail(n <= 10 ? "invalid date \(tomlQuoted(written))" : "invalid date-time \(tomlQuoted(written))", at: start)
        }
        if n >= 3 && tomlIsDigit(token[0]) && tomlIsDigit(token[1]) && token[2] == 0x3A {
            if Self.timeEnd(token, from: 0) == n { return .localTime(text(start, pos)) }
            throw fail("invalid time \(tomlQuoted(text(start, pos)))", at: start)
        }
        return try numberValue(token, at: start)
    }

    static func digits(_ token: UnsafeBufferPointer<UInt8>, _ from: Int, _ length: Int) -> Int? {
        guard from + length <= token.count else { return nil }
        var value = 0
        var index = from
        while index < from + length {
            guard tomlIsDigit(token[index]) else { return nil }
            value = value * 10 + Int(token[index] - 0x30)
            index += 1
        }
        return value
    }

    /// Validates `HH:MM:SS[.frac]` starting at `from`; returns the index after it.
    static func timeEnd(_ token: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let hour = digits(token, from, 2), hour < 24,
              from + 2 < token.count, token[from + 2] == 0x3A,
              let minute = digits(token, from + 3, 2), minute < 60,
              from + 5 < token.count, token[from + 5] == 0x3A,
              let second = digits(token, from + 6, 2), second <= 60
        else { return nil }
        var index = from + 8
        if index < token.count && token[index] == 0x2E {
            index += 1
            let fractionStart = index
            while index < token.count && tomlIsDigit(token[index]) { index += 1 }
            guard index > fractionStart else { return nil }
        }
        return index
    }

    /// Validates a date, local date-time or offset date-time token.
    static func dateValue(_ token: UnsafeBufferPointer<UInt8>) -> TOMLValue? {
        guard let year = digits(token, 0, 4), token.count >= 10, token[4] == 0x2D,
              let month = digits(token, 5, 2), token[7] == 0x2D,
              let day = digits(token, 8, 2),
              year >= 1,  // year 0000 is refused, like toml-test and tomllib do
              month >= 1, month <= 12, day >= 1, day <= tomlDaysInMonth(month, year: year)
        else { return nil }
        if token.count == 10 { return .localDate(year: year, month: month, day: day) }
        let separator = token[10]
        guard separator == 0x54 || separator == 0x74 || separator == 0x20,  // T t space
              let end = timeEnd(token, from: 11)
        else { return nil }
        let text = String(decoding: token, as: UTF8.self)
        if end == token.count { return .localDateTime(text) }
        let offset = token[end]
        if (offset == 0x5A || offset == 0x7A) && end + 1 == token.count {  // Z z
            return .offsetDateTime(text)
        }
        if (offset == 0x2B || offset == 0x2D) && end + 6 == token.count,
           let hours = digits(token, end + 1, 2), hours < 24, token[end + 3] == 0x3A,
           let minutes = digits(token, end + 4, 2), minutes < 60 {
            return .offsetDateTime(text)
        }
        return nil
    }

    /// Scans digits with single underscores between digits starting at a digit;
    /// appends the digits to `out`. Returns the index after them, or nil on a bad underscore.
    static func scanDigits(
        _ token: UnsafeBufferPointer<UInt8>, from: Int, into out: inout [UInt8],
        isDigit: (UInt8) -> Bool = tomlIsDigit
    ) -> Int? {
        var index = from
        while index < token.count {
            let b = token[index]
            if isDigit(b) {
                out.append(b)
                index += 1
            } else if b == 0x5F {
                guard index + 1 < token.count && isDigit(token[index + 1]) else { return nil }
                index += 1
            } else {
                break
            }
        }
        return index
    }

    func numberValue(_ token: UnsafeBufferPointer<UInt8>, at start: Int) throws(TOMLError) -> TOMLValue {
        var index = 0
        var negative = false
        var signed = false
        if token[0] == 0x2B || token[0] == 0x2D {
            signed = true
            negative = token[0] == 0x2D
            index = 1
        }
        if token.count == index + 3 {
            let (a, b, c) = (token[index], token[index + 1], token[index + 2])
            if a == 0x69 && b == 0x6E && c == 0x66 {  // inf
                return .float(negative ? -Double.infinity : Double.infinity)
            }
            if a == 0x6E && b == 0x61 && c == 0x6E {  // nan
                return .float(negative ? -Double.nan : Double.nan)
            }
        }
        let looksNumeric = signed || tomlIsDigit(token[0])
        var invalid: TOMLError {
            let written = String(decoding: token, as: UTF8.self)
            return fail(looksNumeric ? "invalid number \(tomlQuoted(written))" : "invalid value \(tomlQuoted(written))", at: start)
        }
        var outOfRange: TOMLError {
            fail("integer \(tomlQuoted(String(decoding: token, as: UTF8.self))) does not fit in 64 bits", at: start)
        }
        guard index < token.count, tomlIsDigit(token[index]) else { throw invalid }

        // Hexadecimal, octal and binary integers (never signed).
        if !signed && token.count > 2 && token[0] == 0x30
            && (token[1] == 0x78 || token[1] == 0x6F || token[1] == 0x62) {  // x o b
            let radix: UInt64 = token[1] == 0x78 ? 16 : token[1] == 0x6F ? 8 : 2
            let isRadixDigit: (UInt8) -> Bool = { b in
                guard let v = tomlHexValue(b) else { return false }
                return UInt64(v) < radix
            }
            var digits: [UInt8] = []
            guard isRadixDigit(token[2]),
                  let end = Self.scanDigits(token, from: 2, into: &digits, isDigit: isRadixDigit),
                  end == token.count
            else { throw invalid }
            var value: UInt64 = 0
            var digitIndex = 0
            while digitIndex < digits.count {
                let (shifted, o1) = value.multipliedReportingOverflow(by: radix)
                let (sum, o2) = shifted.addingReportingOverflow(UInt64(tomlHexValue(digits[digitIndex]) ?? 0))
                if o1 || o2 { throw outOfRange }
                value = sum
                digitIndex += 1
            }
            guard value <= UInt64(Int64.max) else { throw outOfRange }
            return .integer(Int64(value))
        }

        // Decimal integers and floats.
        var digits: [UInt8] = []
        if token[index] == 0x30 {
            digits.append(0x30)
            index += 1
            if index < token.count && (tomlIsDigit(token[index]) || token[index] == 0x5F) { throw invalid }
        } else {
            guard let end = Self.scanDigits(token, from: index, into: &digits) else { throw invalid }
            index = end
        }
        let integerDigits = digits.count
        var isFloat = false
        if index < token.count && token[index] == 0x2E {
            isFloat = true
            digits.append(0x2E)
            index += 1
            guard index < token.count, tomlIsDigit(token[index]),
                  let end = Self.scanDigits(token, from: index, into: &digits)
            else { throw invalid }
            index = end
        }
        if index < token.count && (token[index] == 0x65 || token[index] == 0x45) {  // e E
            isFloat = true
            digits.append(0x65)
            index += 1
            if index < token.count && (token[index] == 0x2B || token[index] == 0x2D) {
                digits.append(token[index])
                index += 1
            }
            guard index < token.count, tomlIsDigit(token[index]),
                  let end = Self.scanDigits(token, from: index, into: &digits)
            else { throw invalid }
            index = end
        }
        guard index == token.count else { throw invalid }

        if isFloat {
            guard let magnitude = Double(String(decoding: digits, as: UTF8.self)) else { throw invalid }
            return .float(negative ? -magnitude : magnitude)
        }
        var magnitude: UInt64 = 0
        var digitIndex = 0
        while digitIndex < integerDigits {
            let (shifted, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = shifted.addingReportingOverflow(UInt64(digits[digitIndex] - 0x30))
            if o1 || o2 { throw outOfRange }
            magnitude = sum
            digitIndex += 1
        }
        if negative {
            if magnitude <= UInt64(Int64.max) { return .integer(-Int64(magnitude)) }
            if magnitude == UInt64(Int64.max) + 1 { return .integer(Int64.min) }
            throw outOfRange
        }
        guard magnitude <= UInt64(Int64.max) else { throw outOfRange }
        return .integer(Int64(magnitude))
    }

    // MARK: Freezing

    /// Converts the mutable tree into the public value types.
    func freeze(_ table: TOMLMutableTable) -> TOMLTable {
        var storage: [String: TOMLNode] = [:]
        storage.reserveCapacity(table.keys.count)
        var keyIndex = 0
        while keyIndex < table.keys.count {
            let key = table.keys[keyIndex]
            keyIndex += 1
            guard let entry = table.entries[key] else { continue }
            switch entry {
            case .value(let node):
                storage[key] = node
            case .table(let child):
                storage[key] = TOMLNode(value: .table(freeze(child)), line: child.line)
            case .arrayOfTables(let array):
                var elements: [TOMLNode] = []
                elements.reserveCapacity(array.tables.count)
                var elementIndex = 0
                while elementIndex < array.tables.count {
                    let element = array.tables[elementIndex]
                    elements.append(TOMLNode(value: .table(freeze(element)), line: element.line))
                    elementIndex += 1
                }
                storage[key] = TOMLNode(value: .array(elements), line: array.line)
            }
        }
        return TOMLTable(line: table.line, keys: table.keys, storage: storage)
    }
}
