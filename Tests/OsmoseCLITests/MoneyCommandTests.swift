import Foundation
import OsmoseDomain
import OsmoseStorage
import Testing

@Suite("Money on the command line, end to end")
struct MoneyCommandTests {
    func demo() throws -> Sandbox {
        let s = try Sandbox()
        try s.ok("demo")
        return s
    }

    static let helloassoHeader = "Référence commande;Date de la commande;Statut de la commande;Nom payeur;Prénom payeur;Email payeur;Moyen de paiement;Tarif;Montant tarif"

    /// A HelloAsso export of `rows` orders, with a BOM and decimal commas.
    static func helloasso(rows: Int, refundFirst: Bool = false) -> Data {
        var text = "\u{FEFF}" + helloassoHeader + "\r\n"
        for i in 1...rows {
            let status = refundFirst && i == 1 ? "Remboursé" : "Validé"
            text += "H\(i);\(String(format: "%02d", i % 28 + 1))/10/2015 12:\(String(format: "%02d", i % 60));\(status);Nom\(i);Prénom;p\(i % 5000)@example.org;CB;Merci !;10,00\r\n"
        }
        return Data(text.utf8)
    }

    @Test("The demo's campaign and budget, as JSON with the contract's keys")
    func reports() throws {
        let s = try demo()
        let c = try #require(try s.run("campaign", "--json").json() as? [String: Any])
        for key in ["target_cents", "pledged_cents", "collected_cents", "fees_cents", "reward_costs_cents", "net_cents", "backers", "percent",
                    "opens", "closes", "days_left", "forecast_cents", "forecast_low_cents", "forecast_high_cents", "tiers"] {
            #expect(c[key] != nil, "campaign --json lacks \(key)")
        }
        let pledged = try #require(c["pledged_cents"] as? Int), collected = try #require(c["collected_cents"] as? Int)
        #expect(pledged == collected + (c["promised_cents"] as? Int ?? -1))
        #expect(c["net_cents"] as? Int == collected - (c["fees_cents"] as! Int) - (c["reward_costs_cents"] as! Int))
        #expect(c["target_cents"] as? Int == 250_000)
        #expect(c["days_left"] as? Int == 0)
        let tiers = try #require(c["tiers"] as? [[String: Any]])
        #expect(tiers.first { $0["title"] as? String == "Merci !" }?["limit"] is NSNull)
        #expect(tiers.first { $0["title"] as? String == "Merci !" }?["remaining"] is NSNull)
        #expect(tiers.allSatisfy { $0["minimum_cents"] is Int && $0["taken"] is Int })
        #expect(!(try s.run("campaign", "--json").stdout.contains("@")))

        // Mid-campaign, as it stood on 15 October.
        s.environment["OSMOSE_TODAY"] = "2015-10-15"
        let mid = try #require(try s.run("campaign", "--json").json() as? [String: Any])
        #expect(mid["days_left"] as? Int == 32)
        #expect((mid["pledged_cents"] as! Int) < pledged)
        #expect((mid["forecast_low_cents"] as! Int) <= (mid["forecast_cents"] as! Int))
        #expect((mid["forecast_cents"] as! Int) <= (mid["forecast_high_cents"] as! Int))

        let b = try #require(try s.run("budget", "--json").json() as? [String: Any])
        for key in ["estimate_cents", "actual_cents", "gap_cents", "lines", "funding"] { #expect(b[key] != nil, "budget --json lacks \(key)") }
        let lines = try #require(b["lines"] as? [[String: Any]])
        #expect(lines.contains { $0["code"] as? String == "2.2" && $0["estimate_cents"] as? Int == 125_000 && $0["actual_cents"] as? Int == 130_000 })
        let funding = try #require(b["funding"] as? [[String: Any]])
        #expect(funding.contains { $0["id"] as? String == "pictanovo" && $0["kind"] as? String == "grant" && $0["planned_cents"] as? Int == 500_000 && $0["received_cents"] as? Int == 350_000 })
        #expect(funding.contains { $0["id"] as? String == "campagne" && $0["received_cents"] as? Int == mid["net_cents"] as? Int })
        let older = try #require(try s.run("budget", "--version", "2015-04-estimate", "--json").json() as? [String: Any])
        #expect(older["version"] as? String == "2015-04-estimate")
        #expect(try s.ok("budget", "check").stdout.contains("2 budget versions valid"))
        let diff = try s.ok("budget", "diff", "2015-04-estimate", "2015-09-revised").stdout
        #expect(diff.contains("campaign target: 2 900,00 € → 2 500,00 €"))
        #expect(diff.contains("tier “Affiche sérigraphiée” added"))
    }

    @Test("Pledges typed by hand: add, change status, list")
    func pledges() throws {
        let s = try demo()
        try s.ok("pledge", "add", "35", "--name", "Camille Durand", "--email", "camille@example.org", "--tier", "Invitation à l'avant-première",
                 "--status", "collected", "--date", "2015-11-02", "--message", "Bravo")
        try s.ok("pledge", "add", "10,00 €", "--name", "Quelqu'un", "--anonymous", "--ref", "CHQ-1")
        try s.ok("pledge", "set", "M-0001", "--status", "refunded")
        let list = try s.run("pledge", "list", "--json").jsonArray()
        let mine = try #require(list.first { $0["ref"] as? String == "M-0001" })
        #expect(mine["amount_cents"] as? Int == 3_500)
        #expect(mine["status"] as? String == "refunded")
        #expect(mine["tier"] as? String == "Invitation à l'avant-première")
        #expect(mine["date"] as? String == "2015-11-02")
        #expect(mine["name"] as? String == "Camille Durand")
        #expect(mine["anonymous"] as? Bool == false)
        #expect(list.first { $0["ref"] as? String == "CHQ-1" }?["anonymous"] as? Bool == true)
        #expect(list.first { $0["ref"] as? String == "CHQ-1" }?["date"] as? String == "2015-11-21")

        let before = try s.run("pledge", "list", "--json").stdout
        for bad in [["pledge", "add", "20", "--name", "X", "--tier", "Duo avant-première"], ["pledge", "add", "12,5,0", "--name", "X"],
                    ["pledge", "add", "20", "--name", "X", "--tier", "Mercy"], ["pledge", "add", "20", "--name", "X", "--ref", "CHQ-1"],
                    ["pledge", "set", "M-0001", "--status", "collected"], ["pledge", "add", "20 USD", "--name", "X"]] {
            let r = try s.run(bad)
            #expect(r.status != 0, "\(bad)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
        #expect(try s.run("pledge", "list", "--json").stdout == before)
        let ambiguous = try s.run("pledge", "add", "1,500", "--name", "X")
        #expect(ambiguous.status == 65 && ambiguous.stderr == "osmose: “1,500” is ambiguous: do you mean 1 500,00 € or 1,50 €? write 1500 or 1,50\n")
        let tooMuch = try s.run("expense", "add", "1 000 000 000,01", "--line", "8.2", "--date", "2015-12-01", "--payee", "X")
        #expect(tooMuch.stderr == "osmose: “1 000 000 000,01” is more than 1 000 000 000,00 €, the most an amount may be\n")
    }

    @Test("Amounts recorded before the ceiling, too large to add up: one sentence from the reports, and check lists them")
    func amountsBeyondCounting() throws {
        // Given the demo with two pledges of 46 116 860 184 273 879,04 €, as an old ledger could hold them
        let s = try demo()
        let ledger = try Ledger.open(at: s.root.appendingPathComponent("osmose.sqlite"))
        var content = ProductionContent()
        content.pledges = try (1...2).map {
            Pledge(ref: "H\($0)", amount: Int64.max / 2 + 1, name: "Huge \($0)", status: .collected, date: try LocalDate(parsing: "2015-10-01"))
        }
        try ledger.load(content)
        try ledger.close()
        // Then the reports that sum them say so in one sentence, exit 65, and check names each
        for command in [["campaign"], ["budget"], ["campaign", "--json"]] {
            let r = try s.run(command)
            #expect(r.status == 65, "\(command)")
            #expect(r.stderr.hasPrefix("osmose: the pledges add up to more than Osmose can count (92 233 720 368 547 758,07 €)"), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
        }
        let check = try s.run("check")
        #expect(check.status == 1)
        #expect(check.stderr.contains("ledger: pledge H1 is 46 116 860 184 273 879,04 €, more than the most an amount may be (1 000 000 000,00 €)"))
        #expect(check.stderr.contains("ledger: pledge H2 is"))
    }

    @Test("Expenses with a receipt, money received, and the errors that name the line or source")
    func actuals() throws {
        let s = try demo()
        let receipt = s.root.appendingPathComponent("facture.PDF")
        try Data("abc".utf8).write(to: receipt)
        try s.ok("expense", "add", "86,40", "--line", "8.2", "--date", "2015-12-01", "--payee", "Studio de mixage", "--receipt", receipt.path, "--payable")
        let sha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(FileManager.default.fileExists(atPath: s.root.appendingPathComponent("receipts/\(sha).pdf").path))
        let expenses = try s.run("expense", "list", "--json").jsonArray()
        let mine = try #require(expenses.first { $0["line"] as? String == "8.2" })
        #expect(mine["amount_cents"] as? Int == 8_640 && mine["status"] as? String == "payable" && mine["receipt_sha256"] as? String == sha)
        try s.ok("expense", "pay", "\(mine["id"] as! Int)")
        try s.ok("funding", "receive", "pictanovo", "1 500 €", "--date", "2016-01-20", "--note", "Second instalment")
        let funding = try s.run("funding", "list", "--json").jsonArray()
        #expect(funding.contains { $0["source"] as? String == "pictanovo" && $0["amount_cents"] as? Int == 150_000 })
        let b = try #require(try s.run("budget", "--json").json() as? [String: Any])
        #expect((b["funding"] as? [[String: Any]])?.first { $0["id"] as? String == "pictanovo" }?["expected_cents"] as? Int == 0)

        let wrongLine = try s.run("expense", "add", "10", "--line", "8.9", "--date", "2015-12-01", "--payee", "X")
        #expect(wrongLine.status != 0 && wrongLine.stderr.contains("8.9"))
        let crowd = try s.run("funding", "receive", "campagne", "10", "--date", "2015-12-01")
        #expect(crowd.status != 0 && crowd.stderr.contains("pledges"))
        let unknown = try s.run("funding", "receive", "pictanova", "10", "--date", "2015-12-01")
        #expect(unknown.status != 0 && unknown.stderr.contains("did you mean “pictanovo”"))
        #expect(try s.run("expense", "list", "--json").jsonArray().count == expenses.count)
    }

    @Test("Imports: the same export twice adds nothing, a later one applies refunds, a bad one writes nothing")
    func imports() throws {
        let s = try demo()
        let export = s.root.appendingPathComponent("export.csv")
        try Self.helloasso(rows: 40).write(to: export)
        #expect(try s.ok("pledge", "import", export.path, "--format", "helloasso").stdout.contains("40 added"))
        #expect(try s.ok("pledge", "import", export.path, "--format", "helloasso").stdout.contains("0 added, 0 changed status, 40 unchanged"))
        try Self.helloasso(rows: 41, refundFirst: true).write(to: export)
        let dry = try s.ok("pledge", "import", export.path, "--format", "helloasso", "--dry-run").stdout
        #expect(dry.contains("Dry run") && dry.contains("1 added, 1 changed status"))
        #expect(try s.run("pledge", "list", "--json").jsonArray().filter { ($0["ref"] as? String)?.hasPrefix("H") == true }.count == 40)
        #expect(try s.ok("pledge", "import", export.path, "--format", "helloasso").stdout.contains("1 added, 1 changed status, 39 unchanged"))
        let pledges = try s.run("pledge", "list", "--json").jsonArray()
        #expect(pledges.first { $0["ref"] as? String == "H1" }?["status"] as? String == "refunded")

        let bad = s.root.appendingPathComponent("bad.csv")
        try Data((Self.helloassoHeader + "\nB1;01/10/2015;Validé;A;B;a@example.org;CB;Merci !;10,00\nB2;31/02/2015;Validé;A;B;a@example.org;CB;Merci !;10,00\nB3;01/10/2015;Validé;A;B;a@example.org;CB;Merci !;dix\n").utf8).write(to: bad)
        let before = try s.run("pledge", "list", "--json").stdout
        let result = try s.run("pledge", "import", bad.path, "--format", "helloasso")
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(bad.path):3: column \"Date de la commande\": value \"31/02/2015\" is not a date"))
        #expect(result.stderr.contains("\(bad.path):4: column \"Montant tarif\": value \"dix\" is not an amount"))
        #expect(try s.run("pledge", "list", "--json").stdout == before)

        let generic = s.root.appendingPathComponent("virements.csv")
        try Data("Réf,Somme,Le,Donateur\nV1,\"1 200,50\",2015-10-01,Amis du film\n".utf8).write(to: generic)
        try s.ok("pledge", "import", generic.path, "--format", "csv", "--map", "Réf=ref", "--map", "Somme=amount", "--map", "Le=date", "--map", "Donateur=name")
        #expect(try s.run("pledge", "list", "--json").jsonArray().contains { $0["ref"] as? String == "V1" && $0["amount_cents"] as? Int == 120_050 })
    }

