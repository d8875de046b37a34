import Foundation
import OsmoseDomain
import Testing

@testable import OsmoseFormats

@Suite("Request text: Accept-Language, cookies, queries, form bodies")
struct RequestTextTests {
    @Test("Accept-Language headers with empty parts read as what they say, or as nothing", arguments: [
        (";", nil), (",;", nil), (";q=1", nil), ("q=", nil), (",", nil), ("", nil), (" ; ; ", nil), (";;,,;", nil),
        ("en;q=", nil), ("en;q=abc", nil), ("en;q=nan", nil), ("en;q=2", nil), ("en;q=-1", nil), ("en;q=0", nil),
        ("fr-FR,fr;q=0.9,en;q=0.8", "fr"), ("en-GB;q=0.5, fr;q=0.4", "en"), ("de, en;q=0.1", "en"), ("EN", "en"),
        ("fr;q=0.5,en;q=0.5", "fr"), (";,en", "en"), ("en;;q=0.3, fr;q=0.2", "en"), ("*", nil),
    ] as [(String, String?)])
    func acceptLanguage(header: String, expected: String?) {
        let parsed = AcceptLanguage(parsing: header)
        #expect(parsed.preferred(among: ["fr", "en", "q"]) == expected)
        #expect(parsed.ranges.allSatisfy { !$0.tag.isEmpty && (0...1).contains($0.quality) })
    }

    @Test("A huge Accept-Language header is read to its end")
    func hugeAcceptLanguage() {
        let header = String(repeating: "xx;q=0.1,", count: 20_000) + "en"
        #expect(AcceptLanguage(parsing: header).preferred(among: ["fr", "en"]) == "en")
    }

    @Test("Percent-decoding happens once; bad escapes stay as written; + is a space only in queries")
    func percent() {
        #expect(PercentEncoding.decode("CHQ%20001", plusAsSpace: false) == "CHQ 001")
        #expect(PercentEncoding.decode("50%25", plusAsSpace: false) == "50%")
        #expect(PercentEncoding.decode("A%2541", plusAsSpace: false) == "A%41")
        #expect(PercentEncoding.decode("a+b", plusAsSpace: false) == "a+b")
        #expect(PercentEncoding.decode("a+b%2B", plusAsSpace: true) == "a b+")
        #expect(PercentEncoding.decode("%", plusAsSpace: true) == "%")
        #expect(PercentEncoding.decode("%zz%4", plusAsSpace: true) == "%zz%4")
        #expect(PercentEncoding.decode("caf%C3%A9", plusAsSpace: true) == "café")
        #expect(PercentEncoding.decode("%ff", plusAsSpace: true) == "\u{FFFD}")
        #expect(PercentEncoding.decode("%00", plusAsSpace: true) == "\u{0}")
    }

    @Test("Queries and form bodies: names and values decoded, empty parts skipped, the first of a repeated name")
    func fields() throws {
        #expect(URLEncodedFields(parsing: "lang").fields == [.init(name: "lang", value: "")])
        #expect(URLEncodedFields(parsing: "?=&&=").fields == [.init(name: "?", value: ""), .init(name: "", value: "")])
        #expect(URLEncodedFields(parsing: "%").fields == [.init(name: "%", value: "")])
        #expect(URLEncodedFields(parsing: "lang=%ff")["lang"] == "\u{FFFD}")
        #expect(URLEncodedFields(parsing: "a=1=2&a=3")["a"] == "1=2")
        #expect(URLEncodedFields(parsing: "q=caf%C3%A9+noir&tag=")["q"] == "café noir")
        #expect(URLEncodedFields(parsing: "tag=").nonEmpty("tag") == nil)
        #expect(URLEncodedFields(parsing: nil as String?).fields.isEmpty)
        #expect(URLEncodedFields(body: [0x74, 0x3D, 0xFF, 0x26]).fields == [.init(name: "t", value: "\u{FFFD}")])
        #expect(throws: InputError("the form field \"token\" is missing")) { try URLEncodedFields(parsing: "tok=1").require("token") }
    }

    @Test("Cookie headers: pairs by name, quotes taken off, parts without a name skipped")
    func cookies() {
        #expect(CookieHeader.value(named: "s", in: ["a=1; s=\"x y\"; s=2"]) == "x y")
        #expect(CookieHeader.value(named: "s", in: [";;; =; s; =s", "s=3"]) == "3")
        #expect(CookieHeader.value(named: "s", in: ["s="]) == "")
        #expect(CookieHeader.value(named: "s", in: ["s=\""]) == "\"")
        #expect(CookieHeader.parse("=1; ;a").isEmpty)
    }
}
