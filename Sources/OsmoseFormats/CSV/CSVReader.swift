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

/// RFC 4180 CSV, as spreadsheets and platforms export it: a UTF-8 BOM is skipped, fields may be
/// quoted (with `""` for a quote, and separators and line breaks inside), lines end in LF or CRLF.
public enum CSVReader {
    /// The most bytes read from one file (a backstop against a hostile or mistaken input).
    public static let maximumSize = 1 << 30

    /// Splits `data` into its header and records. The delimiter, when not given, is guessed from
    /// the header line: `;` if it holds more of them than `,`, else `,`.
    public static func read(_ data: Data, delimiter: UInt8? = nil) throws(CSVError) -> (header: [String], records: [CSVRecord]) {
        guard data.count <= maximumSize else { throw CSVError(line: 1, message: "the file is larger than 1 GiB") }
        let bytes = [UInt8](data)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw CSVError(line: firstInvalidUTF8Line(bytes), message: "the file is not UTF-8 text (export it as UTF-8)")
        }
        var start = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        let separator = delimiter ?? guessDelimiter(bytes, from: start)
        var records: [CSVRecord] = []
        records.reserveCapacity(bytes.count / 80)
        var fields: [String] = []
        var line = 1
        var recordLine = 1
        var i = start
        let n = bytes.count
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var atRecordStart = true
        while i < n || !atRecordStart {
            if atRecordStart {
                recordLine = line
                atRecordStart = false
            }
            // One field.
            if i < n && bytes[i] == quote {
                i += 1
                var value = [UInt8]()
                var closed = false
                while i < n {
                    let b = bytes[i]
                    if b == quote {
                        if i + 1 < n && bytes[i + 1] == quote {
                            value.append(quote)
                            i += 2
                            continue
                        }
                        closed = true
                        i += 1
                        break
                    }
                    if b == lf { line += 1 }
                    value.append(b)
                    i += 1
                }
                guard closed else { throw CSVError(line: recordLine, message: "a quoted field is never closed") }
                if i < n && bytes[i] != separator && bytes[i] != lf && bytes[i] != cr {
                    throw CSVError(line: line, message: "unexpected text after a closing quote")
                }
                fields.append(String(decoding: value, as: UTF8.self))
            } else {
                let fieldStart = i
                while i < n && bytes[i] != separator && bytes[i] != lf && bytes[i] != cr { i += 1 }
                fields.append(String(decoding: bytes[fieldStart..<i], as: UTF8.self))
            }
            // What ends it.
            if i < n && bytes[i] == separator {
                i += 1
                if i >= n { fields.append("") } else { continue }
            }
            if i < n && bytes[i] == cr { i += 1 }
            if i < n && bytes[i] == lf { i += 1 }
            line += 1
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
            atRecordStart = true
            if i >= n { break }
        }
        guard let header = records.first else { throw CSVError(line: 1, message: "the file is empty") }
        return (header.fields, Array(records.dropFirst()))
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
