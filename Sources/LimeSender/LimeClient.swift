import Foundation

/// The calls the sender makes to Lime's REST API, each retried by the ``RetryPolicy`` and paced
/// by the ``RateLimiter``.
public final class LimeClient: @unchecked Sendable {
    let endpoint: LimeEndpoint
    let key: LimeAPIKey
    let transport: LimeTransport
    let policy: RetryPolicy
    let limiter: RateLimiter
    private let randomLock = NSLock()
    private var random = SystemRandomNumberGenerator()
    private var retried = 0

    /// Creates a client.
    public init(
        endpoint: LimeEndpoint, key: LimeAPIKey, transport: LimeTransport, policy: RetryPolicy, limiter: RateLimiter
    ) {
        self.endpoint = endpoint
        self.key = key
        self.transport = transport
        self.policy = policy
        self.limiter = limiter
    }

    /// The id of the first object of `limetype` whose `property` equals `value`, or nil.
    public func find(_ limetype: String, property: String, value: String) throws(SenderError) -> Int? {
        try list(limetype, property: property, value: value, limit: 1).first?.id
    }

    /// Creates an object and returns its id. Tried once, on a connection of its own (see
    /// ``CurlTransport``): a create whose answer was lost may have been stored, so the caller
    /// looks the object up again before it tries again (``findOrCreate(_:lookups:create:)``).
    public func create(_ limetype: String, body: [UInt8]) throws(SenderError) -> Int {
        let response = try perform(
            LimeRequest(method: "POST", url: endpoint.objects(limetype), body: body), retrying: false)
        guard response.status == 201 || response.status == 200 else { throw httpError(response) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
            let id = (object["_id"] as? NSNumber)?.intValue
        else { throw SenderError.unexpectedResponse("a created object without _id") }
        return id
    }

    /// What ``findOrCreate(_:lookups:create:)`` found or made.
    public struct Resolution: Sendable, Equatable {
        /// The object's id; nil when it was only to be looked up and was not found.
        public var id: Int?
        /// Whether this call created it (also when the create's answer was lost and a later lookup
        /// found what it had stored).
        public var created: Bool
        /// The integer properties (relations) of the object a lookup found; empty for one created.
        public var related: [String: Int] = [:]
    }

    /// The first object found by `lookups` (tried in order), else the object created from
    /// `create` (nil: never created). Lost answers to a create cannot duplicate: every new try
    /// looks the object up first.
    public func findOrCreate(_ limetype: String, lookups: [(property: String, value: String)], create: [UInt8]?)
        throws(SenderError) -> Resolution
    {
        var attempt = 0
        while true {
            attempt += 1
            for lookup in lookups {
                if let found = try list(limetype, property: lookup.property, value: lookup.value, limit: 1).first {
                    return Resolution(id: found.id, created: attempt > 1, related: found.integers)
                }
            }
            guard let create else { return Resolution(id: nil, created: false) }
            do throws(SenderError) {
                return Resolution(id: try self.create(limetype, body: create), created: true)
            } catch {
                guard error.isRetryable, attempt < policy.maximumAttempts else { throw error }
                wait(afterAttempt: attempt, retryAfter: nil)
            }
        }
    }

    /// Requests tried again so far (every wait before a new try).
    var retryCount: Int {
        randomLock.lock()
        defer { randomLock.unlock() }
        return retried
    }

    func wait(afterAttempt attempt: Int, retryAfter: TimeInterval?) {
        randomLock.lock()
        retried += 1
        let delay = policy.delay(afterAttempt: attempt, retryAfter: retryAfter, random: &random)
        randomLock.unlock()
        Thread.sleep(forTimeInterval: delay)
    }

    /// Sends, with retries unless `retrying` is false. 401/403 throw
    /// ``SenderError/unauthorized(status:message:)`` at once.
    func perform(_ request: LimeRequest, retrying: Bool = true) throws(SenderError) -> LimeResponse {
        var attempt = 0
        while true {
            attempt += 1
            limiter.acquire()
            var retryAfter: TimeInterval?
            let failure: SenderError
            do throws(SenderError) {
                let response = try transport.send(request, key: key)
                if response.status == 401 || response.status == 403 {
                    throw SenderError.unauthorized(status: response.status, message: message(response))
                }
                guard response.status == 429 || response.status >= 500 else { return response }
                retryAfter = response.headers["retry-after"].flatMap {
                    TimeInterval($0.trimmingCharacters(in: .whitespaces))
                }
                failure = httpError(response)
            } catch {
                guard error.isRetryable else { throw error }
                failure = error
            }
            guard retrying, attempt < policy.maximumAttempts else { throw failure }
            wait(afterAttempt: attempt, retryAfter: retryAfter)
        }
    }

    /// Lime's error text, at most 300 characters: redacted first and cut after, so that a key
    /// which a cut would split cannot leave a piece of itself behind.
    func message(_ response: LimeResponse) -> String {
        let text = key.redact(String(decoding: response.body, as: UTF8.self))
        guard !text.isEmpty else { return "no details" }
        return text.count > 300 ? String(text.prefix(300)) : text
    }

    func httpError(_ response: LimeResponse) -> SenderError {
        .http(status: response.status, message: message(response))
    }
}
