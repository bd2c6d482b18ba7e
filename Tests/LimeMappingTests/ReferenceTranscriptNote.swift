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
            guard let type = message.type.string, settings.messageTypes.contains(type) else { continue }
            let time =
                message.sentAt.string.flatMap { localTime($0, in: settings.timeZone) } ?? message.sentAt.text ?? "?"
            let name = message.senderName.text ?? message.senderType.text ?? "?"
            let text = (message.body.text ?? "").replacingOccurrences(of: "\r\n", with: " ")
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
    static func localTime(_ text: String, in zone: TimeZone) -> String? {
        guard let seconds = epochSeconds(text) else { return nil }
        let local = seconds + zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        let days = Int((Double(local) / 86_400).rounded(.down))
        let secondOfDay = local - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60))"
    }

    /// Seconds since 1970 of an ISO 8601 date-time with a `Z` or `±HH:MM` offset.
    static func epochSeconds(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[from..<(from + count)] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 20, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84 || bytes[10] == 32, bytes[13] == 58,
            bytes[16] == 58,
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), (1...12).contains(month), (1...31).contains(day),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        if index < bytes.count && bytes[index] == 46 {  // fraction
            index += 1
            while index < bytes.count && bytes[index] >= 48 && bytes[index] <= 57 { index += 1 }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        if bytes[index] == 90 {  // Z
            index += 1
        } else if bytes[index] == 43 || bytes[index] == 45, let hours = number(index + 1, 2), bytes.count > index + 3,
            bytes[index + 3] == 58, let minutes = number(index + 4, 2)
        {
            offset = (hours * 3600 + minutes * 60) * (bytes[index] == 45 ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        return days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
