import Foundation
import OsmoseDomain

extension Site {
    /// Writes the public pages in both languages, `campaign.json` and the badges as static files
    /// (French at the top, English under `en/`) with `premiere.ics` and the hosts' `_headers`, each replaced in one step. Returns the files written.
    @discardableResult
    public func publish(to folder: URL) throws -> [String] {
        var files: [(String, String)] = []
        for lang in Language.allCases {
            let prefix = lang == .fr ? "" : "en/"
            files.append((prefix + "index.html", try campaignHTML(lang, links: .published(lang))))
            files.append((prefix + "premiere.html", try premiereHTML(lang, links: .published(lang))))
            files.append((prefix + "campaign.svg", try badgeSVG(lang)))
        }
        if let json = try? campaignJSON() { files.append(("campaign.json", json)) }
        files.append(("premiere.ics", try ledger.calendar(team: false, plannedFrom: today)))
        // The security headers the service sends, in the `_headers` file that Netlify and Cloudflare Pages read.
        files.append(("_headers", "/*\n" + ([("Content-Security-Policy", SecurityHeaders.publicPolicy)] + SecurityHeaders.fixed)
            .map { "  \($0.name): \($0.value)\n" }.joined()))
        let fm = FileManager.default
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        }
        return files.map(\.0)
    }
}
