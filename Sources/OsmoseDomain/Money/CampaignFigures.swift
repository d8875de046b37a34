import Foundation

/// Pledges of the same status, tier, date and amount, counted together: what the figures are
/// computed from, so that a ledger of 100 000 pledges is summed in a few hundred groups.
public struct PledgeGroup: Hashable, Sendable {
    public var status: Pledge.Status
    public var tier: String?
    public var date: LocalDate
    public var amount: Int64
    public var count: Int

    public init(status: Pledge.Status, tier: String?, date: LocalDate, amount: Int64, count: Int) {
        self.status = status
        self.tier = tier
        self.date = date
        self.amount = amount
        self.count = count
    }

    /// Groups individual pledges.
    public static func groups(of pledges: [Pledge]) -> [PledgeGroup] {
        var counts: [PledgeGroup: Int] = [:]
        for p in pledges {
            counts[PledgeGroup(status: p.status, tier: p.tier, date: p.date, amount: p.amount, count: 0), default: 0] += 1
        }
        return counts.map { key, count in
            var group = key
            group.count = count
            return group
        }
    }

    /// Distinct contributors with a pledge counted in pledged.
    public static func backers(of pledges: [Pledge]) -> Int {
        Set(pledges.filter(\.status.countsAsPledged).map(\.contributorKey)).count
    }
}

/// Where the campaign stands, by the definitions every report shares:
/// pledged = promised + collected; collected excludes failed and refunded; backers = distinct
/// contributors with a pledge counted in pledged; fees = the percent of each collected pledge
/// plus the fixed fee, rounded per pledge; reward costs = unit cost × pledges counted in
/// pledged, per tier; net = collected − fees − reward costs; a tier's taken = its pledges
/// counted in pledged.
public struct CampaignFigures: Sendable {
    public struct TierFigures: Sendable, Hashable {
        public let tier: Campaign.Tier
        public let taken: Int
        /// What is left to take; nil when unlimited, never below zero.
        public let remaining: Int?
        public let rewardCosts: Int64
    }

    public let campaign: Campaign
    public let today: LocalDate
    public let pledged: Int64
    public let collected: Int64
    public let promised: Int64
    public let failed: Int64
    public let refunded: Int64
    public let fees: Int64
    public let rewardCosts: Int64
    public let backers: Int
    public let pledgeCount: Int
    public let tiers: [TierFigures]
    /// Pledged amount per day of the campaign so far, from the opening day (index 0).
    public let dailyPledged: [Int64]
    public let forecast: Forecast

    public let net: Int64
    public var target: Int64 { campaign.target }
    /// Pledged as a percentage of the target, to one decimal; may pass 100.
    public var percent: Double { target == 0 ? 0 : (Double(pledged) * 1_000 / Double(target)).rounded() / 10 }
    public var ended: Bool { today > campaign.closes }
    public var started: Bool { today >= campaign.opens }
    /// Days left, today and the closing day included; 0 once it has ended.
    public var daysLeft: Int {
        ended ? 0 : campaign.closes.dayNumber - max(today, campaign.opens).dayNumber + 1
    }
    /// What must still be pledged each day to reach the target (0 once reached or ended).
    public var neededPerDay: Int64 {
        guard pledged < target, daysLeft > 0 else { return 0 }
        let missing = target - pledged
        return (missing + Int64(daysLeft) - 1) / Int64(daysLeft)
    }
    public var stretchGoalsReached: [Campaign.StretchGoal] { campaign.stretchGoals.filter { pledged >= $0.amount } }
    public var targetReached: Bool { pledged >= target }

