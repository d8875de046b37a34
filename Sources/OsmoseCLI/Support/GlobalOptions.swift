import ArgumentParser
import Foundation
import OsmoseDomain
import OsmoseStorage

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The production folder (default: OSMOSE_PRODUCTION, else the current folder or its nearest parent holding osmose.sqlite).",
            valueName: "dir"))
    var production: String?

    /// The production this command works on. A command that only reads opens it with
    /// `readOnly`, so that it works on a read-only ledger or a full disk.
    func open(readOnly: Bool = false) throws -> ProductionFolder {
        let folder = try ProductionFolder.locate(
            explicit: production, environment: ProcessInfo.processInfo.environment,
            start: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
        var production = try ProductionFolder.open(folder, readOnly: readOnly)
        production.ledger.actor = "command line (\(ProcessInfo.processInfo.environment["USER"] ?? NSUserName()))"
        return production
    }

    /// The folder named by --production, or the current folder: where a new production goes.
    var targetFolder: URL {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        guard let production, !production.isEmpty else { return cwd }
        return URL(fileURLWithPath: production, relativeTo: cwd).standardizedFileURL
    }
}

/// The injectable clock: `OSMOSE_TODAY` pins today, else it is today in the production's time zone.
enum Clock {
    static func today(_ settings: ProductionSettings) throws -> LocalDate {
        try pinned() ?? settings.today()
    }

    /// The day OSMOSE_TODAY pins, if it does.
    static func pinned() throws -> LocalDate? {
        guard let pinned = ProcessInfo.processInfo.environment["OSMOSE_TODAY"], !pinned.isEmpty else { return nil }
        do {
            return try LocalDate(parsing: pinned)
        } catch {
            throw InputError("OSMOSE_TODAY: \(error.message)")
        }
    }
}

/// Reads optional values typed on the command line: nil stays nil, an empty string clears.
enum Typed {
    static func date(_ text: String?) throws -> LocalDate? {
        try text.map { try LocalDate(parsing: $0) }
    }

    static func time(_ text: String?) throws -> ClockTime? {
        guard let text, !text.isEmpty else { return nil }
        return try ClockTime(parsing: text)
    }

    /// For `set` commands: nil means “unchanged”, an empty string means “clear”.
    static func change(_ text: String?, into value: inout String?) {
        guard let text else { return }
        value = text.isEmpty ? nil : text
    }
}
