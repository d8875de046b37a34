import Foundation

/// Parses a value of a closed list of words (a kind, a role, a status), naming the choices when it fails.
public protocol ClosedChoice: RawRepresentable<String>, CaseIterable, Sendable, Hashable, Codable {
    /// What the value is, for messages: “space kind”, “role”…
    static var what: String { get }
}

extension ClosedChoice {
    public init(parsing text: String) throws(InputError) {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let value = Self.allCases.first(where: { $0.rawValue == key }) else {
            let choices = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw InputError("\(text.quoted) is not a \(Self.what) (choose one of: \(choices))")
        }
        self = value
    }
}

/// A place filmed or used [lieu].
public struct Space: Hashable, Sendable {
    public enum Kind: String, ClosedChoice {
        case coworking, workshop, cinema, other
        public static let what = "space kind"
    }

    public var name: String
    public var kind: Kind
    public var address: String?
    public var contact: String?
    public var notes: String?

    public init(name: String, kind: Kind = .other, address: String? = nil, contact: String? = nil, notes: String? = nil) {
        self.name = name
        self.kind = kind
        self.address = address
        self.contact = contact
        self.notes = notes
    }
}

/// Someone the production deals with. Contact details are private.
public struct Person: Hashable, Sendable {
    public enum Role: String, ClosedChoice {
        case participant, director, crew, press, partner
        public static let what = "role"
    }

    public var name: String
    public var role: Role
    public var email: String?
    public var phone: String?
    /// A minor's release needs a guardian's signature.
    public var minor: Bool
    public var guardian: String?
    public var notes: String?

    public init(
        name: String, role: Role, email: String? = nil, phone: String? = nil, minor: Bool = false,
        guardian: String? = nil, notes: String? = nil
    ) {
        self.name = name
        self.role = role
        self.email = email
        self.phone = phone
        self.minor = minor
        self.guardian = guardian
        self.notes = notes
    }

    /// Checks what a person record must hold together.
    public func validated() throws(InputError) -> Person {
        if minor && (guardian ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw InputError("\(name.quoted) is a minor: name their guardian with --guardian")
        }
        if let email, !email.isEmpty, !Person.looksLikeEmail(email) {
            throw InputError("\(email.quoted) is not an e-mail address")
        }
        return self
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !text.contains(where: \.isWhitespace) && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
    }
}

/// A day of shooting [jour de tournage].
public struct ShootingDay: Hashable, Sendable {
    public enum Status: String, ClosedChoice {
        case planned, shot, cancelled
        public static let what = "shooting-day status"
    }

    public var date: LocalDate
    public var spaces: [String]
    public var call: ClockTime?
    public var wrap: ClockTime?
    public var participants: [String]
    public var crew: [String]
    public var status: Status
    public var notes: String?

    public init(
        date: LocalDate, spaces: [String], call: ClockTime? = nil, wrap: ClockTime? = nil,
        participants: [String] = [], crew: [String] = [], status: Status = .planned, notes: String? = nil
    ) {
        self.date = date
        self.spaces = spaces
        self.call = call
        self.wrap = wrap
        self.participants = participants
        self.crew = crew
        self.status = status
        self.notes = notes
    }
}

/// A timecoded note on an interview or a clip [dérushage].
public struct LogEntry: Hashable, Sendable {
    public var id: Int64?
    public var shoot: LocalDate
    public var person: String?
    public var at: Timecode
    public var out: Timecode?
    public var tags: [String]
    public var rating: Int?
    public var text: String
    /// The clip the entry was made on (`A001/C0001`), its timecodes then being the clip's own.
    public var clip: String?

    public init(
        id: Int64? = nil, shoot: LocalDate, person: String?, at: Timecode, out: Timecode? = nil, tags: [String] = [],
        rating: Int? = nil, text: String, clip: String? = nil
    ) {
        self.id = id
        self.clip = clip
        self.shoot = shoot
        self.person = person
        self.at = at
        self.out = out
        self.tags = tags
        self.rating = rating
        self.text = text
    }

    /// Checks what a log entry must hold together.
    public func validated() throws(InputError) -> LogEntry {
        if let out, out <= at {
            throw InputError("the out point \(out) is not after the in point \(at)")
        }
        if let rating, !(1...5).contains(rating) {
            throw InputError("rating \(rating) is out of range (1 to 5)")
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw InputError("a log entry needs a text")
        }
        var copy = self
        copy.tags = LogEntry.normalizedTags(tags)
        return copy
    }

    /// Tags trimmed, without a leading `#`, without duplicates (in folded form), in the order given.
    public static func normalizedTags(_ tags: [String]) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for raw in tags.flatMap({ $0.split(separator: ",") }) {
            var tag = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if tag.hasPrefix("#") { tag.removeFirst() }
            guard !tag.isEmpty, seen.insert(NameKey.fold(tag)).inserted else { continue }
            result.append(tag)
        }
        return result
    }
}
