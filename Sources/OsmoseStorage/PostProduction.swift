import Crypto
import Foundation
import GRDB
import OsmoseDomain

/// A guest as the ledger keeps them: the list's entry, whether their personal link was made (its
/// token is kept only as its SHA-256, shown once when made) and, for the mail merge only, their e-mail.
public struct GuestRecord: Sendable, Equatable {
    public var id: Int64
    public var guest: Guest
    public var hasLink: Bool
    public var email: String?
    /// Invited by hand (`screening invite`), as opposed to drawn from the pledges and the people.
    public var manual: Bool
}

/// Where a screening's room stands: seats confirmed, guests waiting, people in.
public struct RoomCount: Sendable, Equatable, Encodable {
    public var capacity: Int
    public var confirmed: Int
    public var waiting: Int
    public var checkedIn: Int
    public var invited: Int

    enum CodingKeys: String, CodingKey { case capacity, confirmed, waiting, checked_in, invited }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(capacity, forKey: .capacity)
        try c.encode(confirmed, forKey: .confirmed)
        try c.encode(waiting, forKey: .waiting)
        try c.encode(checkedIn, forKey: .checked_in)
        try c.encode(invited, forKey: .invited)
    }
}

// MARK: - Tasks

extension Ledger {
    /// Adds a post-production task; the tasks it comes after must exist, and no cycle may form.
    public func addTask(_ task: PostTask) throws {
        let name = try NameKey.validate(task.name, what: "task")
        try task.checkText()
        try journaled { db in
            try Self.checkUnique(db, in: "post_task", what: "task", name: name)
            var all = try Self.tasks(db)
            all.append(task)
            _ = try Scheduler.plan(all, from: task.start ?? LocalDate(dayNumber: 0), calendar: WorkingCalendar())
            let position = (try Int.fetchOne(db, sql: "SELECT max(position) FROM post_task") ?? 0) + 1
            try db.execute(sql: """
                INSERT INTO post_task (name, name_key, kind, days, assignee, line_code, start_on, status, done_on, position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [name, NameKey.fold(name), task.kind.rawValue, task.days, task.assignee, task.line,
                                 task.start?.description, task.status.rawValue, task.doneOn?.description, position])
            try Self.saveAfter(db, id: db.lastInsertedRowID, after: task.after)
        }
    }

    /// Changes a task by name; the plan is checked again (a cycle is refused, naming it).
    @discardableResult
    public func updateTask(named name: String, _ change: (inout PostTask) throws -> Void) throws -> PostTask {
        try journaled { db in
            let id = try Self.id(db, in: "post_task", what: "task", named: name)
            var all = try Self.tasks(db)
            guard let index = all.firstIndex(where: { NameKey.fold($0.name) == NameKey.fold(name) }) else {
                throw LedgerError.notFound(what: "task", name: name, suggestion: nil)
            }
            var task = all[index]
            try change(&task)
            try task.checkText()
            if task.status != .done { task.doneOn = nil }
            all[index] = task
            _ = try Scheduler.plan(all, from: LocalDate(dayNumber: 0), calendar: WorkingCalendar())
            try db.execute(sql: """
                UPDATE post_task SET kind = ?, days = ?, assignee = ?, line_code = ?, start_on = ?, status = ?, done_on = ? WHERE id = ?
                """, arguments: [task.kind.rawValue, task.days, task.assignee, task.line, task.start?.description,
                                 task.status.rawValue, task.doneOn?.description, id])
            try db.execute(sql: "DELETE FROM post_task_after WHERE task_id = ?", arguments: [id])
            try Self.saveAfter(db, id: id, after: task.after)
            return task
        }
    }

    /// Every task, in the order added.
    public func tasks() throws -> [PostTask] {
        try writer.read { db in try Self.tasks(db) }
    }

    /// The working calendar: weekends off, and the holidays recorded.
    public func workingCalendar() throws -> WorkingCalendar {
        try writer.read { db in
            WorkingCalendar(holidays: Set(try String.fetchAll(db, sql: "SELECT day FROM holiday").compactMap { Self.date($0) }))
        }
    }

    /// The holidays recorded, by date.
    public func holidays() throws -> [(date: LocalDate, name: String)] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT day, name FROM holiday ORDER BY day").compactMap { row in
                Self.date(row["day"]).map { ($0, row["name"] as String) }
            }
        }
    }

    public func addHoliday(_ date: LocalDate, name: String) throws {
        try TextField.check(name, "the holiday name", kind: .name)
        try journaled { db in
            try db.execute(sql: "INSERT INTO holiday (day, name) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET name = excluded.name",
                           arguments: [date.description, name])
        }
    }

    public func removeHoliday(_ date: LocalDate) throws {
        try journaled { db in
            try db.execute(sql: "DELETE FROM holiday WHERE day = ?", arguments: [date.description])
            guard db.changesCount > 0 else { throw InputError("\(date) is not a holiday of this production") }
        }
    }

    static func tasks(_ db: Database) throws -> [PostTask] {
        let names = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, name FROM post_task").map {
            ($0["id"] as Int64, $0["name"] as String)
        })
        var after: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT task_id, after_id FROM post_task_after ORDER BY rowid") {
            after[row["task_id"], default: []].append(names[row["after_id"] as Int64] ?? "")
        }
        return try Row.fetchAll(db, sql: "SELECT * FROM post_task ORDER BY position, id").map { row in
            PostTask(name: row["name"], kind: PostTask.Kind(rawValue: row["kind"]) ?? .other, days: row["days"],
                     after: after[row["id"] as Int64] ?? [], assignee: row["assignee"], line: row["line_code"],
                     start: Self.date(row["start_on"]), status: PostTask.Status(rawValue: row["status"]) ?? .todo,
                     doneOn: Self.date(row["done_on"]))
        }
    }

    private static func saveAfter(_ db: Database, id: Int64, after: [String]) throws {
        for other in after {
            let otherID = try Self.id(db, in: "post_task", what: "task", named: other)
            try db.execute(sql: "INSERT OR IGNORE INTO post_task_after (task_id, after_id) VALUES (?, ?)", arguments: [id, otherID])
        }
    }

    /// The production's stable identifier, for calendar UIDs.
    public func productionUID() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT uid FROM production") ?? "osmose" }
    }
}

// MARK: - Screenings and guests

extension Ledger {
    /// One screening with its venue.
    public func screening(_ id: Int64) throws -> (screening: Screening, venue: Space) {
        let all = try screenings()
        guard let found = all.first(where: { $0.screening.id == id }) else {
            let ids = all.compactMap(\.screening.id).map { "#\($0)" }.joined(separator: ", ")
            throw InputError("there is no screening #\(id)" + (ids.isEmpty ? " (add one with “osmose screening add”)" : " (there are \(ids))"))
        }
        return found
    }

    /// Sets the cut a screening shows and how many companions each participant may bring.
    public func setScreening(_ id: Int64, cut: String?? = nil, companions: Int? = nil) throws {
        if let companions, companions < 0 { throw InputError("\(companions) companions is not possible: give 0 or more") }
        try journaled { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM screening WHERE id = ?", arguments: [id]) != nil else {
                throw InputError("there is no screening #\(id)")
            }
            if let cut {
                if let cut { _ = try Self.id(db, in: "cut", what: "cut", named: cut) }
                try db.execute(sql: "UPDATE screening SET cut_name = ? WHERE id = ?", arguments: [cut, id])
            }
            if let companions {
                try db.execute(sql: "UPDATE screening SET companions = ? WHERE id = ?", arguments: [companions, id])
            }
        }
    }

    /// Changes a screening's capacity in one immediate transaction; a larger room takes guests
    /// off the waiting list in order, a room smaller than the seats confirmed is refused.
    public func setCapacity(screening id: Int64, to capacity: Int) throws {
        guard capacity > 0 else { throw InputError("a screening needs a capacity above 0") }
        try writer.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                try Self.setActor(db, actor)
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM screening WHERE id = ?", arguments: [id]) != nil else {
                    throw InputError("there is no screening #\(id)")
                }
                let records = try Self.guestRows(db, screening: id)
                var guests = records.map(\.guest)
                try GuestList.resize(&guests, capacity: capacity)
                try Self.saveAnswers(db, records: records, guests: guests)
                try db.execute(sql: "UPDATE screening SET capacity = ? WHERE id = ?", arguments: [capacity, id])
                return .commit
            }
        }
    }

    /// Brings a screening's guest list up to date with its sources: contributors whose pledges
    /// (promised or collected) are of a tier giving seats (`tierSeats`, by folded tier title),
    /// participants with their companions, crew and directors, plus those invited by hand. Answers
    /// already given are kept; a guest no longer drawn from a source is dropped only while they
    /// have not answered.
    public func syncGuests(screening id: Int64, tierSeats: [String: Int]) throws {
        try journaled { db in try Self.syncGuests(db, screening: id, tierSeats: tierSeats) }
    }

    static func syncGuests(_ db: Database, screening id: Int64, tierSeats: [String: Int]) throws {
        guard let companions = try Int.fetchOne(db, sql: "SELECT companions FROM screening WHERE id = ?", arguments: [id]) else {
            throw InputError("there is no screening #\(id)")
        }
        var pledgeSeats: [(name: String, seats: Int)] = []
        var emails: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT name, email, tier FROM pledge WHERE status IN ('promised', 'collected') AND tier IS NOT NULL ORDER BY date, id
            """) {
            let seats = tierSeats[NameKey.fold(row["tier"] as String)] ?? 0
            guard seats > 0 else { continue }
            pledgeSeats.append((row["name"], seats))
            if let email = row["email"] as String? { emails[NameKey.fold(row["name"] as String)] = email }
        }
        func people(_ role: String) throws -> [String] {
            try Row.fetchAll(db, sql: "SELECT name, email FROM person WHERE role = ? ORDER BY id", arguments: [role]).map { row in
                if let email = row["email"] as String? { emails[NameKey.fold(row["name"] as String)] = email }
                return row["name"]
            }
        }
        let existing = try guestRows(db, screening: id)
        let manual = existing.filter(\.manual).map { (name: $0.guest.name, seats: $0.guest.allowance, kind: $0.guest.kind) }
        let built = GuestList.build(pledgeSeats: pledgeSeats, participants: try people("participant"),
                                    companionsPerParticipant: companions, crew: try people("crew"),
                                    directors: try people("director"), manual: manual)
        var byKey = Dictionary(existing.map { (NameKey.fold($0.guest.name), $0) }, uniquingKeysWith: { a, _ in a })
        var next = (existing.map(\.guest.invitedAt).max() ?? -1) + 1
        for guest in built {
            let key = NameKey.fold(guest.name)
            if let old = byKey.removeValue(forKey: key) {
                // A smaller allowance never takes back seats already confirmed.
                let allowance = max(guest.allowance, old.guest.seats, old.guest.checkedIn)
                try db.execute(sql: "UPDATE guest SET kind = ?, allowance = ?, email = coalesce(email, ?) WHERE id = ?",
                               arguments: [guest.kind.rawValue, allowance, emails[key], old.id])
            } else {
                try db.execute(sql: """
                    INSERT INTO guest (screening_id, name, name_key, kind, allowance, email, invited_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, guest.name, key, guest.kind.rawValue, guest.allowance, emails[key], next])
                next += 1
            }
        }
        for (_, gone) in byKey where gone.guest.rsvp == .pending && gone.guest.checkedIn == 0 && !gone.manual {
            try db.execute(sql: "DELETE FROM guest WHERE id = ?", arguments: [gone.id])
        }
    }

    /// Invites someone by hand (the press, the funder…), or changes the seats of one invited by hand.
    public func invite(screening id: Int64, name: String, seats: Int, kind: Guest.Kind, email: String? = nil) throws {
        let name = try NameKey.validate(name, what: "guest")
        try TextField.check(email, "the guest e-mail")
        guard seats >= 1 else { throw InputError("an invitation of \(seats) seats is not possible: give 1 or more") }
        try journaled { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM screening WHERE id = ?", arguments: [id]) != nil else {
                throw InputError("there is no screening #\(id)")
            }
            let next = (try Int.fetchOne(db, sql: "SELECT max(invited_at) FROM guest WHERE screening_id = ?", arguments: [id]) ?? -1) + 1
            try db.execute(sql: """
                INSERT INTO guest (screening_id, name, name_key, kind, allowance, manual, email, invited_at)
                VALUES (?, ?, ?, ?, ?, 1, ?, ?)
                ON CONFLICT (screening_id, name_key) DO UPDATE SET
                    kind = excluded.kind, allowance = max(excluded.allowance, guest.seats, guest.checked_in), manual = 1,
                    email = coalesce(excluded.email, guest.email)
                """, arguments: [id, name, NameKey.fold(name), kind.rawValue, seats, email, next])
        }
    }

    /// The guest list of a screening, in invitation order.
    public func guests(screening id: Int64) throws -> [GuestRecord] {
        try writer.read { db in try Self.guestRows(db, screening: id) }
    }

    /// Makes the personal links of a screening's guests who have none yet (with `renew`, of every
    /// guest, or of the one named by `only`: their old link stops working), and returns each new
    /// token with its guest. The ledger keeps only the tokens' SHA-256: this is the one time they are seen.
    public func issueLinks(screening id: Int64, renew: Bool = false, only name: String? = nil) throws -> [(record: GuestRecord, token: String)] {
        try journaled { db in
            var records = try Self.guestRows(db, screening: id)
            if let name {
                records = records.filter { NameKey.fold($0.guest.name) == NameKey.fold(name) }
                guard !records.isEmpty else {
                    let names = try Self.guestRows(db, screening: id).map(\.guest.name)
                    throw LedgerError.notFound(what: "guest", name: name, suggestion: NameKey.nearest(to: name, in: names))
                }
            }
            return try records.filter { renew || !$0.hasLink }.map { record in
                let token = Self.newToken()
                try db.execute(sql: "UPDATE guest SET token_sha256 = ? WHERE id = ?", arguments: [Self.tokenSHA256(token), record.id])
                var issued = record
                issued.hasLink = true
                return (record: issued, token: token)
            }
        }
    }

    /// The guest holding a personal link's token, with their screening.
    public func guest(token: String) throws -> (record: GuestRecord, screening: Screening, venue: Space)? {
        let row = try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT id, screening_id FROM guest WHERE token_sha256 = ?", arguments: [Self.tokenSHA256(token)])
        }
        guard let row else { return nil }
        let screening = try screening(row["screening_id"])
        guard let record = try guests(screening: row["screening_id"]).first(where: { $0.id == row["id"] }) else { return nil }
        return (record, screening.screening, screening.venue)
    }

    /// Records an answer given through a personal link, in one immediate transaction: however many
    /// answers come at once, confirmed seats never exceed the room.
    @discardableResult
    public func answer(token: String, accept: Bool, seats: Int, at instant: Date = Date()) throws -> GuestRecord {
        try answer(guestWhere: "token_sha256 = ?", Self.tokenSHA256(token), accept: accept, seats: seats, at: instant)
    }

    private func answer(guestWhere condition: String, _ value: some DatabaseValueConvertible & Sendable, accept: Bool, seats: Int,
                        at instant: Date) throws -> GuestRecord {
        try writer.writeWithoutTransaction { db in
            var result: GuestRecord?
            try db.inTransaction(.immediate) {
                try Self.setActor(db, actor)
                guard let row = try Row.fetchOne(db, sql: "SELECT id, screening_id FROM guest WHERE \(condition)", arguments: [value]) else {
                    throw LedgerError.notFound(what: "invitation", name: "this link", suggestion: nil)
                }
                let screeningID: Int64 = row["screening_id"]
                let capacity = try Int.fetchOne(db, sql: "SELECT capacity FROM screening WHERE id = ?", arguments: [screeningID]) ?? 0
                let records = try Self.guestRows(db, screening: screeningID)
                var guests = records.map(\.guest)
                guard let index = records.firstIndex(where: { $0.id == row["id"] }) else { throw InputError("the invitation is gone") }
                try GuestList.answer(&guests, name: guests[index].name, accept: accept, seats: seats, capacity: capacity)
                try Self.saveAnswers(db, records: records, guests: guests)
                try db.execute(sql: "UPDATE guest SET answered_at = ? WHERE id = ?", arguments: [Self.instant(instant), records[index].id])
                result = try Self.guestRows(db, screening: screeningID).first { $0.id == records[index].id }
                return .commit
            }
            guard let result else { throw InputError("the answer was not recorded") }
            return result
        }
    }

    /// The same answer given by the team for a guest, by name.
    @discardableResult
    public func answer(screening id: Int64, name: String, accept: Bool, seats: Int, at instant: Date = Date()) throws -> GuestRecord {
        let records = try guests(screening: id)
        guard let record = records.first(where: { NameKey.fold($0.guest.name) == NameKey.fold(name) }) else {
            throw LedgerError.notFound(what: "guest", name: name, suggestion: NameKey.nearest(to: name, in: records.map(\.guest.name)))
        }
        return try answer(guestWhere: "id = ?", record.id, accept: accept, seats: seats, at: instant)
    }

    /// Checks a guest in at the door with `seats` people (0 undoes it). The room's capacity holds:
    /// seats confirmed but not yet arrived stay kept for their guests.
    @discardableResult
    public func checkIn(screening id: Int64, name: String, seats: Int) throws -> GuestRecord {
        try writer.writeWithoutTransaction { db in
            var result: GuestRecord?
            try db.inTransaction(.immediate) {
                try Self.setActor(db, actor)
                let capacity = try Int.fetchOne(db, sql: "SELECT capacity FROM screening WHERE id = ?", arguments: [id]) ?? 0
                let records = try Self.guestRows(db, screening: id)
                guard let record = records.first(where: { NameKey.fold($0.guest.name) == NameKey.fold(name) }) else {
                    throw LedgerError.notFound(what: "guest", name: name, suggestion: NameKey.nearest(to: name, in: records.map(\.guest.name)))
                }
                let guest = record.guest
                guard seats >= 0, seats <= guest.allowance else {
                    throw InputError("\(guest.name.quoted) is invited with \(guest.allowance) seat(s): \(seats) cannot be checked in")
                }
                let others = records.filter { $0.id != record.id }.reduce(0) { $0 + $1.guest.seatsHeld }
                var updated = guest
                updated.checkedIn = seats
                guard others + updated.seatsHeld <= capacity else {
                    throw InputError("the room is full: \(capacity) seats, \(others) held by others, so \(guest.name.quoted) cannot come in with \(seats)")
                }
                try db.execute(sql: "UPDATE guest SET checked_in = ? WHERE id = ?", arguments: [seats, record.id])
                result = try Self.guestRows(db, screening: id).first { $0.id == record.id }
                return .commit
            }
            guard let result else { throw InputError("the check-in was not recorded") }
            return result
        }
    }

    /// Seats confirmed, waiting and checked in, against the capacity.
    public func roomCount(screening id: Int64) throws -> RoomCount {
        let capacity = try screening(id).screening.capacity
        let guests = try self.guests(screening: id).map(\.guest)
        return RoomCount(capacity: capacity, confirmed: GuestList.confirmedSeats(guests),
                         waiting: guests.filter { $0.rsvp == .waitlist }.reduce(0) { $0 + $1.seats },
                         checkedIn: guests.reduce(0) { $0 + $1.checkedIn }, invited: guests.count)
    }

    static func guestRows(_ db: Database, screening id: Int64) throws -> [GuestRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM guest WHERE screening_id = ? ORDER BY invited_at, id", arguments: [id]).map { row in
            GuestRecord(
                id: row["id"],
                guest: Guest(name: row["name"], kind: Guest.Kind(rawValue: row["kind"]) ?? .other, allowance: row["allowance"],
                             rsvp: Guest.RSVP(rawValue: row["rsvp"]) ?? .pending, seats: row["seats"], checkedIn: row["checked_in"],
                             invitedAt: row["invited_at"], waitlistedAt: row["waitlisted_at"]),
                hasLink: (row["token_sha256"] as String?) != nil, email: row["email"], manual: row["manual"])
        }
    }

    /// Writes the answers of `guests` that differ from `records` (same order).
    private static func saveAnswers(_ db: Database, records: [GuestRecord], guests: [Guest]) throws {
        for (record, guest) in zip(records, guests) where record.guest != guest {
            try db.execute(sql: "UPDATE guest SET rsvp = ?, seats = ?, waitlisted_at = ? WHERE id = ?",
                           arguments: [guest.rsvp.rawValue, guest.seats, guest.waitlistedAt, record.id])
        }
    }

    /// How the ledger keeps a personal link's token: its SHA-256 in hexadecimal, as team tokens are kept.
    public static func tokenSHA256(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A personal link's token: 192 bits from the system's secure generator, URL-safe.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }
}

// MARK: - The technical checklist

/// One item of a screening's technical checklist.
public struct ChecklistItem: Sendable, Equatable, Encodable {
    public enum Item: String, ClosedChoice {
        case copy, subtitles, soundLevel = "sound-level", testProjection = "test-projection", releaseGate = "release-gate"
        public static let what = "checklist item"

        public var label: String {
            switch self {
            case .copy: "screening copy exported and checked"
            case .subtitles: "subtitle version"
            case .soundLevel: "sound level"
            case .testProjection: "test projection at the venue"
            case .releaseGate: "release gate of the cut"
            }
        }
    }

    public var item: Item
    public var done: Bool
    /// Worked out by Osmose (the copy, the release gate) rather than only ticked by hand.
    public var automatic: Bool
    public var detail: String

    enum CodingKeys: String, CodingKey { case item, label, done, automatic, detail }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(item.rawValue, forKey: .item)
        try c.encode(item.label, forKey: .label)
        try c.encode(done, forKey: .done)
        try c.encode(automatic, forKey: .automatic)
        try c.encode(detail, forKey: .detail)
    }
}

/// A screening file, checked against the approved export.
public struct ScreeningCopy: Sendable, Equatable, Encodable {
    public var path: String
    public var size: Int64
    public var xxh128: String
    public var approved: Bool
    public var recordedAt: Date

    enum CodingKeys: String, CodingKey { case path, size, xxh128, approved, recorded_at }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(size, forKey: .size)
        try c.encode(xxh128, forKey: .xxh128)
        try c.encode(approved, forKey: .approved)
        try c.encode(recordedAt.formatted(.iso8601), forKey: .recorded_at)
    }
}

extension Ledger {
    /// Ticks (or, with `done` false, unticks) a checklist item by hand.
    public func setChecklistItem(screening id: Int64, _ item: ChecklistItem.Item, done: Bool, note: String? = nil, at instant: Date = Date()) throws {
        try TextField.check(note, "the checklist note", kind: .text)
        try journaled { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM screening WHERE id = ?", arguments: [id]) != nil else {
                throw InputError("there is no screening #\(id)")
            }
            if done {
                try db.execute(sql: """
                    INSERT INTO screening_check (screening_id, item, done_at, note) VALUES (?, ?, ?, ?)
                    ON CONFLICT (screening_id, item) DO UPDATE SET done_at = excluded.done_at, note = coalesce(excluded.note, note)
                    """, arguments: [id, item.rawValue, Self.instant(instant), note])
            } else {
                try db.execute(sql: "DELETE FROM screening_check WHERE screening_id = ? AND item = ?", arguments: [id, item.rawValue])
            }
        }
    }

    /// Items ticked by hand, with their notes.
    public func checkedItems(screening id: Int64) throws -> [ChecklistItem.Item: String?] {
        try writer.read { db in
            var out: [ChecklistItem.Item: String?] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT item, note FROM screening_check WHERE screening_id = ?", arguments: [id]) {
                if let item = ChecklistItem.Item(rawValue: row["item"]) { out[item] = row["note"] as String? }
            }
            return out
        }
    }

    /// Records a screening file's digest; with `approve`, it becomes the approved export.
    public func recordCopy(screening id: Int64, path: String, size: Int64, xxh128: String, approve: Bool, at instant: Date = Date()) throws {
        try journaled { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM screening WHERE id = ?", arguments: [id]) != nil else {
                throw InputError("there is no screening #\(id)")
            }
            if approve { try db.execute(sql: "UPDATE screening_copy SET approved = 0 WHERE screening_id = ?", arguments: [id]) }
            try db.execute(sql: """
                INSERT INTO screening_copy (screening_id, path, size, xxh128, approved, recorded_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [id, path, size, xxh128, approve, Self.instant(instant)])
        }
    }

    /// The files recorded for a screening, latest first.
    public func copies(screening id: Int64) throws -> [ScreeningCopy] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM screening_copy WHERE screening_id = ? ORDER BY id DESC", arguments: [id]).map { row in
                ScreeningCopy(path: row["path"], size: row["size"], xxh128: row["xxh128"], approved: row["approved"],
                              recordedAt: ISO8601DateFormatter().date(from: row["recorded_at"]) ?? Date(timeIntervalSince1970: 0))
            }
        }
    }

