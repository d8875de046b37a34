import Foundation
import OsmoseDomain
import Testing
@testable import OsmoseFormats

@Suite("ASC MHL histories")
struct MHLHistoryTests {
    let fm = FileManager.default

    /// A copy of a fixture folder in a temporary place, so tests may change it.
    func fixture(_ name: String) throws -> URL {
        let source = try #require(Bundle.module.url(forResource: "Fixtures/mhl/" + name, withExtension: nil))
        let copy = fm.temporaryDirectory.appendingPathComponent("mhl-\(UUID().uuidString)", isDirectory: true)
        try fm.createDirectory(at: copy, withIntermediateDirectories: true)
        let target = copy.appendingPathComponent(name, isDirectory: true)
        try fm.copyItem(at: source, to: target)
        return target
    }

    /// A small card: clips in a subfolder, a sidecar at the top.
    func card() throws -> URL {
        let root = fm.temporaryDirectory.appendingPathComponent("card-\(UUID().uuidString)", isDirectory: true)
        try fm.createDirectory(at: root.appendingPathComponent("Clips/Sub"), withIntermediateDirectories: true)
        try Data("abcde".utf8).write(to: root.appendingPathComponent("Clips/A002C006.mov"))
        try Data("abcd".utf8).write(to: root.appendingPathComponent("Clips/A002C007.mov"))
        try Data("x".utf8).write(to: root.appendingPathComponent("Clips/Sub/s.xml"))
        try Data("sidecar".utf8).write(to: root.appendingPathComponent("Sidecar.txt"))
        return root
    }

    func generationFiles(_ folder: URL) throws -> [String] {
        try fm.contentsOfDirectory(atPath: folder.appendingPathComponent("ascmhl").path).filter { $0.hasSuffix(".mhl") }.sorted()
    }

    func records(_ folder: URL, _ paths: [String], _ algorithms: [HashAlgorithm]) throws -> [MHLFileRecord] {
        try paths.map { path in
            let url = folder.appendingPathComponent(path)
            let attributes = try fm.attributesOfItem(atPath: url.path)
            return MHLFileRecord(relativePath: path, size: (attributes[.size] as? NSNumber)?.int64Value ?? 0,
                                 modified: attributes[.modificationDate] as? Date ?? Date(), digests: try MultiHasher.hash(file: url, algorithms))
        }
    }

    let date = Date(timeIntervalSince1970: 1_442_224_800)  // 2015-09-14 10:00 UTC

    // MARK: - Reading what ascmhl 1.2 wrote

    @Test("A history written by ascmhl 1.2 reads back: creator, formats, rename, references, nested history")
    func readAscmhlHistory() throws {
        let folder = try fixture("ascmhl-history")
        defer { try? fm.removeItem(at: folder.deletingLastPathComponent()) }
        let history = try #require(try MHLHistory.load(folder))
        #expect(history.allProblems.isEmpty)
        #expect(history.hashLists.map(\.generation) == [1, 2])
        #expect(history.chain.generations.map(\.sequence) == [1, 2])

        let first = history.hashLists[0]
        #expect(first.tool?.name == "ascmhl" && first.tool?.version == "1.2")
        #expect(first.authors == ["Jane Doe"] && first.location == "Lyon" && first.comment == "day 1")
        #expect(first.process == "in-place")
        #expect(first.ignorePatterns == [".DS_Store", "ascmhl", "ascmhl/"])
        #expect(first.rootHashes.map(\.algorithm) == [.xxh128] && first.rootHashes[0].structure != nil)
        let notes = try #require(first.entry(for: "Docs/notes.txt"))
        #expect(notes.size == 5 && notes.hashes.first?.action == "original" && notes.modified != nil)

        let second = history.hashLists[1]
        let renamed = try #require(second.entry(for: "Docs/notes-v2.txt"))
        #expect(renamed.previousPath == "Docs/notes.txt")
        #expect(Set(renamed.hashes.map(\.algorithm)) == [.md5, .xxh128])
        // ascmhl finds an entry by its earlier name too.
        #expect(second.entry(for: "Docs/notes.txt")?.path == "Docs/notes-v2.txt")
        #expect(second.references.count == 1 && second.references[0].path.hasPrefix("Cards/A001/ascmhl/0003_A001_"))
        let docs = try #require(second.entries.first { $0.path == "Docs" && $0.isDirectory })
        #expect(docs.hashes.allSatisfy { $0.structure != nil })

        // The nested history: the card sealed first with md5 and c4, then through its parent.
        #expect(history.children.map(\.path) == ["Cards/A001"])
        let card = try #require(history.nested["Cards/A001"])
        #expect(card.hashLists.map(\.generation) == [1, 2, 3])
        #expect(Set(card.hashLists[0].entries.flatMap { $0.hashes.map(\.algorithm) }) == [.md5, .c4])
        let (owner, local) = history.owner(of: "Cards/A001/Clips/A001C001.mov")
        #expect(owner.folder.lastPathComponent == "A001" && local == "Clips/A001C001.mov")
        #expect(history.owner(of: "Cards/A001").path == ".")
        #expect(history.owner(of: "Cards").path == "Cards")
        // The first original hash in document order, as ascmhl takes it (the schema puts c4 first).
        #expect(card.originalHash(ofLocal: "Clips/A001C001.mov")?.hash.algorithm == .c4)
        #expect(card.originalHash(ofLocal: "Clips/A001C001.mov")?.generation == 1)
        #expect(card.hashLists[2].entry(for: "Clips/A001C001.mov")?.hashes.allSatisfy { $0.action == "verified" } == true)
    }

