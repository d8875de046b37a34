import Foundation
import Hummingbird
import HummingbirdTesting
import OsmoseDomain
import OsmoseStorage
import Testing
@testable import OsmoseWeb

/// A demo production in a temporary folder, served, with a token of each role.
struct Fixture {
    let folder: URL
    let site: Site
    let producer: String
    let director: String
    let viewer: String

    /// Every fixture's folder is under one folder of this test run, removed when the run exits.
    static let root: URL = {
        atexit { try? FileManager.default.removeItem(at: Fixture.runFolder) }
        return runFolder
    }()

    static var runFolder: URL { FileManager.default.temporaryDirectory.appendingPathComponent("osmose-web-tests-\(getpid())") }

    static func make(extra: ((Ledger) throws -> Void)? = nil) async throws -> Fixture {
        let folder = root.appendingPathComponent("osmose-web-\(UUID().uuidString)")
        let production = try ProductionFolder.create(in: folder, settings: DemoProduction.settings, content: try DemoProduction.content(),
                                                     budgetFiles: DemoProduction.budgetFiles)
        try extra?(production.ledger)
        var tokens: [String] = []
        for (name, role) in [("P", TeamRole.producer), ("D", .director), ("V", .viewer)] {
            let token = TeamTokens.generate()
            try production.ledger.createToken(name: name, role: role, sha256: TeamTokens.hash(token))
            tokens.append(token)
        }
        let site = try await Site(production: production, pinnedToday: try LocalDate(parsing: "2015-11-21"))
        return Fixture(folder: folder, site: site, producer: tokens[0], director: tokens[1], viewer: tokens[2])
    }

    var app: some ApplicationProtocol { Application(router: buildRouter(site: site)) }

    func auth(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] }
    var errorMessage: String? { (json?["error"] as? [String: Any])?["message"] as? String }
}

/// Signs in through the login form; the session cookie and the CSRF token of its forms.
func signIn(_ client: some TestClientProtocol, token: String) async throws -> (cookie: String, csrf: String) {
    var cookie = ""
    try await client.execute(uri: "/team/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                             body: ByteBuffer(string: "token=\(token)")) { r in
        #expect(r.status == .seeOther)
        let setCookie = r.headers[.setCookie] ?? ""
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"))
        cookie = String(setCookie.split(separator: ";")[0])
    }
    var csrf = ""
    try await client.execute(uri: "/team", method: .get, headers: [.cookie: cookie]) { r in
        #expect(r.status == .ok)
        if let range = r.text.range(of: "name=\"csrf\" value=\"") {
            csrf = String(r.text[range.upperBound...].prefix { $0 != "\"" })
        }
    }
    #expect(csrf.count > 30)
    return (cookie, csrf)
}

func form(_ cookie: String) -> HTTPFields { [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"] }

@Suite("Public pages")
struct PublicPageTests {
    @Test("The campaign page, in French by default and in English when asked")
    func campaign() async throws {
        let f = try await Fixture.make()
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "text/html; charset=utf-8")
                #expect(r.text.contains("<html lang=\"fr\">"))
                #expect(r.text.contains("Travailler en micro-osmose"))
                #expect(r.text.contains("2 815,00 €"))
                #expect(r.text.contains("Contreparties"))
                #expect(r.text.contains("<svg"))
                #expect(r.text.contains("Objectif atteint — merci !"))
                #expect(!r.text.contains("<script"))
            }
            try await client.execute(uri: "/", method: .get, headers: [.acceptLanguage: "en-GB,en;q=0.9,fr;q=0.5"]) { r in
                #expect(r.text.contains("<html lang=\"en\">") && r.text.contains("€2,815.00") && r.text.contains("Rewards"))
            }
            try await client.execute(uri: "/?lang=en", method: .get, headers: [.acceptLanguage: "fr"]) { r in
                #expect(r.text.contains("<html lang=\"en\">"))
            }
            try await client.execute(uri: "/premiere", method: .head) { r in
                #expect(r.status == .ok && r.body.readableBytes == 0)
            }
            try await client.execute(uri: "/premiere", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("Cinéma l’Univers") && r.text.contains("20:00") && r.text.contains("lundi 30 novembre 2015"))
            }
        }
    }

    @Test("campaign.json has the command line's keys and values; JSON and badge answer 304 to If-None-Match")
    func jsonAndBadge() async throws {
        let f = try await Fixture.make()
        try await f.app.test(.router) { client in
            var etag = ""
            try await client.execute(uri: "/campaign.json", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.json?["pledged_cents"] as? Int == 281_500)
                #expect(r.json?["target_cents"] as? Int == 250_000)
                #expect((r.json?["tiers"] as? [[String: Any]])?.count == 7)
                #expect(r.headers[.cacheControl] != nil)
                etag = r.headers[.eTag] ?? ""
            }
            #expect(!etag.isEmpty)
            try await client.execute(uri: "/campaign.json", method: .get, headers: [.ifNoneMatch: etag]) { r in
                #expect(r.status == .notModified)
                #expect(r.body.readableBytes == 0)
            }
            try await client.execute(uri: "/campaign.svg", method: .get) { r in
                #expect(r.status == .ok && r.headers[.contentType] == "image/svg+xml" && r.text.contains("112,6 %"))
                let tag = r.headers[.eTag] ?? "?"
                try await client.execute(uri: "/campaign.svg", method: .get, headers: [.ifNoneMatch: tag]) { again in
                    #expect(again.status == .notModified)
                }
            }
        }
    }

    @Test("An unknown page is an HTML page that keeps the 404")
    func notFound() async throws {
        let f = try await Fixture.make()
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/nowhere", method: .get) { r in
                #expect(r.status == .notFound)
                #expect(r.headers[.contentType] == "text/html; charset=utf-8")
                #expect(r.text.contains("Erreur 404") && r.text.contains("Cette page n’existe pas."))
            }
        }
    }
}

