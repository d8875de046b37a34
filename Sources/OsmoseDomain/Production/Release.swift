import Foundation

/// A use of the film a release can authorise.
public enum Usage: String, ClosedChoice {
    case festival, cinema, tv, web, education
    public static let what = "usage"

    /// Reads a comma-separated scope such as `festival,cinema,web`.
    public static func parseScope(_ text: String) throws(InputError) -> Set<Usage> {
        var scope = Set<Usage>()
        for part in text.split(separator: ",") where !part.trimmingCharacters(in: .whitespaces).isEmpty {
            scope.insert(try Usage(parsing: String(part)))
        }
        return scope
    }

    /// A scope written in the fixed order of the usages.
    public static func describe(_ scope: Set<Usage>) -> String {
        allCases.filter(scope.contains).map(\.rawValue).joined(separator: ",")
    }
}

/// Where a release lets the film be shown: `world`, `europe`, or one country (`france`, `belgium`…).
public struct Territory: Hashable, Sendable, CustomStringConvertible {
    public let name: String

    public static let world = Territory(checked: "world")
    public static let france = Territory(checked: "france")

    /// Countries `europe` covers.
    static let europe: Set<String> = [
        "france", "belgium", "belgique", "switzerland", "suisse", "luxembourg", "germany", "allemagne", "spain",
        "espagne", "italy", "italie", "portugal", "netherlands", "pays-bas", "austria", "autriche", "ireland",
        "irlande", "united kingdom", "royaume-uni", "denmark", "danemark", "sweden", "suede", "norway", "norvege",
        "finland", "finlande", "poland", "pologne", "czechia", "greece", "grece", "monaco",
    ]

    public init(parsing text: String) throws(InputError) {
        let key = NameKey.fold(text)
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" }) else {
            throw InputError("\(text.quoted) is not a territory (world, europe, or a country such as france)")
        }
        name = ["monde": "world", "europe": "europe", "eu": "europe"][key] ?? key
    }

    /// Reads a comma-separated list of territories.
    public static func parseList(_ text: String) throws(InputError) -> [Territory] {
        var list: [Territory] = []
        for part in text.split(separator: ",") where !part.trimmingCharacters(in: .whitespaces).isEmpty {
            list.append(try Territory(parsing: String(part)))
        }
        guard !list.isEmpty else { throw InputError("\(text.quoted) names no territory") }
        return list
    }

    private init(checked name: String) { self.name = name }

    /// Whether showing the film in `other` is allowed by this territory.
    public func covers(_ other: Territory) -> Bool {
        if name == "world" || name == other.name { return true }
        if name == "europe" { return Territory.europe.contains(other.name) }
        return false
    }

    public var description: String { name }
}

/// Who a release is for: a person filmed or a space [autorisation de droit à l'image / de tournage].
public enum ReleaseSubject: Hashable, Sendable {
    case person(String)
    case space(String)

    public var name: String {
        switch self {
        case .person(let name), .space(let name): name
        }
    }

    public var kind: String {
        switch self {
        case .person: "person"
        case .space: "space"
        }
    }
}

/// One recorded state of a release. Every change is a new record, so the history stays.
public struct Release: Hashable, Sendable {
    public enum Status: String, ClosedChoice {
        case requested, signed, refused, revoked
        public static let what = "release status"

        /// Whether a release may go from `previous` (nil: none yet) to this status.
        /// requested → signed | refused; signed → revoked; a new request or signature may follow a refusal
        /// or a revocation; a signed release may be signed again with a new scope.
        public func mayFollow(_ previous: Status?) -> Bool {
            switch (previous, self) {
            case (nil, .revoked), (.requested, .revoked), (.refused, .revoked), (.revoked, .revoked): false
            case (.signed, .requested), (.signed, .refused): false
            default: true
            }
        }
    }

    /// A scan of the signed form, kept in the production with its SHA-256.
    public struct Scan: Hashable, Sendable {
        public var path: String
        public var sha256: String
        public var originalName: String

