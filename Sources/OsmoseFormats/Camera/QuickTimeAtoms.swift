import Foundation
import OsmoseDomain

/// Reads a QuickTime (`.mov`) or ISO MP4 (`.mp4`, `.m4v`) file's clip figures from its atoms,
/// without a sidecar.
///
/// The file is never loaded whole: the reader walks the atom tree by seeking over each atom's
/// size (32-bit, or the 64-bit `largesize` when the size is 1, or "to the end of the file"
/// when it is 0), descends only into `moov`, `trak`, `mdia`, `minf` and `stbl`, and reads
/// only the small atoms it needs. A size that is too small or runs past its parent, a type
/// that is not text, or a tree nested deeper than any real file is refused with the byte
/// offset where it happens.
///
/// - created: `mvhd` creation time (seconds since 1904-01-01 UTC; 0 means unset).
/// - rate: the video track's `stts` sample delta against its `mdhd` timescale (the delta
///   most samples have), matched to an Osmose rate; drop-frame comes from the `tmcd` track's
///   flags (bit 0x0001). 29.97 and 59.94 without a timecode track are taken as non-drop.
/// - duration: the video track's sample count (its frames), as `ffprobe` reports `nb_frames`.
/// - codec: the video sample description's four-character code (`avc1`, `hvc1`, `apch`…).
/// - start timecode: the `tmcd` track's first sample, a 32-bit frame number found through
///   `stco`/`co64`, counted at the sample description's `numberOfFrames` with its drop-frame
///   flag; a timecode counting half the video rate (50p with 25-frame timecode) is doubled.
public enum QuickTimeReader {
    /// The reader's name in `ClipMetadata.source`.
    public static let source = "quicktime"

    /// Atoms nest a handful of levels in real files; deeper is a malformed or hostile file.
    static let maxDepth = 12
    /// More atoms than any real file's `moov` holds.
    static let maxAtoms = 100_000
    /// The largest atom read into memory (an `stts` of a long variable-rate clip).
    static let maxAtomRead = 32 * 1024 * 1024

