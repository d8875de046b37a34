import ArgumentParser
import Foundation
import OsmoseDomain
import OsmoseStorage

struct PrivacyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy", abstract: "A person's rights over their data: everything held about them, or its erasure.",
        discussion: """
            PERSON is a name or an e-mail address; a contributor, a participant and a guest of that name or address are
            the same person, and each name or address found leads to the others. Both commands are journaled.
            """,
        subcommands: [Export.self, Erase.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Everything held about one person, as JSON: their records, pledges, invitations, releases, the journal's entries.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A name or an e-mail address.") var person: String
        @Option(help: "Write to this file (readable by its owner only) instead of standard output.") var out: String?

        func run() throws {
            let production = try global.open()
            var found = try production.ledger.exportPersonalData(person)
            found.files = production.files(naming: found)
            let data = try Console.jsonData(found)
            guard let out else { return Console.line(String(decoding: data, as: UTF8.self)) }
            let url = MoneyContext.file(out)
            try data.write(to: url, options: [.atomic])
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
            Console.line("Wrote everything held about \(person.quoted) to \(url.path).")
        }
    }

    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase one person's name and contact details; amounts, dates and releases (as proof) stay.",
            discussion: """
                Their name becomes a pseudonym (“Erased 3F9A0C”) in people, pledges and the guest lists; e-mail addresses,
                phone numbers, public names, messages and notes are removed, from the journal too. Amounts, dates, statuses
                and seats stay, so the accounts still add up. A release stays as proof of consent: its status, dates, scope,
                territory and signed scan, without its note. Where a free-text field of another record (a note, a log text,
                a payee, a news post…) names them, their name there becomes the pseudonym and their address or phone number
                “[erased]”; each such field is listed. footage-index/clips.json is written again, and a file of the
                footage index or the budgets that still names them is listed. Pages served by “osmose serve” stop
                showing them at once. Cannot be undone: without --yes, says what it would do, field by field.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A name or an e-mail address.") var person: String
        @Flag(help: "Erase (without it, nothing is changed).") var yes = false

        func run() throws {
            let production = try global.open()
            let ledger = production.ledger
            let data = try ledger.personalData(person)
            guard yes else {
                Console.line("Would erase \((data.names + data.emails).map(\.quoted).joined(separator: ", ")): "
                    + "\(data.people.count) people, \(data.pledges.count) pledges, \(data.guests.count) invitations, "
                    + "\(data.releases.count) releases kept as proof, \(data.journal.count) journal entries, "
                    + "\(data.mentions.count) fields of other records that name them.")
                for mention in data.mentions { Console.line("  would redact \(mention.place)") }
                for mention in data.kept { Console.line("  would leave \(mention.place) (\(mention.note ?? "kept"))") }
                Console.error("Nothing erased: this cannot be undone. Run again with --yes to erase.")
                throw ExitCode(1)
            }
            let erasure = try ledger.erasePersonalData(person)
            Console.line("Erased \(person.quoted): now “\(erasure.pseudonym)” in \(erasure.people) people, \(erasure.pledges) pledges, "
                + "\(erasure.guests) invitations; \(erasure.releases) releases kept as proof; \(erasure.journalEntries) journal entries "
                + "and \(erasure.mentions.count) fields of other records redacted.")
            for mention in erasure.mentions { Console.line("  redacted \(mention.place)") }
            for mention in erasure.kept { Console.line("Still names them: \(mention.place) (\(mention.note ?? "kept")), left as it is.") }
            // The clip index names the people seen in each clip: written again, it names the pseudonym.
            if FileManager.default.fileExists(atPath: production.footageIndexURL.appendingPathComponent("clips.json").path) {
                try FootageIngest.writeClipIndex(production)
                Console.line("Wrote footage-index/clips.json again.")
            }
            for file in production.files(naming: data) { Console.line("Still names them: \(file.path) (\(file.note)).") }
            Console.line("Backups made before now still hold their data; "
                + "a published copy of the site shows it until “osmose publish” runs again.")
        }
    }
}
