import Foundation

// The JSON keys below are a contract: outside checks and the API rely on them.

extension Space: Encodable {
    enum CodingKeys: String, CodingKey { case name, kind, address, contact, notes }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(kind.rawValue, forKey: .kind)
        try c.encode(address, forKey: .address)
        try c.encode(contact, forKey: .contact)
        try c.encode(notes, forKey: .notes)
    }
}

extension Person: Encodable {
    enum CodingKeys: String, CodingKey { case name, role, email, phone, minor, guardian, notes }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(role.rawValue, forKey: .role)
        try c.encode(email, forKey: .email)
        try c.encode(phone, forKey: .phone)
        try c.encode(minor, forKey: .minor)
        try c.encode(guardian, forKey: .guardian)
        try c.encode(notes, forKey: .notes)
    }
}

extension ShootingDay: Encodable {
    enum CodingKeys: String, CodingKey { case date, spaces, participants, crew, status, call, wrap, notes }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(date, forKey: .date)
        try c.encode(spaces, forKey: .spaces)
        try c.encode(participants, forKey: .participants)
        try c.encode(crew, forKey: .crew)
        try c.encode(status.rawValue, forKey: .status)
        try c.encode(call?.description, forKey: .call)
        try c.encode(wrap?.description, forKey: .wrap)
        try c.encode(notes, forKey: .notes)
    }
}

extension LogEntry: Encodable {
    enum CodingKeys: String, CodingKey { case id, shoot, person, at, out, tags, rating, text, frame_rate, clip }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(shoot, forKey: .shoot)
        try c.encode(person, forKey: .person)
        try c.encode(at.description, forKey: .at)
        try c.encode(out?.description, forKey: .out)
        try c.encode(tags, forKey: .tags)
        try c.encode(rating, forKey: .rating)
        try c.encode(text, forKey: .text)
        try c.encode(at.rate.label, forKey: .frame_rate)
        try c.encode(clip, forKey: .clip)
    }
}

extension Release: Encodable {
    enum CodingKeys: String, CodingKey {
        case status, signed_on, scope, territory, until, guardian_signed, scan, scan_sha256, note, recorded_at
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(status.rawValue, forKey: .status)
        try c.encode(signedOn, forKey: .signed_on)
        try c.encode(Usage.allCases.filter(scope.contains).map(\.rawValue), forKey: .scope)
        try c.encode(territories.map(\.name), forKey: .territory)
        try c.encode(until, forKey: .until)
        try c.encode(guardianSigned, forKey: .guardian_signed)
        try c.encode(scan?.path, forKey: .scan)
        try c.encode(scan?.sha256, forKey: .scan_sha256)
        try c.encode(note, forKey: .note)
        try c.encode(recordedAt.formatted(.iso8601), forKey: .recorded_at)
    }
}

/// A row of the release matrix as JSON: who or what, its current state, and whether it is cleared.
public struct ClearanceJSON: Encodable, Sendable {
    public let subject: String
    public let kind: String
    public let status: String
    public let cleared: Bool
    public let reasons: [String]
    public let usage: String
    public let territory: String
    public let signed_on: LocalDate?
    public let scope: [String]
    public let until: LocalDate?

    public init(_ clearance: Clearance, usage: Usage, territory: Territory) {
        subject = clearance.subject.name
        kind = clearance.subject.kind
        status = clearance.current?.status.rawValue ?? "none"
        cleared = clearance.cleared
        reasons = clearance.reasons.map(\.rawValue)
        self.usage = usage.rawValue
        self.territory = territory.name
        signed_on = clearance.current?.signedOn
        scope = Usage.allCases.filter { clearance.current?.scope.contains($0) ?? false }.map(\.rawValue)
        until = clearance.current?.until
    }
}
