import Foundation

/// When and how long to wait before trying a request again: 429 waits for `Retry-After` (or backs
/// off); 5xx, timeouts and dropped connections back off exponentially with jitter; other 4xx are
/// not retried.
public struct RetryPolicy: Sendable {
    /// Tries in all, the first one included (default 6).
    public var maximumAttempts: Int
    /// The first backoff (default 0.5 s); each later one doubles, up to `maximumDelay`.
    public var baseDelay: TimeInterval
    /// The longest wait (default 30 s), `Retry-After` included.
    public var maximumDelay: TimeInterval

    /// Creates a policy.
    public init(maximumAttempts: Int = 6, baseDelay: TimeInterval = 0.5, maximumDelay: TimeInterval = 30) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// The wait before try number `attempt + 1` (attempt counts from 1), between 50% and 100% of
    /// the exponential backoff, or `Retry-After` when Lime gave one.
    func delay(afterAttempt attempt: Int, retryAfter: TimeInterval?, random: inout some RandomNumberGenerator)
        -> TimeInterval
    {
        if let retryAfter { return min(max(retryAfter, 0), maximumDelay) }
        let exponential = min(baseDelay * pow(2, Double(attempt - 1)), maximumDelay)
        return exponential * Double.random(in: 0.5...1.0, using: &random)
    }
}

/// Paces requests below Lime's rate limit (Lime Cloud: 3000 requests per 5 minutes, 10 a second on
/// average): a token bucket shared by every worker.
public final class RateLimiter: @unchecked Sendable {
    private let rate: Double
    private let burst: Double
    private var tokens: Double
    private var last: TimeInterval
    private let lock = NSLock()

    /// Allows `perSecond` requests a second on average, in bursts of at most `burst`.
    public init(perSecond: Double, burst: Double? = nil) {
        rate = max(perSecond, 0.001)
        self.burst = max(burst ?? min(perSecond, 10), 1)
        tokens = self.burst
        last = ProcessInfo.processInfo.systemUptime
    }

    /// Waits until a request may go.
    public func acquire() {
        while true {
            lock.lock()
            let now = ProcessInfo.processInfo.systemUptime
            tokens = min(burst, tokens + (now - last) * rate)
            last = now
            if tokens >= 1 {
                tokens -= 1
                lock.unlock()
                return
            }
            let wait = (1 - tokens) / rate
            lock.unlock()
            Thread.sleep(forTimeInterval: wait)
        }
    }
}
