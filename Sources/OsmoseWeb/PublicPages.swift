import Foundation
import Hummingbird
import OsmoseDomain
import OsmoseStorage

/// Where the public pages link to: routes of the service, or files of a published copy.
struct Links: Sendable {
    let home: String
    let premiere: String
    let switchLanguage: String
    let json: String
    let badge: String
    let calendar: String

    static func server(_ lang: Language) -> Links {
        let suffix = lang == .en ? "?lang=en" : ""
        return Links(home: "/" + suffix, premiere: "/premiere" + suffix, switchLanguage: "?lang=" + lang.other.rawValue,
                     json: "/campaign.json", badge: "/campaign.svg" + suffix, calendar: "/premiere.ics")
    }

    /// A published copy: French at the top, English under en/.
    static func published(_ lang: Language) -> Links {
        lang == .fr
            ? Links(home: "index.html", premiere: "premiere.html", switchLanguage: "en/index.html", json: "campaign.json", badge: "campaign.svg",
                    calendar: "premiere.ics")
            : Links(home: "index.html", premiere: "premiere.html", switchLanguage: "../index.html", json: "../campaign.json", badge: "campaign.svg",
                    calendar: "../premiere.ics")
    }
}

/// The public pages, as text: the same whether served or published. Nothing private goes in:
/// contributors appear by public name only, anonymous ones as “anonymous”.
extension Site {
    func money(_ cents: Int64, lang: Language, currency: String = "EUR") -> String {
        Amount.format(cents, currency: currency, locale: lang.locale)
    }

    func campaignHTML(_ lang: Language, links: Links) throws -> String {
        let title = settings.title
        var model: [String: Any] = ["t": lang.strings, "title": title, "links": linkContext(links)]
        let budget = try? currentBudget()
        if let budget, let f = try figures(budget) {
            let m = { (c: Int64) in self.money(c, lang: lang, currency: budget.currency) }
            let scale = Double(([f.target, f.pledged] + f.campaign.stretchGoals.map(\.amount)).max() ?? 1)
            func percentOfScale(_ cents: Int64) -> String { String(format: "%.1f", min(100, Double(cents) * 100 / max(scale, 1))) }
            let state: String
            if f.ended { state = lang.t("ended") } else if !f.started { state = "\(lang.t("opens_on")) \(longDate(f.campaign.opens, lang: lang))" } else {
                state = "\(f.daysLeft) \(lang.t(f.daysLeft == 1 ? "day_left" : "days_left"))"
            }
            let pitch = lang == .en ? (f.campaign.pitchEnglish ?? f.campaign.pitch) : (f.campaign.pitch ?? f.campaign.pitchEnglish)
            model["campaign"] = [
                "pitch": pitch ?? "", "platform": f.campaign.platform,
                "pledged": m(f.pledged), "collected": m(f.collected), "target": m(f.target),
                "percent": Amount.formatPercent(f.percent, locale: lang.locale), "backers": f.backers, "state": state,
                "collectedWidth": percentOfScale(f.collected), "pledgedWidth": percentOfScale(f.pledged), "targetAt": percentOfScale(f.target),
                "goals": f.campaign.stretchGoals.map { goal in
                    ["title": goal.title, "amount": m(goal.amount), "at": percentOfScale(goal.amount), "reached": f.pledged >= goal.amount]
                },
                "tiers": f.tiers.map { tier -> [String: Any] in
                    let left: String
                    if let remaining = tier.remaining { left = remaining == 0 ? lang.t("sold_out") : "\(remaining) \(lang.t("remaining"))" } else { left = lang.t("unlimited") }
                    let seats = tier.tier.premiereSeats
                    return ["title": tier.tier.title, "minimum": m(tier.tier.minimum), "left": left, "soldOut": tier.remaining == 0,
                            "description": tier.tier.description ?? "",
                            "seats": seats == 0 ? "" : "\(seats) \(lang.t(seats == 1 ? "seat" : "seats"))"]
                },
                "chart": Charts.cumulative(f, money: m, lang: lang),
                "forecast": forecastText(f, money: m, lang: lang),
            ]
            let latest = try ledger.latestPledges(limit: 12, upTo: today).map { pledge in
                // A public name stored before the text rule shows its controls written out, not turned around.
                ["name": pledge.displayName ?? lang.t("anonymous"), "date": shortDate(pledge.date, lang: lang)]
            }
            model["latest"] = latest
            model["hasLatest"] = !latest.isEmpty
        }
        let news = try ledger.news(limit: 10).map { post in
            ["title": post.title, "body": post.body, "date": shortDate(LocalDate(post.publishedAt, in: timeZone), lang: lang)]
        }
        model["news"] = news
        model["hasNews"] = !news.isEmpty
        return render("layout", PageFrame(lang: lang, title: title, path: "/", content: render("campaign", model)).withLinks(links))
    }

