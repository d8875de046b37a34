import Foundation
import OsmoseDomain

/// One event of a calendar: a shooting day, a post-production deadline, a screening.
public struct CalendarEvent: Sendable, Equatable {
    /// When an event takes place.
    public enum When: Sendable, Equatable {
        /// Whole days, `first` through `last` inclusive (DTSTART;VALUE=DATE / DTEND;VALUE=DATE the day after `last`).
        case days(first: LocalDate, last: LocalDate)
        /// A timed event in the calendar's time zone (DTSTART;TZID=…, DTEND;TZID=… `minutes` later, crossing
        /// midnight if needed). `minutes` is elapsed time: a screening across a clock change still lasts that long.
        /// A start that happens twice (clocks going back) is the first one; one the clocks skip is read with the
        /// offset before the change, as RFC 5545 reads such times, and written as the time it stands for
        /// (02:30 → 03:30).
        case timed(date: LocalDate, start: ClockTime, minutes: Int)
    }

    /// The STATUS of an event, as RFC 5545 spells it.
    public enum Status: String, Sendable, Equatable {
        case tentative = "TENTATIVE"
        case confirmed = "CONFIRMED"
        case cancelled = "CANCELLED"
    }

    /// Stable across exports, so that subscribed calendars update events instead of duplicating them
    /// (e.g. "shoot-2015-05-18@<production-id>").
    public var uid: String
    public var summary: String
    public var when: When
    public var description: String?
    public var location: String?
    public var categories: [String]
    public var status: Status?
    /// An absolute URL (with a scheme), written as it is.
    public var url: String?

    public init(
        uid: String, summary: String, when: When, description: String? = nil, location: String? = nil,
        categories: [String] = [], status: Status? = nil, url: String? = nil
    ) {
        self.uid = uid
        self.summary = summary
        self.when = when
        self.description = description
        self.location = location
        self.categories = categories
        self.status = status
        self.url = url
    }
}

/// RFC 5545 iCalendar documents, for the calendars people subscribe to (the team's, the premiere's).
///
/// The writer is pure: the same inputs give the same bytes, so a feed that did not change is not
/// reloaded by every calendar client polling it.
public enum ICalendar {
    /// The PRODID of every document.
    public static let productID = "-//Osmose//Osmose 0.1.0//EN"

