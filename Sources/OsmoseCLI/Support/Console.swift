import Foundation
import OsmoseDomain

/// Writing to the terminal: results on standard output, failures on standard error.
///
/// Everything printed for people passes through here, and stored text is shown with its control
/// characters, escape sequences and bidirectional controls written out (`\u{1B}`), never sent raw:
/// a name stored before the text rule, or a ledger written by another tool, cannot retitle the
/// terminal or turn a line around. JSON output is escaped by its encoder.
enum Console {
    static func line(_ text: String = "") {
        print(TextField.visible(text, keepingLines: true))
    }

    /// Prints text as it is made (a report, CSV rows), with the same escaping as `line`, without adding a line end.
    static func text(_ text: String) {
        print(TextField.visible(text, keepingLines: true), terminator: "")
    }

    /// Pushes what was printed out now (for a line a long-running command prints before it waits).
    static func flush() {
        fflush(nil)  // every output stream (naming stdout is not concurrency-safe in Swift 6)
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((TextField.visible(text, keepingLines: true) + "\n").utf8))
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
        let rows = rows.map { $0.map { TextField.visible($0) } }
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
        for row in rows { print(render(row)) }  // cells already made visible
    }
}
