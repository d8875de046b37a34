import Foundation

/// What a camera file or its sidecar says about a clip. Every field is optional: readers fill
/// what their format carries.
public struct ClipMetadata: Sendable, Equatable {
    /// Where the figures came from: `sony-xml`, `p2-xml`, `canon-xml` or `quicktime`.
    public var source: String
    /// Length in frames of `rate`.
    public var durationFrames: Int?
    /// The timecode rate (and the playback rate) of the clip.
    public var rate: FrameRate?
    /// The capture rate when it differs from the playback rate (slow motion, `50p` recorded
    /// for `25p` playback…), as the camera writes it.
    public var captureRate: String?
    public var startTimecode: Timecode?
    public var codec: String?
    public var cameraModel: String?
    public var cameraSerial: String?
    public var manufacturer: String?
    public var created: Date?
    /// The media files of a clip spanned over several files (P2), in order, as named by the sidecar.
    public var spannedFiles: [String]

    public init(source: String, durationFrames: Int? = nil, rate: FrameRate? = nil, captureRate: String? = nil,
                startTimecode: Timecode? = nil, codec: String? = nil, cameraModel: String? = nil, cameraSerial: String? = nil,
                manufacturer: String? = nil, created: Date? = nil, spannedFiles: [String] = []) {
        self.source = source
        self.durationFrames = durationFrames
        self.rate = rate
        self.captureRate = captureRate
        self.startTimecode = startTimecode
        self.codec = codec
        self.cameraModel = cameraModel
        self.cameraSerial = cameraSerial
        self.manufacturer = manufacturer
        self.created = created
        self.spannedFiles = spannedFiles
    }
}

/// One clip handed to the editor: the media it names, its timecode, and the log entries made
/// on it as markers.
public struct MarkerClip: Sendable, Equatable {
    public struct Marker: Sendable, Equatable {
        /// In the clip's own timecode.
        public var at: Timecode
        public var out: Timecode?
        /// A short name (the entry's first words), and the whole note.
        public var name: String
        public var note: String
        /// People and themes of the entry.
        public var keywords: [String]
        public var rating: Int?

        public init(at: Timecode, out: Timecode? = nil, name: String, note: String, keywords: [String] = [], rating: Int? = nil) {
            self.at = at
            self.out = out
            self.name = name
            self.note = note
            self.keywords = keywords
            self.rating = rating
        }
    }

    /// The clip's name as editors see it: the file name without its extension (`C0001`).
    public var name: String
    /// The file name with its extension (`C0001.MP4`).
    public var fileName: String
    /// The media file's path relative to the card (`XDROOT/Clip/C0001.MP4`) and, when known,
    /// an absolute path where the editor finds it.
    public var path: String
    public var absolutePath: String?
    /// The card's name, used as the tape/reel name (`A001`).
    public var reel: String
    public var rate: FrameRate
    public var start: Timecode
    public var durationFrames: Int
    /// People and space of the clip, and the themes of its log entries.
    public var keywords: [String]
    public var markers: [Marker]
    public var shoot: LocalDate?
    public var camera: String?

    public init(name: String, fileName: String, path: String, absolutePath: String? = nil, reel: String, rate: FrameRate,
                start: Timecode, durationFrames: Int, keywords: [String] = [], markers: [Marker] = [],
                shoot: LocalDate? = nil, camera: String? = nil) {
        self.name = name
        self.fileName = fileName
        self.path = path
        self.absolutePath = absolutePath
        self.reel = reel
        self.rate = rate
        self.start = start
        self.durationFrames = durationFrames
        self.keywords = keywords
        self.markers = markers
        self.shoot = shoot
        self.camera = camera
    }

    /// The first timecode after the clip.
    public var end: Timecode { (try? Timecode(frame: (start.frame + durationFrames) % rate.framesPerDay, rate: rate)) ?? start }
}

/// An edit read back from the editing software: its events in record order.
public struct CutTimeline: Sendable, Equatable {
    public struct Event: Sendable, Equatable {
        /// 1-based, in the order the file lists them.
        public var number: Int
        /// The clip name the editor shows (FCPXML clip name, EDL `FROM CLIP NAME`, OTIO clip name).
        public var clipName: String?
        /// The media's path or URL as the file gives it (`file:///…/C0001.MP4`, `/Volumes/…`).
        public var path: String?
        /// The tape/reel name (EDL reel, xmeml reel, ALE Tape).
        public var reel: String?
        /// Source range in the clip's timecode, out exclusive.
        public var sourceIn: Timecode
        public var sourceOut: Timecode
        /// Record range on the timeline, out exclusive.
        public var recordIn: Timecode
        public var recordOut: Timecode

        public init(number: Int, clipName: String? = nil, path: String? = nil, reel: String? = nil,
                    sourceIn: Timecode, sourceOut: Timecode, recordIn: Timecode, recordOut: Timecode) {
            self.number = number
            self.clipName = clipName
            self.path = path
            self.reel = reel
            self.sourceIn = sourceIn
            self.sourceOut = sourceOut
            self.recordIn = recordIn
            self.recordOut = recordOut
        }
    }

    public var name: String
    /// The timeline's rate; record timecodes are in it.
    public var rate: FrameRate
    public var events: [Event]

    public init(name: String, rate: FrameRate, events: [Event]) {
        self.name = name
        self.rate = rate
        self.events = events
    }
}
