import ArgumentParser
import Foundation
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage

struct ScreeningCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screening", abstract: "Screenings: the premiere and the others, their guests, the door, the checklist.",
        subcommands: [Add.self, Set.self, List.self, Show.self, Invite.self, Guests.self, Links.self, Answer.self, Checkin.self,
                      Checklist.self, Copy.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Plan a screening.")
        @OptionGroup var global: GlobalOptions
        @Argument var title: String
        @Option(help: "The venue (a space).") var venue: String
        @Option(help: "\"YYYY-MM-DD HH:MM\", in the production's time zone.") var at: String
        @Option(help: "How many seats.") var capacity: Int
        @Option(help: "dcp, prores, bluray or file.") var format = "dcp"
        @Option(help: "The cut shown (its release gate goes on the checklist).") var cut: String?
        @Option(help: "Companions each participant may bring.") var companions = 1

        func run() throws {
            let (date, time) = try Screening.parseStart(at)
            let context = try MoneyContext(global)
            let id = try context.ledger.addScreening(Screening(
                title: title, venue: venue, date: date, time: time, capacity: capacity, format: try Screening.Format(parsing: format)))
            try context.ledger.setScreening(id, cut: cut.map { .some($0) }, companions: companions)
            try ScreeningCommand.sync(context, id)
            Console.line("Planned screening #\(id): “\(title)” on \(date) at \(time), \(capacity) seats; \(try context.ledger.guests(screening: id).count) guests invited.")
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Change a screening's capacity, the cut it shows, or the companions of participants.",
            discussion: "A larger room takes guests off the waiting list, in order; a room smaller than the seats confirmed is refused.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The screening's number.") var id: Int64
        @Option(help: "How many seats.") var capacity: Int?
        @Option(help: "The cut shown (empty to clear).") var cut: String?
        @Option(help: "Companions each participant may bring.") var companions: Int?

        func run() throws {
            let context = try MoneyContext(global)
            let cut: String?? = self.cut.map { (text: String) -> String? in text.isEmpty ? nil : text }
            try context.ledger.setScreening(id, cut: cut, companions: companions)
            if let capacity { try context.ledger.setCapacity(screening: id, to: capacity) }
            try ScreeningCommand.sync(context, id)
            Console.line("Screening #\(id) updated.")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the screenings.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let ledger = try global.open(readOnly: true).ledger
            let screenings = try ledger.screenings()
            if json { return try Console.json(try screenings.map { try ScreeningJSON($0.screening, venue: $0.venue, ledger: ledger) }) }
            Console.table(["#", "DATE", "TIME", "TITLE", "VENUE", "SEATS", "CONFIRMED", "FORMAT"], try screenings.map {
                ["\($0.screening.id ?? 0)", $0.screening.date.description, $0.screening.time.description, $0.screening.title,
                 $0.venue.name, "\($0.screening.capacity)", "\(try ledger.roomCount(screening: $0.screening.id ?? 0).confirmed)",
                 $0.screening.format.rawValue]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "A screening: when, where, the room, the checklist.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The screening's number.") var id: Int64
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let context = try MoneyContext(global)
            try ScreeningCommand.sync(context, id)
            let ledger = context.ledger
            let (screening, venue) = try ledger.screening(id)
            let summary = try ScreeningJSON(screening, venue: venue, ledger: ledger)
            if json { return try Console.json(summary) }
            Console.line("#\(id) “\(screening.title)” — \(screening.date) at \(screening.time), \(venue.name)\(venue.address.map { ", \($0)" } ?? "")")
            Console.line("Format \(screening.format.rawValue); cut \(summary.cut ?? "not named"); participants bring \(summary.companions) companion(s).")
            let room = summary.room
            Console.line("Room: \(room.confirmed) of \(room.capacity) seats confirmed, \(room.waiting) waiting, \(room.checkedIn) checked in; \(room.invited) guests invited.")
            Console.line()
            for item in summary.checklist { Console.line("  [\(item.done ? "x" : " ")] \(item.item.label)\(item.detail.isEmpty ? "" : " — \(item.detail)")") }
        }
    }

    struct Invite: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "invite", abstract: "Invite someone by hand: the press, the funder, a partner.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The screening's number.") var id: Int64
        @Argument(help: "The guest's name.") var name: String
        @Option(help: "Seats offered.") var seats = 1
        @Option(help: "press, partner or other (or any guest kind).") var kind = "other"
        @Option(help: "Their e-mail, for the invitation.") var email: String?

        func run() throws {
            let context = try MoneyContext(global)
            try context.ledger.invite(screening: id, name: name, seats: seats, kind: try Guest.Kind(parsing: kind), email: email)
            try ScreeningCommand.sync(context, id)
            Console.line("Invited “\(name)” (\(kind), \(seats) seat\(seats == 1 ? "" : "s")) to screening #\(id).")
        }
    }

    struct Guests: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "guests", abstract: "The guest list: who, why, how many seats, their answer, who came.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The screening's number.") var id: Int64
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let context = try MoneyContext(global)
            try ScreeningCommand.sync(context, id)
            let records = try context.ledger.guests(screening: id)
            if json { return try Console.json(records.map(GuestJSON.init)) }
            Console.table(["GUEST", "KIND", "OFFERED", "SEATS", "RSVP", "IN"], records.map {
                [$0.guest.name, $0.guest.kind.rawValue, "\($0.guest.allowance)", "\($0.guest.seats)", $0.guest.rsvp.rawValue, "\($0.guest.checkedIn)"]
            })
            let room = try context.ledger.roomCount(screening: id)
            Console.line()
            Console.line("\(room.confirmed) of \(room.capacity) seats confirmed, \(room.waiting) waiting, \(room.checkedIn) checked in.")
        }
    }

    struct Links: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "links", abstract: "Make the guests' personal answer links, for a mail merge.",
            discussion: """
                Prints a link for each guest who has none yet: the ledger keeps only its SHA-256, so a link is shown once, when it is made \
                (run it again after new guests are drawn, and only they are printed). --new-links makes new links for every guest, or for \
                the one named by --guest, and their old links stop working. Links are made from --base (default http://127.0.0.1:8080, \
                what “osmose serve” listens on); give the address the guests will reach.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The screening's number.") var id: Int64
        @Option(help: "The service's public address.") var base = "http://127.0.0.1:8080"
        @Flag(help: "Print CSV (name, email, kind, seats, link).") var csv = false
        @Flag(help: "Make new links for guests who already have one (their old links stop working).") var newLinks = false
        @Option(help: "Only this guest.") var guest: String?

        func run() throws {
            let context = try MoneyContext(global)
            try ScreeningCommand.sync(context, id)
            let base = base.hasSuffix("/") ? String(base.dropLast()) : base
            let issued = try context.ledger.issueLinks(screening: id, renew: newLinks, only: guest)
            let rows = issued.map { r, token in
                [r.guest.name, r.email ?? "", r.guest.kind.rawValue, "\(r.guest.allowance)", "\(base)/rsvp/\(token)"]
            }
            let kept = try context.ledger.guests(screening: id).filter { r in
                r.hasLink && !issued.contains { $0.record.id == r.id } && guest.map { NameKey.fold($0) == NameKey.fold(r.guest.name) } != false
            }.count
            if kept > 0 {
                Console.error("\(kept) guest\(kept == 1 ? " has" : "s have") a link made before, not shown again (the ledger keeps only its hash): "
                    + "--new-links makes new ones.")
            }
            if csv {
                Console.text(CSVWriter.row(["name", "email", "kind", "seats", "link"]))
                for row in rows { Console.text(CSVWriter.row(row)) }
            } else {
                Console.table(["GUEST", "EMAIL", "KIND", "SEATS", "LINK"], rows)
            }
        }
    }

    struct Answer: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "answer", abstract: "Record an answer a guest gave another way (by phone, in person).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The screening's number.") var id: Int64
        @Argument(help: "The guest's name.") var name: String
        @Flag(help: "They come.") var yes = false
        @Flag(help: "They do not come.") var no = false
        @Option(help: "Seats, with --yes (default: all offered).") var seats: Int?

        func run() throws {
            guard yes != no else { throw ValidationError("say --yes or --no") }
            let ledger = try global.open().ledger
            let offered = try ledger.guests(screening: id).first { NameKey.fold($0.guest.name) == NameKey.fold(name) }?.guest.allowance ?? 1
            let record = try ledger.answer(screening: id, name: name, accept: yes, seats: yes ? (seats ?? offered) : 0)
            Console.line(ScreeningCommand.describe(record.guest))
        }
    }

    struct Checkin: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "checkin", abstract: "Check a guest in at the door.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The screening's number.") var id: Int64
        @Argument(help: "The guest's name.") var name: String
        @Option(help: "People coming in (default: the seats confirmed, else 1; 0 undoes it).") var seats: Int?

        func run() throws {
            let ledger = try global.open().ledger
            let current = try ledger.guests(screening: id).first { NameKey.fold($0.guest.name) == NameKey.fold(name) }?.guest
            let count = seats ?? current?.seatsAtDoor ?? 1
            let record = try ledger.checkIn(screening: id, name: name, seats: count)
            let room = try ledger.roomCount(screening: id)
            Console.line("\(record.guest.name): \(record.guest.checkedIn) checked in. Room: \(room.checkedIn) in, \(room.confirmed) confirmed, \(room.capacity) seats.")
        }
    }

    struct Checklist: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "checklist", abstract: "Is the film ready: the technical checklist.",
            discussion: "Items: copy, subtitles, sound-level, test-projection, release-gate. The copy is done when the latest screening copy checked is the approved export (osmose screening copy); the release gate is worked out from the cut shown.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The screening's number.") var id: Int64
        @Option(help: "Tick an item.") var done: String?
        @Option(help: "Untick an item.") var undo: String?
        @Option(help: "A note with --done (\"EN and FR\", \"-27 LUFS\"…).") var note: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let ledger = try global.open().ledger
            if let done { try ledger.setChecklistItem(screening: id, try ChecklistItem.Item(parsing: done), done: true, note: note) }
            if let undo { try ledger.setChecklistItem(screening: id, try ChecklistItem.Item(parsing: undo), done: false) }
            let items = try ledger.checklist(screening: id)
            if json { return try Console.json(ChecklistJSON(screening: id, ready: items.allSatisfy(\.done), items: items)) }
            for item in items { Console.line("[\(item.done ? "x" : " ")] \(item.item.rawValue)  \(item.item.label)\(item.detail.isEmpty ? "" : " — \(item.detail)")") }
            Console.line(items.allSatisfy(\.done) ? "Ready." : "Not ready: \(items.filter { !$0.done }.count) item(s) left.")
        }
    }

    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "copy", abstract: "Record a screening file's checksum and say whether it is the approved export.",
            discussion: "--approve makes this file the approved export; without it the file is checked against the approved one (exit 1 when it differs).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The screening's number.") var id: Int64
        @Argument(help: "The screening file (the export, the DCP's picture MXF…).") var file: String
        @Flag(help: "This file is the approved export.") var approve = false

        func run() throws {
            let ledger = try global.open().ledger
            let url = try MoneyContext.input(file)
            _ = try ledger.screening(id)
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value ?? 0
            let digest = try MultiHasher.hash(file: url, [.xxh128])[.xxh128] ?? ""
            let approved = try ledger.copies(screening: id).first(where: \.approved)
            try ledger.recordCopy(screening: id, path: url.standardizedFileURL.path, size: size, xxh128: digest, approve: approve)
            if approve { return Console.line("Approved export for screening #\(id): \(file) (\(ByteSize.describe(size)), xxh128 \(digest)).") }
            guard let approved else {
                Console.line("Recorded \(file) (xxh128 \(digest)); no export is approved yet: approve one with “osmose screening copy \(id) FILE --approve”.")
                throw ExitCode(1)
            }
            if approved.xxh128 == digest && approved.size == size {
                Console.line("\(file) is the approved export (xxh128 \(digest)).")
            } else {
                Console.line("\(file) is NOT the approved export: xxh128 \(digest), \(ByteSize.describe(size)); approved \(approved.xxh128), \(ByteSize.describe(approved.size)) (\(approved.path)).")
                throw ExitCode(1)
            }
        }
    }

    /// Brings the guest list up to date with the pledges and the people before it is shown or used.
    static func sync(_ context: MoneyContext, _ id: Int64) throws {
        try sync(context.production, id)
    }

    /// The seats of each pledge tier come from the current budget's campaign.
    static func sync(_ production: ProductionFolder, _ id: Int64) throws {
        let seats = (try? BudgetFile.readFolder(production.budgetsURL).current())?.campaign?.seatsByTier ?? [:]
        try production.ledger.syncGuests(screening: id, tierSeats: seats)
    }

    static func describe(_ guest: Guest) -> String {
        switch guest.rsvp {
        case .yes: "\(guest.name) comes with \(guest.seats) seat\(guest.seats == 1 ? "" : "s")."
        case .no: "\(guest.name) does not come."
        case .waitlist: "\(guest.name) is on the waiting list for \(guest.seats) seat\(guest.seats == 1 ? "" : "s")."
        case .pending: "\(guest.name) has not answered."
        }
    }
}

struct GuestJSON: Encodable {
    let name: String, kind: String, allowance: Int, seats: Int, rsvp: String, checked_in: Int, waitlist_position: Int?

    init(_ record: GuestRecord) {
        name = record.guest.name
        kind = record.guest.kind.rawValue
        allowance = record.guest.allowance
        seats = record.guest.seats
        rsvp = record.guest.rsvp.rawValue
        checked_in = record.guest.checkedIn
        waitlist_position = record.guest.waitlistedAt
    }
}

struct ChecklistJSON: Encodable {
    let screening: Int64
    let ready: Bool
    let items: [ChecklistItem]
}

struct ScreeningJSON: Encodable {
    let id: Int64?, title: String, venue: String, address: String?, date: String, time: String, capacity: Int, format: String
    let cut: String?, companions: Int, room: RoomCount, ready: Bool, checklist: [ChecklistItem]

    init(_ screening: Screening, venue: Space, ledger: Ledger) throws {
        let id = screening.id ?? 0
        self.id = screening.id
        title = screening.title
        self.venue = venue.name
        address = venue.address
        date = screening.date.description
        time = screening.time.description
        capacity = screening.capacity
        format = screening.format.rawValue
        cut = try ledger.screeningCut(id)
        companions = try ledger.screeningCompanions(id)
        room = try ledger.roomCount(screening: id)
        checklist = try ledger.checklist(screening: id)
        ready = checklist.allSatisfy(\.done)
    }
}