        public init(path: String, sha256: String, originalName: String) {
            self.path = path
            self.sha256 = sha256
            self.originalName = originalName
        }
    }

    public var status: Status
    public var signedOn: LocalDate?
    public var scope: Set<Usage>
    public var territories: [Territory]
    public var until: LocalDate?
    public var guardianSigned: Bool
    public var scan: Scan?
    public var note: String?
    public var recordedAt: Date

    public init(
        status: Status, signedOn: LocalDate? = nil, scope: Set<Usage> = [], territories: [Territory] = [.world],
        until: LocalDate? = nil, guardianSigned: Bool = false, scan: Scan? = nil, note: String? = nil,
        recordedAt: Date = Date()
    ) {
        self.status = status
        self.signedOn = signedOn
        self.scope = scope
        self.territories = territories
        self.until = until
        self.guardianSigned = guardianSigned
        self.scan = scan
        self.note = note
        self.recordedAt = recordedAt
    }

    /// Checks a new record against the subject's current one.
    public func validated(following previous: Status?, subject: ReleaseSubject) throws(InputError) -> Release {
        guard status.mayFollow(previous) else {
            let now = previous.map { "is \($0.rawValue)" } ?? "has none yet"
            let why = status == .revoked ? "only a signed release can be revoked" : "record “revoked” first"
            throw InputError(
                "cannot record a \(status.rawValue) release for \(subject.name.quoted): its release \(now), and \(why)")
        }
        if status == .signed && scope.isEmpty {
            throw InputError(
                "a signed release for \(subject.name.quoted) needs --scope (festival, cinema, tv, web, education)")
        }
        if let until, let signedOn, until < signedOn {
            throw InputError("the term \(until) ends before the signature on \(signedOn)")
        }
        if case .space = subject, guardianSigned {
            throw InputError("\(subject.name.quoted) is a space: a guardian's signature is for a minor")
        }
        return self
    }
}

/// Why a subject is not cleared for a usage.
public enum ClearanceReason: String, Sendable, Hashable, Codable, CaseIterable {
    case missing
    case pending
    case refused
    case revoked
    case expired
    case minorWithoutGuardian = "minor_without_guardian"
    case scope
    case territory

    /// The reason as a person reads it.
    public func explained(usage: Usage, territory: Territory, release: Release?) -> String {
        switch self {
        case .missing: "no release"
        case .pending: "requested, not signed"
        case .refused: "refused"
        case .revoked: "revoked"
        case .expired: "expired on \(release?.until?.description ?? "?")"
        case .minorWithoutGuardian: "minor without the guardian's signature"
        case .scope: "scope (\(release.map { Usage.describe($0.scope) } ?? "")) excludes \(usage.rawValue)"
        case .territory:
            "territory (\(release?.territories.map(\.name).joined(separator: ",") ?? "")) excludes \(territory.name)"
        }
    }
}

/// Whether one subject may appear in the film for one usage: computed from its releases, never typed.
public struct Clearance: Hashable, Sendable {
    public let subject: ReleaseSubject
    /// The latest release record, if any.
    public let current: Release?
    public let reasons: [ClearanceReason]

    public var cleared: Bool { reasons.isEmpty }

    /// Evaluates a subject's release history (oldest first) for a usage in a territory on a date.
    public init(
        subject: ReleaseSubject, history: [Release], isMinor: Bool, usage: Usage, territory: Territory,
        on date: LocalDate
    ) {
        self.subject = subject
        let current = history.last
        self.current = current
        guard let current else {
            reasons = [.missing]
            return
        }
        switch current.status {
        case .requested: reasons = [.pending]
        case .refused: reasons = [.refused]
        case .revoked: reasons = [.revoked]
        case .signed:
            var found: [ClearanceReason] = []
            if let until = current.until, until < date { found.append(.expired) }
            if isMinor && !current.guardianSigned { found.append(.minorWithoutGuardian) }
            if !current.scope.contains(usage) { found.append(.scope) }
            if !current.territories.contains(where: { $0.covers(territory) }) { found.append(.territory) }
            reasons = found
        }
    }
}
