import Foundation
import OsmoseDomain

/// The front door to camera clip metadata: which files of a card are clips, which sidecar
/// goes with each, and what they say.
///
/// Card layouts recognised by `clips(in:card:)`:
/// - Sony XAVC / XAVC S / XDCAM: `C0001.MP4` (or `.MXF`) with `C0001M01.XML` in the same folder.
/// - Panasonic P2: `CONTENTS/VIDEO/NAME.MXF` with `CONTENTS/CLIP/NAME.XML`; a recording spanned
///   over several clips is reported once, from its first clip, when the card can be read.
/// - Canon: `NAME.XML` or `NAMEM01.XML` next to the media; XF clip folders
///   (`AA0001/AA000101.MXF` with `AA0001/AA0001.XML`); a clip folder holding one media file and
///   one `…M01.XML`.
/// - Anything else: the media alone.
///
/// Proxies and thumbnails (`SUB`, `PROXY`, `THMBNL` folders), P2 audio files
/// (`CONTENTS/AUDIO`), hidden files and macOS `._` companions are not clips.
public enum CameraMetadata {
    /// The largest sidecar read: real ones are a few kilobytes.
    public static let sidecarLimit = 4 * 1024 * 1024

    static let videoExtensions: Set<String> = ["mp4", "mov", "m4v", "mxf", "mts", "m2ts", "crm", "braw", "r3d", "avi"]
    static let notClipFolders: Set<String> = ["sub", "proxy", "thmbnl", "thumbnail"]

    /// Whether `relativePath` names a camera video file (by its extension, without case).
    public static func isMedia(_ relativePath: String) -> Bool {
        let file = relativePath.lastIndex(of: "/").map { relativePath[relativePath.index(after: $0)...] } ?? relativePath[...]
        guard !file.isEmpty, !file.hasPrefix(".") else { return false }
        guard let dot = file.lastIndex(of: "."), videoExtensions.contains(file[file.index(after: dot)...].lowercased())
        else {
            return false
        }
        // P2 keeps each audio channel in its own MXF under CONTENTS/AUDIO.
        let upper = relativePath.split(separator: "/").map { $0.uppercased() }
        if let i = upper.lastIndex(of: "CONTENTS"), i + 1 < upper.count - 1, upper[i + 1] == "AUDIO" { return false }
        return true
    }

    /// The clips of a card, from the relative paths of its files: each clip's media, its
    /// sidecar when there is one, and the media files of a spanned recording in order (empty
    /// for a clip in one file), sorted by media path.
    ///
    /// Telling spanned P2 clips apart needs their XML: when `card` is given, the P2 clip XMLs
    /// listed are read from it (an unreadable one leaves its clip on its own; reading that
    /// clip later reports the problem).
    public static func clips(in relativePaths: [String], card: URL? = nil) -> [(
        media: String, sidecar: String?, spanned: [String]
    )] {
        var byLowercase: [String: String] = [:]
        for path in relativePaths { byLowercase[path.lowercased()] = path }
        func listed(_ path: String) -> String? { byLowercase[path.lowercased()] }

        let media = relativePaths.filter { path in
            isMedia(path)
                && !path.split(separator: "/").dropLast().contains { component in
                    component.hasPrefix(".") || notClipFolders.contains(component.lowercased())
                }
        }.sorted()

        var result: [(media: String, sidecar: String?, spanned: [String])] = []
        var covered: Set<String> = []

        // P2: clips grouped into recordings when the card can be read.
        if let card {
            let p2XMLs = relativePaths.filter { p2Contents(ofClipXML: $0) != nil }
            var byContents: [String: [(path: String, clip: P2Clip)]] = [:]
            for path in p2XMLs {
                guard let contents = p2Contents(ofClipXML: path), isSafe(path),
                    let data = try? SafeXML.read(card.appendingPathComponent(path), limit: sidecarLimit),
                    let clip = try? P2ClipXML.read(data, name: path)
                else { continue }
                byContents[contents, default: []].append((path, clip))
            }
            for (contents, entries) in byContents {
                for group in P2ClipXML.group(entries.map(\.clip)) where group.count > 1 {
                    let videos = group.map { listed(contents + $0.videoPath) ?? contents + $0.videoPath }
                    let sidecar = entries.first { $0.clip.clipName == group[0].clipName }?.path
                    result.append((videos[0], sidecar, videos))
                    covered.formUnion(videos.map { $0.lowercased() })
                }
            }
        }

        var mediaPerFolder: [String: Int] = [:]
        for path in media { mediaPerFolder[folder(of: path), default: 0] += 1 }

        for path in media where !covered.contains(path.lowercased()) {
            let dir = folder(of: path)
            let file = String(path.split(separator: "/").last ?? "")
            let stem = file.lastIndex(of: ".").map { String(file[..<$0]) } ?? file
            var candidates = [dir + stem + "M01.XML", dir + stem + ".XML"]
            if let contents = p2Contents(ofVideo: path) {
                candidates.insert(contents + "CONTENTS/CLIP/" + stem + ".XML", at: 0)
            }
            // Canon XF: AA0001/AA000101.MXF is described by AA0001/AA0001.XML.
            let folderName = String(dir.dropLast().split(separator: "/").last ?? "")
            if !folderName.isEmpty, stem.hasPrefix(folderName) {
                candidates.append(dir + folderName + ".XML")
            }
            var sidecar = candidates.lazy.compactMap(listed).first
            if sidecar == nil, mediaPerFolder[dir] == 1 {
                // A clip folder with one media file and one …M01.XML (Canon Cinema RAW Light).
                let xmls = relativePaths.filter { folder(of: $0) == dir && $0.uppercased().hasSuffix("M01.XML") }
                if xmls.count == 1 { sidecar = xmls[0] }
            }
            result.append((path, sidecar, []))
        }
        return result.sorted { $0.media < $1.media }
    }

