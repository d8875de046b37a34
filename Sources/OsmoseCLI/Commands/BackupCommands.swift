import ArgumentParser
import Foundation
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage

/// A production in one archive: the ledger (an online backup, consistent while the service
/// writes), the budget files, the footage index, the release scans and the receipts, with a
/// manifest of every file's size and SHA-256.
enum ProductionBackup {
    static let format = "osmose-backup 1"
    static let manifestName = "MANIFEST.json"
    /// The folders of a production that travel with its ledger.
    static let folders = ["budgets", "footage-index", "releases", "receipts"]

    struct Manifest: Codable {
        var format: String
        var title: String
        var created_at: String
        var files: [Tar.Entry]
    }

    static func write(_ production: ProductionFolder, to url: URL, now: Date = Date()) throws -> Manifest {
        let fm = FileManager.default
        let staging = fm.temporaryDirectory.appendingPathComponent("osmose-backup-\(UUID().uuidString)", isDirectory: true)
        try PrivateFiles.makeFolder(staging)
        defer { try? fm.removeItem(at: staging) }
        let ledgerCopy = staging.appendingPathComponent(ProductionFolder.ledgerName)
        try production.ledger.backup(to: ledgerCopy)

        let writer = try Tar.Writer(url: url, modified: now)
        do {
            try writer.add(path: ProductionFolder.ledgerName, file: ledgerCopy)
            for folder in folders {
                for relative in try files(under: production.url.appendingPathComponent(folder, isDirectory: true)) {
                    try writer.add(path: folder + "/" + relative, file: production.url.appendingPathComponent(folder + "/" + relative))
                }
            }
            let manifest = Manifest(format: format, title: try production.ledger.settings().title,
                                    created_at: now.formatted(.iso8601), files: writer.entries)
            try writer.add(path: manifestName, data: try Console.jsonData(manifest))
            try writer.finish()
            return manifest
        } catch {
            writer.abandon()
            throw error
        }
    }

    /// Unpacks and checks an archive beside `folder`, then puts it in place: refused before
    /// anything is touched when `folder` holds a production and `force` is not given, or when
    /// the archive is damaged, incomplete or its ledger fails its integrity check.
    static func restore(_ url: URL, into folder: URL, force: Bool) throws -> Manifest {
        let fm = FileManager.default
        let ledgerURL = folder.appendingPathComponent(ProductionFolder.ledgerName)
        if fm.fileExists(atPath: ledgerURL.path) && !force {
            throw InputError("\(folder.path.quoted) already holds a production: restoring would replace it; add --force to do so")
        }
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let staging = folder.appendingPathComponent(".osmose-restore-\(UUID().uuidString)", isDirectory: true)
        try PrivateFiles.makeFolder(staging)
        defer { try? fm.removeItem(at: staging) }
        let unpacked = staging.appendingPathComponent("new", isDirectory: true)
        try fm.createDirectory(at: unpacked, withIntermediateDirectories: true)
        let entries = try Tar.extract(url, into: unpacked)

        // The manifest must name exactly the files found, with their sizes and digests.
        guard let data = fm.contents(atPath: unpacked.appendingPathComponent(manifestName).path),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data), manifest.format == format else {
            throw InputError("\(url.path.quoted) is not an Osmose backup (it has no \(manifestName) of the format “\(format)”)")
        }
        let found = Dictionary(entries.filter { $0.path != manifestName }.map { ($0.path, $0) }, uniquingKeysWith: { _, b in b })
        for expected in manifest.files {
            guard let entry = found[expected.path] else {
                throw InputError("\(url.path.quoted) lacks \(expected.path.quoted), which its manifest lists: the archive is incomplete")
            }
            guard entry.size == expected.size, entry.sha256 == expected.sha256 else {
                throw InputError("\(url.path.quoted): \(expected.path.quoted) does not match its manifest (SHA-256 \(entry.sha256), expected \(expected.sha256)): the archive is damaged")
            }
        }
        if let extra = found.keys.sorted().first(where: { path in !manifest.files.contains { $0.path == path } }) {
            throw InputError("\(url.path.quoted) holds \(extra.quoted), which its manifest does not list")
        }
        let staged = try Ledger.open(at: unpacked.appendingPathComponent(ProductionFolder.ledgerName))
        let problems = try staged.integrityProblems()
        try staged.close()
        if let first = problems.first { throw InputError("the ledger in \(url.path.quoted) fails its integrity check: \(first)") }

