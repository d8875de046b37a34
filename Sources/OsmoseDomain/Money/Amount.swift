import Foundation

/// Amounts of money are integer cents (`Int64`), never floating point. This reads them as a
/// producer writes them and writes them in the production's locale.
public enum Amount {
    /// The most any amount may be, whatever door it comes through (the command line, an import, a budget
    /// file, a team form, the API): 1 000 000 000,00 €. 92 million such amounts still add up within 64 bits;
    /// sums are checked all the same (see `AmountOverflow`).
    public static let maximumCents: Int64 = 100_000_000_000

    /// Refuses `cents` above `maximumCents`; `shown` names the value as the person wrote it.
    public static func checkCeiling(_ cents: Int64, shown: String, currency: String = "EUR") throws(InputError) {
        guard cents <= maximumCents else {
            throw InputError("\(shown) is more than \(format(maximumCents, currency: currency)), the most an amount may be")
        }
    }

    /// Reads `1200`, `1200.50`, `+12,30`, `1 200,50 €`, `€25.00 EUR`, `1.200,50`, `1,200.50`, `1,200,000` as cents.
    ///
    /// Spaces group thousands; with both `,` and `.`, the last is the decimal separator; a separator
    /// repeated groups thousands. An amount has at most two decimals, and a lone `,` or `.` followed by
    /// exactly three digits is refused: “1,500” may be 1 500 € or 1,50 €. A currency sign or code other
    /// than `currency` is refused: amounts are never converted. Nothing above `maximumCents` is taken.
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
        } else if s.hasPrefix("+") {
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
            let idx = s.index(s.startIndex, offsetBy: last.offset)
            let after = s.distance(from: idx, to: s.endIndex) - 1
            let lastIsDecimal = Set(separators.map(\.element)).count == 2 || separators.count == 1
            if lastIsDecimal {
                let digits = String(s[s.index(after: idx)...])
                if separators.count == 1 && !hasSpaceGroups && after == 3 && digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                    throw ambiguous(text, whole: String(s[..<idx]), decimals: digits, separator: last.element, currency: currency)
                }
                if after > 2 && digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                    let cut = "\(s[..<idx])\(last.element)\(digits.prefix(2))"
                    let example = cut.contains(where: { $0 != "0" && $0.isNumber }) ? "write \(cut)" : "write at most two decimals"
                    throw InputError("\(text.quoted) has more than two decimals: an amount is counted in cents (\(example))")
                }
                guard (1...2).contains(after) else { throw bad }
                integerPart = String(s[..<idx])
                fraction = digits
            }
        }
        // What remains of the integer part: digits in groups of three after the first.
        let groupMarks: Set<Character> = spaces.union([",", "."])
        let groups = integerPart.split(whereSeparator: groupMarks.contains).map(String.init)
        guard !groups.isEmpty, !integerPart.hasSuffix(" "), groups.allSatisfy({ $0.allSatisfy(\.isNumber) }),
              groups.dropFirst().allSatisfy({ $0.count == 3 }), (1...3).contains(groups[0].count) || groups.count == 1,
              groups.count == integerPart.split(omittingEmptySubsequences: false, whereSeparator: groupMarks.contains).count
        else { throw bad }
        // A space after the separator ("20, 0") leaves a fraction that is not digits.
        guard fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
              let hundredths = fraction.isEmpty ? 0 : Int64(fraction.count == 1 ? fraction + "0" : fraction)
        else { throw bad }
        let digits = groups.joined().drop { $0 == "0" }
        let tooLarge = InputError("\(text.quoted) is more than \(format(maximumCents, currency: currency)), the most an amount may be")
        guard digits.count <= 16, let units = Int64(digits.isEmpty ? "0" : String(digits)) else { throw tooLarge }
        let cents = units * 100 + hundredths
        if negative { throw InputError("\(text.quoted) is negative: amounts here are positive") }
        if cents == 0 && !allowZero { throw InputError("\(text.quoted) is zero: an amount must be positive") }
        try checkCeiling(cents, shown: text.quoted, currency: currency)
        return cents
    }

    /// “1,500” is ambiguous: do you mean 1 500,00 € or 1,50 €? write 1500 or 1,50 — a lone separator before three digits.
    static func ambiguous(_ text: String, whole: String, decimals: String, separator: Character, currency: String) -> InputError {
        let plain = String((whole.filter(\.isNumber) + decimals).drop { $0 == "0" })
        let symbol = currency == "EUR" ? "€" : currency
        guard let thousands = Int64(plain.isEmpty ? "0" : plain), thousands <= maximumCents / 100 else {
            return InputError("\(text.quoted) is more than \(format(maximumCents, currency: currency)), the most an amount may be")
        }
        let wholeDigits = whole.filter(\.isNumber).isEmpty ? "0" : whole
        let first = "\(format(thousands * 100, currency: currency))"
        if decimals.hasSuffix("0") {
            let twoDecimals = wholeDigits + String(separator) + decimals.prefix(2)
            let second = "\(wholeDigits),\(decimals.prefix(2)) \(symbol)"
            return InputError("\(text.quoted) is ambiguous: do you mean \(first) or \(second)? write \(plain.isEmpty ? "0" : plain) or \(twoDecimals)")
        }
        return InputError("\(text.quoted) is ambiguous: do you mean \(first) or \(wholeDigits),\(decimals) \(symbol), which is not a whole number of cents? write \(plain.isEmpty ? "0" : plain), or at most two decimals")
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
    /// Computed by parts for any amount of cents, so that it cannot overflow however large the amount.
    public static func percentOf(_ cents: Int64, basisPoints: Int) -> Int64 {
        guard cents >= 0, (0...10_000).contains(basisPoints) else { return (cents * Int64(basisPoints) + 5_000) / 10_000 }
        let (whole, rest) = cents.quotientAndRemainder(dividingBy: 10_000)
        return whole * Int64(basisPoints) + (rest * Int64(basisPoints) + 5_000) / 10_000
    }

    // MARK: - Sums that cannot trap

    /// `a + b`, or an `AmountOverflow` naming `what` when the sum is beyond 64 bits.
    public static func add(_ a: Int64, _ b: Int64, _ what: @autoclosure () -> String) throws(AmountOverflow) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow { throw AmountOverflow(what: what()) }
        return sum
    }

    /// `a − b`, checked like `add`.
    public static func subtract(_ a: Int64, _ b: Int64, _ what: @autoclosure () -> String) throws(AmountOverflow) -> Int64 {
        let (difference, overflow) = a.subtractingReportingOverflow(b)
        if overflow { throw AmountOverflow(what: what()) }
        return difference
    }

    /// `amount × count`, checked like `add`.
    public static func times(_ amount: Int64, _ count: Int, _ what: @autoclosure () -> String) throws(AmountOverflow) -> Int64 {
        let (product, overflow) = amount.multipliedReportingOverflow(by: Int64(count))
        if overflow { throw AmountOverflow(what: what()) }
        return product
    }

    /// The sum of `amounts`, checked like `add`.
    public static func sum(_ amounts: some Sequence<Int64>, _ what: @autoclosure () -> String) throws(AmountOverflow) -> Int64 {
        var total: Int64 = 0
        for amount in amounts {
            let (sum, overflow) = total.addingReportingOverflow(amount)
            if overflow { throw AmountOverflow(what: what()) }
            total = sum
        }
        return total
    }

    /// A projection in cents (a forecast), as the nearest amount 64 bits can hold: it is an estimate, not money counted.
    public static func clamped(_ value: Double) -> Int64 {
        guard value.isFinite else { return value > 0 ? .max : value < 0 ? .min : 0 }
        if value >= 9.2e18 { return .max }
        if value <= -9.2e18 { return .min }
        return Int64(value.rounded())
    }
}

/// Amounts that add up beyond what 64-bit cents can count (92 233 720 368 547 758,07 €). No ledger whose
/// amounts are all under `Amount.maximumCents` gets there below 92 million rows: one that does holds amounts
/// recorded before Osmose had a ceiling, which `osmose check` lists.
public struct AmountOverflow: LocalizedError, CustomStringConvertible, Equatable, Sendable {
    /// What was being added up: “the pledges”, “the expenses of line 8.2”…
    public let what: String

    public init(what: String) {
        self.what = what
    }

    public var description: String {
        "\(what) add up to more than Osmose can count (\(Amount.format(.max))): some amount recorded is above the most an amount may be (\(Amount.format(Amount.maximumCents))); “osmose check” lists them"
    }

    public var errorDescription: String? { description }
}