@Suite("Privacy")
struct PrivacyTests {
    @Test("No public response holds an e-mail, an anonymous contributor's name, a participant's contact or a release scan")
    func canaries() async throws {
        let f = try await Fixture.make { ledger in
            let day = try LocalDate(parsing: "2015-11-14")
            try ledger.addPledge(Pledge(ref: "C1", amount: 5_000, name: "Canary Visible", email: "canary-visible@canary.test",
                                        status: .collected, date: day))
            try ledger.addPledge(Pledge(ref: "C2", amount: 5_000, name: "Zéphyrine Secrète", email: "canary-anon@canary.test",
                                        publicName: "Zéphyrine publique", anonymous: true, status: .collected, date: day))
            try ledger.updatePerson(named: "Participant A") { $0.email = "canary-participant@canary.test"; $0.phone = "+33 6 99 99 99 99" }
            try ledger.addRelease(Release(status: .signed, signedOn: day, scope: [.cinema],
                                          scan: Release.Scan(path: "releases/\(String(repeating: "c", count: 64)).pdf", sha256: String(repeating: "c", count: 64), originalName: "canary-scan.pdf")),
                                  for: .person("Participant C"))
        }
        let secrets = ["@canary.test", "canary-", "Zéphyrine", "99 99 99", "releases/", "canary-scan", "@example.org", "Secrète"]
        try await f.app.test(.router) { client in
            for uri in ["/", "/?lang=en", "/premiere", "/premiere?lang=en", "/campaign.json", "/campaign.svg", "/campaign.svg?lang=en", "/nowhere"] {
                try await client.execute(uri: uri, method: .get) { r in
                    for secret in secrets { #expect(!r.text.contains(secret), "\(uri) shows \(secret)") }
                }
            }
            try await client.execute(uri: "/", method: .get) { r in
                #expect(r.text.contains("Canary V."))  // the visible one, by public name
                #expect(r.text.contains("anonyme"))
            }
        }
    }

    @Test("Names are HTML-escaped")
    func escaping() async throws {
        let f = try await Fixture.make { ledger in
            try ledger.addPledge(Pledge(ref: "X1", amount: 5_000, name: "x", publicName: "<script>alert(1)</script>", status: .collected,
                                        date: try LocalDate(parsing: "2015-11-15")))
            try ledger.addNews(NewsPost(title: "<b>bold</b> & co", body: "\"quoted\"", publishedAt: Date()))
        }
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { r in
                #expect(!r.text.contains("<script>alert(1)"))
                #expect(r.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(r.text.contains("&lt;b&gt;bold&lt;/b&gt; &amp; co"))
            }
        }
    }
}

