import Foundation
import OsmoseDomain
import Testing
@testable import OsmoseStorage

@Suite("Post-production and guests in the ledger")
struct PostLedgerTests {
    func ledger() throws -> (Ledger, Int64) {
        let ledger = try Ledger.inMemory()
        try ledger.createProduction(ProductionSettings(title: "Film"))
        try ledger.addSpace(Space(name: "Salle", kind: .cinema))
        try ledger.addPerson(Person(name: "Ana", role: .participant, email: "ana@example.org"))
        try ledger.addPerson(Person(name: "Dora", role: .director))
        let id = try ledger.addScreening(Screening(title: "Première", venue: "Salle", date: try LocalDate(parsing: "2015-11-30"),
                                                   time: try ClockTime(parsing: "20:00"), capacity: 10))
        return (ledger, id)
    }

    @Test("Contributors get their tier's seats; a refunded pledge leaves the list unless its guest answered; answers are kept")
    func guestSources() throws {
        let (ledger, id) = try ledger()
        let day = try LocalDate(parsing: "2015-10-01")
        try ledger.addPledge(Pledge(ref: "P1", amount: 6_000, name: "Éva", email: "eva@example.org", tier: "Duo", date: day))
        try ledger.addPledge(Pledge(ref: "P2", amount: 1_000, name: "Félix", tier: "Merci", date: day))
        try ledger.addPledge(Pledge(ref: "P3", amount: 3_500, name: "Gil", tier: "Solo", date: day))
        let seats = ["duo": 2, "solo": 1, "merci": 0]
        try ledger.syncGuests(screening: id, tierSeats: seats)
        var guests = try ledger.guests(screening: id)
        #expect(guests.map(\.guest.name) == ["Éva", "Gil", "Ana", "Dora"])
        #expect(guests.map(\.guest.allowance) == [2, 1, 2, 1])
        #expect(guests.first?.email == "eva@example.org")
        #expect(guests.allSatisfy { !$0.hasLink })
        #expect(Set(try ledger.issueLinks(screening: id).map(\.token)).count == 4)

        try ledger.answer(screening: id, name: "Gil", accept: true, seats: 1)
        _ = try ledger.setPledgeStatus(ref: "P3", to: .collected)
        _ = try ledger.setPledgeStatus(ref: "P3", to: .refunded)
        _ = try ledger.setPledgeStatus(ref: "P1", to: .failed)
        try ledger.setScreening(id, companions: 2)
        try ledger.syncGuests(screening: id, tierSeats: seats)
        guests = try ledger.guests(screening: id)
        // Éva had not answered: gone; Gil had: kept with his seat; Ana may now bring two.
        #expect(guests.map(\.guest.name) == ["Gil", "Ana", "Dora"])
        #expect(guests.first { $0.guest.name == "Gil" }?.guest.rsvp == .yes)
        #expect(guests.first { $0.guest.name == "Ana" }?.guest.allowance == 3)

        try ledger.invite(screening: id, name: "La Gazette", seats: 2, kind: .press)
        try ledger.syncGuests(screening: id, tierSeats: [:])
        #expect(try ledger.guests(screening: id).contains { $0.guest.name == "La Gazette" && $0.manual && $0.guest.kind == .press })
    }

    @Test("Tasks keep their order and dependencies; a cycle, an unknown task or a duplicate is refused and nothing is written")
    func tasks() throws {
        let (ledger, _) = try ledger()
        try ledger.addTask(PostTask(name: "Edit", kind: .editing, days: 5))
        try ledger.addTask(PostTask(name: "Mix", kind: .soundMix, days: 2, after: ["edit"], line: "8.2"))
        #expect(throws: (any Error).self) { try ledger.addTask(PostTask(name: "mix", days: 1)) }
        #expect(throws: (any Error).self) { try ledger.addTask(PostTask(name: "Grade", days: 1, after: ["Colour"])) }
        do {
            try ledger.updateTask(named: "Edit") { $0.after = ["Mix"] }
            Issue.record("a cycle was accepted")
        } catch {
            #expect("\(error)".contains("Edit → Mix → Edit"), "\(error)")
        }
        let tasks = try ledger.tasks()
        #expect(tasks.map(\.name) == ["Edit", "Mix"])
        #expect(tasks[1].after == ["Edit"] && tasks[1].line == "8.2" && tasks[0].after.isEmpty)
        try ledger.updateTask(named: "edit") { $0.status = .done; $0.doneOn = try LocalDate(parsing: "2015-10-09") }
        #expect(try ledger.tasks()[0].doneOn?.description == "2015-10-09")
        try ledger.updateTask(named: "Edit") { $0.status = .doing }
        #expect(try ledger.tasks()[0].doneOn == nil)
    }
}
