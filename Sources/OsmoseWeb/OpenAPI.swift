import Foundation
import OsmoseDomain

/// The OpenAPI 3 document of `/api/v1`. A test checks that it lists exactly the router's routes.
enum OpenAPI {
    typealias Object = [String: Any]

    struct Operation {
        let method: String
        let path: String
        let summary: String
        let role: String?
        let body: String?
        let response: Object
        var status = "200"
        var parameters: [Object] = []
        /// The error statuses the operation answers, besides 401 (every operation needs a token).
        var errors: [String] = []
    }

    static func ref(_ name: String) -> Object { ["$ref": "#/components/schemas/\(name)"] }
    static func list(_ name: String) -> Object { ["type": "array", "items": ref(name)] }
    static func query(_ name: String, _ description: String, _ schema: Object = string) -> Object {
        ["name": name, "in": "query", "required": false, "schema": schema, "description": description]
    }
    static func pathParameter(_ name: String, _ schema: Object = string) -> Object { ["name": name, "in": "path", "required": true, "schema": schema] }

    /// What each error status means, as the document says it.
    static let errorDescriptions: [String: String] = [
        "400": "Malformed JSON, a missing field, or a field or parameter that is not of the documented type, format or list",
        "401": "No token, or a token that is unknown or revoked",
        "403": "This token's role cannot write this",
        "404": "The path, or a person, space, shooting day or budget version the request names, does not exist",
        "409": "A record with this name, date or reference exists already",
        "413": "A body over 1 MiB",
        "422": "Well-formed, but refused by a rule of the ledger (an unknown budget line or source, a full tier, a minor without a guardian…)",
        "429": "Too many unknown tokens from this address within a minute: try again after Retry-After seconds",
    ]

    static let writeErrors = ["400", "403", "404", "409", "413", "422"]

    static var operations: [Operation] { [
        Operation(method: "get", path: "/spaces", summary: "List spaces", role: nil, body: nil, response: list("Space")),
        Operation(method: "post", path: "/spaces", summary: "Record a space", role: "director", body: "SpaceInput", response: ref("Space"), status: "201",
                  errors: ["400", "403", "409", "413", "422"]),
        Operation(method: "get", path: "/people", summary: "List people", role: nil, body: nil, response: list("Person"),
                  parameters: [query("role", "Only the people of this role", choice(Person.Role.self))], errors: ["400"]),
        Operation(method: "post", path: "/people", summary: "Record a person", role: "director", body: "PersonInput", response: ref("Person"), status: "201",
                  errors: ["400", "403", "409", "413", "422"]),
        Operation(method: "get", path: "/shoots", summary: "List shooting days", role: nil, body: nil, response: list("ShootingDay")),
        Operation(method: "get", path: "/shoots/{date}", summary: "One shooting day", role: nil, body: nil, response: ref("ShootingDay"),
                  parameters: [pathParameter("date", date)], errors: ["400", "404"]),
        Operation(method: "post", path: "/shoots", summary: "Record a shooting day", role: "director", body: "ShootInput", response: ref("ShootingDay"), status: "201",
                  errors: writeErrors),
        Operation(method: "get", path: "/releases", summary: "The release matrix: who is cleared for a usage", role: nil, body: nil, response: list("Clearance"),
                  parameters: [query("usage", "The usage to clear (cinema unless given)", choice(Usage.self)),
                               query("territory", "world, europe or a country (france unless given); another word answers 422"),
                               query("on", "The day to clear for (today unless given)", date)],
                  errors: ["400", "422"]),
        Operation(method: "post", path: "/releases", summary: "Record a new state of a release", role: "director", body: "ReleaseInput", response: ref("Release"), status: "201",
                  errors: writeErrors),
        Operation(method: "get", path: "/logs", summary: "Search interview logs", role: nil, body: nil, response: list("LogEntry"),
                  parameters: [query("q", "Words of the text or the tags; without a letter or digit, it filters nothing"), query("tag", "A tag"), query("person", "A recorded person's name"),
                               query("shoot", "A shooting day", date)],
                  errors: ["400", "404"]),
        Operation(method: "post", path: "/logs", summary: "Log a timecoded note", role: "director", body: "LogInput", response: ref("LogEntry"), status: "201",
                  errors: ["400", "403", "404", "413", "422"]),
        Operation(method: "get", path: "/expenses", summary: "List expenses", role: nil, body: nil, response: list("Expense")),
        Operation(method: "post", path: "/expenses", summary: "Record an expense", role: "producer", body: "ExpenseInput", response: ref("Expense"), status: "201",
                  errors: ["400", "403", "413", "422"]),
        Operation(method: "get", path: "/pledges", summary: "List pledges", role: nil, body: nil, response: list("Pledge"),
                  parameters: [query("status", "Only the pledges of this status", choice(Pledge.Status.self))], errors: ["400"]),
        Operation(method: "post", path: "/pledges", summary: "Record a pledge", role: "producer", body: "PledgeInput", response: ref("Pledge"), status: "201",
                  errors: ["400", "403", "409", "413", "422"]),
        Operation(method: "patch", path: "/pledges/{ref}", summary: "Change a pledge's status", role: "producer", body: "StatusInput", response: ref("Pledge"),
                  parameters: [pathParameter("ref")], errors: ["400", "403", "404", "409", "413", "422"]),
        Operation(method: "get", path: "/funding", summary: "List money received", role: nil, body: nil, response: list("FundingReceipt")),
        Operation(method: "post", path: "/funding", summary: "Record money received", role: "producer", body: "FundingInput", response: ref("FundingReceipt"), status: "201",
                  errors: ["400", "403", "413", "422"]),
        Operation(method: "get", path: "/campaign", summary: "The campaign's figures", role: nil, body: nil, response: ref("Campaign")),
        Operation(method: "get", path: "/budget", summary: "The budget against actuals", role: nil, body: nil, response: ref("Budget"),
                  parameters: [query("version", "A budget version (the current one unless given)")], errors: ["404"]),
    ] }

