import Foundation
import Hummingbird
import Mustache
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage
import Synchronization

/// What every request shares: the production, its templates, the budget files (re-read when
/// they change on disk) and the rendered public pages (kept for at most a second, and dropped as
/// soon as anything is committed to the ledger, by the service or by another process).
public final class Site: Sendable {
    public let production: ProductionFolder
    let templates: MustacheLibrary
    let settings: ProductionSettings
    /// The injectable clock: a pinned day (OSMOSE_TODAY), else today in the production's time zone.
    let pinnedToday: LocalDate?
    private let budgetState = Mutex<BudgetState>(BudgetState())
    private let pageCache = Mutex<PageCache>(PageCache())
    /// Tells of every commit to the ledger, whoever makes it: a kept page is never served across one.
    private let ledgerWatch: LedgerWatch?
    /// The ledger's version as last asked, and when.
    private let versionMemo = Mutex<(at: ContinuousClock.Instant, version: LedgerWatch.Version)?>(nil)

    /// The public pages kept rendered, and a counter bumped by every write through the service.
    struct PageCache {
        var pages: [PageKey: CachedPage] = [:]
        var revision = 0
    }

    struct BudgetState {
        var set = BudgetSet(budgets: [], problems: [])
        var signature: [String] = ["never read"]
        var checked = Date.distantPast
    }

    struct CachedPage {
        var page: Page
        /// When the ledger and the budget were last seen unchanged for this page.
        var checked: Date
        var revision: Int
        /// The ledger's version when the page was last checked.
        var version: LedgerWatch.Version?
        var stamp: String
        /// A request is rebuilding it: the others keep serving this copy meanwhile.
        var refreshing: Bool
    }

    /// Every template the service renders; all must be there at start-up.
    static let templateNames = [
        "layout", "campaign", "premiere", "error", "login", "dashboard", "pledges", "expenses", "shoots", "people", "releases", "logs",
    ]

