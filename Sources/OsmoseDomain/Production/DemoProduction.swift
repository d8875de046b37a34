import Foundation

/// The demo production: *Travailler en micro-osmose*, a documentary about coworking in Lille.
///
/// The spaces, the directors, the crew's roles and the themes come from the press articles the
/// film is known by. They name no one who was filmed: participants and crew are fictional
/// placeholders, and their contact details use reserved example addresses.
public enum DemoProduction {
    public static let settings = ProductionSettings(
        title: "Travailler en micro-osmose", timeZone: "Europe/Paris", locale: "fr_FR", frameRate: .fps25)

    public static func content() throws -> ProductionContent {
        var c = ProductionContent()
        c.spaces = [
            Space(name: "La Coroutine", kind: .coworking, address: "rue Lamartine, 59000 Lille",
                  contact: "the association's permanent members",
                  notes: "Tiers-lieu, first coworking space in Lille (2010). Shared office where one director rents a nomad desk."),
            Space(name: "L’Usine Bis", kind: .workshop, address: "Lille",
                  notes: "Artists' and craftspeople's workshop. Loud machines in the morning: record interviews after lunch."),
            Space(name: "Mutualab", kind: .coworking, address: "Lille",
                  notes: "Coworking space; the meeting room can be booked for interviews."),
            Space(name: "Cinéma l’Univers", kind: .cinema, address: "Lille",
                  notes: "Venue of the premiere, Monday 30 November 2015 at 20:00."),
        ]
        c.people = [
            Person(name: "Claire Jeandroz", role: .director, notes: "Co-director; independent employee of the producing association."),
            Person(name: "Carine Mandere", role: .director, notes: "Co-director."),
            Person(name: "Sound Recordist A", role: .crew, email: "sound@example.org", notes: "Sound recordist (placeholder), paid from the grant."),
            Person(name: "Camera Operator A", role: .crew, email: "camera@example.org", notes: "Camera operator (placeholder), paid from the grant."),
            Person(name: "Participant A", role: .participant, email: "participant.a@example.org", phone: "+33 6 00 00 00 01",
                   notes: "Freelance graphic designer at La Coroutine."),
            Person(name: "Participant B", role: .participant, email: "participant.b@example.org", phone: "+33 6 00 00 00 02",
                   notes: "Freelance web developer, between La Coroutine and Mutualab."),
            Person(name: "Participant C", role: .participant, email: "participant.c@example.org", phone: "+33 6 00 00 00 03",
                   notes: "Cabinet-maker at L’Usine Bis."),
            Person(name: "Participant D", role: .participant, email: "participant.d@example.org",
                   notes: "Translator at Mutualab."),
            Person(name: "Participant E", role: .participant, phone: "+33 6 00 00 00 05",
                   notes: "Social-economy consultant at Mutualab."),
            Person(name: "Participant F", role: .participant, minor: true, guardian: "Participant C",
                   notes: "Participant C’s teenage child, filmed in the workshop on a school holiday."),
            Person(name: "Participant G", role: .participant,
                   notes: "Musician rehearsing at L’Usine Bis; filmed during the lunchtime jam."),
        ]
        let crew = ["Claire Jeandroz", "Carine Mandere", "Sound Recordist A", "Camera Operator A"]
        func day(_ date: String) throws -> LocalDate { try LocalDate(parsing: date) }
        func time(_ text: String) throws -> ClockTime { try ClockTime(parsing: text) }
        c.shootingDays = [
            ShootingDay(date: try day("2015-05-18"), spaces: ["La Coroutine"], call: try time("08:30"), wrap: try time("18:30"),
                        participants: ["Participant A", "Participant B"], crew: crew, status: .shot,
                        notes: "Morning arrivals, coffee, the shared screens; interview A after lunch."),
            ShootingDay(date: try day("2015-05-20"), spaces: ["L’Usine Bis"], call: try time("09:00"), wrap: try time("19:00"),
                        participants: ["Participant C", "Participant F", "Participant G"], crew: crew, status: .shot,
                        notes: "Workshop day; lunchtime jam session."),
            ShootingDay(date: try day("2015-05-27"), spaces: ["Mutualab"], call: try time("08:45"), wrap: try time("18:00"),
                        participants: ["Participant D", "Participant E"], crew: crew, status: .shot,
                        notes: "Weekly members' meeting filmed in the afternoon."),
            ShootingDay(date: try day("2015-06-02"), spaces: ["L’Usine Bis", "La Coroutine"], call: try time("09:00"),
                        wrap: try time("20:00"), participants: ["Participant C", "Participant A"], crew: crew, status: .shot,
                        notes: "Two spaces in one day: C delivers a piece made with A’s design."),
            ShootingDay(date: try day("2015-06-10"), spaces: ["Mutualab"], call: try time("09:00"), wrap: try time("17:00"),
                        participants: ["Participant D"], crew: crew, status: .cancelled,
                        notes: "Cancelled: Participant D no longer wished to be filmed."),
            ShootingDay(date: try day("2015-06-16"), spaces: ["Mutualab"], call: try time("09:00"), wrap: try time("17:30"),
                        participants: ["Participant E", "Participant B"], crew: crew, status: .shot,
                        notes: "Debate evening prepared during the day."),
            ShootingDay(date: try day("2015-10-05"), spaces: ["La Coroutine"], call: try time("10:00"), wrap: try time("13:00"),
                        participants: ["Participant B"], crew: ["Claire Jeandroz", "Camera Operator A"], status: .planned,
                        notes: "Pick-ups: exteriors and B’s closing line."),
        ]
        func at(_ date: String) throws -> Date {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Europe/Paris")!
            let d = try day(date)
            return calendar.date(from: DateComponents(year: d.year, month: d.month, day: d.day, hour: 12))!
        }
        let all = Set(Usage.allCases)
        c.releases = [
            (.space("La Coroutine"), Release(status: .signed, signedOn: try day("2015-05-11"), scope: all, recordedAt: try at("2015-05-11"))),
            (.person("Participant A"), Release(status: .requested, recordedAt: try at("2015-05-11"))),
            (.person("Participant A"), Release(status: .signed, signedOn: try day("2015-05-18"), scope: all, recordedAt: try at("2015-05-18"))),
            (.person("Participant B"), Release(status: .signed, signedOn: try day("2015-05-18"), scope: [.festival, .cinema, .web],
                                               territories: [.france], until: try day("2015-10-31"),
                                               note: "Agreed for the 2015 season only.", recordedAt: try at("2015-05-18"))),
            (.person("Participant C"), Release(status: .signed, signedOn: try day("2015-05-20"), scope: all, recordedAt: try at("2015-05-20"))),
            (.person("Participant F"), Release(status: .signed, signedOn: try day("2015-05-20"), scope: all,
                                               note: "Signed by F; the guardian’s signature is still to be obtained.",
                                               recordedAt: try at("2015-05-20"))),
            (.person("Participant D"), Release(status: .requested, recordedAt: try at("2015-05-27"))),
            (.space("Mutualab"), Release(status: .signed, signedOn: try day("2015-05-27"), scope: [.festival, .web],
                                         note: "The board agreed to festivals and the web; cinema to be discussed.",
                                         recordedAt: try at("2015-05-27"))),
            (.person("Participant E"), Release(status: .signed, signedOn: try day("2015-05-27"), scope: all, recordedAt: try at("2015-05-27"))),
            (.person("Participant D"), Release(status: .refused, note: "Does not want to appear on screen.", recordedAt: try at("2015-06-10"))),
            (.person("Participant E"), Release(status: .revoked, note: "Withdrew consent by letter after changing jobs.",
                                               recordedAt: try at("2015-09-14"))),
        ]
        func tc(_ text: String) throws -> Timecode { try Timecode(parsing: text, rate: .fps25) }
        c.logs = [
            LogEntry(shoot: try day("2015-05-18"), person: "Participant A", at: try tc("10:02:14:00"), out: try tc("10:03:40:12"),
                     tags: ["lieux", "solitude"], rating: 5,
                     text: "Pourquoi ce lieu : « chez moi je parlais à mon chat ». Ici on partage les écrans, les livres, la vaisselle."),
            LogEntry(shoot: try day("2015-05-18"), person: "Participant A", at: try tc("10:05:02:08"), out: try tc("10:06:11:00"),
                     tags: ["revenus"], rating: 3,
                     text: "Gagner sa vie : les premiers mois difficiles, puis des clients trouvés grâce aux autres coworkers."),
            LogEntry(shoot: try day("2015-05-18"), person: "Participant B", at: try tc("14:20:00:00"), out: try tc("14:21:30:00"),
                     tags: ["entraide", "lieux"], rating: 4,
                     text: "Le loyer partagé et l’entraide au quotidien : un bug résolu en cinq minutes par la voisine de bureau."),
            LogEntry(shoot: try day("2015-05-20"), person: "Participant C", at: try tc("11:15:20:00"), out: try tc("11:17:02:00"),
                     tags: ["bonheur"], rating: 5,
                     text: "Heureux dans son travail ? « Je fais des meubles que j’ai envie de faire, avec des gens que j’ai choisis. »"),
            LogEntry(shoot: try day("2015-05-20"), person: "Participant C", at: try tc("11:20:05:00"), out: try tc("11:22:40:00"),
                     tags: ["militantisme", "lieux"], rating: 4,
                     text: "Militantisme : mutualiser les machines de l’atelier plutôt que d’acheter chacun la sienne, c’est déjà politique."),
            LogEntry(shoot: try day("2015-05-20"), person: "Participant G", at: try tc("13:02:00:00"), out: try tc("13:06:30:00"),
                     tags: ["musique"], rating: 4,
                     text: "La pause de midi : bœuf musical dans l’atelier, les autres continuent de travailler à côté."),
            LogEntry(shoot: try day("2015-05-27"), person: "Participant D", at: try tc("15:40:10:00"), out: try tc("15:41:55:00"),
                     tags: ["solitude", "revenus"], rating: 2,
                     text: "Traduire seule devant deux écrans, mais sortir de l’isolement du travail à domicile."),
            LogEntry(shoot: try day("2015-05-27"), person: "Participant E", at: try tc("16:05:00:00"), out: try tc("16:08:20:00"),
                     tags: ["militantisme", "économie collaborative"], rating: 5,
                     text: "Un peu de militantisme dans la façon de vivre et de travailler : l’économie collaborative comme choix, pas par défaut."),
            LogEntry(shoot: try day("2015-06-02"), person: "Participant A", at: try tc("17:30:00:00"), out: try tc("17:31:10:00"),
                     tags: ["entraide"], rating: 4,
                     text: "A et C se retrouvent : le meuble dessiné à La Coroutine, fabriqué à L’Usine Bis."),
            LogEntry(shoot: try day("2015-06-02"), person: "Participant C", at: try tc("17:35:12:00"),
                     tags: ["bonheur", "revenus"], rating: 3,
                     text: "Bien gagner sa vie ? « Pas encore, mais je suis riche de ce réseau. »"),
            LogEntry(shoot: try day("2015-06-16"), person: "Participant E", at: try tc("09:12:00:00"), out: try tc("09:14:45:00"),
                     tags: ["lieux", "militantisme"], rating: 4,
                     text: "Les tiers-lieux comme lieux vivants : débats, ateliers, concerts… et à côté, certains travaillent !"),
            LogEntry(shoot: try day("2015-06-16"), person: "Participant B", at: try tc("10:01:00:00"), out: try tc("10:02:30:00"),
                     tags: ["bonheur", "lieux"], rating: 5,
                     text: "Liberté et enthousiasme : choisir ses projets, ses horaires, et ses collègues de bureau."),
        ]
        (c.pledges, c.expenses, c.fundingReceipts) = try money()
        c.screenings = [
            Screening(title: "Avant-première : Travailler en micro-osmose", venue: "Cinéma l’Univers", date: try day("2015-11-30"),
                      time: try time("20:00"), capacity: 120, format: .dcp),
        ]
        c.news = [
            NewsPost(title: "La campagne est ouverte !",
                     body: "Le tournage est fini : cinq journées de travail filmées à L’Usine Bis, à La Coroutine et au Mutualab. Il reste à monter le film, à mixer le son et à étalonner l’image. Merci de nous aider à le finir !",
                     publishedAt: try at("2015-09-14")),
            NewsPost(title: "À mi-parcours",
                     body: "Un mois de campagne et déjà plus de la moitié de l’objectif. Le montage a commencé : un premier bout-à-bout de 90 minutes.",
                     publishedAt: try at("2015-10-15")),
            NewsPost(title: "Objectif atteint — merci !",
                     body: "La campagne est close et l’objectif dépassé. Rendez-vous le lundi 30 novembre à 20 h au Cinéma l’Univers pour l’avant-première.",
                     publishedAt: try at("2015-11-16")),
        ]
        return c
    }
}

