import ArgumentParser
import Foundation
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Hand the editor what the directors logged.", subcommands: [Markers.self])

    struct Markers: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "markers", 
            abstract: "The clips with their log entries as markers, people and themes as keywords.",
            discussion: """
                fcpxml: Final Cut Pro and DaVinci Resolve; xmeml: Premiere (FCP7 XML); otio: Kdenlive, Resolve (OpenTimelineIO);
                edl: Resolve, Avid (CMX3600 with locators); ale: Avid Log Exchange; csv: one row per marker.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "fcpxml, xmeml, otio, edl, ale or csv.") var format: String
        @Option(help: "Only this shooting day, YYYY-MM-DD.") var shoot: String?
        @Option(help: "Only clips this person is tagged in.") var person: String?
        @Option(help: "Write to this file (default: standard output).") var out: String?

        func run() throws {
            guard let format = MarkerExport.Format(rawValue: format.lowercased()) else {
                throw InputError("\(format.quoted) is not an export format (\(MarkerExport.Format.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let production = try global.open(readOnly: true)
            let (clips, unknown) = try EditorialExport.markerClips(production, query: ClipQuery(shoot: try Typed.date(shoot), person: person))
            for clip in unknown { Console.error("warning: \(clip) is left out: its length is not known (no camera metadata)") }
            guard !clips.isEmpty else { throw InputError("no clip matches: ingest a card first (osmose footage ingest)") }
            let title = try production.ledger.settings().title + (shoot.map { " — \($0)" } ?? "")
            let text = try MarkerExport.write(clips, format: format, title: title)
            if let out {
                try Data(text.utf8).write(to: MoneyContext.file(out), options: .atomic)
                Console.line("Wrote \(clips.count) clips and \(clips.reduce(0) { $0 + $1.markers.count }) markers to \(out).")
            } else {
                Console.text(text)
            }
        }
    }
}

/// Clips and their logs, shaped for the editor.
enum EditorialExport {
    /// The clips as the editor gets them, and the references of those left out because their length is unknown.
    static func markerClips(_ production: ProductionFolder, query: ClipQuery) throws -> (clips: [MarkerClip], unknown: [String]) {
        let all = try production.ledger.clips(query)
        let clips = all.filter { ($0.metadata.durationFrames ?? 0) > 0 }
        let unknown = all.filter { ($0.metadata.durationFrames ?? 0) <= 0 }.map(\.reference)
        var logs: [String: [LogEntry]] = [:]
        for entry in try production.ledger.searchLogs(LogQuery()) {
            if let clip = entry.clip { logs[clip, default: []].append(entry) }
        }
        let cards = Dictionary(try production.ledger.cards().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let fallbackRate = try production.ledger.settings().frameRate
        return (try clips.map { clip in
            let rate = clip.metadata.rate ?? clip.metadata.startTimecode?.rate ?? fallbackRate
            let start = try clip.metadata.startTimecode ?? Timecode(frame: 0, rate: rate)
            let entries = logs[clip.reference] ?? []
            let themes = entries.flatMap(\.tags)
            var keywords: [String] = []
            for word in clip.persons + (clip.space.map { [$0] } ?? []) + themes where !keywords.contains(word) { keywords.append(word) }
            let markers = entries.map { entry in
                MarkerClip.Marker(
                    at: entry.at, out: entry.out, name: Self.title(entry.text), note: entry.text,
                    keywords: (entry.person.map { [$0] } ?? []) + entry.tags, rating: entry.rating)
            }
            let copy = cards[clip.card]?.copies.first?.path
            return MarkerClip(
                name: clip.name, fileName: clip.fileName, path: clip.path,
                absolutePath: copy.map { URL(fileURLWithPath: $0).appendingPathComponent(clip.path).path }, reel: clip.card,
                rate: rate, start: start, durationFrames: clip.metadata.durationFrames ?? 0, keywords: keywords, markers: markers,
                shoot: clip.shoot, camera: clip.camera)
        }, unknown)
    }

    /// A marker's name: the note's first words, cut at a word boundary.
    static func title(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        guard flat.count > 48 else { return flat }
        let cut = flat.prefix(48)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + "…"
    }
}

struct CutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cut", abstract: "Read the editor's cut back: which clips, so which people and spaces, are in the film.",
        subcommands: [Import.self, Show.self, List.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", 
            abstract: "Read a cut (FCPXML, FCP7 XML, OTIO, CMX3600 EDL, Kdenlive) and match its events to indexed clips.",
            discussion: "Events are matched by path, then by clip name, then by reel and timecode. Importing again under the same name replaces the cut.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The file exported by the editing software.") var file: String
        @Option(help: "The cut's name (default: the sequence's).") var name: String?
        @Option(help: "The frame rate of an EDL (default: 29.97 when it says DROP FRAME, else the production's).") var rate: String?
        @Flag(name: .customLong("dry-run"), help: "Read and match only: say what would be recorded, record nothing.") var dryRun = false
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let production = try global.open()
            let url = try MoneyContext.input(file, .fileOrFolder)
            let format = try CutReader.format(of: url)
            let rate = try self.rate.map { try FrameRate(parsing: $0) } ?? production.ledger.settings().frameRate
            let timeline = try CutReader.read(url, name: name, rate: rate)
            let source = url.standardizedFileURL.path
            let cut = dryRun ? try production.ledger.matchCut(timeline, format: format.rawValue, source: source)
                : try production.ledger.importCut(timeline, format: format.rawValue, source: source)
            if json { return try Console.json(cut) }
            let matched = cut.events.count - cut.unmatched.count
            defer {
                if cut.unmatched.count > 20 { Console.line("  … and \(cut.unmatched.count - 20) more unmatched events (osmose cut show \(cut.name.quoted))") }
            }
            Console.line("\(dryRun ? "Would import" : "Imported") cut \(cut.name.quoted) (\(format.rawValue)): \(cut.events.count) events, \(matched) matched to clips.")
            for event in cut.unmatched.prefix(20) {
                Console.line("  unmatched  event \(event.event.number)  \(event.event.recordIn)  \(event.event.clipName ?? "?")  reel \(event.event.reel ?? "?")  \(event.event.path ?? "")")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "A cut's events with their clips, people and spaces.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The cut's name.") var name: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let cut = try global.open(readOnly: true).ledger.cut(named: name)
            if json { return try Console.json(cut) }
            Console.table(["#", "RECORD IN", "RECORD OUT", "CLIP", "SOURCE IN", "SOURCE OUT", "PERSONS", "SPACE"], cut.events.map { e in
                ["\(e.event.number)", e.event.recordIn.description, e.event.recordOut.description,
                 e.clip ?? "? \(e.event.clipName ?? e.event.reel ?? "")", e.event.sourceIn.description, e.event.sourceOut.description,
                 e.persons.joined(separator: ", "), e.space ?? ""]
            })
            if !cut.unmatched.isEmpty { Console.line("\(cut.unmatched.count) event(s) match no indexed clip.") }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The cuts read back, latest first.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            for name in try global.open(readOnly: true).ledger.cutNames() { Console.line(name) }
        }
    }
}
