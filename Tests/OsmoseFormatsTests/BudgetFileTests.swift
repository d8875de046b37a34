import Foundation
import OsmoseDomain
import Testing
@testable import OsmoseFormats

@Suite("Budget files")
struct BudgetFileTests {
    @Test("The demo's budget files read without a problem, and the repository's copies are the same")
    func demo() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for file in DemoProduction.budgetFiles {
            let result = BudgetFile.read(file.text, file: "budgets/" + file.name, version: String(file.name.dropLast(5)))
            #expect(result.problems.isEmpty, "\(result.problems)")
            let onDisk = try String(contentsOf: root.appendingPathComponent("budgets/" + file.name), encoding: .utf8)
            #expect(onDisk == file.text, "budgets/\(file.name) and DemoProduction.budgetFiles differ")
        }
        let budget = try demoBudget()
        #expect(budget.current)
        #expect(budget.campaign?.target == 250_000)
        #expect(budget.campaign?.feeBasisPoints == 300)
        #expect(budget.campaign?.feeFixed == 25)
        #expect(budget.campaign?.tiers.first { $0.title == "Affiche sérigraphiée" }?.unitCost == 1_450)
        #expect(budget.source("pictanovo")?.instalments.map(\.amount) == [350_000, 150_000])
        #expect(budget.line("6.1")?.estimate == 35_000)
        #expect(budget.line("1.1").map(budget.isInKind) == true)
    }

    let minimal = """
        [budget]
        title = "Test"
        current = true

        [funding.grant]
        kind = "grant"
        amount = 1000

        [[line]]
        code = "1"
        chapter = 2
        label = "Sound"
        estimate = 1000
        paid_by = ["grant"]
        """

    @Test("Amounts may be written 1200, 1200.50 or \"1 200,50 €\"")
    func amounts() throws {
        for (written, cents) in [("1200", 120_000), ("1200.50", 120_050), ("\"1 200,50 €\"", 120_050), ("1_200", 120_000),
                                 ("1000000000", Amount.maximumCents), ("\"+12,30\"", 1_230)] as [(String, Int64)] {
            let text = minimal.replacingOccurrences(of: "estimate = 1000", with: "estimate = \(written)")
            let budget = try #require(BudgetFile.read(text, file: "b.toml", version: "b").budget)
            #expect(budget.line("1")?.estimate == cents, "\(written)")
        }
    }

    @Test("Problems come as FILE:LINE: sentence, each at its line", arguments: [
        ("estimate = 1000", "estimate = \"12,5,0\"", "budgets/b.toml:13: estimate \"12,5,0\" is not an amount"),
        ("estimate = 1000", "estimate = 12.505", "budgets/b.toml:13: estimate 12.505 is not an amount"),
        ("estimate = 1000", "estimate = \"2,500\"", "budgets/b.toml:13: estimate \"2,500\" is ambiguous: do you mean 2 500,00 € or 2,50 €? write 2500 or 2,50"),
        ("estimate = 1000", "estimate = 1000000001", "budgets/b.toml:13: estimate 1000000001 is more than 1 000 000 000,00 €, the most an amount may be"),
        ("estimate = 1000", "estimate = 2000000000.5", "budgets/b.toml:13: estimate 2000000000.5 is more than 1 000 000 000,00 €, the most an amount may be"),
        ("estimate = 1000", "estimate = \"1 000 000 000,01\"", "budgets/b.toml:13: estimate \"1 000 000 000,01\" is more than 1 000 000 000,00 €"),
        ("paid_by = [\"grant\"]", "paid_by = [\"grnat\"]", "budgets/b.toml:9: line “1” is paid by “grnat”, which is not a funding source; did you mean “grant”?"),
        ("label = \"Sound\"", "label = \"Sound\"\nlable = \"x\"", "budgets/b.toml:13: unknown key \"lable\" in [[line]]; did you mean \"label\"?"),
        ("kind = \"grant\"", "kind = \"loan\"", "budgets/b.toml:6: kind \"loan\" of funding.grant is not grant, crowdfunding, in-kind or own"),
        ("current = true", "current = yes", "budgets/b.toml:3:"),
        ("chapter = 2", "chapter = 14", "budgets/b.toml:9: chapter 14 of line “1” is not a chapter of the CNC devis"),
    ])
    func problems(old: String, new: String, expected: String) {
        let text = minimal.replacingOccurrences(of: old, with: new)
        let problems = BudgetFile.read(text, file: "budgets/b.toml", version: "b").problems.map(\.description)
        #expect(problems.contains { $0.hasPrefix(expected) }, "\(problems)")
    }

    @Test("Duplicate codes, a campaign closing before it opens, a tier with no minimum")
    func moreProblems() {
        let text = minimal + """


            [[line]]
            code = "1"
            chapter = 2
            label = "Again"
            estimate = 5
            paid_by = "grant"

            [funding.crowd]
            kind = "crowdfunding"
            amount = 100

            [campaign]
            target = 100
            opens = 2015-09-14
            closes = 2015-09-01

            [[campaign.tier]]
            title = "Free"
            """
        let problems = BudgetFile.read(text, file: "budgets/b.toml", version: "b").problems.map(\.description)
        #expect(problems.contains("budgets/b.toml:16: duplicate line code “1” (first at line 9)"), "\(problems)")
        #expect(problems.contains("budgets/b.toml:27: the campaign closes on 2015-09-01, before it opens on 2015-09-14"), "\(problems)")
        #expect(problems.contains("budgets/b.toml:32: tier “Free” has no minimum"), "\(problems)")
    }

    @Test("A file that is not TOML says where")
    func syntax() {
        let problems = BudgetFile.read("[budget]\ntitle = \"x\"\nestimate = = 3\n", file: "budgets/b.toml", version: "b").problems
        #expect(problems.count == 1)
        #expect(problems.first?.line == 3)
    }

    @Test("One version is current; a folder with two current versions says so")
    func versions() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("budgets-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try minimal.write(to: folder.appendingPathComponent("a.toml"), atomically: true, encoding: .utf8)
        #expect(try BudgetFile.readFolder(folder).current().version == "a")
        try minimal.write(to: folder.appendingPathComponent("b.toml"), atomically: true, encoding: .utf8)
        let both = BudgetFile.readFolder(folder)
        #expect(both.problems.contains { $0.description.hasPrefix("budgets/b.toml:1: says current = true") })
        #expect(throws: InputError.self) { try both.current() }
        #expect(try both.version("a").version == "a")
        #expect { try both.version("c") } throws: { ($0 as? InputError)?.message.contains("the versions are: a, b") == true }
    }
}

@Suite("The budget format's documentation")
struct BudgetReadmeTests {
    @Test("The example in budgets/README.md is a valid budget")
    func example() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("budgets/README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "```toml\n"))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let result = BudgetFile.read(String(readme[start.upperBound..<end.lowerBound]), file: "budgets/README.md", version: "readme")
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.budget?.campaign?.tiers.first?.premiereSeats == 1)
        #expect(result.budget?.source("pictanovo")?.instalments.count == 2)
    }
}
