import Foundation
import OsmoseDomain
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The one way Osmose opens XML from other tools: size-bounded, entities refused.
///
/// Camera sidecars, editors' timelines and hash lists come from outside. A document that
/// declares entities (`<!ENTITY …>`, the root of "billion laughs" and of external-entity
/// reads) is refused before parsing, and the parser never resolves external entities.
public enum SafeXML {
    /// Refuses `data` when it declares entities; `name` names the file in the message.
    public static func check(_ data: Data, name: String) throws(InputError) {
        // A DTD comes before the root element, but a prologue may be padded (comments, processing
        // instructions) to any length: the whole document is looked at.
        let declares = data.withUnsafeBytes { prologue -> Bool in
            guard let doctype = find("<!DOCTYPE", in: prologue, from: 0) else { return false }
            return find("<!ENTITY", in: prologue, from: doctype) != nil
        }
        if declares { throw InputError("\(name.quoted) declares XML entities, which Osmose does not expand") }
    }

    /// The offset of `needle` in `bytes` at or after `start` (memchr to each first byte, then a compare).
    private static func find(_ needle: StaticString, in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        let pattern = UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = pattern.first, let base = bytes.baseAddress, bytes.count >= pattern.count else { return nil }
        var i = start
        while i <= bytes.count - pattern.count {
            guard let hit = memchr(base + i, Int32(first), bytes.count - pattern.count + 1 - i) else { return nil }
            i = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + i, pattern.baseAddress!, pattern.count) == 0 { return i }
            i += 1
        }
        return nil
    }

    /// Reads a whole file of at most `limit` bytes, refusing bigger ones before reading them.
    public static func read(_ url: URL, limit: Int) throws -> Data {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        guard size <= limit else {
            throw InputError("\(url.path.quoted) is \(size) bytes, more than the \(limit) bytes such a file can hold")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw InputError("\(url.path.quoted) cannot be read")
        }
        guard data.count <= limit else {
            throw InputError("\(url.path.quoted) is more than the \(limit) bytes such a file can hold")
        }
        return data
    }

    /// Refuses `data` when it is not UTF-8, naming the first bad byte and its line.
    ///
    /// Sidecars, hash lists and chains are UTF-8. `XMLParser` on Linux parses in libxml2's
    /// recovery mode and then traps on an element or attribute name it cannot decode, so bytes
    /// that are not UTF-8 never reach it.
    public static func checkUTF8(_ data: Data, name: String) throws(InputError) {
        let bad = data.withUnsafeBytes { bytes -> (offset: Int, byte: UInt8, line: Int)? in
            guard let offset = firstInvalidUTF8(bytes) else { return nil }
            let line = 1 + bytes[..<offset].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            return (offset, bytes[offset], line)
        }
        if let bad {
            throw InputError(
                "\(name):\(bad.line): byte \(String(format: "0x%02X", bad.byte)) at offset \(bad.offset) is not UTF-8 (Osmose reads XML written in UTF-8)")
        }
    }

    /// The offset of the first byte that does not start or continue a well-formed UTF-8 character.
    static func firstInvalidUTF8(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var k = 0
        while k < bytes.count {
            if bytes[k] < 0x80 {
                k += 1
                continue
            }
            guard let length = utf8Length(bytes, at: k) else { return k }
            k += length
        }
        return nil
    }

    /// The length of the UTF-8 character of two bytes or more starting at `k` (its first byte is
    /// 0x80 or above), nil when it is not a well-formed one: no overlong forms, surrogates or
    /// code points past U+10FFFF. Shared with the cut reader, which checks as it goes.
    static func utf8Length(_ bytes: UnsafeRawBufferPointer, at k: Int) -> Int? {
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch bytes[k] {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xED: length = 3; high = 0x9F
        case 0xE1...0xEF: length = 3
        case 0xF0: length = 4; low = 0x90
        case 0xF4: length = 4; high = 0x8F
        case 0xF1...0xF3: length = 4
        default: return nil
        }
        guard k + length <= bytes.count else { return nil }
        let second = bytes[k + 1]
        guard second >= low && second <= high else { return nil }
        for j in 2..<length where bytes[k + j] & 0xC0 != 0x80 { return nil }
        return length
    }

    /// Refuses a processing instruction with a target and nothing else (`<?x?>`, or `<?xml?>`
    /// without a version): libxml2 hands `XMLParser` on Linux a null pointer for its data, which
    /// it reads anyway. Looked for everywhere, comments and CDATA included: libxml2 recovers from
    /// errors and may read on where a strict parser would not.
    public static func checkProcessingInstructions(_ data: Data, name: String) throws(InputError) {
        let empty = data.withUnsafeBytes { bytes -> (target: String, line: Int)? in
            var line = 1
            var i = 0
            while i + 1 < bytes.count {
                if bytes[i] == 0x0A { line += 1 }
                guard bytes[i] == UInt8(ascii: "<") && bytes[i + 1] == UInt8(ascii: "?") else {
                    i += 1
                    continue
                }
                // The target runs to a space or a `?`; it may hold another `<?`, which the loop
                // then looks at too.
                let start = i + 2
                var end = start
                while end < bytes.count && ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "?")].contains(bytes[end]) { end += 1 }
                if end + 1 < bytes.count && bytes[end] == UInt8(ascii: "?") && bytes[end + 1] == UInt8(ascii: ">") {
                    return (String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self), line)
                }
                i = start
            }
            return nil
        }
        if let empty {
            throw InputError(
                "\(name):\(empty.line): the processing instruction <?\(empty.target)?> holds nothing after its target\(empty.target == "xml" ? " (an XML declaration needs its version)" : "")")
        }
    }

    /// A parser over checked data (UTF-8, no entities, no empty processing instruction) that
    /// never resolves external entities.
    public static func parser(_ data: Data, name: String, delegate: any XMLParserDelegate) throws(InputError) -> XMLParser {
        try check(data, name: name)
        try checkUTF8(data, name: name)
        try checkProcessingInstructions(data, name: name)
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        return parser
    }
}
