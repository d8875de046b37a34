import Foundation
import OsmoseDomain
import Testing
@testable import OsmoseFormats

@Suite("Archives for backups")
struct TarTests {
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tar-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    @Test("Two archives written to one file at once each write their own partial file: the name ends up holding a whole one")
    func twoWritersOneName() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let archive = root.appendingPathComponent("a.tar")
        // Interleaved as two backups started together would be.
        let first = try Tar.Writer(url: archive, modified: Date(timeIntervalSince1970: 1_448_000_000))
        let second = try Tar.Writer(url: archive, modified: Date(timeIntervalSince1970: 1_448_000_000))
        try first.add(path: "one", data: Data(repeating: 1, count: 5_000))
        try second.add(path: "two", data: Data(repeating: 2, count: 700))
        try second.finish()
        try first.finish()
        let out = root.appendingPathComponent("out", isDirectory: true)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        #expect(try Tar.extract(archive, into: out) == first.entries)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["a.tar", "out"])
    }

    @Test("Files go in and come out with their SHA-256; long paths use the ustar prefix; the system tar reads it")
    func roundTrip() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let big = root.appendingPathComponent("big.bin")
        try Data((0..<3_000_000).map { UInt8($0 % 251) }).write(to: big)
        let archive = root.appendingPathComponent("a.tar")
        let longPath = String(repeating: "dossier/", count: 15) + "fichier-été.txt"
        let writer = try Tar.Writer(url: archive, modified: Date(timeIntervalSince1970: 1_448_000_000))
        try writer.add(path: "big.bin", file: big)
        try writer.add(path: longPath, data: Data("bonjour".utf8))
        try writer.add(path: "empty", data: Data())
        try writer.finish()
        let out = root.appendingPathComponent("out", isDirectory: true)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let entries = try Tar.extract(archive, into: out)
        #expect(entries == writer.entries)
        #expect(entries.map(\.path) == ["big.bin", longPath, "empty"])
        #expect(try Data(contentsOf: out.appendingPathComponent(longPath)) == Data("bonjour".utf8))
        #expect(try Data(contentsOf: out.appendingPathComponent("big.bin")) == Data(contentsOf: big))

        let list = Process()
        list.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        list.arguments = ["tf", archive.path]
        let pipe = Pipe()
        list.standardOutput = pipe
        try list.run()
        list.waitUntilExit()
        let names = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(names == ["big.bin", longPath, "empty"])
    }

    @Test("A damaged header, a truncated archive and a path leaving the folder are refused by name")
    func refused() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let archive = root.appendingPathComponent("a.tar")
        let writer = try Tar.Writer(url: archive, modified: Date())
        try writer.add(path: "a.txt", data: Data(repeating: 65, count: 1_000))
        try writer.finish()
        let out = root.appendingPathComponent("out", isDirectory: true)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)

        var bytes = try Data(contentsOf: archive)
        bytes[3] = UInt8(ascii: "X")
        try bytes.write(to: root.appendingPathComponent("bad.tar"))
        #expect(message { _ = try Tar.extract(root.appendingPathComponent("bad.tar"), into: out) }.contains("fails its checksum"))

        try Data(try Data(contentsOf: archive).prefix(700)).write(to: root.appendingPathComponent("short.tar"))
        #expect(message { _ = try Tar.extract(root.appendingPathComponent("short.tar"), into: out) }.contains("truncated"))

        let evil = root.appendingPathComponent("evil.tar")
        let escape = try Tar.Writer(url: evil, modified: Date())
        try escape.add(path: "../../outside.txt", data: Data("x".utf8))
        try escape.finish()
        #expect(message { _ = try Tar.extract(evil, into: out) }.contains("would land outside the folder"))
        #expect(!FileManager.default.fileExists(atPath: root.deletingLastPathComponent().appendingPathComponent("outside.txt").path))
    }
}
