import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage
import Synchronization
import Testing

@testable import OsmoseWeb

/// A clock the tests move by hand.
final class TestClock: Sendable {
    private let instant = Mutex(Date(timeIntervalSince1970: 1_448_000_000))
    func now() -> Date { instant.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { instant.withLock { $0 += seconds } }
}

@Suite("Hostile requests")
struct HostileRequestTests {
    /// Header fields no browser sends, each alone on a request.
    static let headers: [HTTPFields] = {
        var all: [HTTPFields] = [
            [.acceptLanguage: ";"], [.acceptLanguage: ",;"], [.acceptLanguage: ";q=1"], [.acceptLanguage: "q="], [.acceptLanguage: ","],
            [.acceptLanguage: "en;q="], [.acceptLanguage: "en;q=nan"], [.acceptLanguage: "fr;q=-1, en;q=9"],
            [.acceptLanguage: String(repeating: "x;q=0.1,", count: 1_000)],
            [.cookie: ";"], [.cookie: "="], [.cookie: "osmose_session"], [.cookie: "osmose_session="], [.cookie: "osmose_session=\""],
            [.cookie: "osmose_session=%zz; osmose_session=x"], [.cookie: String(repeating: "a=b; ", count: 500)],
            [.ifNoneMatch: ","], [.ifNoneMatch: "\""], [.ifNoneMatch: "*, ,,"], [.ifNoneMatch: String(repeating: "\"x\",", count: 1_000)],
            [.authorization: "Bearer"], [.authorization: " "], [.authorization: "Bearer %zz"], [.authorization: "Basic Og=="],
            [.range: "bytes=-"], [.range: "bytes=9-1"], [.accept: ";"], [.contentType: ";"],
        ]
        all.append([.acceptLanguage: ";", .cookie: ";", .ifNoneMatch: ","])
        return all
    }()

    /// Query strings no form writes.
    static let queries = ["?lang", "?lang=", "?=&&=", "?%", "?%zz", "?lang=%ff", "?lang=%", "?&", "??", "?lang=en&lang=%zz", "?token=%00",
                          "?screening=99999999999999999999", "?status=%", "?" + String(repeating: "a=1&", count: 1_000)]

    /// Every malformed header, query and form body to each route: each answer must be a proper status.
    static func hammer(_ client: some TestClientProtocol, routes: [String], forms: [String]) async throws {
        for route in routes {
            for fields in headers {
                try await client.execute(uri: route, method: .get, headers: fields) { r in
                    #expect(r.status.code < 500, "GET \(route) with \(fields): \(r.status)")
                }
            }
            try await client.execute(uri: route, method: .head, headers: [.acceptLanguage: ",;", .ifNoneMatch: ","]) { r in
                #expect(r.status.code < 500, "HEAD \(route): \(r.status)")
            }
            for query in queries {
                try await client.execute(uri: route + query, method: .get, headers: [.acceptLanguage: ";"]) { r in
                    #expect(r.status.code < 500, "GET \(route)\(query): \(r.status)")
                }
            }
        }
        // Bodies no form sends, to the forms anyone may post.
        let bodies = ["", "=", "&&", "%", "answer", "answer=yes&seats=-1", "answer=yes&seats=99999999999999999999", "answer=yes&seats=0",
                      "answer=maybe", "token=%zz", "token", "token=" + String(repeating: "x", count: 100_000), "answer=yes&seats=%ff"]
        for route in forms {
            for body in bodies {
                try await client.execute(uri: route, method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: ";"],
                                         body: ByteBuffer(string: body)) { r in
                    #expect(r.status.code < 500, "POST \(route) \(body.prefix(40)): \(r.status)")
                }
            }
        }
    }

    @Test("Malformed headers, queries and bodies on every public route get a proper answer, and the live service answers afterwards")
    func everyPublicRoute() async throws {
        let f = try await Fixture.make(extra: PostPageTests.screening(capacity: 3, guests: 2))
        let screening = try #require(try f.site.ledger.screenings().first { $0.screening.title == "Projection test" }?.screening.id)
        let token = try #require(try f.site.ledger.issueLinks(screening: screening).first?.token)
        let kept = ["/", "/premiere", "/campaign.json", "/campaign.svg"]
        let routes = kept + ["/premiere.ics", "/calendar.ics", "/rsvp/\(token)", "/rsvp/unknown", "/rsvp/%zz", "/rsvp/%", "/team/login", "/team",
                             "/team/pledges", "/team/door", "/api/v1/openapi.json", "/api/v1/campaign", "/api/v1/pledges/%zz", "/missing", "//",
                             "/%", "/%00"]
        let forms = ["/team/login", "/rsvp/\(token)", "/rsvp/unknown", "/team/logout", "/team/pledges"]
        // Every route through the router…
        try await f.app.test(.router) { client in try await Self.hammer(client, routes: routes, forms: forms) }
        // …and on a live server, the pages kept rendered, answered on the event loop after their first request.
        let app = buildApplication(site: f.site, port: 0, accessLog: false)
        try await app.test(.live) { client in
            try await Self.hammer(client, routes: kept + ["/rsvp/\(token)", "/missing"], forms: ["/rsvp/\(token)"])
            try await client.execute(uri: "/", method: .get) { r in
                #expect(r.status == .ok && r.text.contains("<html lang=\"fr\">"))
            }
            try await client.execute(uri: "/premiere", method: .get, headers: [.acceptLanguage: ";q=1, en"]) { r in
                #expect(r.status == .ok && r.text.contains("<html lang=\"en\">"))
            }
        }
    }

