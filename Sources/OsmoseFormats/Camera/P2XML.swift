import Foundation
import OsmoseDomain

/// One Panasonic P2 clip as its `CONTENTS/CLIP/NAME.XML` describes it (root `<P2Main>`).
///
/// A recording longer than a file may hold is spanned over several clips, each with its own
/// XML and MXF files; `<Relation><Connection>` links them: `<Top>` names the first clip of
/// the recording, `<Previous>` and `<Next>` its neighbours, each by `<GlobalClipID>` and/or
/// `<ClipName>`. `<OffsetInShot>` is the clip's first frame within the recording.
public struct P2Clip: Sendable, Equatable {
    /// A reference to another clip of the same recording.
    public struct Link: Sendable, Equatable, Hashable {
        public var globalClipID: String?
        public var clipName: String?

        public init(globalClipID: String? = nil, clipName: String? = nil) {
            self.globalClipID = globalClipID
            self.clipName = clipName
        }
    }

    /// The six-character clip name; the video file is `CONTENTS/VIDEO/NAME.MXF`.
    public var clipName: String
    public var globalClipID: String?
    /// This file's own figures (duration in frames of its edit unit).
    public var metadata: ClipMetadata
    public var offsetInShot: Int?
    public var top: Link?
    public var previous: Link?
    public var next: Link?

    public init(
        clipName: String, globalClipID: String? = nil, metadata: ClipMetadata, offsetInShot: Int? = nil,
        top: Link? = nil, previous: Link? = nil, next: Link? = nil
    ) {
        self.clipName = clipName
        self.globalClipID = globalClipID
        self.metadata = metadata
        self.offsetInShot = offsetInShot
        self.top = top
        self.previous = previous
        self.next = next
    }

    /// The video file of the clip, relative to the card: `CONTENTS/VIDEO/NAME.MXF`.
    public var videoPath: String { "CONTENTS/VIDEO/\(clipName).MXF" }

    /// Whether the clip is one part of a recording spanned over several clips.
    public var isSpanned: Bool { previous != nil || next != nil }

    func refers(to link: Link) -> Bool {
        if let id = link.globalClipID, let own = globalClipID { return id == own }
        if let name = link.clipName { return name == clipName }
        return false
    }
}

/// Reads P2 clip XML and puts spanned clips back together.
///
/// The rate is the `<EditUnit>` (`1/25`, `1001/30000`), in which `<Duration>` counts; the
/// video's `<FrameRate>` stands in when the edit unit is missing. Drop-frame comes from
/// `<DropFrameFlag>` or a `;` in `<StartTimecode>`, which is read at the clip's rate.
/// `captureRate` is `<FrameRate>` when it differs from the edit unit's rate (variable
/// frame rate recording).
public enum P2ClipXML {
    /// The reader's name in `ClipMetadata.source`.
    public static let source = "p2-xml"

    /// Reads one clip XML; `name` names the file in messages.
    public static func read(_ data: Data, name: String) throws(InputError) -> P2Clip {
        try read(SidecarXML.parse(data, name: name), name: name)
    }

    static func read(_ root: SidecarElement, name: String) throws(InputError) -> P2Clip {
        guard root.name == "P2Main", let content = root.child("ClipContent") else {
            throw InputError(
                "\(name):\(root.line): root element <\(root.name)> is not a P2 clip (<P2Main> with <ClipContent>)")
        }
        guard let clipName = content.child("ClipName")?.value else {
            throw InputError("\(name):\(content.line): the clip has no <ClipName>")
        }
        guard clipName.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw InputError("\(name):\(content.line): ClipName \(clipName.quoted) is not a P2 clip name")
        }
        var meta = ClipMetadata(source: source)
        let video = content.path("EssenceList", "Video")

        let startText = video?.child("StartTimecode")?.value
        let dropFlag = video?.child("DropFrameFlag")?.value?.lowercased()
        let dropFrame = dropFlag == "true" || dropFlag == "1" || (startText?.contains(";") ?? false)

        let frameRateText = video?.child("FrameRate")?.value
        let frameRate = frameRateText.flatMap(CameraValues.rate(text:))
        var editRate: (numerator: Int, denominator: Int)?
        if let unit = content.child("EditUnit") {
            guard let text = unit.value, let rate = CameraValues.rate(editUnit: text) else {
                throw InputError(
                    "\(name):\(unit.line): EditUnit \((unit.value ?? "").quoted) is not a frame duration such as 1/25 or 1001/30000"
                )
            }
            editRate = rate
        } else {
            editRate = frameRate
        }
        if let editRate {
            meta.rate = CameraValues.frameRate(
                numerator: editRate.numerator, denominator: editRate.denominator, dropFrame: dropFrame)
            if meta.rate == nil {
                throw InputError(
                    "\(name):\(content.line): a clip at \(editRate.numerator)/\(editRate.denominator) frames a second\(dropFrame ? " with drop-frame" : "") is not at a rate Osmose knows"
                )
            }
            if let frameRate, let frameRateText,
                frameRate.numerator * editRate.denominator != editRate.numerator * frameRate.denominator
            {
                meta.captureRate = frameRateText
            }
        }
        let durationElement = content.child("Duration")
        meta.durationFrames = try CameraValues.count(
            durationElement?.value, field: "Duration", name: name,
            line: durationElement?.line ?? content.line)
        if let startText, let rate = meta.rate {
            do {
                meta.startTimecode = try Timecode(parsing: startText, rate: rate)
            } catch {
                throw InputError(
                    "\(name):\(video?.child("StartTimecode")?.line ?? content.line): StartTimecode: \(error.message)")
            }
        }
        meta.codec = video?.child("Codec")?.value

