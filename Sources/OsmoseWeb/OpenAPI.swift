import Foundation

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
    }

    static func ref(_ name: String) -> Object { ["$ref": "#/components/schemas/\(name)"] }
    static func list(_ name: String) -> Object { ["type": "array", "items": ref(name)] }
    static func query(_ name: String, _ description: String) -> Object {
        ["name": name, "in": "query", "required": false, "schema": ["type": "string"], "description": description]
    }
    static func pathParameter(_ name: String) -> Object { ["name": name, "in": "path", "required": true, "schema": ["type": "string"]] }

    static var operations: [Operation] { [
        Operation(method: "get", path: "/spaces", summary: "List spaces", role: nil, body: nil, response: list("Space")),
        Operation(method: "post", path: "/spaces", summary: "Record a space", role: "director", body: "SpaceInput", response: ref("Space"), status: "201"),
        Operation(method: "get", path: "/people", summary: "List people", role: nil, body: nil, response: list("Person"),
                  parameters: [query("role", "participant, director, crew, press or partner")]),
        Operation(method: "post", path: "/people", summary: "Record a person", role: "director", body: "PersonInput", response: ref("Person"), status: "201"),
        Operation(method: "get", path: "/shoots", summary: "List shooting days", role: nil, body: nil, response: list("ShootingDay")),
        Operation(method: "get", path: "/shoots/{date}", summary: "One shooting day", role: nil, body: nil, response: ref("ShootingDay"),
                  parameters: [pathParameter("date")]),
        Operation(method: "post", path: "/shoots", summary: "Record a shooting day", role: "director", body: "ShootInput", response: ref("ShootingDay"), status: "201"),
        Operation(method: "get", path: "/releases", summary: "The release matrix: who is cleared for a usage", role: nil, body: nil, response: list("Clearance"),
                  parameters: [query("usage", "festival, cinema, tv, web or education"), query("territory", "world, europe or a country"), query("on", "YYYY-MM-DD")]),
        Operation(method: "post", path: "/releases", summary: "Record a new state of a release", role: "director", body: "ReleaseInput", response: ref("Release"), status: "201"),
        Operation(method: "get", path: "/logs", summary: "Search interview logs", role: nil, body: nil, response: list("LogEntry"),
                  parameters: [query("q", "words"), query("tag", "a tag"), query("person", "a person"), query("shoot", "YYYY-MM-DD")]),
        Operation(method: "post", path: "/logs", summary: "Log a timecoded note", role: "director", body: "LogInput", response: ref("LogEntry"), status: "201"),
        Operation(method: "get", path: "/expenses", summary: "List expenses", role: nil, body: nil, response: list("Expense")),
        Operation(method: "post", path: "/expenses", summary: "Record an expense", role: "producer", body: "ExpenseInput", response: ref("Expense"), status: "201"),
        Operation(method: "get", path: "/pledges", summary: "List pledges", role: nil, body: nil, response: list("Pledge"),
                  parameters: [query("status", "promised, collected, failed or refunded")]),
        Operation(method: "post", path: "/pledges", summary: "Record a pledge", role: "producer", body: "PledgeInput", response: ref("Pledge"), status: "201"),
        Operation(method: "patch", path: "/pledges/{ref}", summary: "Change a pledge's status", role: "producer", body: "StatusInput", response: ref("Pledge"),
                  parameters: [pathParameter("ref")]),
        Operation(method: "get", path: "/funding", summary: "List money received", role: nil, body: nil, response: list("FundingReceipt")),
        Operation(method: "post", path: "/funding", summary: "Record money received", role: "producer", body: "FundingInput", response: ref("FundingReceipt"), status: "201"),
        Operation(method: "get", path: "/campaign", summary: "The campaign's figures", role: nil, body: nil, response: ref("Campaign")),
        Operation(method: "get", path: "/budget", summary: "The budget against actuals", role: nil, body: nil, response: ref("Budget"),
                  parameters: [query("version", "a budget version")]),
    ] }

    static func object(_ required: [String], _ properties: Object) -> Object {
        ["type": "object", "required": required, "properties": properties]
    }

    static var string: Object { ["type": "string"] }
    static var nullableString: Object { ["type": "string", "nullable": true] }
    static var integer: Object { ["type": "integer", "format": "int64"] }
    static var boolean: Object { ["type": "boolean"] }
    static var strings: Object { ["type": "array", "items": ["type": "string"]] }

    static var schemas: Object { [
        "Error": object(["error"], ["error": object(["message"], ["message": string])]),
        "Space": object(["name", "kind"], ["name": string, "kind": string, "address": nullableString, "contact": nullableString, "notes": nullableString]),
        "SpaceInput": object(["name"], ["name": string, "kind": string, "address": string, "contact": string, "notes": string]),
        "Person": object(["name", "role", "minor"], ["name": string, "role": string, "email": nullableString, "phone": nullableString,
                                                      "minor": boolean, "guardian": nullableString, "notes": nullableString]),
        "PersonInput": object(["name", "role"], ["name": string, "role": string, "email": string, "phone": string, "minor": boolean,
                                                  "guardian": string, "notes": string]),
        "ShootingDay": object(["date", "spaces", "participants", "crew", "status"], [
            "date": string, "spaces": strings, "participants": strings, "crew": strings, "status": string,
            "call": nullableString, "wrap": nullableString, "notes": nullableString,
        ]),
        "ShootInput": object(["date", "spaces"], ["date": string, "spaces": strings, "call": string, "wrap": string, "participants": strings,
                                                  "crew": strings, "status": string, "notes": string]),
        "Clearance": object(["subject", "kind", "status", "cleared", "reasons"], [
            "subject": string, "kind": string, "status": string, "cleared": boolean, "reasons": strings, "usage": string,
            "territory": string, "signed_on": nullableString, "scope": strings, "until": nullableString,
        ]),
        "Release": object(["status"], ["status": string, "signed_on": nullableString, "scope": strings, "territory": strings,
                                       "until": nullableString, "guardian_signed": boolean, "scan": nullableString,
                                       "scan_sha256": nullableString, "note": nullableString, "recorded_at": string]),
        "ReleaseInput": object(["status"], ["person": string, "space": string, "status": string, "signed_on": string, "scope": strings,
                                            "territory": string, "until": string, "guardian_signed": boolean, "note": string]),
        "LogEntry": object(["shoot", "at", "tags", "text"], [
            "id": integer, "shoot": string, "person": nullableString, "at": string, "out": nullableString, "tags": strings,
            "rating": ["type": "integer", "nullable": true], "text": string, "frame_rate": string,
        ]),
        "LogInput": object(["shoot", "at", "text"], ["shoot": string, "person": string, "at": string, "out": string, "tags": strings,
                                                     "rating": ["type": "integer", "minimum": 1, "maximum": 5], "text": string, "rate": string]),
        "Expense": object(["amount_cents", "line", "date", "payee", "status"], [
            "id": integer, "amount_cents": integer, "line": string, "date": string, "payee": string, "status": string,
            "receipt": nullableString, "receipt_sha256": nullableString, "note": nullableString,
        ]),
        "ExpenseInput": object(["amount_cents", "line", "date", "payee"], ["amount_cents": integer, "line": string, "date": string,
                                                                          "payee": string, "payable": boolean, "note": string]),
        "Pledge": object(["ref", "amount_cents", "status", "date", "name", "anonymous"], [
            "ref": string, "amount_cents": integer, "status": string, "tier": nullableString, "date": string, "name": string,
            "email": nullableString, "public_name": nullableString, "anonymous": boolean, "message": nullableString, "source": string,
        ]),
        "PledgeInput": object(["amount_cents", "name"], [
            "amount_cents": integer, "name": string, "status": string, "date": string, "email": string, "public_name": string,
            "anonymous": boolean, "tier": string, "ref": string, "message": string,
        ]),
        "StatusInput": object(["status"], ["status": string]),
        "FundingReceipt": object(["source", "amount_cents", "date"], ["id": integer, "source": string, "amount_cents": integer,
                                                                     "date": string, "note": nullableString]),
        "FundingInput": object(["source", "amount_cents", "date"], ["source": string, "amount_cents": integer, "date": string, "note": string]),
        "Campaign": ["type": "object", "required": ["target_cents", "pledged_cents", "collected_cents", "fees_cents", "reward_costs_cents",
                                                    "net_cents", "backers", "percent", "opens", "closes", "days_left", "forecast_cents",
                                                    "forecast_low_cents", "forecast_high_cents", "tiers"]],
        "Budget": ["type": "object", "required": ["estimate_cents", "actual_cents", "gap_cents", "lines", "funding"]],
    ] }

    static var documentObject: Object {
        var paths: [String: Object] = [:]
        for op in operations {
            var errors: Object = [
                "401": ["description": "No valid token", "content": ["application/json": ["schema": ref("Error")]]],
                "400": ["description": "A bad parameter or field", "content": ["application/json": ["schema": ref("Error")]]],
                "404": ["description": "Not found", "content": ["application/json": ["schema": ref("Error")]]],
            ]
            if op.body != nil {
                errors["403"] = ["description": "This role cannot write this", "content": ["application/json": ["schema": ref("Error")]]]
                errors["409"] = ["description": "A duplicate or a refused change", "content": ["application/json": ["schema": ref("Error")]]]
                errors["413"] = ["description": "A body over 1 MiB", "content": ["application/json": ["schema": ref("Error")]]]
            }
            var operation: Object = [
                "summary": op.summary,
                "operationId": op.method + op.path.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: ""),
                "responses": errors.merging([op.status: ["description": "OK", "content": ["application/json": ["schema": op.response]]]]) { $1 },
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
            "info": ["title": "Osmose API", "version": "1", "description": "A documentary production's ledger: Authorization: Bearer TOKEN (osmose token create)."],
            "servers": [["url": "/api/v1"]],
            "security": [["bearer": []]],
            "components": ["schemas": schemas, "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]]],
            "paths": paths,
        ]
    }

    static let document: String = {
        let data = (try? JSONSerialization.data(withJSONObject: documentObject, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }()
}