    @Test("Accept-Language `;`, `,;` and `;q=1` read as French, on the router and on the fast path", arguments: [";", ",;", ";q=1"])
    func emptyLanguageRanges(header: String) async throws {
        let f = try await Fixture.make()
        try await f.app.test(.router) { client in
            for route in ["/", "/premiere", "/missing"] {
                try await client.execute(uri: route, method: .get, headers: [.acceptLanguage: header]) { r in
                    #expect(r.text.contains("<html lang=\"fr\">"), "\(route)")
                }
            }
        }
        #expect(PublicController.key(path: "/premiere", headers: [.acceptLanguage: header]) == .premiere(.fr))
        #expect(PublicController.key(path: "/?lang=%65n", headers: [.acceptLanguage: header]) == .campaign(.en))
    }
}

@Suite("Paths and queries decode once")
struct DecodingTests {
    static let refs = ["CHQ 001", "50%", "A%41", "AA", "a+b"]
    static let pledges: @Sendable (Ledger) throws -> Void = { ledger in
        let day = try LocalDate(parsing: "2015-11-14")
        for ref in refs {
            try ledger.addPledge(Pledge(ref: ref, amount: 2_000, name: "Cheque \(ref)", status: .promised, date: day))
        }
    }

    @Test("The API's path parameters are percent-decoded exactly once", arguments: [
        ("CHQ%20001", "CHQ 001"), ("50%25", "50%"), ("A%2541", "A%41"), ("a+b", "a+b"),
    ])
    func apiPath(encoded: String, ref: String) async throws {
        let f = try await Fixture.make(extra: Self.pledges)
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/pledges/\(encoded)", method: .patch, headers: f.auth(f.producer),
                                     body: ByteBuffer(string: #"{"status": "collected"}"#)) { r in
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json?["ref"] as? String == ref && r.json?["status"] as? String == "collected")
            }
        }
        let statuses = Dictionary(uniqueKeysWithValues: try f.site.ledger.pledges().map { ($0.ref, $0.status) })
        #expect(statuses.filter { $0.value == .collected && Self.refs.contains($0.key) }.map(\.key) == [ref])
    }

    @Test("The team's pages decode path parameters once too")
    func teamPath() async throws {
        let f = try await Fixture.make(extra: Self.pledges)
        try await f.app.test(.router) { client in
            let (cookie, csrf) = try await signIn(client, token: f.producer)
            for encoded in ["CHQ%20001", "A%2541"] {
                try await client.execute(uri: "/team/pledges/\(encoded)/status", method: .post, headers: form(cookie),
                                         body: ByteBuffer(string: "csrf=\(csrf)&status=collected")) { r in
                    #expect(r.status == .seeOther)
                }
            }
        }
        let collected = Set(try f.site.ledger.pledges(status: .collected).map(\.ref))
        #expect(collected.isSuperset(of: ["CHQ 001", "A%41"]) && !collected.contains("AA"))
    }

    @Test("The team's pages and the API read a query the same way: percent-decoded once, + as a space")
    func queries() async throws {
        let f = try await Fixture.make(extra: Self.pledges)
        try await f.app.test(.router) { client in
            let (cookie, _) = try await signIn(client, token: f.viewer)
            try await client.execute(uri: "/team/logs?q=caf%C3%A9+cr%2525me", method: .get, headers: [.cookie: cookie]) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("value=\"café cr%25me\""))
            }
            try await client.execute(uri: "/team/pledges?status=coll%65cted", method: .get, headers: [.cookie: cookie]) { r in
                #expect(r.status == .ok && r.text.contains("<option selected>collected</option>"))
            }
            try await client.execute(uri: "/api/v1/pledges?status=pro%6Dised", method: .get, headers: f.auth(f.viewer)) { r in
                let refs = ((try? JSONSerialization.jsonObject(with: Data(r.text.utf8))) as? [[String: Any]])?.compactMap { $0["ref"] as? String }
                #expect(Set(refs ?? []).isSuperset(of: ["CHQ 001", "50%", "a+b"]))
            }
        }
    }
}

@Suite("Sign-in throttle and security headers")
struct ProtectionTests {
    func app(_ f: Fixture, _ throttle: SignInThrottle) -> some ApplicationProtocol {
        Application(router: buildRouter(site: f.site, accessLog: false, throttle: throttle))
    }