        let clipMeta = content.child("ClipMetadata")
        if let creation = clipMeta?.path("Access", "CreationDate") ?? clipMeta?.path("Shoot", "StartDate"),
            let text = creation.value
        {
            guard let date = CameraValues.date(text) else {
                throw InputError("\(name):\(creation.line): CreationDate \(text.quoted) is not a date")
            }
            meta.created = date
        }
        let device = clipMeta?.child("Device")
        meta.manufacturer = device?.child("Manufacturer")?.value
        meta.cameraModel = device?.child("ModelName")?.value
        meta.cameraSerial = device?.child("SerialNo.")?.value ?? device?.child("SerialNo")?.value

        let relation = content.child("Relation")
        let connection = relation?.child("Connection")
        func link(_ element: SidecarElement?) -> P2Clip.Link? {
            guard let element else { return nil }
            let link = P2Clip.Link(
                globalClipID: element.child("GlobalClipID")?.value, clipName: element.child("ClipName")?.value)
            return link.globalClipID == nil && link.clipName == nil ? nil : link
        }
        let offsetElement = relation?.child("OffsetInShot")
        return P2Clip(
            clipName: clipName,
            globalClipID: content.child("GlobalClipID")?.value,
            metadata: meta,
            offsetInShot: try CameraValues.count(
                offsetElement?.value, field: "OffsetInShot", name: name, line: offsetElement?.line ?? 0),
            top: link(connection?.child("Top")),
            previous: link(connection?.child("Previous")),
            next: link(connection?.child("Next"))
        )
    }

    /// Puts the clips of a card into recordings: every spanned recording's clips in order,
    /// each other clip alone. Groups come in the order of their first clip's name.
    ///
    /// Clips are ordered by following `<Next>` from the recording's first clip; clips not
    /// reached that way (a link naming a clip on another card) follow by `<OffsetInShot>`.
    public static func group(_ clips: [P2Clip]) -> [[P2Clip]] {
        func key(of clip: P2Clip) -> String { clip.globalClipID.map { "id:" + $0 } ?? "name:" + clip.clipName }
        func resolve(_ link: P2Clip.Link) -> P2Clip? { clips.first { $0.refers(to: link) } }
        func groupKey(_ clip: P2Clip) -> String {
            guard let top = clip.top else { return key(of: clip) }
            if let found = resolve(top) { return key(of: found) }
            return top.globalClipID.map { "id:" + $0 } ?? "name:" + (top.clipName ?? clip.clipName)
        }
        var groups: [String: [P2Clip]] = [:]
        var order: [String] = []
        for clip in clips {
            let k = groupKey(clip)
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(clip)
        }
        let ordered = order.compactMap { groups[$0] }.map(orderWithin)
        return ordered.sorted { ($0.first?.clipName ?? "") < ($1.first?.clipName ?? "") }
    }

    private static func orderWithin(_ members: [P2Clip]) -> [P2Clip] {
        guard members.count > 1 else { return members }
        let byOffset = members.sorted {
            ($0.offsetInShot ?? Int.max, $0.clipName) < ($1.offsetInShot ?? Int.max, $1.clipName)
        }
        func isHere(_ link: P2Clip.Link) -> Bool { members.contains { $0.refers(to: link) } }
        // The first clip: the one the clips call Top, else the first whose Previous is not here.
        let start =
            byOffset.first { clip in members.contains { $0.top.map(clip.refers(to:)) ?? false } }
            ?? byOffset.first { $0.previous.map { !isHere($0) } ?? true }
            ?? byOffset[0]
        var chain = [start]
        var seen: Set<String> = [start.clipName]
        var current = start
        while let next = current.next, let found = members.first(where: { $0.refers(to: next) }),
            !seen.contains(found.clipName)
        {
            chain.append(found)
            seen.insert(found.clipName)
            current = found
        }
        return chain + byOffset.filter { !seen.contains($0.clipName) }
    }

    /// One recording's figures: the first clip's, with the whole recording's duration and, when
    /// it is spanned, its video files in order (`CONTENTS/VIDEO/NAME.MXF`, relative to the card).
    public static func recording(_ members: [P2Clip]) -> ClipMetadata? {
        guard let first = members.first else { return nil }
        var meta = first.metadata
        guard members.count > 1 else { return meta }
        let durations = members.map(\.metadata.durationFrames)
        meta.durationFrames = durations.contains(nil) ? nil : durations.compactMap { $0 }.reduce(0, +)
        meta.spannedFiles = members.map(\.videoPath)
        return meta
    }

    /// Every recording on a card from all its clip XMLs: spanned clips become one.
    public static func recordings(_ clips: [P2Clip]) -> [ClipMetadata] {
        group(clips).compactMap(recording)
    }
}
