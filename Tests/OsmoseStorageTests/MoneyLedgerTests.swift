import Foundation
import OsmoseDomain
import Testing
@testable import OsmoseStorage

@Suite("Money in the ledger")
struct MoneyLedgerTests {
    func day(_ text: String) -> LocalDate { try! LocalDate(parsing: text) }

    func pledge(_ ref: String, _ amount: Int64, _ status: Pledge.Status, email: String? = nil) -> Pledge {
        Pledge(ref: ref, amount: amount, name: "Person \(ref)", email: email ?? "p\(ref)@example.org", status: status, date: day("2015-09-20"), source: "helloasso")
    }

    @Test("Imports are idempotent and apply later statuses")
    func idempotent() throws {
        let ledger = try Ledger.inMemory()
        let first = [(2, pledge("A", 1_000, .collected)), (3, pledge("B", 2_000, .promised)), (4, pledge("C", 3_000, .collected))]
        #expect(try ledger.importPledges(first) == { var s = ImportSummary(); s.added = 3; return s }())
        // The same export again: nothing twice.
        var again = ImportSummary()
        again.unchanged = 3
        #expect(try ledger.importPledges(first) == again)
        // A later export: A refunded, B collected, a new D; an older status for C is kept as the ledger has it.
        try ledger.setPledgeStatus(ref: "C", to: .refunded)
        let later = [(2, pledge("A", 1_000, .refunded)), (3, pledge("B", 2_000, .collected)), (4, pledge("C", 3_000, .collected)), (5, pledge("D", 500, .collected))]
        let summary = try ledger.importPledges(later)
        #expect(summary.added == 1 && summary.updated == 2 && summary.keptLater == 1 && summary.unchanged == 0)
        let statuses = Dictionary(uniqueKeysWithValues: try ledger.pledges().map { ($0.ref, $0.status) })
        #expect(statuses == ["A": .refunded, "B": .collected, "C": .refunded, "D": .collected])
    }

