import Dispatch
import Foundation
import LimeJSON
import LimeMapping
import LimeUserlike

/// Carries out plans against Lime CRM: find-or-create the person and company, look up the
/// coworker (each cached for the run in a ``LookupCache``, one request per key even when workers
/// race; a found person may bring its company), find-or-create the conversation record and the
/// topic instance when the plan has them, then find-or-create the history by its conversation id
/// (or, with a re-send rule, add or update its note), and record the conversation in the
/// ``Journal`` once its history exists. Up to `concurrency` plans are in flight, never two
/// with the same conversation id: a copy (overlapping exports, API pages that shifted) waits for
/// the first and is then skipped as journaled.
///
/// When Lime does not answer at all (refused connections, no DNS, TLS failing) the run stops with
/// ``SenderError/unreachable(_:)`` instead of dead-lettering the whole export: after
/// ``unreachableLimitBeforeAnswer`` conversations in a row got no answer while Lime has not
/// answered once in the run, or ``unreachableLimit`` in a row after it had.
public final class LimeSender: @unchecked Sendable {
    /// What a run did.
    public struct Summary: Sendable, Equatable {
        /// Histories created in this run.
        public var created = 0
        /// Conversations whose history Lime already had (a lost response, a re-sent conversation).
        public var alreadyPresent = 0
        /// Conversations skipped because the journal has them (from an earlier run, or an earlier
        /// copy in this one).
        public var journaled = 0
        /// Conversations that finally failed (in the dead-letter file).
        public var failed = 0
        /// Conversations Lime had that got a new history note (re-send rule `new-note`).
        public var notesAdded = 0
        /// Conversations Lime had whose history note was replaced (re-send rule `update-note`).
        public var notesUpdated = 0
    }

    /// Conversations in a row without any answer that stop a run in which Lime never answered.
    public static let unreachableLimitBeforeAnswer = 3
    /// Conversations in a row without any answer that stop a run in which Lime had answered.
    public static let unreachableLimit = 16

    let client: LimeClient
    let journal: Journal
    let deadLetters: DeadLetters
    let concurrency: Int
    let lookups = LookupCache()
    private let lock = NSLock()
    private var summary = Summary()
    private var fatal: SenderError?
    /// Conversation ids in flight, each with the group its copies wait on.
    private var inFlight: [String: DispatchGroup] = [:]
    private var answered = false
    private var unreachableStreak = 0

    /// Creates a sender.
    public init(client: LimeClient, journal: Journal, deadLetters: DeadLetters, concurrency: Int = 4) {
        self.client = client
        self.journal = journal
        self.deadLetters = deadLetters
        self.concurrency = max(1, concurrency)
    }

    /// Sends every plan `next` hands out (on the calling thread, in order) with up to `concurrency`
    /// in flight; calls `progress` after each conversation with the summary so far.
    ///
    /// - Throws: ``SenderError/unauthorized(status:message:)`` (and stops at once) when Lime refuses
    ///   the key; ``SenderError/unreachable(_:)`` when Lime does not answer (see the type); the
    ///   error of a journal or dead-letter file that cannot be written.
    public func run(next: () -> LimePlan?, progress: (Summary) -> Void = { _ in }) throws(SenderError) -> Summary {
        let slots = DispatchSemaphore(value: concurrency)
        let group = DispatchGroup()
        let queue = DispatchQueue(label: "limestream.send", attributes: .concurrent)
        while let plan = next() {
            if isStopped { break }
            if journal.contains(plan.conversationID, version: Self.journalVersion(plan)) {
                update { $0.journaled += 1 }
                progress(current)
                continue
            }
            slots.wait()
            group.enter()
            queue.async {
                self.deliver(plan)
                slots.signal()
                group.leave()
            }
            progress(current)
        }
        group.wait()
        lock.lock()
        defer { lock.unlock() }
        if let fatal { throw fatal }
        return summary
    }

