import Foundation
import Hummingbird
import Synchronization

/// Where access log lines go: collected in memory and written in batches, so that a busy
/// service does not make one system call per request.
final class AccessLogWriter: Sendable {
    static let standardOutput = AccessLogWriter(descriptor: 1)

    private let descriptor: Int32
    private let buffer = Mutex<(bytes: [UInt8], last: Date)>(([], Date()))
    /// The current second, formatted once per second rather than once per line.
    private let clock = Mutex<(second: Int, text: String)>((-1, ""))
    private let limit = 32 * 1024

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Adds a line; writes the batch when it is large or a quarter of a second old.
    func append(_ line: String) {
        let now = Date()
        let batch: [UInt8]? = buffer.withLock { state in
            state.bytes.append(contentsOf: line.utf8)
            state.bytes.append(0x0A)
            guard state.bytes.count >= limit || now.timeIntervalSince(state.last) >= 0.25 else { return nil }
            let out = state.bytes
            state.bytes.removeAll(keepingCapacity: true)
            state.last = now
            return out
        }
        if let batch { write(batch) }
    }

    /// One request's line: time, method, path, status and duration.
    func line(method: String, path: String, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        append("\(timestamp()) \(method) \(path.split(separator: "?", maxSplits: 1).first ?? "") \(status) \(micros)µs")
    }

    /// The time now, to the second, in ISO 8601.
    func timestamp() -> String {
        let now = Date()
        let second = Int(now.timeIntervalSince1970)
        return clock.withLock { cached in
            if cached.second != second { cached = (second, now.formatted(.iso8601)) }
            return cached.text
        }
    }

    /// Writes what is waiting (on a timer, and at shutdown).
    func flush() {
        let batch = buffer.withLock { state -> [UInt8] in
            let out = state.bytes
            state.bytes.removeAll(keepingCapacity: true)
            state.last = Date()
            return out
        }
        if !batch.isEmpty { write(batch) }
    }

    private func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }
}

/// One line per request: time, method, path, status and duration.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let writer: AccessLogWriter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, status: response.status.code, since: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(request, status: status, since: start)
            throw error
        }
    }

    func log(_ request: Request, status: Int, since start: ContinuousClock.Instant) {
        writer.line(method: "\(request.method)", path: request.uri.path, status: status, since: start)
    }
}

/// Writes the access log lines still waiting in memory (the service calls it on a timer and when it stops).
public func flushAccessLog() {
    AccessLogWriter.standardOutput.flush()
}
