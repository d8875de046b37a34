import Foundation
import OsmoseDomain
import OsmoseFormats
import OsmoseStorage

/// The demo's footage: one small synthetic card per shooting day, with Sony-style sidecars whose
/// timecodes hold the day's interview logs, ingested with its ASC MHL history, its clips tagged,
/// and an editor's cut read back.
///
/// Everything is derived from the demo content with fixed dates, names and bytes, so the
/// manifests kept in `footage-index/` come out the same on every machine.
enum DemoFootage {
    /// Where the stand-in cards are written, inside the production (ignored by git).
    static let cardsFolder = ".osmose/demo-cards"
    static let cutFile = "cuts/montage-image-v3.edl"
    static let camera = "A-cam"
    static let operatorName = "Camera Operator A"

    struct PlannedClip {
        var name: String
        var start: Timecode
        var frames: Int
        var persons: [String]
    }

    static let cutName = "Montage image v3"

    static func create(in production: ProductionFolder) throws -> (cards: Int, clips: Int, cut: Cut) {
        let fm = FileManager.default
        let content = try DemoProduction.content()
        let rate = FrameRate.fps25
        let root = production.url.appendingPathComponent(cardsFolder, isDirectory: true)
        try? fm.removeItem(at: root)
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        // The demo's index is made afresh: cards added while trying the demo out go with the old ledger.
        for name in (try? fm.contentsOfDirectory(atPath: production.footageIndexURL.path)) ?? [] where name != "README.md" {
            try fm.removeItem(at: production.footageIndexURL.appendingPathComponent(name))
        }
        let shot = content.shootingDays.filter { $0.status == .shot }.sorted { $0.date < $1.date }
        var clipCount = 0
        var cutClips: [(card: String, clip: PlannedClip, logs: [LogEntry])] = []
        for (index, day) in shot.enumerated() {
            let cardName = String(format: "A%03d", index + 1)
            let logs = content.logs.filter { $0.shoot == day.date }.sorted { $0.at < $1.at }
            let clips = try plan(day: day, logs: logs, rate: rate)
            let card = root.appendingPathComponent(cardName, isDirectory: true)
            let wrapped = try instant(day.date, day.wrap ?? ClockTime(parsing: "18:00"))
            try write(card: card, clips: clips, day: day, rate: rate, seed: UInt64(index + 1))
            _ = try FootageIngest.run(FootageIngest.Request(
                card: card, cardName: cardName, shoot: day.date, camera: camera, destinations: [], algorithms: [.xxh64, .md5],
                author: operatorName, now: wrapped, hostname: "osmose-demo"), in: production)
            for clip in clips where !clip.persons.isEmpty {
                try production.ledger.tagClip(cardName + "/" + clip.name, persons: clip.persons, space: nil)
            }
            clipCount += clips.count
            for clip in clips {
                let inside = logs.filter { $0.at.frame >= clip.start.frame && $0.at.frame < clip.start.frame + clip.frames }
                cutClips.append((cardName, clip, inside))
            }
        }
        try FootageIngest.writeClipIndex(production)
        // The editor's cut: each logged moment, and a few seconds of each card's opening shot, minus Participant D,
        // whose refusal the editor honoured.
        let edl = try editorsCut(cutClips.filter { !$0.clip.persons.contains("Participant D") }, rate: rate)
        let cutURL = production.footageIndexURL.appendingPathComponent(cutFile)
        try fm.createDirectory(at: cutURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(edl.utf8).write(to: cutURL, options: .atomic)
        let timeline = try CutReader.read(cutURL, name: cutName, rate: rate)
        let cut = try production.ledger.importCut(timeline, format: "edl", source: "footage-index/" + cutFile,
                                                  at: instant(try LocalDate(parsing: "2015-11-02"), try ClockTime(parsing: "18:00")))
        return (shot.count, clipCount, cut)
    }

    /// One clip per sitting (logs less than ten minutes apart), framed with some air, and an opening shot of the day.
    static func plan(day: ShootingDay, logs: [LogEntry], rate: FrameRate) throws -> [PlannedClip] {
        let fps = rate.timebase
        var sittings: [[LogEntry]] = []
        for log in logs {
            if let last = sittings.last?.last, log.at.frame - last.at.frame < 10 * 60 * fps {
                sittings[sittings.count - 1].append(log)
            } else {
                sittings.append([log])
            }
        }
        let call = try day.call ?? ClockTime(parsing: "09:00")
        var clips = [PlannedClip(
            name: "", start: try Timecode(frame: ((call.hour * 60 + call.minute + 5) * 60) * fps, rate: rate),
            frames: 45 * fps, persons: [])]
        for sitting in sittings {
            let first = sitting[0].at.frame - 30 * fps
            let end = sitting.map { ($0.out?.frame ?? $0.at.frame + 60 * fps) }.max() ?? first
            var persons: [String] = []
            for person in sitting.compactMap(\.person) where !persons.contains(person) { persons.append(person) }
            clips.append(PlannedClip(name: "", start: try Timecode(frame: first, rate: rate), frames: end + 20 * fps - first,
                                     persons: persons))
        }
        // The opening shot shows whoever of the day no interview clip holds (Participant C's child in the workshop).
        let interviewed = Set(clips.flatMap(\.persons))
        clips[0].persons = day.participants.filter { !interviewed.contains($0) }
        // The camera numbers clips in the order they were shot.
        clips.sort { $0.start < $1.start }
        for i in clips.indices { clips[i].name = String(format: "C%04d", i + 1) }
        return clips
    }

    /// Writes a card as a Sony XAVC camera lays it out: `XDROOT/Clip/C0001.MP4` and its `C0001M01.XML`.
    static func write(card: URL, clips: [PlannedClip], day: ShootingDay, rate: FrameRate, seed: UInt64) throws {
        let fm = FileManager.default
        let folder = card.appendingPathComponent("XDROOT/Clip", isDirectory: true)
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        var random = SplitMix64(seed: seed)
        for clip in clips {
            let (h, m, s, _) = clip.start.fields
            let created = instant(day.date, try ClockTime(parsing: String(format: "%02d:%02d", h, m))).addingTimeInterval(Double(s))
            let media = folder.appendingPathComponent(clip.name + ".MP4")
            try random.bytes(4_096 + Int(random.next() % 4_096)).write(to: media)
            let sidecar = folder.appendingPathComponent(clip.name + "M01.XML")
            try Data(sonySidecar(clip, created: created, rate: rate).utf8).write(to: sidecar)
            for url in [media, sidecar] { try fm.setAttributes([.modificationDate: created], ofItemAtPath: url.path) }
        }
        let stamp = try instant(day.date, day.wrap ?? ClockTime(parsing: "18:00"))
        for url in [folder, folder.deletingLastPathComponent(), card] {
            try fm.setAttributes([.modificationDate: stamp], ofItemAtPath: url.path)
        }
    }

    /// A NonRealTimeMeta sidecar: duration, LTC start (BCD frames-seconds-minutes-hours), 25p XAVC, the camera.
    static func sonySidecar(_ clip: PlannedClip, created: Date, rate: FrameRate) -> String {
        func ltc(_ t: Timecode) -> String {
            let f = t.fields
            return String(format: "%02d%02d%02d%02d", f.frames, f.seconds, f.minutes, f.hours)
        }
        let last = (try? Timecode(frame: clip.start.frame + clip.frames - 1, rate: rate)) ?? clip.start
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Paris")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxx"
        let date = formatter.string(from: created)
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <NonRealTimeMeta xmlns="urn:schemas-professionalDisc:nonRealTimeMeta:ver.2.00" xmlns:lib="urn:schemas-professionalDisc:lib:ver.2.00" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" lastUpdate="\(date)">
            \t<TargetMaterial umidRef="060A2B340101010501010D43130000000000000000000000000000000000000000"/>
            \t<Duration value="\(clip.frames)"/>
            \t<LtcChangeTable tcFps="25" halfStep="false">
            \t\t<LtcChange frameCount="0" value="\(ltc(clip.start))" status="increment"/>
            \t\t<LtcChange frameCount="\(clip.frames - 1)" value="\(ltc(last))" status="end"/>
            \t</LtcChangeTable>
            \t<CreationDate value="\(date)"/>
            \t<VideoFormat>
            \t\t<VideoRecPort port="DIRECT"/>
            \t\t<VideoFrame videoCodec="AVC_1920_1080_H422IP@L41" captureFps="25p" formatFps="25p"/>
            \t\t<VideoLayout pixel="1920" numOfVerticalLine="1080" aspectRatio="16:9"/>
            \t</VideoFormat>
            \t<AudioFormat numOfChannel="4">
            \t\t<AudioRecPort port="DIRECT" audioCodec="LPCM24" trackDst="CH1"/>
            \t\t<AudioRecPort port="DIRECT" audioCodec="LPCM24" trackDst="CH2"/>
            \t</AudioFormat>
            \t<Device manufacturer="Sony" modelName="PXW-FS7" serialNo="0000000"/>
            \t<RecordingMode type="normal" cacheRec="false"/>
            </NonRealTimeMeta>

            """
    }

    /// A CMX3600 EDL as the editor would export it: the logged moments in shooting order, from 01:00:00:00.
    static func editorsCut(_ clips: [(card: String, clip: PlannedClip, logs: [LogEntry])], rate: FrameRate) throws -> String {
        var lines = ["TITLE: Travailler en micro-osmose - montage image v3", "FCM: NON-DROP FRAME", ""]
        var record = 3_600 * rate.timebase
        var number = 0
        func event(_ card: String, _ clip: PlannedClip, from: Int, frames: Int) throws {
            number += 1
            let tc = { (frame: Int) throws -> String in try Timecode(frame: frame, rate: rate).description }
            lines.append(String(format: "%03d  ", number) + card.padding(toLength: 8, withPad: " ", startingAt: 0)
                + " V     C        \(try tc(from)) \(try tc(from + frames)) \(try tc(record)) \(try tc(record + frames))")
            lines.append("* FROM CLIP NAME: \(clip.name).MP4")
            lines.append("")
            record += frames
        }
        for item in clips {
            if item.logs.isEmpty {
                try event(item.card, item.clip, from: item.clip.start.frame + 5 * rate.timebase, frames: 6 * rate.timebase)
            }
            for log in item.logs {
                let end = min(log.out?.frame ?? log.at.frame + 20 * rate.timebase, log.at.frame + 40 * rate.timebase)
                try event(item.card, item.clip, from: log.at.frame, frames: end - log.at.frame)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func instant(_ date: LocalDate, _ time: ClockTime) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? .gmt
        return calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: time.hour, minute: time.minute))
            ?? Date(timeIntervalSince1970: 0)
    }
}
