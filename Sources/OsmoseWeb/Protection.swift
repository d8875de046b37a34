import Foundation
import HTTPTypes
import Hummingbird
import OsmoseFormats
import Synchronization

// MARK: - Security headers

/// The headers every answer carries so that a browser runs nothing the pages did not mean to:
/// a Content-Security-Policy the server-rendered pages satisfy (their `<style>` blocks and `style`
/// attributes, inline SVG, forms to the same origin, and on the team's pages the door page's one
/// script, allowed by its hash), no framing, no MIME sniffing, no referrer beyond the site.
public enum SecurityHeaders {
    /// The public pages, their error pages and the published copy: no script at all.
    public static let publicPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// The team's pages: as the public ones, and the door page's script (which polls the door's status).
    static let teamPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src \(doorScriptHash); connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// Every header but the policy, as name and value.
    public static let fixed: [(name: String, value: String)] = [
        ("X-Frame-Options", "DENY"), ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin"),
    ]

    /// The headers of a public answer, for a page kept rendered.
    static let publicFields: HTTPFields = fields(policy: publicPolicy)

    static func fields(policy: String) -> HTTPFields {
        var fields: HTTPFields = [.contentSecurityPolicy: policy]
        for (name, value) in fixed { if let name = HTTPField.Name(name) { fields[name] = value } }
        return fields
    }

    /// Adds what `response` does not set itself (a guest's page keeps its stricter `no-referrer`).
    static func apply(to response: inout Response, team: Bool) {
        for field in team ? teamFields : publicFields where response.headers[field.name] == nil {
            response.headers[field.name] = field.value
        }
    }

    private static let teamFields: HTTPFields = fields(policy: teamPolicy)

    /// `'sha256-…'` of the door page's inline script, as the template holds it.
    static let doorScriptHash: String = {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent("Templates/door.mustache"),
              let template = try? String(contentsOf: url, encoding: .utf8) else { return "'none'" }
        return scriptHashes(in: template).first ?? "'none'"
    }()

    /// The CSP source of each `<script>` element's text in an HTML text.
    static func scriptHashes(in html: String) -> [String] {
        var hashes: [String] = []
        var rest = html[...]
        while let open = rest.range(of: "<script>"), let close = rest[open.upperBound...].range(of: "</script>") {
            let hex = FileDigest.sha256(of: Data(rest[open.upperBound..<close.lowerBound].utf8))
            var bytes: [UInt8] = []
            var index = hex.startIndex
            while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex),
                  let byte = UInt8(hex[index..<next], radix: 16) {
                bytes.append(byte)
                index = next
            }
            hashes.append("'sha256-" + Data(bytes).base64EncodedString() + "'")
            rest = rest[close.upperBound...]
        }
        return hashes
    }
}

/// Adds the security headers to every answer of the router, error pages included.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        SecurityHeaders.apply(to: &response, team: request.uri.path.hasPrefix("/team"))
        return response
    }
}

// MARK: - Sign-in throttle

/// Failed sign-ins per client address: after `limit` failures within `window` seconds, every
/// further try from that address (the team's sign-in form, a Bearer token, a calendar's token)
/// is answered 429 with `Retry-After` until the oldest of them is older than the window. A
/// failure is an unknown token of a token's shape: what does not have it can never sign in, so
/// guessing with it costs nothing (and API checkers sending junk tokens do not lock the team out).
public final class SignInThrottle: Sendable {
    public let limit: Int
    public let window: TimeInterval
    let now: @Sendable () -> Date
    private let failures = Mutex<[String: [Date]]>([:])

    /// `now` is the clock: tests move it instead of sleeping.
    public init(limit: Int = 10, window: TimeInterval = 60, now: @escaping @Sendable () -> Date = { Date() }) {
        self.limit = limit
        self.window = window
        self.now = now
    }

    /// Whole seconds until `address` may try again, or nil when it may try now.
    func retryAfter(_ address: String) -> Int? {
        let now = self.now()
        return failures.withLock { all in
            let recent = (all[address] ?? []).filter { now.timeIntervalSince($0) < window }
            all[address] = recent.isEmpty ? nil : recent
            guard recent.count >= limit, let oldest = recent.first else { return nil }
            return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
        }
    }

    /// Records a failed try with `token` from `address`, if the token could have been one.
    func failed(_ token: String, from address: String) {
        guard TeamTokens.isWellFormed(token) else { return }
        let now = self.now()
        failures.withLock { all in
            // Forget the addresses that have been quiet for a window, so the table stays small.
            if all.count > 10_000 { all = all.filter { $0.value.last.map { now.timeIntervalSince($0) < window } ?? false } }
            var recent = (all[address] ?? []).filter { now.timeIntervalSince($0) < window }
            recent.append(now)
            all[address] = Array(recent.suffix(limit))
        }
    }

    /// Refuses the try with 429 when `address` has failed too often (the error page or JSON keeps the status and `Retry-After`).
    func check(_ address: String) throws {
        guard let seconds = retryAfter(address) else { return }
        var error = HTTPError(.tooManyRequests,
                              message: "too many failed sign-ins from this address: try again in \(seconds) second\(seconds == 1 ? "" : "s")")
        error.headers[.retryAfter] = String(seconds)
        throw error
    }
}
