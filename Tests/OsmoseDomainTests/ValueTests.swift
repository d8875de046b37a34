import Foundation
import Testing
@testable import OsmoseDomain

@Suite("Dates, times and names")
struct ValueTests {
    @Test("Impossible dates are refused, naming the value", arguments: [
        ("2015-13-45", "no month 13"), ("2015-02-29", "has 28 days"), ("2015-11-31", "has 30 days"),
        ("30/11/2015", "expected YYYY-MM-DD"), ("2015-1-5", "expected YYYY-MM-DD"), ("", "expected YYYY-MM-DD"),
        ("2015-00-10", "no month 0"),
    ])
    func badDates(text: String, message: String) {
        #expect {
            try LocalDate(parsing: text)
        } throws: { error in
            let message2 = (error as? InputError)?.message ?? ""
            return message2.contains(message) && message2.contains("“\(text)”")
        }
    }

    @Test("Dates: leap years, ordering, weekdays")
    func dates() throws {
        #expect(try LocalDate(parsing: "2016-02-29").description == "2016-02-29")
        #expect(try LocalDate(parsing: "2000-02-29").day == 29)
        #expect(throws: InputError.self) { try LocalDate(parsing: "1900-02-29") }
        #expect(try LocalDate(parsing: "2015-05-18") < LocalDate(parsing: "2015-11-30"))
        #expect(try LocalDate(parsing: "2015-11-30").weekday == 1)  // the premiere was a Monday
        #expect(try LocalDate(parsing: "1970-01-01").dayNumber == 0)
    }

    @Test("Times of day")
    func times() throws {
        #expect(try ClockTime(parsing: "8:30").description == "08:30")
        #expect(throws: InputError.self) { try ClockTime(parsing: "24:00") }
        #expect(throws: InputError.self) { try ClockTime(parsing: "12:60") }
        #expect(throws: InputError.self) { try ClockTime(parsing: "noon") }
    }

    @Test("Names fold case, accents, apostrophes and spaces")
    func folding() {
        #expect(NameKey.fold("L’Usine  Bis") == NameKey.fold("l'usine bis"))
        #expect(NameKey.fold("Cinéma l’Univers") == NameKey.fold("CINEMA L'UNIVERS"))
        #expect(NameKey.fold("La Coroutine") != NameKey.fold("Mutualab"))
    }

    @Test("The nearest name is suggested when close enough")
    func nearest() {
        let names = ["La Coroutine", "Mutualab", "L’Usine Bis"]
        #expect(NameKey.nearest(to: "Mutulab", in: names) == "Mutualab")
        #expect(NameKey.nearest(to: "coroutine", in: names) == "La Coroutine")
        #expect(NameKey.nearest(to: "Cinéma Métropole", in: names) == nil)
    }

    @Test("Tags lose their # and duplicates")
    func tags() {
        #expect(LogEntry.normalizedTags(["#lieux", "Lieux", "bonheur,revenus"]) == ["lieux", "bonheur", "revenus"])
    }

    @Test("Production settings check the time zone and the locale")
    func settings() throws {
        _ = try ProductionSettings(title: "X").validated()
        #expect(throws: InputError.self) { try ProductionSettings(title: "X", timeZone: "Europe/Lile").validated() }
        #expect(throws: InputError.self) { try ProductionSettings(title: "X", locale: "french").validated() }
        #expect(throws: InputError.self) { try ProductionSettings(title: " ").validated() }
    }

    @Test("The demo production holds together")
    func demo() throws {
        let content = try DemoProduction.content()
        #expect(content.spaces.count == 4)
        #expect(content.people.filter { $0.role == .participant }.count == 7)
        #expect(content.people.allSatisfy { ($0.email ?? "@example.org").hasSuffix("@example.org") })
        for log in content.logs { _ = try log.validated() }
    }
}
