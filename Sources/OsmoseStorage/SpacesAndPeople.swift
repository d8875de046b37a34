import Foundation
import GRDB
import OsmoseDomain

extension Ledger {
    // MARK: - Looking names up

    /// The id of the row of `table` whose folded name matches `name`, or a sentence with the nearest name.
    static func id(_ db: Database, in table: String, what: String, named name: String) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM \(table) WHERE name_key = ?", arguments: [NameKey.fold(name)]) {
            return id
        }
        let names = try String.fetchAll(db, sql: "SELECT name FROM \(table) ORDER BY name")
        throw LedgerError.notFound(what: what, name: name, suggestion: NameKey.nearest(to: name, in: names))
    }

    /// Refuses a name that folds to one already used in `table` by another row.
    static func checkUnique(_ db: Database, in table: String, what: String, name: String, except id: Int64? = nil) throws {
        let row = try Row.fetchOne(
            db, sql: "SELECT id, name FROM \(table) WHERE name_key = ? AND id IS NOT ?",
            arguments: [NameKey.fold(name), id])
        if let row { throw LedgerError.duplicate(what: what, name: name, existing: row["name"]) }
    }

    // MARK: - Spaces

    /// Records a new space.
    public func addSpace(_ space: Space) throws {
        let space = try Self.validated(space)
        try journaled { db in try Self.insert(space, db) }
    }

    static func validated(_ space: Space) throws -> Space {
        var space = space
        space.name = try NameKey.validate(space.name, what: "space")
        try space.checkText()
        return space
    }

    static func insert(_ space: Space, _ db: Database) throws {
        try checkUnique(db, in: "space", what: "space", name: space.name)
        try db.execute(
            sql: "INSERT INTO space (name, name_key, kind, address, contact, notes) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [space.name, NameKey.fold(space.name), space.kind.rawValue, space.address, space.contact, space.notes])
    }

    /// Every space, by name.
    public func spaces() throws -> [Space] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM space ORDER BY name_key").map(Self.space)
        }
    }

    /// One space, found by name.
    public func space(named name: String) throws -> Space {
        try writer.read { db in
            let id = try Self.id(db, in: "space", what: "space", named: name)
            return try Self.space(Row.fetchOne(db, sql: "SELECT * FROM space WHERE id = ?", arguments: [id])!)
        }
    }

    /// Changes a space (its name too) and returns it as stored.
    @discardableResult
    public func updateSpace(named name: String, _ change: (inout Space) throws -> Void) throws -> Space {
        try journaled { db in
            let id = try Self.id(db, in: "space", what: "space", named: name)
            var space = Self.space(try Row.fetchOne(db, sql: "SELECT * FROM space WHERE id = ?", arguments: [id])!)
            try change(&space)
            space = try Self.validated(space)
            try Self.checkUnique(db, in: "space", what: "space", name: space.name, except: id)
            try db.execute(
                sql: "UPDATE space SET name = ?, name_key = ?, kind = ?, address = ?, contact = ?, notes = ? WHERE id = ?",
                arguments: [space.name, NameKey.fold(space.name), space.kind.rawValue, space.address, space.contact, space.notes, id])
            return space
        }
    }

    /// Removes a space no shooting day or release refers to.
    public func removeSpace(named name: String) throws {
        try journaled { db in
            let id = try Self.id(db, in: "space", what: "space", named: name)
            let days = try String.fetchAll(db, sql: """
                SELECT d.date FROM shooting_day d JOIN shooting_day_space s ON s.shooting_day_id = d.id
                WHERE s.space_id = ? ORDER BY d.date
                """, arguments: [id])
            if !days.isEmpty {
                throw LedgerError.inUse(what: "space", name: name, by: "shooting days use it (\(days.joined(separator: ", ")))")
            }
            if try Int.fetchOne(db, sql: "SELECT count(*) FROM screening WHERE venue_id = ?", arguments: [id])! > 0 {
                throw LedgerError.inUse(what: "space", name: name, by: "a screening takes place there")
            }
            if try Int.fetchOne(db, sql: "SELECT count(*) FROM release WHERE space_id = ?", arguments: [id])! > 0 {
                throw LedgerError.inUse(what: "space", name: name, by: "it has release records, which are kept as proof")
            }
            try db.execute(sql: "DELETE FROM space WHERE id = ?", arguments: [id])
        }
    }

    static func space(_ row: Row) -> Space {
        Space(
            name: row["name"], kind: Space.Kind(rawValue: row["kind"]) ?? .other, address: row["address"],
            contact: row["contact"], notes: row["notes"])
    }

    // MARK: - People

    /// Records a new person.
    public func addPerson(_ person: Person) throws {
        let person = try Self.validated(person)
        try journaled { db in try Self.insert(person, db) }
    }

    static func validated(_ person: Person) throws -> Person {
        var person = person
        person.name = try NameKey.validate(person.name, what: "person")
        if !person.minor { person.guardian = nil }
        try person.checkText()
        return try person.validated()
    }

    static func insert(_ person: Person, _ db: Database) throws {
        try checkUnique(db, in: "person", what: "person", name: person.name)
        try db.execute(
            sql: """
                INSERT INTO person (name, name_key, role, email, phone, minor, guardian, notes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                person.name, NameKey.fold(person.name), person.role.rawValue, person.email, person.phone, person.minor,
                person.guardian, person.notes,
            ])
    }

    /// People, by name, of one role or all.
    public func people(role: Person.Role? = nil) throws -> [Person] {
        try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM person WHERE ?1 IS NULL OR role = ?1 ORDER BY name_key",
                arguments: [role?.rawValue]
            ).map(Self.person)
        }
    }

    /// One person, found by name.
    public func person(named name: String) throws -> Person {
        try writer.read { db in
            let id = try Self.id(db, in: "person", what: "person", named: name)
            return Self.person(try Row.fetchOne(db, sql: "SELECT * FROM person WHERE id = ?", arguments: [id])!)
        }
    }

    /// Changes a person (their name too) and returns them as stored.
    @discardableResult
    public func updatePerson(named name: String, _ change: (inout Person) throws -> Void) throws -> Person {
        try journaled { db in
            let id = try Self.id(db, in: "person", what: "person", named: name)
            var person = Self.person(try Row.fetchOne(db, sql: "SELECT * FROM person WHERE id = ?", arguments: [id])!)
            let oldRole = person.role
            try change(&person)
            person = try Self.validated(person)
            try Self.checkUnique(db, in: "person", what: "person", name: person.name, except: id)
            if person.role != oldRole {
                let presence = try String.fetchAll(
                    db, sql: "SELECT DISTINCT presence FROM shooting_day_person WHERE person_id = ?", arguments: [id])
                for p in presence where p != Self.presence(for: person.role) {
                    throw LedgerError.conflict(
                        "\(person.name.q) is listed as \(p) on shooting days, so cannot become a \(person.role.rawValue)")
                }
            }
            try db.execute(
                sql: """
                    UPDATE person SET name = ?, name_key = ?, role = ?, email = ?, phone = ?, minor = ?, guardian = ?, notes = ?
                    WHERE id = ?
                    """,
                arguments: [
                    person.name, NameKey.fold(person.name), person.role.rawValue, person.email, person.phone,
                    person.minor, person.guardian, person.notes, id,
                ])
            return person
        }
    }

    /// Removes a person no shooting day, release or log refers to.
    public func removePerson(named name: String) throws {
        try journaled { db in
            let id = try Self.id(db, in: "person", what: "person", named: name)
            let uses: [(String, String)] = [
                ("shooting_day_person", "they are on shooting days"),
                ("release", "they have release records, which are kept as proof"),
                ("log_entry", "log entries name them"),
            ]
            for (table, why) in uses
            where try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE person_id = ?", arguments: [id])! > 0 {
                throw LedgerError.inUse(what: "person", name: name, by: why)
            }
            try db.execute(sql: "DELETE FROM person WHERE id = ?", arguments: [id])
        }
    }

    static func person(_ row: Row) -> Person {
        Person(
            name: row["name"], role: Person.Role(rawValue: row["role"]) ?? .participant, email: row["email"],
            phone: row["phone"], minor: row["minor"], guardian: row["guardian"], notes: row["notes"])
    }

    /// How a person of a role can be present on a shooting day: filmed, behind the camera, or neither.
    static func presence(for role: Person.Role) -> String? {
        switch role {
        case .participant: "participant"
        case .director, .crew: "crew"
        case .press, .partner: nil
        }
    }
}