    /// The cut a screening shows, if one was named.
    public func screeningCut(_ id: Int64) throws -> String? {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT cut_name FROM screening WHERE id = ?", arguments: [id]) }
    }

    /// The companions each participant may bring to a screening.
    public func screeningCompanions(_ id: Int64) throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT companions FROM screening WHERE id = ?", arguments: [id]) ?? 1 }
    }

    /// The whole checklist: the hand-ticked items, the copy (done when the latest copy checked is
    /// the approved export) and the release gate of the cut shown (cinema, France, on the day).
    public func checklist(screening id: Int64) throws -> [ChecklistItem] {
        let (screening, _) = try self.screening(id)
        let ticked = try checkedItems(screening: id)
        let copies = try self.copies(screening: id)
        return try ChecklistItem.Item.allCases.map { item in
            let note = ticked[item].flatMap { $0 } ?? ""
            switch item {
            case .copy:
                guard let approved = copies.first(where: \.approved) else {
                    return ChecklistItem(item: item, done: ticked[item] != nil, automatic: true,
                                         detail: ticked[item] != nil ? note : "no approved export recorded")
                }
                let checked = copies.first { !$0.approved }
                let matches = checked.map { $0.xxh128 == approved.xxh128 && $0.size == approved.size }
                let detail = switch matches {
                case .some(true): "\(checked!.path) is the approved export (xxh128 \(approved.xxh128))"
                case .some(false): "\(checked!.path) is NOT the approved export"
                case .none: "approved export \(approved.path); no screening copy checked against it yet"
                }
                return ChecklistItem(item: item, done: matches == true || (matches == nil && ticked[item] != nil), automatic: true, detail: detail)
            case .releaseGate:
                guard let cut = try screeningCut(id) else {
                    return ChecklistItem(item: item, done: ticked[item] != nil, automatic: true, detail: ticked[item] != nil ? note : "no cut named for this screening")
                }
                let gate = try releaseGate(cut: cut, usage: .cinema, territory: .france, on: screening.date)
                let blocked = gate.subjects.filter { !$0.cleared }.map(\.clearance.subject.name)
                return ChecklistItem(item: item, done: gate.cleared, automatic: true,
                                     detail: gate.cleared ? "“\(cut)” is cleared" : "“\(cut)” is not cleared: \(blocked.joined(separator: ", "))")
            default:
                return ChecklistItem(item: item, done: ticked[item] != nil, automatic: false, detail: note)
            }
        }
    }
}
