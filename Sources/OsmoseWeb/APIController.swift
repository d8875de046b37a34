import Foundation
import Hummingbird
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage

/// The JSON API, for everything the command line can do: `Authorization: Bearer TOKEN`;
/// producers write money, directors write production records, every role reads.
struct APIController {
    let site: Site
    let throttle: SignInThrottle

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: OpenAPI.document)))
        }
        let api = group.add(middleware: BearerMiddleware(site: site, throttle: throttle))

        // MARK: Production records
        api.get("/spaces") { _, context in
            _ = try context.requireMember()
            return try Self.json(site.ledger.spaces())
        }
        api.post("/spaces") { request, context in
            _ = try context.require(\.writesProduction, to: "write production records")
            let body = try await Self.decode(SpaceBody.self, request, context)
            let space = Space(name: body.name, kind: try Self.field("kind") { try Space.Kind(parsing: body.kind ?? "other") },
                              address: body.address, contact: body.contact, notes: body.notes)
            try Self.rule { try site.ledger.addSpace(space) }
            return try Self.json(site.ledger.space(named: body.name), status: .created)
        }
        api.get("/people") { request, context in
            _ = try context.requireMember()
            let role = try request.queryFields["role"].map { r in try Self.field("role") { try Person.Role(parsing: r) } }
            return try Self.json(site.ledger.people(role: role))
        }
        api.post("/people") { request, context in
            _ = try context.require(\.writesProduction, to: "write production records")
            let body = try await Self.decode(PersonBody.self, request, context)
            let person = Person(name: body.name, role: try Self.field("role") { try Person.Role(parsing: body.role) }, email: body.email,
                                phone: body.phone, minor: body.minor ?? false, guardian: body.guardian, notes: body.notes)
            try Self.rule { try site.ledger.addPerson(person) }
            return try Self.json(site.ledger.person(named: body.name), status: .created)
        }
        api.get("/shoots") { _, context in
            _ = try context.requireMember()
            return try Self.json(site.ledger.shootingDays())
        }
        api.get("/shoots/:date") { _, context in
            _ = try context.requireMember()
            let date = try Self.field("date") { try LocalDate(parsing: context.pathParameter("date")) }
            return try Self.json(site.ledger.shootingDay(on: date))
        }
        api.post("/shoots") { request, context in
            _ = try context.require(\.writesProduction, to: "write production records")
            let body = try await Self.decode(ShootBody.self, request, context)
            let day = ShootingDay(
                date: try Self.field("date") { try LocalDate(parsing: body.date) }, spaces: body.spaces,
                call: try body.call.map { c in try Self.field("call") { try ClockTime(parsing: c) } },
                wrap: try body.wrap.map { w in try Self.field("wrap") { try ClockTime(parsing: w) } },
                participants: body.participants ?? [], crew: body.crew ?? [],
                status: try Self.field("status") { try ShootingDay.Status(parsing: body.status ?? "planned") }, notes: body.notes)
            try Self.rule { try site.ledger.addShootingDay(day) }
            return try Self.json(site.ledger.shootingDay(on: day.date), status: .created)
        }
        api.get("/releases") { request, context in
            _ = try context.requireMember()
            let q = request.queryFields
            let usage = try Self.field("usage") { try Usage(parsing: q["usage"] ?? "cinema") }
            let territory = try Self.rule { try Self.field("territory") { try Territory(parsing: q["territory"] ?? "france") } }
            let on = try q["on"].map { d in try Self.field("on") { try LocalDate(parsing: d) } } ?? site.today
            return try Self.json(site.ledger.clearances(usage: usage, territory: territory, on: on).map { ClearanceJSON($0, usage: usage, territory: territory) })
        }
        api.post("/releases") { request, context in
            _ = try context.require(\.writesProduction, to: "write production records")
            let body = try await Self.decode(ReleaseBody.self, request, context)
            guard (body.person == nil) != (body.space == nil) else {
                throw HTTPError(.unprocessableContent, message: "name either \"person\" or \"space\", not both or neither")
            }
            let status = try Self.field("status") { try Release.Status(parsing: body.status) }
            let release = Release(
                status: status,
                signedOn: try body.signed_on.map { d in try Self.field("signed_on") { try LocalDate(parsing: d) } } ?? (status == .signed ? site.today : nil),
                scope: try Self.field("scope") { try Usage.parseScope((body.scope ?? []).joined(separator: ",")) },
                territories: try Self.rule { try Self.field("territory") { try Territory.parseList(body.territory ?? "world") } },
                until: try body.until.map { d in try Self.field("until") { try LocalDate(parsing: d) } },
                guardianSigned: body.guardian_signed ?? false, note: body.note)
            let subject: ReleaseSubject = body.space.map(ReleaseSubject.space) ?? .person(body.person ?? "")
            try Self.rule { try site.ledger.addRelease(release, for: subject) }
            return try Self.json(site.ledger.releaseHistory(for: subject).last, status: .created)
        }
        api.get("/logs") { request, context in
            _ = try context.requireMember()
            let q = request.queryFields
            // A search with no letter or digit looks for no word: it filters nothing.
            let words = q["q"].flatMap { text in text.contains { $0.isLetter || $0.isNumber } ? text : nil }
            let query = LogQuery(text: words, tag: q["tag"], person: q["person"],
                                 shoot: try q["shoot"].map { d in try Self.field("shoot") { try LocalDate(parsing: d) } })
            return try Self.json(site.ledger.searchLogs(query))
        }
        api.post("/logs") { request, context in
            _ = try context.require(\.writesProduction, to: "write production records")
            let body = try await Self.decode(LogBody.self, request, context)
            let rate = try body.rate.map { r in try Self.field("rate") { try FrameRate(parsing: r) } } ?? site.settings.frameRate
            let entry = LogEntry(
                shoot: try Self.field("shoot") { try LocalDate(parsing: body.shoot) }, person: body.person,
                at: try Self.timecode("at", body.at, rate: rate),
                out: try body.out.map { o in try Self.timecode("out", o, rate: rate) },
                tags: body.tags ?? [], rating: body.rating, text: body.text)
            let id = try Self.rule { try site.ledger.addLog(entry) }
            return try Self.json(site.ledger.searchLogs(LogQuery(shoot: entry.shoot)).first { $0.id == id }, status: .created)
        }

        // MARK: Money
        api.get("/expenses") { _, context in
            _ = try context.requireMember()
            return try Self.json(site.ledger.expenses())
        }
        api.post("/expenses") { request, context in
            _ = try context.require(\.writesMoney, to: "write money")
            let body = try await Self.decode(ExpenseBody.self, request, context)
            let amount = try Self.cents(body.amount_cents)
            let date = try Self.field("date") { try LocalDate(parsing: body.date) }
            let budget = try site.currentBudget()
            let line = try Self.rule { try Self.field("line") { try budget.requireLine(body.line) } }
            let expense = Expense(amount: amount, lineCode: line.code, date: date, payee: body.payee, payable: body.payable ?? false, note: body.note)
            let id = try Self.rule { try site.ledger.addExpense(expense) }
            site.changed()
            return try Self.json(site.ledger.expenses().first { $0.id == id }, status: .created)
        }
        api.get("/pledges") { request, context in
            _ = try context.requireMember()
            let status = try request.queryFields["status"].map { s in try Self.field("status") { try Pledge.Status(parsing: s) } }
            return try Self.json(site.ledger.pledges(status: status))
        }
        api.post("/pledges") { request, context in
            _ = try context.require(\.writesMoney, to: "write money")
            let body = try await Self.decode(PledgeBody.self, request, context)
            let budget = try? site.currentBudget()
            if let ref = body.ref, ref.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw InputError("field \"ref\": \(ref.quoted) is empty; leave it out for the next M- reference")
            }
            let given = Pledge(
                ref: body.ref ?? "", amount: try Self.cents(body.amount_cents), name: body.name,
                email: body.email, publicName: body.public_name, anonymous: body.anonymous ?? false, tier: body.tier,
                status: try Self.field("status") { try Pledge.Status(parsing: body.status ?? "promised") },
                date: try body.date.map { d in try Self.field("date") { try LocalDate(parsing: d) } } ?? site.today, message: body.message,
                source: "api")
            let pledge = try Self.rule { try given.validated(against: budget?.campaign, currency: budget?.currency ?? "EUR") }
            // Without a ref, the next M- reference is drawn in the transaction that records the pledge.
            let recorded = try Self.rule { try site.ledger.addPledge(pledge, allocatingReference: body.ref == nil) }
            site.changed()
            return try Self.json(recorded, status: .created)
        }
        api.patch("/pledges/:ref") { request, context in
            _ = try context.require(\.writesMoney, to: "write money")
            let ref = context.pathParameter("ref")
            let body = try await Self.decode(StatusBody.self, request, context)
            let status = try Self.field("status") { try Pledge.Status(parsing: body.status) }
            try Self.rule { _ = try site.ledger.setPledgeStatus(ref: ref, to: status) }
            site.changed()
            return try Self.json(site.ledger.pledges().first { $0.ref == ref })
        }
        api.get("/funding") { _, context in
            _ = try context.requireMember()
            return try Self.json(site.ledger.fundingReceipts())
        }
        api.post("/funding") { request, context in
            _ = try context.require(\.writesMoney, to: "write money")
            let body = try await Self.decode(FundingBody.self, request, context)
            let amount = try Self.cents(body.amount_cents)
            let date = try Self.field("date") { try LocalDate(parsing: body.date) }
            let budget = try site.currentBudget()
            let source = try Self.rule { try Self.field("source") { try budget.requireSource(body.source) } }
            guard source.kind != .crowdfunding else {
                throw HTTPError(.unprocessableContent, message: "field \"source\": \(source.id.quoted) is the crowdfunding campaign; its money comes from pledges")
            }
            let id = try Self.rule { try site.ledger.receiveFunding(FundingReceipt(sourceID: source.id, amount: amount, date: date, note: body.note)) }
            site.changed()
            return try Self.json(site.ledger.fundingReceipts().first { $0.id == id }, status: .created)
        }
        api.get("/campaign") { _, context in
            _ = try context.requireMember()
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: try site.campaignJSON())))
        }
        api.get("/budget") { request, context in
            _ = try context.requireMember()
            let set = site.budgets()
            let budget = try request.queryFields["version"].map { v in
                do { return try set.version(v) } catch let error as InputError { throw HTTPError(.notFound, message: error.message) }
            } ?? site.currentBudget()
            let report = try BudgetReport(budget: budget, expensesByLine: try site.ledger.expenseTotals(),
                                      receivedBySource: try site.ledger.fundingTotals(), campaign: try site.figures(budget))
            return try Self.json(BudgetJSON(report))
        }
    }

    // MARK: - Helpers

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    /// The body as JSON, up to 1 MiB (413 beyond); a decoding failure names the field (400).
    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AppRequestContext) async throws -> T {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    }

    /// Runs a parse, naming the field when it fails.
    static func field<T>(_ name: String, _ parse: () throws -> T) throws -> T {
        do {
            return try parse()
        } catch let error as InputError {
            throw InputError("field \"\(name)\": \(error.message)")
        }
    }

    /// A timecode. Not `HH:MM:SS:FF` with an hour, a minute and a second that exist is a bad field (400),
    /// as the document's pattern says; the frames the rate does not have (frame 30 at 25 fps, a drop-frame
    /// separator at a rate without drop frames, a dropped frame number) are refused as a rule (422).
    static func timecode(_ name: String, _ text: String, rate: FrameRate) throws -> Timecode {
        let bytes = Array(text.utf8)
        func number(_ at: Int) -> Int? {
            let digits = bytes[at...at + 1]
            guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
            return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        let shaped = bytes.count == 11 && bytes[2] == UInt8(ascii: ":") && bytes[5] == UInt8(ascii: ":")
            && [UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: ".")].contains(bytes[8]) && number(9) != nil
            && number(0).map { $0 < 24 } == true && number(3).map { $0 < 60 } == true && number(6).map { $0 < 60 } == true
        guard shaped else {
            throw InputError("field \"\(name)\": \(text.quoted) is not a timecode (expected HH:MM:SS:FF, such as 10:02:14:00)")
        }
        return try rule { try field(name) { try Timecode(parsing: text, rate: rate) } }
    }

    /// Runs a write that the ledger's rules may refuse: its refusal (a sentence naming the value) answers 422,
    /// as the request was well-formed.
    static func rule<T>(_ write: () throws -> T) throws -> T {
        do {
            return try write()
        } catch let error as InputError {
            throw HTTPError(.unprocessableContent, message: error.message)
        }
    }

    /// A positive amount of cents, at most `Amount.maximumCents` (the ceiling of every door).
    static func cents(_ value: Int64) throws -> Int64 {
        guard value > 0 else { throw InputError("field \"amount_cents\": \(value) is not a positive amount of cents") }
        try Amount.checkCeiling(value, shown: "field \"amount_cents\": \(value) cents")
        return value
    }
}

