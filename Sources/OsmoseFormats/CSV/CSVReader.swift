import Foundation

/// One record of a CSV file, with the line it starts on (1 is the header).
public struct CSVRecord: Sendable {
    public let line: Int
    public let fields: [String]
}

/// A CSV file that cannot be read, at a line of it.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
}

/// A record being scanned: its fields are decoded only when asked for, so that columns nobody
/// reads cost nothing. It points into the reader's buffers: use it only inside the callback.
public struct CSVRow {
    let bytes: UnsafeBufferPointer<UInt8>
    /// For each field: where it starts and ends in `bytes`, and whether it holds doubled quotes.
    let spans: UnsafeBufferPointer<(start: Int, end: Int, quoted: Bool)>
    public let line: Int

    init(bytes: UnsafeBufferPointer<UInt8>, spans: UnsafeBufferPointer<(start: Int, end: Int, quoted: Bool)>, line: Int) {
        self.bytes = bytes
        self.spans = spans
        self.line = line
    }

    public var count: Int { spans.count }

    /// The field at `index`, or an empty string past the last one.
    public subscript(index: Int) -> String { field(index, trimmed: false) }

    /// The field at `index` without the spaces at its ends (ASCII spaces and tabs, U+00A0, U+2000…U+200B, U+202F).
    /// Bidirectional controls (U+202A…U+202E) are not spaces: they stay, for the text rule to refuse.
    public func trimmed(_ index: Int) -> String { field(index, trimmed: true) }

    func field(_ index: Int, trimmed: Bool) -> String {
        guard index < spans.count else { return "" }
        var span = spans[index]
        if trimmed {
            while span.start < span.end, let width = spaceWidth(at: span.start, end: span.end) { span.start += width }
            while span.start < span.end, let width = spaceWidth(endingAt: span.end, start: span.start) { span.end -= width }
        }
        let slice = UnsafeBufferPointer(rebasing: bytes[span.start..<span.end])
        guard span.quoted else { return String(decoding: slice, as: UTF8.self) }
        // Undo doubled quotes.
        var value = [UInt8]()
        value.reserveCapacity(slice.count)
        var i = 0
        while i < slice.count {
            value.append(slice[i])
            i += slice[i] == UInt8(ascii: "\"") && i + 1 < slice.count && slice[i + 1] == UInt8(ascii: "\"") ? 2 : 1
        }
        return String(decoding: value, as: UTF8.self)
    }
}

extension CSVRow {
    /// The length of the space character starting at `i`, if one does.
    func spaceWidth(at i: Int, end: Int) -> Int? {
        let b = bytes[i]
        if b == 0x20 || b == 0x09 { return 1 }
        if b == 0xC2 && i + 1 < end && bytes[i + 1] == 0xA0 { return 2 }
        if b == 0xE2 && i + 2 < end && bytes[i + 1] == 0x80 && (bytes[i + 2] <= 0x8B || bytes[i + 2] == 0xAF) { return 3 }
        return nil
    }

    /// The length of the space character ending just before `end`, if one does.
    func spaceWidth(endingAt end: Int, start: Int) -> Int? {
        let b = bytes[end - 1]
        if b == 0x20 || b == 0x09 { return 1 }
        if b == 0xA0 && end - 2 >= start && bytes[end - 2] == 0xC2 { return 2 }
        if (b <= 0x8B || b == 0xAF) && b >= 0x80 && end - 3 >= start && bytes[end - 3] == 0xE2 && bytes[end - 2] == 0x80 { return 3 }
        return nil
    }
}

/// RFC 4180 CSV, as spreadsheets and platforms export it: a UTF-8 BOM is skipped, fields may be
/// quoted (with `""` for a quote, and separators and line breaks inside), lines end in LF or CRLF.
public enum CSVReader {
    /// The most bytes read from one file (a backstop against a hostile or mistaken input).
    public static let maximumSize = 1 << 30

