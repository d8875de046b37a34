import Foundation
import OsmoseDomain

// The parts of an HTTP request the service reads as text: percent-encoded paths, queries and
// form bodies, the Cookie header, the Accept-Language header. Pure functions over strings, so the
// fuzz targets reach them without a server; whatever the bytes, they return (never trap).

/// Percent-decoding, exactly once.
public enum PercentEncoding {
    /// `%XX` becomes its byte once (`%2541` reads `%41`, not `A`); with `plusAsSpace` (queries and
    /// form bodies, not paths) `+` is a space. A `%` not followed by two hexadecimal digits stays as
    /// written; bytes that are not UTF-8 become U+FFFD.
    public static func decode(_ text: some StringProtocol, plusAsSpace: Bool) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let first = utf8.index(after: index)
                if first != utf8.endIndex, let high = hexValue(utf8[first]) {
                    let second = utf8.index(after: first)
                    if second != utf8.endIndex, let low = hexValue(utf8[second]) {
                        bytes.append(high << 4 | low)
                        index = utf8.index(after: second)
                        continue
                    }
                }
                bytes.append(byte)
            } else if plusAsSpace && byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
            index = utf8.index(after: index)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// The fields of a query string or of an `application/x-www-form-urlencoded` body
/// (`name=value&…`): names and values percent-decoded once, `+` read as a space. A part without
/// `=` is a name with an empty value; empty parts (`&&`) are skipped; a name may repeat.
public struct URLEncodedFields: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public let name: String
        public let value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public let fields: [Field]

    public init(_ fields: [Field]) {
        self.fields = fields
    }

    /// A query string (what follows `?`, without it) or a form body's text; nil reads as no field.
    public init(parsing text: (some StringProtocol)?) {
        guard let text, !text.isEmpty else {
            fields = []
            return
        }
        fields = text.split(separator: "&").map { part in
            guard let equals = part.firstIndex(of: "=") else {
                return Field(name: PercentEncoding.decode(part, plusAsSpace: true), value: "")
            }
            return Field(name: PercentEncoding.decode(part[..<equals], plusAsSpace: true),
                         value: PercentEncoding.decode(part[part.index(after: equals)...], plusAsSpace: true))
        }
    }

    /// A form body as sent: bytes that are not UTF-8 become U+FFFD.
    public init(body: some Sequence<UInt8>) {
        self.init(parsing: String(decoding: Array(body), as: UTF8.self))
    }

    /// The value of the first field with this name.
    public subscript(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// The first field with this name, or a sentence saying it is missing.
    // Untyped on purpose: Swift 6.3's optimizer crashes (signal 11, splitting the coroutine) on an
    // async route handler that inlines a typed throw from here, in release builds.
    public func require(_ name: String) throws -> String {
        guard let value = self[name] else { throw InputError("the form field \"\(name)\" is missing") }
        return value
    }

    /// The value of the first field with this name, nil when absent or empty.
    public func nonEmpty(_ name: String) -> String? {
        self[name].flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// The `Cookie` request header (`name=value; name2=value2`).
public enum CookieHeader {
    /// Each cookie, in order: names and values as sent, but for the double quotes a value may
    /// come in; a part without `=` or with an empty name is skipped.
    public static func parse(_ header: some StringProtocol) -> [(name: String, value: String)] {
        header.split(separator: ";").compactMap { part in
            guard let equals = part.firstIndex(of: "=") else { return nil }
            let name = part[..<equals].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { return nil }
            var value = Substring(part[part.index(after: equals)...].trimmingCharacters(in: .whitespaces))
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
            return (name: name, value: String(value))
        }
    }

    /// The value of the first cookie with this name in any of the headers.
    public static func value(named name: String, in headers: [String]) -> String? {
        for header in headers {
            if let found = parse(header).first(where: { $0.name == name }) { return found.value }
        }
        return nil
    }
}

/// The `Accept-Language` request header (`fr-FR, fr;q=0.9, en;q=0.8`).
public struct AcceptLanguage: Sendable, Equatable {
    public struct Range: Sendable, Equatable {
        /// The language range, lowercased (`fr-fr`, `en`, `*`).
        public let tag: String
        /// Its weight, from 0 (not acceptable) to 1.
        public let quality: Double
    }

    /// The ranges in the order given; an empty range, or one whose `q` is not a number from 0 to 1, is skipped.
    public let ranges: [Range]

    public init(parsing header: some StringProtocol) {
        ranges = header.split(separator: ",").compactMap { part in
            let pieces = part.split(separator: ";")
            guard let first = pieces.first else { return nil }
            let tag = first.trimmingCharacters(in: .whitespaces).lowercased()
            guard !tag.isEmpty else { return nil }
            var quality = 1.0
            for parameter in pieces.dropFirst() {
                let parameter = parameter.trimmingCharacters(in: .whitespaces)
                guard parameter.lowercased().hasPrefix("q=") else { continue }
                guard let q = Double(parameter.dropFirst(2)), q >= 0, q <= 1 else { return nil }
                quality = q
            }
            return Range(tag: tag, quality: quality)
        }
    }

    /// The language among `supported` (lowercase codes such as `fr`, `en`) with the highest
    /// weight, the first given on a tie; `fr-BE` counts for `fr`; nil when none is acceptable.
    public func preferred(among supported: [String]) -> String? {
        var best: (code: String, quality: Double)?
        for range in ranges where range.quality > 0 {
            guard let code = supported.first(where: { range.tag == $0 || range.tag.hasPrefix($0 + "-") }) else { continue }
            if range.quality > (best?.quality ?? 0) { best = (code, range.quality) }
        }
        return best?.code
    }
}