    func premiereHTML(_ lang: Language, links: Links) throws -> String {
        var model: [String: Any] = ["t": lang.strings, "film": settings.title, "links": linkContext(links)]
        let all = try ledger.screenings()
        if let next = all.first(where: { $0.screening.date >= today }) ?? all.last {
            model["screening"] = [
                "title": next.screening.title, "date": longDate(next.screening.date, lang: lang), "time": next.screening.time.description,
                "venue": next.venue.name, "address": next.venue.address ?? "",
            ]
        }
        return render("layout", PageFrame(lang: lang, title: "\(lang.t("premiere")) — \(settings.title)", path: "/premiere",
                                          content: render("premiere", model)).withLinks(links))
    }

    /// The public figures: the same keys and values as `osmose campaign --json`.
    func campaignJSON() throws -> String {
        let budget = try currentBudget()
        guard let f = try figures(budget) else { throw HTTPError(.notFound, message: "the current budget has no campaign") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = CampaignJSON(f, currency: budget.currency, warnings: f.warnings(budget: budget, locale: settings.locale))
        return String(decoding: try encoder.encode(json), as: UTF8.self)
    }

    func badgeSVG(_ lang: Language) throws -> String {
        let budget = try? currentBudget()
        let f = try budget.flatMap { try figures($0) }
        return Charts.badge(f, money: { self.money($0, lang: lang, currency: budget?.currency ?? "EUR") }, lang: lang)
    }

    // MARK: - Helpers

    var timeZone: TimeZone { TimeZone(identifier: settings.timeZone) ?? .current }

    func linkContext(_ links: Links) -> [String: String] {
        ["home": links.home, "premiere": links.premiere, "json": links.json, "badge": links.badge, "calendar": links.calendar]
    }

    func forecastText(_ f: CampaignFigures, money: (Int64) -> String, lang: Language) -> String {
        switch f.forecast.confidence {
        case .none: return lang.t("forecast_none")
        case .final: return money(f.pledged) + " (" + lang.t("confidence_final") + ")"
        default:
            return "\(money(f.forecast.central)) — \(lang.t("forecast_range")) \(money(f.forecast.low)) – \(money(f.forecast.high)) (\(lang.t("confidence_" + f.forecast.confidence.rawValue)))"
        }
    }

    func longDate(_ date: LocalDate, lang: Language) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: lang.locale)
        formatter.timeZone = timeZone
        formatter.dateStyle = .full
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let instant = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12)) ?? Date()
        return formatter.string(from: instant)
    }

    func shortDate(_ date: LocalDate, lang: Language) -> String {
        lang == .fr ? String(format: "%02d/%02d/%04d", date.day, date.month, date.year) : date.description
    }
}

extension PageFrame {
    func withLinks(_ links: Links) -> [String: Any] {
        var c = context
        c["switchHref"] = links.switchLanguage
        c["homeHref"] = links.home
        c["premiereHref"] = links.premiere
        return c
    }
}
