import Foundation

/// A person invited to the premiere [avant-première], with the seats offered and the answer given.
public struct Guest: Sendable, Equatable {
    /// Why the person is invited; when one person is invited for several reasons the most specific wins.
    public enum Kind: String, ClosedChoice {
        case contributor, participant, crew, director, press, partner, other
        public static let what = "guest kind"

        /// Higher is more specific: the director who also pledged is seated as the director.
        var specificity: Int {
            switch self {
            case .director: 6
            case .crew: 5
            case .participant: 4
            case .press: 3
            case .partner: 2
            case .contributor: 1
            case .other: 0
            }
        }
    }

    /// The guest's answer.
    public enum RSVP: String, ClosedChoice {
        case pending, yes, no, waitlist
        public static let what = "answer"
    }

    public var name: String
    public var kind: Kind
    /// Seats offered: the guest and their companions.
    public var allowance: Int
    public var rsvp: RSVP
    /// Seats confirmed (when `yes`) or asked for (when on the waiting list); 0 otherwise.
    public var seats: Int
    public var checkedIn: Int
    /// Position in the invitation list, from 0.
    public var invitedAt: Int
    /// Place in the waiting list: lower answered earlier. Nil when not waiting.
    public var waitlistedAt: Int?

    /// Seats held for the guest in the room: those confirmed, or those already in if more.
    public var seatsHeld: Int { max(rsvp == .yes ? seats : 0, checkedIn) }

    /// The people a check-in counts when not told: the seats confirmed, else one.
    public var seatsAtDoor: Int { max(1, rsvp == .yes ? seats : 1) }

    public init(
        name: String, kind: Kind, allowance: Int, rsvp: RSVP = .pending, seats: Int = 0, checkedIn: Int = 0,
        invitedAt: Int, waitlistedAt: Int? = nil
    ) {
        self.name = name
        self.kind = kind
        self.allowance = allowance
        self.rsvp = rsvp
        self.seats = seats
        self.checkedIn = checkedIn
        self.invitedAt = invitedAt
        self.waitlistedAt = waitlistedAt
    }
}

/// The premiere's guest list: who is invited, how many seats each, and a waiting list when the room is full.
public enum GuestList {
    /// One entry per person from every source of invitations, in the order given.
    ///
    /// Contributors get the seats of their pledges' tiers (none when a tier has no seat); participants get one
    /// seat plus `companionsPerParticipant`; crew and directors one seat; manual entries the seats given (at
    /// least one). A person named twice (names compared folded) keeps the first spelling, the largest allowance
    /// and the most specific kind.
    public static func build(
        pledgeSeats: [(name: String, seats: Int)], participants: [String], companionsPerParticipant: Int = 1,
        crew: [String], directors: [String], manual: [(name: String, seats: Int, kind: Guest.Kind)] = []
    ) -> [Guest] {
        var guests: [Guest] = []
        var indexByKey: [String: Int] = [:]
        func invite(_ rawName: String, allowance: Int, kind: Guest.Kind) {
            let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty else { return }
            let key = NameKey.fold(name)
            if let i = indexByKey[key] {
                guests[i].allowance = max(guests[i].allowance, allowance)
                if kind.specificity > guests[i].kind.specificity { guests[i].kind = kind }
            } else {
                indexByKey[key] = guests.count
                guests.append(Guest(name: name, kind: kind, allowance: allowance, invitedAt: guests.count))
            }
        }
        for pledge in pledgeSeats where pledge.seats > 0 {
            invite(pledge.name, allowance: pledge.seats, kind: .contributor)
        }
        for name in participants {
            invite(name, allowance: 1 + max(0, companionsPerParticipant), kind: .participant)
        }
        for name in crew { invite(name, allowance: 1, kind: .crew) }
        for name in directors { invite(name, allowance: 1, kind: .director) }
        for entry in manual { invite(entry.name, allowance: max(1, entry.seats), kind: entry.kind) }
        return guests
    }