    /// Splits `data` into its header and records. The delimiter, when not given, is guessed from
    /// the header line: `;` if it holds more of them than `,`, else `,`.
    public static func read(_ data: Data, delimiter: UInt8? = nil) throws(CSVError) -> (header: [String], records: [CSVRecord]) {
        var records: [CSVRecord] = []
        try scan(data, delimiter: delimiter) { row in
            records.append(CSVRecord(line: row.line, fields: (0..<row.count).map { row[$0] }))
        }
        guard let header = records.first else { throw CSVError(line: 1, message: "the file is empty") }
        return (header.fields, Array(records.dropFirst()))
    }

    /// Hands each record, the header first, to `body` in turn. Blank lines are skipped.
    public static func scan(_ data: Data, delimiter: UInt8? = nil, _ body: (CSVRow) -> Void) throws(CSVError) {
        guard data.count <= maximumSize else { throw CSVError(line: 1, message: "the file is larger than 1 GiB") }
        let bytes = [UInt8](data)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw CSVError(line: firstInvalidUTF8Line(bytes), message: "the file is not UTF-8 text (export it as UTF-8)")
        }
        var start = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        let separator = delimiter ?? guessDelimiter(bytes, from: start)
        var any = false
        let result: Result<Void, CSVError> = bytes.withUnsafeBufferPointer { buffer in
            var spans: [(start: Int, end: Int, quoted: Bool)] = []
            spans.reserveCapacity(64)
            let n = buffer.count
            let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
            var i = start
            var line = 1
            while i < n {
                let recordLine = line
                spans.removeAll(keepingCapacity: true)
                while true {
                    if i < n && buffer[i] == quote {
                        i += 1
                        let fieldStart = i
                        var doubled = false
                        var closed = false
                        while i < n {
                            let b = buffer[i]
                            if b == quote {
                                if i + 1 < n && buffer[i + 1] == quote {
                                    doubled = true
                                    i += 2
                                    continue
                                }
                                closed = true
                                break
                            }
                            if b == lf { line += 1 }
                            i += 1
                        }
                        guard closed else { return .failure(CSVError(line: recordLine, message: "a quoted field is never closed")) }
                        spans.append((fieldStart, i, doubled))
                        i += 1
                        if i < n && buffer[i] != separator && buffer[i] != lf && buffer[i] != cr {
                            return .failure(CSVError(line: line, message: "unexpected text after a closing quote"))
                        }
                    } else {
                        let fieldStart = i
                        while i < n {
                            let b = buffer[i]
                            if b == separator || b == lf || b == cr { break }
                            i += 1
                        }
                        spans.append((fieldStart, i, false))
                    }
                    if i < n && buffer[i] == separator {
                        i += 1
                        if i >= n { spans.append((n, n, false)) } else { continue }
                    }
                    break
                }
                if i < n && buffer[i] == cr { i += 1 }
                if i < n && buffer[i] == lf { i += 1 }
                line += 1
                if spans.count == 1 && spans[0].start == spans[0].end { continue }
                spans.withUnsafeBufferPointer { spanBuffer in
                    any = true
                    body(CSVRow(bytes: buffer, spans: spanBuffer, line: recordLine))
                }
            }
            return .success(())
        }
        if case .failure(let error) = result { throw error }
        guard any else { throw CSVError(line: 1, message: "the file is empty") }
    }

    static func guessDelimiter(_ bytes: [UInt8], from start: Int) -> UInt8 {
        var semicolons = 0, commas = 0, tabs = 0
        var i = start
        var inQuotes = false
        while i < bytes.count && (inQuotes || (bytes[i] != UInt8(ascii: "\n"))) {
            switch bytes[i] {
            case UInt8(ascii: "\""): inQuotes.toggle()
            case UInt8(ascii: ";") where !inQuotes: semicolons += 1
            case UInt8(ascii: ",") where !inQuotes: commas += 1
            case UInt8(ascii: "\t") where !inQuotes: tabs += 1
            default: break
            }
            i += 1
        }
        if tabs > semicolons && tabs > commas { return UInt8(ascii: "\t") }
        return semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }

    static func firstInvalidUTF8Line(_ bytes: [UInt8]) -> Int {
        var line = 1
        var start = 0
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
            if String(validating: bytes[start..<i], as: UTF8.self) == nil { return line }
            line += 1
            start = i + 1
        }
        return line
    }
}
