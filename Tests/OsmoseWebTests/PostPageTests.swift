import Foundation
import Hummingbird
import HummingbirdTesting
import OsmoseDomain
import OsmoseStorage
import Testing
@testable import OsmoseWeb

@Suite("Guests, the door and the calendars")
struct PostPageTests {
    /// A screening of `capacity` seats on 2015-12-04 with `count` guests invited by hand, one seat each.
    static func screening(capacity: Int, guests count: Int) -> (Ledger) throws -> Void {
        { ledger in
            let id = try ledger.addScreening(Screening(
                title: "Projection test", venue: "Cinéma l’Univers", date: try LocalDate(parsing: "2015-12-04"),
                time: try ClockTime(parsing: "18:30"), capacity: capacity))
            for n in 0..<count { try ledger.invite(screening: id, name: "Guest \(n)", seats: n == 0 ? 3 : 1, kind: .other) }
        }
    }

    func jsonForm(_ cookie: String) -> HTTPFields {
        var headers = form(cookie)
        headers[.accept] = "application/json"
        return headers
    }

    func id(_ f: Fixture) throws -> Int64 {
        try #require(try f.site.ledger.screenings().first { $0.screening.title == "Projection test" }?.screening.id)
    }

    @Test("A guest answers through their personal link, without a login; past the capacity they wait, and move up")
    func rsvp() async throws {
        let f = try await Fixture.make(extra: Self.screening(capacity: 3, guests: 3))
        let screening = try id(f)
        let guests = try f.site.ledger.issueLinks(screening: screening)
        try await f.app.test(.router) { client in
            let first = guests[0].token, second = guests[1].token, third = guests[2].token
            try await client.execute(uri: "/rsvp/\(first)?lang=en", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("Guest 0") && r.text.contains("This invitation is for 3 seats") && r.text.contains("You have not answered yet"))
                #expect(!r.text.contains("Guest 1"))
                #expect(r.headers[.cacheControl] == "no-store")
            }
            try await client.execute(uri: "/rsvp/\(first)?lang=en", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "answer=yes&seats=3")) { r in
                #expect(r.status == .ok && r.text.contains("You are coming, 3 seat(s) confirmed"))
            }
            try await client.execute(uri: "/rsvp/\(second)?lang=en", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "answer=yes&seats=1")) { r in
                #expect(r.text.contains("waiting list"))
            }
            // Asking for more seats than offered is refused by name, with nothing recorded.
            try await client.execute(uri: "/rsvp/\(third)?lang=en", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "answer=yes&seats=2")) { r in
                #expect(r.status == .conflict && r.text.contains("asks for 2 seats but is offered 1"))
            }
            try await client.execute(uri: "/rsvp/\(first)", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "answer=yes&seats=2")) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/rsvp/\(second)?lang=en", method: .get) { r in
                #expect(r.text.contains("You are coming, 1 seat(s) confirmed"))
            }
            try await client.execute(uri: "/rsvp/not-a-token", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/rsvp/\(third)", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "answer=maybe")) { r in #expect(r.status == .badRequest) }
        }
        #expect(try f.site.ledger.roomCount(screening: screening).confirmed == 3)
    }

    @Test("Two hundred simultaneous answers over HTTP for the last seats never overbook the room")
    func simultaneousAnswers() async throws {
        let f = try await Fixture.make(extra: Self.screening(capacity: 30, guests: 201))
        let screening = try id(f)
        // Guest 0 takes 3 seats first: 27 are left for 200 answers at once.
        _ = try f.site.ledger.answer(screening: screening, name: "Guest 0", accept: true, seats: 3)
        let tokens = try f.site.ledger.issueLinks(screening: screening).dropFirst().map(\.token)
        #expect(tokens.count == 200)
        try await f.app.test(.live) { client in
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for token in tokens {
                    group.addTask {
                        try await client.execute(uri: "/rsvp/\(token)", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                 body: ByteBuffer(string: "answer=yes&seats=1")).status
                    }
                }
                for try await status in group { #expect(status == .ok) }
            }
        }
        let guests = try f.site.ledger.guests(screening: screening).map(\.guest)
        #expect(GuestList.confirmedSeats(guests) == 30)
        #expect(guests.filter { $0.rsvp == .yes }.count == 28)
        #expect(guests.filter { $0.rsvp == .waitlist }.count == 173)
        // Their places in line are distinct: a decline moves exactly the first in line up.
        let line = GuestList.waitingList(guests)
        #expect(Set(line.compactMap(\.waitlistedAt)).count == 173)
        let confirmed = try #require(guests.first { $0.rsvp == .yes && $0.name != "Guest 0" })
        _ = try f.site.ledger.answer(screening: screening, name: confirmed.name, accept: false, seats: 0)
        let after = try f.site.ledger.guests(screening: screening).map(\.guest)
        #expect(after.first { $0.name == line[0].name }?.rsvp == .yes)
        #expect(GuestList.confirmedSeats(after) == 30)
    }

    @Test("The door: search, check in with seats, the room's count; a viewer cannot check in")
    func door() async throws {
        let f = try await Fixture.make(extra: Self.screening(capacity: 3, guests: 2))
        let screening = try id(f)
        _ = try f.site.ledger.answer(screening: screening, name: "Guest 0", accept: true, seats: 2)
        try await f.app.test(.router) { client in
            let (cookie, csrf) = try await signIn(client, token: f.director)
            try await client.execute(uri: "/team/door?screening=\(screening)", method: .get, headers: [.cookie: cookie]) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("Guest 0") && r.text.contains("id=\"search\"") && r.text.contains("name=\"viewport\""))
                // The search hides rows with `hidden`, which the rows' own display must not override.
                #expect(r.text.contains("ul.door li[hidden]{display:none}"))
                #expect(r.text.contains("<span id=\"in\">0</span>") && r.text.contains("<span id=\"confirmed\">2</span>"))
            }
            try await client.execute(uri: "/team/door/checkin", method: .post, headers: jsonForm(cookie),
                                     body: ByteBuffer(string: "csrf=\(csrf)&screening=\(screening)&name=guest+0&seats=2")) { r in
                #expect(r.status == .ok)
                let room = r.json?["room"] as? [String: Any]
                #expect(room?["checked_in"] as? Int == 2 && room?["capacity"] as? Int == 3)
            }
            try await client.execute(uri: "/team/door/checkin", method: .post, headers: jsonForm(cookie),
                                     body: ByteBuffer(string: "csrf=\(csrf)&screening=\(screening)&name=Guest+1&seats=2")) { r in
                #expect(r.status == .badRequest)
                #expect(r.errorMessage?.contains("is invited with 1 seat(s): 2 cannot be checked in") == true)
            }
            try await client.execute(uri: "/team/door/status?screening=\(screening)", method: .get, headers: [.cookie: cookie]) { r in
                let room = r.json?["room"] as? [String: Any]
                #expect(room?["checked_in"] as? Int == 2 && room?["confirmed"] as? Int == 2)
            }
            let viewer = try await signIn(client, token: f.viewer)
            try await client.execute(uri: "/team/door/checkin", method: .post, headers: form(viewer.cookie),
                                     body: ByteBuffer(string: "csrf=\(viewer.csrf)&screening=\(screening)&name=Guest+1&seats=1")) { r in
                #expect(r.status == .forbidden)
            }
            try await client.execute(uri: "/team/door/status", method: .get) { r in #expect(r.status == .unauthorized || r.status == .seeOther) }
        }
    }

    @Test("The premiere's calendar is public and names no guest; the team's needs a token")
    func calendars() async throws {
        let f = try await Fixture.make()
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/premiere.ics", method: .get) { r in
                #expect(r.status == .ok && r.headers[.contentType] == "text/calendar; charset=utf-8")
                #expect(r.text.hasPrefix("BEGIN:VCALENDAR\r\n") && r.text.contains("DTSTART;TZID=Europe/Paris:20151130T200000"))
                #expect(!r.text.contains("Participant") && !r.text.contains("Shoot:") && !r.text.contains("@example"))
            }
            try await client.execute(uri: "/calendar.ics", method: .get) { r in #expect(r.status == .unauthorized) }
            try await client.execute(uri: "/calendar.ics?token=osm_wrong", method: .get) { r in #expect(r.status == .unauthorized) }
            try await client.execute(uri: "/calendar.ics?token=\(f.viewer)", method: .get) { r in
                #expect(r.status == .ok && r.text.contains("SUMMARY:Shoot: ") && r.text.contains("CATEGORIES:screening"))
            }
            try await client.execute(uri: "/premiere", method: .get) { r in #expect(r.text.contains("href=\"/premiere.ics\"")) }
        }
    }

    @Test("Changes through a token and through a guest's link are journaled under their names; the team sees the journal")
    func journal() async throws {
        let f = try await Fixture.make(extra: Self.screening(capacity: 3, guests: 1))
        let token = try #require(try f.site.ledger.issueLinks(screening: try id(f)).first?.token)
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/pledges", method: .post, headers: f.auth(f.producer),
                                     body: ByteBuffer(string: #"{"amount_cents": 4200, "name": "Jeanne Forme", "status": "collected", "date": "2015-11-20"}"#)) { r in
                #expect(r.status == .created)
            }
            try await client.execute(uri: "/rsvp/\(token)", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "answer=yes&seats=3")) { r in #expect(r.status == .ok) }
            let (cookie, _) = try await signIn(client, token: f.viewer)
            try await client.execute(uri: "/team/journal?lang=en", method: .get, headers: [.cookie: cookie]) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("token “P” (producer)") && r.text.contains("Jeanne Forme"))
                #expect(r.text.contains("guest link (Guest 0)") && r.text.contains("rsvp: pending → yes"))
                #expect(!r.text.contains(token))
            }
        }
        let last = try f.site.ledger.journal().suffix(2)
        #expect(last.map(\.actor) == ["token “P” (producer)", "guest link (Guest 0)"])
    }
}
