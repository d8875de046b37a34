import Foundation
import Hummingbird
import HummingbirdTesting
import OsmoseDomain
import GRDB
import Testing
@testable import OsmoseStorage
@testable import OsmoseWeb

@Suite("Hostile text through the API and the team forms")
struct HostileTextWebTests {
    static let hostile = [(#"Camille \u001b]0;x\u0007"#, "Camille%20%1B%5D0%3Bx%07", "U+001B"),
                          (#"Cam\u0000ille"#, "Cam%00ille", "U+0000"),
                          (#"Camille \u202ednaruD"#, "Camille%20%E2%80%AEdnaruD", "U+202E")]

    @Test("The API and the team forms refuse a terminal escape, NUL and a bidirectional override with 422, naming the field",
          arguments: 0..<hostile.count)
    func refused(index: Int) async throws {
        let (json, encoded, code) = Self.hostile[index]
        let f = try await Fixture.make()
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/people", method: .post, headers: f.auth(f.director),
                                     body: ByteBuffer(string: #"{"name": "\#(json)", "role": "crew"}"#)) { r in
                #expect(r.status == .unprocessableContent)
                #expect(r.errorMessage?.hasPrefix("the person name holds \(code) (") == true, "\(r.text)")
            }
            try await client.execute(uri: "/api/v1/pledges", method: .post, headers: f.auth(f.producer),
                                     body: ByteBuffer(string: #"{"amount_cents": 1000, "name": "Éva", "public_name": "\#(json)"}"#)) { r in
                #expect(r.status == .unprocessableContent)
                #expect(r.errorMessage?.hasPrefix("the public name holds \(code) (") == true, "\(r.text)")
            }
            try await client.execute(uri: "/api/v1/spaces", method: .post, headers: f.auth(f.director),
                                     body: ByteBuffer(string: #"{"name": "Atelier", "notes": "line\n\#(json)"}"#)) { r in
                #expect(r.status == .unprocessableContent)
                #expect(r.errorMessage?.hasPrefix("the space note holds \(code) (") == true, "\(r.text)")
            }
            let (cookie, csrf) = try await signIn(client, token: f.producer)
            try await client.execute(uri: "/team/pledges", method: .post, headers: form(cookie),
                                     body: ByteBuffer(string: "csrf=\(csrf)&amount=42&name=\(encoded)&status=collected&date=2015-11-20")) { r in
                #expect(r.status != .seeOther)
                #expect(r.text.contains(code), "\(r.text)")
            }
            try await client.execute(uri: "/api/v1/pledges", method: .get, headers: f.auth(f.viewer)) { r in
                #expect(!r.text.contains("Camille"))
            }
        }
    }

    @Test("A public name stored before the rule is not shown on the campaign page: the default one is")
    func plantedPublicName() async throws {
        let f = try await Fixture.make { ledger in
            try ledger.addPledge(Pledge(ref: "PL-1", amount: 5_000, name: "Planted", publicName: "Planted", status: .collected,
                                        date: try LocalDate(parsing: "2015-11-20")))
            try ledger.writer.write { db in
                try db.execute(sql: "UPDATE pledge SET public_name = ? WHERE ref = 'PL-1'", arguments: ["Pla\u{202E}nted"])
            }
        }
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("Planted"))
                #expect(!r.text.contains("\u{202E}"))
            }
        }
    }

    @Test("Text stored before the rule reaches a team page with its controls written out, never raw")
    func plantedTeamText() async throws {
        // Given a person whose name and notes another tool wrote with an override and an escape sequence
        let f = try await Fixture.make { ledger in
            try ledger.addPerson(Person(name: "Planted", role: .crew))
            try ledger.writer.write { db in
                try db.execute(sql: "UPDATE person SET name = ?, notes = ? WHERE name = 'Planted'",
                               arguments: ["Pla\u{202E}nted", "note \u{1B}]0;pwned\u{07}"])
            }
        }
        try await f.app.test(.router) { client in
            // When the team's people page is shown
            let (cookie, _) = try await signIn(client, token: f.director)
            try await client.execute(uri: "/team/people", method: .get, headers: [.cookie: cookie]) { r in
                // Then both are written out, and neither character is in the page
                #expect(r.status == .ok)
                #expect(r.text.contains("Pla\\u{202E}nted"), "\(r.text)")
                #expect(!r.text.contains("\u{202E}") && !r.text.contains("\u{1B}") && !r.text.contains("\u{07}"))
            }
        }
    }
}
