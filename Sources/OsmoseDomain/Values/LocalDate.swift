import Foundation

/// A calendar date with no time zone: a shooting day, a signature date, a term.
///
/// Written and read as `YYYY-MM-DD` only; anything else is refused with a sentence saying why.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) throws(InputError) {
        func text() -> String { String(format: "%04d-%02d-%02d", year, month, day).quoted }
        guard (1...9999).contains(year) else { throw InputError("\(text()) is not a date: year \(year) is out of range") }
        guard (1...12).contains(month) else {
            throw InputError("\(text()) is not a date: there is no month \(month)")
        }
        let days = LocalDate.daysIn(month: month, year: year)
        guard (1...days).contains(day) else {
            throw InputError("\(text()) is not a date: month \(month) of \(year) has \(days) days")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init(parsing text: String) throws(InputError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else {
            throw InputError("\(text.quoted) is not a date (expected YYYY-MM-DD, such as 2015-11-30)")
        }
        do {
            try self.init(year: y, month: m, day: d)
        } catch {
            throw InputError(error.message.replacingOccurrences(of: String(format: "%04d-%02d-%02d", y, m, d).quoted, with: text.quoted))
        }
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The date an instant falls on in a time zone.
    public init(_ instant: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: instant)
        // Components of a real instant are always a valid date.
        self.year = c.year!
        self.month = c.month!
        self.day = c.day!
    }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    public var description: String {
        // Written byte by byte into a small string: this runs for every pledge of an import.
        String(unsafeUninitializedCapacity: 10) { buffer in
            func digit(_ n: Int) -> UInt8 { UInt8(48 + n % 10) }
            let y = min(year, 9999)
            buffer[0] = digit(y / 1000); buffer[1] = digit(y / 100); buffer[2] = digit(y / 10); buffer[3] = digit(y)
            buffer[4] = UInt8(ascii: "-"); buffer[5] = digit(month / 10); buffer[6] = digit(month)
            buffer[7] = UInt8(ascii: "-"); buffer[8] = digit(day / 10); buffer[9] = digit(day)
            return 10
        }
    }

    /// Days since 1970-01-01 (negative before), for arithmetic on dates.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// ISO weekday: 1 is Monday, 7 is Sunday.
    public var weekday: Int {
        let n = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday
        return (n < 0 ? n + 7 : n) + 1
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A wall-clock time of day, `HH:MM`: a call time, a wrap time.
public struct ClockTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int

    public init(parsing text: String) throws(InputError) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]),
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else {
            throw InputError("\(text.quoted) is not a time of day (expected HH:MM, such as 08:30)")
        }
        guard (0...23).contains(h) else { throw InputError("\(text.quoted) is not a time of day: there is no hour \(h)") }
        guard (0...59).contains(m) else { throw InputError("\(text.quoted) is not a time of day: there is no minute \(m)") }
        hour = h
        minute = m
    }

    public var description: String { String(format: "%02d:%02d", hour, minute) }

    public static func < (lhs: ClockTime, rhs: ClockTime) -> Bool {
        (lhs.hour, lhs.minute) < (rhs.hour, rhs.minute)
    }
}

extension ClockTime {
    /// Refuses a time of day that does not happen on `day` in the time zone `zone` because the clocks
    /// skip it (02:30 on the last Sunday of March in Europe/Paris): a calendar would move it to
    /// another hour without saying so. The sentence names the gap and the two times that do exist.
    public func checkExists(on day: LocalDate, inZone zone: String, what: String) throws(InputError) {
        guard let zone = TimeZone(identifier: zone), let gap = Self.skipped(on: day, at: self, in: zone) else { return }
        let after = ClockTime(minutes: hour * 60 + minute + gap.forward / 60)
        let before = ClockTime(minutes: gap.start.hour * 60 + gap.start.minute - 30)
        throw InputError(
            "\(what) at \(self) on \(day) does not exist in \(zone.identifier): the clocks go forward from \(gap.start) to \(gap.end) that night; write \(after) or \(before)")
    }

    /// The clock change that skips `time` on `day` in `zone`: the wall times it jumps from and to, and
    /// by how many seconds. Nil when the time exists.
    public static func skipped(on day: LocalDate, at time: ClockTime, in zone: TimeZone) -> (start: ClockTime, end: ClockTime, forward: Int)? {
        let wall = day.dayNumber * 86_400 + time.hour * 3_600 + time.minute * 60
        func offset(_ instant: Int) -> Int { zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))) }
        // Offsets are under a day, so these two bracket any single change around the wall time.
        let before = offset(wall - 86_400), after = offset(wall + 86_400)
        guard after > before, ![before, after].contains(where: { offset(wall - $0) == $0 }),
              let change = zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: TimeInterval(wall - before - 86_400)))
        else { return nil }
        let instant = Int(change.timeIntervalSince1970)
        func clock(_ wall: Int) -> ClockTime { ClockTime(minutes: ((wall % 86_400) + 86_400) % 86_400 / 60) }
        return (clock(instant + before), clock(instant + after), after - before)
    }

    /// The time `minutes` after midnight, wrapping around the day.
    public init(minutes: Int) {
        let m = ((minutes % 1_440) + 1_440) % 1_440
        hour = m / 60
        minute = m % 60
    }
}
