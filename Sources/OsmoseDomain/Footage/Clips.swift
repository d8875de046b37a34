import Foundation

/// A camera card as ingested: where it came from, what it holds, and the copies made of it.
public struct Card: Sendable, Equatable {
    /// A managed folder holding the card (a copy, or the card itself) and its ASC MHL history.
    public struct Copy: Sendable, Equatable {
        public enum State: String, Sendable, Codable {
            /// Every file was read back and matched when the generation was written, or at the last verify.
            case verified
            /// The last verify found a missing, changed or new file, or an edited manifest.
            case failed
        }

        public var path: String
        public var generation: String
        public var state: State
        public var checkedAt: Date
        /// What the last check found wrong, one line each.
        public var problems: [String]

        public init(path: String, generation: String, state: State, checkedAt: Date, problems: [String] = []) {
            self.path = path
            self.generation = generation
            self.state = state
            self.checkedAt = checkedAt
            self.problems = problems
        }
    }

    public var name: String
    public var shoot: LocalDate
    public var camera: String
    public var source: String
    public var algorithms: [String]
    public var files: Int
    public var bytes: Int64
    public var ingestedAt: Date
    public var author: String?
    public var copies: [Copy]

    public init(name: String, shoot: LocalDate, camera: String, source: String, algorithms: [String], files: Int, bytes: Int64,
                ingestedAt: Date, author: String? = nil, copies: [Copy] = []) {
        self.name = name
        self.shoot = shoot
        self.camera = camera
        self.source = source
        self.algorithms = algorithms
        self.files = files
        self.bytes = bytes
        self.ingestedAt = ingestedAt
        self.author = author
        self.copies = copies
    }

    /// Verified when every copy is.
    public var verified: Bool { !copies.isEmpty && copies.allSatisfy { $0.state == .verified } }
}

/// One clip of a card, with what its camera said and who and where is in it.
public struct Clip: Sendable, Equatable {
    public var card: String
    /// The media file's path on the card (`XDROOT/Clip/C0001.MP4`).
    public var path: String
    public var size: Int64
    public var hashes: [String: String]
    public var shoot: LocalDate
    public var camera: String
    public var metadata: ClipMetadata
    public var persons: [String]
    /// The space tagged on the clip, else its shooting day's first space.
    public var space: String?

    public init(card: String, path: String, size: Int64, hashes: [String: String], shoot: LocalDate, camera: String,
                metadata: ClipMetadata, persons: [String] = [], space: String? = nil) {
        self.card = card
        self.path = path
        self.size = size
        self.hashes = hashes
        self.shoot = shoot
        self.camera = camera
        self.metadata = metadata
        self.persons = persons
        self.space = space
    }

    /// The file name without folders (`C0001.MP4`).
    public var fileName: String { CutMatcher.lastComponent(path) }
    /// The name editors see: the file name without its extension (`C0001`).
    public var name: String { Self.baseName(path) }

    /// A path's last component without its extension.
    public static func baseName(_ path: String) -> String {
        CutMatcher.withoutExtension(CutMatcher.lastComponent(path))
    }
    /// How Osmose names the clip on the command line: `A001/C0001`.
    public var reference: String { card + "/" + name }

    /// Whether a timecode of the clip's own falls inside it (when its start and length are known).
    public func contains(_ timecode: Timecode) -> Bool {
        guard let start = metadata.startTimecode, let length = metadata.durationFrames else { return true }
        let offset = (timecode.frame - start.frame + start.rate.framesPerDay) % start.rate.framesPerDay
        return timecode.rate == start.rate && offset < max(length, 1)
    }
}

/// Matches an editor's events to indexed clips: by path, then by clip name, then by reel and timecode.
public struct CutMatcher: Sendable {
    public enum Method: String, Sendable, Codable { case path, name, reel }

    private let clips: [Clip]
    private var byPath: [String: [Int]] = [:]
    private var byName: [String: [Int]] = [:]
    private var byReel: [String: [Int]] = [:]

    public init(clips: [Clip]) {
        self.clips = clips
        for (i, clip) in clips.enumerated() {
            byPath[Self.key(clip.path), default: []].append(i)
            byName[Self.key(clip.fileName), default: []].append(i)
            byName[Self.key(clip.name), default: []].append(i)
            byReel[Self.key(clip.card), default: []].append(i)
        }
    }

    static func key(_ text: String) -> String { text.lowercased() }

    /// The clip an event shows and how it was found, or nil.
    public func match(_ event: CutTimeline.Event) -> (clip: Clip, method: Method)? {
        guard !clips.isEmpty else { return nil }
        let path = event.path.map(Self.mediaPath)
        let file = path.map(Self.lastComponent)
        // A path can only match a clip of the same file name: most events of a long cut are settled here.
        if let path, let file, byName[Self.key(file)] != nil, let hit = matchPath(path) { return (hit, .path) }
        for name in [event.clipName, file].compactMap({ $0 }) {
            let exact = byName[Self.key(name)], bare = byName[Self.key(Self.withoutExtension(name))]
            if exact == nil && bare == nil { continue }
            let candidates = Set(exact ?? []).union(bare ?? [])
            if let hit = unique(candidates.sorted(), event) { return (hit, .name) }
        }
        if let reel = event.reel {
            let candidates = (byReel[Self.key(reel)] ?? []).filter { clips[$0].contains(event.sourceIn) }
            if let hit = unique(candidates, event) { return (hit, .reel) }
        }
        return nil
    }

