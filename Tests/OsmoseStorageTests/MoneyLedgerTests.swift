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
            let fromSQL = CampaignFigures(campaign: campaign, groups: groups, backers: backers, today: today)
            let direct = CampaignFigures(campaign: campaign, pledges: content.pledges, today: today)
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
        #expect(try ledger.nextManualReference() == "M-0002")
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
