import Foundation
import Hummingbird
import NIOCore
import OsmoseDomain

/// Who is making a request from the team: a token's holder, through the API or a browser session.
public struct TeamMember: Sendable {
    public let name: String
    public let role: TeamRole
    /// The session's CSRF token, for browser forms.
    public let csrf: String?
}

/// The request context of every route.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var member: TeamMember?
    /// The client's IP address ("unknown" when the connection has none, as in tests), for the sign-in throttle.
    public let clientAddress: String
    /// A body larger than this is refused with 413.
    public var maxUploadSize: Int { 1 << 20 }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The team member, or 401.
    func requireMember() throws -> TeamMember {
        guard let member else { throw HTTPError(.unauthorized, message: "a valid team token is needed (Authorization: Bearer TOKEN)") }
        return member
    }

    /// The team member if their role may do this, or 403.
    func require(_ allowed: (TeamRole) -> Bool, to action: String) throws -> TeamMember {
        let member = try requireMember()
        guard allowed(member.role) else {
            throw HTTPError(.forbidden, message: "a \(member.role.rawValue) token cannot \(action)")
        }
        return member
    }
}