    /// Records a guest's answer and moves the waiting list up when seats come free.
    ///
    /// A yes is confirmed when its seats fit in what is left of `capacity`, else it joins the end of the waiting
    /// list; a no frees the guest's seats. Then the waiting list is taken in order and each waiting guest whose
    /// asked seats all fit is confirmed (one who does not fit keeps their place). A confirmed guest may lower
    /// their seats, but asking for more than is left is refused: they would otherwise lose the seats they have.
    /// Returns the guest as recorded.
    @discardableResult
    public static func answer(
        _ guests: inout [Guest], name: String, accept: Bool, seats: Int, capacity: Int
    ) throws(InputError) -> Guest {
        guard capacity >= 0 else { throw InputError("a room of \(capacity) seats is not possible") }
        let key = NameKey.fold(name)
        guard let i = guests.firstIndex(where: { NameKey.fold($0.name) == key }) else {
            var message = "\(name.quoted) is not on the guest list"
            if let near = NameKey.nearest(to: name, in: guests.map(\.name)) {
                message += " (did you mean \(near.quoted)?)"
            }
            throw InputError(message)
        }
        // Seats freed since the last answer (a larger room) go first to those ahead in line, not to this answer.
        moveUp(&guests, capacity: capacity, aheadOf: i)
        let guest = guests[i]
        if !accept {
            guests[i].rsvp = .no
            guests[i].seats = 0
            guests[i].waitlistedAt = nil
        } else {
            guard seats >= 1 else {
                throw InputError("\(guest.name.quoted) accepts with \(seats) seats: a yes takes at least 1 seat")
            }
            guard seats <= guest.allowance else {
                throw InputError(
                    "\(guest.name.quoted) asks for \(seats) seats but is offered \(guest.allowance)")
            }
            let free = capacity - (confirmedSeats(guests) - (guest.rsvp == .yes ? guest.seats : 0))
            if seats <= free {
                guests[i].rsvp = .yes
                guests[i].seats = seats
                guests[i].waitlistedAt = nil
            } else if guest.rsvp == .yes {
                throw InputError(
                    "\(guest.name.quoted) has \(guest.seats) confirmed seats and asks for \(seats), "
                        + "but only \(max(0, free)) fit: they keep \(guest.seats)")
            } else {
                let last = guests.compactMap(\.waitlistedAt).max() ?? -1
                guests[i].rsvp = .waitlist
                guests[i].seats = seats
                // A waiting guest who changes the number asked keeps their place.
                guests[i].waitlistedAt = guest.waitlistedAt ?? last + 1
            }
        }
        moveUp(&guests, capacity: capacity, aheadOf: nil)
        return guests[i]
    }

    /// The room changes size: waiting guests move up, in order, into the seats it gains. A room
    /// smaller than the seats already confirmed is refused (nobody is turned away by a resize).
    public static func resize(_ guests: inout [Guest], capacity: Int) throws(InputError) {
        let confirmed = confirmedSeats(guests)
        guard capacity >= confirmed else {
            throw InputError("\(confirmed) seats are already confirmed: the room cannot shrink to \(capacity)")
        }
        moveUp(&guests, capacity: capacity, aheadOf: nil)
    }

    /// Seats taken by guests who said yes.
    public static func confirmedSeats(_ guests: [Guest]) -> Int {
        guests.reduce(0) { $0 + ($1.rsvp == .yes ? $1.seats : 0) }
    }

    /// Guests waiting for seats, first in line first.
    public static func waitingList(_ guests: [Guest]) -> [Guest] {
        guests.filter { $0.rsvp == .waitlist }
            .sorted { ($0.waitlistedAt ?? 0, $0.invitedAt) < ($1.waitlistedAt ?? 0, $1.invitedAt) }
    }

    /// Confirms waiting guests, in order, whose asked seats fit in what is free; with `aheadOf`, only those
    /// before that guest in line (all of the line when that guest is not waiting), and never that guest.
    private static func moveUp(_ guests: inout [Guest], capacity: Int, aheadOf stop: Int?) {
        var free = capacity - confirmedSeats(guests)
        var line = guests.indices.filter { guests[$0].rsvp == .waitlist }
            .sorted { (guests[$0].waitlistedAt ?? 0, $0) < (guests[$1].waitlistedAt ?? 0, $1) }
        if let stop {
            line = Array(line.prefix { $0 != stop })
        }
        for i in line where guests[i].seats <= free {
            guests[i].rsvp = .yes
            guests[i].waitlistedAt = nil
            free -= guests[i].seats
        }
    }
}
