import Foundation
import GRDB
import OsmoseDomain

/// Batches of parsed rows handed from a reading thread to the writing one, with a bound so that
/// a large export never piles up in memory.
final class BatchChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [[(line: Int, pledge: Pledge)]] = []
    private var finished = false
    private var cancelled = false
    private(set) var failure: (any Error)?
    private let bound = 16

    /// Queues a batch; waits while too many are queued. Returns false once the writer has given up.
    func send(_ batch: [(line: Int, pledge: Pledge)]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= bound && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// No more batches will come; `error` says why the reader stopped early, if it did.
    func finish(_ error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or nil once the reader has finished and everything was taken.
    func receive() -> [(line: Int, pledge: Pledge)]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        guard !batches.isEmpty else { return nil }
        condition.broadcast()
        return batches.removeFirst()
    }

    /// The writer stops taking batches (it failed); the reader stops waiting.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for the reader to have finished.
    func waitUntilFinished() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }
}

extension Ledger {
    /// Imports pledges while they are being read: `read` runs on a thread of its own, handing each
    /// good row to `yield`, while this thread writes them in one transaction. Whatever `read` throws
    /// (a bad row found, say) rolls everything back. `progress` is told how many rows were applied.
    public func importPledges(
        dryRun: Bool = false, progress: ((Int) -> Void)? = nil,
        read: @escaping @Sendable (_ yield: (Int, Pledge) -> Void) throws -> Void
    ) throws -> ImportSummary {
        let channel = BatchChannel()
        let reader = Thread {
            var batch: [(line: Int, pledge: Pledge)] = []
            batch.reserveCapacity(512)
            var open = true
            do {
                try read { line, pledge in
                    guard open else { return }
                    batch.append((line, pledge))
                    if batch.count == 512 {
                        open = channel.send(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if open && !batch.isEmpty { _ = channel.send(batch) }
                channel.finish(nil)
            } catch {
                channel.finish(error)
            }
        }
        reader.stackSize = 8 << 20
        reader.start()
        do {
            let summary = try importPledges(dryRun: dryRun) { session in
                while let batch = channel.receive() {
                    for row in batch { session.apply(line: row.line, pledge: row.pledge) }
                    progress?(session.applied)
                    if session.failure != nil { break }
                }
                channel.cancel()
                channel.waitUntilFinished()
                if let failure = channel.failure { throw failure }
            }
            return summary
        } catch {
            channel.cancel()
            channel.waitUntilFinished()
            throw error
        }
    }
}
