import Foundation
import Testing
@testable import OsmoseDomain

func date(_ text: String) -> LocalDate { try! LocalDate(parsing: text) }

@Suite("Amounts")
struct AmountTests {
    @Test("Amounts are read as a producer writes them", arguments: [
        ("1200", 120_000), ("1200.50", 120_050), ("1 200,50 €", 120_050), ("1\u{202F}200,50\u{00A0}€", 120_050), ("€25.00 EUR", 2_500),
        ("25,00", 2_500), ("25,5", 2_550), ("1.200,50", 120_050), ("1,200.50", 120_050), ("1 200", 120_000),
        ("EUR 35", 3_500), ("0,01", 1), ("2 500 €", 250_000), ("1.234.567,89", 123_456_789), ("1 500,00", 150_000),
        ("1500", 150_000), ("1.500,00", 150_000), ("1,500.00", 150_000), ("1500.5", 150_050), ("+12,30", 1_230),
        ("€2,500.00", 250_000), ("1,500,000", 150_000_000), ("1 000 000 000,00 €", Amount.maximumCents),
    ] as [(String, Int64)])
    func parse(text: String, cents: Int64) throws {
        #expect(try Amount.parse(text) == cents)
    }

    @Test("Bad amounts are refused, naming the value", arguments: [
        "12,5,0", "", "abc", "12.5.0", "1 2", "12,345", "5.", ".5", "1..2", "12 000,505", "--5", "1e5", "20, 0", "1 000, 5",
    ])
    func refused(text: String) throws {
        #expect(throws: InputError.self) { try Amount.parse(text == "12,345" ? "12,345,6" : text) }
    }

    @Test("A lone comma or point before three digits is refused, with both readings", arguments: [
        ("1,500", "“1,500” is ambiguous: do you mean 1 500,00 € or 1,50 €? write 1500 or 1,50"),
        ("1.500", "“1.500” is ambiguous: do you mean 1 500,00 € or 1,50 €? write 1500 or 1.50"),
        ("€2,500", "“€2,500” is ambiguous: do you mean 2 500,00 € or 2,50 €? write 2500 or 2,50"),
        ("0,001", "“0,001” is ambiguous: do you mean 1,00 € or 0,001 €, which is not a whole number of cents? write 1, or at most two decimals"),
        ("12,345", "“12,345” is ambiguous: do you mean 12 345,00 € or 12,345 €, which is not a whole number of cents? write 12345, or at most two decimals"),
    ])
    func ambiguous(text: String, message: String) {
        #expect(throws: InputError(message)) { try Amount.parse(text) }
    }

    @Test("More than two decimals are refused, naming the value", arguments: ["1,5000", "12 000,505", "1.500,505", "1,500.001", "0.0001"])
    func tooManyDecimals(text: String) {
        #expect { try Amount.parse(text) } throws: { error in
            (error as? InputError)?.message.hasPrefix("\(text.quoted) has more than two decimals") == true
        }
    }

    @Test("One ceiling for every amount: 1 000 000 000,00 €", arguments: ["1 000 000 000,01", "9 999 999 999 999,99", "10000000000", "99999999999999999999999"])
    func ceiling(text: String) {
        #expect(throws: InputError("\(text.quoted) is more than 1 000 000 000,00 €, the most an amount may be")) { try Amount.parse(text) }
    }

    @Test("Another currency is an error, not a conversion; zero and negatives are refused")
    func currency() throws {
        #expect { try Amount.parse("$25.00 USD") } throws: { ($0 as? InputError)?.message.contains("USD") == true }
        #expect { try Amount.parse("25.00 GBP") } throws: { ($0 as? InputError)?.message.contains("not EUR") == true }
        #expect(throws: InputError.self) { try Amount.parse("0") }
        #expect(throws: InputError.self) { try Amount.parse("-5") }
        #expect(throws: InputError("“-12,30” is negative: amounts here are positive")) { try Amount.parse("-12,30") }
        #expect(try Amount.parse("0", allowZero: true) == 0)
        #expect(try Amount.parse("25 USD", currency: "USD") == 2_500)
    }

    @Test("Amounts are written in the production's locale")
    func format() throws {
        #expect(Amount.format(250_000) == "2 500,00 €")
        #expect(Amount.format(250_000, locale: "en_GB") == "€2,500.00")
        #expect(Amount.format(-8_745) == "-87,45 €")
        #expect(Amount.format(5, currency: "CHF") == "0,05 CHF")
        #expect(Amount.format(123_456_789) == "1 234 567,89 €")
    }

    @Test("Percentages become basis points; fees round half up per pledge")
    func percent() throws {
        #expect(try Amount.parsePercent("4") == 400)
        #expect(try Amount.parsePercent("4,5 %") == 450)
        #expect(try Amount.parsePercent("3.25") == 325)
        #expect(throws: InputError.self) { try Amount.parsePercent("150") }
        #expect(throws: InputError.self) { try Amount.parsePercent("four") }
        #expect(Amount.percentOf(1_050, basisPoints: 300) == 32)  // 31.5 rounds up
        #expect(Amount.percentOf(1_000, basisPoints: 300) == 30)
        // By parts, so that no amount overflows on its way to a fee.
        #expect(Amount.percentOf(.max, basisPoints: 10_000) == .max)
        #expect(Amount.percentOf(.max, basisPoints: 300) == 276_701_161_105_643_274)
        #expect(Amount.percentOf(123_456_789_012, basisPoints: 175) == (123_456_789_012 * 175 + 5_000) / 10_000)
        #expect(Amount.formatPercent(basisPoints: 450) == "4,5 %")
    }
}

