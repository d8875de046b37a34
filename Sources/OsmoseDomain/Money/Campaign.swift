import Foundation

/// A crowdfunding campaign: its platform, model, target, dates, fee, reward tiers and stretch goals.
public struct Campaign: Hashable, Sendable {
    public enum Model: String, ClosedChoice {
        case allOrNothing = "all-or-nothing"
        case keepItAll = "keep-it-all"
        public static let what = "campaign model"
    }

    /// A reward tier [contrepartie].
    public struct Tier: Hashable, Sendable {
        public var title: String
        public var minimum: Int64
        /// How many can be taken; nil when unlimited.
        public var limit: Int?
        /// What one reward costs the production to make and send.
        public var unitCost: Int64
        /// Seats at the premiere each pledge of this tier gives.
        public var premiereSeats: Int
        public var description: String?
        public var sourceLine: Int

        public init(title: String, minimum: Int64, limit: Int? = nil, unitCost: Int64 = 0, premiereSeats: Int = 0,
                    description: String? = nil, sourceLine: Int = 0) {
            self.title = title
            self.minimum = minimum
            self.limit = limit
            self.unitCost = unitCost
            self.premiereSeats = premiereSeats
            self.description = description
            self.sourceLine = sourceLine
        }
    }

    /// A stretch goal [palier]: an amount past which budget lines are unlocked.
    public struct StretchGoal: Hashable, Sendable {
        public var amount: Int64
        public var title: String
        public var unlocks: [String]
        public var sourceLine: Int

        public init(amount: Int64, title: String, unlocks: [String] = [], sourceLine: Int = 0) {
            self.amount = amount
            self.title = title
            self.unlocks = unlocks
            self.sourceLine = sourceLine
        }
    }

    public var platform: String
    public var model: Model
    public var target: Int64
    public var opens: LocalDate
    public var closes: LocalDate
    /// The platform's fee on each collected pledge, in basis points (hundredths of a percent)…
    public var feeBasisPoints: Int
    /// …plus a fixed amount per collected pledge.
    public var feeFixed: Int64
    public var tiers: [Tier]
    public var stretchGoals: [StretchGoal]
    /// What the campaign page says of the film, in French and in English.
    public var pitch: String?
    public var pitchEnglish: String?
    public var sourceLine: Int

    public init(platform: String, model: Model, target: Int64, opens: LocalDate, closes: LocalDate, feeBasisPoints: Int = 0,
                feeFixed: Int64 = 0, tiers: [Tier] = [], stretchGoals: [StretchGoal] = [], pitch: String? = nil, pitchEnglish: String? = nil,
                sourceLine: Int = 0) {
        self.pitch = pitch
        self.pitchEnglish = pitchEnglish
        self.platform = platform
        self.model = model
        self.target = target
        self.opens = opens
        self.closes = closes
        self.feeBasisPoints = feeBasisPoints
        self.feeFixed = feeFixed
        self.tiers = tiers
        self.stretchGoals = stretchGoals
        self.sourceLine = sourceLine
    }

    /// The platform's fee on one collected pledge, rounded to the cent.
    public func fee(on amount: Int64) throws(AmountOverflow) -> Int64 {
        try Amount.add(Amount.percentOf(amount, basisPoints: feeBasisPoints), feeFixed, "the platform's fees")
    }

    public func tier(_ title: String) -> Tier? {
        tiers.first { $0.title == title } ?? tiers.first { NameKey.fold($0.title) == NameKey.fold(title) }
    }

    /// The tier with this title, or a sentence naming the nearest one.
    public func requireTier(_ title: String) throws(InputError) -> Tier {
        if let tier = tier(title) { return tier }
        let near = NameKey.nearest(to: title, in: tiers.map(\.title))
        throw InputError("\(title.quoted) is not a reward tier of the campaign" + (near.map { "; did you mean \($0.quoted)?" } ?? ""))
    }

    /// Total days the campaign runs, both ends included.
    public var durationDays: Int { closes.dayNumber - opens.dayNumber + 1 }

