import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTPTypes
import Synchronization

/// Answers a GET for a public page whose rendered copy is current right on the connection's event
/// loop, without handing the request to the asynchronous router: the busiest requests of the
/// service cost the least. Anything else passes through untouched. NIO's pipelining assistant,
/// earlier in the pipeline, keeps responses in request order.
final class CachedPageHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let site: Site
    let log: AccessLogWriter?
    /// The answer to write once the request it answers has been read to its end.
    private var pending: (response: HTTPResponse, body: ByteBuffer?, method: String, path: String, start: ContinuousClock.Instant)?

    init(site: Site, log: AccessLogWriter?) {
        self.site = site
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            let start = ContinuousClock.now
            if head.method == .get || head.method == .head, let target = head.path, head.headerFields[.connection]?.lowercased() != "close",
               let key = PublicController.key(path: target, headers: head.headerFields), let page = site.current(key) {
                let notModified = page.matches(head.headerFields[.ifNoneMatch])
                var fields = notModified ? page.notModifiedHeaders : page.headers
                fields[.date] = HTTPDate.now()
                fields[.server] = "osmose"
                if !notModified { fields[.contentLength] = String(page.body.readableBytes) }
                pending = (HTTPResponse(status: notModified ? .notModified : .ok, headerFields: fields),
                           notModified || head.method == .head ? nil : page.body, head.method.rawValue, target, start)
                return
            }
            context.fireChannelRead(data)
        case .body:
            if pending == nil { context.fireChannelRead(data) }
        case .end:
            guard let answer = pending else { return context.fireChannelRead(data) }
            pending = nil
            context.write(wrapOutboundOut(.head(answer.response)), promise: nil)
            if let body = answer.body { context.write(wrapOutboundOut(.body(body)), promise: nil) }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            log?.line(method: answer.method, path: answer.path, status: answer.response.status.code, since: answer.start)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
    }
}

/// The `Date` header's value, made once a second.
enum HTTPDate {
    private static let cache = Mutex<(second: Int, text: String)>((-1, ""))

    static func now() -> String {
        let now = Date()
        let second = Int(now.timeIntervalSince1970)
        return cache.withLock { cached in
            if cached.second != second {
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = TimeZone(identifier: "GMT")
                formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
                cached = (second, formatter.string(from: now))
            }
            return cached.text
        }
    }
}
