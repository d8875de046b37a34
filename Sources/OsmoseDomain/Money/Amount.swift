import Foundation

/// Amounts of money are integer cents (`Int64`), never floating point. This reads them as a
/// producer writes them and writes them in the production's locale.
public enum Amount {
    /// Reads `1200`, `1200.50`, `1 200,50 €`, `€25.00 EUR`, `1.200,50`, `1,200.50` as cents.
    ///
    /// A lone separator followed by three digits groups thousands; otherwise the last `,` or `.`
    /// is the decimal separator, with one or two decimals. A currency sign or code other than
    /// `currency` is refused: amounts are never converted.
    public static func parse(_ text: String, currency: String = "EUR", allowZero: Bool = false) throws(InputError) -> Int64 {
        let bad = InputError("\(text.quoted) is not an amount (write 1200, 1200.50 or “1 200,50 €”)")
        var s = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // Currency signs and codes, before or after the number.
        let signs: [String: String] = ["€": "EUR", "$": "USD", "£": "GBP", "CHF": "CHF", "US$": "USD"]
        for (sign, code) in signs.sorted(by: { $0.key.count > $1.key.count }) where s.contains(sign) {
            guard code == currency else { throw InputError("\(text.quoted) is in \(code), not \(currency): amounts are not converted") }
            s = s.replacingOccurrences(of: sign, with: "")
        }
        let letters = s.filter(\.isLetter)
        if !letters.isEmpty {
            guard s.contains(where: \.isNumber) else { throw bad }
            let code = letters.uppercased()
            guard code.count == 3, s.trimmingCharacters(in: .whitespaces).hasPrefix(letters) || s.trimmingCharacters(in: .whitespaces).hasSuffix(letters)
            else { throw bad }
            guard code == currency else { throw InputError("\(text.quoted) is in \(code), not \(currency): amounts are not converted") }
            s = s.replacingOccurrences(of: String(letters), with: "")
        }
        s = s.trimmingCharacters(in: .whitespaces)
        var negative = false
        if s.hasPrefix("-") {
            negative = true
            s.removeFirst()
        }
        // Spaces of any kind group thousands.
        let spaces: Set<Character> = [" ", "\u{00A0}", "\u{202F}", "\u{2009}", "'"]
        let hasSpaceGroups = s.contains(where: spaces.contains)
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "," || $0 == ".") || spaces.contains($0) }),
              s.first!.isNumber
        else { throw bad }

        // Find the decimal separator.
        let separators = s.enumerated().filter { $0.element == "," || $0.element == "." }
        var integerPart = s
        var fraction = ""
        if let last = separators.last {
            let after = s.distance(from: s.index(s.startIndex, offsetBy: last.offset), to: s.endIndex) - 1
            let kinds = Set(separators.map(\.element))
            let lastIsDecimal = kinds.count == 2 || (separators.count == 1 && after != 3) || (separators.count == 1 && hasSpaceGroups)
            if lastIsDecimal {
                guard (1...2).contains(after) else { throw bad }
                let idx = s.index(s.startIndex, offsetBy: last.offset)
                integerPart = String(s[..<idx])
                fraction = String(s[s.index(after: idx)...])
            }
        }
        // What remains of the integer part: digits in groups of three after the first.
        let groupMarks: Set<Character> = spaces.union([",", "."])
        let groups = integerPart.split(whereSeparator: groupMarks.contains).map(String.init)
        guard !groups.isEmpty, !integerPart.hasSuffix(" "), groups.allSatisfy({ $0.allSatisfy(\.isNumber) }),
              groups.dropFirst().allSatisfy({ $0.count == 3 }), (1...3).contains(groups[0].count) || groups.count == 1,
              groups.count == integerPart.split(omittingEmptySubsequences: false, whereSeparator: groupMarks.contains).count
        else { throw bad }
        let digits = groups.joined()
        guard digits.count <= 13, let units = Int64(digits) else { throw InputError("\(text.quoted) is too large an amount") }
        // A space after the separator ("20, 0") leaves a fraction that is not digits.
        guard fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
              let hundredths = fraction.isEmpty ? 0 : Int64(fraction.count == 1 ? fraction + "0" : fraction)
        else { throw bad }
        let cents = units * 100 + hundredths
        if negative { throw InputError("\(text.quoted) is negative: amounts here are positive") }
        if cents == 0 && !allowZero { throw InputError("\(text.quoted) is zero: an amount must be positive") }
        return cents
    }

    /// Reads a percentage such as `4`, `4.5`, `"4,5 %"` as basis points (hundredths of a percent).
    public static func parsePercent(_ text: String) throws(InputError) -> Int {
        var s = text.trimmingCharacters(in: .whitespaces)
        if s.hasSuffix("%") { s.removeLast() }
        s = s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts.count == 1 || (1...2).contains(parts[1].count), let whole = Int(parts[0]), whole <= 100
        else { throw InputError("\(text.quoted) is not a percentage (write 4, 4.5 or “4,5 %”)") }
        let hundredths = parts.count == 2 ? Int(parts[1].count == 1 ? parts[1] + "0" : String(parts[1]))! : 0
        let bp = whole * 100 + hundredths
        guard bp <= 10_000 else { throw InputError("\(text.quoted) is more than 100 %") }
        return bp
    }

    /// Writes cents in a locale: `2 500,00 €` for French, `€2,500.00` for English.
    public static func format(_ cents: Int64, currency: String = "EUR", locale: String = "fr_FR") -> String {
        let negative = cents < 0
        let magnitude = cents.magnitude
        let units = String(magnitude / 100)
        let fraction = String(format: "%02d", Int(magnitude % 100))
        let french = !locale.hasPrefix("en")
        var grouped = ""
        for (i, ch) in units.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { grouped.append(french ? " " : ",") }
            grouped.append(ch)
        }
        let number = String(grouped.reversed()) + (french ? "," : ".") + fraction
        let sign = negative ? "-" : ""
        let symbol = currency == "EUR" ? "€" : currency
        if french { return sign + number + " " + symbol }
        return sign + (currency == "EUR" ? "€" : currency + " ") + number
    }

    /// Writes basis points as a percentage: `4,5 %` or `4.5%`.
    public static func formatPercent(basisPoints: Int, locale: String = "fr_FR") -> String {
        var text = String(basisPoints / 100)
        if basisPoints % 100 != 0 {
            let rest = basisPoints % 100
            text += (locale.hasPrefix("en") ? "." : ",") + (rest % 10 == 0 ? String(rest / 10) : String(format: "%02d", rest))
        }
        return locale.hasPrefix("en") ? text + "%" : text + " %"
    }

    /// A percentage with one decimal: `112,6 %` or `112.6%`.
    public static func formatPercent(_ value: Double, locale: String = "fr_FR") -> String {
        let text = String(format: "%.1f", value)
        return locale.hasPrefix("en") ? text + "%" : text.replacingOccurrences(of: ".", with: ",") + " %"
    }

    /// `amount × basisPoints / 10 000`, rounded half up to the cent.
    public static func percentOf(_ cents: Int64, basisPoints: Int) -> Int64 {
        (cents * Int64(basisPoints) + 5_000) / 10_000
    }
}
