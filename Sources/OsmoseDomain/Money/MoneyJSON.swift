import Foundation

// JSON shapes of the money reports. Money is integer cents in keys ending `_cents`. These keys
// are a contract: the command line and (later) the service give the same ones.

/// `osmose campaign --json`: public figures only, nothing about any contributor.
public struct CampaignJSON: Encodable, Sendable {
    public struct Tier: Encodable, Sendable {
        let title: String
        let minimum_cents: Int64
        let limit: Int?
        let taken: Int
        let remaining: Int?
        let unit_cost_cents: Int64
        let premiere_seats: Int
        let reward_costs_cents: Int64

        enum CodingKeys: String, CodingKey {
            case title, minimum_cents, limit, taken, remaining, unit_cost_cents, premiere_seats, reward_costs_cents
        }

        /// `limit` and `remaining` are `null` for an unlimited tier, never left out.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(title, forKey: .title)
            try c.encode(minimum_cents, forKey: .minimum_cents)
            try c.encode(limit, forKey: .limit)
            try c.encode(taken, forKey: .taken)
            try c.encode(remaining, forKey: .remaining)
            try c.encode(unit_cost_cents, forKey: .unit_cost_cents)
            try c.encode(premiere_seats, forKey: .premiere_seats)
            try c.encode(reward_costs_cents, forKey: .reward_costs_cents)
        }
    }

    public struct StretchGoal: Encodable, Sendable {
        let title: String
        let amount_cents: Int64
        let reached: Bool
        let unlocks: [String]
    }

    let platform: String
    let model: String
    let currency: String
    let today: LocalDate
    let target_cents: Int64
    let pledged_cents: Int64
    let collected_cents: Int64
    let promised_cents: Int64
    let failed_cents: Int64
    let refunded_cents: Int64
    let fees_cents: Int64
    let reward_costs_cents: Int64
    let net_cents: Int64
    let backers: Int
    let pledges: Int
    let percent: Double
    let opens: LocalDate
    let closes: LocalDate
    let days_left: Int
    let ended: Bool
    let needed_per_day_cents: Int64
    let forecast_cents: Int64
    let forecast_low_cents: Int64
    let forecast_high_cents: Int64
    let forecast_confidence: String
    let tiers: [Tier]
    let stretch_goals: [StretchGoal]
    let warnings: [String]

    public init(_ f: CampaignFigures, currency: String, warnings: [String]) {
        let c = f.campaign
        platform = c.platform
        model = c.model.rawValue
        self.currency = currency
        today = f.today
        target_cents = f.target
        pledged_cents = f.pledged
        collected_cents = f.collected
        promised_cents = f.promised
        failed_cents = f.failed
        refunded_cents = f.refunded
        fees_cents = f.fees
        reward_costs_cents = f.rewardCosts
        net_cents = f.net
        backers = f.backers
        pledges = f.pledgeCount
        percent = f.percent
        opens = c.opens
        closes = c.closes
        days_left = f.daysLeft
        ended = f.ended
        needed_per_day_cents = f.neededPerDay
        forecast_cents = f.forecast.central
        forecast_low_cents = f.forecast.low
        forecast_high_cents = f.forecast.high
        forecast_confidence = f.forecast.confidence.rawValue
        tiers = f.tiers.map {
            Tier(title: $0.tier.title, minimum_cents: $0.tier.minimum, limit: $0.tier.limit, taken: $0.taken, remaining: $0.remaining,
                 unit_cost_cents: $0.tier.unitCost, premiere_seats: $0.tier.premiereSeats, reward_costs_cents: $0.rewardCosts)
        }
        stretch_goals = c.stretchGoals.map {
            StretchGoal(title: $0.title, amount_cents: $0.amount, reached: f.pledged >= $0.amount, unlocks: $0.unlocks)
        }
        self.warnings = warnings
    }
}

/// `osmose budget --json`.
public struct BudgetJSON: Encodable, Sendable {
    struct Line: Encodable {
        let code: String, chapter: Int, label: String
        let estimate_cents: Int64, actual_cents: Int64, variance_cents: Int64
        let paid_by: [String], in_kind: Bool, locked: Bool
        /// The post-production tasks paid from the line, with their status.
        let tasks: [Task]
    }

