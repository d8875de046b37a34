import Foundation
import OsmoseDomain
import Testing

@testable import OsmoseFormats

@Suite("iCalendar")
struct ICalendarTests {
    /// 2015-10-01 12:00:00 UTC.
    static let stamp = Date(timeIntervalSince1970: 1_443_700_800)

    static func day(_ text: String) throws -> LocalDate { try LocalDate(parsing: text) }
    static func time(_ text: String) throws -> ClockTime { try ClockTime(parsing: text) }

    static func premiere() throws -> CalendarEvent {
        CalendarEvent(
            uid: "screening-premiere@osmose-test", summary: "Avant-première",
            when: .timed(date: try day("2015-11-30"), start: try time("20:00"), minutes: 120),
            description: "Projection suivie d'un débat", location: "Cinéma Le Méliès, Montreuil",
            categories: ["Projection"], status: .confirmed, url: "https://example.org/premiere")
    }

    static func document(_ events: [CalendarEvent], zone: String = "Europe/Paris") throws -> String {
        try ICalendar.document(name: "Micro-osmose", timeZone: zone, events: events, stamp: stamp)
    }

    /// Content lines with folding undone.
    static func unfolded(_ document: String) -> [String] {
        document.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").dropLast().map { $0 }
    }

    /// The physical lines of a document, as bytes, split on CRLF.
    static func physicalLines(_ document: String) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var bytes = Array(document.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == 0x0D, bytes.first == 0x0A {
                bytes.removeFirst()
                lines.append(current)
                current = []
            } else {
                current.append(byte)
            }
        }
        #expect(current.isEmpty, "the document ends with CRLF")
        return lines
    }

    /// The lines of each `kind` block (VEVENT, STANDARD, DAYLIGHT), in order.
    static func blocks(_ kind: String, in lines: [String]) -> [[String]] {
        var result: [[String]] = []
        var current: [String]?
        for line in lines {
            if line == "BEGIN:\(kind)" {
                current = []
            } else if line == "END:\(kind)" {
                if let current { result.append(current) }
                current = nil
            } else {
                current?.append(line)
            }
        }
        return result
    }

    @Test("The calendar's own properties come first, every line ends in CRLF")
    func header() throws {
        let text = try Self.document([try Self.premiere()])
        let lines = Self.unfolded(text)
        #expect(
            Array(lines.prefix(7)) == [
                "BEGIN:VCALENDAR", "PRODID:-//Osmose//Osmose 0.1.0//EN", "VERSION:2.0", "CALSCALE:GREGORIAN",
                "METHOD:PUBLISH", "X-WR-CALNAME:Micro-osmose", "X-WR-TIMEZONE:Europe/Paris",
            ])
        #expect(lines[7] == "BEGIN:VTIMEZONE")
        #expect(lines[8] == "TZID:Europe/Paris")
        #expect(lines.last == "END:VCALENDAR")
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        let bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            #expect(index > 0 && bytes[index - 1] == 0x0D, "a line feed without carriage return at byte \(index)")
        }
        let event = try #require(Self.blocks("VEVENT", in: lines).first)
        #expect(
            event == [
                "UID:screening-premiere@osmose-test",
                "DTSTAMP:20151001T120000Z",
                "DTSTART;TZID=Europe/Paris:20151130T200000",
                "DTEND;TZID=Europe/Paris:20151130T220000",
                "SUMMARY:Avant-première",
                "DESCRIPTION:Projection suivie d'un débat",
                "LOCATION:Cinéma Le Méliès\\, Montreuil",
                "CATEGORIES:Projection",
                "STATUS:CONFIRMED",
                "URL:https://example.org/premiere",
            ])
    }

    @Test("A long UTF-8 summary is folded at 75 octets, between characters, and unfolds to the same text")
    func folding() throws {
        let summary = String(repeating: "Étalonnage 🎬 日本語 — ", count: 12)
        let event = CalendarEvent(
            uid: "long@test", summary: summary,
            when: .days(
                first: try Self.day("2015-09-01"),
                last: try Self.day("2015-09-01")))
        let text = try Self.document([event])
        let lines = Self.physicalLines(text)
        #expect(lines.contains { $0.count >= 72 }, "the summary was folded near the limit")
        for line in lines {
            #expect(line.count <= 75, "a line of \(line.count) octets")
            #expect(String(validating: line, as: UTF8.self) != nil, "a fold split a UTF-8 character")
        }
        // 372 octets of summary after "SUMMARY:": 75 on the first line, then 73 or 74 after each space.
        let start = try #require(lines.firstIndex { $0.starts(with: Array("SUMMARY:".utf8)) })
        let continuations = lines[(start + 1)...].prefix { $0.first == 0x20 }
        #expect(continuations.count == 5)
        #expect(Self.unfolded(text).contains("SUMMARY:" + summary.replacingOccurrences(of: ",", with: "\\,")))

        // Folding on its own: a 4-octet character straddling octet 75 moves whole to the next line.
        let folded = ICalendar.fold(String(repeating: "a", count: 73) + "🎬" + "b")
        #expect(folded == String(repeating: "a", count: 73) + "\r\n 🎬b")
        #expect(ICalendar.fold(String(repeating: "x", count: 75)) == String(repeating: "x", count: 75))
        #expect(ICalendar.fold(String(repeating: "x", count: 76)) == String(repeating: "x", count: 75) + "\r\n x")
    }

    @Test("TEXT values escape backslash, semicolon, comma and line breaks, and drop other controls")
    func escaping() throws {
        #expect(ICalendar.text("a\\b;c,d\ne\r\nf\rg\u{7}h\ti") == "a\\\\b\\;c\\,d\\ne\\nf\\ng" + "h\ti")
        let event = CalendarEvent(
            uid: "deadline,1;x@test", summary: "Mix; étalonnage, export",
            when: .days(first: try Self.day("2015-10-05"), last: try Self.day("2015-10-05")),
            description: "Ligne 1\nLigne 2 \\ fin", categories: ["Post, son", "Image;grade"])
        let event0 = try #require(Self.blocks("VEVENT", in: Self.unfolded(try Self.document([event]))).first)
        #expect(event0.contains("UID:deadline\\,1\\;x@test"))
        #expect(event0.contains("SUMMARY:Mix\\; étalonnage\\, export"))
        #expect(event0.contains("DESCRIPTION:Ligne 1\\nLigne 2 \\\\ fin"))
        #expect(event0.contains("CATEGORIES:Post\\, son,Image\\;grade"))
    }

    @Test(
        "All-day events end the day after their last day",
        arguments: [
            ("2015-05-18", "2015-05-18", "20150518", "20150519"),
            ("2015-05-30", "2015-06-02", "20150530", "20150603"),
            ("2015-12-31", "2015-12-31", "20151231", "20160101"),
            ("2016-02-28", "2016-02-29", "20160228", "20160301"),
        ])
    func allDay(first: String, last: String, start: String, end: String) throws {
        let event = CalendarEvent(
            uid: "shoot-\(first)@test", summary: "Tournage",
            when: .days(first: try Self.day(first), last: try Self.day(last)))
        let lines = try #require(Self.blocks("VEVENT", in: Self.unfolded(try Self.document([event]))).first)
        #expect(
            lines.filter { $0.hasPrefix("DTSTART") || $0.hasPrefix("DTEND") } == [
                "DTSTART;VALUE=DATE:\(start)", "DTEND;VALUE=DATE:\(end)",
            ])
    }

    @Test(
        "Timed events end `minutes` of elapsed time later, across midnight and clock changes",
        arguments: [
            ("2015-11-30", "23:00", 150, "20151130T230000", "DTEND;TZID=Europe/Paris:20151201T013000"),
            ("2015-12-31", "22:30", 120, "20151231T223000", "DTEND;TZID=Europe/Paris:20160101T003000"),
            // 21:00 UTC + 5 h is 02:00 UTC, 03:00 once clocks went back to +0100.
            ("2015-10-24", "23:00", 300, "20151024T230000", "DTEND;TZID=Europe/Paris:20151025T030000"),
            // 02:30 does not exist that night: read with the offset before the change, it is 01:30 UTC, 03:30 local.
            ("2015-03-29", "02:30", 60, "20150329T033000", "DTEND;TZID=Europe/Paris:20150329T043000"),
            ("2015-03-29", "01:30", 60, "20150329T013000", "DTEND;TZID=Europe/Paris:20150329T033000"),
            // 02:30 happens twice that night: the first one (+0200, 00:30 UTC) is meant.
            ("2015-10-25", "02:30", 20, "20151025T023000", "DTEND;TZID=Europe/Paris:20151025T025000"),
            // An hour later it is 02:30 again, which a TZID time would read as the first run: the end is in UTC.
            ("2015-10-25", "02:30", 60, "20151025T023000", "DTEND:20151025T013000Z"),
            ("2015-10-25", "02:30", 90, "20151025T023000", "DTEND;TZID=Europe/Paris:20151025T030000"),
        ])
    func timed(date: String, start: String, minutes: Int, dtstart: String, dtend: String) throws {
        let event = CalendarEvent(
            uid: "t@test", summary: "Projection",
            when: .timed(date: try Self.day(date), start: try Self.time(start), minutes: minutes))
        let lines = try #require(Self.blocks("VEVENT", in: Self.unfolded(try Self.document([event]))).first)
        #expect(
            lines.filter { $0.hasPrefix("DTSTART") || $0.hasPrefix("DTEND") } == [
                "DTSTART;TZID=Europe/Paris:\(dtstart)", dtend,
            ])
    }

    @Test("A start the clocks skip is moved with a word in the description, never silently")
    func movedStart() throws {
        // Given a screening at 02:30 on the night the clocks go forward, and one at a time that exists
        let skipped = CalendarEvent(
            uid: "gap@test", summary: "Nuit blanche", when: .timed(date: try Self.day("2016-03-27"), start: try Self.time("02:30"), minutes: 60),
            description: "Projection")
        let fine = CalendarEvent(
            uid: "fine@test", summary: "Matinée", when: .timed(date: try Self.day("2016-03-27"), start: try Self.time("10:30"), minutes: 60))
        // When the calendar is written
        let events = Self.blocks("VEVENT", in: Self.unfolded(try Self.document([skipped, fine])))
        // Then the moved one starts at 03:30 and says why, in both languages; the other has no such note
        let moved = try #require(events.first)
        #expect(moved.contains("DTSTART;TZID=Europe/Paris:20160327T033000"))
        let description = try #require(moved.first { $0.hasPrefix("DESCRIPTION:") })
        #expect(description.hasPrefix("DESCRIPTION:Projection\\n02:30 on 2016-03-27 does not exist in Europe/Paris"))
        #expect(description.contains("starts at 03:30") && description.contains("commence à 03:30"))
        #expect(!events[1].contains { $0.hasPrefix("DESCRIPTION:") })
    }

    @Test("Europe/Paris for 2015: each change of 2014 and 2015, onset in the local time it replaces")
    func paris() throws {
        let lines = Self.unfolded(try Self.document([try Self.premiere()]))
        let zone = Self.blocks("VTIMEZONE", in: lines)
        #expect(zone.count == 1)
        let daylight = Self.blocks("DAYLIGHT", in: lines)
        let standard = Self.blocks("STANDARD", in: lines)
        #expect(
            daylight.map { Array($0.prefix(3)) } == [
                ["DTSTART:20140330T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200"],
                ["DTSTART:20150329T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200"],
            ])
        #expect(
            standard.map { Array($0.prefix(3)) } == [
                ["DTSTART:20141026T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100"],
                ["DTSTART:20151025T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100"],
            ])
        // Foundation on Linux names these zones "GMT+2"; the offset stands in for such names.
        #expect(Set(daylight.map { $0[3] }).isSubset(of: ["TZNAME:CEST", "TZNAME:+0200"]))
        #expect(Set(standard.map { $0[3] }).isSubset(of: ["TZNAME:CET", "TZNAME:+0100"]))
        // Chronological order: daylight 2014, standard 2014, daylight 2015, standard 2015.
        let onsets = lines.filter { $0.hasPrefix("DTSTART:") }
        #expect(onsets == onsets.sorted())
        #expect(onsets.count == 4)
    }

    @Test("The VTIMEZONE covers every year with a timed event, and the year before")
    func years() throws {
        let later = CalendarEvent(
            uid: "festival@test", summary: "Festival",
            when: .timed(date: try Self.day("2016-06-10"), start: try Self.time("18:00"), minutes: 90))
        let lines = Self.unfolded(try Self.document([try Self.premiere(), later]))
        let onsets = lines.filter { $0.hasPrefix("DTSTART:") }
        #expect(
            onsets == [
                "DTSTART:20140330T020000", "DTSTART:20141026T030000", "DTSTART:20150329T020000",
                "DTSTART:20151025T030000", "DTSTART:20160327T020000", "DTSTART:20161030T030000",
            ])
    }

    @Test("Without timed events the VTIMEZONE is for the year of the stamp")
    func stampYear() throws {
        let shoot = CalendarEvent(
            uid: "shoot@test", summary: "Tournage",
            when: .days(first: try Self.day("2017-05-18"), last: try Self.day("2017-05-19")))
        let lines = Self.unfolded(try Self.document([shoot]))
        #expect(lines.filter { $0.hasPrefix("DTSTART:") }.last == "DTSTART:20151025T030000")
        #expect(lines.contains("TZID:Europe/Paris"))
        let empty = Self.unfolded(try Self.document([]))
        #expect(Self.blocks("VTIMEZONE", in: empty).count == 1)
        #expect(Self.blocks("VEVENT", in: empty).isEmpty)
    }

    @Test(
        "A zone without clock changes has a single STANDARD from 1970",
        arguments: [
            ("Asia/Tokyo", "+0900", ["JST", "+0900"]),
            ("UTC", "+0000", ["UTC", "GMT", "+0000"]),
        ])
    func noDaylightSaving(zone: String, offset: String, names: [String]) throws {
        let lines = Self.unfolded(try Self.document([try Self.premiere()], zone: zone))
        #expect(Self.blocks("DAYLIGHT", in: lines).isEmpty)
        let standard = Self.blocks("STANDARD", in: lines)
        #expect(standard.count == 1)
        #expect(
            Array(try #require(standard.first).prefix(3)) == [
                "DTSTART:19700101T000000", "TZOFFSETFROM:\(offset)", "TZOFFSETTO:\(offset)",
            ])
        let name = try #require(standard.first?.last)
        #expect(names.contains(String(name.dropFirst("TZNAME:".count))))
        #expect(lines.contains("DTSTART;TZID=\(zone):20151130T200000"))
        #expect(lines.contains("X-WR-TIMEZONE:\(zone)"))
    }

    @Test("Offset changes that are not daylight saving, and offsets with minutes, come from the system's zone data")
    func otherZones() throws {
        // Moscow went from +0400 to +0300 for good on 2014-10-26.
        let moscow = Self.unfolded(try Self.document([try Self.premiere()], zone: "Europe/Moscow"))
        #expect(
            Self.blocks("STANDARD", in: moscow).map { Array($0.prefix(3)) } == [
                ["DTSTART:20141026T020000", "TZOFFSETFROM:+0400", "TZOFFSETTO:+0300"]
            ])
        let lordHowe = Self.unfolded(try Self.document([try Self.premiere()], zone: "Australia/Lord_Howe"))
        #expect(
            Self.blocks("DAYLIGHT", in: lordHowe).last.map { Array($0.prefix(3)) } == [
                "DTSTART:20151004T020000", "TZOFFSETFROM:+1030", "TZOFFSETTO:+1100",
            ])
        let newYork = Self.unfolded(try Self.document([try Self.premiere()], zone: "America/New_York"))
        #expect(
            Self.blocks("STANDARD", in: newYork).last.map { Array($0.prefix(3)) } == [
                "DTSTART:20151101T020000", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500",
            ])
        #expect(ICalendar.utcOffset(0) == "+0000")
        #expect(ICalendar.utcOffset(-12_600) == "-0330")
        #expect(ICalendar.utcOffset(561) == "+000921")
    }

    /// The message a document is refused with, or nil when it is written.
    static func refusal(_ events: [CalendarEvent], zone: String = "Europe/Paris") -> String? {
        do {
            _ = try ICalendar.document(name: "Micro-osmose", timeZone: zone, events: events, stamp: stamp)
            return nil
        } catch {
            return error.message
        }
    }

    @Test("Bad input is refused with a sentence naming it")
    func refused() throws {
        let premiere = try Self.premiere()
        var twin = premiere
        twin.summary = "Projection presse"
        #expect(
            Self.refusal([premiere, twin])
                == "UID “screening-premiere@osmose-test” is given to two events: “Avant-première” and "
                + "“Projection presse”")
        #expect(
            Self.refusal([premiere], zone: "Mars/Olympus")
                == "“Mars/Olympus” is not a time zone this system knows (expected a name such as Europe/Paris)")
        var blank = premiere
        blank.uid = "  "
        #expect(Self.refusal([blank]) == "event “Avant-première” has no UID")
        var instant = premiere
        instant.when = .timed(date: try Self.day("2015-11-30"), start: try Self.time("20:00"), minutes: 0)
        #expect(
            Self.refusal([instant]) == "event “Avant-première” lasts 0 minutes: a timed event lasts at least one minute"
        )
        var backwards = premiere
        backwards.when = .days(first: try Self.day("2015-05-18"), last: try Self.day("2015-05-17"))
        #expect(
            Self.refusal([backwards]) == "event “Avant-première” ends on 2015-05-17, before it starts on 2015-05-18")
        var link = premiere
        link.url = "not a url"
        #expect(
            Self.refusal([link]) == "event “Avant-première” has “not a url” as its URL, which is not an absolute URL")
        var last = premiere
        last.when = .days(first: try Self.day("9999-12-31"), last: try Self.day("9999-12-31"))
        #expect(Self.refusal([last]) == "event “Avant-première” ends after the year 9999")
        var endless = premiere
        endless.when = .timed(date: try Self.day("2015-11-30"), start: try Self.time("20:00"), minutes: .max)
        #expect(Self.refusal([endless]) == "event “Avant-première” ends after the year 9999")
        #expect(Self.refusal([premiere]) == nil)
    }

    @Test("The same inputs give the same bytes")
    func deterministic() throws {
        let events = [
            try Self.premiere(),
            CalendarEvent(
                uid: "shoot-2015-05-18@test", summary: "Tournage — Montreuil",
                when: .days(first: try Self.day("2015-05-18"), last: try Self.day("2015-05-20")),
                categories: ["Tournage", "Équipe"], status: .tentative),
        ]
        let first = try Self.document(events)
        let second = try Self.document(events)
        #expect(Data(first.utf8) == Data(second.utf8))
        // The order given is the order written.
        let uids = Self.unfolded(try Self.document(events.reversed())).filter { $0.hasPrefix("UID:") }
        #expect(uids == ["UID:shoot-2015-05-18@test", "UID:screening-premiere@osmose-test"])
    }
}
