import Foundation

/// How names are compared: a person types “la coroutine” or “L'Usine Bis” for “La Coroutine”
/// and “L’Usine Bis”. Names are stored exactly as typed; this key is only for matching.
public enum NameKey {
    /// Case, accents, apostrophe and quote variants and runs of spaces folded away.
    public static func fold(_ name: String) -> String {
        // Plain ASCII (most names, tags and export values): lowercase and collapse spaces, no Foundation.
        if name.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "`") }) {
            return String(unsafeUninitializedCapacity: name.utf8.count) { buffer in
                var n = 0
                var pendingSpace = false
                for b in name.utf8 {
                    if b == 0x20 || (0x09...0x0D).contains(b) {
                        pendingSpace = n > 0
                        continue
                    }
                    if pendingSpace {
                        buffer[n] = 0x20
                        n += 1
                    }
                    pendingSpace = false
                    buffer[n] = (0x41...0x5A).contains(b) ? b + 0x20 : b
                    n += 1
                }
                return n
            }
        }
        var s = name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        for apostrophe in ["’", "‘", "ʼ", "`", "´", "′"] {
            s = s.replacingOccurrences(of: apostrophe, with: "'")
        }
        for quote in ["“", "”", "«", "»", "„"] {
            s = s.replacingOccurrences(of: quote, with: "\"")
        }
        return s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The known name closest to `name`, when one is close enough to be worth suggesting.
    public static func nearest(to name: String, in candidates: [String]) -> String? {
        // Punctuation does not count: “Mercy” is one letter from “Merci !”.
        func letters(_ s: String) -> String { fold(s).filter { $0.isLetter || $0.isNumber || $0 == " " }.trimmingCharacters(in: .whitespaces) }
        let key = letters(name)
        guard !key.isEmpty else { return nil }
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let other = letters(candidate)
            var d = editDistance(key, other)
            if other.contains(key) || key.contains(other) { d = min(d, 1) }
            if best == nil || d < best!.distance { best = (candidate, d) }
        }
        guard let best, best.distance <= max(2, key.count / 3) else { return nil }
        return best.name
    }

    /// Checks a name before it is stored: not empty, within the rule of `TextField` for names
    /// (no control character, no bidirectional override, at most 200 characters).
    public static func validate(_ name: String, what: String) throws(InputError) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw InputError("a \(what) needs a name, and \(TextField.visible(name).quoted) is empty") }
        try TextField.check(trimmed, "the \(what) name", kind: .name)
        return trimmed
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
