import Foundation
import GRDB
import OsmoseDomain

extension Ledger {
    /// Records a new shooting day.
    public func addShootingDay(_ day: ShootingDay) throws {
        try journaled { db in try Self.insert(day, db) }
    }

    static func insert(_ day: ShootingDay, _ db: Database) throws {
        guard !day.spaces.isEmpty else { throw InputError("a shooting day needs at least one --space") }
        try checkTimesExist(day, db)
        try day.checkText()
        if let existing = try Row.fetchOne(db, sql: "SELECT status FROM shooting_day WHERE date = ?", arguments: [day.date.description]) {
            throw LedgerError.shootingDayExists(date: day.date.description, status: existing["status"])
        }
        try db.execute(
            sql: "INSERT INTO shooting_day (date, call_time, wrap_time, status, notes) VALUES (?, ?, ?, ?, ?)",
            arguments: [day.date.description, day.call?.description, day.wrap?.description, day.status.rawValue, day.notes])
        try link(day, to: db.lastInsertedRowID, db)
    }

    /// A call or wrap time the clocks skip that day, in the production's time zone, is refused.
    static func checkTimesExist(_ day: ShootingDay, _ db: Database) throws {
        guard let zone = try timeZone(db) else { return }
        try day.call?.checkExists(on: day.date, inZone: zone, what: "the call")
        try day.wrap?.checkExists(on: day.date, inZone: zone, what: "the wrap")
    }

    /// The production's time zone; nil in a ledger with no settings yet (a bare one, in tests).
    static func timeZone(_ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT time_zone FROM production WHERE id = 1")
    }

    /// Writes the spaces and people of a shooting day, replacing what it had.
    private static func link(_ day: ShootingDay, to id: Int64, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM shooting_day_space WHERE shooting_day_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM shooting_day_person WHERE shooting_day_id = ?", arguments: [id])
        var seenSpaces = Set<Int64>()
        for (position, name) in day.spaces.enumerated() {
            let spaceID = try Self.id(db, in: "space", what: "space", named: name)
            guard seenSpaces.insert(spaceID).inserted else { continue }
            try db.execute(
                sql: "INSERT INTO shooting_day_space (shooting_day_id, space_id, position) VALUES (?, ?, ?)",
                arguments: [id, spaceID, position])
        }
        var seenPeople: [Int64: String] = [:]
        let present = day.participants.map { ($0, "participant") } + day.crew.map { ($0, "crew") }
        for (position, (name, presence)) in present.enumerated() {
            let personID = try Self.id(db, in: "person", what: "person", named: name)
            let person = Self.person(try Row.fetchOne(db, sql: "SELECT * FROM person WHERE id = ?", arguments: [personID])!)
            guard Self.presence(for: person.role) == presence else {
                let option = presence == "participant" ? "--participant" : "--crew"
                throw InputError("\(person.name.q) is \(person.role == .participant ? "a participant" : "a \(person.role.rawValue)"), so cannot be listed with \(option)")
            }
            if let earlier = seenPeople[personID] {
                if earlier == presence { continue }
                throw InputError("\(person.name.q) is listed both as participant and as crew")
            }
            seenPeople[personID] = presence
            try db.execute(
                sql: "INSERT INTO shooting_day_person (shooting_day_id, person_id, presence, position) VALUES (?, ?, ?, ?)",
                arguments: [id, personID, presence, position])
        }
    }

