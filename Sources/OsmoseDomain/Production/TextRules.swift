import Foundation

// The text rule (`TextField`) applied to each record, field by field: the ledger's writers call
// these, so the command line, the API, the team pages and the imports all pass the same check.

extension Space {
    /// Refuses a space whose text breaks the rule of `TextField`.
    public func checkText() throws(InputError) {
        try TextField.check(name, "the space name", kind: .name)
        try TextField.check(address, "the space address", kind: .text)
        try TextField.check(contact, "the space contact", kind: .text)
        try TextField.check(notes, "the space note", kind: .text)
    }
}

extension Person {
    /// Refuses a person whose text breaks the rule of `TextField`.
    public func checkText() throws(InputError) {
        try TextField.check(name, "the person name", kind: .name)
        try TextField.check(email, "the person e-mail")
        try TextField.check(phone, "the person phone")
        try TextField.check(guardian, "the guardian name", kind: .name)
        try TextField.check(notes, "the person note", kind: .text)
    }
}

extension ShootingDay {
    /// Refuses a shooting day whose text breaks the rule of `TextField`.
    public func checkText() throws(InputError) {
        for name in spaces { try TextField.check(name, "the space name", kind: .name) }
        for name in participants + crew { try TextField.check(name, "the person name", kind: .name) }
        try TextField.check(notes, "the shooting day note", kind: .text)
    }
}

extension LogEntry {
    /// Refuses a log entry whose text breaks the rule of `TextField`.
    public func checkText() throws(InputError) {
        try TextField.check(person, "the person name", kind: .name)
        for tag in tags { try TextField.check(tag, "the tag") }
        try TextField.check(text, "the log text", kind: .text)
        try TextField.check(clip, "the clip")
    }
}

extension Release {
    /// Refuses a release whose text breaks the rule of `TextField`.
    public func checkText() throws(InputError) {
        try TextField.check(note, "the release note", kind: .text)
        try TextField.check(scan?.originalName, "the scan file name")
    }
}

extension Expense {
    /// Refuses an expense whose text breaks the rule of `TextField`.
    public func checkText() throws(InputError) {
        try TextField.check(payee, "the payee name", kind: .name)
        try TextField.check(note, "the expense note", kind: .text)
        try TextField.check(receipt?.originalName, "the receipt file name")
    }
}

extension FundingReceipt {
    /// Refuses a funding receipt whose text breaks the rule of `TextField`.
    public func checkText() throws(InputError) {
        try TextField.check(note, "the funding note", kind: .text)
    }
}

extension Pledge {
    /// Refuses a pledge whose text breaks the rule of `TextField`; public names follow the rule of names.
    public func checkText() throws(InputError) {
        try TextField.check(ref, "the pledge reference")
        try TextField.check(name, "the contributor name", kind: .name)
        try TextField.check(email, "the contributor e-mail")
        try TextField.check(publicName, "the public name", kind: .name)
        try TextField.check(tier, "the tier")
        try TextField.check(message, "the pledge message", kind: .text)
    }
}

extension PostTask {
    /// Refuses a task whose text breaks the rule of `TextField`.
    public func checkText() throws(InputError) {
        try TextField.check(name, "the task name", kind: .name)
        for name in after { try TextField.check(name, "the task name", kind: .name) }
        try TextField.check(assignee, "the assignee name", kind: .name)
        try TextField.check(line, "the budget line")
    }
}

extension NewsPost {
    /// Refuses a news post whose text breaks the rule of `TextField`.
    public func checkText() throws(InputError) {
        try TextField.check(title, "the news title")
        try TextField.check(body, "the news text", kind: .text)
    }
}

extension ClipMetadata {
    /// Refuses camera metadata whose text breaks the rule of `TextField`: what a card's sidecar says
    /// is shown on pages and terminals like anything typed.
    public func checkText() throws(InputError) {
        try TextField.check(source, "the metadata source")
        try TextField.check(captureRate, "the capture rate")
        try TextField.check(codec, "the codec")
        try TextField.check(cameraModel, "the camera model")
        try TextField.check(cameraSerial, "the camera serial number")
        try TextField.check(manufacturer, "the camera manufacturer")
        for file in spannedFiles { try TextField.check(file, "a spanned file name") }
    }
}

extension CutTimeline {
    /// Refuses a cut whose text breaks the rule of `TextField` (its clip names are shown on pages),
    /// naming the event.
    public func checkText() throws(InputError) {
        try TextField.check(name, "the cut name", kind: .name)
        for event in events {
            try TextField.check(event.clipName, "event \(event.number): the clip name")
            try TextField.check(event.path, "event \(event.number): the media path")
            try TextField.check(event.reel, "event \(event.number): the reel name")
        }
    }
}