    /// The whole VCALENDAR: PRODID, VERSION 2.0, CALSCALE GREGORIAN, METHOD PUBLISH, X-WR-CALNAME `name`,
    /// X-WR-TIMEZONE `timeZone`, one VTIMEZONE for `timeZone` covering every timed event (or the year of `stamp`
    /// when there is none), then the events in the order given. DTSTAMP of every event is `stamp` in UTC.
    ///
    /// Lines end in CRLF and are folded at 75 octets. Refuses an unknown time zone, an empty or repeated UID,
    /// a timed event shorter than a minute, a range of days that ends before it starts, and a URL that is not one.
    public static func document(name: String, timeZone: String, events: [CalendarEvent], stamp: Date) throws(InputError)
        -> String
    {
        guard let zone = TimeZone(identifier: timeZone) else {
            throw InputError(
                "\(timeZone.quoted) is not a time zone this system knows (expected a name such as Europe/Paris)")
        }
        try checkUIDs(events)
        guard let stampSeconds = Int(exactly: stamp.timeIntervalSince1970.rounded(.down)),
            let stampText = dateTime(wall: stampSeconds)
        else {
            throw InputError("the time stamp \(stamp) is outside the years 1 to 9999")
        }
        let tzid = parameter(timeZone)

        var eventLines: [String] = []
        var years: ClosedRange<Int>?
        func cover(_ year: Int) {
            years = years.map { min($0.lowerBound, year)...max($0.upperBound, year) } ?? year...year
        }
        for event in events {
            eventLines.append("BEGIN:VEVENT")
            eventLines.append("UID:" + text(event.uid))
            eventLines.append("DTSTAMP:" + stampText + "Z")
            switch event.when {
            case .days(let first, let last):
                guard last >= first else {
                    throw InputError("event \(event.summary.quoted) ends on \(last), before it starts on \(first)")
                }
                let after = LocalDate(dayNumber: last.dayNumber + 1)
                guard after.year <= 9999 else {
                    throw InputError("event \(event.summary.quoted) ends after the year 9999")
                }
                eventLines.append("DTSTART;VALUE=DATE:" + date(first))
                eventLines.append("DTEND;VALUE=DATE:" + date(after))
            case .timed(let day, let start, let minutes):
                guard minutes >= 1 else {
                    throw InputError(
                        "event \(event.summary.quoted) lasts \(minutes) minutes: a timed event lasts at least "
                            + "one minute")
                }
                let startInstant = instant(
                    ofWall: day.dayNumber * 86_400 + start.hour * 3_600 + start.minute * 60, in: zone)
                let (seconds, tooLong) = minutes.multipliedReportingOverflow(by: 60)
                let (endInstant, overflow) = startInstant.addingReportingOverflow(seconds)
                // A start the clocks skip is written as the time it stands for (02:30 → 03:30): readers disagree
                // on times that do not exist, not on those that do.
                guard !tooLong, !overflow, let startWall = localWall(of: startInstant, in: zone),
                    let endWall = localWall(of: endInstant, in: zone), let startText = dateTime(wall: startWall),
                    let endText = dateTime(wall: endWall), let endUTC = dateTime(wall: endInstant)
                else { throw InputError("event \(event.summary.quoted) ends after the year 9999") }
                cover(LocalDate(dayNumber: floorDivide(startWall, 86_400)).year)
                cover(LocalDate(dayNumber: floorDivide(endWall, 86_400)).year)
                eventLines.append("DTSTART;TZID=\(tzid):" + startText)
                // An end in the second run of an hour the clocks went back over would be read as the first run:
                // that one end is written in UTC, which is exact (RFC 5545 lets DTEND take another form than
                // DTSTART).
                if instant(ofWall: endWall, in: zone) == endInstant {
                    eventLines.append("DTEND;TZID=\(tzid):" + endText)
                } else {
                    eventLines.append("DTEND:" + endUTC + "Z")
                }
            }
            eventLines.append("SUMMARY:" + text(event.summary))
            if let description = [event.description, movedNote(event, zone: zone)].compactMap({ $0 }).joined(separator: "\n")
                .nonEmpty
            {
                eventLines.append("DESCRIPTION:" + text(description))
            }
            if let location = event.location { eventLines.append("LOCATION:" + text(location)) }
            if !event.categories.isEmpty {
                eventLines.append("CATEGORIES:" + event.categories.map(text).joined(separator: ","))
            }
            if let status = event.status { eventLines.append("STATUS:" + status.rawValue) }
            if let url = event.url {
                guard isURI(url) else {
                    throw InputError(
                        "event \(event.summary.quoted) has \(url.quoted) as its URL, which is not an absolute URL")
                }
                eventLines.append("URL:" + url)
            }
            eventLines.append("END:VEVENT")
        }

        // Without timed events the VTIMEZONE still backs X-WR-TIMEZONE, for the year the calendar is published.
        let coveredYears: ClosedRange<Int>
        if let years {
            coveredYears = years
        } else {
            let stampYear = localWall(of: stampSeconds, in: zone).map {
                LocalDate(dayNumber: floorDivide($0, 86_400)).year
            }
            coveredYears = (stampYear ?? 1970)...(stampYear ?? 1970)
        }

        var lines = [
            "BEGIN:VCALENDAR",
            "PRODID:" + text(productID),
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + text(name),
            "X-WR-TIMEZONE:" + text(timeZone),
        ]
        lines += timeZoneLines(tzid: text(timeZone), zone: zone, years: coveredYears)
        lines += eventLines
        lines.append("END:VCALENDAR")
        return lines.map { fold($0) + "\r\n" }.joined()
    }

    /// For a timed event whose start the clocks skip (02:30 on the night they go forward): it is written
    /// as the time it stands for (03:30), and its description says so — a calendar never moves an
    /// event without a word. Osmose refuses such times when they are typed; this covers a ledger
    /// holding one from before.
    static func movedNote(_ event: CalendarEvent, zone: TimeZone) -> String? {
        guard case .timed(let day, let start, _) = event.when, let gap = ClockTime.skipped(on: day, at: start, in: zone) else { return nil }
        let time = ClockTime(minutes: start.hour * 60 + start.minute + gap.forward / 60)
        return "\(start) on \(day) does not exist in \(zone.identifier) (the clocks go forward that night): this event starts at \(time). / \(start) n’existe pas le \(day) (changement d’heure) : l’événement commence à \(time)."
    }

