import Foundation

/// The name a contributor is shown by in public: the one they gave, checked, or one made from
/// their name that gives away no family name.
public enum PublicName {
    /// The default public name: the first given name whole, then the initial of every later word
    /// that is a name, so no family name shows whatever follows it.
    ///
    /// - “Camille Durand” → “Camille D.”; “Jean-Pierre Durand-Martin” → “Jean-Pierre D.-M.”
    /// - what is in brackets goes (“Camille Durand (Lille)” → “Camille D.”), and so does what
    ///   follows a comma, unless the comma follows one word, a family name written first
    ///   (“Durand, Camille” → “Camille D.”)
    /// - capitals before a name in small letters may be a family name written first (“DURAND
    ///   Camille”) or initials (“JP Durand”): initials only then (“D. C.”, “J. D.”)
    /// - short numbers stay where they are (“Contributor 017”, “Camille D. 2”); longer ones (a
    ///   phone number), punctuation and emoji go
    /// - particles between names stay whole (“Jean de la F.”), never as the last word
    /// - a name of one word is kept: it is the given name or the handle they chose
    /// - an e-mail address is never shown: its first letter only
    ///
    /// Nil when nothing is left to show (a name of emoji or of a long number): shown as anonymous.
    public static func `default`(for name: String) -> String? {
        func wordsOf(_ text: Substring) -> [String] { text.split(whereSeparator: \.isWhitespace).map(String.init) }
        let parts = withoutBrackets(name).split(separator: ",", omittingEmptySubsequences: false)
        var words = wordsOf(parts[0])
        // “Durand, Camille”: one word before the comma is the family name, written first.
        if parts.count > 1, words.count == 1, case let given = wordsOf(parts[1]), given.contains(where: isName) {
            words = given + words
        }
        // “DURAND Camille” (a family name first, in capitals, as French forms write it) or “JP Durand” (initials)?
        // Who knows: initials only.
        let leading = words.prefix { isCapitals($0) || !isName($0) }
        let onlyInitials = leading.contains(where: isCapitals)
            && words.dropFirst(leading.count).contains(where: { isName($0) && !isCapitals($0) })
        let kept = words.filter { isName($0) || isShortNumber($0) }
        let names = kept.indices.filter { isName(kept[$0]) }
        guard let first = names.first else { return kept.isEmpty ? nil : kept.joined(separator: " ") }
        let last = names.last!
        return kept.indices.map { i -> String in
            let word = kept[i]
            if !isName(word) { return word }
            if i == first && !onlyInitials && !word.contains("@") { return word }
            if i != last && particles.contains(NameKey.fold(word)) { return word }
            return initials(word)
        }.joined(separator: " ")
    }

    /// A public name as given, trimmed; nil when empty. Refused, like every name, when it holds a
    /// bidirectional control (which would make it read otherwise than it is written) or any other
    /// character the text rule refuses (`TextField`).
    public static func validated(_ publicName: String?) throws(InputError) -> String? {
        guard let trimmed = publicName?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        try TextField.check(trimmed, "the public name", kind: .name)
        return trimmed
    }

    // MARK: - The parts of a name

    /// Words found between names that say no one's name: “Jean de la Fontaine”.
    static let particles: Set<String> = [
        "de", "d'", "du", "des", "la", "le", "les", "l'", "van", "von", "der", "den", "ter", "ten", "di", "da", "del", "della", "dos", "das",
        "do", "y", "e", "zu", "bin", "ibn", "al", "el", "ben", "of", "&", "et", "and",
    ]

    static func isName(_ word: String) -> Bool { word.contains(where: \.isLetter) }

    static func isShortNumber(_ word: String) -> Bool { (1...3).contains(word.count) && word.allSatisfy(\.isNumber) }

    static func isCapitals(_ word: String) -> Bool {
        let letters = word.filter(\.isLetter)
        return letters.count >= 2 && letters.allSatisfy { $0.isUppercase }
    }

    /// “Durand” → “D.”, “Durand-Martin” → “D.-M.”, “secretname.” → “s.”
    static func initials(_ word: String) -> String {
        word.split(separator: "-").compactMap { part in part.first(where: \.isLetter).map { "\($0)." } }.joined(separator: "-")
    }

    /// The text without what is in brackets (an unclosed bracket takes the rest).
    static func withoutBrackets(_ text: String) -> String {
        var depth = 0
        var kept = ""
        for c in text {
            if "([{".contains(c) {
                depth += 1
                kept.append(" ")
            } else if ")]}".contains(c) {
                depth = max(0, depth - 1)
                kept.append(" ")
            } else if depth == 0 {
                kept.append(c)
            }
        }
        return kept
    }
}

