import Foundation
import Testing

/// What one run of the `osmose` executable did.
struct Run {
    let status: Int32
    let stdout: String
    let stderr: String

    var ok: Bool { status == 0 }

    /// Standard output decoded as JSON.
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(stdout.utf8))
    }

    func jsonArray() throws -> [[String: Any]] {
        try #require(try json() as? [[String: Any]], "not a JSON array: \(stdout)")
    }
}

/// A temporary folder to run `osmose` in, as a person would in a terminal.
final class Sandbox: @unchecked Sendable {
    let root: URL
    var environment: [String: String]

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("osmose-cli-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        env["OSMOSE_PRODUCTION"] = nil
        env["OSMOSE_TODAY"] = "2015-11-21"
        environment = env
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    static let executable: URL = {
        // The test bundle sits in the build products folder, next to the `osmose` executable.
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = folder.appendingPathComponent("osmose")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        let fallback = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/osmose")
        return fallback
    }()

    /// Runs `osmose` with arguments in `folder` (the sandbox's root by default).
    @discardableResult
    func run(_ arguments: String..., in folder: URL? = nil) throws -> Run {
        try run(arguments, in: folder)
    }

    @discardableResult
    func run(_ arguments: [String], in folder: URL? = nil) throws -> Run {
        let process = Process()
        process.executableURL = Sandbox.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder ?? root
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a command that must succeed.
    @discardableResult
    func ok(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> Run {
        let result = try run(arguments)
        #expect(result.ok, "osmose \(arguments.joined(separator: " ")) failed: \(result.stderr)", sourceLocation: sourceLocation)
        return result
    }

    /// Everything the ledger holds, as the listings print it: to check that a refused command wrote nothing.
    func snapshot() throws -> String {
        try ["space list --json", "person list --json", "shoot list --json", "release list --json", "log search --json"]
            .map { try run($0.split(separator: " ").map(String.init)).stdout }
            .joined(separator: "\n")
    }
}
