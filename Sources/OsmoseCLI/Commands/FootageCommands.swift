import ArgumentParser
import Foundation
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage

struct FootageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footage",
        abstract: "The footage index: offload and verify camera cards (ASC MHL), clips, who and where is in them.",
        subcommands: [Ingest.self, Verify.self, Cards.self, List.self, Tag.self, Probe.self, Seal.self])

    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ingest", 
            abstract: "Offload a camera card: copy it, verify every copy, write its ASC MHL history, index its clips.",
            discussion: """
                The card is read once: each file is hashed while it is written to every destination (DEST/CARD/…), then
                each copy is read back and checked before its ASC MHL generation is written. Without --copy-to the card
                is hashed in place. An existing history (Osmose's or ascmhl's) is continued. Clips are recorded with their
                camera metadata; logs already made on the day that fall inside a clip's timecode are attached to it.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The card (a folder).") var card: String
        @Option(help: "The shooting day, YYYY-MM-DD.") var shoot: String
        @Option(help: "The camera (A-cam, FX6…).") var camera: String
        @Option(name: .customLong("card"), help: "The card's name (default: the folder's name).") var cardName: String?
        @Option(name: .customLong("copy-to"), help: "A destination folder (repeat for several).") var copyTo: [String] = []
        @Option(help: "Hash algorithms: xxh64, xxh3, xxh128, md5, sha1, c4 (comma-separated).") var hash = "xxh64"
        @Option(help: "Who offloads (written into the manifests).") var author: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let production = try global.open()
            let folder = MoneyContext.file(card)
            let request = FootageIngest.Request(
                card: folder, cardName: cardName ?? folder.lastPathComponent, shoot: try LocalDate(parsing: shoot), camera: camera,
                destinations: copyTo.map(MoneyContext.file), algorithms: try HashAlgorithm.parseList(hash), author: author)
            // The total comes with the first report: the card's bytes, once more for every copy read back.
            let bar = ProgressBar(total: 0, label: "ingest", bytes: true)
            let result = try FootageIngest.run(request, in: production) { done, total in bar.update(Int(done), total: Int(total)) }
            bar.finish()
            for warning in result.warnings { Console.error("warning: " + warning) }
            if json { return try Console.json(result.card) }
            Console.line("Ingested card \(result.card.name) (\(result.card.files) files, \(ByteSize.describe(result.card.bytes))) for \(result.card.shoot), camera \(result.card.camera): \(result.clips.count) clips.")
            for copy in result.card.copies { Console.line("  verified  \(copy.path)  ascmhl/\(copy.generation)") }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", 
            abstract: "Check a folder against its ASC MHL history: missing, changed and new files, edited manifests.",
            discussion: "Exit 0 only when all is well. Works without a production; inside one, the card's copy is marked verified or failed.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The folder holding ascmhl/ (a card or a copy of one).") var dir: String
        @Flag(name: .customLong("directory-hashes"), help: "Also check every folder's content and structure hashes.")
        var directoryHashes = false
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let folder = MoneyContext.file(dir)
            let verdict = try MHLVerifier.verify(folder, directoryHashes: directoryHashes)
            let problems = verdict.problems
            // Inside a production, the card's copy records the outcome; outside one, the verdict alone is printed.
            if let production = try? global.open() {
                try production.ledger.recordVerification(of: folder.standardizedFileURL.path, ok: verdict.isOK, problems: problems, at: Date())
            }
            if json {
                struct Out: Encodable { let folder: String; let ok: Bool; let problems: [String] }
                try Console.json(Out(folder: folder.path, ok: verdict.isOK, problems: problems))
            } else {
                for line in problems { Console.line(line) }
                Console.line(verdict.isOK ? "\(folder.path): all files verified against the ASC MHL history." :
                    "\(folder.path): \(problems.count) problem\(problems.count == 1 ? "" : "s") found.")
            }
            if !verdict.isOK { throw ExitCode(1) }
        }
    }

    struct Cards: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cards", abstract: "The ingested cards, with their copies and verification state.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let cards = try global.open(readOnly: true).ledger.cards()
            if json { return try Console.json(cards) }
            Console.table(["CARD", "SHOOT", "CAMERA", "FILES", "SIZE", "STATE", "COPIES"], cards.map { card in
                [card.name, card.shoot.description, card.camera, "\(card.files)", ByteSize.describe(card.bytes),
                 card.verified ? "verified" : "FAILED", card.copies.map(\.path).joined(separator: ", ")]
            })
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The clips, with their timecode, people and space.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this shooting day, YYYY-MM-DD.") var shoot: String?
        @Option(help: "Only clips this person is tagged in.") var person: String?
        @Option(help: "Only this card.") var card: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let clips = try global.open(readOnly: true).ledger.clips(ClipQuery(shoot: try Typed.date(shoot), person: person, card: card))
            if json { return try Console.json(clips) }
            Console.table(["CLIP", "SHOOT", "CAMERA", "START", "FRAMES", "FPS", "PERSONS", "SPACE"], clips.map { clip in
                [clip.reference, clip.shoot.description, clip.camera, clip.metadata.startTimecode?.description ?? "",
                 clip.metadata.durationFrames.map { "\($0)" } ?? "", clip.metadata.rate?.label ?? "",
                 clip.persons.joined(separator: ", "), clip.space ?? ""]
            })
        }
    }

    struct Tag: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "tag", 
            abstract: "Record who and where is in a clip (by default a clip takes its shooting day's first space).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The clip: CARD/CLIP (A001/C0001), or CLIP when only one card has it.") var clip: String
        @Option(help: "A person seen or heard (repeat).") var person: [String] = []
        @Option(help: "The space seen.") var space: String?
        @Option(help: "A person to untag (repeat).") var untag: [String] = []

        func validate() throws {
            if person.isEmpty && space == nil && untag.isEmpty { throw ValidationError("give --person, --space or --untag") }
        }

        func run() throws {
            let clip = try global.open().ledger.tagClip(clip, persons: person, space: space, removing: untag)
            Console.line("\(clip.reference): \(clip.persons.isEmpty ? "nobody tagged" : clip.persons.joined(separator: ", ")) — \(clip.space ?? "no space")")
        }
    }

    struct Probe: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "probe", 
            abstract: "Read a clip's camera metadata: its sidecar XML (Sony, Panasonic P2, Canon) or the QuickTime/MP4 file itself.",
            discussion: "Works without a production.")
        @Argument(help: "A media file or a sidecar XML.") var file: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let url = try MoneyContext.input(file)
            let metadata = url.pathExtension.lowercased() == "xml"
                ? try CameraMetadata.readSidecar(url)
                : try CameraMetadata.read(card: url.deletingLastPathComponent(), media: url.lastPathComponent, sidecar: nil)
            if json { return try Console.json(ClipMetadataJSON(metadata)) }
            let rows: [(String, String?)] = [
                ("source", metadata.source), ("duration", metadata.durationFrames.map { "\($0) frames" }),
                ("rate", metadata.rate?.description), ("capture", metadata.captureRate), ("start", metadata.startTimecode?.description),
                ("codec", metadata.codec), ("camera", [metadata.manufacturer, metadata.cameraModel].compactMap { $0 }.joined(separator: " ")),
                ("serial", metadata.cameraSerial), ("created", metadata.created?.formatted(.iso8601)),
                ("files", metadata.spannedFiles.isEmpty ? nil : metadata.spannedFiles.joined(separator: ", ")),
            ]
            for (label, value) in rows { if let value, !value.isEmpty { Console.line(label.padding(toLength: 10, withPad: " ", startingAt: 0) + value) } }
        }
    }

    struct Seal: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "seal", 
            abstract: "Hash a folder in place and add a generation to its ASC MHL history (ascmhl/), as ascmhl create does.",
            discussion: "An existing chain is continued. Works without a production.")
        @Argument(help: "The folder (a camera card, a copy of one).") var dir: String
        @Option(help: "xxh64, xxh3, xxh128, md5, sha1, c4 (comma-separated).") var hash = "xxh64"
        @Option(help: "Who made the manifest.") var author: String?

        func run() throws {
            let folder = MoneyContext.file(dir)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw InputError("\(dir.quoted) is not a folder")
            }
            let name = try MHLSealer.seal(folder, algorithms: try HashAlgorithm.parseList(hash), author: author)
            Console.line("Sealed \(folder.path): ascmhl/\(name)")
        }
    }
}
