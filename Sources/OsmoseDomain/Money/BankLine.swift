import Foundation

/// One line of a bank statement [relevé bancaire] of one of the production's accounts.
///
/// The amount is signed integer cents: money out of the account is negative, money in positive.
public struct BankLine: Hashable, Sendable {
    /// A booked line is final; a pending one [opération en cours / à venir] may still change or vanish.
    public enum State: String, ClosedChoice {
        case booked, pending
        public static let what = "bank line state"
    }

    public var id: Int64?
    /// The account's name as the production calls it (`--account`): “compte courant”, “Qonto”…
    public var account: String
    /// The date of the operation [date d'opération], as the statement shows it.
    public var date: LocalDate
    /// The value date [date de valeur], when the statement has one.
    public var valueDate: LocalDate?
    /// The statement's wording [libellé], as the bank wrote it.
    public var label: String
    /// Signed cents: money out is negative.
    public var amount: Int64
    public var state: State
    /// The bank's own identifier of the operation, when the export has one (Qonto, Shine, Revolut…).
    public var reference: String?

    public init(id: Int64? = nil, account: String, date: LocalDate, valueDate: LocalDate? = nil, label: String, amount: Int64,
                state: State = .booked, reference: String? = nil) {
        self.id = id
        self.account = account
        self.date = date
        self.valueDate = valueDate
        self.label = label
        self.amount = amount
        self.state = state
        self.reference = reference
    }

    /// Whether money left the account.
    public var isMoneyOut: Bool { amount < 0 }
}
