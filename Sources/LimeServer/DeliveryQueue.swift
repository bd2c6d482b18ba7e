import Foundation
import LimeMapping
import LimeSender

/// What became of a conversation, for the request that is still waiting for it.
public enum DeliveryOutcome: Sendable, Equatable {
    /// Its history is in Lime, at this URL.
    case delivered(URL)
    /// It was delivered before (the journal has it); the URL when a lookup found it.
    case journaled(URL?)
    /// Lime refused it for good; it is in the dead-letter file.
    case deadLettered(String)
}

/// Spool entries on their way to Lime: `workers` threads take them in order and hand each to
/// ``LimeSender/deliver(one:)`` (so the sender's journal, claims, retries, rate limit and dead
/// letters apply). A failure that may pass (Lime not answering, a refused key, a journal that
/// cannot be written) puts the entry back at the front and pauses that worker, doubling up to a
/// minute: nothing is dropped or dead-lettered because Lime was down for a while.
///
/// Memory is bounded: at most ``capacity`` entries and ``byteCapacity`` bytes of plans are held.
/// Past that, entries stay in the spool file only (the request is answered `{"queued": true}` at
/// once), and once the queue in memory has run dry the workers read them back from the file, in
/// order, a queueful at a time. While anything is out on disk, new entries go there too, so the
/// order stays that of acceptance.
final class DeliveryQueue: @unchecked Sendable {
    /// One entry and whoever waits for it.
    final class Ticket: @unchecked Sendable {
        let entry: DeliverySpool.Entry
        private let condition = NSCondition()
        private var outcome: DeliveryOutcome?
        private var waiting: Bool

        init(entry: DeliverySpool.Entry, awaited: Bool) {
            self.entry = entry
            waiting = awaited
        }

        /// The outcome once there is one, or nil at `deadline` (the entry stays queued).
        func wait(until deadline: Date) -> DeliveryOutcome? {
            condition.lock()
            defer { condition.unlock() }
            waiting = true
            while outcome == nil && condition.wait(until: deadline) {}
            waiting = false
            return outcome
        }

        /// Whether a request is waiting now (a journaled entry is then looked up for its URL).
        var isAwaited: Bool {
            condition.lock()
            defer { condition.unlock() }
            return waiting
        }

        func complete(_ value: DeliveryOutcome) {
            condition.lock()
            outcome = value
            condition.broadcast()
            condition.unlock()
        }
    }

    let sender: LimeSender
    let spool: DeliverySpool
    let metrics: ServerMetrics
    /// Where failures are told (a line each; Lime's texts come with the key already removed).
    let log: @Sendable (String) -> Void
    let firstPause: Double
    private let condition = NSCondition()
    private var queue: [Ticket] = []
    private var head = 0
    private var stopping = false
    private var running = 0
    private var reachable: Bool?
    let capacity: Int
    let byteCapacity: Int
    private var heldBytes = 0
    /// The first entry that is on disk only; nil when every pending entry is in memory.
    private var spilledFrom: UInt64?
    /// Entries spilled so far (a reload that saw fewer than it could knows none came meanwhile).
    private var spills = 0
    private var reloading = false

    init(
        sender: LimeSender, spool: DeliverySpool, metrics: ServerMetrics, workers: Int, firstPause: Double = 1,
        capacity: Int = 4096,
        byteCapacity: Int = 16 << 20, log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.log = log
        self.capacity = max(1, capacity)
        self.byteCapacity = max(1, byteCapacity)
        self.sender = sender
        self.spool = spool
        self.metrics = metrics
        self.firstPause = firstPause
        running = max(1, workers)
        for _ in 0..<running { Thread.detachNewThread { [self] in work() } }
    }

    /// Whether Lime answered the last delivery (nil: none tried yet).
    var isLimeReachable: Bool? {
        condition.lock()
        defer { condition.unlock() }
        return reachable
    }

