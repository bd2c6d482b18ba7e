import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `Date` field of responses (RFC 9110 section 6.6.1 asks an origin server with a clock to
/// send one), as an IMF-fixdate, `Wed, 02 Dec 2026 03:20:00 GMT`: formatted once a second, not
/// once a response.
enum HTTPDate {
    private static let cache = Cache()

    final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var second = -1
        var text = ""
    }

    /// Now, as an IMF-fixdate.
    static func now() -> String {
        let seconds = time(nil)
        cache.lock.lock()
        defer { cache.lock.unlock() }
        if cache.second != seconds {
            cache.second = seconds
            cache.text = format(seconds)
        }
        return cache.text
    }

    /// `seconds` since 1970 as an IMF-fixdate (English names whatever the locale).
    static func format(_ seconds: Int) -> String {
        var value = time_t(seconds)
        var parts = tm()
        gmtime_r(&value, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ number: Int32) -> String { number < 10 ? "0\(number)" : "\(number)" }
        return
            "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
