import Foundation

/// A spending recorded against a budget line [dépense].
public struct Expense: Hashable, Sendable {
    public var id: Int64?
    public var amount: Int64
    public var lineCode: String
    public var date: LocalDate
    public var payee: String
    public var payable: Bool
    public var receipt: Release.Scan?
    public var note: String?

    public init(id: Int64? = nil, amount: Int64, lineCode: String, date: LocalDate, payee: String, payable: Bool = false,
                receipt: Release.Scan? = nil, note: String? = nil) {
        self.id = id
        self.amount = amount
        self.lineCode = lineCode
        self.date = date
        self.payee = payee
        self.payable = payable
        self.receipt = receipt
        self.note = note
    }
}

/// Money received from a funding source: a grant instalment, own funds, valued in-kind work.
public struct FundingReceipt: Hashable, Sendable {
    public var id: Int64?
    public var sourceID: String
    public var amount: Int64
    public var date: LocalDate
    public var note: String?

    public init(id: Int64? = nil, sourceID: String, amount: Int64, date: LocalDate, note: String? = nil) {
        self.id = id
        self.sourceID = sourceID
        self.amount = amount
        self.date = date
        self.note = note
    }
}
