import Testing
@testable import OsmoseFormats

// MARK: - Helpers

/// Parses a document, recording a test failure (and returning an empty table) on error.
private func parsed(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> TOMLTable {
    do {
        return try TOML.parse(text)
    } catch {
        Issue.record("unexpected error: \(error)", sourceLocation: sourceLocation)
        return TOMLTable(line: 0)
    }
}

/// The error produced by a document, or nil when it parses.
private func parseError(_ text: String) -> TOMLError? {
    do {
        _ = try TOML.parse(text)
        return nil
    } catch {
        return error
    }
}

/// The node at a dotted path of plain names (tables only).
private func node(_ table: TOMLTable, _ path: String) -> TOMLNode? {
    var current = table
    let names = path.split(separator: ".").map(String.init)
    for (index, name) in names.enumerated() {
        guard let node = current[name] else { return nil }
        if index == names.count - 1 { return node }
        guard case .table(let next) = node.value else { return nil }
        current = next
    }
    return nil
}

private func value(_ table: TOMLTable, _ path: String) -> TOMLValue? { node(table, path)?.value }

private func string(_ table: TOMLTable, _ path: String) -> String? {
    if case .string(let s)? = value(table, path) { return s }
    return nil
}

private func integer(_ table: TOMLTable, _ path: String) -> Int64? {
    if case .integer(let i)? = value(table, path) { return i }
    return nil
}

private func double(_ table: TOMLTable, _ path: String) -> Double? {
    if case .float(let d)? = value(table, path) { return d }
    return nil
}

private func table(_ table: TOMLTable, _ path: String) -> TOMLTable? {
    if case .table(let t)? = value(table, path) { return t }
    return nil
}

private func array(_ table: TOMLTable, _ path: String) -> [TOMLNode]? {
    if case .array(let a)? = value(table, path) { return a }
    return nil
}

/// Values of an array without lines, for comparisons.
private func values(_ nodes: [TOMLNode]?) -> [TOMLValue] { (nodes ?? []).map(\.value) }

// MARK: - Strings

@Suite("Strings")
struct StringTests {
    struct Escape: Sendable, CustomStringConvertible {
        let source: String
        let expected: String
        var description: String { source }
    }

    static let escapes: [Escape] = [
        Escape(source: #"\b"#, expected: "\u{08}"),
        Escape(source: #"\t"#, expected: "\t"),
        Escape(source: #"\n"#, expected: "\n"),
        Escape(source: #"\f"#, expected: "\u{0C}"),
        Escape(source: #"\r"#, expected: "\r"),
        Escape(source: #"\""#, expected: "\""),
        Escape(source: #"\\"#, expected: "\\"),
        Escape(source: #"\u00E9"#, expected: "é"),
        Escape(source: #"\u00e9"#, expected: "é"),
        Escape(source: #"\u0000"#, expected: "\u{0}"),
        Escape(source: #"\u007F"#, expected: "\u{7F}"),
        Escape(source: #"\uFFFF"#, expected: "\u{FFFF}"),
        Escape(source: #"\U0001F600"#, expected: "😀"),
        Escape(source: #"\U00000041"#, expected: "A"),
        Escape(source: #"\U0010FFFF"#, expected: "\u{10FFFF}"),
    ]

    @Test("every escape in a basic string", arguments: escapes)
    func basicEscape(_ escape: Escape) {
        let doc = parsed("s = \"<\(escape.source)>\"")
        #expect(string(doc, "s") == "<\(escape.expected)>")
    }

    @Test("every escape in a multi-line basic string", arguments: escapes)
    func multilineEscape(_ escape: Escape) {
        let doc = parsed("s = \"\"\"<\(escape.source)>\"\"\"")
        #expect(string(doc, "s") == "<\(escape.expected)>")
    }

    @Test("invalid escapes are refused", arguments: [
        #"\x41"#, #"\e"#, #"\N"#, #"\a"#, #"\0"#, #"\ "#, #"\uD800"#, #"\uDFFF"#, #"\U0000D800"#,
        #"\U00110000"#, #"\UFFFFFFFF"#, #"\u12"#, #"\u12G4"#, #"\U1234"#,
    ])
    func invalidEscape(_ source: String) throws {
        let error = try #require(parseError("a = 1\ns = \"x\(source)\""))
        #expect(error.line == 2)
        #expect(error.column == 7)
        #expect(error.message.contains("escape"))
        let multiline = try #require(parseError("s = \"\"\"x\(source)\"\"\""))
        #expect(multiline.line == 1)
    }

    @Test func basicString() {
        let doc = parsed(#"str = "I'm a string. \"You can quote me\". Name\tJos\u00E9\nLocation\tSF.""#)
        #expect(string(doc, "str") == "I'm a string. \"You can quote me\". Name\tJosé\nLocation\tSF.")
    }

    @Test func tabAndUnicodeAllowedRaw() {
        let doc = parsed("a = \"x\ty 😀 日本\"\nb = 'x\ty'")
        #expect(string(doc, "a") == "x\ty 😀 日本")
        #expect(string(doc, "b") == "x\ty")
    }

    @Test func multilineBasicTrimsFirstNewline() {
        let doc = parsed("str1 = \"\"\"\nRoses are red\nViolets are blue\"\"\"\nstr2 = \"\"\"\n\nx\"\"\"")
        #expect(string(doc, "str1") == "Roses are red\nViolets are blue")
        #expect(string(doc, "str2") == "\nx")
    }

    @Test func multilineBasicLineEndingBackslash() {
        let doc = parsed(#"""
        str1 = "The quick brown fox jumps over the lazy dog."

        str2 = """
        The quick brown \


          fox jumps over \
            the lazy dog."""

        str3 = """\
               The quick brown \
               fox jumps over \
               the lazy dog.\
               """
        str4 = """a \   	
           b"""
        """#)
        let expected = "The quick brown fox jumps over the lazy dog."
        #expect(string(doc, "str1") == expected)
        #expect(string(doc, "str2") == expected)
        #expect(string(doc, "str3") == expected)
        #expect(string(doc, "str4") == "a b")
    }

    @Test func multilineBasicQuotesNextToDelimiter() {
        let doc = parsed(#"""
        str4 = """Here are two quotation marks: "". Simple enough."""
        str5 = """Here are three quotation marks: ""\"."""
        str6 = """Here are fifteen quotation marks: ""\"""\"""\"""\"""\"."""
        str7 = """"This," she said, "is just a pointless statement.""""
        one = """""""
        two = """"" """""
        empty = """"""
        """#)
        #expect(string(doc, "str4") == #"Here are two quotation marks: "". Simple enough."#)
        #expect(string(doc, "str5") == #"Here are three quotation marks: """."#)
        #expect(string(doc, "str6") == "Here are fifteen quotation marks: " + String(repeating: "\"", count: 15) + ".")
        #expect(string(doc, "str7") == #""This," she said, "is just a pointless statement.""#)
        #expect(string(doc, "one") == "\"")
        #expect(string(doc, "two") == "\"\" \"\"")
        #expect(string(doc, "empty") == "")
    }

    @Test func literalStrings() {
        let doc = parsed(#"""
        winpath  = 'C:\Users\nodejs\templates'
        winpath2 = '\\ServerX\admin$\system32\'
        quoted   = 'Tom "Dubs" Preston-Werner'
        regex    = '<\i\c*\s*>'
        empty    = ''
        """#)
        #expect(string(doc, "winpath") == #"C:\Users\nodejs\templates"#)
        #expect(string(doc, "winpath2") == #"\\ServerX\admin$\system32\"#)
        #expect(string(doc, "quoted") == #"Tom "Dubs" Preston-Werner"#)
        #expect(string(doc, "regex") == #"<\i\c*\s*>"#)
        #expect(string(doc, "empty") == "")
    }

    @Test func multilineLiteralStrings() {
        let doc = parsed(#"""
        regex2 = '''I [dw]on't need \d{2} apples'''
        lines  = '''
        The first newline is
        trimmed in raw strings.
           All other whitespace
           is preserved.
        '''
        quot15 = '''Here are fifteen quotation marks: """""""""""""""'''
        apos15 = "Here are fifteen apostrophes: '''''''''''''''"
        str = ''''That,' she said, 'is still pointless.''''
        """#)
        #expect(string(doc, "regex2") == #"I [dw]on't need \d{2} apples"#)
        #expect(string(doc, "lines") == "The first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n")
        #expect(string(doc, "quot15") == "Here are fifteen quotation marks: " + String(repeating: "\"", count: 15))
        #expect(string(doc, "apos15") == "Here are fifteen apostrophes: '''''''''''''''")
        #expect(string(doc, "str") == "'That,' she said, 'is still pointless.'")
    }

    @Test func crlfInsideMultilineStringsBecomesLF() {
        let doc = parsed("a = \"\"\"\r\nx\r\ny\\\r\n   z\"\"\"\r\nb = '''\r\nl1\r\nl2'''\r\n")
        #expect(string(doc, "a") == "x\nyz")
        #expect(string(doc, "b") == "l1\nl2")
    }

    @Test("control characters are refused", arguments: [
        "a = \"x\u{01}\"", "a = \"x\u{7F}\"", "a = 'x\u{1F}'", "a = \"\"\"x\u{00}\"\"\"",
        "a = '''x\u{08}'''", "a = 1 # bell \u{07}", "# \u{7F}", "a = \"x\ry\"", "a = '''x\ry'''",
    ])
    func controlCharacters(_ doc: String) throws {
        let error = try #require(parseError(doc))
        #expect(error.line == 1)
        #expect(error.message.contains("control character") || error.message.contains("carriage return"))
    }

    @Test func newlineInSingleLineStringIsRefused() throws {
        let basic = try #require(parseError("a = \"abc\ndef\""))
        #expect(basic.line == 1)
        #expect(basic.message.hasPrefix("unterminated string"))
        let literal = try #require(parseError("a = 'abc\r\ndef'"))
        #expect(literal.line == 1)
        #expect(literal.message.hasPrefix("unterminated string"))
    }

    @Test func unterminatedStrings() throws {
        for doc in ["a = \"abc", "a = 'abc", "x = 1\na = \"\"\"abc\n\ndef\n", "x = 1\na = '''abc\n", "a = \"abc\\"] {
            let error = try #require(parseError(doc), "\(doc)")
            #expect(error.message == "unterminated string", "\(doc)")
        }
        // Reported at the opening delimiter.
        #expect(parseError("x = 1\na = \"\"\"abc\n\ndef\n")?.line == 2)
        #expect(parseError("x = 1\na = \"\"\"abc\n\ndef\n")?.column == 5)
    }

    @Test func tooManyQuotesAtTheEnd() {
        #expect(parseError("a = \"\"\"abc\"\"\"\"\"\"") != nil)
        #expect(parseError("a = '''abc''''''") != nil)
        #expect(parseError("a = \"\"\"abc\"\"\"def\"\"\"") != nil)
    }
}

// MARK: - Numbers, booleans, dates

@Suite("Scalars")
struct ScalarTests {
    @Test func integers() {
        let doc = parsed("""
        int1 = +99
        int2 = 42
        int3 = 0
        int4 = -17
        int5 = 1_000
        int6 = 5_349_221
        int7 = 53_49_221
        int8 = 1_2_3_4_5
        hex1 = 0xDEADBEEF
        hex2 = 0xdeadbeef
        hex3 = 0xdead_beef
        oct1 = 0o01234567
        oct2 = 0o755
        bin1 = 0b11010110
        zero1 = -0
        zero2 = +0
        max = 9223372036854775807
        min = -9223372036854775808
        hexmax = 0x7FFFFFFFFFFFFFFF
        binmax = 0b111111111111111111111111111111111111111111111111111111111111111
        """)
        let expected: [(String, Int64)] = [
            ("int1", 99), ("int2", 42), ("int3", 0), ("int4", -17), ("int5", 1000), ("int6", 5_349_221),
            ("int7", 5_349_221), ("int8", 12345), ("hex1", 0xDEADBEEF), ("hex2", 0xDEADBEEF),
            ("hex3", 0xDEADBEEF), ("oct1", 0o01234567), ("oct2", 0o755), ("bin1", 0b11010110),
            ("zero1", 0), ("zero2", 0), ("max", Int64.max), ("min", Int64.min), ("hexmax", Int64.max),
            ("binmax", Int64.max),
        ]
        for (key, number) in expected {
            #expect(integer(doc, key) == number, "\(key)")
        }
    }

    @Test("invalid integers are refused", arguments: [
        "01", "-01", "1__2", "_1", "1_", "0_0", "+0x1", "-0x1", "0X1", "0x", "0x_1", "0x1_", "0b102",
        "0o8", "+-1", "1-2", "0b", "1 2",
    ])
    func invalidInteger(_ text: String) throws {
        let error = try #require(parseError("a = 1\nb = \(text)"))
        #expect(error.line == 2)
    }

    @Test("integers outside 64 bits are refused", arguments: [
        "9223372036854775808", "-9223372036854775809", "0x8000000000000000", "0o1000000000000000000000",
        "0b1000000000000000000000000000000000000000000000000000000000000000", "99999999999999999999999",
    ])
    func overflow(_ text: String) throws {
        let error = try #require(parseError("a = \(text)"))
        #expect(error.message == "integer \"\(text)\" does not fit in 64 bits")
        #expect(error.line == 1 && error.column == 5)
    }

    @Test func floats() {
        let doc = parsed("""
        flt1 = +1.0
        flt2 = 3.1415
        flt3 = -0.01
        flt4 = 5e+22
        flt5 = 1e06
        flt6 = -2E-2
        flt7 = 6.626e-34
        flt8 = 224_617.445_991_228
        flt9 = -0.0
        flt10 = 1e400
        flt11 = 3e0_1
        sf1 = inf
        sf2 = +inf
        sf3 = -inf
        sf4 = nan
        sf5 = +nan
        sf6 = -nan
        """)
        #expect(double(doc, "flt1") == 1.0)
        #expect(double(doc, "flt2") == 3.1415)
        #expect(double(doc, "flt3") == -0.01)
        #expect(double(doc, "flt4") == 5e22)
        #expect(double(doc, "flt5") == 1e6)
        #expect(double(doc, "flt6") == -0.02)
        #expect(double(doc, "flt7") == 6.626e-34)
        #expect(double(doc, "flt8") == 224_617.445_991_228)
        #expect(double(doc, "flt9") == 0 && double(doc, "flt9")?.sign == .minus)
        #expect(double(doc, "flt10") == .infinity)
        #expect(double(doc, "flt11") == 3e1)
        #expect(double(doc, "sf1") == .infinity)
        #expect(double(doc, "sf2") == .infinity)
        #expect(double(doc, "sf3") == -.infinity)
        #expect(double(doc, "sf4")?.isNaN == true)
        #expect(double(doc, "sf5")?.isNaN == true)
        #expect(double(doc, "sf6")?.isNaN == true)
    }

    @Test("invalid floats are refused", arguments: [
        "1.", ".5", "1.e5", "1e_5", "1_.5", "1._5", "1e", "1e+", "01.5", "1.2.3", "Infinity", "NaN",
        "inf_", "infinity", "+-inf", "1e5.0", "1.5e", "-.5",
    ])
    func invalidFloat(_ text: String) throws {
        let error = try #require(parseError("a = \(text)"))
        #expect(error.line == 1 && error.column == 5)
    }

    @Test func booleans() {
        let doc = parsed("t = true\nf = false")
        #expect(value(doc, "t") == .bool(true))
        #expect(value(doc, "f") == .bool(false))
        #expect(parseError("a = True") != nil)
        #expect(parseError("a = truee") != nil)
        #expect(parseError("a = tru") != nil)
    }

    @Test func offsetDateTimes() {
        let doc = parsed("""
        odt1 = 1979-05-27T07:32:00Z
        odt2 = 1979-05-27T00:32:00-07:00
        odt3 = 1979-05-27T00:32:00.999999-07:00
        odt4 = 1979-05-27 07:32:00Z
        odt5 = 1979-05-27t07:32:00z
        odt6 = 1979-05-27T07:32:00.1234567+05:30
        leap = 1990-12-31T23:59:60Z
        """)
        #expect(value(doc, "odt1") == .offsetDateTime("1979-05-27T07:32:00Z"))
        #expect(value(doc, "odt2") == .offsetDateTime("1979-05-27T00:32:00-07:00"))
        #expect(value(doc, "odt3") == .offsetDateTime("1979-05-27T00:32:00.999999-07:00"))
        #expect(value(doc, "odt4") == .offsetDateTime("1979-05-27 07:32:00Z"))
        #expect(value(doc, "odt5") == .offsetDateTime("1979-05-27t07:32:00z"))
        #expect(value(doc, "odt6") == .offsetDateTime("1979-05-27T07:32:00.1234567+05:30"))
        #expect(value(doc, "leap") == .offsetDateTime("1990-12-31T23:59:60Z"))
    }

    @Test func localDateTimesDatesAndTimes() {
        let doc = parsed("""
        ldt1 = 1979-05-27T07:32:00
        ldt2 = 1979-05-27 00:32:00.999999
        ld1 = 1979-05-27
        lt1 = 07:32:00
        lt2 = 00:32:00.999999
        leap1 = 2000-02-29
        leap2 = 2024-02-29
        end = 1979-12-31
        list = [1979-05-27 , 07:32:00, 1979-05-27 07:32:00]
        """)
        #expect(value(doc, "ldt1") == .localDateTime("1979-05-27T07:32:00"))
        #expect(value(doc, "ldt2") == .localDateTime("1979-05-27 00:32:00.999999"))
        #expect(value(doc, "ld1") == .localDate(year: 1979, month: 5, day: 27))
        #expect(value(doc, "lt1") == .localTime("07:32:00"))
        #expect(value(doc, "lt2") == .localTime("00:32:00.999999"))
        #expect(value(doc, "leap1") == .localDate(year: 2000, month: 2, day: 29))
        #expect(value(doc, "leap2") == .localDate(year: 2024, month: 2, day: 29))
        #expect(value(doc, "end") == .localDate(year: 1979, month: 12, day: 31))
        #expect(values(array(doc, "list")) == [
            .localDate(year: 1979, month: 5, day: 27), .localTime("07:32:00"),
            .localDateTime("1979-05-27 07:32:00"),
        ])
    }

    @Test("invalid dates and times are refused", arguments: [
        "1979-13-01", "1979-00-01", "1979-01-00", "1979-02-30", "2023-02-29", "1900-02-29", "1979-04-31",
        "1979-5-27", "1979-05-27T24:00:00", "07:60:00", "07:32:61", "07:32", "1979-05-27T07:32Z",
        "07:32:00Z", "1979-05-27T07:32:00.", "1979-05-27T07:32:00+24:00", "1979-05-27T07:32:00+07:60",
        "1979-05-27T07:32:00+0700", "1979-05-27 07:32", "1979-05-27X", "1979-05-27T07:32:00ZZ",
        "1979-05-27_07:32:00", "7:32:00", "1979-05-27T7:32:00", "0000-01-01", "0000-12-31 23:59:59Z",
        "2006-01-30T", "1987-07-0517:45:00Z",
    ])
    func invalidDateTime(_ text: String) throws {
        let error = try #require(parseError("x = 1\n\na = \(text)"))
        #expect(error.line == 3)
    }

    @Test func typeNames() {
        let doc = parsed("""
        s = "x"
        i = 1
        f = 1.5
        b = true
        d = 1979-05-27
        t = 07:32:00
        ldt = 1979-05-27T07:32:00
        odt = 1979-05-27T07:32:00Z
        a = []
        tb = {}
        """)
        let names = doc.entries.map { $0.key + ":" + $0.node.value.typeName }
        #expect(names == [
            "s:string", "i:integer", "f:float", "b:boolean", "d:date", "t:time", "ldt:date-time",
            "odt:date-time", "a:array", "tb:table",
        ])
    }
}

// MARK: - Keys

@Suite("Keys")
struct KeyTests {
    @Test func bareAndQuotedKeys() {
        let doc = parsed(#"""
        key = "value"
        bare_key = "value"
        bare-key = "value"
        1234 = "value"
        "127.0.0.1" = "value"
        "character encoding" = "value"
        "ʎǝʞ" = "value"
        'key2' = "value"
        'quoted "value"' = "value"
        "esc\"aped\u00e9" = "value"
        true = "value"
        "" = "blank"
        """#)
        #expect(doc.keys == [
            "key", "bare_key", "bare-key", "1234", "127.0.0.1", "character encoding", "ʎǝʞ", "key2",
            "quoted \"value\"", "esc\"apedé", "true", "",
        ])
    }

    @Test func emptyLiteralKey() {
        #expect(parsed("'' = 1").keys == [""])
    }

    @Test func dottedKeys() {
        let doc = parsed("""
        name = "Orange"
        physical.color = "orange"
        physical.shape = "round"
        site."google.com" = true
        fruit.name = "banana"
        fruit. color = "yellow"
        fruit . flavor = "banana"
        fruit\t.\tseeds = 0
        3.14159 = "pi"
        """)
        #expect(string(doc, "physical.color") == "orange")
        #expect(table(doc, "physical")?.keys == ["color", "shape"])
        #expect(table(doc, "site")?["google.com"]?.value == .bool(true))
        #expect(table(doc, "fruit")?.keys == ["name", "color", "flavor", "seeds"])
        #expect(string(doc, "3.14159") == "pi")
        #expect(doc.keys == ["name", "physical", "site", "fruit", "3"])
    }

    @Test func dottedKeysOutOfOrder() {
        let doc = parsed("""
        apple.type = "fruit"
        orange.type = "fruit"
        apple.skin = "thin"
        orange.skin = "thick"
        """)
        #expect(table(doc, "apple")?.keys == ["type", "skin"])
        #expect(table(doc, "orange")?.keys == ["type", "skin"])
    }

    @Test func duplicateKeys() throws {
        let error = try #require(parseError("code = 1\nname = 2\ncode = 3"))
        #expect(error.message == #"duplicate key "code""#)
        #expect(error.line == 3)
        #expect(error.column == 1)
        #expect(error.description == #"line 3, column 1: duplicate key "code""#)
        #expect(parseError("spelling = \"favorite\"\n\"spelling\" = \"favourite\"")?.line == 2)
        #expect(parseError("\"\" = 1\n'' = 2")?.line == 2)
        #expect(parseError("a.b = 1\na.b = 2")?.message == #"duplicate key "a.b""#)
    }

    @Test func missingEquals() throws {
        let error = try #require(parseError("estimate 5"))
        #expect(error.message == #"expected "=" after the key "estimate""#)
        #expect(error.line == 1 && error.column == 10)
        #expect(parseError("a\n= 1")?.line == 1)
    }

    @Test("invalid keys are refused", arguments: [
        "= 1", "a b = 1", "ä = 1", "a. = 1", ".a = 1", "a..b = 1", "\"\"\"a\"\"\" = 1", "'''a''' = 1",
        "\"a = 1", "a\u{00A0}= 1", "a.\"b\nc\" = 1", "@ = 1",
    ])
    func invalidKey(_ doc: String) throws {
        let error = try #require(parseError("ok = 1\n" + doc))
        #expect(error.line == 2)
    }

    @Test func invalidCharacterIsNamed() {
        #expect(parseError("ä = 1")?.message == #"invalid character "ä" in a key"#)
    }
}

// MARK: - Arrays and inline tables

@Suite("Arrays and inline tables")
struct ContainerTests {
    @Test func arrays() {
        let doc = parsed("""
        integers = [ 1, 2, 3 ]
        colors = [ "red", "yellow", "green" ]
        nested_arrays_of_ints = [ [ 1, 2 ], [3, 4, 5] ]
        nested_mixed_array = [ [ 1, 2 ], ["a", "b", "c"] ]
        string_array = [ "all", 'strings', \"\"\"are the same\"\"\", '''type''' ]
        numbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]
        contributors = [
          "Foo Bar <foo@example.com>",
          { name = "Baz Qux", email = "bazqux@example.com", url = "https://example.com/bazqux" }
        ]
        integers3 = [
          1,
          2, # this is ok
        ]
        empty = []
        comments = [ # c1
          # c2
          1 # c3
          , # c4
        ] # c6
        """)
        #expect(values(array(doc, "integers")) == [.integer(1), .integer(2), .integer(3)])
        #expect(values(array(doc, "string_array")) == [.string("all"), .string("strings"), .string("are the same"), .string("type")])
        #expect(values(array(doc, "numbers")) == [.float(0.1), .float(0.2), .float(0.5), .integer(1), .integer(2), .integer(5)])
        #expect(array(doc, "nested_arrays_of_ints")?.count == 2)
        #expect(values(array(doc, "integers3")) == [.integer(1), .integer(2)])
        #expect(array(doc, "empty")?.isEmpty == true)
        #expect(values(array(doc, "comments")) == [.integer(1)])
        let contributors = array(doc, "contributors") ?? []
        #expect(contributors.count == 2)
        if contributors.count == 2, case .table(let person) = contributors[1].value {
            #expect(person.keys == ["name", "email", "url"])
        } else {
            Issue.record("expected an inline table")
        }
    }

    @Test("invalid arrays are refused", arguments: [
        "a = [1,,2]", "a = [,]", "a = [1 2]", "a = [1, 2", "a = [1, 2\nb = 3", "a = [1] 2", "a = [1,\n",
        "a = [\n1,\n# comment",
    ])
    func invalidArray(_ doc: String) {
        #expect(parseError(doc) != nil)
    }

    @Test func unterminatedArrayIsReportedAtItsBracket() throws {
        let error = try #require(parseError("x = 1\na = [1,\n2,\n"))
        #expect(error.message == "unterminated array")
        #expect(error.line == 2 && error.column == 5)
    }

    @Test func inlineTables() {
        let doc = parsed("""
        name = { first = "Tom", last = "Preston-Werner" }
        point = { x = 1, y = 2 }
        animal = { type.name = "pug" }
        empty = {}
        nested = { a = { b = { c = 1 } }, d = [ { e = 1 }, {} ] }
        dotted = { a.b = 1, a.c = 2, "q.k".x = 3 }
        """)
        #expect(table(doc, "name")?.keys == ["first", "last"])
        #expect(string(doc, "name.first") == "Tom")
        #expect(string(doc, "animal.type.name") == "pug")
        #expect(table(doc, "empty")?.keys == [])
        #expect(integer(doc, "nested.a.b.c") == 1)
        #expect(table(doc, "dotted.a")?.keys == ["b", "c"])
        #expect(integer(doc, "dotted.q.k.x") == nil)
        #expect(table(doc, "dotted")?["q.k"] != nil)
    }

    @Test func inlineTableMayContainMultilineValues() {
        let doc = parsed("t = { a = [\n  1,\n  2\n], s = \"\"\"\nmulti\nline\"\"\", b = 2 }\nafter = 1")
        #expect(values(array(doc, "t.a")) == [.integer(1), .integer(2)])
        #expect(string(doc, "t.s") == "multi\nline")
        #expect(node(doc, "t.b")?.line == 6)
        #expect(node(doc, "after")?.line == 7)
    }

    @Test("invalid inline tables are refused", arguments: [
        ("a = {b = 1,}", 1), ("a = {,}", 1), ("a = {b = 1,\nc = 2}", 1), ("a = {b = 1\n}", 1),
        ("a = {b = 1 # c\n}", 1), ("a = {b = 1, b = 2}", 1), ("a = {b.c = 1, b = {}}", 1),
        ("a = {b = {}, b.c = 1}", 1), ("a = {b = [], b.c = 1}", 1), ("a = {b = 1", 1), ("a = {b = }", 1),
        ("a = {b = 1}\n[a]\nc = 2", 2), ("a = {b = 1}\n[a.c]", 2), ("a = {b = 1}\na.c = 2", 2),
        ("a = {b = {c = 1}}\na.b.d = 2", 2), ("a = {}\n[[a]]", 2), ("[t]\na = {b = 1}\n[t.a.c]", 3),
        ("a = {b = 1} c", 1),
    ] as [(String, Int)])
    func invalidInlineTable(_ doc: String, _ line: Int) throws {
        let error = try #require(parseError(doc))
        #expect(error.line == line)
    }

    @Test func inlineTableIsImmutable() throws {
        let error = try #require(parseError("[product]\ntype = { name = \"Nail\" }\ntype.edible = false"))
        #expect(error.message == #"cannot extend the inline table "type""#)
        #expect(error.line == 3)
    }

    @Test func staticArrayCannotBeExtendedWithArrayOfTables() throws {
        let error = try #require(parseError("fruits = []\n\n[[fruits]] # Not allowed"))
        #expect(error.line == 3)
        #expect(error.message.contains("static array \"fruits\""))
        #expect(parseError("a = [{b = 1}]\n[[a]]\nb = 2")?.line == 2)
    }
}

// MARK: - Tables and arrays of tables

@Suite("Tables")
struct TableTests {
    @Test func specTables() {
        let doc = parsed("""
        [table]

        [table-1]
        key1 = "some string"
        key2 = 123

        [table-2]
        key1 = "another string"
        key2 = 456

        [dog."tater.man"]
        type.name = "pug"

        [a.b.c]            # this is best practice
        [ d.e.f ]          # same as [d.e.f]
        [ g .  h  . i ]    # same as [g.h.i]
        [ j . "ʞ" . 'l' ]  # same as [j."ʞ".'l']
        """)
        #expect(doc.keys == ["table", "table-1", "table-2", "dog", "a", "d", "g", "j"])
        #expect(integer(doc, "table-2.key2") == 456)
        #expect(table(doc, "dog")?.keys == ["tater.man"])
        if case .table(let tater)? = table(doc, "dog")?["tater.man"]?.value {
            #expect(string(tater, "type.name") == "pug")
        } else {
            Issue.record("missing dog.\"tater.man\"")
        }
        #expect(table(doc, "a.b.c")?.keys == [])
        #expect(table(doc, "g.h.i") != nil)
        #expect(table(doc, "j")?["ʞ"] != nil)
    }

    @Test func implicitSuperTables() {
        let doc = parsed("""
        # [x] you
        # [x.y] don't
        # [x.y.z] need these
        [x.y.z.w] # for this to work

        [x] # defining a super-table afterward is ok
        a = 1
        """)
        #expect(table(doc, "x")?.keys == ["y", "a"])
        #expect(table(doc, "x.y.z.w") != nil)
        #expect(table(doc, "x")?.line == 6)
        #expect(table(doc, "x.y")?.line == 4)
    }

    @Test func topLevelTableThenHeaders() {
        let doc = parsed("""
        name = "Fido"
        breed = "pug"

        [owner]
        name = "Regina Dogman"
        member_since = 1999-08-04
        """)
        #expect(doc.keys == ["name", "breed", "owner"])
        #expect(value(doc, "owner.member_since") == .localDate(year: 1999, month: 8, day: 4))
    }

    @Test func dottedKeysThenSubTableHeader() {
        let doc = parsed("""
        [fruit]
        apple.color = "red"
        apple.taste.sweet = true

        [fruit.apple.texture]  # you can add sub-tables
        smooth = true
        """)
        #expect(table(doc, "fruit.apple")?.keys == ["color", "taste", "texture"])
        #expect(value(doc, "fruit.apple.texture.smooth") == .bool(true))
    }

    @Test func implicitTableMayBeExtendedByDottedKeys() {
        let doc = parsed("[a.b.c]\nx = 1\n[a]\nb.d = 2")
        #expect(table(doc, "a.b")?.keys == ["c", "d"])
    }

    @Test func arrayOfTables() {
        let doc = parsed("""
        [[products]]
        name = "Hammer"
        sku = 738594937

        [[products]]  # empty table within the array

        [[products]]
        name = "Nail"
        sku = 284758393

        color = "gray"
        """)
        let products = array(doc, "products") ?? []
        #expect(products.count == 3)
        #expect(products.map(\.line) == [1, 5, 7])
        #expect(node(doc, "products")?.line == 1)
        if products.count == 3, case .table(let nail) = products[2].value {
            #expect(nail.keys == ["name", "sku", "color"])
            #expect(nail.line == 7)
        } else {
            Issue.record("expected three tables")
        }
    }

    @Test func nestedArrayOfTables() throws {
        let doc = parsed("""
        [[fruits]]
        name = "apple"

        [fruits.physical]  # subtable
        color = "red"
        shape = "round"

        [[fruits.varieties]]  # nested array of tables
        name = "red delicious"

        [[fruits.varieties]]
        name = "granny smith"


        [[fruits]]
        name = "banana"

        [[fruits.varieties]]
        name = "plantain"
        """)
        let fruits = array(doc, "fruits") ?? []
        try #require(fruits.count == 2)
        guard case .table(let apple) = fruits[0].value, case .table(let banana) = fruits[1].value else {
            Issue.record("expected tables")
            return
        }
        #expect(apple.keys == ["name", "physical", "varieties"])
        #expect(string(apple, "physical.color") == "red")
        #expect(values(array(apple, "varieties")).count == 2)
        #expect(array(apple, "varieties")?.map(\.line) == [8, 11])
        #expect(node(apple, "varieties")?.line == 8)
        #expect(banana.keys == ["name", "varieties"])
        #expect(array(banana, "varieties")?.map(\.line) == [18])
    }

    @Test func subTableInEachElement() {
        let doc = parsed("[[a]]\n[a.b]\nx = 1\n[[a]]\n[a.b]\nx = 2\n[[a]]\nb.x = 3")
        let elements = array(doc, "a") ?? []
        #expect(elements.count == 3)
        let xs = elements.compactMap { element -> Int64? in
            guard case .table(let t) = element.value else { return nil }
            return integer(t, "b.x")
        }
        #expect(xs == [1, 2, 3])
    }

    @Test func specInvalidTableDocuments() throws {
        // Defining a table twice.
        let twice = try #require(parseError("[fruit]\napple = \"red\"\n\n[fruit]\norange = \"orange\""))
        #expect(twice.line == 4)
        #expect(twice.message == #"duplicate table "fruit""#)
        // Redefining a key as a table.
        #expect(parseError("[fruit]\napple = \"red\"\n\n[fruit.apple]\ntexture = \"smooth\"")?.line == 4)
        // Headers over dotted-key tables.
        #expect(parseError("[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple]")?.line == 4)
        #expect(parseError("[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.taste]")?.line == 4)
        // Array of tables over a table and vice versa.
        #expect(parseError("""
        [fruit.physical]
        color = "red"
        shape = "round"

        [[fruit]]
        name = "apple"
        """)?.line == 5)
        #expect(parseError("""
        [[fruits]]
        name = "apple"

        [[fruits.varieties]]
        name = "red delicious"

        # INVALID: This table conflicts with the previous array of tables
        [fruits.varieties]
        name = "granny smith"
        """)?.line == 8)
        #expect(parseError("""
        [[fruits]]
        name = "apple"

        [fruits.physical]
        color = "red"
        shape = "round"

        # INVALID: This array of tables conflicts with the previous table
        [[fruits.physical]]
        color = "green"
        """)?.line == 9)
    }

    @Test("invalid table structures are refused", arguments: [
        ("a = 1\n[a]", 2), ("a = 1\n[a.b]", 2), ("[a.b]\nc = 1\n[a]\nb = 2", 4), ("[a.b.c]\n[a]\nb = 2", 3),
        ("a.b = 1\n[a]", 2), ("[a.b.c]\nz = 9\n[a]\nb.c.t = 1", 4), ("[a.b.c.d]\nz = 9\n[a]\nb.c.d.k.t = 1", 4),
        ("[a.b]\nz = 9\n[a]\nb.t = 1", 4), ("[a.b.c]\n[a]\nb.d = 1\n[a.b]", 4), ("[a]\n[a.b]\n[a]", 3),
        ("[a.b]\n[a.b]", 2), ("[[a]]\n[a]", 2), ("[a]\n[[a]]", 2), ("[[a.b]]\n[a]\nb.c = 1", 3),
        ("a = 1\n[[a]]", 2), ("a = [1]\n[[a.b]]", 2), ("a = 1\na.b = 2", 2), ("a.b = 1\na = 2", 2),
        ("fruit.apple = 1\nfruit.apple.smooth = true", 2), ("[a]\nb.c = 1\nb = 2", 3),
    ] as [(String, Int)])
    func invalidStructure(_ doc: String, _ line: Int) throws {
        let error = try #require(parseError(doc))
        #expect(error.line == line)
    }

    @Test("invalid headers are refused", arguments: [
        "[]", "[[]]", "[a.]", "[a\nb = 1", "[[a]", "[a]]", "[ [a] ]", "[[a] ]", "[a] b = 1", "[\"a\nb\"]", "[a b]",
    ])
    func invalidHeader(_ doc: String) throws {
        let error = try #require(parseError("x = 1\n" + doc))
        #expect(error.line == 2)
    }

    @Test func keysKeepDocumentOrder() {
        let doc = parsed("z = 1\na = 2\nm.x = 3\n[b]\n[c]\n[[d]]\n[a2]")
        #expect(doc.keys == ["z", "a", "m", "b", "c", "d", "a2"])
        #expect(doc.entries.map { $0.key } == doc.keys)
        #expect(doc.entries.map { $0.node } == doc.keys.compactMap { doc[$0] })
        #expect(doc["missing"] == nil)
    }
}

// MARK: - Line numbers

@Suite("Line numbers")
struct LineTests {
    @Test func linesOfSimpleValues() {
        let doc = parsed("# comment\n\na = 1\n  b = \"x\"\n\n[t]\nc = true\n")
        #expect(doc.line == 1)
        #expect(node(doc, "a")?.line == 3)
        #expect(node(doc, "b")?.line == 4)
        #expect(node(doc, "t")?.line == 6)
        #expect(table(doc, "t")?.line == 6)
        #expect(node(doc, "t.c")?.line == 7)
    }

    @Test func elementsOfMultilineArrays() {
        let doc = parsed("""
        x = 0
        list = [
          1,
          "two",

          # comment
          [
            3.0,
            4
          ],
          { five = 5 },
          \"\"\"
        six\"\"\", 7
        ]
        after = 1
        """)
        let list = array(doc, "list") ?? []
        #expect(node(doc, "list")?.line == 2)
        #expect(list.map(\.line) == [3, 4, 7, 11, 12, 13])
        if list.count > 2, case .array(let inner) = list[2].value {
            #expect(inner.map(\.line) == [8, 9])
        } else {
            Issue.record("expected a nested array")
        }
        if list.count > 3, case .table(let five) = list[3].value {
            #expect(five.line == 11)
            #expect(five["five"]?.line == 11)
        } else {
            Issue.record("expected an inline table")
        }
        #expect(node(doc, "after")?.line == 15)
    }

    @Test func keysAfterMultilineStrings() {
        let doc = parsed("""
        a = \"\"\"
        one
        two
        three\"\"\"
        b = 2
        c = '''
        x
        '''
        e = \"\"\"x\\

            y\"\"\"
        f = 6
        g = [\"\"\"
        1\"\"\", '''
        2''',
        3]
        """)
        #expect(node(doc, "a")?.line == 1)
        #expect(node(doc, "b")?.line == 5)
        #expect(node(doc, "c")?.line == 6)
        #expect(node(doc, "e")?.line == 9)
        #expect(string(doc, "e") == "xy")
        #expect(node(doc, "f")?.line == 12)
        #expect(array(doc, "g")?.map(\.line) == [13, 14, 16])
    }

    @Test func linesOfTables() {
        let doc = parsed("""
        top.dotted.key = 1

        [x.y.z]
        a = 1

        [x]
        b = 2

        [x.y.z.w]
        inline = { p.q = 1 }
        [other]
        sub.key = 2
        """)
        #expect(doc.line == 1)
        #expect(table(doc, "top")?.line == 1)
        #expect(table(doc, "top.dotted")?.line == 1)
        #expect(node(doc, "x")?.line == 6)  // implicitly created on line 3, defined on line 6
        #expect(node(doc, "x.y")?.line == 3)
        #expect(node(doc, "x.y.z")?.line == 3)
        #expect(node(doc, "x.y.z.w")?.line == 9)
        #expect(node(doc, "x.y.z.w.inline")?.line == 10)
        #expect(table(doc, "x.y.z.w.inline.p")?.line == 10)
        #expect(node(doc, "other.sub")?.line == 12)
        #expect(node(doc, "other.sub.key")?.line == 12)
    }

    @Test func crlfAndBOM() throws {
        let doc = parsed("\u{FEFF}a = 1\r\nb = [\r\n  2,\r\n  3\r\n]\r\n[t]\r\nc = 4\r\n")
        #expect(node(doc, "a")?.line == 1)
        #expect(array(doc, "b")?.map(\.line) == [3, 4])
        #expect(node(doc, "t")?.line == 6)
        #expect(node(doc, "t.c")?.line == 7)
        let error = try #require(parseError("\u{FEFF}a = ?"))
        #expect(error.line == 1 && error.column == 5)
    }

    @Test func errorPositions() throws {
        let afterString = try #require(parseError("a = \"\"\"\nx\n\"\"\"\nb = 1\nb = 2"))
        #expect(afterString.line == 5)
        let column = try #require(parseError("s = \"日本語\" x"))
        #expect(column.column == 11)
        #expect(column.message == #"unexpected text "x" after the value of the key "s""#)
    }
}

// MARK: - Errors

@Suite("Errors")
struct ErrorTests {
    struct Case: Sendable, CustomStringConvertible {
        let document: String
        let line: Int
        let message: String?
        var description: String { document.debugDescription }
        init(_ document: String, line: Int, _ message: String? = nil) {
            self.document = document
            self.line = line
            self.message = message
        }
    }

    static let cases: [Case] = [
        Case("a = 1\na = 2", line: 2, #"duplicate key "a""#),
        Case("[t]\ncode = 1\n\ncode = 2", line: 4, #"duplicate key "code""#),
        Case("estimate\n", line: 1, #"expected "=" after the key "estimate""#),
        Case("a = \"abc", line: 1, "unterminated string"),
        Case("x = 1\ny = 'abc", line: 2, "unterminated string"),
        Case("a =\n", line: 1, #"missing value for the key "a""#),
        Case("a = # no value", line: 1, #"missing value for the key "a""#),
        Case("a =", line: 1, #"missing value for the key "a""#),
        Case("a = 1 2", line: 1, #"unexpected text "2" after the value of the key "a""#),
        Case("\n\na = \"x\" y", line: 3, #"unexpected text "y" after the value of the key "a""#),
        Case("[a] b", line: 1, #"unexpected text "b" after the header "[a]""#),
        Case("[[a]] b", line: 1, #"unexpected text "b" after the header "[[a]]""#),
        Case("a = [1, 2", line: 1, "unterminated array"),
        Case("a = {b = 1", line: 1, "unterminated inline table"),
        Case("a = {b = 1,}", line: 1, "trailing comma is not allowed in an inline table"),
        Case("[a]\n[a]", line: 2, #"duplicate table "a""#),
        Case("[a]\nb.c = 1\n[a.b]", line: 3, #"table "a.b" is already defined by dotted keys"#),
        Case("a = 1\n[a]", line: 2, #"the key "a" is already defined as an integer, not a table"#),
        Case("a = {}\n[a]", line: 2, #"table "a" is already defined as an inline table"#),
        Case("a = {}\na.b = 1", line: 2, #"cannot extend the inline table "a""#),
        Case("a = []\n[[a]]", line: 2, #"cannot append to the static array "a" with [[a]]"#),
        Case("a = {}\n[[a]]", line: 2, #"cannot extend the inline table "a" with [[a]]"#),
        Case("[a]\n[[a]]", line: 2, #"cannot define the array of tables "a": it is already a table"#),
        Case("[[a]]\n[a]", line: 2, #"cannot define the table "a": it is already an array of tables"#),
        Case("[a.b]\n[a]\nb.c = 1", line: 3, #"cannot add to the table "b" with dotted keys: it is defined by a [table] header"#),
        Case("[a.b]\nx = 1\n[a]\nb = 1", line: 4, #"duplicate key "b": it is already defined as a table"#),
        Case("a = \"\\x\"", line: 1, #"invalid escape sequence "\x""#),
        Case("a = \"\\uD800\"", line: 1, #"invalid unicode escape "\uD800": not a Unicode scalar value"#),
        Case("a = \"a\u{01}\"", line: 1, "control character U+0001 is not allowed in a string"),
        Case("# \u{07}", line: 1, "control character U+0007 is not allowed in a comment"),
        Case("a = 'x\u{7F}'", line: 1, "control character U+007F is not allowed in a literal string"),
        Case("a = \"abc\ndef\"", line: 1, "unterminated string: a single-line string cannot contain a newline"),
        Case("a = 01", line: 1, #"invalid number "01""#),
        Case("a = hello", line: 1, #"invalid value "hello""#),
        Case("a = 2023-02-29", line: 1, #"invalid date "2023-02-29""#),
        Case("a = 25:00:00", line: 1, #"invalid time "25:00:00""#),
        Case("a = 1979-05-27T07:32:00+25:00", line: 1, #"invalid date-time "1979-05-27T07:32:00+25:00""#),
        Case("ä = 1", line: 1, #"invalid character "ä" in a key"#),
        Case("= 1", line: 1, #"missing key before "=""#),
        Case("a. = 1", line: 1, #"expected a key after "a.""#),
        Case("[]", line: 1, #"missing name in the header "[]""#),
        Case("[a", line: 1, #"expected "]" at the end of the header "[a""#),
        Case("\"\"\"k\"\"\" = 1", line: 1, "a multi-line string cannot be used as a key"),
        Case("a = 1\rb = 2", line: 1),
        Case("a = [1,,2]", line: 1, #"expected a value before ",""#),
        Case("a = [\n1,\n2\n3]", line: 4, #"expected "," or "]" after an array element, found "3""#),
        Case("a = {b = 1 c = 2}", line: 1, #"expected "," or "}" after the value of the key "b" in an inline table, found "c""#),
        Case("a = {b = 1\n}", line: 1, "unterminated inline table: an inline table must be on a single line"),
        Case("a = {b = 1 # x\n}", line: 1, "comments are not allowed in an inline table"),
        Case("x = \"\"\"\n\n\"\"\"\ny = [\n1,\n2,\n]\nz = {a = 1, a = 2}", line: 8, #"duplicate key "a""#),
        Case("'a b'.\"c\" = 1\n'a b'.c = 2", line: 2, #"duplicate key "'a b'.c""#),
    ]

    @Test("invalid documents produce a TOMLError with the right line", arguments: cases)
    func invalidDocument(_ c: Case) throws {
        let error = try #require(parseError(c.document))
        #expect(error.line == c.line)
        if let message = c.message {
            #expect(error.message == message)
        }
        #expect(error.column >= 1)
        #expect(error.description == "line \(error.line), column \(error.column): \(error.message)")
    }

    @Test func nestingLimitForArrays() throws {
        let ok = "a = " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(parseError(ok) == nil)
        let deep = "x = 1\na = " + String(repeating: "[", count: 101) + String(repeating: "]", count: 101)
        let error = try #require(parseError(deep))
        #expect(error.line == 2)
        #expect(error.message.contains("nested too deeply"))
    }

    @Test func nestingLimitForInlineTablesAndMixes() throws {
        let ok = "a = " + String(repeating: "{b = ", count: 99) + "{}" + String(repeating: "}", count: 99)
        #expect(parseError(ok) == nil)
        let deep = "a = " + String(repeating: "{b = ", count: 100) + "{}" + String(repeating: "}", count: 100)
        #expect(parseError(deep)?.message.contains("nested too deeply") == true)
        let mixed = "a = " + String(repeating: "[{b = ", count: 60) + "1" + String(repeating: "}]", count: 60)
        #expect(parseError(mixed)?.message.contains("nested too deeply") == true)
        // Huge nesting must not overflow the stack.
        let huge = "a = " + String(repeating: "[", count: 100_000)
        #expect(parseError(huge)?.message.contains("nested too deeply") == true)
        let hugeInline = "a = " + String(repeating: "{a=", count: 100_000)
        #expect(parseError(hugeInline)?.message.contains("nested too deeply") == true)
    }

    @Test func veryDeepKeysAreRefusedNotCrashing() throws {
        let parts = (0..<300).map { "k\($0)" }.joined(separator: ".")
        #expect(parseError("\(parts) = 1")?.message.contains("nested too deeply") == true)
        #expect(parseError("[\(parts)]")?.message.contains("nested too deeply") == true)
        #expect(parseError("[[\(parts)]]")?.message.contains("nested too deeply") == true)
        #expect(parseError("a = {\(parts) = 1}")?.message.contains("nested too deeply") == true)
        let fine = (0..<200).map { "k\($0)" }.joined(separator: ".")
        #expect(parseError("\(fine) = 1") == nil)
    }

    @Test func truncatedAndMutatedDocumentsNeverCrash() {
        let sample = """
        # sample
        title = "TOML \\u00E9 \\U0001F600"
        [owner]
        dob = 1979-05-27T07:32:00-08:00
        [database]
        ports = [ 8000, 8001, 0x1F, 0o7, 0b1, +1.5e3, inf, -nan ]
        data = [ ["delta", "phi"], [3.14] ]
        temp = { cpu = 79.5, case.x = 72.0 }
        ml = \"\"\"
        a \\
          b\"\"\"
        lit = '''x'''
        [[servers]]
        t = 07:32:00.5
        d = 1979-05-27
        """
        let bytes = Array(sample.utf8)
        for end in 0...bytes.count {
            _ = try? TOML.parse(String(decoding: bytes[0..<end], as: UTF8.self))
        }
        let replacements: [UInt8] = Array("\"'[]{}=.,#\\\n\r\t 0_-+:zT".utf8) + [0x00, 0x7F]
        var count = 0
        for index in stride(from: 0, to: bytes.count, by: 3) {
            for replacement in replacements {
                var mutated = bytes
                mutated[index] = replacement
                _ = try? TOML.parse(String(decoding: mutated, as: UTF8.self))
                count += 1
            }
        }
        #expect(count > 0)
    }
}

// MARK: - API and performance

@Suite("API and performance")
struct APITests {
    @Test func equality() {
        let a = parsed("x = 1\n[t]\ny = [1, {z = 2}]")
        let b = parsed("x = 1\n[t]\ny = [1, {z = 2}]")
        let shifted = parsed("\nx = 1\n[t]\ny = [1, {z = 2}]")
        let reordered = parsed("[t]\ny = [1, {z = 2}]")
        #expect(a == b)
        #expect(a != shifted)
        #expect(a != reordered)
        #expect(TOMLTable(line: 1, keys: ["a", "b"], storage: ["a": TOMLNode(value: .integer(1), line: 1), "b": TOMLNode(value: .integer(2), line: 1)])
            != TOMLTable(line: 1, keys: ["b", "a"], storage: ["a": TOMLNode(value: .integer(1), line: 1), "b": TOMLNode(value: .integer(2), line: 1)]))
    }

    @Test func emptyAndCommentOnlyDocuments() {
        #expect(parsed("").keys.isEmpty)
        #expect(parsed("\n\n  # c\n\t\n").keys.isEmpty)
        #expect(parsed("\u{FEFF}").keys.isEmpty)
        #expect(parsed("").line == 1)
    }

    @Test func specOverviewDocument() {
        let doc = parsed("""
        # This is a TOML document

        title = "TOML Example"

        [owner]
        name = "Tom Preston-Werner"
        dob = 1979-05-27T07:32:00-08:00

        [database]
        enabled = true
        ports = [ 8000, 8001, 8002 ]
        data = [ ["delta", "phi"], [3.14] ]
        temp_targets = { cpu = 79.5, case = 72.0 }

        [servers]

        [servers.alpha]
        ip = "10.0.0.1"
        role = "frontend"

        [servers.beta]
        ip = "10.0.0.2"
        role = "backend"
        """)
        #expect(doc.keys == ["title", "owner", "database", "servers"])
        #expect(value(doc, "owner.dob") == .offsetDateTime("1979-05-27T07:32:00-08:00"))
        #expect(values(array(doc, "database.ports")) == [.integer(8000), .integer(8001), .integer(8002)])
        #expect(double(doc, "database.temp_targets.case") == 72.0)
        #expect(table(doc, "servers")?.keys == ["alpha", "beta"])
        #expect(node(doc, "servers.beta.role")?.line == 23)
    }

    @Test func oneMegabyteParsesQuickly() throws {
        var text = ""
        var index = 0
        while text.utf8.count < 1_000_000 {
            text += """
            [section\(index)]
            name = "value \(index) with \\u00e9 escapes\\n"
            count = \(index)
            ratio = \(index).5e-3
            when = 1979-05-27T07:32:00Z
            list = [1, 2, 3, "x", {a = 1, b.c = "d"}]
            ml = \"\"\"
            multi
            line \(index)
            \"\"\"
            # comment \(index)
            [[section\(index).items]]
            k = true

            """
            index += 1
        }
        let doc = try TOML.parse(text)
        #expect(doc.keys.count == index)
        #expect(node(doc, "section\(index - 1).ml")?.line == 13 * (index - 1) + 7)
    }

    @Test func longLinesAreLinear() throws {
        let longString = "a = \"" + String(repeating: "x", count: 1_000_000) + "\""
        #expect(string(parsed(longString), "a")?.count == 1_000_000)
        let longArray = "a = [" + String(repeating: "1,", count: 200_000) + "]"
        #expect(array(parsed(longArray), "a")?.count == 200_000)
        let manyTables = String(repeating: "[[t]]\nx = 1\n", count: 50_000)
        #expect(array(parsed(manyTables), "t")?.count == 50_000)
    }
}
