import Foundation

/// The counters `GET /metrics` shows, in the Prometheus text format (version 0.0.4).
public final class ServerMetrics: @unchecked Sendable {
    /// Upper bounds of the request latency buckets, in seconds.
    public static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private let lock = NSLock()
    private var statuses: [Int: Int] = [:]
    private var deliveries: [String: Int] = [:]
    private var bucketCounts = [Int](repeating: 0, count: ServerMetrics.buckets.count)
    private var latencyCount = 0
    private var latencySum = 0.0

    /// Creates empty counters.
    public init() {}

    /// Counts a response.
    public func response(_ status: Int) {
        lock.lock()
        statuses[status, default: 0] += 1
        lock.unlock()
    }

    /// Counts one `POST` of a conversation that took `seconds` to answer.
    public func latency(_ seconds: Double) {
        lock.lock()
        if let bucket = Self.buckets.firstIndex(where: { seconds <= $0 }) { bucketCounts[bucket] += 1 }
        latencyCount += 1
        latencySum += seconds
        lock.unlock()
    }

    /// Counts a delivery by outcome (`created`, `already_present`, `journaled`, `dead_letter`,
    /// `deferred`).
    public func delivery(_ outcome: String) {
        lock.lock()
        deliveries[outcome, default: 0] += 1
        lock.unlock()
    }

    /// Responses with `status` so far.
    public func responses(_ status: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return statuses[status] ?? 0
    }

    /// Deliveries with `outcome` so far.
    public func deliveries(_ outcome: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return deliveries[outcome] ?? 0
    }

    /// The exposition text, with the gauges the caller knows (spool depth, retries, open
    /// connections, ...) as `(name, help, value)`.
    public func text(gauges: [(name: String, help: String, type: String, value: Double)]) -> String {
        lock.lock()
        defer { lock.unlock() }
        var out =
            "# HELP limestream_http_responses_total HTTP responses by status.\n# TYPE limestream_http_responses_total counter\n"
        for status in statuses.keys.sorted() {
            out += "limestream_http_responses_total{status=\"\(status)\"} \(statuses[status]!)\n"
        }
        out +=
            "# HELP limestream_deliveries_total Conversations handed to Lime, by outcome.\n# TYPE limestream_deliveries_total counter\n"
        for outcome in deliveries.keys.sorted() {
            out += "limestream_deliveries_total{outcome=\"\(outcome)\"} \(deliveries[outcome]!)\n"
        }
        out +=
            "# HELP limestream_request_seconds Time to answer a conversation POST.\n# TYPE limestream_request_seconds histogram\n"
        var cumulative = 0
        for (index, bound) in Self.buckets.enumerated() {
            cumulative += bucketCounts[index]
            out += "limestream_request_seconds_bucket{le=\"\(bound)\"} \(cumulative)\n"
        }
        out += "limestream_request_seconds_bucket{le=\"+Inf\"} \(latencyCount)\n"
        out += "limestream_request_seconds_sum \(latencySum)\nlimestream_request_seconds_count \(latencyCount)\n"
        for gauge in gauges {
            out +=
                "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) \(gauge.type)\n\(gauge.name) \(Self.number(gauge.value))\n"
        }
        return out
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
