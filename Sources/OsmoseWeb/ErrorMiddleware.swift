import Foundation
import Hummingbird
import OsmoseDomain
import OsmoseStorage

/// Turns every error into a response that keeps its status: `{"error": {"message": "…"}}` under
/// /api and to requests that accept JSON first (the door page's check-ins), an HTML page elsewhere (in the visitor's language).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let site: Site

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (status, message) = Self.describe(error)
            if status == .internalServerError { context.logger.error("\(request.method) \(request.uri.path): \(String(reflecting: error))") }
            if request.uri.path.hasPrefix("/api/") || request.headers[.accept]?.hasPrefix("application/json") == true {
                let body = try JSONSerialization.data(withJSONObject: ["error": ["message": message]], options: [.sortedKeys, .withoutEscapingSlashes])
                var headers = (error as? HTTPError)?.headers ?? [:]
                headers[.contentType] = "application/json; charset=utf-8"
                return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
            }
            let lang = Language(request: request)
            let shown = status == .notFound && !(error is LedgerError) ? lang.t("not_found") : message
            let html = site.render("layout", PageFrame(lang: lang, title: "\(status.code)", path: request.uri.path, content:
                site.render("error", ["status": "\(status.code)", "reason": status.reasonPhrase, "message": shown, "t": lang.strings])).context)
            var headers = (error as? HTTPError)?.headers ?? [:]
            headers[.contentType] = "text/html; charset=utf-8"
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
        }
    }

    /// The status and the sentence for an error.
    static func describe(_ error: any Error) -> (HTTPResponse.Status, String) {
        switch error {
        case let error as HTTPError:
            return (error.status, error.body ?? (error.status == .notFound ? "there is no such page" : error.status.reasonPhrase))
        case let error as any HTTPResponseError:
            return (error.status, error.status == .contentTooLarge ? "the body is larger than 1 MiB" : error.status.reasonPhrase)
        case let error as InputError:
            return (.badRequest, error.message)
        case let error as LedgerError:
            switch error {
            case .notFound, .noShootingDay, .noPledge: return (.notFound, error.description)
            case .duplicate, .pledgeExists, .shootingDayExists, .conflict, .inUse: return (.conflict, error.description)
            default: return (.internalServerError, "the ledger could not be read or written")
            }
        case let error as AmountOverflow:
            // The ledger holds amounts no sum can count: the page cannot be made until they are put right.
            return (.internalServerError, error.description)
        case let error as ImportConflicts:
            return (.conflict, error.rows.map(\.message).joined(separator: "; "))
        case let error as DecodingError:
            return (.badRequest, Self.explain(error))
        default:
            return (.internalServerError, "something went wrong on the server")
        }
    }

    /// A JSON decoding failure as a sentence naming the field.
    static func explain(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let context):
            return "the field \"\(path(context.codingPath + [key]))\" is missing"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return field.isEmpty ? "the body should be a JSON object" : "the field \"\(field)\" should be \(Self.describe(type))"
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            return field.isEmpty ? "the body is not valid JSON" : "the field \"\(field)\" is not valid: \(context.debugDescription)"
        @unknown default:
            return "the body cannot be read"
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is [String].Type: "a list of strings"
        default: "of another type"
        }
    }
}
