import Dispatch
import Foundation
import LimeMapping
import LimeUserlike

/// Carries out plans against Lime CRM: find-or-create the person and company, look up the
/// coworker (each cached for the run, one request per key even when workers race), then create the
/// history unless Lime already has one with the same conversation id; record the conversation in
/// the ``Journal`` once its history exists. Up to `concurrency` plans are in flight.
public final class LimeSender: @unchecked Sendable {
    /// What a run did.
    public struct Summary: Sendable, Equatable {
        /// Histories created in this run.
        public var created = 0
        /// Conversations whose history Lime already had (a lost response, a re-sent conversation).
        public var alreadyPresent = 0
        /// Conversations skipped because the journal has them.
        public var journaled = 0
        /// Conversations that finally failed (in the dead-letter file).
        public var failed = 0
    }

    let client: LimeClient
    let journal: Journal
    let deadLetters: DeadLetters
    let concurrency: Int
    private let lock = NSLock()
    private var summary = Summary()
    private var fatal: SenderError?
    private var cache: [String: CacheEntry] = [:]

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
    /// - Throws: ``SenderError/unauthorized(status:message:)`` (and stops at once) when Lime refuses the key.
    public func run(next: () -> LimePlan?, progress: (Summary) -> Void = { _ in }) throws(SenderError) -> Summary {
        let slots = DispatchSemaphore(value: concurrency)
        let group = DispatchGroup()
        let queue = DispatchQueue(label: "limestream.send", attributes: .concurrent)
        while let plan = next() {
            if isStopped { break }
            if journal.contains(plan.conversationID) {
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

    /// One conversation, start to end.
    func deliver(_ plan: LimePlan) {
        guard !isStopped else { return }
        do throws(SenderError) {
            var ids: [LimeObjectPlan.Role: Int] = [:]
            for object in plan.objects where object.role != .history {
                if let id = try resolve(object) { ids[object.role] = id }
            }
            guard let history = plan.objects.first(where: { $0.role == .history }), let lookup = history.lookups.first else {
                throw SenderError.unexpectedResponse("the plan has no history")
            }
            if try client.find(history.limetype, property: lookup.property, value: lookup.value) != nil {
                update { $0.alreadyPresent += 1 }
            } else {
                _ = try client.findOrCreate(
                    history.limetype, lookups: [(lookup.property, lookup.value)], create: body(history, relations: ids))
                update { $0.created += 1 }
            }
            try journal.record(plan.conversationID)
        } catch {
            if case .unauthorized = error {
                lock.lock()
                if fatal == nil { fatal = error }
                lock.unlock()
                return
            }
            do throws(SenderError) {
                try deadLetters.append(conversationID: plan.conversationID, error: error.description, planLine: plan.jsonLine)
            } catch {
                // Without its dead letter the conversation would be lost from view: stop the run.
                lock.lock()
                if fatal == nil { fatal = error }
                lock.unlock()
                return
            }
            update { $0.failed += 1 }
        }
    }

    /// Finds (or creates) one object; nil when it is only looked up and not found.
    func resolve(_ object: LimeObjectPlan) throws(SenderError) -> Int? {
        // When another worker was resolving the same object and failed, try once more ourselves
        // (its retries may have run out while ours have not).
        var waits = 0
        while true {
            do throws(ResolveFailure) {
                return try resolveOnce(object)
            } catch {
                guard case .waited(let failure) = error else { throw error.error }
                waits += 1
                if waits > 2 { throw failure }
                if case .unauthorized = failure { throw failure }
            }
        }
    }

    /// A failure of this worker's own requests, or of the worker it waited for.
    enum ResolveFailure: Error {
        case own(SenderError)
        case waited(SenderError)
        var error: SenderError {
            switch self {
            case .own(let error), .waited(let error): return error
            }
        }
    }

    func resolveOnce(_ object: LimeObjectPlan) throws(ResolveFailure) -> Int? {
        guard let first = object.lookups.first else { return nil }
        let key = "\(object.limetype)\u{0}\(first.property)\u{0}\(first.value)"
        // Single flight: the first worker to need a key resolves it, the others wait for its answer.
        let entry: CacheEntry
        var isOwner = false
        lock.lock()
        if let existing = cache[key] {
            entry = existing
        } else {
            entry = CacheEntry()
            cache[key] = entry
            isOwner = true
        }
        lock.unlock()
        if !isOwner {
            do throws(SenderError) {
                return try entry.wait()
            } catch {
                throw .waited(error)
            }
        }
        do throws(SenderError) {
            let found = try client.findOrCreate(
                object.limetype, lookups: object.lookups.map { ($0.property, $0.value) }, create: object.create.map(body))
            entry.finish(.success(found))
            return found
        } catch {
            // Not cached: a later conversation tries again.
            lock.lock()
            cache[key] = nil
            lock.unlock()
            entry.finish(.failure(error))
            throw .own(error)
        }
    }

    func body(_ properties: [LimeProperty]) -> [UInt8] {
        var out = Array("{".utf8)
        for (index, property) in properties.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += Array(FieldValue.string(property.name).jsonText.utf8)
            out.append(UInt8(ascii: ":"))
            out += Array(property.value.jsonText.utf8)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    func body(_ history: LimeObjectPlan, relations ids: [LimeObjectPlan.Role: Int]) -> [UInt8] {
        var properties = history.create ?? []
        for relation in history.relations {
            if let id = ids[relation.target] { properties.append(LimeProperty(name: relation.property, value: .number(String(id)))) }
        }
        return body(properties)
    }
}

/// A lookup in progress or done, shared by the workers that need it.
final class CacheEntry: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<Int?, SenderError>?

    func finish(_ value: Result<Int?, SenderError>) {
        condition.lock()
        result = value
        condition.broadcast()
        condition.unlock()
    }

    func wait() throws(SenderError) -> Int? {
        condition.lock()
        while result == nil { condition.wait() }
        let value = result!
        condition.unlock()
        return try value.get()
    }
}