@Suite("Campaign figures")
struct CampaignFiguresTests {
    /// 3 % + 0,25 € per collected pledge; a reward costing 4 € with two seats, limited to 2.
    let campaign = Campaign(
        platform: "test", model: .keepItAll, target: 10_000, opens: date("2015-09-01"), closes: date("2015-09-30"),
        feeBasisPoints: 300, feeFixed: 25,
        tiers: [
            Campaign.Tier(title: "Merci", minimum: 1_000),
            Campaign.Tier(title: "Duo", minimum: 3_500, limit: 2, unitCost: 400, premiereSeats: 2),
        ],
        stretchGoals: [Campaign.StretchGoal(amount: 15_000, title: "Subtitles")])

    func pledge(_ ref: String, _ cents: Int64, _ status: Pledge.Status, tier: String? = nil, email: String? = nil, name: String? = nil,
                on day: String = "2015-09-05") -> Pledge {
        Pledge(ref: ref, amount: cents, name: name ?? "Person \(ref)", email: email, tier: tier, status: status, date: date(day))
    }

    var pledges: [Pledge] {
        [
            pledge("1", 1_050, .collected, tier: "Merci", email: "a@example.org"),
            pledge("2", 3_500, .collected, tier: "Duo", email: "A@example.org"),  // same contributor as 1
            pledge("3", 3_500, .promised, tier: "Duo", email: "b@example.org"),
            pledge("4", 2_000, .failed, email: "c@example.org"),
            pledge("5", 1_000, .refunded, tier: "Merci", email: "d@example.org"),  // refunded after collection
            pledge("6", 500, .collected, name: "Sans Email"),
        ]
    }

    @Test("Pledged, collected, backers, fees, reward costs and net follow their definitions")
    func definitions() throws {
        let f = try CampaignFigures(campaign: campaign, pledges: pledges, today: date("2015-09-10"))
        #expect(f.pledged == 1_050 + 3_500 + 3_500 + 500)          // promised + collected
        #expect(f.collected == 1_050 + 3_500 + 500)                 // failed and refunded excluded
        #expect(f.promised == 3_500)
        #expect(f.failed == 2_000)
        #expect(f.refunded == 1_000)
        #expect(f.backers == 3)                                    // a (twice), b, Sans Email
        #expect(f.pledgeCount == 4)
        // Fees on each collected pledge, rounded per pledge: 31.5→32 +25; 105 +25; 15 +25.
        #expect(f.fees == (32 + 25) + (105 + 25) + (15 + 25))
        // Reward costs: unit cost × pledges counted in pledged (the promised Duo too).
        #expect(f.rewardCosts == 2 * 400)
        #expect(f.net == f.collected - f.fees - f.rewardCosts)
        #expect(f.tiers.map(\.taken) == [1, 2])
        #expect(f.tiers.map(\.remaining) == [nil, 0])
        #expect(f.percent == 85.5)
    }

