import Foundation
import LimeJSON
import LimeUserlike

/// The readable transcript that goes into a history note: one line per message,
/// `[YYYY-MM-DD HH:MM] Name: text`, in order.
///
/// Which message types are included and the time zone are settings; markdown is left as it is;
/// line breaks inside a message become spaces, so each message stays one line. A note longer than
/// `maxBytes` (UTF-8) is cut at a message boundary and ends with a line saying how many messages
/// were left out; the whole note, that line included, never exceeds `maxBytes`.
public enum TranscriptNote {
    /// Note settings.
    public struct Settings: Sendable, Equatable {
        /// Message `type`s to include (default `["message"]`: no system notifications).
        public var messageTypes: [String]
        /// The time zone the times are shown in.
        public var timeZone: TimeZone
        /// The most UTF-8 bytes the note may have (at least 64).
        public var maxBytes: Int

        /// Creates settings.
        public init(
            messageTypes: [String] = ["message"], timeZone: TimeZone = TimeZone(identifier: "UTC")!,
            maxBytes: Int = 65_536
        ) {
            self.messageTypes = messageTypes
            self.timeZone = timeZone
            self.maxBytes = max(64, maxBytes)
        }
    }

    /// The note for a conversation.
    public static func build(_ conversation: Conversation, settings: Settings) -> String {
        var escaped: [UInt8] = []
        writeJSONContents(conversation, settings: settings, into: &escaped)
        var decoded: [UInt8] = []
        decoded.reserveCapacity(escaped.count)
        escaped.withUnsafeBufferPointer { JSONStringDecoder.decode($0, into: &decoded) }
        return String(decoding: decoded, as: UTF8.self)
    }

