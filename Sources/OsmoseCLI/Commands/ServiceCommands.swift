import ArgumentParser
import Foundation
import Hummingbird
import OsmoseDomain
import OsmoseStorage
import OsmoseWeb

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the campaign page, the team's pages and the JSON API.",
        discussion: "Binds 127.0.0.1 unless --host says otherwise. Stops gracefully on SIGINT or SIGTERM.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The address to bind.") var host = "127.0.0.1"
    @Option(help: "The port.") var port = 8080
    @Flag(help: "No log line per request (errors are still logged).") var quiet = false

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port \(port) is not a port (1 to 65535)") }
    }

    func run() async throws {
        let production = try global.open()
        let site = try await Site(production: production, pinnedToday: try Clock.pinned())
        let shown = host == "0.0.0.0" || host == "::" ? "localhost" : host
        let serving = "Osmose is serving “\(try production.ledger.settings().title)” at http://\(shown):\(port)/  (Ctrl-C to stop)"
        // Said once the port is bound: a port already taken is reported instead.
        let app = buildApplication(site: site, host: host, port: port, accessLog: !quiet) {
            Console.line(serving)
            Console.flush()
        }
        let flusher = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                flushAccessLog()
            }
        }
        defer {
            flusher.cancel()
            flushAccessLog()
        }
        do {
            try await app.runService()
        } catch where isAddressInUse(error) {
            throw InputError("cannot serve at \(host) port \(port): the port is already in use (stop what listens there, or give another --port)")
        }
    }
}

struct NewsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "news", abstract: "News posts on the campaign page.", subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Post news on the campaign page.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The title.") var title: String
        @Option(help: "The text.") var body: String

        func run() throws {
            let id = try global.open().ledger.addNews(NewsPost(title: title, body: body, publishedAt: Date()))
            Console.line("Posted news #\(id): “\(title)”.")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the news, newest first.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let news = try global.open(readOnly: true).ledger.news()
            if json { return try Console.json(news) }
            Console.table(["#", "PUBLISHED", "TITLE"], news.map { ["\($0.id ?? 0)", $0.publishedAt.formatted(.iso8601), $0.title] })
        }
    }
}

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Tokens for the team's pages and the API.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", 
            abstract: "Make a token; it is printed once, as the last line, and kept only as its SHA-256.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Whose token it is.") var name: String
        @Option(help: "director, producer or viewer.") var role: String

        func run() throws {
            let role = try TeamRole(parsing: role)
            let token = TeamTokens.generate()
            try global.open().ledger.createToken(name: name, role: role, sha256: TeamTokens.hash(token))
            Console.line("Token “\(name)” (\(role.rawValue)) created. It is shown only now; keep it safe:")
            Console.line(token)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the tokens (never the tokens themselves).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            Console.table(["NAME", "ROLE", "CREATED", "STATE"], try global.open(readOnly: true).ledger.tokens().map {
                [$0.name, $0.role.rawValue, $0.createdAt.formatted(.iso8601), $0.revoked ? "revoked" : "active"]
            })
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token and end its sessions.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String

        func run() throws {
            try global.open().ledger.revokeToken(name: name)
            Console.line("Token “\(name)” revoked.")
        }
    }
}

struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Write the public pages (both languages), campaign.json and campaign.svg as static files into DIR.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The folder to write into (made if missing).") var dir: String

    func run() async throws {
        let production = try global.open(readOnly: true)
        let site = try await Site(production: production, pinnedToday: try Clock.pinned())
        let folder = MoneyContext.file(dir)
        let files: [String]
        do {
            files = try site.publish(to: folder)
        } catch let error as CocoaError {
            throw LedgerError.io("cannot write into \(folder.path.quoted): \(error.localizedDescription)")
        }
        Console.line("Published \(files.count) files to \(folder.path): \(files.joined(separator: ", "))")
    }
}