    /// Computes the figures from grouped pledges, counting only those dated up to `today`. Every sum is
    /// checked: amounts beyond what 64-bit cents can count are an `AmountOverflow`, never a trap.
    public init(campaign: Campaign, groups: [PledgeGroup], backers: Int, today: LocalDate) throws(AmountOverflow) {
        self.campaign = campaign
        self.today = today
        let groups = groups.filter { $0.date <= today }
        var pledged: Int64 = 0, collected: Int64 = 0, promised: Int64 = 0, failed: Int64 = 0, refunded: Int64 = 0
        var fees: Int64 = 0, count = 0
        var taken: [String: Int] = [:]
        let days = max(0, min(today.dayNumber, campaign.closes.dayNumber) - campaign.opens.dayNumber + 1)
        var daily = [Int64](repeating: 0, count: days)
        let what = "the pledges"
        for g in groups {
            let total = try Amount.times(g.amount, g.count, what)
            switch g.status {
            case .promised: promised = try Amount.add(promised, total, what)
            case .collected:
                collected = try Amount.add(collected, total, what)
                fees = try Amount.add(fees, Amount.times(campaign.fee(on: g.amount), g.count, "the platform's fees"), "the platform's fees")
            case .failed: failed = try Amount.add(failed, total, what)
            case .refunded: refunded = try Amount.add(refunded, total, what)
            }
            if g.status.countsAsPledged {
                pledged = try Amount.add(pledged, total, what)
                count += g.count
                if let tier = g.tier { taken[NameKey.fold(tier), default: 0] += g.count }
                let index = g.date.dayNumber - campaign.opens.dayNumber
                // Each day's total is part of `pledged`, which was checked.
                if days > 0 { daily[min(max(index, 0), days - 1)] += total }
            }
        }
        self.pledged = pledged
        self.collected = collected
        self.promised = promised
        self.failed = failed
        self.refunded = refunded
        self.fees = fees
        self.backers = backers
        self.pledgeCount = count
        var tiers: [TierFigures] = []
        for tier in campaign.tiers {
            let n = taken[NameKey.fold(tier.title)] ?? 0
            tiers.append(TierFigures(tier: tier, taken: n, remaining: tier.limit.map { max(0, $0 - min(n, $0)) },
                                     rewardCosts: try Amount.times(tier.unitCost, n, "the reward costs")))
        }
        self.tiers = tiers
        rewardCosts = try Amount.sum(tiers.map(\.rewardCosts), "the reward costs")
        net = try Amount.subtract(Amount.subtract(collected, fees, "the campaign's net"), rewardCosts, "the campaign's net")
        self.dailyPledged = daily
        self.forecast = Forecast(campaign: campaign, pledged: pledged, pledges: count, today: today)
    }

    /// Convenience for individual pledges.
    public init(campaign: Campaign, pledges: [Pledge], today: LocalDate) throws(AmountOverflow) {
        try self.init(campaign: campaign, groups: PledgeGroup.groups(of: pledges), backers: PledgeGroup.backers(of: pledges.filter { $0.date <= today }), today: today)
    }

    // MARK: - Where money leaks

    /// Warnings a producer should see: rewards that cost more than they bring, tiers over their
    /// limit, a net that cannot pay for what the campaign is meant to fund.
    public func warnings(budget: Budget?, locale: String = "fr_FR") -> [String] {
        let currency = budget?.currency ?? "EUR"
        func money(_ c: Int64) -> String { Amount.format(c, currency: currency, locale: locale) }
        var found: [String] = []
        for t in tiers {
            // A budget file's amounts are under the ceiling, so this fee always fits (and compared by difference, cannot overflow).
            let fee = (try? campaign.fee(on: t.tier.minimum)) ?? 0
            if t.tier.unitCost > t.tier.minimum - fee {
                found.append("tier “\(t.tier.title)” loses money: a pledge of its minimum \(money(t.tier.minimum)) costs \(money(t.tier.unitCost)) in reward and \(money(fee)) in fees")
            }
            if let limit = t.tier.limit, t.taken > limit {
                found.append("tier “\(t.tier.title)” is over its limit: \(t.taken) taken for \(limit)")
            }
        }
        if let budget, let source = budget.funding.first(where: { $0.kind == .crowdfunding }) {
            let stretch = budget.stretchLineCodes
            let unlocked = Set(stretchGoalsReached.flatMap(\.unlocks))
            let lines = budget.lines.filter { $0.paidBy.contains(source.id) && (!stretch.contains($0.code) || unlocked.contains($0.code)) }
            // A line shared with other sources needs from the campaign only its share. Beyond what cents
            // can count, there is nothing to compare.
            let need = try? Amount.sum(lines.map { $0.estimate / Int64(max(1, $0.paidBy.count)) }, "the lines the campaign funds")
            if let need, need > 0 && net < need {
                let codes = lines.map(\.code).joined(separator: ", ")
                let verb = ended ? "did not cover" : "does not yet cover"
                found.append("the campaign's net \(money(net)) \(verb) the \(money(need)) of lines it is meant to fund (\(codes)): \(money(need - net)) short")
            }
        }
        return found
    }
}

