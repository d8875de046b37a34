import Foundation
import OsmoseDomain

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One element of a camera sidecar, with the namespace prefix dropped from its name.
///
/// Sidecars are a few kilobytes, so the readers take them whole as a small tree rather than
/// as a stream of events: the fields they want sit at different depths in each maker's schema.
struct SidecarElement: Sendable {
    var name: String
    var attributes: [String: String]
    var text: String
    var children: [SidecarElement]
    /// The line the element starts on, for messages.
    var line: Int

    /// The first child named `name`.
    func child(_ name: String) -> SidecarElement? {
        children.first { $0.name == name }
    }

    /// Follows a path of child names: `element.path("ClipMetadata", "Device", "ModelName")`.
    func path(_ names: String...) -> SidecarElement? {
        var node: SidecarElement? = self
        for name in names { node = node?.child(name) }
        return node
    }

    /// The first element named `name` at any depth, in document order (this element included).
    func first(_ name: String) -> SidecarElement? {
        if self.name == name { return self }
        for child in children {
            if let found = child.first(name) { return found }
        }
        return nil
    }

    /// The first element whose name is one of `names` (compared without case), in document order.
    func first(anyOf names: Set<String>) -> SidecarElement? {
        if names.contains(name.lowercased()) { return self }
        for child in children {
            if let found = child.first(anyOf: names) { return found }
        }
        return nil
    }

    /// Every element in document order, this one first.
    var all: [SidecarElement] {
        [self] + children.flatMap(\.all)
    }

    /// The text, trimmed; nil when empty.
    var value: String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// Parses a sidecar through `SafeXML` into a `SidecarElement` tree.
enum SidecarXML {
    /// Sidecars hold a few hundred elements; a deeper or larger document is not a sidecar.
    static let maxDepth = 64
    static let maxElements = 100_000

    static func parse(_ data: Data, name: String) throws(InputError) -> SidecarElement {
        let builder = TreeBuilder()
        let parser = try SafeXML.parser(data, name: name, delegate: builder)
        let ok = parser.parse()
        if let problem = builder.problem {
            throw InputError("\(name):\(problem.line): \(problem.message)")
        }
        // On Linux parse() can report success on truncated input: the error and the open
        // elements tell the truth.
        if !ok || parser.parserError != nil {
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "parse failed"
            throw InputError("\(name):\(parser.lineNumber): not well-formed XML (\(reason))")
        }
        guard builder.stack.isEmpty, let root = builder.root else {
            throw InputError("\(name):\(parser.lineNumber): the XML ends before its root element is closed")
        }
        return root
    }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [SidecarElement] = []
        var root: SidecarElement?
        var count = 0
        var problem: (line: Int, message: String)?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            count += 1
            guard stack.count < SidecarXML.maxDepth, count <= SidecarXML.maxElements else {
                problem = (
                    parser.lineNumber,
                    "the XML nests deeper than \(SidecarXML.maxDepth) levels or holds more than \(SidecarXML.maxElements) elements, more than any camera sidecar"
                )
                parser.abortParsing()
                return
            }
            guard root == nil || !stack.isEmpty else {
                problem = (parser.lineNumber, "a second root element <\(elementName)> follows the first")
                parser.abortParsing()
                return
            }
            var attributes: [String: String] = [:]
            for (key, value) in attributeDict { attributes[Self.local(key)] = value }
            stack.append(
                SidecarElement(
                    name: Self.local(elementName), attributes: attributes, text: "", children: [],
                    line: parser.lineNumber))
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            guard let element = stack.popLast() else { return }
            if stack.isEmpty {
                root = element
            } else {
                stack[stack.count - 1].children.append(element)
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
        }

        static func local(_ name: String) -> String {
            guard let colon = name.lastIndex(of: ":") else { return name }
            return String(name[name.index(after: colon)...])
        }
    }
}

// MARK: - Rates and dates shared by the sidecar readers

enum CameraValues {
    /// A rate as cameras write it (`23.98p`, `25p`, `29.97p`, `50i`, `59.94i`, `119.88p`,
    /// `29.97PsF`, `25`) as a fraction of frames per second. Interlaced rates count fields, so
    /// `50i` is 25 frames a second.
    static func rate(text: String) -> (numerator: Int, denominator: Int)? {
        var s = text.trimmingCharacters(in: .whitespaces).lowercased()
        // P2 codecs name the rate after a slash: `AVC-I_1080/50i`.
        if let slash = s.lastIndex(of: "/") {
            s = String(s[s.index(after: slash)...])
        }
        var interlaced = false
        if s.hasSuffix("psf") {
            s.removeLast(3)
        } else if s.hasSuffix("p") || s.hasSuffix("fps") {
            s = String(s.prefix { $0.isNumber || $0 == "." })
        } else if s.hasSuffix("i") {
            s.removeLast()
            interlaced = true
        }
        guard let value = Double(s), value > 0, value < 1_000 else { return nil }
        let fields: (Int, Int)
        let whole = value.rounded()
        if abs(value - whole) < 0.001 {
            fields = (Int(whole), 1)
        } else {
            // 23.98, 29.97, 59.94, 119.88: the NTSC rates are n × 1000/1001.
            let n = (value * 1.001).rounded()
            guard abs(n / 1.001 - value) < 0.01 else { return nil }
            fields = (Int(n) * 1_000, 1_001)
        }
        if interlaced {
            guard fields.0 % 2 == 0 else { return nil }
            return (fields.0 / 2, fields.1)
        }
        return fields
    }

    /// The Osmose rate running at `numerator/denominator` frames a second.
    static func frameRate(numerator: Int, denominator: Int, dropFrame: Bool) -> FrameRate? {
        FrameRate.all.first {
            $0.numerator * denominator == numerator * $0.denominator && $0.dropFrame == dropFrame
        }
    }

    /// An edit unit as P2 writes it (`1/25`, `1001/30000`): seconds per frame.
    static func rate(editUnit: String) -> (numerator: Int, denominator: Int)? {
        let parts = editUnit.split(separator: "/").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let seconds = parts[0], let frames = parts[1], seconds > 0, frames > 0 else {
            return nil
        }
        return (frames, seconds)
    }

    /// Dates as cameras write them: `2015-09-18T10:14:06+02:00`, with or without fractions
    /// of a second, `Z`, or a zone.
    static func date(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: trimmed) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: trimmed) { return date }
        // No zone: the camera's clock, taken as UTC rather than the reading machine's zone.
        let plain = DateFormatter()
        plain.locale = Locale(identifier: "en_US_POSIX")
        plain.timeZone = TimeZone(identifier: "UTC")
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy:MM:dd HH:mm:ss"] {
            plain.dateFormat = format
            if let date = plain.date(from: trimmed) { return date }
        }
        return nil
    }

    /// A frame count written by a camera: a non-negative integer.
    static func count(_ text: String?, field: String, name: String, line: Int) throws(InputError) -> Int? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let n = Int(text), n >= 0 else {
            throw InputError("\(name):\(line): \(field) \(text.quoted) is not a frame count")
        }
        return n
    }
}
