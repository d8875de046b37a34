import ArgumentParser
import Foundation
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage

struct ReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Release forms of people and spaces, and who is cleared for what.",
        subcommands: [Add.self, ReleaseListCommand.self, History.self, ReleaseGateCommand.self])

    /// `PERSON` or `--space NAME`: the subject of a release.
    struct Subject: ParsableArguments {
        @Argument(help: "The person the release is for.") var person: String?
        @Option(help: "The space the release is for (a location release).") var space: String?

        func validate() throws {
            if (person == nil) == (space == nil) { throw ValidationError("name either a PERSON or a --space, not both or neither") }
        }

        var subject: ReleaseSubject { space.map(ReleaseSubject.space) ?? .person(person ?? "") }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", 
            abstract: "Record a new state of a release; earlier records stay as its history.",
            discussion: "A signed release needs --scope. The territory defaults to world, the signature date to today.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var subject: Subject
        @Option(help: "requested, signed, refused or revoked.") var status: String
        @Option(help: "The signature date, YYYY-MM-DD (default: today, for a signed release).") var signedOn: String?
        @Option(help: "The usages allowed: festival,cinema,tv,web,education.") var scope: String?
        @Option(help: "Where: world, europe, or countries such as france (comma-separated).") var territory = "world"
        @Option(help: "The last day the release is valid, YYYY-MM-DD.") var until: String?
        @Flag(help: "The guardian of a minor signed too.") var guardianSigned = false
        @Option(help: "A scan of the signed form, copied into the production with its SHA-256.") var file: String?
        @Option var note: String?

        func run() throws {
            let production = try global.open()
            let status = try Release.Status(parsing: status)
            var signedOn = try Typed.date(signedOn)
            if status == .signed && signedOn == nil { signedOn = try Clock.today(try production.ledger.settings()) }
            let release = Release(
                status: status, signedOn: signedOn, scope: try scope.map(Usage.parseScope) ?? [],
                territories: try Territory.parseList(territory), until: try Typed.date(until),
                guardianSigned: guardianSigned, note: note)
            let scan = try file.map { path -> (URL, String) in
                let url = try MoneyContext.input(path)
                return (url, try FileDigest.sha256(of: url))
            }
            try production.addRelease(release, for: subject.subject, scan: scan.map { (file: $0.0, sha256: $0.1) })
            var line = "Recorded a \(status.rawValue) release for “\(subject.subject.name)”"
            if let scan { line += ", scan \(scan.1.prefix(12))…" }
            Console.line(line + ".")
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "history", abstract: "Every recorded state of one release, oldest first.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var subject: Subject
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let history = try global.open(readOnly: true).ledger.releaseHistory(for: subject.subject)
            if json { return try Console.json(history) }
            if history.isEmpty { return Console.line("No release recorded for “\(subject.subject.name)”.") }
            Console.table(["RECORDED", "STATUS", "SIGNED", "SCOPE", "TERRITORY", "UNTIL", "SCAN", "NOTE"], history.map {
                [$0.recordedAt.formatted(.iso8601.year().month().day()), $0.status.rawValue, $0.signedOn?.description ?? "",
                 Usage.describe($0.scope), $0.territories.map(\.name).joined(separator: ","), $0.until?.description ?? "",
                 $0.scan.map { String($0.sha256.prefix(12)) } ?? "", $0.note ?? ""]
            })
        }
    }
}

struct ReleaseListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Every participant and space filmed, and whether each is cleared for a usage.",
        discussion: "Cleared is computed from the latest release record: never typed.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var showing: Showing
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let production = try global.open(readOnly: true)
        let (usage, territory, date) = try showing.resolve(production)
        let rows = try production.ledger.clearances(usage: usage, territory: territory, on: date)
        if json { return try Console.json(rows.map { ClearanceJSON($0, usage: usage, territory: territory) }) }
        Self.printMatrix(rows, usage: usage, territory: territory)
    }

    static func printMatrix(_ rows: [Clearance], usage: Usage, territory: Territory) {
        Console.table(["SUBJECT", "KIND", "STATUS", "CLEARED", "WHY NOT"], rows.map { row in
            [row.subject.name, row.subject.kind, row.current?.status.rawValue ?? "none", row.cleared ? "yes" : "NO",
             row.reasons.map { $0.explained(usage: usage, territory: territory, release: row.current) }.joined(separator: "; ")]
        })
        let blocked = rows.filter { !$0.cleared }.count
        Console.line(blocked == 0 ? "All \(rows.count) cleared for \(usage.rawValue)." : "\(blocked) of \(rows.count) not cleared for \(usage.rawValue).")
    }
}

struct ReleaseGateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Whether a cut may be shown: every person and space in it needs a release covering the usage.",
        discussion: """
            A release clears a subject when it is signed, not revoked, guardian-signed for a minor, and its scope,
            territory and term cover the usage on the date. Events matched to no clip fail the gate too: nobody can say
            who is in them. Exit 0 only when the cut is cleared.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "The cut, as imported with “osmose cut import”.") var cut: String
    @OptionGroup var showing: Showing
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let production = try global.open(readOnly: true)
        let (usage, territory, date) = try showing.resolve(production)
        let gate = try production.ledger.releaseGate(cut: cut, usage: usage, territory: territory, on: date)
        if json {
            try Console.json(gate)
        } else {
            Self.print(gate, cut: cut)
        }
        if !gate.cleared { throw ExitCode(1) }
    }

    static func print(_ gate: ReleaseGate, cut: String) {
        let blocked = gate.subjects.filter { !$0.cleared }
        for subject in blocked {
            let c = subject.clearance
            let why = c.reasons.map { $0.explained(usage: gate.usage, territory: gate.territory, release: c.current) }.joined(separator: "; ")
            Console.line("NOT CLEARED  \(c.subject.kind) \(c.subject.name.quoted): \(why)")
            for a in subject.appearances {
                Console.line("    event \(a.event)  \(a.recordIn)–\(a.recordOut)  \(a.clip)")
            }
        }
        for event in gate.unmatched {
            Console.line("UNKNOWN      event \(event.event.number)  \(event.event.recordIn)–\(event.event.recordOut)  \(event.event.clipName ?? event.event.reel ?? "?"): matches no indexed clip")
        }
        if !gate.untagged.isEmpty {
            Console.line("Note: \(gate.untagged.count) event(s) show clips with nobody tagged (\(gate.untagged.compactMap(\.clip).joined(separator: ", "))).")
        }
        let cleared = gate.subjects.count - blocked.count
        Console.line(gate.cleared
            ? "Cut \(cut.quoted) is cleared for \(gate.usage.rawValue) in \(gate.territory.name) on \(gate.date): all \(gate.subjects.count) subjects have a release."
            : "Cut \(cut.quoted) is NOT cleared for \(gate.usage.rawValue) in \(gate.territory.name) on \(gate.date): \(cleared) of \(gate.subjects.count) subjects cleared, \(gate.unmatched.count) unknown event(s).")
    }
}

/// How and where the film is to be shown: what a release must cover.
struct Showing: ParsableArguments {
    @Option(help: "festival, cinema, tv, web or education.") var usage = "cinema"
    @Option(help: "Where the film is shown.") var territory = "france"
    @Option(help: "The date the film is shown (default: today).") var on: String?

    func resolve(_ production: ProductionFolder) throws -> (Usage, Territory, LocalDate) {
        (try Usage(parsing: usage), try Territory(parsing: territory),
         try Typed.date(on) ?? Clock.today(try production.ledger.settings()))
    }
}
