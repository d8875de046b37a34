import Foundation

/// A value typed by a person (a date, a timecode, a name…) that cannot be taken as it is.
///
/// The message is one sentence that names the bad value, ready to be shown as it is.
public struct InputError: LocalizedError, CustomStringConvertible, Equatable, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var errorDescription: String? { message }
    public var description: String { message }
}

extension String {
    /// The value between typographic quotes, as messages name it.
    public var quoted: String { "“\(self)”" }
}
