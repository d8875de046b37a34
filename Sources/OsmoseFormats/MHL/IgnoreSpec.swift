import Foundation

/// The ignore patterns of an ASC MHL history (`<ignore><pattern>`), matched as ascmhl matches
/// them (git's wildmatch rules): a pattern without `/` matches a name at any depth, one ending in
/// `/` only directories, one with a `/` elsewhere is anchored at the history's folder; `*`, `?`,
/// `[…]` and `**` work as in `.gitignore`, `!` re-includes, the last matching pattern wins.
public struct MHLIgnoreSpec: Sendable {
    /// ascmhl's defaults, written into every generation that has no other patterns.
    public static let defaultPatterns = [".DS_Store", "ascmhl", "ascmhl/"]

    private struct Rule: Sendable {
        var segments: [String]
        var anchored: Bool
        var directoryOnly: Bool
        var negated: Bool
    }

    public let patterns: [String]
    private let rules: [Rule]

    public init(_ patterns: [String]) {
        self.patterns = patterns
        var rules: [Rule] = []
        for raw in patterns {
            var p = raw
            while p.hasSuffix(" ") && !p.hasSuffix("\\ ") { p.removeLast() }
            if p.isEmpty || p.hasPrefix("#") { continue }
            var negated = false
            if p.hasPrefix("!") {
                negated = true
                p.removeFirst()
            }
            var directoryOnly = false
            if p.hasSuffix("/") {
                directoryOnly = true
                p.removeLast()
            }
            let anchored = p.contains("/")
            if p.hasPrefix("/") { p.removeFirst() }
            if p.isEmpty { continue }
            rules.append(Rule(segments: p.split(separator: "/", omittingEmptySubsequences: true).map(String.init),
                              anchored: anchored, directoryOnly: directoryOnly, negated: negated))
        }
        self.rules = rules
    }

    /// Whether `path` (relative to the history's folder) is ignored, itself or through a folder above it.
    public func ignores(_ path: String, isDirectory: Bool) -> Bool {
        let components = path.split(separator: "/").map(String.init)
        guard !components.isEmpty else { return false }
        // A folder that is ignored hides everything under it, as a traversal that skips it would.
        for depth in 1..<components.count where decision(Array(components[0..<depth]), isDirectory: true) {
            return true
        }
        return decision(components, isDirectory: isDirectory)
    }

    private func decision(_ components: [String], isDirectory: Bool) -> Bool {
        var ignored = false
        for rule in rules {
            if rule.directoryOnly && !isDirectory { continue }
            let matches: Bool
            if rule.anchored {
                matches = Self.match(rule.segments[...], components[...])
            } else {
                matches = rule.segments.count == 1 && Self.glob(Array(rule.segments[0]), Array(components[components.count - 1]))
            }
            if matches { ignored = !rule.negated }
        }
        return ignored
    }

    /// Path segments against a pattern's segments, `**` standing for any number of segments.
    private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            if rest.isEmpty { return true }
            var tail = path
            while true {
                if match(rest, tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        }
        guard let name = path.first, glob(Array(first), Array(name)) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    /// One name against one glob segment (`*`, `?`, `[abc]`, `[!a-z]`, `\x`).
    static func glob(_ p: [Character], _ s: [Character]) -> Bool {
        var pi = 0, si = 0
        var star: Int?, starS = 0
        while si < s.count {
            if pi < p.count {
                switch p[pi] {
                case "*":
                    star = pi
                    starS = si
                    pi += 1
                    continue
                case "?":
                    pi += 1
                    si += 1
                    continue
                case "[":
                    if let (matched, next) = bracket(p, pi, s[si]) {
                        if matched {
                            pi = next
                            si += 1
                            continue
                        }
                    } else if s[si] == "[" {
                        pi += 1
                        si += 1
                        continue
                    }
                case "\\" where pi + 1 < p.count:
                    if p[pi + 1] == s[si] {
                        pi += 2
                        si += 1
                        continue
                    }
                default:
                    if p[pi] == s[si] {
                        pi += 1
                        si += 1
                        continue
                    }
                }
            }
            guard let st = star else { return false }
            pi = st + 1
            starS += 1
            si = starS
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// A `[…]` class at `start`: whether `c` is in it and where the pattern goes on, or nil when unclosed.
    private static func bracket(_ p: [Character], _ start: Int, _ c: Character) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < p.count && (p[i] == "!" || p[i] == "^") {
            negate = true
            i += 1
        }
        var matched = false
        var first = true
        while i < p.count && (p[i] != "]" || first) {
            first = false
            if i + 2 < p.count && p[i + 1] == "-" && p[i + 2] != "]" {
                if p[i] <= c && c <= p[i + 2] { matched = true }
                i += 3
            } else {
                if p[i] == c { matched = true }
                i += 1
            }
        }
        guard i < p.count else { return nil }
        return (matched != negate, i + 1)
    }
}
