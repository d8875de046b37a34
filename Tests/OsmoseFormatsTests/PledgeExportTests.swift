import Foundation
import OsmoseDomain
import Testing
@testable import OsmoseFormats

func fixture(_ name: String) throws -> Data {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
    return try Data(contentsOf: url)
}

/// The demo's revised budget, read from the text the demo ships.
func demoBudget() throws -> Budget {
    let text = try #require(DemoProduction.budgetFiles.first { $0.name == "2015-09-revised.toml" }).text
    return try #require(BudgetFile.read(text, file: "budgets/2015-09-revised.toml", version: "2015-09-revised").budget)
}

@Suite("CSV")
struct CSVTests {
    @Test("BOM, quoted separators, doubled quotes, line breaks inside quotes, CRLF, and line numbers")
    func quoting() throws {
        let text = "\u{FEFF}a;b;c\r\n1;\"x; y\";\"say \"\"hi\"\"\"\r\n2;\"two\nlines\";z\r\n\r\n3;;\n"
        let (header, records) = try CSVReader.read(Data(text.utf8))
        #expect(header == ["a", "b", "c"])
        #expect(records.map(\.fields) == [["1", "x; y", "say \"hi\""], ["2", "two\nlines", "z"], ["3", "", ""]])
        #expect(records.map(\.line) == [2, 3, 6])
    }

    @Test("The delimiter is guessed from the header")
    func delimiter() throws {
        #expect(try CSVReader.read(Data("a,b\n1,2\n".utf8)).records[0].fields == ["1", "2"])
        #expect(try CSVReader.read(Data("a;b;c\n1;2,3;4\n".utf8)).records[0].fields == ["1", "2,3", "4"])
    }

    @Test("Broken files say where", arguments: [
        ("a,b\n1,\"open\n2,3\n", 2, "never closed"),
        ("a,b\n1,\"x\"y\n", 2, "after a closing quote"),
        ("", 1, "empty"),
    ])
    func broken(text: String, line: Int, message: String) {
        #expect { try CSVReader.read(Data(text.utf8)) } throws: { error in
            guard let e = error as? CSVError else { return false }
            return e.line == line && e.message.contains(message)
        }
    }

    @Test("A file that is not UTF-8 is refused at its first bad line")
    func latin1() {
        var data = Data("a;b\n1;2\n".utf8)
        data.append(contentsOf: [0x33, 0x3B, 0xE9, 0x0A])  // “3;é” in Latin-1
        #expect { try CSVReader.read(data) } throws: { ($0 as? CSVError)?.line == 3 }
    }
}

@Suite("Pledge exports")
struct PledgeExportTests {
    @Test("HelloAsso: columns by name, decimal commas, DD/MM/YYYY dates with or without a time, statuses")
    func helloasso() throws {
        let budget = try demoBudget()
        let reader = PledgeExportReader(format: .helloasso, currency: "EUR", campaign: budget.campaign)
        let (rows, problems) = reader.read(try fixture("helloasso-export.csv"), file: "export.csv")
        #expect(problems.isEmpty, "\(problems)")
        #expect(rows.map(\.pledge.ref) == ["40512001", "40512002", "40512003", "40512004", "40512005"])
        #expect(rows.map(\.pledge.status) == [.collected, .collected, .refunded, .failed, .collected])
        #expect(rows.map(\.pledge.amount) == [3_500, 1_000, 6_000, 1_000, 2_550])
        #expect(rows[0].pledge.name == "Camille Durand")
        #expect(rows[0].pledge.email == "camille.durand@example.org")
        #expect(rows[0].pledge.tier == "Invitation à l'avant-première")
        #expect(rows[0].pledge.date == date("2015-09-14"))
        #expect(rows[2].pledge.date == date("2015-09-15"))
        #expect(rows[4].pledge.tier == nil)
        #expect(rows.map(\.line) == [2, 3, 4, 5, 6])
        #expect(rows.allSatisfy { $0.pledge.source == "helloasso" })
    }

