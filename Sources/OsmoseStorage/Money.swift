import Foundation
import GRDB
import GRDBSQLite
import OsmoseDomain

/// What an import did, or would do on a dry run.
public struct ImportSummary: Sendable, Equatable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    /// Rows whose status is older than the ledger's (a refund already recorded, say): left as they are.
    public var keptLater = 0

    public init() {}
}

/// Rows of an import that conflict with what the ledger holds; nothing was written.
public struct ImportConflicts: Error, Sendable {
    public let rows: [(line: Int, message: String)]
}

extension Ledger {
    // MARK: - Expenses

    /// Records an expense; returns its number.
    @discardableResult
    public func addExpense(_ expense: Expense) throws -> Int64 {
        var expense = expense
        expense.payee = try NameKey.validate(expense.payee, what: "payee")
        try expense.checkText()
        try Amount.checkCeiling(expense.amount, shown: "an expense of \(expense.amount) cents")
        return try journaled { db in try Self.insert(expense, db) }
    }

    static func insert(_ expense: Expense, _ db: Database) throws -> Int64 {
            try db.execute(
                sql: """
                    INSERT INTO expense (line_code, amount_cents, date, payee, status, receipt_path, receipt_sha256, receipt_name, note, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    expense.lineCode, expense.amount, expense.date.description, expense.payee, expense.payable ? "payable" : "paid",
                    expense.receipt?.path, expense.receipt?.sha256, expense.receipt?.originalName, expense.note, Self.instant(Date()),
                ])
            return db.lastInsertedRowID
    }

    /// Marks a payable expense as paid.
    public func markExpensePaid(id: Int64) throws {
        try journaled { db in
            guard let status = try String.fetchOne(db, sql: "SELECT status FROM expense WHERE id = ?", arguments: [id]) else {
                throw LedgerError.notFound(what: "expense", name: "#\(id)", suggestion: nil)
            }
            guard status == "payable" else { throw LedgerError.conflict("expense #\(id) is already paid") }
            try db.execute(sql: "UPDATE expense SET status = 'paid' WHERE id = ?", arguments: [id])
        }
    }

    /// Expenses by date, of one line or all.
    public func expenses(line: String? = nil) throws -> [Expense] {
        try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM expense WHERE ?1 IS NULL OR line_code = ?1 ORDER BY date, id", arguments: [line]
            ).map { row in
                Expense(
                    id: row["id"], amount: row["amount_cents"], lineCode: row["line_code"],
                    date: try LocalDate(parsing: row["date"]), payee: row["payee"], payable: row["status"] == "payable",
                    receipt: (row["receipt_path"] as String?).map {
                        Release.Scan(path: $0, sha256: row["receipt_sha256"], originalName: row["receipt_name"] ?? $0)
                    },
                    note: row["note"])
            }
        }
    }

    /// Spent per budget line code (paid and payable).
    public func expenseTotals() throws -> [String: Int64] {
        try Self.summing("the expenses of a line") { try writer.read { db in
            var totals: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT line_code, sum(amount_cents) AS total FROM expense GROUP BY line_code") {
                totals[row["line_code"]] = row["total"]
            }
            return totals
        } }
    }

    /// Runs a read that sums in SQL, where `sum()` stops with “integer overflow” past 64 bits: that is an
    /// `AmountOverflow` naming `what`, as in every other sum of money.
    static func summing<T>(_ what: String, _ read: () throws -> T) throws -> T {
        do {
            return try read()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR && error.message == "integer overflow" {
            throw AmountOverflow(what: what)
        }
    }

    /// Amounts recorded above `Amount.maximumCents` (before Osmose had a ceiling), one sentence each: no sum
    /// of them can be trusted to fit.
    public func amountsAboveCeiling() throws -> [String] {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT 'pledge ' || ref AS what, amount_cents FROM pledge WHERE amount_cents > ?1
                UNION ALL SELECT 'expense #' || id, amount_cents FROM expense WHERE amount_cents > ?1
                UNION ALL SELECT 'funding #' || id, amount_cents FROM funding_receipt WHERE amount_cents > ?1
                LIMIT 1000
                """, arguments: [Amount.maximumCents])
            return rows.map { row in
                "\(row[0] as String) is \(Amount.format(row[1])), more than the most an amount may be (\(Amount.format(Amount.maximumCents)))"
            }
        }
    }

    // MARK: - Funding received

    /// Records money received from a funding source; returns its number.
    @discardableResult
    public func receiveFunding(_ receipt: FundingReceipt) throws -> Int64 {
        try receipt.checkText()
        try Amount.checkCeiling(receipt.amount, shown: "a receipt of \(receipt.amount) cents")
        return try journaled { db in try Self.insert(receipt, db) }
    }

    static func insert(_ receipt: FundingReceipt, _ db: Database) throws -> Int64 {
        try db.execute(
            sql: "INSERT INTO funding_receipt (source_id, amount_cents, date, note, created_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [receipt.sourceID, receipt.amount, receipt.date.description, receipt.note, Self.instant(Date())])
        return db.lastInsertedRowID
    }

    /// Money received, by date.
    public func fundingReceipts() throws -> [FundingReceipt] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM funding_receipt ORDER BY date, id").map { row in
                FundingReceipt(id: row["id"], sourceID: row["source_id"], amount: row["amount_cents"],
                               date: try LocalDate(parsing: row["date"]), note: row["note"])
            }
        }
    }

    /// Received per funding source id.
    public func fundingTotals() throws -> [String: Int64] {
        try Self.summing("the funding received from a source") { try writer.read { db in
            var totals: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT source_id, sum(amount_cents) AS total FROM funding_receipt GROUP BY source_id") {
                totals[row["source_id"]] = row["total"]
            }
            return totals
        } }
    }

    // MARK: - Pledges

    /// Records one pledge, as it is recorded. Its reference must be new; with `allocatingReference`, the
    /// pledge's own is set aside and the next free `M-0001`, `M-0002`… is given it in the same transaction
    /// as the insert, so that writers at the same time never draw the same one.
    @discardableResult
    public func addPledge(_ pledge: Pledge, allocatingReference: Bool = false) throws -> Pledge {
        try pledge.checkText()
        try Amount.checkCeiling(pledge.amount, shown: "a pledge of \(pledge.amount) cents")
        return try journaled { db in
            var pledge = pledge
            if allocatingReference {
                pledge.ref = try Self.nextManualReference(db)
            } else if try Int.fetchOne(db, sql: "SELECT count(*) FROM pledge WHERE ref = ?", arguments: [pledge.ref])! > 0 {
                throw LedgerError.pledgeExists(ref: pledge.ref)
            }
            try Self.insert(pledge, db, now: Self.instant(Date()))
            return pledge
        }
    }

    /// The next free reference for a pledge typed by hand: `M-0001`, `M-0002`… Read inside the write
    /// transaction that uses it: counting the `M-` references (a range of the reference's index) finds it
    /// at once when they run in sequence, and the search goes on past those typed by hand.
    static func nextManualReference(_ db: Database) throws -> String {
        var n = try Int.fetchOne(db, sql: "SELECT count(*) FROM pledge WHERE ref >= 'M-' AND ref < 'M.'")! + 1
        while try Int.fetchOne(db, sql: "SELECT count(*) FROM pledge WHERE ref = ?", arguments: [String(format: "M-%04d", n)])! > 0 {
            n += 1
        }
        return String(format: "M-%04d", n)
    }

    static func insert(_ pledge: Pledge, _ db: Database, now: String) throws {
        try PledgeWriter(db, now: now).insert(pledge)
    }

    /// Changes a pledge's status, if the change is allowed (promised → collected | failed; collected → refunded…).
    @discardableResult
    public func setPledgeStatus(ref: String, to status: Pledge.Status) throws -> Pledge.Status {
        try journaled { db in
            guard let current = try String.fetchOne(db, sql: "SELECT status FROM pledge WHERE ref = ?", arguments: [ref])
                .flatMap(Pledge.Status.init(rawValue:))
            else {
                let refs = try String.fetchAll(
                    db, sql: "SELECT ref FROM pledge WHERE substr(ref, 1, 2) = substr(?, 1, 2) LIMIT 5000", arguments: [ref])
                throw LedgerError.noPledge(ref: ref, suggestion: NameKey.nearest(to: ref, in: refs))
            }
            guard status.mayFollow(current) else {
                throw LedgerError.conflict("pledge \(ref.q) is \(current.rawValue) and cannot become \(status.rawValue)")
            }
            try db.execute(sql: "UPDATE pledge SET status = ?, updated_at = ? WHERE ref = ?",
                           arguments: [status.rawValue, Self.instant(Date()), ref])
            return current
        }
    }

    /// Pledges by date, of one status or all.
    public func pledges(status: Pledge.Status? = nil) throws -> [Pledge] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM pledge WHERE ?1 IS NULL OR status = ?1 ORDER BY date, id",
                             arguments: [status?.rawValue]).map(Self.pledge)
        }
    }

    static func pledge(_ row: Row) throws -> Pledge {
        Pledge(ref: row["ref"], amount: row["amount_cents"], name: row["name"], email: row["email"], publicName: row["public_name"],
               anonymous: row["anonymous"], tier: row["tier"], status: Pledge.Status(rawValue: row["status"]) ?? .promised,
               date: try LocalDate(parsing: row["date"]), message: row["message"], source: row["source"])
    }

    /// Pledges summed by status, tier, date and amount, and the number of backers: what the campaign
    /// figures are computed from, without reading every pledge.
    public func pledgeGroups(upTo date: LocalDate) throws -> (groups: [PledgeGroup], backers: Int) {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT status, tier, date, amount_cents, count(*) AS n FROM pledge WHERE date <= ?
                GROUP BY status, tier, date, amount_cents
                """, arguments: [date.description])
            var dates: [String: LocalDate] = [:]
            let groups = try rows.map { row -> PledgeGroup in
                let text: String = row["date"]
                let day = try dates[text] ?? LocalDate(parsing: text)
                dates[text] = day
                return PledgeGroup(status: Pledge.Status(rawValue: row["status"]) ?? .promised, tier: row["tier"], date: day,
                                   amount: row["amount_cents"], count: row["n"])
            }
            let backers = try Int.fetchOne(db, sql: """
                SELECT count(DISTINCT contributor_key) FROM pledge WHERE status IN ('promised', 'collected') AND date <= ?
                """, arguments: [date.description]) ?? 0
            return (groups, backers)
        }
    }

    /// Imports pledges in one transaction: new references are added, known ones take their new status
    /// when the change is allowed. A row that contradicts the ledger (another amount for the same
    /// reference) stops the whole import. `dryRun` says what would happen and writes nothing.
    public func importPledges(_ rows: [(line: Int, pledge: Pledge)], dryRun: Bool = false) throws -> ImportSummary {
        try importPledges(dryRun: dryRun) { session in
            for row in rows { session.apply(line: row.line, pledge: row.pledge) }
        }
    }

    /// Runs `feed` inside one write transaction, with a session that applies each pledge as it comes
    /// (so that a large export is never held whole in memory). Whatever `feed` throws rolls it all back.
    public func importPledges(dryRun: Bool = false, feed: (PledgeImportSession) throws -> Void) throws -> ImportSummary {
        try journaled { db in
            // One journal entry for the whole import rather than one per row: the pledge's journal
            // triggers step aside inside this transaction (no other connection ever sees them gone)
            // and come back before it commits.
            let summary = try Self.withJournalTriggersAside(db, on: ["pledge"]) {
                let session = try PledgeImportSession(db: db, dryRun: dryRun)
                try feed(session)
                if let failure = session.failure { throw failure }
                if !session.conflicts.isEmpty { throw ImportConflicts(rows: session.conflicts) }
                return session.summary
            }
            if !dryRun && summary.added + summary.updated > 0 {
                try db.execute(sql: """
                    INSERT INTO journal (actor, entity, ref, action, after) VALUES (?, 'pledge', 'import', 'import',
                        json_object('added', ?, 'changed', ?, 'unchanged', ?, 'kept_later', ?))
                    """, arguments: [actor, summary.added, summary.updated, summary.unchanged, summary.keptLater])
            }
            return summary
        }
    }
}

/// The one way a pledge row is written. Values are bound straight through SQLite's C interface
/// from one buffer that outlives the step (SQLITE_STATIC): binding through GRDB's boxed arguments
/// costs more than the insert itself when an export holds 100 000 rows.
final class PledgeWriter {
    static let sql = """
        INSERT INTO pledge (ref, source, amount_cents, name, email, public_name, anonymous, contributor_key, tier, status, date,
                            message, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    let db: Database
    let statement: OpaquePointer
    let now: String
    private var text: [UInt8] = []
    private var slots = [(start: Int, count: Int)](repeating: (-1, 0), count: 15)

    init(_ db: Database, now: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(db.sqliteConnection, Self.sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else { throw Self.error(db, code) }
        self.db = db
        self.statement = statement
        self.now = now
    }

    deinit { sqlite3_finalize(statement) }

    func insert(_ p: Pledge) throws {
        // Work on locals (moved out and back) rather than on the object's properties, which Swift
        // would check for exclusive access at every touch.
        var text = [UInt8]()
        var slots = [(start: Int, count: Int)]()
        swap(&text, &self.text)
        swap(&slots, &self.slots)
        defer {
            swap(&text, &self.text)
            swap(&slots, &self.slots)
        }
        text.removeAll(keepingCapacity: true)
        func put(_ index: Int, _ value: String?) {
            guard var value else {
                slots[index] = (-1, 0)
                return
            }
            let start = text.count
            value.withUTF8 { text.append(contentsOf: $0) }
            slots[index] = (start, text.count - start)
        }
        put(1, p.ref); put(2, p.source); put(4, p.name); put(5, p.email); put(6, p.publicName); put(8, p.contributorKey)
        put(9, p.tier); put(10, p.status.rawValue); put(11, p.date.description); put(12, p.message); put(13, now); put(14, now)
        let statement = self.statement
        let code: Int32 = text.withUnsafeBufferPointer { buffer in
            sqlite3_reset(statement)
            sqlite3_bind_int64(statement, 3, p.amount)
            sqlite3_bind_int64(statement, 7, p.anonymous ? 1 : 0)
            for index in Self.textColumns {
                let slot = slots[index]
                if slot.start < 0 {
                    sqlite3_bind_null(statement, Int32(index))
                } else if let base = buffer.baseAddress {
                    let pointer = UnsafeRawPointer(base + slot.start).assumingMemoryBound(to: CChar.self)
                    sqlite3_bind_text(statement, Int32(index), pointer, Int32(slot.count), Self.static)
                } else {
                    sqlite3_bind_text(statement, Int32(index), "", 0, Self.static)
                }
            }
            let code = sqlite3_step(statement)
            // Nothing may point into the buffer once it changes.
            sqlite3_clear_bindings(statement)
            return code
        }
        guard code == SQLITE_DONE else { throw Self.error(db, code) }
    }

    static let textColumns = [1, 2, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14]

    /// SQLite reads the bytes where they are, during the step (SQLITE_STATIC).
    static let `static` = unsafeBitCast(0, to: sqlite3_destructor_type.self)

    static func error(_ db: Database, _ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }
}

/// An import under way, inside its transaction.
public final class PledgeImportSession {
    let db: Database
    let dryRun: Bool
    let now = Ledger.instant(Date())
    var existing: [String: (status: Pledge.Status, amount: Int64)] = [:]
    public private(set) var summary = ImportSummary()
    var conflicts: [(line: Int, message: String)] = []
    /// The first error SQLite gave; nothing more is written after it.
    var failure: (any Error)?
    let update: Statement
    let writer: PledgeWriter
    public private(set) var applied = 0

    init(db: Database, dryRun: Bool) throws {
        self.db = db
        self.dryRun = dryRun
        update = try db.cachedStatement(sql: "UPDATE pledge SET status = ?, updated_at = ? WHERE ref = ?")
        writer = try PledgeWriter(db, now: now)
        let rows = try Row.fetchCursor(db, sql: "SELECT ref, status, amount_cents FROM pledge")
        while let row = try rows.next() {
            existing[row[0]] = (Pledge.Status(rawValue: row[1]) ?? .promised, row[2])
        }
    }

    /// Adds the pledge, or applies its new status to the one already recorded under its reference.
    public func apply(line: Int, pledge: Pledge) {
        guard failure == nil else { return }
        applied += 1
        do throws(InputError) {
            try pledge.checkText()
        } catch {
            // Named with its line, like a row that contradicts the ledger.
            return conflicts.append((line, error.message))
        }
        do {
            if pledge.amount > Amount.maximumCents {
                conflicts.append((line, "\(pledge.amount) cents is more than \(Amount.format(Amount.maximumCents)), the most an amount may be"))
            } else if let known = existing[pledge.ref] {
                if known.amount != pledge.amount {
                    conflicts.append((line, "reference \(pledge.ref.q) is already recorded with another amount (\(known.amount) cents, not \(pledge.amount))"))
                } else if known.status == pledge.status {
                    summary.unchanged += 1
                } else if pledge.status.mayFollow(known.status) {
                    summary.updated += 1
                    if !dryRun { try update.execute(arguments: [pledge.status.rawValue, now, pledge.ref]) }
                } else {
                    summary.keptLater += 1
                }
            } else {
                summary.added += 1
                if !dryRun { try writer.insert(pledge) }
                // No need to remember it: references are unique within one export (the reader sees to it).
            }
        } catch {
            failure = error
        }
    }

}

extension Ledger {
    /// The latest pledges counted in pledged, newest first (for the public list of contributors:
    /// callers show only their public name).
    public func latestPledges(limit: Int, upTo date: LocalDate) throws -> [Pledge] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM pledge WHERE status IN ('promised', 'collected') AND date <= ? ORDER BY date DESC, id DESC LIMIT ?
                """, arguments: [date.description, limit]).map(Self.pledge)
        }
    }
}

extension Ledger {
    /// The campaign's figures as of `today`, summed in SQL by group.
    public func campaignFigures(_ campaign: Campaign, today: LocalDate) throws -> CampaignFigures {
        let (groups, backers) = try pledgeGroups(upTo: today)
        return try CampaignFigures(campaign: campaign, groups: groups, backers: backers, today: today)
    }
}