    @Test("Ten failed sign-ins from an address in a minute, then 429 with Retry-After on the form, even with a good token, until the minute has passed")
    func loginForm() async throws {
        let f = try await Fixture.make()
        let clock = TestClock()
        let throttle = SignInThrottle(now: clock.now)
        try await app(f, throttle).test(.router) { client in
            // A text without a token's shape cannot be one: it does not count.
            for n in 0..<11 {
                try await client.execute(uri: "/team/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: "token=\(n == 0 ? "osm_wrong" : TeamTokens.generate())")) { r in
                    #expect(r.status == .seeOther && r.headers[.location] == "/team/login?error=1")
                }
                clock.advance(1)
            }
            try await client.execute(uri: "/team/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "token=\(f.producer)")) { r in
                #expect(r.status == .tooManyRequests)
                #expect(r.headers[.retryAfter] == "50")
                #expect(r.headers[.contentType] == "text/html; charset=utf-8" && r.text.contains("429"))
                #expect(r.headers[.contentSecurityPolicy] != nil)
            }
            clock.advance(50)
            _ = try await signIn(client, token: f.producer)
        }
    }

    @Test("Unknown API tokens are throttled the same way, answered in JSON; a calendar's token too")
    func apiTokens() async throws {
        let f = try await Fixture.make()
        let clock = TestClock()
        let throttle = SignInThrottle(now: clock.now)
        try await app(f, throttle).test(.router) { client in
            for _ in 0..<20 {
                try await client.execute(uri: "/api/v1/pledges", method: .get, headers: f.auth("junk")) { r in #expect(r.status == .unauthorized) }
            }
            for _ in 0..<5 {
                try await client.execute(uri: "/api/v1/pledges", method: .get, headers: f.auth(TeamTokens.generate())) { r in
                    #expect(r.status == .unauthorized)
                }
                try await client.execute(uri: "/calendar.ics?token=\(TeamTokens.generate())", method: .get) { r in #expect(r.status == .unauthorized) }
            }
            try await client.execute(uri: "/api/v1/pledges", method: .get, headers: f.auth(f.viewer)) { r in
                #expect(r.status == .tooManyRequests && r.headers[.retryAfter] == "60")
                #expect(r.headers[.contentType] == "application/json; charset=utf-8" && r.errorMessage?.contains("too many failed sign-ins") == true)
            }
            try await client.execute(uri: "/campaign.json", method: .get) { r in #expect(r.status == .ok) }
            clock.advance(60)
            try await client.execute(uri: "/api/v1/pledges", method: .get, headers: f.auth(f.viewer)) { r in #expect(r.status == .ok) }
        }
    }

    @Test("Public pages, their error pages and the fast path send the security headers; no public page has a script")
    func publicHeaders() async throws {
        let f = try await Fixture.make()
        let app = buildApplication(site: f.site, port: 0, accessLog: false)
        try await app.test(.live) { client in
            for route in ["/", "/", "/premiere", "/premiere", "/campaign.svg", "/campaign.json", "/missing", "/team/login", "/api/v1/pledges", "/rsvp/x"] {
                try await client.execute(uri: route, method: .get) { r in
                    let policy = route.hasPrefix("/team") ? SecurityHeaders.teamPolicy : SecurityHeaders.publicPolicy
                    #expect(r.headers[.contentSecurityPolicy] == policy, "\(route)")
                    #expect(r.headers[HTTPField.Name("X-Frame-Options")!] == "DENY" && r.headers[.xContentTypeOptions] == "nosniff", "\(route)")
                    #expect(r.headers[HTTPField.Name("Referrer-Policy")!] != nil, "\(route)")
                    #expect(!r.text.contains("<script"), "\(route)")
                }
            }
            var etag = ""
            try await client.execute(uri: "/", method: .get) { r in etag = r.headers[.eTag] ?? "" }
            try await client.execute(uri: "/", method: .get, headers: [.ifNoneMatch: etag]) { r in
                #expect(r.status == .notModified && r.headers[.contentSecurityPolicy] == SecurityHeaders.publicPolicy)
            }
        }
        #expect(SecurityHeaders.publicPolicy.contains("frame-ancestors 'none'") && !SecurityHeaders.publicPolicy.contains("script-src"))
    }

    @Test("The team's pages allow the door page's script by its hash, and nothing else")
    func teamHeaders() async throws {
        let f = try await Fixture.make(extra: PostPageTests.screening(capacity: 3, guests: 1))
        try await f.app.test(.router) { client in
            let (cookie, _) = try await signIn(client, token: f.producer)
            try await client.execute(uri: "/team/door", method: .get, headers: [.cookie: cookie]) { r in
                let scripts = SecurityHeaders.scriptHashes(in: r.text)
                #expect(scripts.count == 1)
                let policy = r.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("script-src \(scripts.first ?? "?");") && policy.contains("frame-ancestors 'none'"))
                #expect(r.headers[HTTPField.Name("X-Frame-Options")!] == "DENY" && r.headers[.xContentTypeOptions] == "nosniff")
            }
            try await client.execute(uri: "/team/pledges", method: .get, headers: [.cookie: cookie]) { r in
                #expect(r.headers[.contentSecurityPolicy] == SecurityHeaders.teamPolicy && !r.text.contains("<script"))
            }
        }
    }
}