    @Test("The funder report, as Markdown, CSV and HTML")
    func funderReport() throws {
        let s = try demo()
        let md = try s.ok("report", "funder", "pictanovo").stdout
        #expect(md.contains("compte-rendu financier"))
        #expect(md.contains("| 2.2 | 2 | Cadreur, 6 jours | 1 250,00 € | 1 300,00 € | +50,00 € (+4.0 %) |"))
        #expect(md.contains("Camera Operator A"))
        #expect(md.contains("Travail bénévole des réalisatrices"))
        #expect(!md.contains("Montage"))
        for format in ["csv", "html"] {
            let out = s.root.appendingPathComponent("report.\(format)")
            try s.ok("report", "funder", "pictanovo", "--format", format, "--out", out.path)
            let text = try String(contentsOf: out, encoding: .utf8)
            #expect(text.contains("Cadreur, 6 jours") || text.contains("\"Cadreur, 6 jours\""))
            if format == "html" { #expect(text.hasPrefix("<!doctype html>") && text.contains("l&#39;association")) }
        }
        #expect(try s.run("report", "funder", "nobody").status != 0)
    }

    @Test("budget check lists every problem as FILE:LINE and fails")
    func check() throws {
        let s = try demo()
        try Data("[budget]\ntitle = \"Broken\"\n\n[funding.x]\nkind = \"grant\"\namount = \"12,5,0\"\n".utf8)
            .write(to: s.root.appendingPathComponent("budgets/broken.toml"))
        let r = try s.run("budget", "check")
        #expect(r.status != 0)
        #expect(r.stderr.contains("budgets/broken.toml:6: amount \"12,5,0\" is not an amount"))
        #expect(try s.ok("campaign", "--json").ok)  // the current version is still sound
    }

    @Test("An import killed at any moment leaves a sound ledger, and running it again gives exact totals")
    func killedImport() throws {
        let s = try demo()
        let rows = 30_000
        let export = s.root.appendingPathComponent("big.csv")
        try Self.helloasso(rows: rows).write(to: export)
        let ledgerURL = s.root.appendingPathComponent("osmose.sqlite")
        // Spread over the whole run (parsing, then the one write transaction), up to about when it would finish.
        for delay in [0.2, 0.7, 1.2, 1.6, 1.9, 2.2] {
            let process = Process()
            process.executableURL = Sandbox.executable
            process.arguments = ["pledge", "import", export.path, "--format", "helloasso"]
            process.currentDirectoryURL = s.root
            process.environment = s.environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let ledger = try Ledger.open(at: ledgerURL)
            #expect(try ledger.integrityProblems().isEmpty)
            let imported = try ledger.pledges().filter { $0.source == "helloasso" }.count
            #expect(imported == 0 || imported == rows, "after a kill at \(delay)s: \(imported) rows")
            try ledger.close()
        }
        try s.ok("pledge", "import", export.path, "--format", "helloasso")
        try s.ok("pledge", "import", export.path, "--format", "helloasso")
        let ledger = try Ledger.open(at: ledgerURL)
        let imported = try ledger.pledges().filter { $0.source == "helloasso" }
        #expect(imported.count == rows)
        #expect(imported.reduce(0) { $0 + $1.amount } == Int64(rows) * 1_000)
        #expect(try ledger.integrityProblems().isEmpty)
    }
}
