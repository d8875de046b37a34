import Foundation
import Testing
@testable import OsmoseDomain

@Suite("Clearance")
struct ClearanceTests {
    let premiere = try! LocalDate(parsing: "2015-11-30")
    let everything = Set(Usage.allCases)

    func signed(_ scope: Set<Usage>? = nil, territories: [Territory] = [.world], until: String? = nil,
                guardian: Bool = false) throws -> Release {
        Release(status: .signed, signedOn: try LocalDate(parsing: "2015-05-18"), scope: scope ?? everything,
                territories: territories, until: try until.map { try LocalDate(parsing: $0) }, guardianSigned: guardian)
    }

    func clearance(_ history: [Release], minor: Bool = false, usage: Usage = .cinema,
                   territory: Territory = .france) -> Clearance {
        Clearance(subject: .person("Participant A"), history: history, isMinor: minor, usage: usage,
                  territory: territory, on: premiere)
    }

    @Test("A signed release covering the usage clears")
    func cleared() throws {
        let c = clearance([try signed()])
        #expect(c.cleared)
        #expect(c.reasons.isEmpty)
    }

    @Test("No release at all: missing")
    func missing() {
        #expect(clearance([]).reasons == [.missing])
    }

    @Test("Requested but not signed: pending")
    func pending() {
        #expect(clearance([Release(status: .requested)]).reasons == [.pending])
    }

    @Test("Refused")
    func refused() {
        #expect(clearance([Release(status: .requested), Release(status: .refused)]).reasons == [.refused])
    }

    @Test("Revoked after the signature: not cleared; signed again: cleared")
    func revoked() throws {
        let history = [try signed(), Release(status: .revoked)]
        #expect(clearance(history).reasons == [.revoked])
        #expect(clearance(history + [try signed()]).cleared)
    }

    @Test("A term that ends before the screening: expired; on its last day: still cleared")
    func expired() throws {
        #expect(clearance([try signed(until: "2015-10-31")]).reasons == [.expired])
        #expect(clearance([try signed(until: "2015-11-30")]).cleared)
    }

    @Test("A minor needs the guardian's signature")
    func minor() throws {
        #expect(clearance([try signed()], minor: true).reasons == [.minorWithoutGuardian])
        #expect(clearance([try signed(guardian: true)], minor: true).cleared)
    }

    @Test("The scope must include the usage")
    func scope() throws {
        let c = clearance([try signed([.festival, .web])])
        #expect(c.reasons == [.scope])
        #expect(clearance([try signed([.festival, .web])], usage: .web).cleared)
    }

    @Test("The territory must cover where the film is shown")
    func territory() throws {
        #expect(clearance([try signed(territories: [try Territory(parsing: "belgique")])]).reasons == [.territory])
        #expect(clearance([try signed(territories: [try Territory(parsing: "Europe")])]).cleared)
        #expect(clearance([try signed(territories: [.france])]).cleared)
        #expect(clearance([try signed(territories: [.france])], territory: try Territory(parsing: "belgium")).reasons == [.territory])
    }

    @Test("Every reason that applies is given")
    func several() throws {
        let c = clearance([try signed([.web], territories: [.france], until: "2015-06-30")], minor: true,
                          territory: try Territory(parsing: "japan"))
        #expect(c.reasons == [.expired, .minorWithoutGuardian, .scope, .territory])
    }

    @Test("Only a signed release can be revoked")
    func transitions() throws {
        let subject = ReleaseSubject.person("Participant A")
        #expect(throws: InputError.self) { try Release(status: .revoked).validated(following: nil, subject: subject) }
        #expect(throws: InputError.self) { try Release(status: .revoked).validated(following: .requested, subject: subject) }
        #expect(throws: InputError.self) { try Release(status: .refused).validated(following: .signed, subject: subject) }
        _ = try Release(status: .revoked).validated(following: .signed, subject: subject)
        _ = try Release(status: .requested).validated(following: .refused, subject: subject)
    }

    @Test("A signed release states its scope")
    func signedNeedsScope() {
        #expect(throws: InputError.self) {
            try Release(status: .signed, scope: []).validated(following: nil, subject: .space("Mutualab"))
        }
    }

    @Test("Scopes are read and written in a fixed order")
    func scopes() throws {
        #expect(try Usage.parseScope("web, cinema,festival") == [.web, .cinema, .festival])
        #expect(Usage.describe([.web, .festival]) == "festival,web")
        #expect(throws: InputError.self) { try Usage.parseScope("cinema,radio") }
    }
}
