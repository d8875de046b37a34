import Foundation
import OsmoseDomain

// MARK: - XML text

extension MarkerExport {
    /// Text safe inside an XML element or a double-quoted attribute.
    ///
    /// Characters XML 1.0 cannot hold (most control characters, lone surrogates cannot occur in
    /// Swift strings) are dropped; in attributes, line breaks and tabs are written as character
    /// references so that parsers do not fold them into spaces.
    static func xml(_ text: String, attribute: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "\n" where attribute: out += "&#10;"
            case "\r": out += "&#13;"
            case "\t" where attribute: out += "&#9;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            case "\u{FFFE}", "\u{FFFF}": continue
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A time as Final Cut Pro writes it: a rational number of seconds, `3600s`, `1001/30000s`.
    static func rationalSeconds(frames: Int, rate: FrameRate) -> String {
        let numerator = frames * rate.denominator
        let denominator = rate.numerator
        guard numerator != 0 else { return "0s" }
        let divisor = gcd(numerator, denominator)
        let (n, d) = (numerator / divisor, denominator / divisor)
        return d == 1 ? "\(n)s" : "\(n)/\(d)s"
    }

    /// The length of one frame of `rate`: `1/25s`, `1001/30000s`, `1001/24000s`.
    static func frameDuration(_ rate: FrameRate) -> String {
        let divisor = gcd(rate.denominator, rate.numerator)
        let (n, d) = (rate.denominator / divisor, rate.numerator / divisor)
        return "\(n)/\(d)s"
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (abs(a), abs(b))
        while b != 0 { (a, b) = (b, a % b) }
        return max(a, 1)
    }
}

// MARK: - JSON text

extension MarkerExport {
    /// A JSON value whose objects keep their keys in the order written, as OpenTimelineIO does.
    indirect enum JSON {
        case object([(String, JSON)])
        case array([JSON])
        case string(String)
        case number(Double)
        case integer(Int)
        case bool(Bool)
        case null

        /// Indented by four spaces, like OpenTimelineIO's own files.
        func rendered() -> String {
            var out = ""
            render(into: &out, indent: 0)
            return out + "\n"
        }

        private func render(into out: inout String, indent: Int) {
            let pad = String(repeating: " ", count: indent + 4)
            let closing = String(repeating: " ", count: indent)
            switch self {
            case .object(let pairs):
                guard !pairs.isEmpty else {
                    out += "{}"
                    return
                }
                out += "{\n"
                for (index, (key, value)) in pairs.enumerated() {
                    out += pad + Self.quoted(key) + ": "
                    value.render(into: &out, indent: indent + 4)
                    out += index == pairs.count - 1 ? "\n" : ",\n"
                }
                out += closing + "}"
            case .array(let items):
                guard !items.isEmpty else {
                    out += "[]"
                    return
                }
                out += "[\n"
                for (index, item) in items.enumerated() {
                    out += pad
                    item.render(into: &out, indent: indent + 4)
                    out += index == items.count - 1 ? "\n" : ",\n"
                }
                out += closing + "]"
            case .string(let text): out += Self.quoted(text)
            // Swift prints the shortest text that reads back as the same double, as Python does.
            case .number(let value): out += value.isFinite ? "\(value)" : "null"
            case .integer(let value): out += "\(value)"
            case .bool(let value): out += value ? "true" : "false"
            case .null: out += "null"
            }
        }

        static func quoted(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 {
                        out += String(format: "\\u%04x", scalar.value)
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
    }
}
