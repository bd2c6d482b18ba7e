import Foundation

/// A time zone's offsets from UTC, asked of Foundation's `TimeZone` at most twice per hour of UTC
/// time and shared by every thread: the transcript note shows each message's time in the mapping's
/// zone, and asking `TimeZone` per message was a large part of `convert`'s time.
///
/// An hour whose first and last second have the same offset is taken to have that offset
/// throughout (time zones change their offset at most once an hour, and never there and back
/// within one); an hour with a change in it is asked per second, so daylight saving time stays
/// exact, also in zones that change at a half hour of UTC.
final class ZoneOffsets: @unchecked Sendable {
    /// What one thread keeps while it writes a conversation's note: the last hour it looked up.
    struct Clock {
        let offsets: ZoneOffsets
        var hour = Int.min
        var offset = 0

        init(zone: TimeZone) { offsets = ZoneOffsets.shared(for: zone) }

        /// The offset in seconds at `seconds` since 1970 (UTC).
        mutating func offset(at seconds: Int) -> Int {
            let hour = seconds >= 0 ? seconds / 3600 : -((-seconds + 3599) / 3600)
            if hour == self.hour { return offset }
            guard let constant = offsets.offset(hour: hour) else { return offsets.exact(seconds) }
            self.hour = hour
            offset = constant
            return constant
        }
    }

    private static let registryLock = NSLock()
    nonisolated(unsafe) private static var registry: [String: ZoneOffsets] = [:]

    /// The cache of `zone`, one per time zone identifier for the process.
    static func shared(for zone: TimeZone) -> ZoneOffsets {
        registryLock.lock()
        defer { registryLock.unlock() }
        if let existing = registry[zone.identifier] { return existing }
        let made = ZoneOffsets(zone: zone)
        registry[zone.identifier] = made
        return made
    }

    let zone: TimeZone
    private let lock = NSLock()
    /// Hour -> offset; `nil` values mark hours with a change inside.
    private var hours: [Int: Int?] = [:]

    init(zone: TimeZone) { self.zone = zone }

    /// The offset throughout `hour` (hours since 1970, UTC), or nil when it changes in that hour.
    func offset(hour: Int) -> Int? {
        lock.lock()
        if let known = hours[hour] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let first = exact(hour * 3600)
        let last = exact(hour * 3600 + 3599)
        let value: Int? = first == last ? first : nil
        lock.lock()
        if hours.count >= 1 << 16 { hours.removeAll(keepingCapacity: true) }
        hours[hour] = value
        lock.unlock()
        return value
    }

    /// The offset at one second, asked of `TimeZone`.
    func exact(_ seconds: Int) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