    // MARK: - Schemas

    /// An object with exactly these properties: responses never carry a key the document does not name.
    static func object(_ required: [String], _ properties: Object) -> Object {
        ["type": "object", "required": required, "properties": properties, "additionalProperties": false]
    }

    /// A request body: an optional field may be null, which is the same as leaving it out; keys the document
    /// does not name are ignored.
    static func input(_ required: [String], _ properties: Object) -> Object {
        let fields = Dictionary(uniqueKeysWithValues: properties.map { key, schema in
            (key, required.contains(key) ? schema : nullable(schema as? Object ?? [:]) as Any)
        })
        return ["type": "object", "required": required, "properties": fields]
    }

    /// A schema that also takes null (a closed list names null among its values, as OpenAPI 3.0.3 asks).
    static func nullable(_ schema: Object) -> Object {
        var schema = schema.merging(["nullable": true]) { $1 }
        if let values = schema["enum"] as? [Any] { schema["enum"] = values + [NSNull()] }
        return schema
    }
    static func choice<T: ClosedChoice>(_ type: T.Type) -> Object { ["type": "string", "enum": T.allCases.map(\.rawValue)] }
    static func choice(_ values: [String]) -> Object { ["type": "string", "enum": values] }
    static func array(_ items: Object) -> Object { ["type": "array", "items": items] }

    static var string: Object { ["type": "string"] }
    static var nullableString: Object { nullable(string) }
    /// A name of a person, a space…: not blank, at most 200 characters.
    static var name: Object { ["type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\S"] }
    static var text: Object { ["type": "string", "minLength": 1, "pattern": "\\S"] }
    static var date: Object { ["type": "string", "format": "date"] }
    static var nullableDate: Object { nullable(date) }
    static var clockTime: Object { ["type": "string", "pattern": "^([01]?[0-9]|2[0-3]):[0-5][0-9]$"] }
    static var timecode: Object { ["type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9][:;.][0-9]{2}$"] }
    static var integer: Object { ["type": "integer", "format": "int64"] }
    static var cents: Object { ["type": "integer", "format": "int64", "minimum": 0] }
    static var amount: Object { ["type": "integer", "format": "int64", "minimum": 1, "maximum": Amount.maximumCents] }
    static var count: Object { ["type": "integer", "minimum": 0] }
    static var boolean: Object { ["type": "boolean"] }
    static var strings: Object { array(string) }
    static var sha256: Object { ["type": "string", "pattern": "^[0-9a-f]{64}$", "nullable": true] }
    static var frameRates: [String] { FrameRate.all.map(\.label) }

