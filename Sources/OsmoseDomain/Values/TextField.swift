import Foundation

/// The rule every text typed, posted or imported must pass before it is stored, whatever the
/// door: no NUL, no C0 or C1 control character (so no terminal escape sequence, which starts
/// with ESC or CSI), no DEL, no bidirectional override or isolate (U+202A–U+202E,
/// U+2066–U+2069), which make a name read differently from what it holds. Free text
/// (notes, messages, log text) may hold line breaks and tabs; a single-line field may not.
/// Names are also bounded in length.
public enum TextField {
    /// What a field holds, which decides what it may contain.
    public enum Kind: Sendable {
        /// A name (of a person, a space, a contributor, a public name…): one line, at most `nameLimit` characters,
        /// and no invisible formatting character (zero-width space, soft hyphen…).
        case name
        /// One line of anything else: an e-mail, a phone number, a reference, a tier, a clip or reel name.
        case line
        /// Free text over several lines: `\n`, `\t` and `\r\n` allowed.
        case text
    }

    /// The longest name, in characters: the same for the command line, the API, the team pages and imports.
    public static let nameLimit = 200

    /// The first character `text` may not hold as a field of `kind`, or nil when it may be stored.
    public static func refused(in text: String, kind: Kind) -> Unicode.Scalar? {
        // Most text is plain printable ASCII: one pass over the bytes decides.
        var plain = true
        for byte in text.utf8 where byte < 0x20 || byte >= 0x7F {
            plain = false
            break
        }
        if plain { return nil }
        var previous: Unicode.Scalar?
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            defer { previous = scalar }
            switch scalar.value {
            case 0x09, 0x0A:
                if kind == .text { continue }
                return scalar
            case 0x0D:
                if kind == .text && pending == "\n" { continue }
                return scalar
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069:
                return scalar
            default:
                if kind == .name && scalar.value >= 0xA0 && scalar.properties.generalCategory == .format
                    && !isJoinerInEmoji(scalar, after: previous)
                {
                    return scalar
                }
            }
        }
        return nil
    }

    /// A zero-width joiner between two emoji (👩‍💻) is part of a picture, not a trick.
    private static func isJoinerInEmoji(_ scalar: Unicode.Scalar, after previous: Unicode.Scalar?) -> Bool {
        scalar.value == 0x200D && (previous?.properties.isEmojiPresentation ?? false)
    }

    /// Why `text` cannot be stored as a field of `kind` (“holds U+001B, a control character, …”), or nil.
    public static func problem(in text: String, kind: Kind) -> String? {
        if let scalar = refused(in: text, kind: kind) {
            return "holds \(code(scalar)) (\(describe(scalar))), which "
                + (kind == .text ? "text" : "a one-line field") + " may not hold"
        }
        if kind == .name && text.utf8.count > nameLimit && text.count > nameLimit {
            return "is longer than \(nameLimit) characters"
        }
        return nil
    }

    /// Refuses `text` as the field named `field` (“the contributor name”, “the space note”: singular, as
    /// the sentence says “holds”) with one sentence naming the field and the character.
    public static func check(_ text: String?, _ field: String, kind: Kind = .line) throws(InputError) {
        guard let text, let problem = problem(in: text, kind: kind) else { return }
        if problem.hasPrefix("is longer") {
            throw InputError("\(field) \(visible(String(text.prefix(40))).quoted)… \(problem)")
        }
        throw InputError("\(field) \(problem)")
    }

    /// `U+001B`.
    public static func code(_ scalar: Unicode.Scalar) -> String {
        "U+" + String(format: "%04X", scalar.value)
    }

    static func describe(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x00: "NUL, a control character"
        case 0x1B: "ESC, which starts a terminal escape sequence"
        case 0x9B: "CSI, which starts a terminal escape sequence"
        case 0x0A, 0x0D: "a line break"
        case 0x7F: "DEL, a control character"
        case 0x202A...0x202E: "a bidirectional override"
        case 0x2066...0x2069: "a bidirectional isolate"
        case 0x00...0x9F: "a control character"
        default: "an invisible formatting character"
        }
    }

    /// `text` made safe to show on a terminal: every character the rule refuses is written as
    /// `\u{1B}` instead, so that a value stored before the rule (or by another tool) cannot
    /// move the cursor, retitle the window or turn the line around. Line breaks and tabs are
    /// (and `\r\n`) kept when `keepingLines` (multi-line output); otherwise written `\u{A}`, `\u{9}`.
    public static func visible(_ text: String, keepingLines: Bool = false) -> String {
        guard refused(in: text, kind: keepingLines ? .text : .line) != nil else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (i, scalar) in scalars.enumerated() {
            switch scalar.value {
            case 0x0A where keepingLines, 0x09 where keepingLines:
                out.append(scalar)
            case 0x0D where keepingLines && i + 1 < scalars.count && scalars[i + 1] == "\n":
                out.append(scalar)
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069:
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }
}