    @Test("The ascmhl history verifies; with directory hashes, a folder changed by the rename fails in one format only, which passes")
    func verifyAscmhlHistory() throws {
        let folder = try fixture("ascmhl-history")
        defer { try? fm.removeItem(at: folder.deletingLastPathComponent()) }
        let plain = try MHLVerifier.verify(folder, directoryHashes: false)
        #expect(plain.isOK && plain.verifiedFiles == 6 && plain.issues.isEmpty)
        let folders = try MHLVerifier.verify(folder, directoryHashes: true)
        #expect(folders.isOK && folders.problems.isEmpty)
        #expect(folders.failedDirectoryAlgorithms == [.xxh128] && folders.directoryAlgorithms == [.c4, .md5, .xxh128])
        #expect(folders.warnings.contains("folder Docs: structure hash (xxh128) differs from generation 1"))
        // Renamed back, the file verifies under its first name (recorded in generation 1), and its new name is missing, as ascmhl finds.
        try fm.moveItem(at: folder.appendingPathComponent("Docs/notes-v2.txt"), to: folder.appendingPathComponent("Docs/notes.txt"))
        let moved = try MHLVerifier.verify(folder, directoryHashes: false)
        #expect(moved.issues == [.missing("Docs/notes-v2.txt")] && moved.verifiedFiles == 6)
    }

