import Foundation
import Hummingbird
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage

/// The guests' side of a screening: each answers through a personal link, without a login; the
/// calendars of the premiere (public) and of the production (team, with a token).
struct GuestController {
    let site: Site
    let throttle: SignInThrottle

    struct AnswerForm: FormFields {
        let answer: String
        let seats: String?

        init(form: URLEncodedFields) throws {
            answer = try form.require("answer")
            seats = form["seats"]
        }
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/rsvp/:token") { request, context in
            try rsvp(request, token: context.pathParameter("token"), message: nil)
        }
        router.post("/rsvp/:token") { request, context in
            let token = context.pathParameter("token")
            let lang = Language(request: request)
            guard let found = try site.ledger.guest(token: token) else { throw HTTPError(.notFound, message: lang.t("rsvp_unknown")) }
            guard found.screening.date >= site.today else {
                return try rsvp(request, token: token, message: (lang.t("rsvp_closed"), false), status: .conflict)
            }
            let form = try await TeamController.form(AnswerForm.self, request, context)
            let accept = form.answer == "yes"
            guard accept || form.answer == "no" else { throw HTTPError(.badRequest, message: "answer \(form.answer.quoted) is neither yes nor no") }
            let seats = accept ? try Self.seats(form.seats) : 0
            do {
                try site.ledger.acting(as: "guest link (\(found.record.guest.name))").answer(token: token, accept: accept, seats: seats)
            } catch let error as InputError {
                return try rsvp(request, token: token, message: (error.message, false), status: .conflict)
            }
            site.changed()
            return try rsvp(request, token: token, message: (lang.t("rsvp_thanks"), true))
        }
        router.get("/premiere.ics") { _, _ in
            Self.calendar(try site.ledger.calendar(team: false, plannedFrom: site.today), name: "premiere.ics")
        }
        router.get("/calendar.ics") { request, context in
            // Calendar applications cannot sign in: a team token in the address stands for the session.
            try throttle.check(context.clientAddress)
            guard let token = request.queryFields["token"],
                  try site.ledger.teamMember(tokenSHA256: TeamTokens.hash(String(token))) != nil else {
                throttle.failed(request.queryFields["token"] ?? "", from: context.clientAddress)
                throw HTTPError(.unauthorized, message: "add ?token=TOKEN, a team token (osmose token create)")
            }
            return Self.calendar(try site.ledger.calendar(team: true, plannedFrom: site.today), name: "calendar.ics")
        }
    }

    static func seats(_ text: String?) throws -> Int {
        guard let text, let seats = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw HTTPError(.badRequest, message: "seats \((text ?? "").quoted) is not a whole number")
        }
        return seats
    }

    static func calendar(_ text: String, name: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "no-cache",
                                        .contentDisposition: "inline; filename=\"\(name)\""],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The guest's page: the screening, their invitation, their answer, a form to give or change it.
    func rsvp(_ request: Request, token: String, message: (text: String, ok: Bool)?, status: HTTPResponse.Status = .ok) throws -> Response {
        let lang = Language(request: request)
        guard let found = try site.ledger.guest(token: token) else { throw HTTPError(.notFound, message: lang.t("rsvp_unknown")) }
        let guest = found.record.guest
        let room = try site.ledger.roomCount(screening: found.screening.id ?? 0)
        let state: String = switch guest.rsvp {
        case .yes: String(format: lang.t("rsvp_yes"), guest.seats)
        case .no: lang.t("rsvp_no")
        case .waitlist: String(format: lang.t("rsvp_waitlist"), guest.seats)
        case .pending: lang.t("rsvp_pending")
        }
        var model: [String: Any] = [
            "t": lang.strings, "film": site.settings.title, "name": guest.name, "title": found.screening.title,
            "date": site.longDate(found.screening.date, lang: lang), "time": found.screening.time.description,
            "venue": found.venue.name, "address": found.venue.address ?? "", "state": state,
            "offered": String(format: lang.t(guest.allowance == 1 ? "rsvp_offered_one" : "rsvp_offered"), guest.allowance),
            "choices": (1...max(1, guest.allowance)).map { ["n": $0, "selected": $0 == (guest.seats > 0 ? guest.seats : guest.allowance)] },
            "open": found.screening.date >= site.today, "full": room.confirmed >= room.capacity,
            "action": "/rsvp/\(token)?lang=\(lang.rawValue)",
        ]
        if let message { model["message"] = ["text": message.text, "ok": message.ok] }
        var frame = PageFrame(lang: lang, title: "\(lang.t("premiere")) — \(site.settings.title)", path: "/rsvp/\(token)",
                              content: site.render("rsvp", model)).withLinks(.server(lang))
        frame["switchHref"] = "/rsvp/\(token)?lang=\(lang.other.rawValue)"
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                                                  .init("Referrer-Policy")!: "no-referrer"],
                        body: .init(byteBuffer: ByteBuffer(string: site.render("layout", frame))))
    }
}

// MARK: - The door

extension TeamController {
    struct CheckinForm: FormFields {
        let screening: String
        let name: String
        let seats: String