    /// Entries waiting (not yet taken by a worker).
    var waiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return queue.count - head
    }

    /// Queues an entry; the ticket tells its outcome. `awaited`: a request waits for it (set
    /// before the worker can look, so a journaled entry is looked up for the request's answer).
    /// Nil when the queue is full: the entry stays on disk and is read back later.
    @discardableResult
    func submit(_ entry: DeliverySpool.Entry, awaited: Bool) -> Ticket? {
        condition.lock()
        defer { condition.unlock() }
        guard spilledFrom == nil, queue.count - head < capacity,
            heldBytes + entry.byteCount <= byteCapacity || queue.count == head
        else {
            if spilledFrom == nil {
                spilledFrom = entry.sequence
                condition.broadcast()
            }
            spills += 1
            return nil
        }
        let ticket = Ticket(entry: entry, awaited: awaited)
        queue.append(ticket)
        heldBytes += entry.byteCount
        // Broadcast: a signal could go to a worker in its pause, which would sleep on.
        condition.broadcast()
        return ticket
    }

    /// Whether entries are on disk only now.
    var isSpilled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return spilledFrom != nil
    }

    /// Lets the workers finish the delivery each is in (up to `timeout` seconds) and stops them;
    /// what is still queued stays in the spool for the next start.
    func stop(timeout: Double) {
        condition.lock()
        stopping = true
        condition.broadcast()
        let deadline = Date().addingTimeInterval(timeout)
        while running > 0 && condition.wait(until: deadline) {}
        condition.unlock()
    }

    private func next() -> Ticket? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            while head == queue.count && !stopping && (spilledFrom == nil || reloading) { condition.wait() }
            if stopping { return nil }
            if head == queue.count, let from = spilledFrom {
                reload(from: from)
                continue
            }
            break
        }
        let ticket = queue[head]
        heldBytes -= ticket.entry.byteCount
        head += 1
        if head > 1024 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return ticket
    }

    /// Reads the next queueful of spilled entries back from the spool (called with the lock held,
    /// which it lets go while it reads).
    private func reload(from: UInt64) {
        reloading = true
        let spillsBefore = spills
        condition.unlock()
        let entries = try? spool.pendingEntries(from: from, limit: capacity, byteLimit: byteCapacity)
        condition.lock()
        reloading = false
        guard let entries else {
            // The file cannot be read now: try again in a moment.
            _ = condition.wait(until: Date().addingTimeInterval(firstPause))
            return
        }
        for entry in entries {
            queue.append(Ticket(entry: entry, awaited: false))
            heldBytes += entry.byteCount
        }
        if let last = entries.last {
            spilledFrom = last.sequence + 1
        }
        // Fewer than a queueful and nothing spilled meanwhile: the file has no more.
        if entries.count < capacity && spills == spillsBefore && entries.reduce(0, { $0 + $1.byteCount }) < byteCapacity
        {
            spilledFrom = nil
        }
        condition.broadcast()
    }

    private func work() {
        var pause = firstPause
        while let ticket = next() {
            do throws(SenderError) {
                let outcome = try deliver(ticket)
                spool.markDone(ticket.entry.sequence)
                ticket.complete(outcome)
                setReachable(true)
                pause = firstPause
            } catch {
                metrics.delivery("deferred")
                log(
                    "conversation \(ticket.entry.plan.conversationID): not delivered yet, tried again in \(pause) s: \(error)"
                )
                if case .unauthorized = error { setReachable(true) } else { setReachable(false) }
                // Back at the front: it was accepted before everything behind it.
                condition.lock()
                if head > 0 {
                    head -= 1
                    queue[head] = ticket
                } else {
                    queue.insert(ticket, at: 0)
                }
                heldBytes += ticket.entry.byteCount
                condition.broadcast()
                // The whole pause: a new entry's signal must not cut it short.
                let until = Date().addingTimeInterval(pause)
                while !stopping && condition.wait(until: until) {}
                condition.unlock()
                pause = min(pause * 2, 60)
            }
        }
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    private func deliver(_ ticket: Ticket) throws(SenderError) -> DeliveryOutcome {
        switch try sender.deliver(one: ticket.entry.plan) {
        case .created(let limetype, let id):
            metrics.delivery("created")
            return .delivered(sender.endpoint.object(limetype, id: id))
        case .alreadyPresent(let limetype, let id):
            metrics.delivery("already_present")
            return .delivered(sender.endpoint.object(limetype, id: id))
        case .noteChanged(let limetype, let id):
            metrics.delivery("note_changed")
            return .delivered(sender.endpoint.object(limetype, id: id))
        case .journaled:
            metrics.delivery("journaled")
            guard ticket.isAwaited,
                let limetype = ticket.entry.plan.objects.first(where: { $0.role == .history })?.limetype
            else {
                return .journaled(nil)
            }
            let id = try? sender.historyID(of: ticket.entry.plan)
            return .journaled(id.flatMap { $0 }.map { sender.endpoint.object(limetype, id: $0) })
        case .deadLettered(let message):
            metrics.delivery("dead_letter")
            log(
                "conversation \(ticket.entry.plan.conversationID): refused by Lime, in the dead-letter file: \(message)"
            )
            return .deadLettered(message)
        }
    }

    private func setReachable(_ value: Bool) {
        condition.lock()
        reachable = value
        condition.unlock()
    }
}
