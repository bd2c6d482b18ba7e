import Foundation

/// The ids of the persons, companies and coworkers found or created in this run, so that a contact
/// who comes back costs no request: single flight (the first worker to need a key resolves it,
/// the others wait for its answer) over a bounded cache.
///
/// The cache keeps two generations of at most `capacity` keys each: a key is looked for in the
/// newer, then in the older (and moved to the newer on a hit); when the newer is full the older is
/// dropped. That is a least-recently-used cache to within a factor of two, in O(1) per call, and
/// memory stays bounded however many contacts an export has.
final class LookupCache: @unchecked Sendable {
    /// What a key resolved to; `id` is nil for an object only looked up and not found.
    struct Found {
        var id: Int?
        /// The found object's relations (a person's company), for ``LimeObjectPlan/adopts``.
        var related: [String: Int] = [:]
    }

    /// How a caller gets a key: from the cache, by resolving it itself, or from the worker that is.
    enum Claim {
        case cached(Found)
        case owner
        case wait(Pending)
    }

    /// A key some worker is resolving now.
    final class Pending: @unchecked Sendable {
        private let condition = NSCondition()
        private var result: Result<Found, SenderError>?

        func finish(_ value: Result<Found, SenderError>) {
            condition.lock()
            result = value
            condition.broadcast()
            condition.unlock()
        }

        func wait() throws(SenderError) -> Found {
            condition.lock()
            while result == nil { condition.wait() }
            let value = result!
            condition.unlock()
            return try value.get()
        }
    }

    private let capacity: Int
    private let lock = NSLock()
    private var newer: [String: Found] = [:]
    private var older: [String: Found] = [:]
    private var pending: [String: Pending] = [:]

    /// A cache of at most `2 * capacity` keys.
    init(capacity: Int = 32_768) { self.capacity = max(1, capacity) }

    /// The number of keys held (both generations, for tests).
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return newer.count + older.count
    }

    /// Looks `key` up; `.owner` obliges the caller to call ``finish(_:with:)``.
    func claim(_ key: String) -> Claim {
        lock.lock()
        defer { lock.unlock() }
        if let found = newer[key] { return .cached(found) }
        if let found = older[key] {
            older[key] = nil
            store(key, found)
            return .cached(found)
        }
        if let waiting = pending[key] { return .wait(waiting) }
        pending[key] = Pending()
        return .owner
    }

    /// The owner's answer for `key`: cached on success (a failure is not, so a later conversation
    /// tries again) and handed to every worker that waits for it.
    func finish(_ key: String, with result: Result<Found, SenderError>) {
        lock.lock()
        let waiting = pending.removeValue(forKey: key)
        if case .success(let found) = result { store(key, found) }
        lock.unlock()
        waiting?.finish(result)
    }

    private func store(_ key: String, _ found: Found) {
        if newer.count >= capacity {
            older = newer
            newer = Dictionary(minimumCapacity: capacity)
        }
        newer[key] = found
    }
}
