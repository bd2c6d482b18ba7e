import Foundation
import LimeMapping
import LimeUserlike

/// The transcript note as LimeStream built it before the byte-level writer: Foundation strings,
/// `replacingOccurrences`, a time-zone call per message. Kept unchanged as the slow, obvious
/// reference that ``TranscriptNote`` must match byte for byte.
///
/// The readable transcript that goes into a history note: one line per message,
/// `[YYYY-MM-DD HH:MM] Name: text`, in order.
///
/// Which message types are included and the time zone are settings; markdown is left as it is;
/// line breaks inside a message become spaces, so each message stays one line. A note longer than
/// `maxBytes` (UTF-8) is cut at a message boundary and ends with a line saying how many messages
/// were left out; the whole note, that line included, never exceeds `maxBytes`.
enum ReferenceTranscriptNote {
    typealias Settings = TranscriptNote.Settings

    /// The note for a conversation.
    static func build(_ conversation: Conversation, settings: Settings) -> String {
        var lines: [String] = []
        for message in conversation.messages {
            guard let type = message[.type].string, settings.messageTypes.contains(type) else { continue }
            let time =
                message[.sentAt].string.flatMap { localTime($0, in: settings.timeZone) } ?? message[.sentAt].text ?? "?"
            let name = message[.senderName].text ?? message[.senderType].text ?? "?"
            let text = (message[.body].text ?? "").replacingOccurrences(of: "\r\n", with: " ")
                .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
            lines.append("[\(time)] \(name): \(text)")
        }
        return fit(lines, maxBytes: settings.maxBytes)
    }

    /// The closing line of a cut note.
    static func omitted(_ count: Int) -> String { "[… \(count) more message\(count == 1 ? "" : "s") not shown]" }

    /// The first lines that fit in `maxBytes` with, when lines were left out, the closing line.
    static func fit(_ lines: [String], maxBytes: Int) -> String {
        let sizes = lines.map { $0.utf8.count }
        var total = sizes.reduce(0, +) + max(0, lines.count - 1)
        if total <= maxBytes { return lines.joined(separator: "\n") }
        // Drop lines from the end until the kept ones and the closing line fit.
        var kept = lines.count
        while kept > 0 {
            total -= sizes[kept - 1] + (kept > 1 ? 1 : 0)
            kept -= 1
            let closing = omitted(lines.count - kept).utf8.count
            if total + (kept > 0 ? 1 : 0) + closing <= maxBytes { break }
        }
        return (lines[..<kept] + [omitted(lines.count - kept)]).joined(separator: "\n")
    }

    /// `2024-02-22T15:48:45.474Z` (or with `+02:00`, or without fraction) as `2024-02-22 15:48` in
    /// `zone`; nil when the text is not such a time.
    ///
    /// Written apart from ``TranscriptNote``'s day arithmetic, so that the two can disagree: the
    /// grammar as a regular expression, the instant from Foundation's Gregorian calendar in UTC
    /// (lenient, as the writer is: a 31st of a shorter month runs into the next), the local time
    /// from the calendar in `zone`.
    static func localTime(_ text: String, in zone: TimeZone) -> String? {
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d*)?(Z|([+-])(\d{2}):(\d{2}))$"#
        let expression = try! NSRegularExpression(pattern: pattern)
        let whole = NSRange(text.startIndex..., in: text)
        guard let match = expression.firstMatch(in: text, range: whole) else { return nil }
        func group(_ index: Int) -> Int? {
            Range(match.range(at: index), in: text).flatMap { Int(text[$0]) }
        }
        guard let year = group(1), let month = group(2), let day = group(3), let hour = group(4),
            let minute = group(5), let second = group(6), (1...12).contains(month), (1...31).contains(day),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var offset = 0
        if let hours = group(10), let minutes = group(11) {
            let sign = Range(match.range(at: 9), in: text).map { text[$0] } == "-" ? -1 : 1
            offset = sign * (hours * 3600 + minutes * 60)
        }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let wall = utc.date(from: components) else { return nil }
        let instant = wall.addingTimeInterval(TimeInterval(-offset))
        var local = Calendar(identifier: .gregorian)
        local.timeZone = zone
        let parts = local.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? -1) }
        return "\(parts.year ?? -1)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute))"
    }
}