    var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return fatal != nil
    }

    var current: Summary {
        lock.lock()
        defer { lock.unlock() }
        return summary
    }

    func update(_ change: (inout Summary) -> Void) {
        lock.lock()
        change(&summary)
        lock.unlock()
    }

    func stop(_ error: SenderError) {
        lock.lock()
        if fatal == nil { fatal = error }
        lock.unlock()
    }

    /// One conversation, start to end, once its id is claimed.
    func deliver(_ plan: LimePlan) {
        guard let claim = claim(plan.conversationID, version: Self.journalVersion(plan)) else {
            update { $0.journaled += 1 }
            return
        }
        defer { release(plan.conversationID, claim) }
        guard !isStopped else { return }
        let outcome: HistoryOutcome
        do throws(SenderError) {
            outcome = try carryOut(plan)
        } catch {
            return failed(plan, error)
        }
        do throws(SenderError) {
            try journal.record(plan.conversationID, version: Self.journalVersion(plan))
        } catch {
            // Delivered but not recorded: stop, as the next record could not be made either. The
            // rerun finds the history by its conversation id instead of creating it again.
            return stop(error)
        }
        lock.lock()
        switch outcome {
        case .created: summary.created += 1
        case .present: summary.alreadyPresent += 1
        case .noteAdded: summary.notesAdded += 1
        case .noteUpdated: summary.notesUpdated += 1
        }
        answered = true
        unreachableStreak = 0
        lock.unlock()
    }

    /// A conversation that finally failed: to the dead-letter file, and counted towards the stop
    /// for an unreachable Lime when no answer came at all.
    func failed(_ plan: LimePlan, _ error: SenderError) {
        if case .unauthorized = error { return stop(error) }
        do throws(SenderError) {
            try deadLetters.append(
                conversationID: plan.conversationID, error: error.description, planLine: plan.jsonLine)
        } catch {
            // Without its dead letter the conversation would be lost from view: stop the run.
            return stop(error)
        }
        lock.lock()
        defer { lock.unlock() }
        summary.failed += 1
        guard case .transport(let message) = error else {
            answered = true
            unreachableStreak = 0
            return
        }
        unreachableStreak += 1
        let limit = answered ? Self.unreachableLimit : Self.unreachableLimitBeforeAnswer
        if unreachableStreak >= limit && fatal == nil {
            fatal = .unreachable(
                "\(client.endpoint.base.absoluteString): the last \(unreachableStreak) conversations got no answer (\(message))"
            )
        }
    }

    /// Claims a conversation id for this worker, waiting while a copy of it is in flight; nil when
    /// the journal has it (by now).
    func claim(_ conversationID: String, version: String? = nil) -> DispatchGroup? {
        while true {
            lock.lock()
            if let other = inFlight[conversationID] {
                lock.unlock()
                other.wait()
                continue
            }
            if journal.contains(conversationID, version: version) {
                lock.unlock()
                return nil
            }
            let group = DispatchGroup()
            group.enter()
            inFlight[conversationID] = group
            lock.unlock()
            return group
        }
    }

    func release(_ conversationID: String, _ group: DispatchGroup) {
        lock.lock()
        inFlight[conversationID] = nil
        lock.unlock()
        group.leave()
    }

    /// Resolves the plan's objects in order (each relation and lookup by id gets the ids of those
    /// before it), then finds or creates its history by the plan's re-send rule.
    func carryOut(_ plan: LimePlan) throws(SenderError) -> HistoryOutcome {
        var ids: [LimeObjectPlan.Role: Int] = [:]
        for object in plan.objects where object.role != .history {
            // A company that the found person brought stands in for the one looked up by name.
            if object.role == .company && ids[.company] != nil { continue }
            let resolved = try resolve(object, ids: ids)
            if let id = resolved.id { ids[object.role] = id }
            for adopted in object.adopts where ids[adopted.target] == nil {
                if let id = resolved.related[adopted.property] { ids[adopted.target] = id }
            }
        }
        guard let history = plan.objects.first(where: { $0.role == .history }), let lookup = history.lookups.first
        else {
            throw SenderError.unexpectedResponse("the plan has no history")
        }
        if plan.resend != .keep { return try resend(plan, history, ids: ids) }
        let resolution = try client.findOrCreate(
            history.limetype, lookups: [(lookup.property, lookup.value)], create: body(history, relations: ids)
        )
        guard let id = resolution.id else { throw SenderError.unexpectedResponse("a history without _id") }
        return resolution.created ? .created(id: id) : .present(id: id)
    }

    /// Finds (or creates) one object; `id` is nil when it is only looked up and not found.
    /// Persons, companies and coworkers go through the run's cache; the conversation record and
    /// the topic instance belong to one conversation, so caching them would only push contacts out.
    func resolve(_ object: LimeObjectPlan, ids: [LimeObjectPlan.Role: Int]) throws(SenderError) -> LookupCache.Found {
        guard object.role == .person || object.role == .company || object.role == .coworker else {
            let lookups = object.lookups.compactMap { lookup -> (property: String, value: String)? in
                guard let target = lookup.target else { return (lookup.property, lookup.value) }
                return ids[target].map { (lookup.property, String($0)) }
            }
            let resolution = try client.findOrCreate(
                object.limetype, lookups: lookups, create: object.create.map { _ in body(object, relations: ids) })
            return LookupCache.Found(id: resolution.id, related: resolution.related)
        }
        guard let first = object.lookups.first else { return LookupCache.Found(id: nil) }
        let key = "\(object.limetype)\u{0}\(first.property)\u{0}\(first.value)"
        // When another worker was resolving the same object and failed, try once more ourselves
        // (its retries may have run out while ours have not).
        var waits = 0
        while true {
            switch lookups.claim(key) {
            case .cached(let found): return found
            case .wait(let pending):
                do throws(SenderError) {
                    return try pending.wait()
                } catch {
                    waits += 1
                    if waits > 2 { throw error }
                    if case .unauthorized = error { throw error }
                }
            case .owner:
                do throws(SenderError) {
                    let resolution = try client.findOrCreate(
                        object.limetype, lookups: object.lookups.map { ($0.property, $0.value) },
                        create: object.create.map(body))
                    let found = LookupCache.Found(id: resolution.id, related: resolution.related)
                    lookups.finish(key, with: .success(found))
                    return found
                } catch {
                    lookups.finish(key, with: .failure(error))
                    throw error
                }
            }
        }
    }
}
