import Foundation
import OsmoseDomain

/// What can go wrong between a command and the ledger, each as one sentence a person can act on.
public enum LedgerError: LocalizedError, CustomStringConvertible, Equatable, Sendable {
    case noProduction(searchedFrom: String)
    case notAProduction(folder: String, origin: String)
    case productionExists(file: String)
    case notFound(what: String, name: String, suggestion: String?)
    case noShootingDay(date: String, nearest: String?)
    case shootingDayExists(date: String, status: String)
    case noPledge(ref: String, suggestion: String?)
    case pledgeExists(ref: String)
    case duplicate(what: String, name: String, existing: String)
    case inUse(what: String, name: String, by: String)
    case conflict(String)
    case io(String)

    public var errorDescription: String? { description }

    public var description: String {
        switch self {
        case .noProduction(let start):
            "no production found in \(start.q) or any folder above it: create one with “osmose init” (or “osmose demo”), or name one with --production DIR or OSMOSE_PRODUCTION"
        case .notAProduction(let folder, let origin):
            "\(folder.q) (from \(origin)) holds no production: it has no osmose.sqlite; create one there with “osmose init --production \(folder)”"
        case .productionExists(let file):
            "\(file.q) already exists: a production is never created over an existing ledger"
        case .notFound(let what, let name, let suggestion):
            "there is no \(what) named \(name.q)" + (suggestion.map { "; did you mean \($0.q)?" } ?? "")
        case .noShootingDay(let date, let nearest):
            "there is no shooting day on \(date)" + (nearest.map { "; the nearest is on \($0)" } ?? "")
        case .shootingDayExists(let date, let status):
            "there is already a shooting day on \(date) (\(status)): change it with “osmose shoot set \(date)”"
        case .noPledge(let ref, let suggestion):
            "there is no pledge with the reference \(ref.q)" + (suggestion.map { "; did you mean \($0.q)?" } ?? "")
        case .pledgeExists(let ref):
            "a pledge with the reference \(ref.q) is already recorded"
        case .duplicate(let what, let name, let existing):
            existing == name
                ? "a \(what) named \(name.q) already exists"
                : "a \(what) named \(existing.q) already exists, and \(name.q) would be the same name"
        case .inUse(let what, let name, let by):
            "the \(what) \(name.q) cannot be removed: \(by)"
        case .conflict(let message), .io(let message):
            message
        }
    }
}

extension String {
    var q: String { "“\(self)”" }
}