    struct Task: Encodable {
        let name: String, status: String
    }

    struct Chapter: Encodable {
        let chapter: Int, title: String, estimate_cents: Int64, actual_cents: Int64, variance_cents: Int64
    }

    struct Funding: Encodable {
        let id: String, name: String, kind: String
        let planned_cents: Int64, received_cents: Int64, expected_cents: Int64
    }

    struct Unbudgeted: Encodable {
        let code: String, actual_cents: Int64
    }

    let version: String, title: String, file: String, currency: String
    let estimate_cents: Int64, actual_cents: Int64, gap_cents: Int64, uncovered_cents: Int64
    let planned_funding_cents: Int64, received_cents: Int64
    let in_kind_estimate_cents: Int64, in_kind_received_cents: Int64
    let lines: [Line]
    let chapters: [Chapter]
    let funding: [Funding]
    let unbudgeted: [Unbudgeted]

    public init(_ r: BudgetReport, tasks: [PostTask] = []) {
        version = r.budget.version
        title = r.budget.title
        file = r.budget.file
        currency = r.budget.currency
        estimate_cents = r.estimate
        actual_cents = r.actual
        gap_cents = r.gap
        uncovered_cents = r.uncovered
        planned_funding_cents = r.plannedFunding
        received_cents = r.received
        in_kind_estimate_cents = r.inKindEstimate
        in_kind_received_cents = r.inKindReceived
        lines = r.lines.map { row in
            let line = row.line
            return Line(code: line.code, chapter: line.chapter, label: line.label, estimate_cents: line.estimate, actual_cents: row.actual,
                 variance_cents: row.variance, paid_by: line.paidBy, in_kind: row.inKind, locked: row.locked,
                 tasks: tasks.filter { task in task.line == line.code }.map { Task(name: $0.name, status: $0.status.rawValue) })
        }
        chapters = r.chapters.map {
            Chapter(chapter: $0.chapter, title: DevisChapter.titles[$0.chapter] ?? "", estimate_cents: $0.estimate, actual_cents: $0.actual, variance_cents: $0.variance)
        }
        funding = r.funding.map {
            Funding(id: $0.source.id, name: $0.source.name, kind: $0.source.kind.rawValue, planned_cents: $0.source.planned,
                    received_cents: $0.received, expected_cents: $0.expected)
        }
        unbudgeted = r.unbudgeted.map { Unbudgeted(code: $0.code, actual_cents: $0.actual) }
    }
}

extension Pledge: Encodable {
    enum CodingKeys: String, CodingKey { case ref, amount_cents, status, tier, date, name, email, public_name, anonymous, message, source }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ref, forKey: .ref)
        try c.encode(amount, forKey: .amount_cents)
        try c.encode(status.rawValue, forKey: .status)
        try c.encode(tier, forKey: .tier)
        try c.encode(date, forKey: .date)
        try c.encode(name, forKey: .name)
        try c.encode(email, forKey: .email)
        try c.encode(publicName, forKey: .public_name)
        try c.encode(anonymous, forKey: .anonymous)
        try c.encode(message, forKey: .message)
        try c.encode(source, forKey: .source)
    }
}

extension Expense: Encodable {
    enum CodingKeys: String, CodingKey { case id, amount_cents, line, date, payee, status, receipt, receipt_sha256, note }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(amount, forKey: .amount_cents)
        try c.encode(lineCode, forKey: .line)
        try c.encode(date, forKey: .date)
        try c.encode(payee, forKey: .payee)
        try c.encode(payable ? "payable" : "paid", forKey: .status)
        try c.encode(receipt?.path, forKey: .receipt)
        try c.encode(receipt?.sha256, forKey: .receipt_sha256)
        try c.encode(note, forKey: .note)
    }
}

extension FundingReceipt: Encodable {
    enum CodingKeys: String, CodingKey { case id, source, amount_cents, date, note }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(sourceID, forKey: .source)
        try c.encode(amount, forKey: .amount_cents)
        try c.encode(date, forKey: .date)
        try c.encode(note, forKey: .note)
    }
}