// MARK: - Money

extension DemoProduction {
    /// The campaign's pledges, the shoot's expenses and the money received, all illustrative.
    ///
    /// Pledges are drawn, with a fixed seed, along the U-shaped curve of crowdfunding (a strong
    /// start, a slump, a final surge) over the campaign of the revised budget; contributors are
    /// placeholders (“Contributor 017”) with reserved example addresses.
    public static func money() throws -> (pledges: [Pledge], expenses: [Expense], receipts: [FundingReceipt]) {
        func day(_ text: String) throws -> LocalDate { try LocalDate(parsing: text) }
        let opens = try day("2015-09-14"), closes = try day("2015-11-15")
        let days = closes.dayNumber - opens.dayNumber + 1
        var random = SplitMix64(seed: 2015_11_30)
        let tiers: [(title: String?, minimum: Int64, weight: Int)] = [
            ("Merci !", 1_000, 20), ("Affiche sérigraphiée", 1_500, 6), ("Carte postale du film", 2_000, 18),
            ("Invitation à l'avant-première", 3_500, 24), ("Duo avant-première", 6_000, 14), ("DVD et avant-première", 10_000, 6),
            ("Producteur associé", 25_000, 2), (nil, 500, 6),
        ]
        let totalWeight = tiers.reduce(0) { $0 + $1.weight }
        var pledges: [Pledge] = []
        for n in 1...78 {
            // A day along the U-shaped curve, by rejection sampling of 1 + k(2t − 1)².
            var t = 0.0
            repeat { t = random.unit() } while random.unit() * (1 + Forecast.centralShape) > 1 + Forecast.centralShape * (2 * t - 1) * (2 * t - 1)
            let date = LocalDate(dayNumber: opens.dayNumber + min(days - 1, Int(t * Double(days))))
            var pick = Int(random.next() % UInt64(totalWeight))
            let tier = tiers.first { pick -= $0.weight; return pick < 0 }!
            // Most give the minimum; some round up.
            let extra: Int64 = random.next() % 4 == 0 ? Int64(random.next() % 3 + 1) * 500 : 0
            // Three contributors give twice.
            let who = [12, 40, 61].contains(n) ? n - 9 : n
            let status: Pledge.Status = [7, 33, 52, 70].contains(n) ? .failed : [19, 58].contains(n) ? .refunded : .collected
            pledges.append(Pledge(
                ref: String(format: "DEMO-%04d", n), amount: tier.minimum + extra, name: String(format: "Contributor %03d", who),
                email: String(format: "contributor%03d@example.org", who), anonymous: who % 7 == 3, tier: tier.title,
                status: status, date: date, message: n % 9 == 1 ? "Bravo pour ce beau projet !" : nil, source: "demo"))
        }
        let expenses = [
            Expense(amount: 125_000, lineCode: "2.1", date: try day("2015-06-20"), payee: "Sound Recordist A", note: "6 days"),
            Expense(amount: 130_000, lineCode: "2.2", date: try day("2015-06-20"), payee: "Camera Operator A", note: "6 days and a half"),
            Expense(amount: 138_000, lineCode: "7.1", date: try day("2015-05-15"), payee: "Camera rental house (placeholder)"),
            Expense(amount: 42_000, lineCode: "7.2", date: try day("2015-05-15"), payee: "Sound rental house (placeholder)"),
            Expense(amount: 8_640, lineCode: "6.1", date: try day("2015-05-20"), payee: "Meals on set"),
            Expense(amount: 11_215, lineCode: "6.1", date: try day("2015-06-02"), payee: "Train and taxis"),
            Expense(amount: 6_400, lineCode: "6.1", date: try day("2015-06-16"), payee: "Meals on set"),
            Expense(amount: 30_000, lineCode: "9.1", date: try day("2015-05-11"), payee: "Insurer (placeholder)"),
            Expense(amount: 12_000, lineCode: "10.1", date: try day("2015-09-30"), payee: "Association's bank and post"),
            Expense(amount: 80_000, lineCode: "8.1", date: try day("2015-11-20"), payee: "Editor (placeholder)", payable: true,
                    note: "First half, on picture lock"),
        ]
        let receipts = [
            FundingReceipt(sourceID: "pictanovo", amount: 350_000, date: try day("2015-05-12"), note: "First instalment, on signature"),
            FundingReceipt(sourceID: "association", amount: 30_000, date: try day("2015-06-01")),
            FundingReceipt(sourceID: "benevolat", amount: 160_000, date: try day("2015-06-30"), note: "20 days of directing, valued"),
        ]
        return (pledges, expenses, receipts)
    }
}

/// A small, fast, seeded generator, so that the demo is the same on every machine.
public struct SplitMix64: Sendable {
    var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// `count` stand-in bytes.
    public mutating func bytes(_ count: Int) -> Data {
        var data = Data(capacity: count)
        while data.count < count {
            var word = next()
            withUnsafeBytes(of: &word) { data.append(contentsOf: $0.prefix(count - data.count)) }
        }
        return data
    }
}