        // In place: what was there moves aside first, so a failure midway can be undone by hand from it.
        let old = staging.appendingPathComponent("old", isDirectory: true)
        try fm.createDirectory(at: old, withIntermediateDirectories: true)
        for name in [ProductionFolder.ledgerName, ProductionFolder.ledgerName + "-wal", ProductionFolder.ledgerName + "-shm"] + folders {
            let current = folder.appendingPathComponent(name)
            if fm.fileExists(atPath: current.path) { try fm.moveItem(at: current, to: old.appendingPathComponent(name)) }
        }
        for name in [ProductionFolder.ledgerName] + folders {
            let new = unpacked.appendingPathComponent(name)
            if fm.fileExists(atPath: new.path) { try fm.moveItem(at: new, to: folder.appendingPathComponent(name)) }
        }
        for name in folders where !fm.fileExists(atPath: folder.appendingPathComponent(name).path) {
            try fm.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        ProductionFolder.makePrivate(folder)
        return manifest
    }

    /// What is wrong with a production: the ledger's integrity, scans and receipts against their
    /// recorded SHA-256, and the footage index's ASC MHL chains against their generations.
    static func problems(_ production: ProductionFolder) throws -> [String] {
        var problems = try production.ledger.integrityProblems().map { "ledger: \($0)" }
        problems += try production.ledger.amountsAboveCeiling().map { "ledger: \($0)" }
        for attachment in try production.ledger.attachments() {
            let url = production.url.appendingPathComponent(attachment.path)
            guard FileManager.default.fileExists(atPath: url.path) else {
                problems.append("\(attachment.path): \(attachment.what) is missing")
                continue
            }
            let digest = try FileDigest.sha256(of: url)
            if digest != attachment.sha256 {
                problems.append("\(attachment.path): \(attachment.what) has changed (SHA-256 \(digest), recorded \(attachment.sha256))")
            }
        }
        let index = production.footageIndexURL
        let cards = (try? FileManager.default.contentsOfDirectory(atPath: index.path)) ?? []
        for card in cards.sorted() where !card.hasPrefix(".") {
            let folder = index.appendingPathComponent(card, isDirectory: true)
            do {
                guard let history = try MHLHistory.load(folder) else { continue }
                problems += history.allProblems.map { "footage-index/\(card): \($0)" }
            } catch {
                problems.append("footage-index/\(card): \((error as? InputError)?.message ?? "\(error)")")
            }
        }
        return problems
    }

    /// Files under `folder`, relative to it, in order; none when it does not exist.
    static func files(under folder: URL) throws -> [String] {
        let fm = FileManager.default
        guard let walker = fm.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var out: [String] = []
        let base = folder.standardizedFileURL.path
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            out.append(String(url.standardizedFileURL.path.dropFirst(base.count + 1)))
        }
        return out.sorted()
    }
}

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "The production in one archive: the ledger (consistent while the service writes), budgets, footage index, scans.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The archive to write (a tar file).") var file: String

    func run() throws {
        let production = try global.open(readOnly: true)
        let url = MoneyContext.file(file)
        let manifest = try ProductionBackup.write(production, to: url)
        let bytes = manifest.files.reduce(Int64(0)) { $0 + $1.size }
        Console.line("Backed up “\(manifest.title)” to \(url.path): \(manifest.files.count) files, \(ByteSize.describe(bytes)).")
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Put a backup back: checked whole before anything is touched.",
        discussion: "Restores into --production DIR (default: the current folder). A folder that already holds a production is replaced only with --force.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The archive made by “osmose backup”.") var file: String
    @Flag(help: "Replace the production already there.") var force = false

    func run() throws {
        let folder = global.targetFolder
        let manifest = try ProductionBackup.restore(try MoneyContext.input(file), into: folder, force: force)
        Console.line("Restored “\(manifest.title)” (backed up \(manifest.created_at)) into \(folder.path): \(manifest.files.count) files checked.")
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check the ledger's integrity, the scans' and receipts' checksums and the footage index's manifests.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let production = try global.open(readOnly: true)
        let problems = try ProductionBackup.problems(production)
        for problem in problems { Console.error(problem) }
        guard problems.isEmpty else { throw ExitCode(1) }
        Console.line("All is well: the ledger, \(try production.ledger.attachments().count) scans and receipts, and the footage index's manifests.")
    }
}

struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal", abstract: "Every change to money, releases and guests: who, when, what, before and after.",
        discussion: "Append-only: the ledger refuses to change or remove an entry. Imports are one entry each.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "From this day on (UTC), YYYY-MM-DD.") var since: String?
    @Option(help: "Only pledge, expense, funding, release, guest or person (exports and erasures).") var entity: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let entries = try global.open(readOnly: true).ledger.journal(since: try Typed.date(since), entity: entity)
        if json { return try Console.json(entries) }
        Console.table(["#", "AT", "WHO", "WHAT", "CHANGE"], entries.map {
            ["\($0.id)", $0.at, $0.actor, "\($0.action) \($0.entity) \($0.ref)", $0.summary]
        })
    }
}