    /// Every shooting day, by date.
    public func shootingDays() throws -> [ShootingDay] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM shooting_day ORDER BY date").map { try Self.shootingDay($0, db) }
        }
    }

    /// The shooting day on a date.
    public func shootingDay(on date: LocalDate) throws -> ShootingDay {
        try writer.read { db in
            try Self.shootingDay(Self.shootingDayRow(db, on: date), db)
        }
    }

    /// Changes a shooting day (its date too) and returns it as stored.
    @discardableResult
    public func updateShootingDay(on date: LocalDate, _ change: (inout ShootingDay) throws -> Void) throws -> ShootingDay {
        try journaled { db in
            let row = try Self.shootingDayRow(db, on: date)
            let id: Int64 = row["id"]
            var day = try Self.shootingDay(row, db)
            try change(&day)
            guard !day.spaces.isEmpty else { throw InputError("a shooting day needs at least one space") }
            try Self.checkTimesExist(day, db)
            try day.checkText()
            if day.date != date,
               let other = try String.fetchOne(
                   db, sql: "SELECT status FROM shooting_day WHERE date = ?", arguments: [day.date.description]) {
                throw LedgerError.shootingDayExists(date: day.date.description, status: other)
            }
            try db.execute(
                sql: "UPDATE shooting_day SET date = ?, call_time = ?, wrap_time = ?, status = ?, notes = ? WHERE id = ?",
                arguments: [day.date.description, day.call?.description, day.wrap?.description, day.status.rawValue, day.notes, id])
            try Self.link(day, to: id, db)
            return day
        }
    }

    /// Removes a shooting day that no log entry refers to.
    public func removeShootingDay(on date: LocalDate) throws {
        try journaled { db in
            let id: Int64 = try Self.shootingDayRow(db, on: date)["id"]
            let logs = try Int.fetchOne(db, sql: "SELECT count(*) FROM log_entry WHERE shooting_day_id = ?", arguments: [id])!
            if logs > 0 {
                throw LedgerError.inUse(what: "shooting day", name: date.description, by: "\(logs) log entries refer to it; mark it cancelled instead")
            }
            try db.execute(sql: "DELETE FROM shooting_day WHERE id = ?", arguments: [id])
        }
    }

    static func shootingDayRow(_ db: Database, on date: LocalDate) throws -> Row {
        if let row = try Row.fetchOne(db, sql: "SELECT * FROM shooting_day WHERE date = ?", arguments: [date.description]) {
            return row
        }
        let dates = try LocalDate.fetchAllDates(db)
        let nearest = dates.min { abs($0.dayNumber - date.dayNumber) < abs($1.dayNumber - date.dayNumber) }
        throw LedgerError.noShootingDay(date: date.description, nearest: nearest?.description)
    }

    static func shootingDayID(_ db: Database, on date: LocalDate) throws -> Int64 {
        try shootingDayRow(db, on: date)["id"]
    }

    static func shootingDay(_ row: Row, _ db: Database) throws -> ShootingDay {
        let id: Int64 = row["id"]
        let spaces = try String.fetchAll(db, sql: """
            SELECT s.name FROM shooting_day_space l JOIN space s ON s.id = l.space_id
            WHERE l.shooting_day_id = ? ORDER BY l.position
            """, arguments: [id])
        let people = try Row.fetchAll(db, sql: """
            SELECT p.name, l.presence FROM shooting_day_person l JOIN person p ON p.id = l.person_id
            WHERE l.shooting_day_id = ? ORDER BY l.position
            """, arguments: [id])
        return ShootingDay(
            date: try LocalDate(parsing: row["date"]),
            spaces: spaces,
            call: (row["call_time"] as String?).flatMap { try? ClockTime(parsing: $0) },
            wrap: (row["wrap_time"] as String?).flatMap { try? ClockTime(parsing: $0) },
            participants: people.filter { $0["presence"] == "participant" }.map { $0["name"] },
            crew: people.filter { $0["presence"] == "crew" }.map { $0["name"] },
            status: ShootingDay.Status(rawValue: row["status"]) ?? .planned,
            notes: row["notes"])
    }
}

extension LocalDate {
    static func fetchAllDates(_ db: Database) throws -> [LocalDate] {
        try String.fetchAll(db, sql: "SELECT date FROM shooting_day").compactMap { try? LocalDate(parsing: $0) }
    }
}