        init(form: URLEncodedFields) throws {
            screening = try form.require("screening")
            name = try form.require("name")
            seats = try form.require("seats")
        }
    }

    /// The door on a phone: find a guest, check them in with their seats, the room's count kept live.
    func addDoorRoutes(to team: RouterGroup<AppRequestContext>) {
        team.get("/door") { request, context in
            let lang = Language(request: request)
            guard let id = try doorScreening(request) else {
                return html(site.page(lang: lang, title: lang.t("door"), path: "/team/door", template: "door", ["none": true], member: context.member))
            }
            let (screening, venue) = try site.ledger.screening(id)
            let room = try site.ledger.roomCount(screening: id)
            let guests = try site.ledger.guests(screening: id).map { Self.doorRow($0.guest) }
            return html(site.page(lang: lang, title: lang.t("door"), path: "/team/door", template: "door", [
                "screening": id, "title": screening.title, "date": screening.date.description, "time": screening.time.description,
                "venue": venue.name, "room": Self.roomModel(room), "guests": guests,
                "writes": context.member.map { $0.role.writesMoney || $0.role.writesProduction } ?? false,
            ], member: context.member))
        }
        team.get("/door/status") { request, _ in
            guard let id = try doorScreening(request) else { throw HTTPError(.notFound, message: "there is no screening") }
            let status = DoorStatus(room: try site.ledger.roomCount(screening: id),
                                    guests: try site.ledger.guests(screening: id).map { DoorStatus.Row($0.guest) })
            return try Self.json(status)
        }
        team.post("/door/checkin") { request, context in
            let (member, form) = try await Self.post(CheckinForm.self, request, context)
            guard member.role.writesMoney || member.role.writesProduction else {
                throw HTTPError(.forbidden, message: "a \(member.role.rawValue) cannot check guests in")
            }
            guard let id = Int64(form.screening) else { throw HTTPError(.badRequest, message: "screening \(form.screening.quoted) is not a number") }
            let record = try site.ledger.checkIn(screening: id, name: form.name, seats: try GuestController.seats(form.seats))
            if request.headers[.accept]?.contains("application/json") == true {
                return try Self.json(DoorStatus(room: try site.ledger.roomCount(screening: id), guests: [DoorStatus.Row(record.guest)]))
            }
            return Response.redirect(to: "/team/door?screening=\(id)", type: .normal)
        }
    }

    /// The journal: every change to money, releases and guests, latest first (the last 500 shown).
    func addJournalRoutes(to team: RouterGroup<AppRequestContext>) {
        team.get("/journal") { request, context in
            let lang = Language(request: request)
            let since = try request.queryFields.nonEmpty("since").map { try LocalDate(parsing: $0) }
            let entity = request.queryFields.nonEmpty("entity")
            let entries = try site.ledger.journal(since: since, entity: entity).suffix(500).reversed().map { e -> [String: Any] in
                ["id": e.id, "at": e.at, "actor": e.actor, "action": e.action, "entity": e.entity, "ref": e.ref, "summary": e.summary]
            }
            return html(site.page(lang: lang, title: lang.t("journal"), path: "/team/journal", template: "journal", [
                "entries": entries, "since": since?.description ?? "",
                "entities": ["pledge", "expense", "funding", "release", "guest"].map { (name: String) -> [String: Any] in
                    ["name": name, "selected": name == entity]
                },
            ], member: context.member))
        }
    }

    /// The screening asked for, else the next one, else the last.
    func doorScreening(_ request: Request) throws -> Int64? {
        if let text = request.queryFields["screening"] {
            guard let id = Int64(text) else { throw HTTPError(.badRequest, message: "screening \(String(text).quoted) is not a number") }
            return try site.ledger.screening(id).screening.id
        }
        let all = try site.ledger.screenings().map(\.screening)
        return (all.first { $0.date >= site.today } ?? all.last)?.id
    }

    static func doorRow(_ guest: Guest) -> [String: Any] {
        ["name": guest.name, "kind": guest.kind.rawValue, "rsvp": guest.rsvp.rawValue, "seats": guest.seats, "in": guest.checkedIn,
         "arrived": guest.checkedIn > 0,
         "options": (0...guest.allowance).map { n in
             ["n": n, "selected": n == (guest.checkedIn > 0 ? guest.checkedIn : guest.seatsAtDoor)]
         },
         "allowance": guest.allowance, "search": NameKey.fold(guest.name)]
    }

    static func roomModel(_ room: RoomCount) -> [String: Any] {
        ["capacity": room.capacity, "confirmed": room.confirmed, "in": room.checkedIn, "waiting": room.waiting]
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: [UInt8](try encoder.encode(value)))))
    }
}

/// What the door page polls: the room and each guest's check-in.
struct DoorStatus: Encodable {
    struct Row: Encodable {
        let name: String, rsvp: String, seats: Int, checked_in: Int

        init(_ guest: Guest) {
            name = guest.name
            rsvp = guest.rsvp.rawValue
            seats = guest.seats
            checked_in = guest.checkedIn
        }
    }

    let room: RoomCount
    let guests: [Row]
}