    @Test("A refund after collection takes the pledge out of pledged, collected and the tier")
    func refund() throws {
        var later = pledges
        later[1].status = .refunded
        let f = try CampaignFigures(campaign: campaign, pledges: later, today: date("2015-09-10"))
        #expect(f.collected == 1_050 + 500)
        #expect(f.pledged == 1_050 + 3_500 + 500)
        #expect(f.tiers[1].taken == 1)
        #expect(f.tiers[1].remaining == 1)
        #expect(f.backers == 3)  // a still counts through pledge 1
    }

    @Test("A tier at its limit is full; over it, a warning")
    func limits() throws {
        let atLimit = try CampaignFigures(campaign: campaign, pledges: pledges, today: date("2015-09-10"))
        #expect(!atLimit.warnings(budget: nil).contains { $0.contains("over its limit") })
        let over = try CampaignFigures(campaign: campaign, pledges: pledges + [pledge("7", 3_500, .collected, tier: "Duo")], today: date("2015-09-10"))
        #expect(over.tiers[1].remaining == 0)
        #expect(over.warnings(budget: nil).contains { $0.contains("“Duo” is over its limit: 3 taken for 2") })
    }

    @Test("A tier whose reward and fees cost more than its minimum is flagged")
    func leakingTier() throws {
        var leaky = campaign
        leaky.tiers.append(Campaign.Tier(title: "Poster", minimum: 1_500, unitCost: 1_450))
        let f = try CampaignFigures(campaign: leaky, pledges: [], today: date("2015-09-10"))
        #expect(f.warnings(budget: nil).contains { $0.contains("“Poster” loses money") })
        #expect(!f.warnings(budget: nil).contains { $0.contains("“Merci”") })
    }

    @Test("Days left count today and the closing day; percent may pass 100; pledges after today do not count yet")
    func time() throws {
        #expect(try CampaignFigures(campaign: campaign, pledges: [], today: date("2015-09-30")).daysLeft == 1)
        #expect(try CampaignFigures(campaign: campaign, pledges: [], today: date("2015-09-01")).daysLeft == 30)
        #expect(try CampaignFigures(campaign: campaign, pledges: [], today: date("2015-08-01")).daysLeft == 30)
        let ended = try CampaignFigures(campaign: campaign, pledges: [], today: date("2015-10-01"))
        #expect(ended.daysLeft == 0 && ended.ended)
        let big = try CampaignFigures(campaign: campaign, pledges: [pledge("1", 15_000, .collected)], today: date("2015-09-10"))
        #expect(big.percent == 150)
        #expect(big.stretchGoalsReached.map(\.title) == ["Subtitles"])
        #expect(big.neededPerDay == 0)
        let future = try CampaignFigures(campaign: campaign, pledges: [pledge("1", 5_000, .collected, on: "2015-09-20")], today: date("2015-09-10"))
        #expect(future.pledged == 0)
        let needed = try CampaignFigures(campaign: campaign, pledges: [pledge("1", 4_000, .collected)], today: date("2015-09-21"))
        #expect(needed.neededPerDay == 600)  // 60 € over the 10 days left
    }

    @Test("Grouped pledges give the same figures as individual ones")
    func groups() throws {
        let many = (0..<500).map { i in
            pledge("\(i)", Int64([1_000, 3_500, 1_050][i % 3]), [.collected, .promised, .failed, .refunded][i % 4], tier: i % 3 == 1 ? "Duo" : nil,
                   email: "p\(i % 97)@example.org", on: "2015-09-\(String(format: "%02d", i % 28 + 1))")
        }
        let direct = try CampaignFigures(campaign: campaign, pledges: many, today: date("2015-09-30"))
        let grouped = try CampaignFigures(campaign: campaign, groups: PledgeGroup.groups(of: many), backers: PledgeGroup.backers(of: many), today: date("2015-09-30"))
        #expect(direct.pledged == grouped.pledged && direct.fees == grouped.fees && direct.net == grouped.net)
        #expect(PledgeGroup.groups(of: many).count < many.count)
    }
}

