import Foundation
import LimeMapping
import LimeSender

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The durable queue between an answered request and Lime: `DIR/spool.ndjson`, one line per
/// accepted conversation, `{"entry":N,"plan":{...}}`, on disk (`fdatasync`) before the request is
/// answered, and `{"done":N}` once the entry was delivered (journaled) or dead-lettered.
///
/// Group commit: appends from many requests wait together and share one write and one
/// `fdatasync`, made by one writer thread while the next batch gathers. A restart (after
/// `kill -9` too) reads the file back, ignores a torn last line, and hands out the entries
/// without a `done` line (``recovered``); the journal keeps those that reached Lime from going
/// twice. The file is rewritten with only those entries at start, and emptied when nothing is
/// pending and it grew past ``compactionBytes``.
public final class DeliverySpool: @unchecked Sendable {
    /// A spool that cannot be read or written.
    public struct SpoolError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What failed, with the path and the system's reason.
        public var message: String
        /// The message.
        public var description: String { message }
    }

    /// An accepted conversation.
    public struct Entry: Sendable {
        /// Its number in the spool.
        public var sequence: UInt64
        /// What to deliver.
        public var plan: LimePlan
        /// The size of its plan line: what it costs to hold in memory.
        public var byteCount: Int
    }

    /// The spool file's path.
    public let path: String
    /// Entries read back at start that were not done: to be delivered first.
    public private(set) var recovered: [Entry] = []
    /// Lines that could not be read back at start (described).
    public private(set) var problems: [String] = []
    /// Empties the file once it is this large and nothing is pending.
    public var compactionBytes = 64 << 20

    private let descriptor: Int32
    /// Guards the state below; only the writer (and a shut-down) waits on it.
    private let condition = NSCondition()
    /// Who waits for the group being gathered: each group has its own, so a flush wakes exactly
    /// the requests it carried, not every thread waiting for any flush.
    final class Group: @unchecked Sendable {
        let condition = NSCondition()
        var isWritten = false
    }
    private var gathering = Group()
    private var batch: [UInt8] = []
    /// The entries of the batch being gathered.
    private var batchSequences: [UInt64] = []
    private var batchNumber: UInt64 = 1
    private var nextSequence: UInt64 = 1
    /// Entries on disk and not done: the truth about what is pending (a `done` for an entry not
    /// in it is ignored, so an entry handed out twice cannot make the file look empty).
    private var live = Set<UInt64>()
    private var fileBytes = 0
    private var failure: SpoolError?
    /// The first group whose write or flush failed: it and every later one are not on disk.
    private var failedBatch = UInt64.max
    private var stopped = false
    private var writerDone = false
    private(set) var commits = 0

    /// Opens (or creates) the spool in `directory` and reads back what it holds.
    ///
    /// - Throws: ``SpoolError`` when the directory or file cannot be made, read or rewritten.
    public init(directory: String) throws(SpoolError) {
        do {
            // Conversations are personal data: the directory is the owner's only.
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw SpoolError(message: "cannot create the spool directory \(directory): \(error.localizedDescription)")
        }
        path = (directory as NSString).appendingPathComponent("spool.ndjson")
        var entries: [UInt64: [UInt8]] = [:]
        var highest: UInt64 = 0
        var problems: [String] = []
        var recovered: [Entry] = []
        let path = self.path
        do throws(SenderError) {
            _ = try RecordLines.forEach(path: path) { line in
                if let (sequence, plan) = Self.entry(line) {
                    entries[sequence] = plan
                    highest = max(highest, sequence)
                } else if let sequence = Self.done(line) {
                    entries[sequence] = nil
                } else if !line.isEmpty {
                    problems.append("an unreadable spool line of \(line.count) bytes was dropped")
                }
            }
        } catch {
            throw SpoolError(message: "cannot read the spool \(path): \(error)")
        }
        for sequence in entries.keys.sorted() {
            do throws(LimePlanDecodingError) {
                recovered.append(
                    Entry(
                        sequence: sequence, plan: try LimePlan(jsonLine: entries[sequence]!),
                        byteCount: entries[sequence]!.count))
            } catch {
                problems.append("spool entry \(sequence): \(error)")
            }
        }
        descriptor = try Self.rewrite(path: path, directory: directory, with: recovered)
        self.problems = problems
        self.recovered = recovered
        nextSequence = highest + 1
        live = Set(recovered.map(\.sequence))
        fileBytes = Int(lseek(descriptor, 0, SEEK_END))
        Thread.detachNewThread { [self] in writeLoop() }
    }

    deinit { close(descriptor) }

    /// Entries accepted and not yet done.
    public var depth: Int {
        condition.lock()
        defer { condition.unlock() }
        return live.count
    }

    /// Whether the last write and flush succeeded.
    public var isWritable: Bool {
        condition.lock()
        defer { condition.unlock() }
        return failure == nil
    }

    /// Flushes so far (each a group of appends), for metrics and tests.
    public var commitCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return commits
    }

    /// Appends a plan (its note written from the conversation's bytes) and returns once it is on disk, with its entry.
    ///
    /// - Throws: ``SpoolError`` when it could not be written and flushed; the request must then
    ///   not be acknowledged.
    public func append(_ lazy: LazyNotePlan) throws(SpoolError) -> Entry {
        // Written outside the lock, the note straight from the conversation's bytes.
        var line = Array(#"{"entry":"#.utf8)
        let plan = lazy.plan
        var body: [UInt8] = []
        plan.writeJSONLine(into: &body, writingValue: lazy.writeValue)
        if body.last == 0x0A { body.removeLast() }
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        if stopped { throw SpoolError(message: "the spool is closed") }
        let sequence = nextSequence
        nextSequence += 1
        line.append(contentsOf: String(sequence).utf8)
        line.append(contentsOf: #","plan":"#.utf8)
        batch.append(contentsOf: line)
        batch.append(contentsOf: body)
        batch.append(contentsOf: "}\n".utf8)
        batchSequences.append(sequence)
        let mine = batchNumber
        let group = gathering
        condition.broadcast()
        condition.unlock()
        group.condition.lock()
        while !group.isWritten { group.condition.wait() }
        group.condition.unlock()
        condition.lock()
        if mine >= failedBatch, let failure { throw failure }
        return Entry(sequence: sequence, plan: lazy.materialized, byteCount: body.count)
    }

    /// Marks an entry delivered (or dead-lettered); written with the next group, not waited for:
    /// the journal already holds what matters, and a lost `done` only makes a restart find the
    /// conversation in the journal.
    public func markDone(_ sequence: UInt64) {
        condition.lock()
        guard live.remove(sequence) != nil else { return condition.unlock() }
        batch.append(contentsOf: #"{"done":"#.utf8)
        batch.append(contentsOf: String(sequence).utf8)
        batch.append(contentsOf: "}\n".utf8)
        condition.broadcast()
        condition.unlock()
    }

    /// Pending entries numbered `from` or later, in order, at most `limit` of them and about
    /// `byteLimit` bytes of plans: read back from the file for a delivery queue that could not hold
    /// them all in memory.
    ///
    /// - Throws: ``SpoolError`` when the file cannot be read.
    public func pendingEntries(from: UInt64, limit: Int, byteLimit: Int) throws(SpoolError) -> [Entry] {
        var found: [Entry] = []
        var bytes = 0
        do throws(SenderError) {
            _ = try RecordLines.forEach(path: path) { line in
                guard found.count < limit, bytes < byteLimit, let (sequence, planBytes) = Self.entry(line),
                    sequence >= from, isLive(sequence),
                    let plan = try? LimePlan(jsonLine: planBytes)
                else { return }
                found.append(Entry(sequence: sequence, plan: plan, byteCount: planBytes.count))
                bytes += planBytes.count
            }
        } catch {
            throw SpoolError(message: "cannot read the spool \(path): \(error)")
        }
        return found
    }

    func isLive(_ sequence: UInt64) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return live.contains(sequence)
    }

    /// Writes what is gathered and stops the writer.
    public func shutDown() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !writerDone { condition.wait() }
        condition.unlock()
    }

    private func writeLoop() {
        condition.lock()
        while true {
            while batch.isEmpty && !stopped { condition.wait() }
            if batch.isEmpty && stopped { break }
            let bytes = batch
            let number = batchNumber
            let sequences = batchSequences
            let group = gathering
            gathering = Group()
            batch = []
            batchSequences = []
            batchNumber += 1
            condition.unlock()
            // Written and flushed while the next group gathers; `done` lines alone are not flushed
            // (the journal has flushed what they say).
            var ok = Self.write(bytes, to: descriptor) && (sequences.isEmpty || Self.syncData(descriptor))
            let reason = String(cString: strerror(errno))
            condition.lock()
            if ok { live.formUnion(sequences) }
            fileBytes += bytes.count
            if !sequences.isEmpty { commits += 1 }
            if ok && live.isEmpty && batchSequences.isEmpty && fileBytes > compactionBytes {
                ok = ftruncate(descriptor, 0) == 0 && Self.syncData(descriptor)
                if ok { fileBytes = 0 }
            }
            if !ok && failure == nil {
                failure = SpoolError(message: "cannot write the spool \(path): \(reason)")
                failedBatch = number
            }
            condition.unlock()
            group.condition.lock()
            group.isWritten = true
            group.condition.broadcast()
            group.condition.unlock()
            condition.lock()
        }
        writerDone = true
        condition.broadcast()
        condition.unlock()
    }

    static func write(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes {
                Foundation.write(descriptor, $0.baseAddress! + written, $0.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                return false
            }
            written += result
        }
        return true
    }
}