    func problems(file: String, currency: String, lineCodes: Set<String>) -> [BudgetProblem] {
        var found: [BudgetProblem] = []
        func problem(_ line: Int, _ message: String) { found.append(BudgetProblem(file: file, line: line, message: message)) }
        if closes < opens {
            problem(sourceLine, "the campaign closes on \(closes), before it opens on \(opens)")
        }
        var titles: [String: Int] = [:]
        for tier in tiers {
            if let first = titles[NameKey.fold(tier.title)] {
                problem(tier.sourceLine, "duplicate tier \(tier.title.quoted) (first at line \(first))")
            }
            titles[NameKey.fold(tier.title)] = tier.sourceLine
            if tier.minimum <= 0 { problem(tier.sourceLine, "tier \(tier.title.quoted) has no minimum") }
            if let limit = tier.limit, limit <= 0 { problem(tier.sourceLine, "tier \(tier.title.quoted) has a limit of \(limit): leave limit out for an unlimited tier") }
            if tier.premiereSeats < 0 { problem(tier.sourceLine, "tier \(tier.title.quoted) gives \(tier.premiereSeats) seats") }
        }
        var previous: Int64 = 0
        for goal in stretchGoals {
            if goal.amount <= target {
                problem(goal.sourceLine, "stretch goal \(goal.title.quoted) at \(Amount.format(goal.amount, currency: currency)) is not above the target \(Amount.format(target, currency: currency))")
            }
            if goal.amount <= previous { problem(goal.sourceLine, "stretch goals must go up: \(goal.title.quoted) is not above the one before") }
            previous = goal.amount
            for code in goal.unlocks where !lineCodes.contains(code) {
                problem(goal.sourceLine, "stretch goal \(goal.title.quoted) unlocks \(code.quoted), which is not a budget line")
            }
        }
        return found
    }
}

/// A contribution to the campaign.
public struct Pledge: Hashable, Sendable {
    public enum Status: String, ClosedChoice {
        case promised, collected, failed, refunded
        public static let what = "pledge status"

        /// promised → collected | failed; collected → refunded; a failed payment may be retried.
        public func mayFollow(_ previous: Status) -> Bool {
            switch (previous, self) {
            case (.promised, .collected), (.promised, .failed), (.collected, .refunded), (.failed, .collected),
                 (.failed, .promised):
                true
            default: previous == self
            }
        }

        /// Whether a pledge in this status counts in what is pledged.
        public var countsAsPledged: Bool { self == .promised || self == .collected }
    }

    public var ref: String
    public var amount: Int64
    public var name: String
    public var email: String?
    public var publicName: String?
    public var anonymous: Bool
    public var tier: String?
    public var status: Status
    public var date: LocalDate
    public var message: String?
    /// Where it came from: manual, helloasso, kickstarter, csv.
    public var source: String

    public init(ref: String, amount: Int64, name: String, email: String? = nil, publicName: String? = nil, anonymous: Bool = false,
                tier: String? = nil, status: Status = .promised, date: LocalDate, message: String? = nil, source: String = "manual") {
        self.ref = ref
        self.amount = amount
        self.name = name
        self.email = email
        self.publicName = publicName
        self.anonymous = anonymous
        self.tier = tier
        self.status = status
        self.date = date
        self.message = message
        self.source = source
    }

    /// Who the contributor is, for counting backers: their e-mail when known, else their name.
    public var contributorKey: String {
        if let email, !email.isEmpty { return "email:" + NameKey.fold(email) }
        return "name:" + NameKey.fold(name)
    }

    /// The name shown in public: nobody's when anonymous, else the public name or the first name and an initial.
    public var displayName: String? {
        if anonymous { return nil }
        // One stored before the text rule, holding what it refuses, is not shown as it is.
        if let publicName, !publicName.isEmpty, TextField.refused(in: publicName, kind: .name) == nil { return publicName }
        return PublicName.default(for: name)
    }

    /// Checks a pledge against the campaign: a known tier, at least its minimum.
    public func validated(against campaign: Campaign?, currency: String) throws(InputError) -> Pledge {
        var pledge = self
        pledge.name = try NameKey.validate(name, what: "contributor")
        pledge.publicName = try PublicName.validated(publicName)
        if let email, !email.isEmpty, !Person.looksLikeEmail(email) { throw InputError("\(email.quoted) is not an e-mail address") }
        guard amount > 0 else { throw InputError("a pledge must be a positive amount") }
        try Amount.checkCeiling(amount, shown: Amount.format(amount, currency: currency), currency: currency)
        if let title = tier, !title.isEmpty {
            guard let campaign else { throw InputError("the budget has no campaign, so no tier \(title.quoted)") }
            let tier = try campaign.requireTier(title)
            pledge.tier = tier.title
            if amount < tier.minimum {
                throw InputError("\(Amount.format(amount, currency: currency)) is below the minimum of tier \(tier.title.quoted) (\(Amount.format(tier.minimum, currency: currency)))")
            }
        } else {
            pledge.tier = nil
        }
        return pledge
    }
}

extension Campaign {
    /// The premiere seats each tier gives, by folded tier title.
    public var seatsByTier: [String: Int] {
        Dictionary(tiers.map { (NameKey.fold($0.title), $0.premiereSeats) }, uniquingKeysWith: { max($0, $1) })
    }
}
