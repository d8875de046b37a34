import Foundation
import Hummingbird
import OsmoseDomain
import OsmoseStorage

extension TeamController {
    /// The directors' pages: the cards with their verification state, the clips, and the cut with its clearance.
    func addFootageRoutes(to team: RouterGroup<AppRequestContext>) {
        team.get("/footage") { request, context in
            let lang = Language(request: request)
            let q = request.queryFields
            let shoot = try q.nonEmpty("shoot").map { try LocalDate(parsing: $0) }
            let person = q.nonEmpty("person")
            let cards = try site.ledger.cards().map { card -> [String: Any] in
                ["name": card.name, "shoot": card.shoot.description, "camera": card.camera, "files": card.files,
                 "size": ByteSize.describe(card.bytes), "verified": card.verified,
                 "algorithms": card.algorithms.joined(separator: ", "),
                 "copies": card.copies.map { ["path": $0.path, "generation": $0.generation, "ok": $0.state == .verified,
                                              "checked": $0.checkedAt.formatted(.iso8601), "problems": $0.problems.joined(separator: "; ")] }]
            }
            let clips = try site.ledger.clips(ClipQuery(shoot: shoot, person: person)).map { clip -> [String: Any] in
                ["clip": clip.reference, "shoot": clip.shoot.description, "camera": clip.camera,
                 "model": clip.metadata.cameraModel ?? "", "start": clip.metadata.startTimecode?.description ?? "",
                 "frames": clip.metadata.durationFrames.map { "\($0)" } ?? "", "fps": clip.metadata.rate?.label ?? "",
                 "persons": clip.persons.joined(separator: ", "), "space": clip.space ?? ""]
            }
            return html(site.page(lang: lang, title: lang.t("footage"), path: "/team/footage", template: "footage",
                                  ["cards": cards, "hasCards": !cards.isEmpty, "clips": clips, "count": clips.count,
                                   "shoot": shoot?.description ?? "", "person": person ?? ""], member: context.member))
        }
        team.get("/cut") { request, context in
            let lang = Language(request: request)
            let names = try site.ledger.cutNames()
            let q = request.queryFields
            guard let name = q.nonEmpty("name") ?? names.first else {
                return html(site.page(lang: lang, title: lang.t("cut"), path: "/team/cut", template: "cut", ["none": true], member: context.member))
            }
            let usage = try Usage(parsing: q["usage"] ?? "cinema")
            let territory = try Territory(parsing: q["territory"] ?? "france")
            let on = try q.nonEmpty("on").map { try LocalDate(parsing: $0) } ?? site.today
            let cut = try site.ledger.cut(named: name)
            let gate = try site.ledger.releaseGate(cut: name, usage: usage, territory: territory, on: on)
            let blocked = Set(gate.subjects.filter { !$0.cleared }.map(\.clearance.subject))
            let events = cut.events.map { e -> [String: Any] in
                let subjects = e.persons.map(ReleaseSubject.person) + (e.space.map { [ReleaseSubject.space($0)] } ?? [])
                return ["number": e.event.number, "recordIn": e.event.recordIn.description, "recordOut": e.event.recordOut.description,
                        "clip": e.clip ?? "", "matched": e.clip != nil, "name": e.event.clipName ?? e.event.reel ?? "",
                        "sourceIn": e.event.sourceIn.description, "sourceOut": e.event.sourceOut.description,
                        "subjects": subjects.map { ["name": $0.name, "blocked": blocked.contains($0)] }]
            }
            let subjects = gate.subjects.map { s -> [String: Any] in
                ["name": s.clearance.subject.name, "kind": s.clearance.subject.kind, "cleared": s.cleared,
                 "reasons": s.clearance.reasons.map { $0.explained(usage: usage, territory: territory, release: s.clearance.current) }
                    .joined(separator: "; "),
                 "appearances": s.appearances.map { "\($0.recordIn)–\($0.recordOut)" }.joined(separator: ", ")]
            }
            return html(site.page(lang: lang, title: lang.t("cut"), path: "/team/cut", template: "cut", [
                "name": cut.name, "format": cut.format, "cleared": gate.cleared, "events": events, "subjects": subjects,
                "unmatched": cut.unmatched.count, "hasUnmatched": !cut.unmatched.isEmpty,
                "cuts": names.map { ["name": $0, "selected": $0 == cut.name] },
                "usages": Usage.allCases.map { ["name": $0.rawValue, "selected": $0 == usage] },
                "usage": usage.rawValue, "territory": territory.name, "on": on.description,
            ], member: context.member))
        }
    }
}