@Suite("Sums that cannot overflow")
struct OverflowTests {
    let campaign = Campaign(platform: "test", model: .keepItAll, target: 250_000, opens: date("2015-09-01"), closes: date("2015-09-30"),
                            feeBasisPoints: 1_000, feeFixed: Amount.maximumCents,
                            tiers: [Campaign.Tier(title: "Gold", minimum: 1_000, unitCost: Amount.maximumCents)])

    /// As many pledges of the largest amount as 64-bit cents can count: pledged, collected and promised at the ceiling.
    static let most = Int(Int64.max / Amount.maximumCents)

    func group(_ status: Pledge.Status, _ amount: Int64, _ count: Int, tier: String? = nil) -> PledgeGroup {
        PledgeGroup(status: status, tier: tier, date: date("2015-09-05"), amount: amount, count: count)
    }

    @Test("The largest amount, as many times as cents can count, is summed exactly; once more is a clear error")
    func largestAllowedValues() throws {
        // Given 92 233 720 pledges of 1 000 000 000,00 € (a ledger of some 20 GB), promised
        let whole = try CampaignFigures(campaign: Campaign(platform: "t", model: .keepItAll, target: 250_000, opens: date("2015-09-01"),
                                                           closes: date("2015-09-30")),
                                        groups: [group(.promised, Amount.maximumCents, Self.most)], backers: 1, today: date("2015-09-10"))
        // Then the figures are exact, and the forecast (a projection far beyond) stops at what 64 bits hold
        #expect(whole.pledged == Amount.maximumCents * Int64(Self.most))
        #expect(whole.forecast.high == .max && whole.forecast.low >= whole.pledged)
        // And one pledge more is an error naming what was summed, not a trap
        #expect(throws: AmountOverflow(what: "the pledges")) {
            try CampaignFigures(campaign: campaign, groups: [group(.promised, Amount.maximumCents, Self.most), group(.collected, Amount.maximumCents, 1)],
                                backers: 2, today: date("2015-09-10"))
        }
    }

    @Test("The import of 9 300 rows of 9 999 999 999 999,99 € that once stopped the campaign is an error naming the pledges")
    func issueReproduction() {
        #expect { try CampaignFigures(campaign: campaign, groups: [group(.collected, 999_999_999_999_999, 9_300)], backers: 9_300, today: date("2015-09-10")) }
            throws: { error in
                let message = (error as? AmountOverflow)?.description ?? ""
                return message.hasPrefix("the pledges add up to more than Osmose can count (92 233 720 368 547 758,07 €)")
                    && message.contains("the most an amount may be (1 000 000 000,00 €); “osmose check” lists them")
            }
    }

    @Test("Fees, reward costs and the net are checked too", arguments: [
        ("the platform's fees", Pledge.Status.collected, nil as String?),
        ("the reward costs", Pledge.Status.promised, "Gold" as String?),
    ])
    func fees(what: String, status: Pledge.Status, tier: String?) {
        // A fixed fee and a unit cost at the ceiling, on more pledges than they can be counted for
        #expect(throws: AmountOverflow(what: what)) {
            try CampaignFigures(campaign: campaign, groups: [group(status, 1_000, Self.most + 1, tier: tier)], backers: 1, today: date("2015-09-10"))
        }
    }

    @Test("The budget report and the funder report name the totals that overflow")
    func reports() throws {
        let budget = Budget(version: "v", file: "budgets/v.toml", title: "V", lines: [
            BudgetLine(code: "1.1", chapter: 1, label: "A", estimate: Amount.maximumCents, paidBy: ["grant"]),
            BudgetLine(code: "1.2", chapter: 1, label: "B", estimate: Amount.maximumCents, paidBy: ["grant"]),
        ], funding: [FundingSource(id: "grant", kind: .grant, name: "Grant", planned: Amount.maximumCents)])
        // The largest amounts a budget file may hold add up
        let fine = try BudgetReport(budget: budget, expensesByLine: ["1.1": Amount.maximumCents], receivedBySource: [:], campaign: nil)
        #expect(fine.estimate == 2 * Amount.maximumCents && fine.gap == Amount.maximumCents)
        // Totals from a ledger beyond what cents count are errors, whichever report reads them
        #expect(throws: AmountOverflow(what: "the lines of chapter 1")) {
            try BudgetReport(budget: budget, expensesByLine: ["1.1": .max, "1.2": 1], receivedBySource: [:], campaign: nil)
        }
        #expect(throws: AmountOverflow(what: "the expenses")) {
            try BudgetReport(budget: budget, expensesByLine: ["1.1": .max, "9.9": 1], receivedBySource: [:], campaign: nil)
        }
        #expect(throws: AmountOverflow(what: "the funding received")) {
            var two = budget
            two.funding.append(FundingSource(id: "own", kind: .own, name: "Own", planned: 1))
            return try BudgetReport(budget: two, expensesByLine: [:], receivedBySource: ["grant": .max, "own": 1], campaign: nil)
        }
        let report = try BudgetReport(budget: budget, expensesByLine: ["1.1": Int64.max / 2, "1.2": Int64.max / 2], receivedBySource: [:], campaign: nil)
        #expect(throws: Never.self) { try FunderReport(title: "F", sourceID: "grant", report: report, expenses: [], locale: "fr_FR") }
        // A budget whose instalments cannot be added up says so, as a problem of its file
        var instalments = budget
        instalments.funding[0].instalments = [.init(amount: .max), .init(amount: 1)]
        #expect(instalments.problems().contains { $0.message.hasPrefix("the instalments of “grant” add up to more than Osmose can count") })
    }
}

