import Foundation
import GRDB
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
    /// The ledger holds migrations this Osmose does not know.
    case newerLedger(found: String, known: String)

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
        case .newerLedger(let found, let known):
            "this ledger was written by a newer Osmose (ledger schema \(found); this osmose knows up to \(known)): nothing was read or written; update osmose to use this production"
        }
    }
}

extension String {
    var q: String { "“\(self)”" }
}

extension LedgerError {
    /// One sentence for the failures of the disk and of SQLite that are not the input's fault (a
    /// full disk, a ledger another program holds, a damaged file); nil for any other error.
    public static func explain(_ error: any Error) -> String? {
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_FULL:
                return "the disk holding the ledger is full: nothing of this change was written; free some space and run the command again"
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return "the ledger stayed busy with another writer for too long: nothing of this change was written; run the command again"
            case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
                return "the ledger cannot be written here (\(error.message ?? "read-only")): check the folder's permissions"
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return "the ledger is damaged (\(error.message ?? "corrupt")): run “osmose check”, and restore the latest backup with “osmose restore”"
            case .SQLITE_IOERR:
                // A full disk shows as an I/O error when SQLite cannot grow its shared-memory file.
                return "the ledger's disk failed (\(error.message ?? "I/O error")), full or faulty: nothing of this change was written; free some space or check the disk, then run the command again"
            default:
                return nil
            }
        }
        let ns = error as NSError
        let full = (ns.domain == NSPOSIXErrorDomain && ns.code == Int(ENOSPC)) || (ns.domain == NSCocoaErrorDomain && ns.code == 640)
            || ((ns.userInfo[NSUnderlyingErrorKey] as? NSError).map { $0.domain == NSPOSIXErrorDomain && $0.code == Int(ENOSPC) } ?? false)
        return full ? "the disk is full: the file could not be written; free some space and run the command again" : nil
    }
}
