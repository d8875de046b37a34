import ArgumentParser
import Foundation
import OsmoseDomain
import OsmoseStorage

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Interview logs: timecoded notes, searchable in full text.",
        subcommands: [Add.self, Search.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", 
            abstract: "Log a timecoded note on a shooting day's interview, or on a clip in the clip's own timecode.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The shooting day, YYYY-MM-DD (not needed with --clip).") var shoot: String?
        @Option(help: "The clip, CARD/CLIP (A001/C0001): --at and --out are then in its timecode and rate.") var clip: String?
        @Option(help: "Who speaks or is seen.") var person: String?
        @Option(help: "In point, HH:MM:SS:FF (HH:MM:SS;FF for drop-frame), at the production's rate.") var at: String
        @Option(help: "Out point.") var out: String?
        @Option(help: "A theme (repeat, or separate with commas).") var tag: [String] = []
        @Option(help: "1 to 5.") var rating: Int?
        @Option(help: "The frame rate of these timecodes (default: the clip's, else the production's).") var rate: String?
        @Argument(help: "The note.") var text: [String]

        func validate() throws {
            if shoot == nil && clip == nil { throw ValidationError("give --shoot DATE or --clip CLIP") }
        }

        func run() throws {
            let production = try global.open()
            let clip = try self.clip.map { try production.ledger.clip($0) }
            let rate = try self.rate.map { try FrameRate(parsing: $0) }
                ?? clip?.metadata.rate ?? clip?.metadata.startTimecode?.rate ?? production.ledger.settings().frameRate
            let day = try clip?.shoot ?? LocalDate(parsing: shoot ?? "")
            if let clip, let shoot, try LocalDate(parsing: shoot) != clip.shoot {
                throw InputError("clip \(clip.reference.quoted) was shot on \(clip.shoot), not on \(shoot)")
            }
            let entry = LogEntry(
                shoot: day, person: person, at: try Timecode(parsing: at, rate: rate),
                out: try out.map { try Timecode(parsing: $0, rate: rate) }, tags: tag, rating: rating,
                text: text.joined(separator: " "), clip: clip?.reference)
            let id = try production.ledger.addLog(entry)
            Console.line("Logged #\(id) at \(entry.at) on \(clip.map { "clip \($0.reference), " } ?? "")\(entry.shoot).")
        }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "search", 
            abstract: "Find log entries: words in the text or tags (case and accents folded), a tag, a person, a day.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Words to find; each matches as a prefix (“ecran” finds « écrans »).") var query: [String] = []
        @Option(help: "Only entries with this tag.") var tag: String?
        @Option(help: "Only entries about this person.") var person: String?
        @Option(help: "Only this shooting day, YYYY-MM-DD.") var shoot: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let query = LogQuery(
                text: self.query.isEmpty ? nil : self.query.joined(separator: " "), tag: tag, person: person,
                shoot: try Typed.date(shoot))
            let entries = try global.open(readOnly: true).ledger.searchLogs(query)
            if json { return try Console.json(entries) }
            Console.table(["#", "SHOOT", "CLIP", "PERSON", "IN", "OUT", "★", "TAGS", "TEXT"], entries.map {
                ["\($0.id ?? 0)", $0.shoot.description, $0.clip ?? "", $0.person ?? "", $0.at.description, $0.out?.description ?? "",
                 $0.rating.map { String(repeating: "★", count: $0) } ?? "", $0.tags.joined(separator: ", "), $0.text]
            })
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a log entry by its number.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The entry's number, as search shows it.") var id: Int64

        func run() throws {
            try global.open().ledger.removeLog(id: id)
            Console.line("Removed log entry #\(id).")
        }
    }
}

struct TimecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timecode",
        abstract: "Check timecodes and convert them to frame counts and back.",
        discussion: "Works without a production when --rate is given.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Timecodes HH:MM:SS:FF, or frame counts with --frames.") var values: [String]
    @Option(help: "The frame rate (default: the production's).") var rate: String?
    @Flag(help: "The values are frame counts: print their timecodes.") var frames = false
    @Flag(help: "Print JSON.") var json = false

    struct Row: Encodable {
        let timecode: String
        let frames: Int
        let seconds: Double
        let rate: String
    }

    func run() throws {
        let rate = try self.rate.map { try FrameRate(parsing: $0) } ?? global.open(readOnly: true).ledger.settings().frameRate
        let rows = try values.map { value -> Row in
            let tc: Timecode
            if frames {
                guard let n = Int(value) else { throw InputError("“\(value)” is not a frame count") }
                tc = try Timecode(frame: n, rate: rate)
            } else {
                tc = try Timecode(parsing: value, rate: rate)
            }
            return Row(timecode: tc.description, frames: tc.frame, seconds: (tc.seconds * 1000).rounded() / 1000, rate: rate.label)
        }
        if json { return try Console.json(rows) }
        Console.table(["TIMECODE", "FRAMES", "SECONDS", "RATE"], rows.map {
            [$0.timecode, "\($0.frames)", String(format: "%.3f", $0.seconds), rate.description]
        })
    }
}