    /// A path from the editor ends with the card-relative path of a clip: `/Volumes/RAID/A001/XDROOT/Clip/C0001.MP4`.
    private func matchPath(_ path: String) -> Clip? {
        let parts = path.lowercased().split(separator: "/").map(String.init)
        // The longest card-relative suffix that names exactly one clip, the card folder included when it is there.
        for start in parts.indices {
            let suffix = parts[start...].joined(separator: "/")
            if let hits = byPath[suffix] {
                if hits.count == 1 { return clips[hits[0]] }
                if start > 0, let card = Optional(parts[start - 1]) {
                    let onCard = hits.filter { Self.key(clips[$0].card) == card }
                    if onCard.count == 1 { return clips[onCard[0]] }
                }
                return nil
            }
        }
        return nil
    }

    /// One candidate, or among several the one whose timecode holds the event's source range.
    private func unique(_ candidates: [Int], _ event: CutTimeline.Event) -> Clip? {
        if candidates.count == 1 { return clips[candidates[0]] }
        let holding = candidates.filter { clips[$0].contains(event.sourceIn) && clips[$0].metadata.startTimecode != nil }
        return holding.count == 1 ? clips[holding[0]] : nil
    }

    static func mediaPath(_ text: String) -> String {
        var path = text
        if path.hasPrefix("file://") {
            path = String(path.dropFirst("file://".count))
            if path.hasPrefix("localhost/") { path = String(path.dropFirst("localhost".count)) }
        }
        guard path.utf8.contains(UInt8(ascii: "%")) else { return path }
        return path.removingPercentEncoding ?? path
    }

    static func lastComponent(_ path: String) -> String {
        guard let slash = path.lastIndex(where: { $0 == "/" || $0 == "\\" }) else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func withoutExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}

/// An event of a cut as the ledger keeps it: matched to a clip or not.
public struct CutEvent: Sendable, Equatable {
    public var event: CutTimeline.Event
    /// `A001/C0001` when matched.
    public var clip: String?
    public var method: CutMatcher.Method?
    public var persons: [String]
    public var space: String?

    public init(event: CutTimeline.Event, clip: String? = nil, method: CutMatcher.Method? = nil, persons: [String] = [],
                space: String? = nil) {
        self.event = event
        self.clip = clip
        self.method = method
        self.persons = persons
        self.space = space
    }
}

/// A cut read back: its events, matched or not.
public struct Cut: Sendable, Equatable {
    public var name: String
    public var format: String
    public var source: String
    public var rate: FrameRate
    public var importedAt: Date
    public var events: [CutEvent]

    public init(name: String, format: String, source: String, rate: FrameRate, importedAt: Date, events: [CutEvent]) {
        self.name = name
        self.format = format
        self.source = source
        self.rate = rate
        self.importedAt = importedAt
        self.events = events
    }

    public var unmatched: [CutEvent] { events.filter { $0.clip == nil } }
}

/// Whether a cut may be shown for a usage: every person and space in it cleared.
public struct ReleaseGate: Sendable {
    public struct Appearance: Sendable, Equatable {
        public var event: Int
        public var clip: String
        public var recordIn: Timecode
        public var recordOut: Timecode
    }

    public struct Subject: Sendable {
        public var clearance: Clearance
        public var appearances: [Appearance]
        public var cleared: Bool { clearance.cleared }
    }

    public var usage: Usage
    public var territory: Territory
    public var date: LocalDate
    /// Every subject appearing in the cut, uncleared ones first, then by first appearance.
    public var subjects: [Subject]
    /// Events matched to no clip: nobody can say who or where they show.
    public var unmatched: [CutEvent]
    /// Matched events whose clip has nobody tagged.
    public var untagged: [CutEvent]

    public var cleared: Bool { unmatched.isEmpty && subjects.allSatisfy(\.cleared) }

    /// Gathers the subjects of `cut` and evaluates each with `clearance`.
    public init(cut: Cut, usage: Usage, territory: Territory, on date: LocalDate,
                clearance: (ReleaseSubject) -> Clearance) {
        self.usage = usage
        self.territory = territory
        self.date = date
        var order: [ReleaseSubject] = []
        var appearances: [ReleaseSubject: [Appearance]] = [:]
        for item in cut.events {
            guard let clip = item.clip else { continue }
            let appearance = Appearance(event: item.event.number, clip: clip, recordIn: item.event.recordIn, recordOut: item.event.recordOut)
            let subjects = item.persons.map(ReleaseSubject.person) + (item.space.map { [ReleaseSubject.space($0)] } ?? [])
            for subject in subjects {
                if appearances[subject] == nil { order.append(subject) }
                appearances[subject, default: []].append(appearance)
            }
        }
        let all = order.map { Subject(clearance: clearance($0), appearances: appearances[$0] ?? []) }
        subjects = all.filter { !$0.cleared } + all.filter(\.cleared)
        unmatched = cut.unmatched
        untagged = cut.events.filter { $0.clip != nil && $0.persons.isEmpty }
    }
}