    @Test("HelloAsso: every bad row is listed as FILE:LINE: column: value, and no row is kept")
    func helloassoBad() throws {
        let budget = try demoBudget()
        let reader = PledgeExportReader(format: .helloasso, campaign: budget.campaign)
        let (_, problems) = reader.read(try fixture("helloasso-bad.csv"), file: "bad.csv")
        let lines = problems.map(\.description)
        #expect(lines.contains("bad.csv:2: column \"Date de la commande\": value \"32/09/2015\" is not a date (expected DD/MM/YYYY)"))
        #expect(lines.contains { $0.hasPrefix("bad.csv:3: column \"Montant tarif\": value \"12,5,0\" is not an amount") })
        #expect(lines.contains { $0.hasPrefix("bad.csv:4: column \"Statut de la commande\": value \"Peut-être\" is not a status") })
        #expect(lines.contains("bad.csv:5: column \"Tarif\": value \"Mercy\" is not a reward tier of the campaign; did you mean \"Merci !\"?"))
        #expect(lines.contains { $0.hasPrefix("bad.csv:6: column \"Montant tarif\": value \"20,00\" is below the minimum") })
        #expect(problems.count == 5)
    }

    @Test("A missing column is named, with the columns there are")
    func missingColumn() {
        let (_, problems) = PledgeExportReader(format: .helloasso).read(Data("Référence;Montant\n1;2\n".utf8), file: "x.csv")
        #expect(problems.first?.description.hasPrefix("x.csv:1: no column \"Référence commande\"; the columns are: \"Référence\", \"Montant\"") == true)
    }

    @Test("Kickstarter: quoted fields, amounts like €25.00 EUR, its statuses")
    func kickstarter() throws {
        let budget = try demoBudget()
        let (rows, problems) = PledgeExportReader(format: .kickstarter, campaign: budget.campaign).read(try fixture("kickstarter-backers.csv"), file: "ks.csv")
        #expect(problems.isEmpty, "\(problems)")
        #expect(rows.map(\.pledge.ref) == ["8273641", "8273642", "8273643", "8273644"])
        #expect(rows.map(\.pledge.amount) == [3_500, 1_500, 106_000, 500])
        #expect(rows.map(\.pledge.status) == [.collected, .failed, .refunded, .failed])
        #expect(rows[0].pledge.name == "Durand, Camille")
        #expect(rows[0].pledge.date == date("2015-09-14"))
        #expect(rows[1].pledge.date == date("2015-09-15"))
        #expect(rows[3].pledge.email == nil)
    }

    @Test("An amount in another currency is an error, not a conversion")
    func otherCurrency() throws {
        let (rows, problems) = PledgeExportReader(format: .kickstarter).read(try fixture("kickstarter-usd.csv"), file: "usd.csv")
        #expect(rows.isEmpty)
        #expect(problems.first?.description.contains("is in USD, not EUR") == true)
        #expect(problems.first?.description.hasPrefix("usd.csv:2: column \"Pledge Amount\": value \"$25.00 USD\"") == true)
    }

    @Test("A generic CSV with a mapping of its columns")
    func generic() throws {
        let mapping = try PledgeExportReader.parseMapping(["Ref=ref", "Montant=amount", "Jour=date", "Qui=name", "Courriel=email", "Anonyme=anonymous", "Statut=status"])
        let (rows, problems) = PledgeExportReader(format: .csv, mapping: mapping).read(try fixture("generic.csv"), file: "g.csv")
        #expect(problems.isEmpty, "\(problems)")
        #expect(rows.map(\.pledge.amount) == [120_050, 5_000])
        #expect(rows.map(\.pledge.anonymous) == [false, true])
        #expect(rows.map(\.pledge.status) == [.collected, .promised])
        #expect(rows[1].pledge.date == date("2015-10-01"))
        #expect(throws: InputError.self) { try PledgeExportReader.parseMapping(["Ref=reference"]) }
        let (_, unmapped) = PledgeExportReader(format: .csv).read(try fixture("generic.csv"), file: "g.csv")
        #expect(unmapped.first?.description.contains("no column \"amount\" (name one with --map COLUMN=amount)") == true)
    }

    @Test("Repeated references within one export get stable, distinct keys")
    func repeatedRefs() {
        let text = "Référence commande;Date de la commande;Statut de la commande;Montant tarif;Nom payeur;Prénom payeur\n1;01/10/2015;Validé;10;A;B\n1;01/10/2015;Validé;20;A;B\n"
        let (rows, _) = PledgeExportReader(format: .helloasso).read(Data(text.utf8), file: "x")
        #expect(rows.map(\.pledge.ref) == ["1", "1#2"])
    }
}

func date(_ text: String) -> LocalDate { try! LocalDate(parsing: text) }
