import Foundation
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage

/// Offloads a camera card and records it: copies verified, ASC MHL generations written only
/// after verification, clips and their metadata in the ledger, manifests kept in `footage-index/`.
struct FootageIngest {
    struct Request {
        var card: URL
        var cardName: String
        var shoot: LocalDate
        var camera: String
        var destinations: [URL]
        var algorithms: [HashAlgorithm]
        var author: String?
        var now: Date = Date()
        /// The host name written into manifests (the demo pins it so its manifests do not depend on the machine).
        var hostname: String?
    }

    struct Result {
        var card: Card
        var clips: [Clip]
        var warnings: [String]
    }

    static let tool = (name: "osmose", version: "0.1.0")

    static func run(_ request: Request, in production: ProductionFolder,
                    progress: (@Sendable (Int64, Int64) -> Void)? = nil) throws -> Result {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: request.card.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError("\(request.card.path.quoted) is not a folder")
        }
        let cardName = try NameKey.validate(request.cardName, what: "card name")
        // Checked before anything is copied, as the ledger will check them.
        try TextField.check(request.camera, "the camera name", kind: .name)
        try TextField.check(request.author, "the ingest author", kind: .name)
        // Fail before copying anything when the day is unknown.
        _ = try production.ledger.shootingDay(on: request.shoot)
        for destination in request.destinations {
            guard fm.fileExists(atPath: destination.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw InputError("the destination \(destination.path.quoted) is not a folder")
            }
        }

        // A history already there (written by the camera, another tool, or an earlier ingest) may have recorded its
        // files in other formats: those are computed in the same read, so it is continued, never restarted.
        var algorithms = request.algorithms
        let candidates = request.destinations.isEmpty
            ? [request.card] : request.destinations.map { $0.appendingPathComponent(cardName, isDirectory: true) }
        let histories = try candidates.compactMap { try MHLHistory.load($0) }
        let paths = histories.isEmpty ? [] : try Offload.walk(request.card).map(\.relativePath)
        for history in histories {
            for path in paths {
                for algorithm in history.requiredAlgorithms(for: path, requested: algorithms) where !algorithms.contains(algorithm) {
                    algorithms.append(algorithm)
                }
            }
        }
        let report = try Offload.run(card: request.card, cardName: cardName, destinations: request.destinations,
                                     algorithms: algorithms, progress: progress)
        let managed = request.destinations.isEmpty ? [request.card] : report.destinations
        let records = report.files.map {
            MHLFileRecord(relativePath: $0.relativePath, size: $0.size, modified: $0.modified, digests: $0.digests)
        }
        var copies: [Card.Copy] = []
        for folder in managed {
            let generation = try MHLWriter.appendGeneration(
                to: folder, files: records, algorithms: algorithms, author: request.author,
                process: request.destinations.isEmpty ? "in-place" : "transfer", now: request.now, tool: tool,
                hostname: request.hostname)
            copies.append(Card.Copy(path: folder.standardizedFileURL.path, generation: generation, state: .verified,
                                    checkedAt: request.now))
        }

        var warnings: [String] = []
        let byPath = Dictionary(report.files.map { ($0.relativePath, $0) }, uniquingKeysWith: { a, _ in a })
        var clips: [Clip] = []
        for entry in CameraMetadata.clips(in: report.files.map(\.relativePath), card: request.card) {
            guard let file = byPath[entry.media] else { continue }
            let metadata: ClipMetadata
            do {
                metadata = try CameraMetadata.read(card: request.card, media: entry.media, sidecar: entry.sidecar)
            } catch {
                let message = (error as? InputError)?.message ?? "\(error)"
                warnings.append((message.contains(entry.media) ? message : "\(entry.media): \(message)") + "; the clip is indexed without its metadata")
                metadata = ClipMetadata(source: "none")
            }
            let size = entry.spanned.reduce(Int64(0)) { $0 + (byPath[$1]?.size ?? 0) }
            clips.append(Clip(
                card: cardName, path: entry.media, size: max(size, file.size),
                hashes: file.digests.reduce(into: [:]) { $0[$1.key.rawValue] = $1.value }, shoot: request.shoot,
                camera: request.camera, metadata: metadata))
        }
        let card = Card(
            name: cardName, shoot: request.shoot, camera: request.camera, source: request.card.standardizedFileURL.path,
            algorithms: algorithms.map(\.rawValue), files: report.files.count, bytes: report.bytes,
            ingestedAt: request.now, author: request.author, copies: copies)
        try production.ledger.recordIngest(card, clips: clips)
        try keepManifests(of: managed[0], card: cardName, files: report.files.map(\.relativePath), in: production)
        try writeClipIndex(production)
        return Result(card: card, clips: try production.ledger.clips(ClipQuery(card: cardName)), warnings: warnings)
    }

    /// Copies a managed folder's ASC MHL history (generations and chain, nested ones included) to
    /// `footage-index/CARD/`, replacing the earlier copy in one step. Histories live in the folder
    /// itself and in folders holding `files` (relative paths), the only places looked at.
    static func keepManifests(of folder: URL, card: String, files: [String], in production: ProductionFolder) throws {
        let fm = FileManager.default
        let index = production.footageIndexURL
        try fm.createDirectory(at: index, withIntermediateDirectories: true)
        let staging = index.appendingPathComponent(".\(card).partial", isDirectory: true)
        try? fm.removeItem(at: staging)
        var folders: Set<String> = [""]
        for file in files {
            var path = file[...]
            while let slash = path.lastIndex(of: "/") {
                path = path[..<slash]
                guard folders.insert(String(path)).inserted else { break }
            }
        }
        for relative in folders.sorted() {
            let history = relative.isEmpty ? "ascmhl" : relative + "/ascmhl"
            let source = folder.appendingPathComponent(history, isDirectory: true)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: source.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            let target = staging.appendingPathComponent(history, isDirectory: true)
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(at: source, to: target)
        }
        let final = index.appendingPathComponent(card, isDirectory: true)
        if fm.fileExists(atPath: final.path) { try fm.removeItem(at: final) }
        try fm.moveItem(at: staging, to: final)
    }

    /// `footage-index/clips.json`: every clip with its people and space, for the editor.
    static func writeClipIndex(_ production: ProductionFolder) throws {
        var data = try Console.jsonData(try production.ledger.clips())
        data.append(0x0A)
        try data.write(to: production.footageIndexURL.appendingPathComponent("clips.json"), options: .atomic)
    }
}
