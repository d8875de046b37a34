import Foundation
import Testing
@testable import OsmoseDomain

/// SplitMix64: the same sequence on every machine, so a failing run can be replayed.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private func errorMessage(_ body: () throws -> Void) -> String {
    do {
        try body()
        return ""
    } catch let error as InputError {
        return error.message
    } catch {
        return "unexpected \(error)"
    }
}

@Suite("Premiere guest list")
struct GuestListTests {
    /// Five guests allowed 3 seats each, none answered yet.
    func five() -> [Guest] {
        GuestList.build(
            pledgeSeats: [], participants: [], crew: [], directors: [],
            manual: ["Ana", "Bruno", "Chloé", "Daniel", "Eva"].map { ($0, 3, .other) })
    }

    func rsvp(_ guests: [Guest], _ name: String) -> Guest.RSVP? { guests.first { $0.name == name }?.rsvp }

    @Test("Duplicates are merged: largest allowance, most specific kind, first spelling")
    func duplicates() {
        // Given a director who also pledged, a contributor listed again as press, and a zero-seat tier
        let guests = GuestList.build(
            pledgeSeats: [("Anna Weber", 2), ("elise martin", 1), ("Paul Roux", 0), ("Anna Weber", 1)],
            participants: ["Karim Benali"],
            crew: ["Lou Garnier", "  "],
            directors: ["Élise Martin"],
            manual: [("anna  WEBER", 4, .press), ("Karim benali", 1, .partner)]
        )

        // Then
        #expect(guests.map(\.name) == ["Anna Weber", "elise martin", "Karim Benali", "Lou Garnier"])
        #expect(guests.map(\.invitedAt) == [0, 1, 2, 3])
        let anna = guests[0]
        #expect(anna.allowance == 4 && anna.kind == .press)
        #expect(guests[1].kind == .director && guests[1].allowance == 1)
        // A participant stays a participant when also listed as a partner, with their companion seat
        #expect(guests[2].kind == .participant && guests[2].allowance == 2)
        #expect(guests.allSatisfy { $0.rsvp == .pending && $0.seats == 0 && $0.checkedIn == 0 })
    }

    @Test("Companions are counted in the allowance and in the seats taken")
    func companions() throws {
        // Given participants with two companions each
        var guests = GuestList.build(
            pledgeSeats: [("Anna Weber", 2)], participants: ["Karim Benali", "Sophie Lemaire"],
            companionsPerParticipant: 2, crew: ["Lou Garnier"], directors: ["Élise Martin"], manual: [])
        #expect(guests.map(\.allowance) == [2, 3, 3, 1, 1])
        #expect(GuestList.build(pledgeSeats: [], participants: ["Karim"], crew: [], directors: [], manual: [])
            .first?.allowance == 2)

        // When
        try GuestList.answer(&guests, name: "karim benali", accept: true, seats: 3, capacity: 100)
        try GuestList.answer(&guests, name: "Sophie Lemaire", accept: true, seats: 2, capacity: 100)
        try GuestList.answer(&guests, name: "Lou Garnier", accept: true, seats: 1, capacity: 100)