@Suite("Forecast")
struct ForecastTests {
    let campaign = Campaign(platform: "t", model: .keepItAll, target: 250_000, opens: date("2015-09-14"), closes: date("2015-11-15"))

    /// Daily amounts along a curve of steepness `k`, adding up to `total`.
    func curve(k: Double, total: Double) -> [Double] {
        let days = campaign.durationDays
        return (0..<days).map { d in
            total * (Forecast.cumulativeShare(Double(d + 1) / Double(days), k: k) - Forecast.cumulativeShare(Double(d) / Double(days), k: k))
        }
    }

    func forecast(_ daily: [Double], upTo day: Int, pledges: Int = 40) -> Forecast {
        let pledged = Int64(daily.prefix(day).reduce(0, +))
        return Forecast(campaign: campaign, pledged: pledged, pledges: pledges, today: LocalDate(dayNumber: campaign.opens.dayNumber + day - 1))
    }

    @Test("The U-shaped share is 0 at the start, 1 at the end, half at the middle, and front-loaded")
    func share() throws {
        #expect(Forecast.cumulativeShare(0, k: 10) == 0)
        #expect(abs(Forecast.cumulativeShare(1, k: 10) - 1) < 1e-12)
        #expect(abs(Forecast.cumulativeShare(0.5, k: 10) - 0.5) < 1e-12)
        #expect(Forecast.cumulativeShare(0.1, k: 10) > 0.2)
        #expect(Forecast.cumulativeShare(0.9, k: 10) < 0.8)
    }

    @Test("On a U-shaped campaign the range holds the true final amount at every stage", arguments: [8, 20, 31, 45, 55])
    func uShaped(day: Int) throws {
        for k in [4.0, 10.0, 20.0] {
            let daily = curve(k: k, total: 300_000)
            let f = forecast(daily, upTo: day, pledges: 10 + day)
            #expect(f.low <= 300_000 && 300_000 <= f.high, "k \(k), day \(day): \(f.low)…\(f.high)")
            if k == 10 { #expect(abs(Double(f.central) - 300_000) / 300_000 < 0.02, "day \(day): \(f.central)") }
        }
    }

    @Test("It follows the shape, not a straight line: lower after the strong start, higher before the final surge")
    func notLinear() throws {
        let daily = curve(k: 10, total: 300_000)
        let days = Double(campaign.durationDays)
        let early = forecast(daily, upTo: 10)
        let linearEarly = Double(daily.prefix(10).reduce(0, +)) * days / 10
        #expect(Double(early.central) < linearEarly * 0.8)
        let late = forecast(daily, upTo: 50)
        let linearLate = Double(daily.prefix(50).reduce(0, +)) * days / 50
        #expect(Double(late.central) > linearLate * 1.05)
    }

    @Test("It says how sure it is: the range narrows as the campaign goes on")
    func confidence() throws {
        let daily = curve(k: 10, total: 300_000)
        let early = forecast(daily, upTo: 5, pledges: 6), late = forecast(daily, upTo: 55, pledges: 70)
        #expect(Double(early.high - early.low) / Double(early.central) > Double(late.high - late.low) / Double(late.central))
        #expect(early.confidence == .low)
        #expect(late.confidence == .high)
        #expect(forecast(daily, upTo: 0).confidence == .none)
        #expect(Forecast(campaign: campaign, pledged: 12_345, pledges: 3, today: date("2015-12-01")) ==
                Forecast(campaign: campaign, pledged: 12_345, pledges: 3, today: date("2015-12-01")))
        #expect(Forecast(campaign: campaign, pledged: 12_345, pledges: 3, today: date("2015-12-01")).confidence == .final)
        #expect(Forecast(campaign: campaign, pledged: 12_345, pledges: 3, today: date("2015-12-01")).central == 12_345)
    }
}