    /// Requests that the demo production (`osmose demo`) accepts, as examples.
    static var examples: [String: Object] { [
        "ReleaseInput": ["person": "Participant A", "status": "signed", "signed_on": "2015-05-18", "scope": ["festival", "cinema"], "territory": "europe"],
        "LogInput": ["shoot": "2015-05-18", "person": "Participant A", "at": "10:04:00:00", "tags": ["lieux"], "rating": 4, "text": "Le café du matin."],
        "ExpenseInput": ["amount_cents": 4_500, "line": "6.1", "date": "2015-11-20", "payee": "Meals on set"],
        "PledgeInput": ["amount_cents": 5_000, "name": "Louise Martin", "status": "collected", "date": "2015-10-01", "tier": "Merci !"],
        "FundingInput": ["source": "association", "amount_cents": 20_000, "date": "2015-11-20"],
    ] }

    static var schemas: Object { [
        "Error": object(["error"], ["error": object(["message"], ["message": ["type": "string", "minLength": 1]])]),
        "Space": object(["name", "kind", "address", "contact", "notes"], [
            "name": name, "kind": choice(Space.Kind.self), "address": nullableString, "contact": nullableString, "notes": nullableString,
        ]),
        "SpaceInput": input(["name"], ["name": name, "kind": choice(Space.Kind.self), "address": string, "contact": string, "notes": string]),
        "Person": object(["name", "role", "email", "phone", "minor", "guardian", "notes"], [
            "name": name, "role": choice(Person.Role.self), "email": nullableString, "phone": nullableString,
            "minor": boolean, "guardian": nullableString, "notes": nullableString,
        ]),
        "PersonInput": input(["name", "role"], [
            "name": name, "role": choice(Person.Role.self), "email": ["type": "string", "description": "An e-mail address; empty for none"], "phone": string,
            "minor": boolean, "guardian": ["type": "string", "description": "Needed when minor is true"], "notes": string,
        ]),
        "ShootingDay": object(["date", "spaces", "participants", "crew", "status", "call", "wrap", "notes"], [
            "date": date, "spaces": strings, "participants": strings, "crew": strings, "status": choice(ShootingDay.Status.self),
            "call": nullable(clockTime), "wrap": nullable(clockTime), "notes": nullableString,
        ]),
        "ShootInput": input(["date", "spaces"], [
            "date": date, "spaces": ["type": "array", "items": name, "minItems": 1, "description": "Names of recorded spaces"],
            "call": clockTime, "wrap": clockTime,
            "participants": ["type": "array", "items": name, "description": "Names of recorded participants"],
            "crew": ["type": "array", "items": name, "description": "Names of recorded directors, crew, press or partners"],
            "status": choice(ShootingDay.Status.self), "notes": string,
        ]),
        "Clearance": object(["subject", "kind", "status", "cleared", "reasons", "usage", "territory", "scope"], [
            "subject": string, "kind": choice(["person", "space"]), "status": choice(["none"] + Release.Status.allCases.map(\.rawValue)),
            "cleared": boolean, "reasons": strings, "usage": choice(Usage.self), "territory": string,
            "signed_on": date, "scope": array(choice(Usage.self)), "until": date,
        ]),
        "Release": object(["status", "signed_on", "scope", "territory", "until", "guardian_signed", "scan", "scan_sha256", "note", "recorded_at"], [
            "status": choice(Release.Status.self), "signed_on": nullableDate, "scope": array(choice(Usage.self)), "territory": strings,
            "until": nullableDate, "guardian_signed": boolean, "scan": nullableString, "scan_sha256": sha256, "note": nullableString,
            "recorded_at": ["type": "string", "format": "date-time"],
        ]),
        "ReleaseInput": input(["status"], [
            "person": ["type": "string", "description": "A recorded person's name; name either person or space"],
            "space": ["type": "string", "description": "A recorded space's name; name either person or space"],
            "status": choice(Release.Status.self), "signed_on": date, "scope": array(choice(Usage.self)),
            "territory": ["type": "string", "description": "world, europe or countries, separated by commas (world unless given)"],
            "until": date, "guardian_signed": boolean, "note": string,
        ]),
        "LogEntry": object(["id", "shoot", "person", "at", "out", "tags", "rating", "text", "frame_rate", "clip"], [
            "id": integer, "shoot": date, "person": nullableString, "at": timecode, "out": nullable(timecode), "tags": strings,
            "rating": ["type": "integer", "minimum": 1, "maximum": 5, "nullable": true], "text": string, "frame_rate": choice(frameRates),
            "clip": nullableString,
        ]),
        "LogInput": input(["shoot", "at", "text"], [
            "shoot": ["type": "string", "format": "date", "description": "A recorded shooting day"],
            "person": ["type": "string", "description": "A recorded person's name"], "at": timecode, "out": timecode,
            "tags": ["type": "array", "items": string, "description": "Commas also separate tags; a leading # and blank tags are dropped"], "rating": ["type": "integer", "minimum": 1, "maximum": 5], "text": text,
            "rate": ["type": "string", "enum": frameRates, "description": "The production's frame rate unless given"],
        ]),
        "Expense": object(["id", "amount_cents", "line", "date", "payee", "status", "receipt", "receipt_sha256", "note"], [
            "id": integer, "amount_cents": amount, "line": string, "date": date, "payee": string, "status": choice(["paid", "payable"]),
            "receipt": nullableString, "receipt_sha256": sha256, "note": nullableString,
        ]),
        "ExpenseInput": input(["amount_cents", "line", "date", "payee"], [
            "amount_cents": amount, "line": ["type": "string", "description": "A line code of the current budget, such as 7.1"],
            "date": date, "payee": name, "payable": boolean, "note": string,
        ]),
        "Pledge": object(["ref", "amount_cents", "status", "tier", "date", "name", "email", "public_name", "anonymous", "message", "source"], [
            "ref": string, "amount_cents": amount, "status": choice(Pledge.Status.self), "tier": nullableString, "date": date, "name": string,
            "email": nullableString, "public_name": nullableString, "anonymous": boolean, "message": nullableString, "source": string,
        ]),
        "PledgeInput": input(["amount_cents", "name"], [
            "amount_cents": amount, "name": name, "status": choice(Pledge.Status.self), "date": date,
            "email": ["type": "string", "description": "An e-mail address; empty for none"], "public_name": string, "anonymous": boolean,
            "tier": ["type": "string", "description": "A tier's title in the current budget's campaign"],
            "ref": ["type": "string", "minLength": 1, "description": "M-0001, M-0002… unless given"], "message": string,
        ]),
        "StatusInput": input(["status"], ["status": choice(Pledge.Status.self)]),
        "FundingReceipt": object(["id", "source", "amount_cents", "date", "note"], [
            "id": integer, "source": string, "amount_cents": amount, "date": date, "note": nullableString,
        ]),
        "FundingInput": input(["source", "amount_cents", "date"], [
            "source": ["type": "string", "description": "A funding source of the current budget, other than the crowdfunding campaign"],
            "amount_cents": amount, "date": date, "note": string,
        ]),
        "Campaign": object(
            ["platform", "model", "currency", "today", "target_cents", "pledged_cents", "collected_cents", "promised_cents", "failed_cents",
             "refunded_cents", "fees_cents", "reward_costs_cents", "net_cents", "backers", "pledges", "percent", "opens", "closes",
             "days_left", "ended", "needed_per_day_cents", "forecast_cents", "forecast_low_cents", "forecast_high_cents",
             "forecast_confidence", "tiers", "stretch_goals", "warnings"], [
                "platform": string, "model": choice(Campaign.Model.self), "currency": string, "today": date,
                "target_cents": cents, "pledged_cents": cents, "collected_cents": cents, "promised_cents": cents, "failed_cents": cents,
                "refunded_cents": cents, "fees_cents": cents, "reward_costs_cents": cents, "net_cents": integer, "backers": count,
                "pledges": count, "percent": ["type": "number", "minimum": 0], "opens": date, "closes": date, "days_left": count,
                "ended": boolean, "needed_per_day_cents": cents, "forecast_cents": cents, "forecast_low_cents": cents,
                "forecast_high_cents": cents, "forecast_confidence": choice(["none", "low", "medium", "high", "final"]),
                "tiers": array(object(["title", "minimum_cents", "limit", "taken", "remaining", "unit_cost_cents", "premiere_seats",
                                       "reward_costs_cents"], [
                    "title": string, "minimum_cents": cents, "limit": nullable(count), "taken": count, "remaining": nullable(count),
                    "unit_cost_cents": cents, "premiere_seats": count, "reward_costs_cents": cents,
                ])),
                "stretch_goals": array(object(["title", "amount_cents", "reached", "unlocks"], [
                    "title": string, "amount_cents": cents, "reached": boolean, "unlocks": strings,
                ])),
                "warnings": strings,
            ]),
        "Budget": object(
            ["version", "title", "file", "currency", "estimate_cents", "actual_cents", "gap_cents", "uncovered_cents",
             "planned_funding_cents", "received_cents", "in_kind_estimate_cents", "in_kind_received_cents", "lines", "chapters",
             "funding", "unbudgeted"], [
                "version": string, "title": string, "file": string, "currency": string, "estimate_cents": cents, "actual_cents": cents,
                "gap_cents": integer, "uncovered_cents": integer, "planned_funding_cents": cents, "received_cents": cents,
                "in_kind_estimate_cents": cents, "in_kind_received_cents": cents,
                "lines": array(object(["code", "chapter", "label", "estimate_cents", "actual_cents", "variance_cents", "paid_by", "in_kind",
                                       "locked", "tasks"], [
                    "code": string, "chapter": count, "label": string, "estimate_cents": cents, "actual_cents": cents,
                    "variance_cents": integer, "paid_by": strings, "in_kind": boolean, "locked": boolean,
                    "tasks": array(object(["name", "status"], ["name": string, "status": string])),
                ])),
                "chapters": array(object(["chapter", "title", "estimate_cents", "actual_cents", "variance_cents"], [
                    "chapter": count, "title": string, "estimate_cents": cents, "actual_cents": cents, "variance_cents": integer,
                ])),
                "funding": array(object(["id", "name", "kind", "planned_cents", "received_cents", "expected_cents"], [
                    "id": string, "name": string, "kind": string, "planned_cents": cents, "received_cents": cents, "expected_cents": integer,
                ])),
                "unbudgeted": array(object(["code", "actual_cents"], ["code": string, "actual_cents": cents])),
            ]),
    ] }