    /// What the clip says: its sidecar when it has one, else the QuickTime/MP4 atoms of
    /// `.mov`, `.mp4` and `.m4v` files, else a `ClipMetadata` of source `none` with nothing known.
    ///
    /// A P2 clip that starts a spanned recording is read with the rest of the recording (the
    /// other clip XMLs of its `CLIP` folder): the whole duration, and `spannedFiles` relative to
    /// the card. A later clip of the recording reads as itself.
    /// Text the rule of `TextField` refuses (a control character in a camera model) is an error naming the file.
    public static func read(card: URL, media: String, sidecar: String?) throws -> ClipMetadata {
        let metadata = try unchecked(card: card, media: media, sidecar: sidecar)
        try checkText(metadata, file: sidecar ?? media)
        return metadata
    }

    static func checkText(_ metadata: ClipMetadata, file: String) throws(InputError) {
        do { try metadata.checkText() } catch { throw InputError("\(file): \(error.message)") }
    }

    static func unchecked(card: URL, media: String, sidecar: String?) throws -> ClipMetadata {
        try checkRelative(media)
        if let sidecar {
            try checkRelative(sidecar)
            let url = card.appendingPathComponent(sidecar)
            let root = try SidecarXML.parse(SafeXML.read(url, limit: sidecarLimit), name: sidecar)
            if root.name == "P2Main" {
                let clip = try P2ClipXML.read(root, name: sidecar)
                return try p2Recording(clip, sidecar: sidecar, card: card)
            }
            return try metadata(root, name: sidecar)
        }
        let lowered = media.lowercased()
        if lowered.hasSuffix(".mov") || lowered.hasSuffix(".mp4") || lowered.hasSuffix(".m4v") {
            return try QuickTimeReader.read(card.appendingPathComponent(media), name: media)
        }
        return ClipMetadata(source: "none")
    }

    /// Reads a sidecar of any kind Osmose knows, telling them apart by the root element:
    /// `NonRealTimeMeta` (Sony, or Canon when its device says so), `P2Main` (Panasonic,
    /// this file's own figures), or Canon clip XML.
    public static func readSidecar(_ url: URL) throws -> ClipMetadata {
        let name = url.path
        let root = try SidecarXML.parse(SafeXML.read(url, limit: sidecarLimit), name: name)
        let metadata = try metadata(root, name: name)
        try checkText(metadata, file: name)
        return metadata
    }

    static func metadata(_ root: SidecarElement, name: String) throws(InputError) -> ClipMetadata {
        switch root.name {
        case "NonRealTimeMeta":
            return try SonyClipXML.read(root, name: name)
        case "P2Main":
            return try P2ClipXML.read(root, name: name).metadata
        default:
            guard CanonClipXML.isCanon(root) else {
                throw InputError(
                    "\(name):\(root.line): root element <\(root.name)> is not a camera sidecar Osmose reads (Sony <NonRealTimeMeta>, Panasonic <P2Main> or Canon clip XML)"
                )
            }
            return try CanonClipXML.read(root, name: name)
        }
    }