    /// Appends the note as the contents of a JSON string (escaped, without the quotes) straight
    /// from the extracted bytes: text that stood in the payload without escapes is copied as it
    /// is, times are formatted by hand, time-zone offsets come from a cache (``ZoneOffsets``), and
    /// no `String` is made. `maxBytes` counts the note's own UTF-8, as ``build(_:settings:)`` has it.
    public static func writeJSONContents(_ conversation: Conversation, settings: Settings, into out: inout [UInt8]) {
        let start = out.count
        var lineEnds: [Int] = []
        var lineSizes: [Int] = []
        var clock = ZoneOffsets.Clock(zone: settings.timeZone)
        let types = settings.messageTypes.map { Array($0.utf8) }
        for message in conversation.messages {
            let included =
                message.isString(.type)
                && message.withText(.type) { type in
                    types.contains { $0.count == type.count && $0.elementsEqual(type) }
                } == true
            guard included else { continue }
            if !lineEnds.isEmpty { out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")]) }
            var size = 5  // "[", "] " and ": "
            out.append(UInt8(ascii: "["))
            size += writeTime(message, clock: &clock, into: &out)
            out.append(contentsOf: [UInt8(ascii: "]"), UInt8(ascii: " ")])
            let name =
                message.withJSONText(.senderName) { appendPart($0, form: $1, oneLine: false, into: &out) }
                ?? message.withJSONText(.senderType) { appendPart($0, form: $1, oneLine: false, into: &out) }
            if let name {
                size += name
            } else {
                out.append(UInt8(ascii: "?"))
                size += 1
            }
            out.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
            size += message.withJSONText(.body) { appendPart($0, form: $1, oneLine: true, into: &out) } ?? 0
            lineEnds.append(out.count)
            lineSizes.append(size)
        }
        fit(&out, start: start, lineEnds: lineEnds, lineSizes: lineSizes, maxBytes: settings.maxBytes)
    }

    /// `sent_at` as local time when it is an ISO 8601 time, else its text, else `?`; returns the
    /// size of what it wrote as text.
    static func writeTime(_ message: Message, clock: inout ZoneOffsets.Clock, into out: inout [UInt8]) -> Int {
        let written = message.withJSONText(.sentAt) { text, form -> Int in
            if form == .ready, message.isString(.sentAt), let seconds = epochSeconds(text) {
                let before = out.count
                appendLocalTime(seconds + clock.offset(at: seconds), into: &out)
                return out.count - before
            }
            if form == .escapedString, message.isString(.sentAt), let seconds = decodedEpochSeconds(text) {
                let before = out.count
                appendLocalTime(seconds + clock.offset(at: seconds), into: &out)
                return out.count - before
            }
            return appendPart(text, form: form, oneLine: false, into: &out)
        }
        guard let written else {
            out.append(UInt8(ascii: "?"))
            return 1
        }
        return written
    }

    /// Appends a field's text to a JSON string's contents, with `oneLine` every line break (CR LF,
    /// LF, CR) made one space; returns the size of the text as written, before escaping.
    static func appendPart(
        _ bytes: UnsafeBufferPointer<UInt8>, form: JSONTextForm, oneLine: Bool, into out: inout [UInt8]
    ) -> Int {
        switch form {
        case .ready:
            // Text that needs no escape holds no line break either: JSON strings have none raw.
            out.append(contentsOf: bytes)
            return bytes.count
        case .escapedString:
            return JSONStringDecoder.reescape(bytes, into: &out, lineBreaksAsSpaces: oneLine)
        case .json:
            // Compact JSON has no raw line break; its quotes and backslashes are escaped.
            JSONWriter.writeStringContents(bytes, into: &out)
            return bytes.count
        }
    }

    /// The closing line of a cut note.
    static func omitted(_ count: Int) -> String { "[… \(count) more message\(count == 1 ? "" : "s") not shown]" }

    /// Cuts the note in `out[start...]` (escaped lines ending at `lineEnds`, of `lineSizes` bytes
    /// of text each, joined by `\n` escapes) to the first lines that fit in `maxBytes` of text
    /// with, when lines were left out, the closing line.
    static func fit(_ out: inout [UInt8], start: Int, lineEnds: [Int], lineSizes: [Int], maxBytes: Int) {
        var total = lineSizes.reduce(0, +) + max(0, lineSizes.count - 1)
        if total <= maxBytes { return }
        // Drop lines from the end until the kept ones and the closing line fit.
        var kept = lineSizes.count
        while kept > 0 {
            total -= lineSizes[kept - 1] + (kept > 1 ? 1 : 0)
            kept -= 1
            let closing = omitted(lineSizes.count - kept).utf8.count
            if total + (kept > 0 ? 1 : 0) + closing <= maxBytes { break }
        }
        out.removeSubrange((kept > 0 ? lineEnds[kept - 1] : start)...)
        if kept > 0 { out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")]) }
        // The closing line needs no escape.
        out.append(contentsOf: omitted(lineSizes.count - kept).utf8)
    }

    /// `2024-02-22T15:48:45.474Z` (or with `+02:00`, or without fraction) as `2024-02-22 15:48` in
    /// `zone`; nil when the text is not such a time.
    public static func localTime(_ text: String, in zone: TimeZone) -> String? {
        guard let seconds = Array(text.utf8).withUnsafeBufferPointer(epochSeconds) else { return nil }
        var clock = ZoneOffsets.Clock(zone: zone)
        var out: [UInt8] = []
        appendLocalTime(seconds + clock.offset(at: seconds), into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// ``epochSeconds(_:)`` of a time written with escapes (rare: decoded first).
    static func decodedEpochSeconds(_ raw: UnsafeBufferPointer<UInt8>) -> Int? {
        var decoded: [UInt8] = []
        JSONStringDecoder.decode(raw, into: &decoded)
        return decoded.withUnsafeBufferPointer(epochSeconds)
    }

    /// Appends `YYYY-MM-DD HH:MM` of seconds since 1970 (already shifted to local time).
    static func appendLocalTime(_ local: Int, into out: inout [UInt8]) {
        let days = local >= 0 ? local / 86_400 : -((-local + 86_399) / 86_400)
        let secondOfDay = local - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        if year >= 1000 && year <= 9999 {
            appendDigits(year / 100, into: &out)
            appendDigits(year % 100, into: &out)
        } else {
            out.append(contentsOf: String(year).utf8)
        }
        out.append(UInt8(ascii: "-"))
        appendDigits(month, into: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(day, into: &out)
        out.append(UInt8(ascii: " "))
        appendDigits(secondOfDay / 3600, into: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 3600 / 60, into: &out)
    }

    /// Two digits, `07`.
    @inline(__always)
    static func appendDigits(_ value: Int, into out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: 48 + value / 10))
        out.append(UInt8(truncatingIfNeeded: 48 + value % 10))
    }

    /// Seconds since 1970 of an ISO 8601 date-time with a `Z` or `±HH:MM` offset.
    static func epochSeconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
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
