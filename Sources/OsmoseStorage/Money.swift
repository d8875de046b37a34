import Foundation
import GRDB
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
        return try writer.write { db in try Self.insert(expense, db) }
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
        try writer.write { db in
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
        try writer.read { db in
            var totals: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT line_code, sum(amount_cents) AS total FROM expense GROUP BY line_code") {
                totals[row["line_code"]] = row["total"]
            }
            return totals
        }
    }

    // MARK: - Funding received

    /// Records money received from a funding source; returns its number.
    @discardableResult
    public func receiveFunding(_ receipt: FundingReceipt) throws -> Int64 {
        try writer.write { db in try Self.insert(receipt, db) }
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
        try writer.read { db in
            var totals: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT source_id, sum(amount_cents) AS total FROM funding_receipt GROUP BY source_id") {
                totals[row["source_id"]] = row["total"]
            }
            return totals
        }
    }

    // MARK: - Pledges

    /// Records one pledge. Its reference must be new.
    public func addPledge(_ pledge: Pledge) throws {
        try writer.write { db in
            if try Int.fetchOne(db, sql: "SELECT count(*) FROM pledge WHERE ref = ?", arguments: [pledge.ref])! > 0 {
                throw LedgerError.pledgeExists(ref: pledge.ref)
            }
            try Self.insert(pledge, db, now: Self.instant(Date()))
        }
    }

    /// A reference for a pledge typed by hand: `M-0001`, `M-0002`…
    public func nextManualReference() throws -> String {
        try writer.read { db in
            let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM pledge WHERE source = 'manual'")! + 1
            var candidate = String(format: "M-%04d", n)
            var bump = n
            while try Int.fetchOne(db, sql: "SELECT count(*) FROM pledge WHERE ref = ?", arguments: [candidate])! > 0 {
                bump += 1
                candidate = String(format: "M-%04d", bump)
            }
            return candidate
        }
    }

    static func insert(_ pledge: Pledge, _ db: Database, now: String) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO pledge (ref, source, amount_cents, name, email, public_name, anonymous, contributor_key, tier, status, date,
                                message, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            pledge.ref, pledge.source, pledge.amount, pledge.name, pledge.email, pledge.publicName, pledge.anonymous,
            pledge.contributorKey, pledge.tier, pledge.status.rawValue, pledge.date.description, pledge.message, now, now,
        ])
    }

    /// Changes a pledge's status, if the change is allowed (promised → collected | failed; collected → refunded…).
    @discardableResult
    public func setPledgeStatus(ref: String, to status: Pledge.Status) throws -> Pledge.Status {
        try writer.write { db in
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
    public func importPledges(_ rows: [(line: Int, pledge: Pledge)], dryRun: Bool = false,
                              progress: ((Int) -> Void)? = nil) throws -> ImportSummary {
        try writer.write { db in
            var existing: [String: (status: Pledge.Status, amount: Int64)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT ref, status, amount_cents FROM pledge") {
                existing[row["ref"]] = (Pledge.Status(rawValue: row["status"]) ?? .promised, row["amount_cents"])
            }
            var summary = ImportSummary()
            var conflicts: [(Int, String)] = []
            let now = Self.instant(Date())
            let update = try db.cachedStatement(sql: "UPDATE pledge SET status = ?, updated_at = ? WHERE ref = ?")
            for (index, row) in rows.enumerated() {
                let pledge = row.pledge
                if let known = existing[pledge.ref] {
                    if known.amount != pledge.amount {
                        conflicts.append((row.line, "reference \(pledge.ref.q) is already recorded with another amount (\(known.amount) cents, not \(pledge.amount))"))
                    } else if known.status == pledge.status {
                        summary.unchanged += 1
                    } else if pledge.status.mayFollow(known.status) {
                        summary.updated += 1
                        if !dryRun { try update.execute(arguments: [pledge.status.rawValue, now, pledge.ref]) }
                        existing[pledge.ref] = (pledge.status, known.amount)
                    } else {
                        summary.keptLater += 1
                    }
                } else {
                    summary.added += 1
                    if !dryRun { try Self.insert(pledge, db, now: now) }
                    existing[pledge.ref] = (pledge.status, pledge.amount)
                }
                if index % 2_000 == 0 { progress?(index) }
            }
            progress?(rows.count)
            if !conflicts.isEmpty { throw ImportConflicts(rows: conflicts) }
            return summary
        }
    }
}
