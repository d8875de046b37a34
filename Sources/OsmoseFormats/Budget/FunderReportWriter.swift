import Foundation
import OsmoseDomain

/// Text made safe inside HTML and SVG, attributes included.
public enum HTMLText {
    public static func escape(_ text: String) -> String {
        // Most text holds none of the five characters: it goes through untouched.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Writes a funder report as Markdown, CSV or a standalone HTML page.
public enum FunderReportWriter {
    public enum Format: String, CaseIterable, Sendable {
        case md, csv, html
    }

    public static func render(_ r: FunderReport, as format: Format) -> String {
        switch format {
        case .md: markdown(r)
        case .csv: csv(r)
        case .html: html(r)
        }
    }

    // MARK: - Markdown

    static func markdown(_ r: FunderReport) -> String {
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var out = "# \(cell(r.title)) — compte-rendu financier\n\n"
        out += "Funder: **\(cell(r.source.name))** (\(r.source.id), \(r.source.kind.rawValue)). Budget version: \(cell(r.budget.title)) (`\(r.budget.file)`).\n\n"
        out += "Granted \(r.money(r.source.planned)); received \(r.money(r.received)).\n\n"
        if !r.source.instalments.isEmpty {
            out += "| instalment | due | condition |\n|---:|---|---|\n"
            for i in r.source.instalments {
                out += "| \(r.money(i.amount)) | \(i.due?.description ?? "") | \(cell(i.condition ?? "")) |\n"
            }
            out += "\n"
        }
        out += "## Lines paid by this source\n\n| code | chapter | label | planned | actual | variance |\n|---|---|---|---:|---:|---:|\n"
        for row in r.lines {
            let shared = row.line.paidBy.count > 1 ? " (shared with \(row.line.paidBy.filter { $0 != r.source.id }.joined(separator: ", ")))" : ""
            out += "| \(cell(row.line.code)) | \(row.line.chapter) | \(cell(row.line.label + shared)) | \(r.money(row.line.estimate)) | \(r.money(row.actual)) | \(r.varianceText(row)) |\n"
        }
        out += "| **total** | | | **\(r.money(r.planned))** | **\(r.money(r.actual))** | **\(r.money(r.variance))** |\n\n"
        out += "## Other sources of the project\n\n| source | kind | planned | received |\n|---|---|---:|---:|\n"
        for f in r.otherSources {
            out += "| \(cell(f.source.name)) | \(f.source.kind.rawValue) | \(r.money(f.source.planned)) | \(r.money(f.received)) |\n"
        }
        out += "\n## Annex: contributions in kind\n\n"
        if r.inKindSources.isEmpty {
            out += "None.\n\n"
        } else {
            out += "| source | valuation | valued at | recorded |\n|---|---|---:|---:|\n"
            for f in r.inKindSources {
                out += "| \(cell(f.source.name)) | \(cell(f.source.valuation ?? "")) | \(r.money(f.source.planned)) | \(r.money(f.received)) |\n"
            }
            out += "\n"
        }
        out += "## Expenses\n\n| date | line | payee | amount | status | receipt | SHA-256 |\n|---|---|---|---:|---|---|---|\n"
        for e in r.expenses {
            out += "| \(e.date) | \(cell(e.lineCode)) | \(cell(e.payee)) | \(r.money(e.amount)) | \(e.payable ? "payable" : "paid") | \(cell(e.receipt?.path ?? "none")) | \(e.receipt?.sha256 ?? "") |\n"
        }
        return out
    }

    // MARK: - CSV

    static func csv(_ r: FunderReport) -> String {
        func row(_ cells: [String]) -> String { CSVWriter.row(cells, separator: ";") }
        func cents(_ c: Int64) -> String { Amount.format(c, currency: r.budget.currency, locale: r.locale) }
        var out = row(["section", "code", "chapter", "label", "planned", "actual", "variance", "date", "payee", "status", "receipt", "sha256"])
        for l in r.lines {
            out += row(["line", l.line.code, String(l.line.chapter), l.line.label, cents(l.line.estimate), cents(l.actual), cents(l.variance), "", "", "", "", ""])
        }
        out += row(["total", "", "", r.source.name, cents(r.planned), cents(r.actual), cents(r.variance), "", "", "", "", ""])
        for f in r.otherSources {
            out += row(["other source", f.source.id, "", f.source.name, cents(f.source.planned), cents(f.received), "", "", "", "", "", ""])
        }
        for f in r.inKindSources {
            out += row(["in kind", f.source.id, "", f.source.name + " — " + (f.source.valuation ?? ""), cents(f.source.planned), cents(f.received), "", "", "", "", "", ""])
        }
        for e in r.expenses {
            out += row(["expense", e.lineCode, "", e.note ?? "", "", cents(e.amount), "", e.date.description, e.payee, e.payable ? "payable" : "paid",
                        e.receipt?.path ?? "", e.receipt?.sha256 ?? ""])
        }
        return out
    }

    // MARK: - HTML

    static func html(_ r: FunderReport) -> String {
        func h(_ s: String) -> String { HTMLText.escape(s) }
        func tr(_ cells: [String], header: Bool = false, numeric: Set<Int> = []) -> String {
            let tag = header ? "th" : "td"
            return "<tr>" + cells.enumerated().map { "<\(tag)\(numeric.contains($0.offset) ? " class=\"n\"" : "")>\(h($0.element))</\(tag)>" }.joined() + "</tr>\n"
        }
        let lang = r.locale.hasPrefix("en") ? "en" : "fr"
        var out = """
            <!doctype html>
            <html lang="\(lang)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(h(r.title)) — compte-rendu financier</title>
            <style>body{font:15px/1.45 system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#222}
            table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left}
            .n{text-align:right;font-variant-numeric:tabular-nums}tfoot td{font-weight:bold}</style></head><body>
            <h1>\(h(r.title)) — compte-rendu financier</h1>
            <p>Funder: <strong>\(h(r.source.name))</strong> (\(h(r.source.kind.rawValue))). Budget version: \(h(r.budget.title)).
            Granted \(h(r.money(r.source.planned))); received \(h(r.money(r.received))).</p>
            <h2>Lines paid by this source</h2>
            <table><thead>
            """
        out += tr(["code", "chapter", "label", "planned", "actual", "variance"], header: true, numeric: [3, 4, 5]) + "</thead><tbody>\n"
        for l in r.lines {
            out += tr([l.line.code, String(l.line.chapter), l.line.label, r.money(l.line.estimate), r.money(l.actual), r.varianceText(l)], numeric: [3, 4, 5])
        }
        out += "</tbody><tfoot>" + tr(["total", "", "", r.money(r.planned), r.money(r.actual), r.money(r.variance)], numeric: [3, 4, 5]) + "</tfoot></table>\n"
        out += "<h2>Other sources of the project</h2><table><thead>" + tr(["source", "kind", "planned", "received"], header: true, numeric: [2, 3]) + "</thead><tbody>\n"
        for f in r.otherSources { out += tr([f.source.name, f.source.kind.rawValue, r.money(f.source.planned), r.money(f.received)], numeric: [2, 3]) }
        out += "</tbody></table>\n<h2>Annex: contributions in kind</h2><table><thead>" + tr(["source", "valuation", "valued at", "recorded"], header: true, numeric: [2, 3]) + "</thead><tbody>\n"
        for f in r.inKindSources { out += tr([f.source.name, f.source.valuation ?? "", r.money(f.source.planned), r.money(f.received)], numeric: [2, 3]) }
        out += "</tbody></table>\n<h2>Expenses</h2><table><thead>" + tr(["date", "line", "payee", "amount", "status", "receipt", "SHA-256"], header: true, numeric: [3]) + "</thead><tbody>\n"
        for e in r.expenses {
            out += tr([e.date.description, e.lineCode, e.payee, r.money(e.amount), e.payable ? "payable" : "paid", e.receipt?.path ?? "none", e.receipt?.sha256 ?? ""], numeric: [3])
        }
        out += "</tbody></table>\n</body></html>\n"
        return out
    }
}
