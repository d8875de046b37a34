import Foundation
import GRDB
import OsmoseDomain

/// A production on disk: the folder with its ledger, its budgets and its footage index.
public struct ProductionFolder: Sendable {
    public static let ledgerName = "osmose.sqlite"

    public let url: URL
    public var ledger: Ledger

    public var ledgerURL: URL { url.appendingPathComponent(Self.ledgerName) }
    public var budgetsURL: URL { url.appendingPathComponent("budgets", isDirectory: true) }
    public var footageIndexURL: URL { url.appendingPathComponent("footage-index", isDirectory: true) }
    /// Scans of signed release forms, named by their SHA-256. Private: never published.
    public var releasesURL: URL { url.appendingPathComponent("releases", isDirectory: true) }
    /// Receipts of expenses, named by their SHA-256.
    public var receiptsURL: URL { url.appendingPathComponent("receipts", isDirectory: true) }

    /// Finds the production like git finds a repository: the folder named explicitly, else
    /// `OSMOSE_PRODUCTION`, else `start` or its nearest parent holding `osmose.sqlite`.
    public static func locate(explicit: String?, environment: [String: String], start: URL) throws -> URL {
        if let explicit, !explicit.isEmpty {
            return try checked(URL(fileURLWithPath: explicit, relativeTo: start), origin: "--production")
        }
        if let fromEnvironment = environment["OSMOSE_PRODUCTION"], !fromEnvironment.isEmpty {
            return try checked(URL(fileURLWithPath: fromEnvironment, relativeTo: start), origin: "OSMOSE_PRODUCTION")
        }
        var folder = start.standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(ledgerName).path) {
                return folder
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        throw LedgerError.noProduction(searchedFrom: start.standardizedFileURL.path)
    }

    private static func checked(_ folder: URL, origin: String) throws -> URL {
        let folder = folder.standardizedFileURL
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(ledgerName).path) else {
            throw LedgerError.notAProduction(folder: folder.path, origin: origin)
        }
        return folder
    }

    /// Takes the group's and others' rights away from the ledger, its WAL and SHM, `releases/` and
    /// `receipts/`: a production made before its files were private, restored, or copied in by hand.
    public static func makePrivate(_ folder: URL) {
        let ledger = folder.appendingPathComponent(ledgerName).path
        PrivateFiles.tighten([ledger, ledger + "-wal", ledger + "-shm"].map { URL(fileURLWithPath: $0) }
            + [folder.appendingPathComponent("releases"), folder.appendingPathComponent("receipts")])
    }

    /// Opens the production in `folder`, which must hold a ledger; its private files are made private.
    /// `readOnly` is for commands that only read: they then work where the ledger cannot be written
    /// (see `Ledger.open(at:readOnly:)`).
    public static func open(_ folder: URL, readOnly: Bool = false) throws -> ProductionFolder {
        let ledgerURL = folder.appendingPathComponent(ledgerName)
        guard FileManager.default.fileExists(atPath: ledgerURL.path) else {
            throw LedgerError.notAProduction(folder: folder.path, origin: "the command")
        }
        makePrivate(folder)
        return ProductionFolder(url: folder, ledger: try Ledger.open(at: ledgerURL, readOnly: readOnly))
    }

    /// Creates a production in `folder` (made if missing): the ledger with its settings,
    /// `budgets/` and `footage-index/`. Refuses to touch an existing ledger; leaves nothing
    /// behind when it fails.
    /// `budgetFiles` are written into `budgets/` where no file of that name exists yet.
    public static func create(in folder: URL, settings: ProductionSettings, content: ProductionContent? = nil,
                              budgetFiles: [(name: String, text: String)] = [], actor: String = "setup") throws -> ProductionFolder
    {
        let settings = try settings.validated()
        let fm = FileManager.default
        let folder = folder.standardizedFileURL
        let ledgerURL = folder.appendingPathComponent(ledgerName)
        guard !fm.fileExists(atPath: ledgerURL.path) else { throw LedgerError.productionExists(file: ledgerURL.path) }

        // Build the ledger under a temporary name, then move it into place in one step.
        let folderExisted = fm.fileExists(atPath: folder.path)
        let staging = folder.appendingPathComponent(".osmose-\(UUID().uuidString).sqlite")
        do {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            // Private from its first byte; SQLite gives the WAL and SHM the mode of the ledger.
            try PrivateFiles.createEmpty(at: staging)
            let queue = try DatabaseQueue(path: staging.path, configuration: Ledger.configuration)
            let ledger = try Ledger(writer: queue).acting(as: actor)
            try ledger.createProduction(settings)
            if let content { try ledger.load(content) }
            try queue.close()
            try fm.createDirectory(at: folder.appendingPathComponent("budgets"), withIntermediateDirectories: true)
            try fm.createDirectory(at: folder.appendingPathComponent("footage-index"), withIntermediateDirectories: true)
            for file in budgetFiles {
                let url = folder.appendingPathComponent("budgets").appendingPathComponent(file.name)
                if !fm.fileExists(atPath: url.path) { try Data(file.text.utf8).write(to: url, options: .atomic) }
            }
            guard link(staging.path, ledgerURL.path) == 0 else {
                throw LedgerError.productionExists(file: ledgerURL.path)
            }
            try? fm.removeItem(at: staging)
        } catch {
            try? fm.removeItem(at: staging)
            if !folderExisted { try? fm.removeItem(at: folder) }
            throw error
        }
        var created = try open(folder)
        created.ledger.actor = actor
        return created
    }
}

extension ProductionFolder {
    /// Deletes the ledger file and its WAL companions (used to start the demo afresh).
    public func removeLedger() throws {
        try ledger.close()
        for suffix in ["", "-wal", "-shm"] {
            let file = URL(fileURLWithPath: ledgerURL.path + suffix)
            if FileManager.default.fileExists(atPath: file.path) { try FileManager.default.removeItem(at: file) }
        }
    }
}