    // MARK: - Document

    static var documentObject: Object {
        var schemas = schemas
        for (name, example) in examples { schemas[name] = (schemas[name] as? Object ?? [:]).merging(["example": example]) { $1 } }
        var paths: [String: Object] = [:]
        for op in operations {
            var responses: Object = [op.status: ["description": "OK", "content": ["application/json": ["schema": op.response]]]]
            for status in ["401", "429"] + op.errors {
                responses[status] = ["description": errorDescriptions[status] ?? "", "content": ["application/json": ["schema": ref("Error")]]]
            }
            if var throttled = responses["429"] as? Object {
                throttled["headers"] = ["Retry-After": ["description": "Seconds to wait", "schema": ["type": "integer", "minimum": 1]]]
                responses["429"] = throttled
            }
            var operation: Object = [
                "summary": op.summary,
                "operationId": op.method + op.path.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: ""),
                "responses": responses,
            ]
            if let role = op.role { operation["description"] = "Needs a \(role) token." }
            if !op.parameters.isEmpty { operation["parameters"] = op.parameters }
            if let body = op.body {
                operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": ref(body)]]]
            }
            paths[op.path, default: [:]][op.method] = operation
        }
        return [
            "openapi": "3.0.3",
            "info": ["title": "Osmose API", "version": "1", "description": "A documentary production's ledger: Authorization: Bearer TOKEN (osmose token create). Errors are {\"error\": {\"message\": \"…\"}}, one sentence naming the bad value. A method a path does not offer answers 405 with an Allow header."],
            "servers": [["url": "/api/v1"]],
            "security": [["bearer": []]],
            "components": ["schemas": schemas, "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]]],
            "paths": paths,
        ]
    }

    /// The methods the document offers on the path of a request under /api/v1, or nil when no documented path matches.
    static func allowedMethods(path: String) -> [String]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let methods = routes.filter { route in
            route.template.count == parts.count && zip(route.template, parts).allSatisfy { t, p in t.hasPrefix("{") ? !p.isEmpty : t == p }
        }.map(\.method)
        return methods.isEmpty ? nil : methods
    }

    /// Each operation's full path, split at its slashes, and its method, worked out once.
    static let routes: [(template: [String], method: String)] = operations.map { op in
        (("/api/v1" + op.path).split(separator: "/", omittingEmptySubsequences: false).map(String.init), op.method.uppercased())
    }

    static let document: String = {
        let data = (try? JSONSerialization.data(withJSONObject: documentObject, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }()
}