/// A method that a path of the API does not offer answers 405 with the methods it does, as the OpenAPI document lists them.
struct AllowedMethodsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path.hasPrefix("/api/v1/"), let allowed = OpenAPI.allowedMethods(path: request.uri.path),
           !allowed.contains(request.method.rawValue)
        {
            var error = HTTPError(.methodNotAllowed, message: "\(request.uri.path) answers \(allowed.joined(separator: " and ")), not \(request.method.rawValue)")
            error.headers[.allow] = allowed.joined(separator: ", ")
            throw error
        }
        return try await next(request, context)
    }
}

// MARK: - Request bodies (keys as in the JSON)

struct SpaceBody: Decodable { let name: String; let kind: String?; let address: String?; let contact: String?; let notes: String? }
struct PersonBody: Decodable {
    let name: String; let role: String; let email: String?; let phone: String?; let minor: Bool?; let guardian: String?; let notes: String?
}
struct ShootBody: Decodable {
    let date: String; let spaces: [String]; let call: String?; let wrap: String?; let participants: [String]?; let crew: [String]?
    let status: String?; let notes: String?
}
struct ReleaseBody: Decodable {
    let person: String?; let space: String?; let status: String; let signed_on: String?; let scope: [String]?; let territory: String?
    let until: String?; let guardian_signed: Bool?; let note: String?
}
struct LogBody: Decodable {
    let shoot: String; let person: String?; let at: String; let out: String?; let tags: [String]?; let rating: Int?; let text: String; let rate: String?
}
struct ExpenseBody: Decodable { let amount_cents: Int64; let line: String; let date: String; let payee: String; let payable: Bool?; let note: String? }
struct PledgeBody: Decodable {
    let amount_cents: Int64; let name: String; let status: String?; let date: String?; let email: String?; let public_name: String?
    let anonymous: Bool?; let tier: String?; let ref: String?; let message: String?
}
struct StatusBody: Decodable { let status: String }
struct FundingBody: Decodable { let source: String; let amount_cents: Int64; let date: String; let note: String? }
