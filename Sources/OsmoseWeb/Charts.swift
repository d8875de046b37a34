import Foundation
import OsmoseDomain
import OsmoseFormats

/// Charts drawn as SVG on the server: they need no JavaScript and print as they show.
enum Charts {
    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Cumulative pledges day by day against the target, the stretch goals, and the forecast's
    /// range from today to the closing day.
    static func cumulative(_ f: CampaignFigures, money: (Int64) -> String, lang: Language) -> String {
        let width = 640.0, height = 260.0, left = 70.0, right = 20.0, top = 16.0, bottom = 34.0
        let days = Double(max(1, f.campaign.durationDays))
        let goals = f.campaign.stretchGoals.map(\.amount)
        let top_ = Double(([f.target, f.pledged, f.forecast.high] + goals).max() ?? 1) * 1.08
        let maxY = max(top_, 1)
        func x(_ day: Double) -> Double { left + (width - left - right) * day / days }
        func y(_ cents: Int64) -> Double { top + (height - top - bottom) * (1 - Double(cents) / maxY) }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="chart-title" class="chart">
            <title id="chart-title">\(escape(lang.t("chart_title")))</title>
            <rect x="\(left)" y="\(top)" width="\(width - left - right)" height="\(height - top - bottom)" fill="#fafaf7" stroke="#ddd"/>

            """
        // The target and the stretch goals.
        svg += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(number(y(f.target)))\" y2=\"\(number(y(f.target)))\" stroke=\"#c0392b\" stroke-width=\"1.5\"/>\n"
        svg += "<text x=\"\(left - 6)\" y=\"\(number(y(f.target) + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"#c0392b\">\(escape(money(f.target)))</text>\n"
        for goal in goals {
            svg += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(number(y(goal)))\" y2=\"\(number(y(goal)))\" stroke=\"#8e44ad\" stroke-dasharray=\"4 3\"/>\n"
            svg += "<text x=\"\(left - 6)\" y=\"\(number(y(goal) + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"#8e44ad\">\(escape(money(goal)))</text>\n"
        }
        // The forecast's range, from today to the close.
        let elapsed = Double(f.dailyPledged.count)
        if f.forecast.confidence != .final && f.forecast.confidence != .none && elapsed < days {
            let points = [(x(elapsed), y(f.pledged)), (x(days), y(f.forecast.high)), (x(days), y(f.forecast.low))]
            svg += "<polygon points=\"\(points.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " "))\" fill=\"#f5b041\" fill-opacity=\"0.3\"><title>\(escape(lang.t("forecast_range"))): \(escape(money(f.forecast.low))) – \(escape(money(f.forecast.high)))</title></polygon>\n"
            svg += "<line x1=\"\(number(x(elapsed)))\" y1=\"\(number(y(f.pledged)))\" x2=\"\(number(x(days)))\" y2=\"\(number(y(f.forecast.central)))\" stroke=\"#d68910\" stroke-dasharray=\"5 4\" stroke-width=\"1.5\"/>\n"
        }
        // What was pledged, day after day.
        var total: Int64 = 0
        var path = "M\(number(x(0))),\(number(y(0)))"
        for (day, amount) in f.dailyPledged.enumerated() {
            total += amount
            path += " L\(number(x(Double(day + 1)))),\(number(y(total)))"
        }
        svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"#1e6f5c\" stroke-width=\"2.5\"/>\n"
        svg += "<text x=\"\(left)\" y=\"\(height - 12)\" font-size=\"11\" fill=\"#555\">\(escape(f.campaign.opens.description))</text>\n"
        svg += "<text x=\"\(width - right)\" y=\"\(height - 12)\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">\(escape(f.campaign.closes.description))</text>\n"
        svg += "<text x=\"\(left - 6)\" y=\"\(number(y(0) + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">0</text>\n"
        svg += "</svg>"
        return svg
    }

    /// A small badge other sites can embed: what is pledged and the percentage of the target.
    static func badge(_ f: CampaignFigures?, money: (Int64) -> String, lang: Language) -> String {
        let label = lang == .fr ? "campagne" : "campaign"
        let value = f.map { "\(money($0.pledged)) · \(Amount.formatPercent($0.percent, locale: lang.locale))" } ?? "—"
        let leftWidth = 8 + label.count * 7, rightWidth = 10 + value.count * 7
        let fraction = min(1, Double(f?.pledged ?? 0) / Double(max(1, f?.target ?? 1)))
        let total = leftWidth + rightWidth
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(total)" height="20" role="img" aria-label="\(escape(label)): \(escape(value))">
            <title>\(escape(label)): \(escape(value))</title>
            <rect width="\(leftWidth)" height="20" fill="#555"/>
            <rect x="\(leftWidth)" width="\(rightWidth)" height="20" fill="#1e6f5c"/>
            <rect x="\(leftWidth)" y="17" width="\(number(Double(rightWidth) * fraction))" height="3" fill="#f5b041"/>
            <g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">
            <text x="6" y="14">\(escape(label))</text>
            <text x="\(leftWidth + 5)" y="14">\(escape(value))</text>
            </g>
            </svg>
            """
    }
}
