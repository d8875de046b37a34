import ArgumentParser
import Foundation
import OsmoseDomain
import OsmoseStorage

struct SpaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "space", abstract: "Places filmed or used: coworking spaces, workshops, cinemas.",
        subcommands: [Add.self, List.self, Show.self, Set.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Record a space.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The space's name, as it should appear.") var name: String
        @Option(help: "coworking, workshop, cinema or other.") var kind = "other"
        @Option(help: "Its address.") var address: String?
        @Option(help: "Who to call there (private).") var contact: String?
        @Option(help: "Access notes and the like.") var notes: String?

        func run() throws {
            let space = Space(name: name, kind: try Space.Kind(parsing: kind), address: address, contact: contact, notes: notes)
            try global.open().ledger.addSpace(space)
            Console.line("Added the space “\(space.name)” (\(space.kind.rawValue)).")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the spaces.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let spaces = try global.open(readOnly: true).ledger.spaces()
            if json { return try Console.json(spaces) }
            Console.table(["NAME", "KIND", "ADDRESS"], spaces.map { [$0.name, $0.kind.rawValue, $0.address ?? ""] })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one space.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let space = try global.open(readOnly: true).ledger.space(named: name)
            if json { return try Console.json(space) }
            Console.line(space.name)
            Console.line("  kind     \(space.kind.rawValue)")
            Console.line("  address  \(space.address ?? "—")")
            Console.line("  contact  \(space.contact ?? "—")")
            Console.line("  notes    \(space.notes ?? "—")")
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Change a space (an empty value clears a field).")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Option(help: "A new name.") var rename: String?
        @Option var kind: String?
        @Option var address: String?
        @Option var contact: String?
        @Option var notes: String?

        func run() throws {
            let kind = try self.kind.map { try Space.Kind(parsing: $0) }
            let space = try global.open().ledger.updateSpace(named: name) { space in
                if let rename { space.name = rename }
                if let kind { space.kind = kind }
                Typed.change(address, into: &space.address)
                Typed.change(contact, into: &space.contact)
                Typed.change(notes, into: &space.notes)
            }
            Console.line("Updated the space “\(space.name)”.")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a space no shooting day or release refers to.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String

        func run() throws {
            try global.open().ledger.removeSpace(named: name)
            Console.line("Removed the space “\(name)”.")
        }
    }
}

struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person", abstract: "People: participants, directors, crew, press, partners.",
        subcommands: [Add.self, List.self, Show.self, Set.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Record a person.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Their name, as it should appear.") var name: String
        @Option(help: "participant, director, crew, press or partner.") var role: String
        @Option(help: "E-mail (private).") var email: String?
        @Option(help: "Phone (private).") var phone: String?
        @Flag(help: "A minor: their release needs a guardian's signature.") var minor = false
        @Option(help: "The guardian of a minor.") var guardian: String?
        @Option var notes: String?

        func validate() throws {
            if guardian != nil && !minor { throw ValidationError("--guardian is for a minor: add --minor") }
        }

        func run() throws {
            let person = Person(
                name: name, role: try Person.Role(parsing: role), email: email, phone: phone, minor: minor,
                guardian: guardian, notes: notes)
            try global.open().ledger.addPerson(person)
            Console.line("Added “\(person.name)” (\(person.role.rawValue)\(minor ? ", minor" : "")).")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List people.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this role.") var role: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let role = try self.role.map { try Person.Role(parsing: $0) }
            let people = try global.open(readOnly: true).ledger.people(role: role)
            if json { return try Console.json(people) }
            Console.table(["NAME", "ROLE", "E-MAIL", "PHONE", "NOTE"], people.map {
                [$0.name, $0.role.rawValue, $0.email ?? "", $0.phone ?? "", $0.minor ? "minor (guardian: \($0.guardian ?? "?"))" : ""]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one person.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let person = try global.open(readOnly: true).ledger.person(named: name)
            if json { return try Console.json(person) }
            Console.line(person.name)
            Console.line("  role      \(person.role.rawValue)")
            Console.line("  e-mail    \(person.email ?? "—")")
            Console.line("  phone     \(person.phone ?? "—")")
            if person.minor { Console.line("  minor     guardian: \(person.guardian ?? "—")") }
            Console.line("  notes     \(person.notes ?? "—")")
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Change a person (an empty value clears a field).")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Option(help: "A new name.") var rename: String?
        @Option var role: String?
        @Option var email: String?
        @Option var phone: String?
        @Flag(inversion: .prefixedNo, help: "Whether they are a minor.") var minor: Bool?
        @Option var guardian: String?
        @Option var notes: String?

        func run() throws {
            let role = try self.role.map { try Person.Role(parsing: $0) }
            let person = try global.open().ledger.updatePerson(named: name) { person in
                if let rename { person.name = rename }
                if let role { person.role = role }
                if let minor { person.minor = minor }
                Typed.change(email, into: &person.email)
                Typed.change(phone, into: &person.phone)
                Typed.change(guardian, into: &person.guardian)
                Typed.change(notes, into: &person.notes)
            }
            Console.line("Updated “\(person.name)”.")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a person no shooting day, release or log refers to.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String

        func run() throws {
            try global.open().ledger.removePerson(named: name)
            Console.line("Removed “\(name)”.")
        }
    }
}
