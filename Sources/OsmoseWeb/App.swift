import Foundation
import Hummingbird
import Logging
import NIOCore
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage

/// The routes of the service: public pages, the JSON API under /api/v1, the team's pages.
/// Failed sign-ins are counted per address by `throttle`.
public func buildRouter(site: Site, accessLog: Bool = true, throttle: SignInThrottle = SignInThrottle()) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    if accessLog { router.add(middleware: AccessLogMiddleware(writer: .standardOutput)) }
    router.add(middleware: ErrorMiddleware(site: site))
    router.add(middleware: AllowedMethodsMiddleware())
    PublicController(site: site).addRoutes(to: router)
    APIController(site: site, throttle: throttle).addRoutes(to: router.group("/api/v1"))
    TeamController(site: site, throttle: throttle).addRoutes(to: router)
    GuestController(site: site, throttle: throttle).addRoutes(to: router)
    return router
}

/// The service on a production, bound to `host` (127.0.0.1 unless told otherwise); `onServerRunning`
/// runs once the port is bound.
public func buildApplication(site: Site, host: String = "127.0.0.1", port: Int = 8080, accessLog: Bool = true, logger: Logger? = nil,
                             onServerRunning: @escaping @Sendable () async -> Void = {})
    -> some ApplicationProtocol
{
    var logger = logger ?? Logger(label: "osmose")
    logger.logLevel = .info
    let log: AccessLogWriter? = accessLog ? .standardOutput : nil
    return Application(
        responder: ServiceResponder(site: site, router: buildRouter(site: site, accessLog: accessLog).buildResponder(), log: log),
        server: .http1(configuration: .init(additionalChannelHandlers: [CachedPageHandler(site: site, log: log)])),
        configuration: .init(address: .hostname(host, port: port), serverName: "osmose"),
        onServerRunning: { _ in await onServerRunning() },
        logger: logger)
}

/// The service's front door: a public page whose rendered copy is current goes out at once, with
/// its log line; everything else goes through the router (which also builds and refreshes pages).
struct ServiceResponder: HTTPResponder {
    /// A public page for a request, built if needed (the router's HEAD routes use it).
    static func page(site: Site, request: Request) async throws -> Response {
        guard let key = PublicController.key(for: request) else { throw HTTPError(.notFound) }
        let lang: Language
        switch key {
        case .campaign(let l), .premiere(let l), .badge(let l): lang = l
        case .json: lang = .fr
        }
        return try site.cached(key) {
            switch key {
            case .campaign: Page(try site.campaignHTML(lang, links: .server(lang)), contentType: "text/html; charset=utf-8")
            case .premiere: Page(try site.premiereHTML(lang, links: .server(lang)), contentType: "text/html; charset=utf-8")
            case .json: Page(try site.campaignJSON(), contentType: "application/json; charset=utf-8", cacheControl: "public, max-age=10",
                             extraHeaders: [.accessControlAllowOrigin: "*"])
            case .badge: Page(try site.badgeSVG(lang), contentType: "image/svg+xml", cacheControl: "public, max-age=60",
                              extraHeaders: [.accessControlAllowOrigin: "*"])
            }
        }.response(to: request)
    }

    typealias Context = AppRequestContext
    let site: Site
    let router: RouterResponder<AppRequestContext>
    let log: AccessLogWriter?

    func respond(to request: Request, context: Context) async throws -> Response {
        if request.method == .get || request.method == .head, let key = PublicController.key(for: request), let page = site.current(key) {
            let start = ContinuousClock.now
            var response = page.response(to: request)
            if request.method == .head { response.body = .init() }
            if let log { AccessLogMiddleware(writer: log).log(request, status: response.status.code, since: start) }
            return response
        }
        return try await router.respond(to: request, context: context)
    }
}

/// The public pages: no login, nothing private.
struct PublicController {
    let site: Site

    /// Which kept page a request asks for, if it asks for one.
    static func key(for request: Request) -> PageKey? {
        key(path: request.uri.path + (request.uri.query.map { "?" + $0 } ?? ""), headers: request.headers)
    }

    /// The same, from a request target (`/premiere?lang=en`) and its header fields.
    static func key(path target: String, headers: HTTPFields) -> PageKey? {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let query = parts.count > 1 ? String(parts[1]) : nil
        func lang() -> Language { Language(query: query, acceptLanguage: headers[.acceptLanguage]) }
        switch parts[0] {
        case "/": return .campaign(lang())
        case "/premiere": return .premiere(lang())
        case "/campaign.json": return .json
        case "/campaign.svg": return .badge(lang())
        default: return nil
        }
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        // HEAD answers as GET, without the body.
        for path in ["/", "/premiere", "/campaign.json", "/campaign.svg"] {
            router.get(RouterPath(path)) { request, _ in try await ServiceResponder.page(site: site, request: request) }
            router.head(RouterPath(path)) { request, _ in
                var response = try await ServiceResponder.page(site: site, request: request)
                response.body = .init()
                return response
            }
        }
    }
}

// MARK: - Tokens

/// Team tokens: random, shown once, kept only as their SHA-256.
public enum TeamTokens {
    /// A new token: `osm_` and 64 hexadecimal digits from the system's secure generator.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return "osm_" + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Whether a text has a token's shape (`osm_` and 64 lowercase hexadecimal digits): only such a
    /// text can be a token, so only it counts as a failed sign-in when it is unknown.
    public static func isWellFormed(_ text: some StringProtocol) -> Bool {
        text.utf8.count == 68 && text.hasPrefix("osm_")
            && text.utf8.dropFirst(4).allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    /// The SHA-256 the ledger keeps, as it keeps guest links' tokens.
    public static func hash(_ token: String) -> String {
        Ledger.tokenSHA256(token)
    }
}

/// Sets the team member of a request carrying `Authorization: Bearer TOKEN`; an address that gave
/// too many unknown tokens is answered 429 for a while.
struct BearerMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let site: Site
    let throttle: SignInThrottle

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            try throttle.check(context.clientAddress)
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw HTTPError(.unauthorized, message: "the Authorization header should be \"Bearer TOKEN\"")
            }
            guard let member = try site.ledger.teamMember(tokenSHA256: TeamTokens.hash(String(parts[1]))) else {
                throttle.failed(String(parts[1]), from: context.clientAddress)
                throw HTTPError(.unauthorized, message: "this token is not valid (unknown or revoked)")
            }
            context.member = TeamMember(name: member.name, role: member.role, csrf: nil)
            return try await Site.$actor.withValue("token “\(member.name)” (\(member.role.rawValue))") { try await next(request, context) }
        }
        return try await next(request, context)
    }
}

/// Whether the service could not start because another program already listens on its address and port.
public func isAddressInUse(_ error: any Error) -> Bool {
    (error as? IOError)?.errnoCode == EADDRINUSE
}
