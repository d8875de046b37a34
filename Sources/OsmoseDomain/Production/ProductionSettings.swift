import Foundation

/// What a production is set up with: its title, the time zone its dates are in, the locale of
/// its human output, and the frame rate its timecodes default to.
public struct ProductionSettings: Hashable, Sendable {
    public var title: String
    public var timeZone: String
    public var locale: String
    public var frameRate: FrameRate

    public init(title: String, timeZone: String = "Europe/Paris", locale: String = "fr_FR", frameRate: FrameRate = .fps25) {
        self.title = title
        self.timeZone = timeZone
        self.locale = locale
        self.frameRate = frameRate
    }

    /// Checks the time zone and locale names.
    public func validated() throws(InputError) -> ProductionSettings {
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else { throw InputError("a production needs a title") }
        try TextField.check(title, "the production title", kind: .name)
        guard TimeZone(identifier: timeZone) != nil else {
            throw InputError("\(timeZone.quoted) is not a time zone (use a name such as Europe/Paris)")
        }
        let parts = locale.split(separator: "_", omittingEmptySubsequences: false)
        let languageOK = parts.first.map { (2...3).contains($0.count) && $0.allSatisfy { $0.isLowercase && $0.isASCII } } ?? false
        let regionOK = parts.count == 1 || (parts.count == 2 && parts[1].count == 2 && parts[1].allSatisfy { $0.isUppercase && $0.isASCII })
        guard languageOK && regionOK else {
            throw InputError("\(locale.quoted) is not a locale (use a name such as fr_FR or en_GB)")
        }
        return self
    }

    /// Today in the production's time zone, unless `pinned` (the injectable clock) says otherwise.
    public func today(now: Date = Date(), pinned: LocalDate? = nil) -> LocalDate {
        pinned ?? LocalDate(now, in: TimeZone(identifier: timeZone) ?? .current)
    }
}

/// Everything a production's ledger holds about the shoot, as plain values: what the demo
/// production is made of, and what a whole production can be loaded from.
public struct ProductionContent: Sendable {
    public var spaces: [Space] = []
    public var people: [Person] = []
    public var shootingDays: [ShootingDay] = []
    /// Release records in the order they were recorded.
    public var releases: [(subject: ReleaseSubject, release: Release)] = []
    public var logs: [LogEntry] = []
    public var pledges: [Pledge] = []
    public var expenses: [Expense] = []
    public var fundingReceipts: [FundingReceipt] = []
    public var news: [NewsPost] = []
    public var screenings: [Screening] = []

    public init() {}
}
