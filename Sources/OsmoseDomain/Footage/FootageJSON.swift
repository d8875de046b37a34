import Foundation

// The JSON keys below are a contract: `osmose footage list --json`, `cut show --json` and
// `release gate --json` print them, and the API serves the same.

extension Clip: Encodable {
    enum CodingKeys: String, CodingKey {
        case clip, card, path, size, xxh64, hashes, shoot, camera, camera_model, camera_serial, codec, duration_frames, fps,
             start_tc, capture_rate, created, persons, space
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(reference, forKey: .clip)
        try c.encode(card, forKey: .card)
        try c.encode(path, forKey: .path)
        try c.encode(size, forKey: .size)
        try c.encode(hashes["xxh64"], forKey: .xxh64)
        try c.encode(hashes, forKey: .hashes)
        try c.encode(shoot, forKey: .shoot)
        try c.encode(camera, forKey: .camera)
        try c.encode(metadata.cameraModel, forKey: .camera_model)
        try c.encode(metadata.cameraSerial, forKey: .camera_serial)
        try c.encode(metadata.codec, forKey: .codec)
        try c.encode(metadata.durationFrames, forKey: .duration_frames)
        try c.encode((metadata.rate ?? metadata.startTimecode?.rate)?.label, forKey: .fps)
        try c.encode(metadata.startTimecode?.description, forKey: .start_tc)
        try c.encode(metadata.captureRate, forKey: .capture_rate)
        try c.encode(metadata.created.map { $0.formatted(.iso8601) }, forKey: .created)
        try c.encode(persons, forKey: .persons)
        try c.encode(space, forKey: .space)
    }
}

extension Card: Encodable {
    enum CodingKeys: String, CodingKey { case card, shoot, camera, source, algorithms, files, bytes, ingested_at, author, verified, copies }
    enum CopyKeys: String, CodingKey { case path, generation, state, checked_at, problems }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .card)
        try c.encode(shoot, forKey: .shoot)
        try c.encode(camera, forKey: .camera)
        try c.encode(source, forKey: .source)
        try c.encode(algorithms, forKey: .algorithms)
        try c.encode(files, forKey: .files)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(ingestedAt.formatted(.iso8601), forKey: .ingested_at)
        try c.encode(author, forKey: .author)
        try c.encode(verified, forKey: .verified)
        var list = c.nestedUnkeyedContainer(forKey: .copies)
        for copy in copies {
            var k = list.nestedContainer(keyedBy: CopyKeys.self)
            try k.encode(copy.path, forKey: .path)
            try k.encode(copy.generation, forKey: .generation)
            try k.encode(copy.state.rawValue, forKey: .state)
            try k.encode(copy.checkedAt.formatted(.iso8601), forKey: .checked_at)
            try k.encode(copy.problems, forKey: .problems)
        }
    }
}

extension CutEvent: Encodable {
    enum CodingKeys: String, CodingKey {
        case number, clip, clip_name, path, reel, source_in, source_out, record_in, record_out, matched_by, persons, space
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(event.number, forKey: .number)
        try c.encode(clip, forKey: .clip)
        try c.encode(event.clipName, forKey: .clip_name)
        try c.encode(event.path, forKey: .path)
        try c.encode(event.reel, forKey: .reel)
        try c.encode(event.sourceIn.description, forKey: .source_in)
        try c.encode(event.sourceOut.description, forKey: .source_out)
        try c.encode(event.recordIn.description, forKey: .record_in)
        try c.encode(event.recordOut.description, forKey: .record_out)
        try c.encode(method?.rawValue, forKey: .matched_by)
        try c.encode(persons, forKey: .persons)
        try c.encode(space, forKey: .space)
    }
}

extension Cut: Encodable {
    enum CodingKeys: String, CodingKey { case name, format, source, fps, imported_at, events, unmatched }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(format, forKey: .format)
        try c.encode(source, forKey: .source)
        try c.encode(rate.label, forKey: .fps)
        try c.encode(importedAt.formatted(.iso8601), forKey: .imported_at)
        try c.encode(events, forKey: .events)
        try c.encode(unmatched, forKey: .unmatched)
    }
}

extension ReleaseGate: Encodable {
    enum CodingKeys: String, CodingKey { case usage, territory, date, cleared, subjects, unmatched, untagged }
    enum SubjectKeys: String, CodingKey { case subject, kind, cleared, reasons, explained, appearances }
    enum AppearanceKeys: String, CodingKey { case event, clip, record_in, record_out }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(usage.rawValue, forKey: .usage)
        try c.encode(territory.name, forKey: .territory)
        try c.encode(date, forKey: .date)
        try c.encode(cleared, forKey: .cleared)
        var list = c.nestedUnkeyedContainer(forKey: .subjects)
        for subject in subjects {
            var s = list.nestedContainer(keyedBy: SubjectKeys.self)
            try s.encode(subject.clearance.subject.name, forKey: .subject)
            try s.encode(subject.clearance.subject.kind, forKey: .kind)
            try s.encode(subject.cleared, forKey: .cleared)
            try s.encode(subject.clearance.reasons.map(\.rawValue), forKey: .reasons)
            try s.encode(subject.clearance.reasons.map {
                $0.explained(usage: usage, territory: territory, release: subject.clearance.current)
            }, forKey: .explained)
            var appearances = s.nestedUnkeyedContainer(forKey: .appearances)
            for a in subject.appearances {
                var k = appearances.nestedContainer(keyedBy: AppearanceKeys.self)
                try k.encode(a.event, forKey: .event)
                try k.encode(a.clip, forKey: .clip)
                try k.encode(a.recordIn.description, forKey: .record_in)
                try k.encode(a.recordOut.description, forKey: .record_out)
            }
        }
        try c.encode(unmatched, forKey: .unmatched)
        try c.encode(untagged.map(\.event.number), forKey: .untagged)
    }
}