    public init(production: ProductionFolder, pinnedToday: LocalDate? = nil) async throws {
        self.production = production
        self.settings = try production.ledger.settings()
        self.pinnedToday = pinnedToday
        self.ledgerWatch = try? production.ledger.watch()
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Templates").path else {
            throw WebError.setup("the page templates are missing from the build")
        }
        let library = try await MustacheLibrary(directory: folder)
        // A missing folder or file gives an empty library, not an error: check each one.
        for name in Self.templateNames where library.getTemplate(named: name) == nil {
            throw WebError.setup("the page template \(name).mustache is missing")
        }
        templates = library
    }

    /// Who the request being answered acts for, as the journal names them (set by the sign-in middlewares).
    @TaskLocal static var actor: String?

    /// The ledger, journaling changes under the request's team member (or “service”).
    public var ledger: Ledger { production.ledger.acting(as: Site.actor ?? "service") }

    var today: LocalDate { settings.today(pinned: pinnedToday) }

    /// The budget versions, re-read when a file in budgets/ was added, removed or changed (checked
    /// at most once a second).
    func budgets() -> BudgetSet {
        budgetState.withLock { state in
            let now = Date()
            guard now.timeIntervalSince(state.checked) >= 1 else { return state.set }
            state.checked = now
            let signature = Self.signature(of: production.budgetsURL)
            if signature != state.signature {
                state.set = BudgetFile.readFolder(production.budgetsURL)
                state.signature = signature
            }
            return state.set
        }
    }

    static func signature(of folder: URL) -> [String] {
        let fm = FileManager.default
        let names = ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".toml") }.sorted()
        return names.map { name in
            let attributes = try? fm.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(name) \(modified) \(attributes?[.size] as? Int ?? -1)"
        }
    }

    /// The current budget, or a sentence saying why there is none.
    func currentBudget() throws -> Budget {
        let set = budgets()
        let budget = try set.current()
        if let problem = set.problems.first(where: { $0.file == budget.file }) {
            throw InputError("\(problem); see “osmose budget check”")
        }
        return budget
    }

    /// The campaign's figures today.
    func figures(_ budget: Budget) throws -> CampaignFigures? {
        try budget.campaign.map { try ledger.campaignFigures($0, today: today) }
    }

    // MARK: - Rendered pages

    /// A rendered public page from the cache, or freshly built. A copy is checked against the ledger
    /// at most once a second, and at once after any commit to the ledger (the ledger's version,
    /// asked on every request, says so); it is rebuilt only when something changed, by one request,
    /// while the others keep serving the copy they have.
    func cached(_ key: PageKey, build: () throws -> Page) throws -> Page {
        let now = Date()
        let version = ledgerVersion()
        enum Decision { case serve(Page), check(CachedPage?, Int) }
        let decision: Decision = pageCache.withLock { cache in
            guard var hit = cache.pages[key] else { return .check(nil, cache.revision) }
            let fresh = Self.isFresh(hit, revision: cache.revision, version: version, now: now)
            if fresh || hit.refreshing { return .serve(hit.page) }
            hit.refreshing = true
            cache.pages[key] = hit
            return .check(hit, cache.revision)
        }
        switch decision {
        case .serve(let page):
            return page
        case .check(let previous, let current):
            do {
                let stamp = try ledgerStamp()
                if let previous, previous.stamp == stamp {
                    pageCache.withLock { cache in
                        cache.pages[key]?.checked = now
                        cache.pages[key]?.revision = current
                        cache.pages[key]?.version = version
                        cache.pages[key]?.refreshing = false
                    }
                    return previous.page
                }
                let page = try build()
                pageCache.withLock {
                    $0.pages[key] = CachedPage(page: page, checked: now, revision: current, version: version, stamp: stamp, refreshing: false)
                }
                return page
            } catch {
                pageCache.withLock { $0.pages[key]?.refreshing = false }
                throw error
            }
        }
    }

    /// The kept copy of a page if it needs no check yet (the fast path of the service).
    func current(_ key: PageKey) -> Page? {
        let now = Date()
        let version = ledgerVersion()
        return pageCache.withLock { cache in
            guard let hit = cache.pages[key] else { return nil }
            return Self.isFresh(hit, revision: cache.revision, version: version, now: now) || hit.refreshing ? hit.page : nil
        }
    }

    /// Whether a kept page may be served without a check: nothing committed since it was checked,
    /// a second ago at most (for the budget files and the day, which are not in the ledger).
    static func isFresh(_ page: CachedPage, revision: Int, version: LedgerWatch.Version?, now: Date) -> Bool {
        page.revision == revision && version != nil && page.version == version && now.timeIntervalSince(page.checked) < 1
    }

    /// The ledger's version now; nil when it cannot be read (every page is checked then).
    ///
    /// Asked at most once a millisecond: the busiest pages are answered tens of thousands of times
    /// a second, and the watch's one connection would make every request wait its turn. A commit
    /// is seen within that millisecond, whoever made it.
    func ledgerVersion() -> LedgerWatch.Version? {
        guard let ledgerWatch else { return nil }
        let now = ContinuousClock.now
        if ledgerWatch.isSeparate, let memo = versionMemo.withLock({ $0 }), now - memo.at < .milliseconds(1) { return memo.version }
        guard let version = try? ledgerWatch.version() else { return nil }
        versionMemo.withLock { $0 = (now, version) }
        return version
    }

    /// What the public pages depend on, summed up cheaply: pledges, news, screenings, the budget files.
    func ledgerStamp() throws -> String {
        try ledger.publicStamp() + "|" + budgetSignature() + "|" + today.description
    }

    func budgetSignature() -> String {
        _ = budgets()
        return budgetState.withLock { $0.signature.joined(separator: ";") }
    }

    /// Something was written through the service: public pages are rebuilt on their next request.
    func changed() {
        pageCache.withLock { $0.revision += 1 }
    }

    /// Every string a template is given has the characters the text rule refuses (controls, escape
    /// sequences, bidirectional overrides) written out, as listings do on a terminal: a value stored
    /// before the rule, or by another tool, never reaches a page raw.
    func render(_ template: String, _ object: Any) -> String {
        templates.render(Self.visible(object), withTemplate: template) ?? ""
    }

    static func visible(_ value: Any) -> Any {
        switch value {
        case let text as String: TextField.visible(text, keepingLines: true)
        case let object as [String: Any]: object.mapValues(visible)
        case let list as [Any]: list.map(visible)
        default: value
        }
    }
}

/// The public pages the service keeps rendered.
enum PageKey: Hashable, Sendable {
    case campaign(Language), premiere(Language), badge(Language), json
}

/// A page ready to send: its bytes, their ETag, and the headers of its 200 and 304 answers.
struct Page: Sendable {
    let body: ByteBuffer
    let etag: String
    let headers: HTTPFields
    let notModifiedHeaders: HTTPFields

    init(_ text: String, contentType: String, cacheControl: String = "public, max-age=5", extraHeaders: HTTPFields = [:]) {
        body = ByteBuffer(string: text)
        etag = "\"" + Self.fnv1a(text) + "\""
        var headers: HTTPFields = [.eTag: etag, .cacheControl: cacheControl, .vary: "Accept-Language"]
        headers.append(contentsOf: extraHeaders)
        headers.append(contentsOf: SecurityHeaders.publicFields)
        notModifiedHeaders = headers
        headers[.contentType] = contentType
        self.headers = headers
    }

    /// A stable 64-bit FNV-1a of the text, in hex: the same page gives the same ETag in every process.
    static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }

    /// The page, or 304 when the client already holds this version.
    func response(to request: Request) -> Response {
        if matches(request.headers[.ifNoneMatch]) { return Response(status: .notModified, headers: notModifiedHeaders) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    /// Whether an If-None-Match header names this version.
    func matches(_ ifNoneMatch: String?) -> Bool {
        guard let ifNoneMatch else { return false }
        return ifNoneMatch.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == etag || $0.trimmingCharacters(in: .whitespaces) == "*" }
    }
}

enum WebError: Error, CustomStringConvertible {
    case setup(String)

    var description: String {
        switch self {
        case .setup(let message): message
        }
    }
}
