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
        // A DTD comes before the root element: only the prologue needs looking at.
        let declares = data.prefix(64 * 1024).withUnsafeBytes { prologue -> Bool in
            guard let doctype = find("<!DOCTYPE", in: prologue, from: 0) else { return false }
            return find("<!ENTITY", in: prologue, from: doctype) != nil
        }
        if declares { throw InputError("\(name.quoted) declares XML entities, which Osmose does not expand") }
    }

    /// The offset of `needle` in `bytes` at or after `start` (a plain byte scan on the first byte, then a compare).
    private static func find(_ needle: StaticString, in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        let pattern = UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
        var i = start
        while i <= bytes.count - pattern.count {
            if bytes[i] == first && memcmp(bytes.baseAddress! + i, pattern.baseAddress!, pattern.count) == 0 { return i }
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

    /// A parser over checked data that never resolves external entities.
    public static func parser(_ data: Data, name: String, delegate: any XMLParserDelegate) throws(InputError) -> XMLParser {
        try check(data, name: name)
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        return parser
    }
}
