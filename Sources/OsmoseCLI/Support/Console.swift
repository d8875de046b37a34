import Foundation

/// Writing to the terminal: results on standard output, failures on standard error.
enum Console {
    static func line(_ text: String = "") {
        print(text)
    }

    /// Pushes what was printed out now (for a line a long-running command prints before it waits).
    static func flush() {
        fflush(nil)  // every output stream (naming stdout is not concurrency-safe in Swift 6)
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Prints a value as JSON: keys sorted, indented, slashes and non-ASCII left as they are.
    static func json(_ value: some Encodable) throws {
        print(String(decoding: try jsonData(value), as: UTF8.self))
    }

    /// JSON as the command line writes it: indented, keys sorted, slashes left alone.
    static func jsonData(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// Prints rows under headers, in columns as wide as their widest cell.
    static func table(_ headers: [String], _ rows: [[String]]) {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], cell.count)
            }
        }
        func render(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        print(render(headers))
        for row in rows { print(render(row)) }
    }
}