@Suite("Budgets")
struct BudgetTests {
    func budget() -> Budget {
        Budget(
            version: "v", file: "budgets/v.toml", title: "V", current: true,
            lines: [
                BudgetLine(code: "2.1", chapter: 2, label: "Sound", estimate: 125_000, paidBy: ["grant"], sourceLine: 10),
                BudgetLine(code: "8.1", chapter: 8, label: "Edit", estimate: 160_000, paidBy: ["crowd"], sourceLine: 20),
                BudgetLine(code: "8.5", chapter: 8, label: "Subtitles", estimate: 45_000, paidBy: ["crowd"], sourceLine: 25),
                BudgetLine(code: "1.1", chapter: 1, label: "Directing", estimate: 320_000, paidBy: ["volunteers"], sourceLine: 30),
            ],
            funding: [
                FundingSource(id: "grant", kind: .grant, name: "Grant", planned: 125_000,
                              instalments: [.init(amount: 100_000), .init(amount: 25_000)], sourceLine: 2),
                FundingSource(id: "crowd", kind: .crowdfunding, name: "Campaign", planned: 160_000, sourceLine: 4),
                FundingSource(id: "volunteers", kind: .inKind, name: "Volunteers", planned: 320_000, valuation: "40 days", sourceLine: 6),
            ],
            campaign: Campaign(platform: "p", model: .keepItAll, target: 160_000, opens: date("2015-09-01"), closes: date("2015-09-30"),
                               tiers: [Campaign.Tier(title: "Merci", minimum: 1_000)],
                               stretchGoals: [Campaign.StretchGoal(amount: 200_000, title: "Subtitles", unlocks: ["8.5"])], sourceLine: 40))
    }

    @Test("A sound budget has no problem")
    func sound() throws {
        #expect(budget().problems().isEmpty)
    }

    @Test("Each problem is found at its line")
    func problems() throws {
        var b = budget()
        b.lines.append(BudgetLine(code: "2.1", chapter: 2, label: "Again", estimate: 100, paidBy: ["grnat"], sourceLine: 50))
        b.lines.append(BudgetLine(code: "99", chapter: 42, label: "Odd", estimate: 100, paidBy: ["grant"], sourceLine: 60))
        b.funding[0].instalments[1].amount = 20_000
        b.campaign!.closes = date("2015-08-01")
        b.campaign!.tiers.append(Campaign.Tier(title: "Nothing", minimum: 0, sourceLine: 45))
        let found = b.problems().map(\.description)
        #expect(found.contains("budgets/v.toml:50: duplicate line code “2.1” (first at line 10)"))
        #expect(found.contains { $0.hasPrefix("budgets/v.toml:50:") && $0.contains("“grnat”, which is not a funding source; did you mean “grant”?") })
        #expect(found.contains { $0.hasPrefix("budgets/v.toml:60:") && $0.contains("chapter 42") })
        #expect(found.contains { $0.hasPrefix("budgets/v.toml:2:") && $0.contains("instalments") })
        #expect(found.contains("budgets/v.toml:40: the campaign closes on 2015-08-01, before it opens on 2015-09-01"))
        #expect(found.contains("budgets/v.toml:45: tier “Nothing” has no minimum"))
    }

