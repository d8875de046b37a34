import Foundation
import Hummingbird
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage

/// The team's pages: a browser signs in with a token and gets an HttpOnly, SameSite=Strict
/// session cookie; every form carries the session's CSRF token. Producers write money; every
/// role reads.
struct TeamController {
    let site: Site
    let throttle: SignInThrottle
    static let cookie = "osmose_session"
    static let sessionLength: TimeInterval = 12 * 3_600

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/team/login") { request, _ in
            let lang = Language(request: request)
            return html(site.page(lang: lang, title: lang.t("login"), path: "/team/login", template: "login", ["error": request.queryFields["error"] != nil]))
        }
        router.post("/team/login") { request, context in
            try throttle.check(context.clientAddress)
            let form = try await Self.form(LoginForm.self, request, context)
            let token = form.token.trimmingCharacters(in: .whitespacesAndNewlines)
            let tokenHash = TeamTokens.hash(token)
            guard try site.ledger.teamMember(tokenSHA256: tokenHash) != nil else {
                throttle.failed(token, from: context.clientAddress)
                return Response.redirect(to: "/team/login?error=1", type: .normal)
            }
            let session = TeamTokens.generate(), csrf = TeamTokens.generate()
            try site.ledger.openSession(idSHA256: TeamTokens.hash(session), tokenSHA256: tokenHash, csrf: csrf,
                                        expires: Date().addingTimeInterval(Self.sessionLength))
            var response = Response.redirect(to: "/team", type: .normal)
            response.setCookie(Cookie(name: Self.cookie, value: session, maxAge: Int(Self.sessionLength), path: "/", httpOnly: true, sameSite: .strict))
            return response
        }

        let team = router.group("/team").add(middleware: SessionMiddleware(site: site))
        team.post("/logout") { request, context in
            _ = try await Self.post(CSRFForm.self, request, context)
            if let session = request.cookie(Self.cookie) { try site.ledger.closeSession(idSHA256: TeamTokens.hash(session)) }
            var response = Response.redirect(to: "/team/login", type: .normal)
            response.setCookie(Cookie(name: Self.cookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        team.get("") { request, context in try dashboard(request, context) }
        team.get("/pledges") { request, context in try pledges(request, context) }
        team.post("/pledges") { request, context in
            let (member, form) = try await Self.post(PledgeForm.self, request, context)
            guard member.role.writesMoney else { throw HTTPError(.forbidden, message: "a \(member.role.rawValue) cannot write money") }
            let budget = try site.currentBudget()
            let ref = form.ref.flatMap { $0.isEmpty ? nil : $0 }
            let pledge = try Pledge(
                ref: ref ?? "",
                amount: try Amount.parse(form.amount, currency: budget.currency), name: form.name,
                email: form.email.flatMap { $0.isEmpty ? nil : $0 }, publicName: form.public_name.flatMap { $0.isEmpty ? nil : $0 },
                anonymous: form.anonymous == "on", tier: form.tier.flatMap { $0.isEmpty ? nil : $0 },
                status: try Pledge.Status(parsing: form.status ?? "promised"),
                date: try form.date.flatMap { $0.isEmpty ? nil : try LocalDate(parsing: $0) } ?? site.today, source: "team"
            ).validated(against: budget.campaign, currency: budget.currency)
            // Without a reference, the next M- one is drawn in the transaction that records the pledge.
            try site.ledger.addPledge(pledge, allocatingReference: ref == nil)
            site.changed()
            return Response.redirect(to: "/team/pledges", type: .normal)
        }
        team.post("/pledges/:ref/status") { request, context in
            let (member, form) = try await Self.post(StatusForm.self, request, context)
            guard member.role.writesMoney else { throw HTTPError(.forbidden, message: "a \(member.role.rawValue) cannot write money") }
            try site.ledger.setPledgeStatus(ref: context.pathParameter("ref"), to: try Pledge.Status(parsing: form.status))
            site.changed()
            return Response.redirect(to: "/team/pledges", type: .normal)
        }
        team.get("/expenses") { request, context in try expenses(request, context) }
        team.post("/expenses") { request, context in
            let (member, form) = try await Self.post(ExpenseForm.self, request, context)
            guard member.role.writesMoney else { throw HTTPError(.forbidden, message: "a \(member.role.rawValue) cannot write money") }
            let budget = try site.currentBudget()
            let line = try budget.requireLine(form.line)
            try site.ledger.addExpense(Expense(amount: try Amount.parse(form.amount, currency: budget.currency), lineCode: line.code,
                                               date: try LocalDate(parsing: form.date), payee: form.payee, payable: form.payable == "on",
                                               note: form.note.flatMap { $0.isEmpty ? nil : $0 }))
            site.changed()
            return Response.redirect(to: "/team/expenses", type: .normal)
        }
        team.get("/shoots") { request, context in
            let lang = Language(request: request)
            let days = try site.ledger.shootingDays().map { d -> [String: Any] in
                ["date": d.date.description, "status": d.status.rawValue, "call": d.call?.description ?? "", "wrap": d.wrap?.description ?? "",
                 "spaces": d.spaces.joined(separator: ", "), "participants": d.participants.joined(separator: ", "), "crew": d.crew.joined(separator: ", ")]
            }
            return html(site.page(lang: lang, title: lang.t("shoots"), path: "/team/shoots", template: "shoots", ["days": days], member: context.member))
        }
        team.get("/people") { request, context in
            let lang = Language(request: request)
            let people = try site.ledger.people().map { p -> [String: Any] in
                ["name": p.name, "role": p.role.rawValue, "email": p.email ?? "", "phone": p.phone ?? "", "minor": p.minor, "guardian": p.guardian ?? ""]
            }
            return html(site.page(lang: lang, title: lang.t("people"), path: "/team/people", template: "people", ["people": people], member: context.member))
        }
        team.get("/releases") { request, context in
            let lang = Language(request: request)
            let q = request.queryFields
            let usage = try Usage(parsing: q["usage"] ?? "cinema")
            let territory = try Territory(parsing: q["territory"] ?? "france")
            let on = try q["on"].map { try LocalDate(parsing: $0) } ?? site.today
            let rows = try site.ledger.clearances(usage: usage, territory: territory, on: on).map { c -> [String: Any] in
                ["subject": c.subject.name, "kind": c.subject.kind, "status": c.current?.status.rawValue ?? "none", "cleared": c.cleared,
                 "reasons": c.reasons.map { $0.explained(usage: usage, territory: territory, release: c.current) }.joined(separator: "; ")]
            }
            return html(site.page(lang: lang, title: lang.t("releases"), path: "/team/releases", template: "releases",
                                  ["rows": rows, "usage": usage.rawValue, "territory": territory.name, "on": on.description,
                                   "usages": Usage.allCases.map { ["name": $0.rawValue, "selected": $0 == usage] }], member: context.member))
        }
        team.get("/logs") { request, context in
            let lang = Language(request: request)
            let q = request.queryFields
            let text = q.nonEmpty("q")
            let tag = q.nonEmpty("tag")
            let entries = try site.ledger.searchLogs(LogQuery(text: text, tag: tag)).map { e -> [String: Any] in
                ["shoot": e.shoot.description, "person": e.person ?? "", "at": e.at.description, "out": e.out?.description ?? "",
                 "tags": e.tags.joined(separator: ", "), "rating": e.rating.map { String(repeating: "★", count: $0) } ?? "", "text": e.text]
            }
            return html(site.page(lang: lang, title: lang.t("logs"), path: "/team/logs", template: "logs",
                                  ["entries": entries, "q": text ?? "", "tag": tag ?? "", "count": entries.count], member: context.member))
        }
        addFootageRoutes(to: team)
        addDoorRoutes(to: team)
        addJournalRoutes(to: team)
    }

    // MARK: - Pages

    func dashboard(_ request: Request, _ context: AppRequestContext) throws -> Response {
        let lang = Language(request: request)
        var model: [String: Any] = [:]
        if let budget = try? site.currentBudget() {
            let figures = try site.figures(budget)
            let report = try BudgetReport(budget: budget, expensesByLine: try site.ledger.expenseTotals(),
                                      receivedBySource: try site.ledger.fundingTotals(), campaign: figures)
            let m = { (c: Int64) in site.money(c, lang: lang, currency: budget.currency) }
            model["budget"] = [
                "title": budget.title, "estimate": m(report.estimate), "actual": m(report.actual), "gap": m(report.gap),
                "received": m(report.received), "uncovered": m(report.uncovered), "chart": TeamCharts.chapters(report, money: m),
                "funding": report.funding.map { ["id": $0.source.id, "name": $0.source.name, "kind": $0.source.kind.rawValue,
                                                 "planned": m($0.source.planned), "received": m($0.received), "expected": m($0.expected)] },
            ]
            if let f = figures {
                model["campaign"] = ["pledged": m(f.pledged), "collected": m(f.collected), "fees": m(f.fees), "rewards": m(f.rewardCosts),
                                     "net": m(f.net), "warnings": f.warnings(budget: budget, locale: lang.locale)]
            }
        }
        return html(site.page(lang: lang, title: lang.t("dashboard"), path: "/team", template: "dashboard", model, member: context.member))
    }

    func pledges(_ request: Request, _ context: AppRequestContext) throws -> Response {
        let lang = Language(request: request)
        let status = try request.queryFields.nonEmpty("status").map { try Pledge.Status(parsing: $0) }
        let budget = try? site.currentBudget()
        let rows = try site.ledger.pledges(status: status).reversed().map { p -> [String: Any] in
            ["ref": p.ref, "date": p.date.description, "amount": site.money(p.amount, lang: lang), "status": p.status.rawValue,
             "tier": p.tier ?? "", "name": p.name, "public": p.displayName ?? lang.t("anonymous"),
             "next": Pledge.Status.allCases.filter { $0 != p.status && $0.mayFollow(p.status) }.map(\.rawValue)]
        }
        return html(site.page(lang: lang, title: lang.t("pledges"), path: "/team/pledges", template: "pledges", [
            "rows": rows, "count": rows.count, "filter": status?.rawValue ?? "",
            "statuses": Pledge.Status.allCases.map { ["name": $0.rawValue, "selected": $0 == status] },
            "tiers": budget?.campaign?.tiers.map(\.title) ?? [], "writes": context.member?.role.writesMoney ?? false,
        ], member: context.member))
    }

    func expenses(_ request: Request, _ context: AppRequestContext) throws -> Response {
        let lang = Language(request: request)
        let budget = try? site.currentBudget()
        let rows = try site.ledger.expenses().reversed().map { e -> [String: Any] in
            ["date": e.date.description, "line": e.lineCode, "payee": e.payee, "amount": site.money(e.amount, lang: lang),
             "status": e.payable ? "payable" : "paid", "note": e.note ?? ""]
        }
        return html(site.page(lang: lang, title: lang.t("expenses"), path: "/team/expenses", template: "expenses", [
            "rows": rows, "lines": budget?.lines.map { ["code": $0.code, "label": $0.label] } ?? [],
            "writes": context.member?.role.writesMoney ?? false, "today": site.today.description,
        ], member: context.member))
    }

    // MARK: - Helpers

    func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A form body (application/x-www-form-urlencoded), up to 1 MiB, read once.
    static func form<T: FormFields>(_ type: T.Type, _ request: Request, _ context: AppRequestContext) async throws -> T {
        try T(form: try await readFields(request, context))
    }

    static func readFields(_ request: Request, _ context: AppRequestContext) async throws -> URLEncodedFields {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        return URLEncodedFields(body: buffer.readableBytesView)
    }

    /// A team form: the signed-in member, whose session's CSRF token the form must carry, and the form.
    static func post<T: FormFields>(_ type: T.Type, _ request: Request, _ context: AppRequestContext) async throws -> (TeamMember, T) {
        guard let member = context.member, let expected = member.csrf else { throw HTTPError(.unauthorized, message: "sign in first") }
        let fields = try await readFields(request, context)
        guard constantTimeEqual(fields["csrf"] ?? "", expected) else { throw HTTPError(.forbidden, message: "this form has expired: reload the page") }
        return (member, try T(form: fields))
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Signs the request in from its session cookie, or sends the browser to the sign-in page.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let site: Site

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let value = request.cookie(TeamController.cookie), !value.isEmpty,
           let session = try site.ledger.session(idSHA256: TeamTokens.hash(value)) {
            context.member = TeamMember(name: session.name, role: session.role, csrf: session.csrf)
            return try await Site.$actor.withValue("team page, “\(session.name)” (\(session.role.rawValue))") { try await next(request, context) }
        }
        if request.method == .get { return Response.redirect(to: "/team/login", type: .normal) }
        throw HTTPError(.unauthorized, message: "sign in first")
    }
}

struct LoginForm: FormFields {
    let token: String
    init(form: URLEncodedFields) throws { token = try form.require("token") }
}
struct CSRFForm: FormFields {
    let csrf: String
    init(form: URLEncodedFields) throws { csrf = try form.require("csrf") }
}
struct StatusForm: FormFields {
    let status: String
    init(form: URLEncodedFields) throws { status = try form.require("status") }
}
struct PledgeForm: FormFields {
    let amount: String; let name: String; let email: String?; let public_name: String?; let anonymous: String?; let tier: String?
    let status: String?; let date: String?; let ref: String?

    init(form: URLEncodedFields) throws {
        amount = try form.require("amount"); name = try form.require("name"); email = form["email"]; public_name = form["public_name"]
        anonymous = form["anonymous"]; tier = form["tier"]; status = form["status"]; date = form["date"]; ref = form["ref"]
    }
}
struct ExpenseForm: FormFields {
    let amount: String; let line: String; let date: String; let payee: String; let payable: String?; let note: String?

    init(form: URLEncodedFields) throws {
        amount = try form.require("amount"); line = try form.require("line"); date = try form.require("date"); payee = try form.require("payee")
        payable = form["payable"]; note = form["note"]
    }
}

extension Site {
    /// A team page in the layout, with the team's navigation and the sign-out form.
    func page(lang: Language, title: String, path: String, template: String, _ model: [String: Any], member: TeamMember? = nil) -> String {
        var model = model
        model["t"] = lang.strings
        model["csrf"] = member?.csrf ?? ""
        var frame = PageFrame(lang: lang, title: "\(title) — \(settings.title)", path: path, content: render(template, model)).withLinks(.server(lang))
        frame["team"] = member != nil
        frame["member"] = member.map { ["name": $0.name, "role": $0.role.rawValue] } ?? [:]
        frame["csrf"] = member?.csrf ?? ""
        frame["switchHref"] = path + "?lang=" + lang.other.rawValue
        return render("layout", frame)
    }
}

/// The dashboard's chart: estimate against actual per chapter of the devis.
enum TeamCharts {
    static func chapters(_ report: BudgetReport, money: (Int64) -> String) -> String {
        let rows = report.chapters
        let width = 640.0, rowHeight = 34.0, left = 230.0
        let height = Double(rows.count) * rowHeight + 30
        let maxValue = Double(rows.map { max($0.estimate, $0.actual) }.max() ?? 1)
        func w(_ c: Int64) -> String { Charts.number((width - left - 20) * Double(c) / max(maxValue, 1)) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" class=\"chart\" role=\"img\" aria-label=\"budget\">\n"
        for (i, row) in rows.enumerated() {
            let y = Double(i) * rowHeight + 10
            svg += "<text x=\"\(left - 8)\" y=\"\(Charts.number(y + 14))\" text-anchor=\"end\" font-size=\"12\">\(Charts.escape(DevisChapter.describe(row.chapter)))</text>\n"
            svg += "<rect x=\"\(left)\" y=\"\(Charts.number(y))\" width=\"\(w(row.estimate))\" height=\"11\" fill=\"#cfd8d3\"><title>\(Charts.escape(money(row.estimate)))</title></rect>\n"
            let over = row.actual > row.estimate
            svg += "<rect x=\"\(left)\" y=\"\(Charts.number(y + 13))\" width=\"\(w(row.actual))\" height=\"11\" fill=\"\(over ? "#c0392b" : "#1e6f5c")\"><title>\(Charts.escape(money(row.actual)))</title></rect>\n"
        }
        svg += "<text x=\"\(left)\" y=\"\(Int(height) - 4)\" font-size=\"11\" fill=\"#555\">▇ estimate (grey) · actual (green, red when over)</text>\n</svg>"
        return svg
    }
}
