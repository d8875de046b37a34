import Foundation
import Hummingbird
import Mustache
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage
import Synchronization

/// What every request shares: the production, its templates, the budget files (re-read when
/// they change on disk) and the rendered public pages (kept for at most a second, and dropped as
/// soon as the service itself writes).
public final class Site: Sendable {
    public let production: ProductionFolder
    let templates: MustacheLibrary
    let settings: ProductionSettings
    /// The injectable clock: a pinned day (OSMOSE_TODAY), else today in the production's time zone.
    let pinnedToday: LocalDate?
    private let budgetState = Mutex<BudgetState>(BudgetState())
    private let pageCache = Mutex<[String: CachedPage]>([:])
    private let revision = Mutex<Int>(0)

    struct BudgetState {
        var set = BudgetSet(budgets: [], problems: [])
        var signature: [String] = ["never read"]
        var checked = Date.distantPast
    }

    struct CachedPage {
        let page: Page
        let built: Date
        let revision: Int
    }

    /// Every template the service renders; all must be there at start-up.
    static let templateNames = [
        "layout", "campaign", "premiere", "error", "login", "dashboard", "pledges", "expenses", "shoots", "people", "releases", "logs",
    ]

    public init(production: ProductionFolder, pinnedToday: LocalDate? = nil) async throws {
        self.production = production
        self.settings = try production.ledger.settings()
        self.pinnedToday = pinnedToday
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

    public var ledger: Ledger { production.ledger }

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
        guard let campaign = budget.campaign else { return nil }
        let (groups, backers) = try ledger.pledgeGroups(upTo: today)
        return CampaignFigures(campaign: campaign, groups: groups, backers: backers, today: today)
    }

    // MARK: - Rendered pages

    /// A rendered public page from the cache, or freshly built.
    func cached(_ key: String, build: () throws -> Page) rethrows -> Page {
        let current = revision.withLock { $0 }
        let now = Date()
        if let hit = pageCache.withLock({ $0[key] }), hit.revision == current, now.timeIntervalSince(hit.built) < 1 {
            return hit.page
        }
        let page = try build()
        pageCache.withLock { $0[key] = CachedPage(page: page, built: now, revision: current) }
        return page
    }

    /// Something was written through the service: public pages are rebuilt on their next request.
    func changed() {
        revision.withLock { $0 += 1 }
    }

    func render(_ template: String, _ object: Any) -> String {
        templates.render(object, withTemplate: template) ?? ""
    }
}

/// A page ready to send: its bytes, their type and their ETag.
struct Page: Sendable {
    let body: ByteBuffer
    let contentType: String
    let etag: String
    let cacheControl: String

    init(_ text: String, contentType: String, cacheControl: String = "public, max-age=5") {
        body = ByteBuffer(string: text)
        self.contentType = contentType
        etag = "\"" + Self.fnv1a(text) + "\""
        self.cacheControl = cacheControl
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
    func response(to request: Request, extraHeaders: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.eTag: etag, .cacheControl: cacheControl, .vary: "Accept-Language"]
        headers.append(contentsOf: extraHeaders)
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag || $0 == "*" }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
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