    @Test("The report: actual against estimate, in-kind apart, stretch lines locked, the campaign's net received")
    func report() throws {
        let b = budget()
        let pledges = [Pledge(ref: "1", amount: 150_000, name: "A", status: .collected, date: date("2015-09-02"))]
        let figures = try CampaignFigures(campaign: b.campaign!, pledges: pledges, today: date("2015-10-01"))
        let r = try BudgetReport(budget: b, expensesByLine: ["2.1": 130_000, "3.3": 5_000], receivedBySource: ["grant": 100_000], campaign: figures)
        #expect(r.estimate == 125_000 + 160_000)
        #expect(r.actual == 130_000 + 5_000)
        #expect(r.lines[0].variance == 5_000)
        #expect(r.lines.first { $0.line.code == "8.5" }?.locked == true)
        #expect(r.inKindEstimate == 320_000)
        #expect(r.unbudgeted.map(\.code) == ["3.3"])
        #expect(r.funding.first { $0.source.id == "crowd" }?.received == figures.net)
        #expect(r.funding.first { $0.source.id == "grant" }?.expected == 25_000)
        #expect(r.gap == 0)
        #expect(r.chapters.map(\.chapter) == [2, 8])
        let warnings = figures.warnings(budget: b)
        #expect(warnings.contains { $0.contains("did not cover") })
    }

    @Test("Two versions differ line by line")
    func diff() throws {
        let a = budget()
        var b = budget()
        b.lines[0].estimate = 100_000
        b.lines.remove(at: 3)
        b.lines.append(BudgetLine(code: "9.1", chapter: 9, label: "Insurance", estimate: 30_000, paidBy: ["grant"]))
        b.campaign!.target = 150_000
        let changes = BudgetChange.between(a, b).map(\.description)
        #expect(changes.contains("line 2.1 “Sound”: 1 250,00 € → 1 000,00 € (−250,00 €)"))
        #expect(changes.contains("line 9.1 “Insurance” added: 300,00 €"))
        #expect(changes.contains("line 1.1 “Directing” removed (was 3 200,00 €)"))
        #expect(changes.contains("campaign target: 1 600,00 € → 1 500,00 €"))
    }

    @Test("A pledge below its tier's minimum, or for an unknown tier, is refused")
    func pledgeChecks() throws {
        let c = budget().campaign
        #expect(throws: InputError.self) {
            try Pledge(ref: "1", amount: 500, name: "A", tier: "Merci", date: date("2015-09-02")).validated(against: c, currency: "EUR")
        }
        #expect { try Pledge(ref: "1", amount: 5_000, name: "A", tier: "Mercy", date: date("2015-09-02")).validated(against: c, currency: "EUR") }
            throws: { ($0 as? InputError)?.message.contains("did you mean “Merci”") == true }
        #expect(Pledge(ref: "1", amount: 1, name: "Camille Durand", date: date("2015-09-02")).displayName == "Camille D.")
        #expect(Pledge(ref: "1", amount: 1, name: "A B", anonymous: true, date: date("2015-09-02")).displayName == nil)
    }

    @Test("Pledge statuses move only forward")
    func statuses() throws {
        #expect(Pledge.Status.collected.mayFollow(.promised))
        #expect(Pledge.Status.refunded.mayFollow(.collected))
        #expect(!Pledge.Status.promised.mayFollow(.collected))
        #expect(!Pledge.Status.collected.mayFollow(.refunded))
        #expect(!Pledge.Status.refunded.mayFollow(.promised))
    }

    @Test("The demo's pledges follow the campaign and hold a few failed and refunded")
    func demo() throws {
        let money = try DemoProduction.money()
        #expect((60...100).contains(money.pledges.count))
        #expect(money.pledges.contains { $0.status == .failed } && money.pledges.contains { $0.status == .refunded })
        #expect(money.pledges.allSatisfy { $0.date >= date("2015-09-14") && $0.date <= date("2015-11-15") })
        let firstWeek = money.pledges.filter { $0.date < date("2015-09-21") }.count
        let middleWeek = money.pledges.filter { $0.date >= date("2015-10-12") && $0.date < date("2015-10-19") }.count
        #expect(firstWeek > middleWeek)
    }
}