    // MARK: - Checks

    static func checkUIDs(_ events: [CalendarEvent]) throws(InputError) {
        var seen: [String: String] = [:]
        for event in events {
            guard !event.uid.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw InputError("event \(event.summary.quoted) has no UID")
            }
            if let other = seen[event.uid] {
                throw InputError(
                    "UID \(event.uid.quoted) is given to two events: \(other.quoted) and \(event.summary.quoted)")
            }
            seen[event.uid] = event.summary
        }
    }

    /// An absolute URI with nothing that would break the content line (spaces, controls, quotes).
    static func isURI(_ value: String) -> Bool {
        guard let colon = value.firstIndex(of: ":"), colon != value.startIndex,
            value[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }),
            value.first?.isLetter == true, value.index(after: colon) != value.endIndex
        else { return false }
        return value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && $0 != "\"" }
    }

    // MARK: - VTIMEZONE

    /// One STANDARD or DAYLIGHT sub-component: an offset change, with its onset in the local time it replaces.
    struct Observance: Equatable {
        var daylight: Bool
        var onset: Int
        var offsetFrom: Int
        var offsetTo: Int
        var name: String
    }

    /// The offset changes whose onset falls in `years`, or the year before (so that the offset in force on the
    /// first day covered is stated); a zone with none gets a single STANDARD from 1970 with its offset then.
    static func observances(of zone: TimeZone, years: ClosedRange<Int>) -> [Observance] {
        let first = max(1, years.lowerBound - 1)
        let last = min(9999, years.upperBound)
        let covered = first...last
        // Two days of margin: the zone's local year starts up to 14 hours away from UTC's.
        let from = januaryFirst(first) * 86_400 - 2 * 86_400
        let until = januaryFirst(last + 1) * 86_400 + 2 * 86_400
        var result: [Observance] = []
        var cursor = Date(timeIntervalSince1970: TimeInterval(from))
        let end = Date(timeIntervalSince1970: TimeInterval(until))
        // Bounded: a zone has a few transitions a year, and a cursor that stops moving must not loop forever.
        for _ in 0..<(40 * covered.count + 10) {
            guard let transition = zone.nextDaylightSavingTimeTransition(after: cursor), transition > cursor,
                transition < end
            else { break }
            cursor = transition
            let instant = Int(transition.timeIntervalSince1970.rounded(.down))
            let offsetFrom = offset(of: zone, at: instant - 1)
            let offsetTo = offset(of: zone, at: instant)
            let onset = instant + offsetFrom
            guard covered.contains(LocalDate(dayNumber: floorDivide(onset, 86_400)).year) else { continue }
            result.append(
                Observance(
                    daylight: zone.isDaylightSavingTime(for: transition), onset: onset, offsetFrom: offsetFrom,
                    offsetTo: offsetTo, name: zoneName(zone.abbreviation(for: transition), offset: offsetTo)))
        }
        if result.isEmpty {
            let instant = januaryFirst(last) * 86_400
            let offset = offset(of: zone, at: instant)
            let abbreviation = zone.abbreviation(for: Date(timeIntervalSince1970: TimeInterval(instant)))
            result.append(
                Observance(
                    daylight: false, onset: 0, offsetFrom: offset, offsetTo: offset,
                    name: zoneName(abbreviation, offset: offset)))
        }
        return result
    }

    static func timeZoneLines(tzid: String, zone: TimeZone, years: ClosedRange<Int>) -> [String] {
        var lines = ["BEGIN:VTIMEZONE", "TZID:" + tzid]
        for observance in observances(of: zone, years: years) {
            let kind = observance.daylight ? "DAYLIGHT" : "STANDARD"
            lines += [
                "BEGIN:" + kind,
                // Onsets are within the covered years, which are within 1...9999.
                "DTSTART:" + (dateTime(wall: observance.onset) ?? "19700101T000000"),
                "TZOFFSETFROM:" + utcOffset(observance.offsetFrom),
                "TZOFFSETTO:" + utcOffset(observance.offsetTo),
                "TZNAME:" + text(observance.name),
                "END:" + kind,
            ]
        }
        lines.append("END:VTIMEZONE")
        return lines
    }

    /// The abbreviation people know (CET, JST), or the offset ("+0100") when the system only has "GMT+1".
    static func zoneName(_ abbreviation: String?, offset: Int) -> String {
        guard let abbreviation, !abbreviation.isEmpty else { return utcOffset(offset) }
        for prefix in ["GMT", "UTC"] where abbreviation.hasPrefix(prefix) && abbreviation.count > prefix.count {
            return utcOffset(offset)
        }
        return abbreviation
    }

    /// `+HHMM`, or `+HHMMSS` for the odd historical offset; never `-0000`, which RFC 5545 forbids.
    static func utcOffset(_ seconds: Int) -> String {
        let magnitude = abs(seconds)
        var text = (seconds < 0 ? "-" : "+") + twoDigits(magnitude / 3_600) + twoDigits(magnitude % 3_600 / 60)
        if magnitude % 60 != 0 { text += twoDigits(magnitude % 60) }
        return text
    }

    // MARK: - Local time

    static func offset(of zone: TimeZone, at instant: Int) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
    }

    /// The instant (seconds since 1970 UTC) of a local wall time, as RFC 5545 §3.3.5 reads it: a time that
    /// happens twice is the first one, and a time skipped by a clock change uses the offset in force before it.
    static func instant(ofWall wall: Int, in zone: TimeZone) -> Int {
        // Offsets are under a day, so these two bracket any single change around the wall time.
        let before = offset(of: zone, at: wall - 86_400)
        let after = offset(of: zone, at: wall + 86_400)
        let fitting = [before, after].filter { offset(of: zone, at: wall - $0) == $0 }
        // The larger offset of two that fit gives the earlier instant.
        if let best = fitting.max() { return wall - best }
        return wall - before
    }

    /// The local wall time of an instant, or nil past the year 9999.
    static func localWall(of instant: Int, in zone: TimeZone) -> Int? {
        let (wall, overflow) = instant.addingReportingOverflow(offset(of: zone, at: instant))
        return overflow ? nil : wall
    }

    // MARK: - Values

    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    static func januaryFirst(_ year: Int) -> Int {
        // Days from 1970-01-01, by the same civil calendar as LocalDate.
        let y = year - 1
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + 306
        return era * 146_097 + doe - 719_468
    }

    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// `YYYYMMDD`.
    static func date(_ date: LocalDate) -> String {
        let year = String(date.year)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + twoDigits(date.month)
            + twoDigits(date.day)
    }

    /// `YYYYMMDDTHHMMSS` for seconds since 1970 on a wall clock, or nil outside the years 1 to 9999.
    static func dateTime(wall: Int) -> String? {
        let day = LocalDate(dayNumber: floorDivide(wall, 86_400))
        guard (1...9999).contains(day.year) else { return nil }
        let seconds = wall - floorDivide(wall, 86_400) * 86_400
        return date(day) + "T" + twoDigits(seconds / 3_600) + twoDigits(seconds % 3_600 / 60) + twoDigits(seconds % 60)
    }

    /// A TEXT value: backslash, semicolon, comma and line breaks escaped. Other control characters are not
    /// allowed in TEXT at all, so they are left out rather than making the file unreadable.
    public static func text(_ value: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        var afterCR = false
        for scalar in value.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !afterCR { out += "\\n" }
            case "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A parameter value, quoted when it holds a character that would end it.
    static func parameter(_ value: String) -> String {
        let clean = String(String.UnicodeScalarView(value.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" }))
        return clean.contains(where: { ";:,".contains($0) }) ? "\"\(clean)\"" : clean
    }

    /// A content line folded at 75 octets: CRLF and one space before each continuation, never inside a
    /// UTF-8 sequence.
    public static func fold(_ line: String) -> String {
        let bytes = Array(line.utf8)
        guard bytes.count > 75 else { return line }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 74 * 3)
        var start = 0
        var limit = 75
        while start < bytes.count {
            var end = min(start + limit, bytes.count)
            // Back off to the first byte of a character; a character is at most 4 bytes, so this stays > start.
            while end < bytes.count, end > start + 1, bytes[end] & 0xC0 == 0x80 { end -= 1 }
            if start > 0 { out += [0x0D, 0x0A, 0x20] }
            out += bytes[start..<end]
            start = end
            // The space that starts a continuation counts toward its 75 octets.
            limit = 74
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// Nil for the empty string.
    var nonEmpty: String? { isEmpty ? nil : self }
}