        // Then
        #expect(GuestList.confirmedSeats(guests) == 6)
    }

    @Test("Seats beyond the allowance are refused, naming the guest")
    func allowance() throws {
        var guests = GuestList.build(
            pledgeSeats: [("Anna Weber", 2)], participants: [], crew: [], directors: [], manual: [])
        #expect(errorMessage { try GuestList.answer(&guests, name: "anna weber", accept: true, seats: 3, capacity: 50) }
            == "“Anna Weber” asks for 3 seats but is offered 2")
        #expect(errorMessage { try GuestList.answer(&guests, name: "Anna Weber", accept: true, seats: 0, capacity: 50) }
            .contains("“Anna Weber” accepts with 0 seats"))
        #expect(errorMessage { try GuestList.answer(&guests, name: "Ana Webber", accept: true, seats: 1, capacity: 50) }
            == "“Ana Webber” is not on the guest list (did you mean “Anna Weber”?)")
        #expect(guests[0].rsvp == .pending)

        // A decline needs no seat count
        let declined = try GuestList.answer(&guests, name: "Anna Weber", accept: false, seats: 0, capacity: 50)
        #expect(declined.rsvp == .no && declined.seats == 0)
    }

    @Test("The waiting list moves up in answer order when someone declines")
    func waitingList() throws {
        // Given a room of 5
        var guests = five()
        #expect(try GuestList.answer(&guests, name: "Ana", accept: true, seats: 3, capacity: 5).rsvp == .yes)
        #expect(try GuestList.answer(&guests, name: "Bruno", accept: true, seats: 2, capacity: 5).rsvp == .yes)
        #expect(try GuestList.answer(&guests, name: "Eva", accept: true, seats: 3, capacity: 5).rsvp == .waitlist)
        #expect(try GuestList.answer(&guests, name: "Chloé", accept: true, seats: 2, capacity: 5).rsvp == .waitlist)
        #expect(try GuestList.answer(&guests, name: "Daniel", accept: true, seats: 1, capacity: 5).rsvp == .waitlist)
        #expect(GuestList.waitingList(guests).map(\.name) == ["Eva", "Chloé", "Daniel"])
        #expect(GuestList.confirmedSeats(guests) == 5)

        // When Bruno declines, 2 seats free up: Eva (3) does not fit and keeps her place, Chloé (2) gets them
        try GuestList.answer(&guests, name: "Bruno", accept: false, seats: 0, capacity: 5)
        #expect(rsvp(guests, "Chloé") == .yes)
        #expect(rsvp(guests, "Eva") == .waitlist)
        #expect(GuestList.waitingList(guests).map(\.name) == ["Eva", "Daniel"])

        // When Ana declines, 3 seats: Eva first, Daniel still waits
        try GuestList.answer(&guests, name: "Ana", accept: false, seats: 0, capacity: 5)
        #expect(rsvp(guests, "Eva") == .yes)
        #expect(rsvp(guests, "Daniel") == .waitlist)
        #expect(GuestList.confirmedSeats(guests) == 5)

        // When Eva lowers her answer to 2 seats, Daniel's one seat fits
        try GuestList.answer(&guests, name: "Eva", accept: true, seats: 2, capacity: 5)
        #expect(rsvp(guests, "Daniel") == .yes)
        #expect(GuestList.waitingList(guests).isEmpty)
        #expect(GuestList.confirmedSeats(guests) == 5)
    }

    @Test("A confirmed guest asking for more than is left keeps their seats")
    func askingMore() throws {
        var guests = five()
        try GuestList.answer(&guests, name: "Ana", accept: true, seats: 2, capacity: 4)
        try GuestList.answer(&guests, name: "Bruno", accept: true, seats: 2, capacity: 4)
        #expect(errorMessage { try GuestList.answer(&guests, name: "Ana", accept: true, seats: 3, capacity: 4) }
            == "“Ana” has 2 confirmed seats and asks for 3, but only 2 fit: they keep 2")
        #expect(guests[0].rsvp == .yes && guests[0].seats == 2)
        // Freeing a seat first lets the larger answer through
        try GuestList.answer(&guests, name: "Bruno", accept: true, seats: 1, capacity: 4)
        #expect(try GuestList.answer(&guests, name: "Ana", accept: true, seats: 3, capacity: 4).seats == 3)
    }

    @Test("Seats freed by a larger room go to those already waiting before a new answer")
    func largerRoom() throws {
        var guests = five()
        try GuestList.answer(&guests, name: "Ana", accept: true, seats: 3, capacity: 3)
        try GuestList.answer(&guests, name: "Bruno", accept: true, seats: 2, capacity: 3)
        #expect(rsvp(guests, "Bruno") == .waitlist)
        // The room grows to 5; Chloé answers then, but Bruno was waiting first
        let chloe = try GuestList.answer(&guests, name: "Chloé", accept: true, seats: 1, capacity: 5)
        #expect(rsvp(guests, "Bruno") == .yes)
        #expect(chloe.rsvp == .waitlist)
        #expect(GuestList.confirmedSeats(guests) == 5)
    }

    @Test("Capacity is never exceeded over random answers", arguments: [1, 7, 2015, 424_242])
    func randomAnswers(seed: UInt64) throws {
        var random = SeededGenerator(state: seed)
        let capacity = 20
        var guests = GuestList.build(
            pledgeSeats: (0..<15).map { ("Contributor \($0)", Int.random(in: 1...4, using: &random)) },
            participants: (0..<10).map { "Participant \($0)" }, crew: ["Lou", "Max"], directors: ["Élise"],
            manual: [])
        var promotions = 0
        var refused = 0
        for _ in 0..<600 {
            let index = Int.random(in: 0..<guests.count, using: &random)
            let before = guests
            let accept = Int.random(in: 0..<4, using: &random) > 0
            let seats = Int.random(in: 0...(guests[index].allowance + 1), using: &random)
            do {
                try GuestList.answer(
                    &guests, name: guests[index].name, accept: accept, seats: seats, capacity: capacity)
            } catch {
                refused += 1
                #expect(guests == before)  // a refused answer changes nothing
            }
            promotions += guests.indices.filter {
                $0 != index && before[$0].rsvp == .waitlist && guests[$0].rsvp == .yes
            }.count

            let confirmed = GuestList.confirmedSeats(guests)
            #expect(confirmed <= capacity)
            // Nobody waits while their seats would fit
            #expect(GuestList.waitingList(guests).allSatisfy { $0.seats > capacity - confirmed })
            for guest in guests {
                switch guest.rsvp {
                case .yes, .waitlist: #expect((1...guest.allowance).contains(guest.seats))
                case .no, .pending: #expect(guest.seats == 0)
                }
                #expect((guest.rsvp == .waitlist) == (guest.waitlistedAt != nil))
            }
            let places = guests.compactMap(\.waitlistedAt)
            #expect(Set(places).count == places.count)
        }
        // The sequence did exercise the waiting list and the refusals
        #expect(promotions > 0)
        #expect(refused > 0)
    }

    @Test("A bigger room takes the waiting list in order; a smaller one than the confirmed seats is refused")
    func resize() throws {
        var guests = GuestList.build(pledgeSeats: [("A", 2), ("B", 2), ("C", 1)], participants: [], crew: [], directors: [])
        try GuestList.answer(&guests, name: "A", accept: true, seats: 2, capacity: 2)
        try GuestList.answer(&guests, name: "B", accept: true, seats: 2, capacity: 2)
        try GuestList.answer(&guests, name: "C", accept: true, seats: 1, capacity: 2)
        #expect(guests.map(\.rsvp) == [.yes, .waitlist, .waitlist])
        try GuestList.resize(&guests, capacity: 3)
        // B asks for 2 and only 1 is free: B keeps the first place, C (1 seat) goes in.
        #expect(guests.map(\.rsvp) == [.yes, .waitlist, .yes])
        try GuestList.resize(&guests, capacity: 5)
        #expect(guests.map(\.rsvp) == [.yes, .yes, .yes])
        #expect(throws: InputError.self) { try GuestList.resize(&guests, capacity: 4) }
    }
}
