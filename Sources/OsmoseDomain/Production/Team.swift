import Foundation

/// What a team token may do: producers write money, directors write production records, viewers read.
public enum TeamRole: String, ClosedChoice {
    case director, producer, viewer
    public static let what = "team role"

    public var writesMoney: Bool { self == .producer }
    public var writesProduction: Bool { self == .director }
}

/// A team member's token, as the ledger lists it (the token itself is never kept).
public struct TeamToken: Hashable, Sendable {
    public var name: String
    public var role: TeamRole
    public var createdAt: Date
    public var revoked: Bool

    public init(name: String, role: TeamRole, createdAt: Date, revoked: Bool) {
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.revoked = revoked
    }
}

/// A news post on the campaign page.
public struct NewsPost: Hashable, Sendable, Encodable {
    public var id: Int64?
    public var title: String
    public var body: String
    public var publishedAt: Date

    public init(id: Int64? = nil, title: String, body: String, publishedAt: Date) {
        self.id = id
        self.title = title
        self.body = body
        self.publishedAt = publishedAt
    }

    enum CodingKeys: String, CodingKey { case id, title, body, published_at }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(body, forKey: .body)
        try c.encode(publishedAt.formatted(.iso8601), forKey: .published_at)
    }
}

/// A screening [projection]: the premiere, in the demo.
public struct Screening: Hashable, Sendable {
    public enum Format: String, ClosedChoice {
        case dcp, prores, bluray, file
        public static let what = "screening format"
    }

    public var id: Int64?
    public var title: String
    public var venue: String
    public var date: LocalDate
    public var time: ClockTime
    public var capacity: Int
    public var format: Format

    public init(id: Int64? = nil, title: String, venue: String, date: LocalDate, time: ClockTime, capacity: Int, format: Format = .dcp) {
        self.id = id
        self.title = title
        self.venue = venue
        self.date = date
        self.time = time
        self.capacity = capacity
        self.format = format
    }

    /// Reads `YYYY-MM-DD HH:MM`.
    public static func parseStart(_ text: String) throws(InputError) -> (LocalDate, ClockTime) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else { throw InputError("\(text.quoted) is not a start (expected \"YYYY-MM-DD HH:MM\", such as \"2015-11-30 20:00\")") }
        return (try LocalDate(parsing: String(parts[0])), try ClockTime(parsing: String(parts[1])))
    }
}

extension Screening: Encodable {
    enum CodingKeys: String, CodingKey { case id, title, venue, date, time, capacity, format }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(venue, forKey: .venue)
        try c.encode(date, forKey: .date)
        try c.encode(time.description, forKey: .time)
        try c.encode(capacity, forKey: .capacity)
        try c.encode(format.rawValue, forKey: .format)
    }
}