    // MARK: - P2 recordings

    static func p2Recording(_ clip: P2Clip, sidecar: String, card: URL) throws -> ClipMetadata {
        guard clip.isSpanned, clip.previous == nil || clip.top.map(clip.refers(to:)) == true else {
            return clip.metadata
        }
        let clipFolder = folder(of: sidecar)
        let contents = folder(of: String(clipFolder.dropLast()))
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: card.appendingPathComponent(clipFolder).path)) ?? []
        var clips = [clip]
        // Siblings that cannot be read are left out: the recording is what can be read.
        for file in names.sorted().prefix(10_000) where file.lowercased().hasSuffix(".xml") {
            let path = clipFolder + file
            guard path != sidecar,
                let data = try? SafeXML.read(card.appendingPathComponent(path), limit: sidecarLimit),
                let sibling = try? P2ClipXML.read(data, name: path)
            else { continue }
            clips.append(sibling)
        }
        guard let group = P2ClipXML.group(clips).first(where: { $0.contains(clip) }), group.first == clip,
            var recording = P2ClipXML.recording(group)
        else { return clip.metadata }
        recording.spannedFiles = group.map { videoPath(contents: contents, clipName: $0.clipName, card: card) }
        return recording
    }

    /// `CONTENTS/VIDEO/NAME.MXF` under the card's `contents` folder, spelt as on the card.
    static func videoPath(contents: String, clipName: String, card: URL) -> String {
        let videoFolder =
            (try? FileManager.default.contentsOfDirectory(atPath: card.appendingPathComponent(contents).path))?
            .first { $0.uppercased() == "VIDEO" } ?? "VIDEO"
        let files =
            (try? FileManager.default.contentsOfDirectory(
                atPath: card.appendingPathComponent(contents + videoFolder).path)) ?? []
        let file = files.first { $0.uppercased() == clipName.uppercased() + ".MXF" } ?? clipName + ".MXF"
        return contents + videoFolder + "/" + file
    }

    // MARK: - Paths

    /// The folder part of a relative path, with its trailing slash (`""` at the card's root).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    /// The part of `path` before `CONTENTS/CLIP/NAME.XML`, when it is a P2 clip XML.
    static func p2Contents(ofClipXML path: String) -> String? {
        p2Contents(of: path, folder: "CLIP", extension: ".XML")
    }

    /// The part of `path` before `CONTENTS/VIDEO/NAME.MXF`, when it is a P2 video file.
    static func p2Contents(ofVideo path: String) -> String? {
        p2Contents(of: path, folder: "VIDEO", extension: ".MXF")
    }

    /// The part of `path` before `CONTENTS/FOLDER/NAME.EXT` (case ignored; `folder` and `ext` in capitals).
    /// Looks at the last three components only: most of a card's files fail on the first test.
    private static func p2Contents(of path: String, folder: String, extension ext: String) -> String? {
        func same<Bytes: Collection<UInt8>>(_ text: Bytes, _ capitals: String) -> Bool {
            text.elementsEqual(capitals.utf8) { ($0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0) == $1 }
        }
        guard let fileSlash = path.lastIndex(of: "/"), same(path[path.index(after: fileSlash)...].utf8.suffix(ext.utf8.count), ext)
        else { return nil }
        let beforeFile = path[..<fileSlash]
        guard let folderSlash = beforeFile.lastIndex(of: "/"), same(beforeFile[beforeFile.index(after: folderSlash)...].utf8, folder)
        else { return nil }
        let beforeFolder = beforeFile[..<folderSlash]
        let contentsSlash = beforeFolder.lastIndex(of: "/")
        let contents = contentsSlash.map { beforeFolder[beforeFolder.index(after: $0)...] } ?? beforeFolder
        guard same(contents.utf8, "CONTENTS") else { return nil }
        return contentsSlash.map { String(path[...$0]) } ?? ""
    }

    static func isSafe(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }

    static func checkRelative(_ path: String) throws(InputError) {
        guard isSafe(path) else {
            throw InputError("\(path.quoted) is not a path inside the card (it must be relative, without “..”)")
        }
    }
}
