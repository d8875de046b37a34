import Foundation
import OsmoseDomain
import Testing

@Suite("The text rule")
struct TextFieldTests {
    static let hostile = ["Camille \u{1B}]0;x\u{07}", "Cam\u{0}ille", "Camille \u{202E}dnaruD", "Ca\u{9B}31m", "Del\u{7F}", "Iso\u{2066}late"]

    @Test("A name holding a terminal escape, NUL, DEL, a C1 control or a bidirectional control is refused, naming the field and the character",
          arguments: zip(hostile, ["U+001B", "U+0000", "U+202E", "U+009B", "U+007F", "U+2066"]))
    func refusesHostileNames(name: String, code: String) throws {
        let error = try #require(throws: InputError.self) { try TextField.check(name, "the contributor name", kind: .name) }
        #expect(error.message.hasPrefix("the contributor name holds \(code) ("))
        #expect(!error.message.contains(name))
    }

    @Test("Free text keeps its line breaks and tabs; a one-line field does not")
    func lines() throws {
        try TextField.check("first line\nsecond\tcolumn\r\nthird", "the notes", kind: .text)
        #expect(TextField.refused(in: "a\nb", kind: .line) == "\n")
        #expect(TextField.refused(in: "a\rb", kind: .text) == "\r")
        #expect(TextField.refused(in: "a\u{1B}[2Jb", kind: .text) == "\u{1B}")
    }

    @Test("Names are at most 200 characters, whatever the door")
    func length() throws {
        try TextField.check(String(repeating: "é", count: 200), "the name", kind: .name)
        let error = try #require(throws: InputError.self) {
            try TextField.check(String(repeating: "é", count: 201), "the name", kind: .name)
        }
        #expect(error.message.hasSuffix("is longer than 200 characters"))
        #expect(throws: InputError.self) { _ = try NameKey.validate(String(repeating: "a", count: 201), what: "person") }
    }

    @Test("Letters, accents, emoji and their joiners pass; invisible formatting in a name does not")
    func ordinaryText() throws {
        try TextField.check("Élodie N’Guessan-Müller 👩‍💻", "the name", kind: .name)
        try TextField.check("مرحبا שלום", "the name", kind: .name)
        #expect(TextField.refused(in: "Ca\u{200B}mille", kind: .name) == "\u{200B}")
        #expect(TextField.refused(in: "Ca\u{200B}mille", kind: .line) == nil)
    }

    @Test("Every record's text is checked: a pledge's public name, a person's notes, a cut's clip names")
    func records() throws {
        let date = try LocalDate(parsing: "2015-11-20")
        let pledge = Pledge(ref: "X-1", amount: 100, name: "Camille", publicName: "Cam \u{202E}x", date: date)
        let error = try #require(throws: InputError.self) { try pledge.checkText() }
        #expect(error.message.hasPrefix("the public name holds U+202E (a bidirectional override)"))
        #expect(throws: InputError.self) { try Person(name: "A", role: .crew, notes: "x\u{1B}]0;t\u{07}").checkText() }
        try Person(name: "A", role: .crew, notes: "line one\nline two").checkText()
        let tc = try Timecode(parsing: "00:00:00:00", rate: .fps25)
        let cut = CutTimeline(name: "Cut", rate: .fps25, events: [
            .init(number: 3, clipName: "C0001\u{1B}[31m", sourceIn: tc, sourceOut: tc, recordIn: tc, recordOut: tc),
        ])
        let cutError = try #require(throws: InputError.self) { try cut.checkText() }
        #expect(cutError.message.hasPrefix("event 3: the clip name holds U+001B"))
    }

    @Test("What is shown on a terminal has its control characters written out")
    func visible() {
        #expect(TextField.visible("x\u{1B}]0;pwned\u{07}y") == "x\\u{1B}]0;pwned\\u{7}y")
        #expect(TextField.visible("a\u{202E}b\u{0}") == "a\\u{202E}b\\u{0}")
        #expect(TextField.visible("one\ntwo") == "one\\u{A}two")
        #expect(TextField.visible("one\ntwo\r\n\u{1B}", keepingLines: true) == "one\ntwo\r\n\\u{1B}")
        #expect(TextField.visible("Élodie") == "Élodie")
    }
}