    /// Reads the file at `url`; messages name it by `name` (defaults to the path).
    public static func read(_ url: URL, name: String? = nil) throws(InputError) -> ClipMetadata {
        let label = name ?? url.path
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw InputError("\(label.quoted) cannot be opened")
        }
        defer { try? handle.close() }
        let size: UInt64
        do {
            size = try handle.seekToEnd()
        } catch {
            throw InputError("\(label.quoted) cannot be read")
        }
        var reader = Reader(handle: handle, size: size, name: label)
        return try reader.clip()
    }

    // MARK: - Walking the atoms

    struct Atom {
        var type: String
        /// Where the atom's header starts, where its payload starts, and where it ends.
        var start: UInt64
        var payload: UInt64
        var end: UInt64
    }

    struct Track {
        var handler: String?
        var timescale: UInt32?
        var sampleDescription: Data?
        var timeToSample: Data?
        var chunkOffsets: Data?
        var chunkOffsets64 = false
    }

    struct Reader {
        let handle: FileHandle
        let size: UInt64
        let name: String
        var atomsSeen = 0

        init(handle: FileHandle, size: UInt64, name: String) {
            self.handle = handle
            self.size = size
            self.name = name
        }

        func bytes(at offset: UInt64, count: Int) throws(InputError) -> Data {
            guard offset <= size, UInt64(count) <= size - offset else {
                throw InputError(
                    "\(name.quoted): \(count) bytes at byte \(offset) run past the end of the file (\(size) bytes)")
            }
            do {
                try handle.seek(toOffset: offset)
                let data = try handle.read(upToCount: count) ?? Data()
                guard data.count == count else {
                    throw InputError(
                        "\(name.quoted): only \(data.count) of \(count) bytes could be read at byte \(offset)")
                }
                return data
            } catch let error as InputError {
                throw error
            } catch {
                throw InputError("\(name.quoted) cannot be read at byte \(offset)")
            }
        }

        /// The atoms between `start` and `end`, in order.
        mutating func children(from start: UInt64, to end: UInt64, depth: Int) throws(InputError) -> [Atom] {
            guard depth <= QuickTimeReader.maxDepth else {
                throw InputError(
                    "\(name.quoted): atoms nest deeper than \(QuickTimeReader.maxDepth) levels at byte \(start); the file is malformed"
                )
            }
            var atoms: [Atom] = []
            var offset = start
            while offset < end {
                atomsSeen += 1
                guard atomsSeen <= QuickTimeReader.maxAtoms else {
                    throw InputError(
                        "\(name.quoted) holds more than \(QuickTimeReader.maxAtoms) atoms; the file is malformed")
                }
                // Some writers pad a container with up to 7 zero bytes; anything else needs a header.
                if end - offset < 8 {
                    let rest = try bytes(at: offset, count: Int(end - offset))
                    guard rest.allSatisfy({ $0 == 0 }) else {
                        throw InputError(
                            "\(name.quoted): \(end - offset) stray bytes at byte \(offset) are too short for an atom header"
                        )
                    }
                    break
                }
                let header = try bytes(at: offset, count: 8)
                let size32 = header.uint32(at: 0)
                let typeBytes = header[header.startIndex + 4..<header.startIndex + 8]
                guard typeBytes.allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0xA9 }) else {
                    throw InputError(
                        "\(name.quoted): the atom at byte \(offset) has type bytes \(typeBytes.map { String(format: "%02x", $0) }.joined()), which is not a four-character code; the file is not QuickTime/MP4 or is damaged"
                    )
                }
                let type = String(decoding: typeBytes.map { $0 == 0xA9 ? UInt8(ascii: "@") : $0 }, as: UTF8.self)
                var headerSize: UInt64 = 8
                let atomSize: UInt64
                switch size32 {
                case 0:
                    // "To the end": only meaningful for the last atom of the file.
                    atomSize = end - offset
                case 1:
                    guard end - offset >= 16 else {
                        throw InputError(
                            "\(name.quoted): atom “\(type)” at byte \(offset) announces a 64-bit size but the data ends first"
                        )
                    }
                    atomSize = try bytes(at: offset + 8, count: 8).uint64(at: 0)
                    headerSize = 16
                default:
                    atomSize = UInt64(size32)
                }
                guard atomSize >= headerSize else {
                    throw InputError(
                        "\(name.quoted): atom “\(type)” at byte \(offset) claims \(atomSize) bytes, less than its own \(headerSize)-byte header"
                    )
                }
                guard atomSize <= end - offset else {
                    throw InputError(
                        "\(name.quoted): atom “\(type)” at byte \(offset) claims \(atomSize) bytes but only \(end - offset) remain in \(depth == 0 ? "the file" : "its parent"); the file is truncated or damaged"
                    )
                }
                atoms.append(Atom(type: type, start: offset, payload: offset + headerSize, end: offset + atomSize))
                offset += atomSize
            }
            return atoms
        }

        func payload(_ atom: Atom) throws(InputError) -> Data {
            let length = atom.end - atom.payload
            guard length <= UInt64(QuickTimeReader.maxAtomRead) else {
                throw InputError(
                    "\(name.quoted): atom “\(atom.type)” at byte \(atom.start) is \(length) bytes, more than the \(QuickTimeReader.maxAtomRead) Osmose reads"
                )
            }
            return try bytes(at: atom.payload, count: Int(length))
        }

        // MARK: - Reading the clip

        mutating func clip() throws(InputError) -> ClipMetadata {
            let top = try children(from: 0, to: size, depth: 0)
            guard let moov = top.first(where: { $0.type == "moov" }) else {
                let types = top.prefix(6).map(\.type).joined(separator: ", ")
                throw InputError(
                    "\(name.quoted) has no “moov” atom (top-level atoms: \(types.isEmpty ? "none" : types)); it is not a finished QuickTime/MP4 file"
                )
            }
            var clip = ClipMetadata(source: QuickTimeReader.source)
            var tracks: [Track] = []
            for atom in try children(from: moov.payload, to: moov.end, depth: 1) {
                switch atom.type {
                case "mvhd":
                    let data = try payload(atom)
                    clip.created = try movieCreation(data, at: atom)
                case "trak":
                    tracks.append(try track(atom))
                default:
                    break
                }
            }

            let video = tracks.first { $0.handler == "vide" }
            let timecodeTrack = tracks.first { $0.handler == "tmcd" }
            let timecode = try timecodeTrack.flatMap { track throws(InputError) in try self.timecode(track) }

            var videoRate: (numerator: Int, denominator: Int)?
            if let video {
                clip.codec = try firstSampleFormat(video)
                if let timescale = video.timescale, let stts = video.timeToSample {
                    let (count, delta) = try timing(stts)
                    clip.durationFrames = count
                    if delta > 0, timescale > 0 { videoRate = (Int(timescale), delta) }
                }
            }
            let drop = timecode?.rate.dropFrame ?? false
            if let videoRate {
                clip.rate =
                    CameraValues.frameRate(
                        numerator: videoRate.numerator, denominator: videoRate.denominator, dropFrame: drop)
                    ?? QuickTimeReader.nearestRate(videoRate, dropFrame: drop)
            }
            if clip.rate == nil, video == nil, let timecode {
                // A timecode-only file still tells its rate.
                clip.rate = timecode.rate
            }
            if clip.rate == nil { clip.durationFrames = nil }

            if let timecode, let rate = clip.rate {
                if timecode.rate.timebase == rate.timebase {
                    clip.startTimecode = try Timecode(frame: timecode.frame % rate.framesPerDay, rate: rate)
                } else if timecode.rate.timebase * 2 == rate.timebase {
                    clip.startTimecode = try Timecode(frame: (2 * timecode.frame) % rate.framesPerDay, rate: rate)
                }
            }
            return clip
        }

        mutating func track(_ trak: Atom) throws(InputError) -> Track {
            var track = Track()
            var pending = try children(from: trak.payload, to: trak.end, depth: 2).map { ($0, 2) }
            while !pending.isEmpty {
                let (atom, depth) = pending.removeFirst()
                switch atom.type {
                case "mdia", "minf", "stbl":
                    pending += try children(from: atom.payload, to: atom.end, depth: depth + 1).map { ($0, depth + 1) }
                case "mdhd":
                    let data = try payload(atom)
                    let version = data.first ?? 0
                    let at = version == 1 ? 20 : 12
                    guard data.count >= at + 4 else { throw short(atom) }
                    track.timescale = data.uint32(at: at)
                case "hdlr":
                    let data = try payload(atom)
                    guard data.count >= 12 else { throw short(atom) }
                    // The media handler, not a data handler (QuickTime has both in a track).
                    let handler = String(decoding: data[data.startIndex + 8..<data.startIndex + 12], as: UTF8.self)
                    if track.handler == nil, handler != "alis", handler != "url " { track.handler = handler }
                case "stsd":
                    track.sampleDescription = try payload(atom)
                case "stts":
                    track.timeToSample = try payload(atom)
                case "stco":
                    track.chunkOffsets = try payload(atom)
                case "co64":
                    track.chunkOffsets = try payload(atom)
                    track.chunkOffsets64 = true
                default:
                    break
                }
            }
            return track
        }

        func short(_ atom: Atom) -> InputError {
            InputError("\(name.quoted): atom “\(atom.type)” at byte \(atom.start) is too short for its fields")
        }

        func movieCreation(_ data: Data, at atom: Atom) throws(InputError) -> Date? {
            guard let version = data.first else { throw short(atom) }
            let seconds: UInt64
            if version == 1 {
                guard data.count >= 12 else { throw short(atom) }
                seconds = data.uint64(at: 4)
            } else {
                guard data.count >= 8 else { throw short(atom) }
                seconds = UInt64(data.uint32(at: 4))
            }
            guard seconds > 0 else { return nil }
            // QuickTime counts from 1904-01-01 UTC, 2,082,844,800 seconds before 1970.
            return Date(timeIntervalSince1970: Double(seconds) - 2_082_844_800)
        }

        /// The first sample description's format code (`avc1`, `apch`…).
        func firstSampleFormat(_ track: Track) throws(InputError) -> String? {
            guard let stsd = track.sampleDescription, stsd.count >= 16 else { return nil }
            let code = stsd[stsd.startIndex + 12..<stsd.startIndex + 16]
            guard code.allSatisfy({ (0x20...0x7E).contains($0) }) else {
                throw InputError(
                    "\(name.quoted): a video sample description has format bytes that are not a four-character code")
            }
            return String(decoding: code, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        }

        /// The number of samples and the delta most of them have.
        func timing(_ stts: Data) throws(InputError) -> (count: Int, delta: Int) {
            guard stts.count >= 8 else {
                throw InputError("\(name.quoted): the video track's “stts” atom is too short for its fields")
            }
            let entries = Int(stts.uint32(at: 4))
            guard entries <= (stts.count - 8) / 8 else {
                throw InputError(
                    "\(name.quoted): the video track's “stts” atom lists \(entries) entries but holds room for \((stts.count - 8) / 8)"
                )
            }
            var total = 0
            var best = (count: 0, delta: 0)
            for i in 0..<entries {
                let count = Int(stts.uint32(at: 8 + 8 * i))
                let delta = Int(stts.uint32(at: 12 + 8 * i))
                total += count
                if count > best.count { best = (count, delta) }
            }
            return (total, best.delta)
        }

        /// The start timecode the `tmcd` track holds, at its own rate.
        func timecode(_ track: Track) throws(InputError) -> Timecode? {
            guard let stsd = track.sampleDescription, stsd.count >= 8 + 33 else { return nil }
            // stsd: version/flags, entry count, then the entry: size, "tmcd", 6 reserved bytes,
            // data reference index, 4 reserved bytes, flags, timescale, frame duration, frames.
            let entry = 8
            guard
                String(decoding: stsd[stsd.startIndex + entry + 4..<stsd.startIndex + entry + 8], as: UTF8.self)
                    == "tmcd"
            else {
                return nil
            }
            let flags = stsd.uint32(at: entry + 20)
            let frames = Int(stsd[stsd.startIndex + entry + 32])
            let timescale = Int(stsd.uint32(at: entry + 24))
            let frameDuration = Int(stsd.uint32(at: entry + 28))
            let dropFrame = flags & 0x0001 != 0
            // The rate the counter runs at: its frames per second, NTSC when the duration is
            // a 1001 multiple of the timescale's unit.
            let ntsc = timescale > 0 && frameDuration > 0 && timescale % frameDuration != 0
            // A counter at a rate Osmose has no timecode for (12, 15…) leaves the start unknown
            // rather than failing the whole file.
            guard frames > 0,
                let rate = CameraValues.frameRate(
                    numerator: frames * (ntsc ? 1_000 : 1),
                    denominator: ntsc ? 1_001 : 1, dropFrame: dropFrame)
            else {
                return nil
            }
            guard let offsets = track.chunkOffsets, offsets.count >= 8 + (track.chunkOffsets64 ? 8 : 4),
                offsets.uint32(at: 4) > 0
            else {
                throw InputError("\(name.quoted): the timecode track has no sample to read the start from")
            }
            let offset = track.chunkOffsets64 ? offsets.uint64(at: 8) : UInt64(offsets.uint32(at: 8))
            let frame = Int(try bytes(at: offset, count: 4).uint32(at: 0))
            do {
                return try Timecode(frame: frame % rate.framesPerDay, rate: rate)
            } catch {
                throw InputError("\(name.quoted): timecode frame \(frame): \(error.message)")
            }
        }
    }

    /// Rates written with a coarse timescale (90000/3754 for 23.976) match within 0.02 %.
    static func nearestRate(_ rate: (numerator: Int, denominator: Int), dropFrame: Bool) -> FrameRate? {
        let value = Double(rate.numerator) / Double(rate.denominator)
        return FrameRate.all.first {
            $0.dropFrame == dropFrame && abs(Double($0.numerator) / Double($0.denominator) - value) / value < 0.000_2
        }
    }
}

extension Data {
    /// Big-endian integers at `offset` from the start; callers check the length first.
    fileprivate func uint32(at offset: Int) -> UInt32 {
        let i = startIndex + offset
        return UInt32(self[i]) << 24 | UInt32(self[i + 1]) << 16 | UInt32(self[i + 2]) << 8 | UInt32(self[i + 3])
    }

    fileprivate func uint64(at offset: Int) -> UInt64 {
        UInt64(uint32(at: offset)) << 32 | UInt64(uint32(at: offset + 4))
    }
}