/// A forecast of the campaign's final pledged amount that follows the U-shaped curve of
/// crowdfunding — a strong start, a mid-campaign slump, a final surge — rather than a straight line.
///
/// The share of the final total pledged by time fraction `t` of the campaign is modelled by the
/// cumulative form of a daily rate `1 + k (2t − 1)²`: `F(t) = (t + k ((2t − 1)³ + 1) / 6) / (1 + k / 3)`.
/// The central forecast uses `k = 10` (about 40 % of the money in the first and last tenth of
/// the days); the range spans `k` from 3 (flatter) to 25 (steeper), widened by the sampling
/// error of the pledges still to come.
public struct Forecast: Sendable, Hashable {
    public enum Confidence: String, Sendable, Hashable {
        /// The campaign has not started, or has no pledge yet: nothing to project from.
        case none
        case low, medium, high
        /// The campaign has ended: the figure is what was pledged.
        case final
    }

    public let central: Int64
    public let low: Int64
    public let high: Int64
    public let confidence: Confidence
    /// Time elapsed, as a fraction of the campaign.
    public let elapsed: Double

    public static let centralShape = 10.0
    public static let shapeRange = (low: 3.0, high: 25.0)

    /// Share of the final total pledged by time fraction `t` for a curve of steepness `k`.
    public static func cumulativeShare(_ t: Double, k: Double) -> Double {
        let t = min(max(t, 0), 1)
        let u = 2 * t - 1
        return (t + k * (u * u * u + 1) / 6) / (1 + k / 3)
    }

    public init(campaign: Campaign, pledged: Int64, pledges: Int, today: LocalDate) {
        let total = Double(campaign.durationDays)
        let elapsedDays = Double(today.dayNumber - campaign.opens.dayNumber + 1)
        let elapsed = total > 0 ? min(max(elapsedDays / total, 0), 1) : 1
        self.elapsed = elapsed
        if today > campaign.closes || elapsed >= 1 {
            (central, low, high, confidence) = (pledged, pledged, pledged, .final)
            return
        }
        guard today >= campaign.opens, pledges > 0, pledged > 0 else {
            (central, low, high, confidence) = (pledged, pledged, pledged, .none)
            return
        }
        let amount = Double(pledged)
        let shares = [Self.shapeRange.low, Self.centralShape, Self.shapeRange.high].map { Self.cumulativeShare(elapsed, k: $0) }
        let projections = shares.map { amount / $0 }
        let share = shares[1]
        // Relative sampling error of what is still to come, as pledges arrive one by one.
        let sampling = ((1 - share) / (share * Double(pledges))).squareRoot()
        let c = projections[1]
        let lo = (projections.min()! * (1 - 1.645 * sampling)).rounded()
        let hi = (projections.max()! * (1 + 1.645 * sampling)).rounded()
        // Projections of huge amounts may pass what 64 bits hold: they stop there, as estimates.
        central = Amount.clamped(c)
        low = max(pledged, Amount.clamped(lo))
        high = max(Amount.clamped(hi), central)
        let width = (Double(high) - Double(low)) / max(c, 1)
        confidence = width < 0.35 ? .high : width < 0.8 ? .medium : .low
    }
}