    @Test("A row contradicting the ledger stops the whole import; a dry run writes nothing")
    func allOrNothing() throws {
        let ledger = try Ledger.inMemory()
        _ = try ledger.importPledges([(2, pledge("A", 1_000, .collected))])
        #expect { try ledger.importPledges([(2, pledge("Z", 100, .collected)), (3, pledge("A", 9_999, .collected))]) } throws: { error in
            (error as? ImportConflicts)?.rows.first?.line == 3
        }
        #expect(try ledger.pledges().map(\.ref) == ["A"])
        let dry = try ledger.importPledges([(2, pledge("N", 100, .collected)), (3, pledge("A", 1_000, .refunded))], dryRun: true)
        #expect(dry.added == 1 && dry.updated == 1)
        #expect(try ledger.pledges().map(\.status) == [.collected])
    }

    @Test("Grouped sums from SQL give the same figures as the pledges themselves")
    func groupsAgree() throws {
        let ledger = try Ledger.inMemory()
        let content = try DemoProduction.content()
        try ledger.createProduction(DemoProduction.settings)
        try ledger.load(content)
        let campaign = Campaign(platform: "p", model: .keepItAll, target: 250_000, opens: day("2015-09-14"), closes: day("2015-11-15"),
                                feeBasisPoints: 300, feeFixed: 25)
        for today in ["2015-09-20", "2015-10-15", "2015-12-01"].map(day) {
            let (groups, backers) = try ledger.pledgeGroups(upTo: today)
            let fromSQL = try CampaignFigures(campaign: campaign, groups: groups, backers: backers, today: today)
            let direct = try CampaignFigures(campaign: campaign, pledges: content.pledges, today: today)
            #expect(fromSQL.pledged == direct.pledged && fromSQL.collected == direct.collected && fromSQL.fees == direct.fees)
            #expect(fromSQL.backers == direct.backers && fromSQL.net == direct.net && fromSQL.forecast == direct.forecast)
        }
    }

    @Test("Status changes follow the rules; unknown references suggest the nearest")
    func statuses() throws {
        let ledger = try Ledger.inMemory()
        try ledger.addPledge(pledge("M-0001", 1_000, .promised))
        #expect(throws: LedgerError.self) { try ledger.addPledge(pledge("M-0001", 5, .promised)) }
        try ledger.setPledgeStatus(ref: "M-0001", to: .collected)
        #expect(throws: LedgerError.self) { try ledger.setPledgeStatus(ref: "M-0001", to: .promised) }
        #expect { try ledger.setPledgeStatus(ref: "M-0002", to: .failed) } throws: { error in
            (error as? LedgerError)?.description.contains("did you mean “M-0001”") == true
        }
        // A pledge typed without a reference draws the next free one as it is recorded, past those typed by hand.
        #expect(try ledger.addPledge(pledge("", 700, .promised), allocatingReference: true).ref == "M-0002")
        try ledger.addPledge(pledge("M-0003", 800, .promised))
        #expect(try ledger.addPledge(pledge("ignored", 900, .promised), allocatingReference: true).ref == "M-0004")
        #expect(try ledger.pledges().map(\.ref).sorted() == ["M-0001", "M-0002", "M-0003", "M-0004"])
    }

    @Test("Writers on two connections drawing references at once never draw the same one")
    func referencesDrawnAtOnce() async throws {
        try await withTemporaryFolderAsync { folder in
            let file = folder.appendingPathComponent("osmose.sqlite")
            let writers = try (0..<4).map { _ in try Ledger.open(at: file) }
            let drawn = try await withThrowingTaskGroup(of: [String].self) { group in
                for (n, writer) in writers.enumerated() {
                    group.addTask {
                        try (0..<50).map { i in try writer.addPledge(self.pledge("", 1_000 + Int64(i), .promised, email: "w\(n)-\(i)@example.org"),
                                                                     allocatingReference: true).ref }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(drawn.sorted() == (1...200).map { String(format: "M-%04d", $0) })
            #expect(try writers[0].pledges().count == 200)
        }
    }

    @Test("One ceiling for every amount the ledger records")
    func ceiling() throws {
        let ledger = try Ledger.inMemory()
        let over = Amount.maximumCents + 1
        #expect(throws: InputError("a pledge of 100000000001 cents is more than 1 000 000 000,00 €, the most an amount may be")) {
            try ledger.addPledge(pledge("X", over, .promised))
        }
        #expect(throws: InputError.self) { try ledger.addExpense(Expense(amount: over, lineCode: "2.1", date: day("2015-06-01"), payee: "A")) }
        #expect(throws: InputError.self) { try ledger.receiveFunding(FundingReceipt(sourceID: "grant", amount: over, date: day("2015-06-01"))) }
        #expect { try ledger.importPledges([(2, pledge("Y", over, .collected))]) } throws: { error in
            (error as? ImportConflicts)?.rows.first?.message == "100000000001 cents is more than 1 000 000 000,00 €, the most an amount may be"
        }
        try ledger.addPledge(pledge("Z", Amount.maximumCents, .promised))
        #expect(try ledger.pledges().map(\.ref) == ["Z"])
    }

    @Test("Amounts recorded before the ceiling: SQL sums past 64 bits are a clear error, and check lists them")
    func overflowInSQL() throws {
        // Given a ledger holding expenses and receipts written before amounts had a ceiling
        let ledger = try Ledger.inMemory()
        try ledger.writer.write { db in
            for line in ["2.1", "2.1"] {
                try db.execute(sql: "INSERT INTO expense (line_code, amount_cents, date, payee, status, created_at) VALUES (?, ?, '2015-06-01', 'A', 'paid', '')",
                               arguments: [line, Int64.max / 2 + 1])
                try db.execute(sql: "INSERT INTO funding_receipt (source_id, amount_cents, date, created_at) VALUES ('grant', ?, '2015-06-01', '')",
                               arguments: [Int64.max / 2 + 1])
            }
        }
        // Then their sums are errors naming what was summed, not a crash
        #expect(throws: AmountOverflow(what: "the expenses of a line")) { try ledger.expenseTotals() }
        #expect(throws: AmountOverflow(what: "the funding received from a source")) { try ledger.fundingTotals() }
        let problems = try ledger.amountsAboveCeiling()
        #expect(problems.count == 4)
        #expect(problems.first == "expense #1 is 46 116 860 184 273 879,04 €, more than the most an amount may be (1 000 000 000,00 €)")
    }

    @Test("Expenses and money received add up per line and per source")
    func totals() throws {
        let ledger = try Ledger.inMemory()
        try ledger.addExpense(Expense(amount: 1_000, lineCode: "2.1", date: day("2015-06-01"), payee: "A"))
        try ledger.addExpense(Expense(amount: 2_500, lineCode: "2.1", date: day("2015-06-02"), payee: "B", payable: true))
        let id = try ledger.addExpense(Expense(amount: 700, lineCode: "7.1", date: day("2015-06-03"), payee: "C", payable: true))
        try ledger.markExpensePaid(id: id)
        #expect(throws: LedgerError.self) { try ledger.markExpensePaid(id: id) }
        #expect(try ledger.expenseTotals() == ["2.1": 3_500, "7.1": 700])
        try ledger.receiveFunding(FundingReceipt(sourceID: "grant", amount: 350_000, date: day("2015-05-12")))
        #expect(try ledger.fundingTotals() == ["grant": 350_000])
        #expect(throws: InputError.self) { try ledger.addExpense(Expense(amount: 5, lineCode: "1", date: day("2015-06-01"), payee: "  ")) }
    }
}