    @Test("Lookups: latest known hashes follow renames; every path ever recorded; what a new generation needs")
    func lookups() throws {
        let folder = try fixture("ascmhl-history")
        defer { try? fm.removeItem(at: folder.deletingLastPathComponent()) }
        let history = try #require(try MHLHistory.load(folder))
        let notes = Data("notes".utf8)
        let latest = history.latestHashes(of: "Docs/notes-v2.txt")
        #expect(latest[.md5] == HashAlgorithm.md5.digest(of: Array(notes)))
        #expect(latest[.xxh128] == HashAlgorithm.xxh128.digest(of: Array(notes)))
        let card = history.latestHashes(of: "Cards/A001/Clips/A001C002.mov")
        #expect(Set(card.keys) == [.md5, .c4, .xxh128])
        #expect(card[.c4] == C4.id(of: Data("clip two".utf8)))
        #expect(history.latestHashes(of: "Nope.mov").isEmpty)

        let paths = history.allRecordedPaths
        #expect(paths.isSuperset(of: ["Docs/notes.txt", "Docs/notes-v2.txt", "README.txt", "Docs", "Cards/A001",
                                      "Cards/A001/Clips/A001C001.mov", "Cards/A001/A001.xml", "Cards/A001/Clips"]))
        #expect(history.renames == ["Docs/notes.txt": "Docs/notes-v2.txt"])
        #expect(!history.expectedPaths.contains("Docs/notes.txt"))
        // Recorded in c4, md5 (in that order) and xxh128: asked for xxh64 alone, the first recorded format comes along.
        #expect(history.nested["Cards/A001"]?.recordedAlgorithms(ofLocal: "A001.xml") == [.c4, .md5, .xxh128])
        #expect(history.requiredAlgorithms(for: "Cards/A001/A001.xml", requested: [.xxh64]) == [.xxh64, .c4])
        #expect(history.requiredAlgorithms(for: "Cards/A001/A001.xml", requested: [.c4]) == [.c4])
        #expect(history.requiredAlgorithms(for: "New.mov", requested: [.xxh64]) == [.xxh64])
    }

    @Test("No ascmhl folder, no history")
    func noHistory() throws {
        let folder = try card()
        defer { try? fm.removeItem(at: folder) }
        #expect(try MHLHistory.load(folder) == nil)
        let result = try MHLVerifier.verify(folder, directoryHashes: false)
        #expect(!result.isOK && result.issues == [.historyMissing])
        #expect(try !MHLVerifier.verify(folder, directoryHashes: true).isOK)
    }

    // MARK: - Continuing a history

    @Test("Continuing an ascmhl history: sequence numbers, verified actions, the nested generation referenced, then verified")
    func continueAscmhlHistory() throws {
        let folder = try fixture("ascmhl-history")
        defer { try? fm.removeItem(at: folder.deletingLastPathComponent()) }
        let paths = ["Cards/A001/A001.xml", "Cards/A001/Clips/A001C001.mov", "Cards/A001/Clips/A001C002.mov",
                     "Docs/callsheet.txt", "Docs/notes-v2.txt", "README.txt"]
        let files = try records(folder, paths, [.xxh128, .xxh64])
        let name = try MHLWriter.appendGeneration(to: folder, files: files, algorithms: [.xxh64, .xxh128], author: "Ana", process: "transfer",
                                                  now: date, tool: ("osmose", "0.1.0"), hostname: "dit-cart")
        #expect(name == "0003_ascmhl-history_2015-09-14_100000Z.mhl")
        let history = try #require(try MHLHistory.load(folder))
        #expect(history.allProblems.isEmpty)
        #expect(history.chain.generations.map(\.sequence) == [1, 2, 3])
        let third = history.hashLists[2]
        #expect(third.process == "transfer" && third.authors == ["Ana"] && third.hostname == "dit-cart")
        #expect(third.tool?.name == "osmose" && third.creationDate == date)
        let readme = try #require(third.entry(for: "README.txt"))
        #expect(readme.hash(.xxh128)?.action == "verified" && readme.hash(.xxh64)?.action == "verified")
        #expect(third.rootHashes.map(\.algorithm) == [.xxh128, .xxh64])
        // The card's files went into the card's own history, which the parent references.
        #expect(third.entry(for: "Cards/A001/A001.xml") == nil)
        let card = try #require(history.nested["Cards/A001"])
        #expect(card.chain.generations.map(\.sequence) == [1, 2, 3, 4])
        let cardGeneration = card.hashLists[3]
        #expect(cardGeneration.fileName == "0004_A001_2015-09-14_100000Z.mhl")
        #expect(cardGeneration.entry(for: "A001.xml")?.hashes.allSatisfy { $0.action == "verified" } == true)
        let data = try Data(contentsOf: card.folder.appendingPathComponent("ascmhl/" + cardGeneration.fileName))
        #expect(third.references == [.init(path: "Cards/A001/ascmhl/" + cardGeneration.fileName, c4: C4.id(of: data))])
        // The card folder appears in the parent as a folder, with the card's root hashes.
        let cardFolder = try #require(third.entry(for: "Cards/A001"))
        #expect(cardFolder.isDirectory && cardFolder.hash(.xxh64)?.digest == cardGeneration.rootHashes.first { $0.algorithm == .xxh64 }?.digest)

        // The root hash is the one computed from the files, as the verifier computes it.
        let result = try MHLVerifier.verify(folder, directoryHashes: false)
        #expect(result.isOK, "\(result.lines)")
        #expect(result.verifiedFiles == 6)
    }

    @Test("Writer and verifier compute the same directory hashes: a fresh seal verifies with directory hashes")
    func sealThenVerifyDirectories() throws {
        let folder = try card()
        defer { try? fm.removeItem(at: folder) }
        try fm.createDirectory(at: folder.appendingPathComponent("Empty"), withIntermediateDirectories: true)
        try MHLSealer.seal(folder, algorithms: [.xxh64, .c4, .sha1], now: date)
        let result = try MHLVerifier.verify(folder, directoryHashes: true)
        #expect(result.isOK, "\(result.lines)")
        #expect(result.verifiedDirectories == 3 && result.directoryAlgorithms == [.c4, .sha1, .xxh64])
        #expect(result.notes.isEmpty)
        let history = try #require(try MHLHistory.load(folder))
        #expect(history.hashLists[0].entry(for: "Empty")?.hash(.xxh64)?.digest == HashAlgorithm.xxh64.digest(of: []))
    }

    @Test("A changed file is recorded as failed, the generation written, then the writer throws; verify keeps failing")
    func failedAction() throws {
        let folder = try card()
        defer { try? fm.removeItem(at: folder) }
        try MHLSealer.seal(folder, algorithms: [.md5], now: date)
        try Data("abcX".utf8).write(to: folder.appendingPathComponent("Clips/A002C007.mov"))
        try Data("new".utf8).write(to: folder.appendingPathComponent("Clips/New.mov"))
        #expect(throws: InputError.self) { try MHLSealer.seal(folder, algorithms: [.md5, .xxh64], now: date.addingTimeInterval(60)) }
        let history = try #require(try MHLHistory.load(folder))
        #expect(history.hashLists.count == 2 && history.allProblems.isEmpty)
        let changed = try #require(history.hashLists[1].entry(for: "Clips/A002C007.mov"))
        // The recorded format failed: the new one is not recorded on top of it.
        #expect(changed.hashes.map(\.algorithm) == [.md5] && changed.hashes[0].action == "failed")
        #expect(history.hashLists[1].entry(for: "Clips/A002C006.mov")?.hashes.map(\.action) == ["verified", "verified"])
        #expect(history.hashLists[1].entry(for: "Clips/New.mov")?.hashes.map(\.action) == ["original", "original"])
        // The latest known good hash is still the original one.
        #expect(history.latestHashes(of: "Clips/A002C007.mov")[.md5] == HashAlgorithm.md5.digest(of: Array("abcd".utf8)))
        let result = try MHLVerifier.verify(folder, directoryHashes: false)
        #expect(!result.isOK)
        #expect(result.issues.contains { if case .changed(path: "Clips/A002C007.mov", algorithm: .md5, _, _) = $0 { return true } else { return false } })
    }

    @Test("Seals of one folder at the same time take turns: each generation gets its own number, and the chain names them all")
    func concurrentSeals() async throws {
        let folder = try card()
        defer { try? fm.removeItem(at: folder) }
        // Each seal at its own second, so that no two would share a file name even unnumbered.
        let base = date
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<6 {
                group.addTask { try MHLSealer.seal(folder, algorithms: [.xxh64], now: base.addingTimeInterval(Double(n))) }
            }
            try await group.waitForAll()
        }
        let history = try #require(try MHLHistory.load(folder))
        #expect(history.chain.generations.map(\.sequence) == Array(1...6))
        #expect(history.hashLists.map(\.generation) == Array(1...6))
        #expect(try generationFiles(folder).count == 6)
        #expect(history.allProblems.isEmpty, "\(history.allProblems)")
    }

    @Test("A missing recorded file: the generation is written, the writer throws")
    func missingOnSeal() throws {
        let folder = try card()
        defer { try? fm.removeItem(at: folder) }
        try MHLSealer.seal(folder, algorithms: [.xxh64], now: date)
        try fm.removeItem(at: folder.appendingPathComponent("Sidecar.txt"))
        do {
            try MHLSealer.seal(folder, algorithms: [.xxh64], now: date.addingTimeInterval(1))
            Issue.record("sealing should report the missing file")
        } catch let error as InputError {
            #expect(error.message.contains("Sidecar.txt") && error.message.contains("0002_"))
        }
        #expect(try generationFiles(folder).count == 2)
    }

    @Test("Hashes the history needs must be given; nothing is written when they are not")
    func missingDigests() throws {
        let folder = try card()
        defer { try? fm.removeItem(at: folder) }
        try MHLSealer.seal(folder, algorithms: [.md5], now: date)
        let files = try records(folder, ["Clips/A002C006.mov", "Clips/A002C007.mov", "Clips/Sub/s.xml", "Sidecar.txt"], [.xxh64])
        #expect(throws: InputError.self) {
            try MHLWriter.appendGeneration(to: folder, files: files, algorithms: [.xxh64], author: nil, process: "in-place", now: date, tool: ("t", "1"))
        }
        let escaping = [MHLFileRecord(relativePath: "../x", size: 1, modified: date, digests: [.xxh64: "0000000000000000"])]
        #expect(throws: InputError.self) {
            try MHLWriter.appendGeneration(to: folder, files: escaping, algorithms: [.xxh64], author: nil, process: "in-place", now: date, tool: ("t", "1"))
        }
        #expect(try generationFiles(folder).count == 1)
        // With the md5 the history needs, xxh64 is recorded as verified beside it.
        let withMD5 = try records(folder, ["Clips/A002C006.mov", "Clips/A002C007.mov", "Clips/Sub/s.xml", "Sidecar.txt"], [.xxh64, .md5])
        #expect(throws: InputError.self) {
            try MHLWriter.appendGeneration(to: folder, files: withMD5, algorithms: [.xxh64], author: nil, process: "copy", now: date, tool: ("t", "1"))
        }
        #expect(try generationFiles(folder).count == 1)
        try MHLWriter.appendGeneration(to: folder, files: withMD5, algorithms: [.xxh64], author: nil, process: "in-place", now: date, tool: ("t", "1"))
        let second = try #require(try MHLHistory.load(folder)).hashLists[1]
        #expect(second.entry(for: "Sidecar.txt")?.hashes.map(\.action) == ["verified", "verified"])
        #expect(second.rootHashes.map(\.algorithm) == [.xxh64])
    }

    @Test("A rename given by the caller is recorded as previousPath and the old path is not missing")
    func renameRecord() throws {
        let folder = try card()
        defer { try? fm.removeItem(at: folder) }
        try MHLSealer.seal(folder, algorithms: [.xxh64], now: date)
        try fm.moveItem(at: folder.appendingPathComponent("Sidecar.txt"), to: folder.appendingPathComponent("Sidecar-2.txt"))
        var files = try records(folder, ["Clips/A002C006.mov", "Clips/A002C007.mov", "Clips/Sub/s.xml", "Sidecar-2.txt"], [.xxh64])
        files[3].previousPath = "Sidecar.txt"
        try MHLWriter.appendGeneration(to: folder, files: files, algorithms: [.xxh64], author: nil, process: "in-place", now: date, tool: ("t", "1"))
        let history = try #require(try MHLHistory.load(folder))
        #expect(history.hashLists[1].entry(for: "Sidecar-2.txt")?.previousPath == "Sidecar.txt")
        #expect(history.latestHashes(of: "Sidecar-2.txt")[.xxh64] == HashAlgorithm.xxh64.digest(of: Array("sidecar".utf8)))
        #expect(try MHLVerifier.verify(folder, directoryHashes: false).isOK)
    }

    @Test("Nested histories: a sealed subfolder gets its own generation, the parent references it; a change inside is caught")
    func nested() throws {
        let folder = try card()
        defer { try? fm.removeItem(at: folder) }
        try MHLSealer.seal(folder.appendingPathComponent("Clips"), algorithms: [.xxh64], now: date)
        let parent = try MHLSealer.seal(folder, algorithms: [.xxh64], now: date.addingTimeInterval(1))
        #expect(parent.hasPrefix("0001_"))
        let history = try #require(try MHLHistory.load(folder))
        let clips = try #require(history.nested["Clips"])
        #expect(clips.hashLists.count == 2)
        #expect(history.hashLists[0].references.map(\.path) == ["Clips/ascmhl/" + clips.hashLists[1].fileName])
        #expect(history.hashLists[0].entry(for: "Clips/A002C006.mov") == nil && history.hashLists[0].entry(for: "Clips")?.isDirectory == true)
        #expect(try MHLVerifier.verify(folder, directoryHashes: true).isOK)
        try Data("zzzz".utf8).write(to: folder.appendingPathComponent("Clips/Sub/s.xml"))
        let result = try MHLVerifier.verify(folder, directoryHashes: false)
        #expect(result.issues.map(\.description).contains { $0.hasPrefix("changed: Clips/Sub/s.xml") })
    }

    @Test("A generation written but not yet chained (a killed process) is read, and the next one numbered after it")
    func orphanGeneration() throws {
        let folder = try card()
        defer { try? fm.removeItem(at: folder) }
        try MHLSealer.seal(folder, algorithms: [.xxh64], now: date)
        let first = try generationFiles(folder)[0]
        let orphan = folder.appendingPathComponent("ascmhl/0002_orphan.mhl")
        try fm.copyItem(at: folder.appendingPathComponent("ascmhl/" + first), to: orphan)
        #expect(try MHLVerifier.verify(folder, directoryHashes: false).isOK)
        let next = try MHLSealer.seal(folder, algorithms: [.xxh64], now: date.addingTimeInterval(5))
        #expect(next.hasPrefix("0003_"))
        #expect(try #require(try MHLHistory.load(folder)).chain.generations.map(\.sequence) == [1, 3])
    }

    // MARK: - Verifying

    @Test("Verify: untouched, missing, changed, new files")
    func verifyCases() throws {
        let folder = try card()
        defer { try? fm.removeItem(at: folder) }
        try MHLSealer.seal(folder, algorithms: [.xxh3, .c4], now: date)
        var result = try MHLVerifier.verify(folder, directoryHashes: true)
        #expect(result.isOK && result.issues.isEmpty && result.verifiedFiles == 4)
        #expect(result.lines.last?.hasPrefix("ok:") == true)

        try Data("new".utf8).write(to: folder.appendingPathComponent("Clips/Sub/new.xml"))
        result = try MHLVerifier.verify(folder, directoryHashes: false)
        #expect(!result.isOK && result.issues == [.new("Clips/Sub/new.xml")])
        try fm.removeItem(at: folder.appendingPathComponent("Clips/Sub/new.xml"))

        try fm.removeItem(at: folder.appendingPathComponent("Clips/A002C006.mov"))
        result = try MHLVerifier.verify(folder, directoryHashes: false)
        #expect(!result.isOK && result.issues == [.missing("Clips/A002C006.mov")])
        #expect(result.lines.first == "error: missing: Clips/A002C006.mov")
        #expect(result.problems == ["missing: Clips/A002C006.mov"] && result.warnings.isEmpty)

        try Data("abcde".utf8).write(to: folder.appendingPathComponent("Clips/A002C006.mov"))
        try Data("Sidecar".utf8).write(to: folder.appendingPathComponent("Sidecar.txt"))
        result = try MHLVerifier.verify(folder, directoryHashes: true)
        #expect(!result.isOK)
        #expect(result.issues.count == 1)
        #expect(result.notes.count == 2)  // the root hashes differ too (xxh3, c4), which alone would not fail
        // A file is checked in the format of its first original hash, as ascmhl does: c4 comes first in the schema's order.
        #expect(result.issues.first.map { if case .changed("Sidecar.txt", .c4, _, _) = $0 { true } else { false } } == true)
    }

    @Test("Verify with directory hashes: a folder that no longer matches an earlier generation fails in its only format")
    func verifyDirectoryHistory() throws {
        let folder = try card()
        defer { try? fm.removeItem(at: folder) }
        try MHLSealer.seal(folder, algorithms: [.xxh64], now: date)
        try Data("new".utf8).write(to: folder.appendingPathComponent("Clips/Sub/new.xml"))
        try MHLSealer.seal(folder, algorithms: [.xxh64], now: date.addingTimeInterval(60))
        #expect(try MHLVerifier.verify(folder, directoryHashes: false).isOK)
        let result = try MHLVerifier.verify(folder, directoryHashes: true)
        #expect(!result.isOK)
        #expect(result.issues.contains(.directory(path: "Clips/Sub", algorithm: .xxh64, generation: 1, content: true, structure: true)))
        #expect(result.problems.contains("folder Clips/Sub: content and structure hash (xxh64) differs from generation 1"))
    }

    @Test("Verify: an edited manifest, a missing generation, a missing chain")
    func verifyHistoryFiles() throws {
        let folder = try card()
        defer { try? fm.removeItem(at: folder) }
        try MHLSealer.seal(folder, algorithms: [.xxh64], now: date)
        try MHLSealer.seal(folder, algorithms: [.xxh64], now: date.addingTimeInterval(60))
        let names = try generationFiles(folder)
        let first = folder.appendingPathComponent("ascmhl/" + names[0])
        let original = try Data(contentsOf: first)
        let edited = String(decoding: original, as: UTF8.self).replacingOccurrences(of: "Sidecar.txt", with: "Sidecar.TXT")
        try Data(edited.utf8).write(to: first)
        var result = try MHLVerifier.verify(folder, directoryHashes: false)
        #expect(!result.isOK && result.issues == [.history(.generationModified(history: "", fileName: names[0]))])
        #expect(throws: InputError.self) { try MHLSealer.seal(folder, algorithms: [.xxh64], now: date) }

        try original.write(to: first)
        #expect(try MHLVerifier.verify(folder, directoryHashes: false).isOK)
        try fm.removeItem(at: folder.appendingPathComponent("ascmhl/" + names[1]))
        result = try MHLVerifier.verify(folder, directoryHashes: false)
        #expect(result.issues == [.history(.generationMissing(history: "", fileName: names[1]))])

        try fm.removeItem(at: folder.appendingPathComponent("ascmhl/ascmhl_chain.xml"))
        result = try MHLVerifier.verify(folder, directoryHashes: false)
        #expect(result.issues == [.history(.chainMissing(history: ""))])
        #expect(result.lines.first?.contains("ascmhl_chain.xml is missing") == true)
    }

    @Test("Verify: a chained manifest cut short is reported as modified, not as an unreadable file")
    func verifyTruncatedManifest() throws {
        let folder = try card()
        defer { try? fm.removeItem(at: folder) }
        try MHLSealer.seal(folder, algorithms: [.xxh64], now: date)
        let name = try generationFiles(folder)[0]
        let url = folder.appendingPathComponent("ascmhl/" + name)
        try Data(try Data(contentsOf: url).prefix(300)).write(to: url)
        let result = try MHLVerifier.verify(folder, directoryHashes: false)
        #expect(result.issues == [.history(.generationModified(history: "", fileName: name))])
        // A generation outside the chain that cannot be read is an error with its place.
        try Data("<hashlist>\n<hashes>\n<hash>".utf8).write(to: folder.appendingPathComponent("ascmhl/0009_x.mhl"))
        #expect { try MHLHistory.load(folder) } throws: { "\($0)".contains("0009_x.mhl:") }
    }

    @Test("Verify: an edited manifest in a nested history fails the parent")
    func verifyNestedEdit() throws {
        let folder = try fixture("ascmhl-history")
        defer { try? fm.removeItem(at: folder.deletingLastPathComponent()) }
        let cardFolder = folder.appendingPathComponent("Cards/A001/ascmhl")
        let name = try #require(try fm.contentsOfDirectory(atPath: cardFolder.path).filter { $0.hasPrefix("0001_") }.first)
        let url = cardFolder.appendingPathComponent(name)
        try Data(String(decoding: try Data(contentsOf: url), as: UTF8.self).replacingOccurrences(of: "ascmhl", with: "ASCMHL").utf8).write(to: url)
        let result = try MHLVerifier.verify(folder, directoryHashes: false)
        #expect(result.issues == [.history(.generationModified(history: "Cards/A001", fileName: name))])
    }

    // MARK: - Hostile and broken XML

    @Test("Hash lists: entities refused, malformed XML and bad values named with FILE:LINE")
    func hostileHashLists() throws {
        func parse(_ xml: String) throws -> MHLHashList {
            try MHLHashList.parse(Data(xml.utf8), name: "0001_x.mhl", fileName: "0001_x.mhl", generation: 1)
        }
        func message(_ xml: String) -> String {
            do {
                _ = try parse(xml)
                return ""
            } catch {
                return "\(error)"
            }
        }
        let head = "<?xml version=\"1.0\"?>\n<hashlist version=\"2.0\" xmlns=\"urn:ASC:MHL:v2.0\">\n"
        #expect(message("<?xml version=\"1.0\"?><!DOCTYPE h [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><hashlist><hashes><hash><path>&e;</path></hash></hashes></hashlist>")
            .contains("entities"))
        #expect(message(head + "<hashes>\n<hash>\n<path>a.mov</path>\n<md5 action=\"original\">zz</md5>\n</hash></hashes></hashlist>")
            == "0001_x.mhl:6: “zz” is not a md5 digest")
        #expect(message(head + "<hashes>\n<hash>\n<path size=\"-3\">a.mov</path>").hasPrefix("0001_x.mhl:5: the size"))
        #expect(message(head + "<hashes>\n<hash>\n<xxh64>0000000000000000</xxh64>\n</hash></hashes></hashlist>").hasPrefix("0001_x.mhl:6: a <hash> element has no <path>"))
        #expect(message(head + "<hashes><hash><path>a</path>").contains("0001_x.mhl:"))
        #expect(message("<?xml version=\"1.0\"?>\n<html/>").contains("not an ASC MHL hash list"))
        #expect(message(head + "<hashes>\n<directoryhash><path>d</path><content><md5>d41d8cd98f00b204e9800998ecf8427e</md5></content></directoryhash></hashes></hashlist>")
            .contains("without a structure hash"))
        // Unknown elements (metadata, future formats) are passed over, as ascmhl does.
        let list = try parse(head + "<hashes><hash><path>a.mov</path><blake3>x</blake3><md5 action=\"verified\">d41d8cd98f00b204e9800998ecf8427e</md5><metadata><x/></metadata></hash></hashes></hashlist>")
        #expect(list.entries.count == 1 && list.entries[0].hashes.map(\.algorithm) == [.md5])
        #expect(MHLHashList.generationNumber(ofFileName: "0012_A002R2EC_2020-01-16_091500Z.mhl") == 12)
        #expect(MHLHashList.generationNumber(ofFileName: "12_x.mhl") == nil)
        #expect(MHLHashList.generationNumber(ofFileName: "0012.mhl") == 12)
        #expect(MHLHashList.generationNumber(ofFileName: "0012_.mhl") == nil)
    }

    @Test("The chain: entities refused, truncated XML and bad sequence numbers named with FILE:LINE")
    func hostileChains() throws {
        func message(_ xml: String) -> String {
            do {
                _ = try MHLChain.parse(Data(xml.utf8), name: "ascmhl_chain.xml")
                return ""
            } catch {
                return "\(error)"
            }
        }
        let c4 = C4.id(of: Data())
        #expect(message("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ascmhldirectory><hashlist sequencenr=\"1\"><path>&e;</path><c4>\(c4)</c4></hashlist></ascmhldirectory>")
            .contains("entities"))
        #expect(message("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><ascmhldirectory/>").contains("entities"))
        #expect(message("<?xml version=\"1.0\"?>\n<ascmhldirectory>\n<hashlist sequencenr=\"1\"><path>a.mhl</path>").hasPrefix("ascmhl_chain.xml:"))
        #expect(message("<?xml version=\"1.0\"?>\n<ascmhldirectory>\n<hashlist sequencenr=\"one\"><path>a.mhl</path><c4>\(c4)</c4></hashlist></ascmhldirectory>")
            .hasPrefix("ascmhl_chain.xml:3: a hashlist has no valid sequence number"))
        #expect(message("<?xml version=\"1.0\"?>\n<ascmhldirectory>\n<hashlist sequencenr=\"1\">\n<path>a.mhl</path>\n<c4>c4xyz</c4>\n</hashlist></ascmhldirectory>")
            .hasPrefix("ascmhl_chain.xml:6: hashlist 1 has no valid C4"))
        #expect(message("<?xml version=\"1.0\"?><hashlist/>").contains("not an ASC MHL chain"))
        let chain = try MHLChain.parse(Data("<?xml version=\"1.0\"?><ascmhldirectory xmlns=\"urn:ASC:MHL:DIRECTORY:v2.0\"><hashlist sequencenr=\"1\"><path>0001_a.mhl</path><c4>\(c4)</c4></hashlist></ascmhldirectory>".utf8), name: "c")
        #expect(chain.generations.count == 1 && chain.generations[0].fileName == "0001_a.mhl")
    }

    @Test("A chain naming a file outside ascmhl/ is a missing generation, never read")
    func chainEscape() throws {
        let folder = try card()
        defer { try? fm.removeItem(at: folder) }
        try MHLSealer.seal(folder, algorithms: [.xxh64], now: date)
        let chainURL = folder.appendingPathComponent("ascmhl/ascmhl_chain.xml")
        var chain = try MHLChain.read(chainURL)
        chain.generations.append((2, "../Sidecar.txt", C4.id(of: Data("sidecar".utf8))))
        try Data(chain.xml.utf8).write(to: chainURL)
        let result = try MHLVerifier.verify(folder, directoryHashes: false)
        #expect(result.issues == [.history(.generationMissing(history: "", fileName: "../Sidecar.txt"))])
    }

    // MARK: - Ignore patterns

    @Test("Ignore patterns match as gitignore's do")
    func ignorePatterns() {
        let spec = MHLIgnoreSpec([".DS_Store", "ascmhl", "ascmhl/", "._*", "*.tmp", "Proxy/", "/Top/only.txt", "Clips/**/cache", "!keep.tmp"])
        #expect(spec.ignores(".DS_Store", isDirectory: false))
        #expect(spec.ignores("Clips/Sub/.DS_Store", isDirectory: false))
        #expect(spec.ignores("Card/ascmhl", isDirectory: true))
        #expect(spec.ignores("Card/ascmhl/0001_x.mhl", isDirectory: false))
        #expect(spec.ignores("Clips/._A001.mov", isDirectory: false))
        #expect(spec.ignores("a/b/x.tmp", isDirectory: false))
        #expect(!spec.ignores("a/b/keep.tmp", isDirectory: false))
        #expect(spec.ignores("A/Proxy", isDirectory: true) && spec.ignores("A/Proxy/p.mov", isDirectory: false))
        #expect(!spec.ignores("A/Proxy", isDirectory: false))
        #expect(spec.ignores("Top/only.txt", isDirectory: false) && !spec.ignores("X/Top/only.txt", isDirectory: false))
        #expect(spec.ignores("Clips/a/b/cache", isDirectory: true) && spec.ignores("Clips/cache", isDirectory: false))
        #expect(!spec.ignores("Clips/A001.mov", isDirectory: false))
        #expect(MHLIgnoreSpec.glob(Array("A00[1-3]C*.mov"), Array("A002C007.mov")))
        #expect(!MHLIgnoreSpec.glob(Array("A00[!1-3]*"), Array("A002")))
        #expect(MHLIgnoreSpec.glob(Array("?x"), Array("ax")) && !MHLIgnoreSpec.glob(Array("?x"), Array("x")))
    }
}