@Suite("JSON API")
struct APITests {
    @Test("Every error has its status and a message naming what is wrong")
    func errors() async throws {
        let f = try await Fixture.make()
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/pledges", method: .get) { r in
                #expect(r.status == .unauthorized)
                #expect(r.errorMessage?.contains("token") == true)
                #expect(r.headers[.contentType]?.hasPrefix("application/json") == true)
            }
            try await client.execute(uri: "/api/v1/pledges", method: .get, headers: [.authorization: "Bearer osm_nope"]) { r in
                #expect(r.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/pledges", method: .post, headers: f.auth(f.viewer), body: ByteBuffer(string: #"{"amount_cents": 5000, "name": "V"}"#)) { r in
                #expect(r.status == .forbidden)
                #expect(r.errorMessage == "a viewer token cannot write money")
            }
            try await client.execute(uri: "/api/v1/pledges", method: .post, headers: f.auth(f.director), body: ByteBuffer(string: #"{"amount_cents": 5000, "name": "D"}"#)) { r in
                #expect(r.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/pledges", method: .post, headers: f.auth(f.producer), body: ByteBuffer(string: #"{"amount_cents": 50"#)) { r in
                #expect(r.status == .badRequest)
                #expect(r.errorMessage == "the body is not valid JSON")
            }
            try await client.execute(uri: "/api/v1/pledges", method: .post, headers: f.auth(f.producer), body: ByteBuffer(string: #"{"name": "P"}"#)) { r in
                #expect(r.status == .badRequest)
                #expect(r.errorMessage == "the field \"amount_cents\" is missing")
            }
            try await client.execute(uri: "/api/v1/pledges", method: .post, headers: f.auth(f.producer), body: ByteBuffer(string: #"{"amount_cents": 5000, "name": "P", "tier": "Mercy"}"#)) { r in
                #expect(r.status == .unprocessableContent)
                #expect(r.errorMessage?.contains("did you mean “Merci !”") == true)
            }
            try await client.execute(uri: "/api/v1/pledges", method: .post, headers: f.auth(f.producer), body: ByteBuffer(string: #"{"amount_cents": 5000, "name": "P", "ref": "DEMO-0001"}"#)) { r in
                #expect(r.status == .conflict)
            }
            try await client.execute(uri: "/api/v1/shoots/2015-05-19", method: .get, headers: f.auth(f.viewer)) { r in
                #expect(r.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/nothing", method: .get, headers: f.auth(f.viewer)) { r in
                #expect(r.status == .notFound)
                #expect(r.errorMessage != nil)
            }
            let big = ByteBuffer(string: "{\"name\": \"" + String(repeating: "x", count: 1_100_000) + "\"}")
            try await client.execute(uri: "/api/v1/spaces", method: .post, headers: f.auth(f.director), body: big) { r in
                #expect(r.status == .contentTooLarge)
                #expect(r.errorMessage == "the body is larger than 1 MiB")
            }
            try await client.execute(uri: "/api/v1/spaces", method: .post, headers: f.auth(f.director), body: ByteBuffer(string: #"{"name": "La Coroutine"}"#)) { r in
                #expect(r.status == .conflict)
            }
        }
    }

    @Test("A pledge created through the API answers 201 and shows on the public page")
    func createPledge() async throws {
        let f = try await Fixture.make()
        try await f.app.test(.router) { client in
            let body = #"{"amount_cents": 5000, "name": "Louise Martin", "status": "collected", "date": "2015-11-20", "tier": "Invitation à l'avant-première"}"#
            try await client.execute(uri: "/api/v1/pledges", method: .post, headers: f.auth(f.producer), body: ByteBuffer(string: body)) { r in
                #expect(r.status == .created)
                #expect(r.json?["ref"] as? String == "M-0001")
                #expect(r.json?["amount_cents"] as? Int == 5_000)
            }
            try await client.execute(uri: "/", method: .get) { r in
                #expect(r.text.contains("2 865,00 €") && r.text.contains("Louise M."))
            }
            try await client.execute(uri: "/api/v1/pledges/M-0001", method: .patch, headers: f.auth(f.producer), body: ByteBuffer(string: #"{"status": "refunded"}"#)) { r in
                #expect(r.status == .ok && r.json?["status"] as? String == "refunded")
            }
            try await client.execute(uri: "/api/v1/campaign", method: .get, headers: f.auth(f.viewer)) { r in
                #expect(r.json?["pledged_cents"] as? Int == 281_500)
            }
        }
    }

    @Test("Directors write production records; every role reads")
    func production() async throws {
        let f = try await Fixture.make()
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/spaces", method: .post, headers: f.auth(f.director), body: ByteBuffer(string: #"{"name": "Café citoyen", "kind": "other"}"#)) { r in
                #expect(r.status == .created && r.json?["name"] as? String == "Café citoyen")
            }
            try await client.execute(uri: "/api/v1/shoots", method: .post, headers: f.auth(f.director),
                                     body: ByteBuffer(string: #"{"date": "2015-12-01", "spaces": ["Café citoyen"], "participants": ["Participant A"], "status": "planned"}"#)) { r in
                #expect(r.status == .created && (r.json?["spaces"] as? [String]) == ["Café citoyen"])
            }
            try await client.execute(uri: "/api/v1/logs", method: .post, headers: f.auth(f.director),
                                     body: ByteBuffer(string: #"{"shoot": "2015-12-01", "person": "Participant A", "at": "00:61:00:00", "text": "x"}"#)) { r in
                #expect(r.status == .badRequest && r.errorMessage?.hasPrefix("field \"at\"") == true)
            }
            try await client.execute(uri: "/api/v1/releases?usage=cinema&on=2015-11-30", method: .get, headers: f.auth(f.viewer)) { r in
                let rows = (try? JSONSerialization.jsonObject(with: Data(r.text.utf8))) as? [[String: Any]]
                #expect(rows?.first { $0["subject"] as? String == "Participant F" }?["reasons"] as? [String] == ["minor_without_guardian"])
            }
            try await client.execute(uri: "/api/v1/logs?q=ecrans", method: .get, headers: f.auth(f.viewer)) { r in
                #expect(r.status == .ok && r.text.contains("écrans"))
            }
            try await client.execute(uri: "/api/v1/budget", method: .get, headers: f.auth(f.viewer)) { r in
                #expect(r.json?["estimate_cents"] as? Int == 795_000)
            }
        }
    }
}

@Suite("JSON API against its OpenAPI document")
struct APIContractTests {
    @Test("A method a path does not offer answers 405 with the methods it does")
    func methodNotAllowed() async throws {
        let f = try await Fixture.make()
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/spaces", method: .delete, headers: f.auth(f.director)) { r in
                #expect(r.status == .methodNotAllowed)
                #expect(r.headers[.allow] == "GET, POST")
                #expect(r.errorMessage == "/api/v1/spaces answers GET and POST, not DELETE")
            }
            try await client.execute(uri: "/api/v1/pledges/DEMO-0001", method: .get, headers: f.auth(f.viewer)) { r in
                #expect(r.status == .methodNotAllowed && r.headers[.allow] == "PATCH")
            }
            try await client.execute(uri: "/api/v1/nothing", method: .delete, headers: f.auth(f.viewer)) { r in
                #expect(r.status == .notFound)
            }
        }
    }

    @Test("A malformed field answers 400; a well-formed request the ledger's rules refuse answers 422")
    func badFieldAndRule() async throws {
        let f = try await Fixture.make()
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/expenses", method: .post, headers: f.auth(f.producer),
                                     body: ByteBuffer(string: #"{"amount_cents": 4500, "line": "99.9", "date": "2015-13-01", "payee": "X"}"#)) { r in
                #expect(r.status == .badRequest)
                #expect(r.errorMessage == "field \"date\": “2015-13-01” is not a date: there is no month 13")
            }
            try await client.execute(uri: "/api/v1/expenses", method: .post, headers: f.auth(f.producer),
                                     body: ByteBuffer(string: #"{"amount_cents": 4500, "line": "99.9", "date": "2015-11-20", "payee": "X"}"#)) { r in
                #expect(r.status == .unprocessableContent)
                #expect(r.errorMessage?.hasPrefix("field \"line\": ") == true && r.errorMessage?.contains("99.9") == true)
            }
            try await client.execute(uri: "/api/v1/people", method: .post, headers: f.auth(f.director),
                                     body: ByteBuffer(string: #"{"name": "Enfant", "role": "participant", "minor": true}"#)) { r in
                #expect(r.status == .unprocessableContent && r.errorMessage?.contains("“Enfant” is a minor") == true)
            }
            try await client.execute(uri: "/api/v1/spaces", method: .post, headers: f.auth(f.director), body: ByteBuffer(string: #"{"name": " "}"#)) { r in
                #expect(r.status == .unprocessableContent && r.errorMessage?.contains("needs a name") == true)
            }
            try await client.execute(uri: "/api/v1/logs", method: .post, headers: f.auth(f.director),
                                     body: ByteBuffer(string: #"{"shoot": "2015-05-18", "at": "10:00:00.00", "text": "x"}"#)) { r in
                #expect(r.status == .unprocessableContent && r.errorMessage?.hasPrefix("field \"at\": ") == true)
            }
            try await client.execute(uri: "/api/v1/logs", method: .post, headers: f.auth(f.director),
                                     body: ByteBuffer(string: #"{"shoot": "2015-05-18", "at": "10h", "text": "x"}"#)) { r in
                #expect(r.status == .badRequest && r.errorMessage == "field \"at\": “10h” is not a timecode (expected HH:MM:SS:FF, such as 10:02:14:00)")
            }
            try await client.execute(uri: "/api/v1/logs", method: .post, headers: f.auth(f.director),
                                     body: ByteBuffer(string: #"{"shoot": "2015-05-18", "at": "10:04:00:30", "text": "x"}"#)) { r in
                #expect(r.status == .unprocessableContent && r.errorMessage?.hasPrefix("field \"at\": ") == true)
            }
            try await client.execute(uri: "/api/v1/releases?territory=%3F", method: .get, headers: f.auth(f.viewer)) { r in
                #expect(r.status == .unprocessableContent && r.errorMessage?.hasPrefix("field \"territory\": “?”") == true)
            }
            try await client.execute(uri: "/api/v1/budget?version=2014", method: .get, headers: f.auth(f.viewer)) { r in
                #expect(r.status == .notFound && r.errorMessage?.hasPrefix("there is no budget version “2014”") == true)
            }
        }
    }

    @Test("An amount too large to add up safely is refused with 400")
    func hugeAmount() async throws {
        let f = try await Fixture.make()
        try await f.app.test(.router) { client in
            for uri in ["/api/v1/pledges", "/api/v1/expenses", "/api/v1/funding"] {
                let body = #"{"amount_cents": 9223372036854775807, "name": "P", "line": "6.1", "payee": "P", "source": "association", "date": "2015-11-20"}"#
                try await client.execute(uri: uri, method: .post, headers: f.auth(f.producer), body: ByteBuffer(string: body)) { r in
                    #expect(r.status == .badRequest, "\(uri)")
                    #expect(r.errorMessage == "field \"amount_cents\": 9223372036854775807 cents is more than 1 000 000 000,00 €, the most an amount may be")
                }
            }
            try await client.execute(uri: "/api/v1/campaign", method: .get, headers: f.auth(f.viewer)) { r in
                #expect(r.status == .ok && r.json?["pledged_cents"] as? Int == 281_500)
            }
        }
    }

    @Test("Pledges recorded before amounts had a ceiling, too large to add up: a clear error on every page that sums them, and the service goes on")
    func amountsBeyondCounting() async throws {
        // Given two pledges of 46 116 860 184 273 879,04 € each, planted as an old ledger would hold them
        let f = try await Fixture.make { ledger in
            var content = ProductionContent()
            content.pledges = (1...2).map {
                Pledge(ref: "H\($0)", amount: Int64.max / 2 + 1, name: "Huge \($0)", status: .collected, date: try! LocalDate(parsing: "2015-10-01"))
            }
            try ledger.load(content)
        }
        let sentence = "the pledges add up to more than Osmose can count (92 233 720 368 547 758,07 €)"
        try await f.app.test(.router) { client in
            for _ in 0..<2 {
                try await client.execute(uri: "/", method: .get) { r in
                    #expect(r.status == .internalServerError)
                    #expect(r.text.contains(sentence), "\(r.text.prefix(300))")
                }
            }
            try await client.execute(uri: "/api/v1/campaign", method: .get, headers: f.auth(f.viewer)) { r in
                #expect(r.status == .internalServerError && r.errorMessage?.hasPrefix(sentence) == true, "\(r.text.prefix(300))")
            }
            // The pages that do not sum pledges still answer.
            try await client.execute(uri: "/premiere", method: .get) { r in #expect(r.status == .ok) }
        }
    }

    @Test("Optional fields may be null; a blank tag is dropped; + in a query is a space; a search with no word filters nothing")
    func lenientInputs() async throws {
        let f = try await Fixture.make()
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/spaces", method: .post, headers: f.auth(f.director),
                                     body: ByteBuffer(string: #"{"name": "Atelier", "kind": null, "address": null, "contact": null, "notes": null}"#)) { r in
                #expect(r.status == .created && r.json?["kind"] as? String == "other")
            }
            try await client.execute(uri: "/api/v1/logs", method: .post, headers: f.auth(f.director),
                                     body: ByteBuffer(string: #"{"shoot": "2015-05-18", "at": "10:04:00:00", "tags": ["\f", "\n", "lieux"], "text": "x"}"#)) { r in
                #expect(r.status == .created && r.json?["tags"] as? [String] == ["lieux"])
            }
            try await client.execute(uri: "/api/v1/releases?territory=united+kingdom", method: .get, headers: f.auth(f.viewer)) { r in
                let rows = (try? JSONSerialization.jsonObject(with: Data(r.text.utf8))) as? [[String: Any]]
                #expect(r.status == .ok && rows?.first?["territory"] as? String == "united kingdom")
            }
            var all = 0
            try await client.execute(uri: "/api/v1/logs", method: .get, headers: f.auth(f.viewer)) { r in
                all = ((try? JSONSerialization.jsonObject(with: Data(r.text.utf8))) as? [Any])?.count ?? 0
            }
            try await client.execute(uri: "/api/v1/logs?q=%E2%80%94", method: .get, headers: f.auth(f.viewer)) { r in
                #expect(r.status == .ok && ((try? JSONSerialization.jsonObject(with: Data(r.text.utf8))) as? [Any])?.count == all && all > 0)
            }
        }
    }

    @Test("The document describes each operation's errors and closes its response objects")
    func document() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPI.document.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        let post = try #require(paths["/pledges"]?["post"]?["responses"] as? [String: Any])
        #expect(Set(post.keys) == ["201", "400", "401", "403", "409", "413", "422", "429"])
        let list = try #require(paths["/spaces"]?["get"]?["responses"] as? [String: Any])
        #expect(Set(list.keys) == ["200", "401", "429"])
        #expect(((list["429"] as? [String: Any])?["headers"] as? [String: Any])?["Retry-After"] != nil)
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        #expect(schemas["Pledge"]?["additionalProperties"] as? Bool == false)
        #expect(((schemas["PledgeInput"]?["properties"] as? [String: Any])?["status"] as? [String: Any])?["nullable"] as? Bool == true)
    }
}

@Suite("Publishing")
struct PublishTests {
    @Test("publish writes both languages, the JSON and the badges, as served and with nothing private")
    func publish() async throws {
        let f = try await Fixture.make()
        let out = f.folder.appendingPathComponent("public")
        let files = try f.site.publish(to: out)
        #expect(Set(files) == ["index.html", "premiere.html", "campaign.svg", "en/index.html", "en/premiere.html", "en/campaign.svg", "campaign.json", "premiere.ics", "_headers"])
        let headers = try String(contentsOf: out.appendingPathComponent("_headers"), encoding: .utf8)
        #expect(headers.hasPrefix("/*\n") && headers.contains("  Content-Security-Policy: \(SecurityHeaders.publicPolicy)\n"))
        #expect(headers.contains("  X-Frame-Options: DENY\n") && headers.contains("  X-Content-Type-Options: nosniff\n")
            && headers.contains("  Referrer-Policy: same-origin\n"))
        let french = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        let english = try String(contentsOf: out.appendingPathComponent("en/index.html"), encoding: .utf8)
        #expect(french.contains("<html lang=\"fr\">") && english.contains("<html lang=\"en\">"))
        #expect(english.contains("href=\"../index.html\""))
        for text in [french, english] { #expect(!text.contains("@example.org")) }
        let json = try String(contentsOf: out.appendingPathComponent("campaign.json"), encoding: .utf8)
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/campaign.json", method: .get) { r in #expect(r.text == json) }
        }
    }
}

@Suite("OpenAPI")
struct OpenAPITests {
    @Test("The OpenAPI document lists exactly the API's routes")
    func matchesRouter() async throws {
        let f = try await Fixture.make()
        let router = buildRouter(site: f.site)
        let routed = Set(router.routes.compactMap { route -> String? in
            let path = route.path.description
            guard path.hasPrefix("/api/v1/"), path != "/api/v1/openapi.json" else { return nil }
            let openAPIPath = String(path.dropFirst("/api/v1".count)).split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            return "\(route.method.rawValue.lowercased()) /" + openAPIPath.joined(separator: "/")
        })
        let documented = Set(OpenAPI.operations.map { "\($0.method) \($0.path)" })
        #expect(routed == documented, "routed but not documented: \(routed.subtracting(documented)); documented but not routed: \(documented.subtracting(routed))")
        #expect(routed.count == 20)
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.json?["openapi"] as? String == "3.0.3")
                #expect((r.json?["paths"] as? [String: Any])?.count == 12)
            }
        }
    }
}

@Suite("Team pages")
struct TeamPageTests {
    /// Signs in with a token; returns the session cookie and the CSRF token of the dashboard's forms.

    @Test("Sign in, write with the CSRF token, be refused without it, sign out")
    func flow() async throws {
        let f = try await Fixture.make()
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/team", method: .get) { r in
                #expect(r.status == .seeOther && r.headers[.location] == "/team/login")
            }
            try await client.execute(uri: "/team/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "token=osm_wrong")) { r in
                #expect(r.headers[.location] == "/team/login?error=1")
                #expect(r.headers[.setCookie] == nil)
            }
            let (cookie, csrf) = try await signIn(client, token: f.producer)
            for page in ["/team", "/team/pledges", "/team/expenses", "/team/shoots", "/team/people", "/team/releases", "/team/logs?q=ecrans"] {
                try await client.execute(uri: page, method: .get, headers: [.cookie: cookie]) { r in #expect(r.status == .ok, "\(page)") }
            }
            try await client.execute(uri: "/team/pledges", method: .post, headers: form(cookie),
                                     body: ByteBuffer(string: "csrf=\(csrf)&amount=42%2C00&name=Jeanne+Forme&status=collected&date=2015-11-20")) { r in
                #expect(r.status == .seeOther)
            }
            try await client.execute(uri: "/team/pledges", method: .post, headers: form(cookie),
                                     body: ByteBuffer(string: "csrf=forged&amount=42&name=Forged")) { r in
                #expect(r.status == .forbidden)
            }
            try await client.execute(uri: "/team/pledges", method: .get, headers: [.cookie: cookie]) { r in
                #expect(r.text.contains("Jeanne Forme") && !r.text.contains("Forged") && r.text.contains("<button>Ajouter</button>"))
            }
            try await client.execute(uri: "/team/releases?usage=cinema&on=2015-11-30", method: .get, headers: [.cookie: cookie]) { r in
                #expect(r.text.contains("minor without the guardian") && r.text.contains("Mutualab"))
            }
            try await client.execute(uri: "/team/logout", method: .post, headers: form(cookie), body: ByteBuffer(string: "csrf=\(csrf)")) { r in
                #expect(r.status == .seeOther)
            }
            try await client.execute(uri: "/team/pledges", method: .get, headers: [.cookie: cookie]) { r in
                #expect(r.status == .seeOther)
            }
        }
    }

    @Test("A viewer reads the team pages but cannot write money")
    func viewer() async throws {
        let f = try await Fixture.make()
        try await f.app.test(.router) { client in
            let (cookie, csrf) = try await signIn(client, token: f.viewer)
            try await client.execute(uri: "/team/pledges", method: .get, headers: [.cookie: cookie]) { r in
                #expect(r.status == .ok && !r.text.contains("<button>Ajouter</button>") && r.text.contains("Contributor 001"))
            }
            try await client.execute(uri: "/team/pledges", method: .post, headers: form(cookie),
                                     body: ByteBuffer(string: "csrf=\(csrf)&amount=42&name=V")) { r in
                #expect(r.status == .forbidden)
                #expect(r.headers[.contentType] == "text/html; charset=utf-8")
            }
        }
    }
}

@Suite("The live server")
struct LiveServerTests {
    @Test("Cached public pages answered on the event loop are the same as the router's, with their 304s and languages")
    func fastPath() async throws {
        let f = try await Fixture.make()
        let app = buildApplication(site: f.site, port: 0, accessLog: false)
        try await app.test(.live) { client in
            var first = "", etag = ""
            try await client.execute(uri: "/", method: .get) { r in
                first = r.text
                etag = r.headers[.eTag] ?? ""
            }
            // Now kept: the next ones come from the channel handler.
            for _ in 0..<3 {
                try await client.execute(uri: "/", method: .get) { r in
                    #expect(r.status == .ok && r.text == first)
                    #expect(r.headers[.eTag] == etag && r.headers[.contentType] == "text/html; charset=utf-8" && r.headers[.date] != nil)
                }
            }
            try await client.execute(uri: "/", method: .get, headers: [.ifNoneMatch: etag]) { r in
                #expect(r.status == .notModified && r.body.readableBytes == 0)
            }
            try await client.execute(uri: "/", method: .head) { r in
                #expect(r.status == .ok && r.body.readableBytes == 0 && r.headers[.eTag] == etag)
            }
            for _ in 0..<2 {
                try await client.execute(uri: "/?lang=en", method: .get) { r in #expect(r.text.contains("<html lang=\"en\">")) }
                try await client.execute(uri: "/", method: .get, headers: [.acceptLanguage: "en"]) { r in #expect(r.text.contains("<html lang=\"en\">")) }
                try await client.execute(uri: "/campaign.json", method: .get) { r in
                    #expect(r.json?["pledged_cents"] as? Int == 281_500 && r.headers[.accessControlAllowOrigin] == "*")
                }
            }
            // Everything else still goes through the router.
            try await client.execute(uri: "/api/v1/pledges", method: .get) { r in #expect(r.status == .unauthorized) }
            try await client.execute(uri: "/missing", method: .get) { r in #expect(r.status == .notFound) }
            let body = #"{"amount_cents": 5000, "name": "Louise Martin", "status": "collected", "date": "2015-11-20"}"#
            try await client.execute(uri: "/api/v1/pledges", method: .post, headers: f.auth(f.producer), body: ByteBuffer(string: body)) { r in
                #expect(r.status == .created)
            }
            // A write through the service is visible at once.
            try await client.execute(uri: "/", method: .get) { r in #expect(r.text.contains("2 865,00 €")) }
        }
    }
}

@Suite("Pages after an erasure")
struct ErasurePageTests {
    /// A contributor shown on `/` by the public name she chose.
    static func contributor(_ ledger: Ledger) throws {
        try ledger.addPledge(Pledge(ref: "LIVE-1", amount: 4_000, name: "Camille Secretname", email: "camille@example.org",
                                    publicName: "Camille la Lilloise", status: .collected, date: try LocalDate(parsing: "2015-11-20")))
    }

    /// The ledger as the command line opens it while the service runs: another connection.
    static func eraseFromAnotherProcess(_ f: Fixture) throws {
        let other = try Ledger.open(at: f.folder.appendingPathComponent(ProductionFolder.ledgerName)).acting(as: "command line (test)")
        _ = try other.erasePersonalData("camille@example.org")
        try other.close()
    }

    @Test("An erasure made by another connection takes the contributor off / at the next request, through the router")
    func router() async throws {
        let f = try await Fixture.make(extra: Self.contributor)
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { r in #expect(r.text.contains("Camille la Lilloise")) }
            try await client.execute(uri: "/", method: .get) { r in #expect(r.text.contains("Camille la Lilloise")) }
            try Self.eraseFromAnotherProcess(f)
            #expect(f.site.current(.campaign(.fr)) == nil, "the kept copy is no longer current")
            try await client.execute(uri: "/", method: .get) { r in
                #expect(r.status == .ok && !r.text.contains("Camille la Lilloise") && !r.text.contains("Secretname"))
            }
        }
    }

    @Test("An erasure made by another connection takes the contributor off / at the next request, on the event loop's fast path too")
    func fastPath() async throws {
        let f = try await Fixture.make(extra: Self.contributor)
        let app = buildApplication(site: f.site, port: 0, accessLog: false)
        try await app.test(.live) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/", method: .get) { r in #expect(r.text.contains("Camille la Lilloise")) }
            }
            #expect(f.site.current(.campaign(.fr)) != nil, "kept, and answered before the router")
            try Self.eraseFromAnotherProcess(f)
            for _ in 0..<3 {
                try await client.execute(uri: "/", method: .get) { r in
                    #expect(r.status == .ok && !r.text.contains("Camille la Lilloise") && !r.text.contains("Secretname"))
                }
            }
            #expect(f.site.current(.campaign(.fr)) != nil, "kept again once rebuilt")
        }
    }

    @Test("A public name is refused with a bidirectional override from the API and the team form, with a sentence naming it")
    func bidiPublicName() async throws {
        let f = try await Fixture.make()
        try await f.app.test(.router) { client in
            let body = #"{"amount_cents": 5000, "name": "Camille Durand", "public_name": "Camille \u202Egnp.exe", "date": "2015-11-20"}"#
            try await client.execute(uri: "/api/v1/pledges", method: .post, headers: f.auth(f.producer), body: ByteBuffer(string: body)) { r in
                #expect(r.status == .unprocessableContent || r.status == .badRequest)
                #expect(r.errorMessage?.contains("U+202E") == true, "\(r.text)")
            }
            let (cookie, csrf) = try await signIn(client, token: f.producer)
            let form = "csrf=\(csrf)&amount=50&name=Camille+Durand&public_name=Camille+%E2%80%AEgnp.exe"
            try await client.execute(uri: "/team/pledges", method: .post, headers: OsmoseWebTests.form(cookie), body: ByteBuffer(string: form)) { r in
                #expect(r.status != .seeOther && r.text.contains("U+202E"), "\(r.status) \(r.text.prefix(300))")
            }
        }
        #expect(!(try f.site.production.ledger.pledges().contains { $0.name == "Camille Durand" }))
    }
}

@Suite("Footage pages")
struct FootagePageTests {
    /// A card with two clips (one tagged), and a cut showing them and an unknown archive shot.
    static func footage(_ ledger: Ledger) throws {
        let day = try LocalDate(parsing: "2015-05-20")
        func tc(_ text: String) throws -> Timecode { try Timecode(parsing: text, rate: .fps25) }
        func clip(_ name: String, _ start: String) throws -> Clip {
            Clip(card: "CANARY01", path: "XDROOT/Clip/\(name).MP4", size: 4_096, hashes: ["xxh64": "0123456789abcdef"], shoot: day,
                 camera: "A-cam", metadata: ClipMetadata(source: "sony-xml", durationFrames: 2_500, rate: .fps25, startTimecode: try tc(start),
                                                        cameraModel: "PXW-FS7"))
        }
        try ledger.recordIngest(
            Card(name: "CANARY01", shoot: day, camera: "A-cam", source: "/media/CANARY01", algorithms: ["xxh64"], files: 4, bytes: 8_192,
                 ingestedAt: Date(), copies: [Card.Copy(path: "/raid/CANARY01", generation: "0001_CANARY01.mhl", state: .failed,
                                                        checkedAt: Date(), problems: ["XDROOT/Clip/C0002.MP4: changed"])]),
            clips: [try clip("C0001", "11:14:50:00"), try clip("C0002", "13:01:30:00")])
        try ledger.tagClip("CANARY01/C0001", persons: ["Participant F"], space: nil)
        func ev(_ n: Int, _ name: String, _ source: String, _ record: String) throws -> CutTimeline.Event {
            let s = try tc(source), r = try tc(record)
            return CutTimeline.Event(number: n, clipName: name, reel: "CANARY01", sourceIn: s, sourceOut: try Timecode(frame: s.frame + 100, rate: .fps25),
                                     recordIn: r, recordOut: try Timecode(frame: r.frame + 100, rate: .fps25))
        }
        try ledger.importCut(CutTimeline(name: "Canary cut", rate: .fps25, events: [
            try ev(1, "C0001.MP4", "11:15:00:00", "01:00:00:00"), try ev(2, "ARCHIVE.MOV", "00:00:00:00", "01:00:04:00"),
        ]), format: "edl", source: "/tmp/canary.edl")
    }

    @Test("The team sees the cards with their verification state, the clips, and the cut with its clearance")
    func teamPages() async throws {
        let f = try await Fixture.make(extra: Self.footage)
        try await f.app.test(.router) { client in
            let (cookie, _) = try await signIn(client, token: f.director)
            try await client.execute(uri: "/team/footage?lang=en", method: .get, headers: [.cookie: cookie]) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("CANARY01") && r.text.contains("FAILED") && r.text.contains("XDROOT/Clip/C0002.MP4: changed"))
                #expect(r.text.contains("CANARY01/C0001") && r.text.contains("Participant F") && r.text.contains("11:14:50:00"))
            }
            try await client.execute(uri: "/team/footage?person=Participant+F", method: .get, headers: [.cookie: cookie]) { r in
                #expect(r.text.contains("CANARY01/C0001") && !r.text.contains("CANARY01/C0002"))
            }
            try await client.execute(uri: "/team/cut?lang=en&on=2015-11-30", method: .get, headers: [.cookie: cookie]) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("Cut NOT cleared") && r.text.contains("minor without the guardian"))
                #expect(r.text.contains("L’Usine Bis") && r.text.contains("ARCHIVE.MOV") && r.text.contains("01:00:00:00"))
            }
            try await client.execute(uri: "/team/cut", method: .get) { r in #expect(r.status == .seeOther) }
        }
    }

    @Test("The public pages show none of the footage")
    func publicPagesShowNone() async throws {
        let f = try await Fixture.make(extra: Self.footage)
        try await f.app.test(.router) { client in
            for uri in ["/", "/?lang=en", "/premiere", "/campaign.json", "/campaign.svg"] {
                try await client.execute(uri: uri, method: .get) { r in
                    for secret in ["CANARY01", "XDROOT", "Canary cut", "ARCHIVE.MOV"] { #expect(!r.text.contains(secret), "\(uri) shows \(secret)") }
                }
            }
        }
    }
}
