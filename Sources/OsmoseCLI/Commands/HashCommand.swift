import ArgumentParser
import Foundation
import OsmoseDomain
import OsmoseFormats

struct HashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Hash files with the algorithms of footage manifests, reading each file once.",
        discussion: "Prints “HEX  FILE” lines as xxhsum and md5sum do (one block per algorithm when several are asked). Works without a production.")
    @Argument(help: "The files.") var files: [String]
    @Option(help: "xxh64, xxh3, xxh128, md5, sha1, c4 (comma-separated).") var algo = "xxh64"
    @Flag(help: "Print JSON.") var json = false

    struct Row: Encodable {
        let file: String
        let hashes: [String: String]
    }

    func run() throws {
        let algorithms = try HashAlgorithm.parseList(algo)
        let urls = try files.map { try MoneyContext.input($0) }
        let total = urls.reduce(0) { sum, url in
            sum + ((try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0)
        }
        let bar = ProgressBar(total: total, label: "hash", bytes: true)
        let rows = try zip(files, urls).map { file, url in
            Row(file: file, hashes: try MultiHasher.hash(file: url, algorithms, progress: bar.advance)
                .reduce(into: [:]) { $0[$1.key.rawValue] = $1.value })
        }
        bar.finish()
        if json { return try Console.json(rows) }
        for algorithm in algorithms {
            if algorithms.count > 1 { Console.line("# \(algorithm.rawValue)") }
            for row in rows { Console.line("\(row.hashes[algorithm.rawValue] ?? "")  \(row.file)") }
        }
    }
}
