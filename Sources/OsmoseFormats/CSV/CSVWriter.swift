/// RFC 4180 rows: fields holding the separator, a quote or a line end are quoted, quotes doubled.
///
/// Every CSV Osmose writes goes through here, and is safe to open in a spreadsheet (OWASP's rule
/// against CSV injection): a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is
/// written with a leading `'`, so that no spreadsheet takes it for a formula. A cell that is
/// wholly a negative number as Osmose writes amounts (`-12,30 €`, `-€12.30`, `-3`) is left as it
/// is: it holds no formula, and a spreadsheet should read it as the number it is.
public enum CSVWriter {
    /// One row, ended by CRLF.
    public static func row(_ fields: [String], separator: Character = ",") -> String {
        fields.map { field($0, separator: separator) }.joined(separator: String(separator)) + "\r\n"
    }

    public static func field(_ value: String, separator: Character = ",") -> String {
        let value = neutralised(value)
        guard value.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `value` with a leading `'` when a spreadsheet could take it for a formula.
    public static func neutralised(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        if first == "-" && isNegativeAmount(value.unicodeScalars.dropFirst()) { return value }
        return "'" + value
    }

    /// Digits with the grouping, decimal marks and signs of an amount, and at least one digit.
    static func isNegativeAmount(_ rest: Substring.UnicodeScalarView) -> Bool {
        var digits = false
        for scalar in rest {
            switch scalar {
            case "0"..."9": digits = true
            case " ", "\u{A0}", "\u{202F}", ",", ".", "€", "%": continue
            default: return false
            }
        }
        return digits
    }
}
