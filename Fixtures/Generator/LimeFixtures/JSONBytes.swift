/// Appends JSON text to a byte buffer: the generator's only output primitive, written for speed
/// (no `String` formatting per value).
struct JSONBytes {
    var bytes: [UInt8] = []

    mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func raw(_ text: [UInt8]) { bytes.append(contentsOf: text) }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    /// A key and its colon: `"key":`.
    mutating func key(_ key: StaticString) {
        byte(UInt8(ascii: "\""))
        raw(key)
        raw("\":")
    }

    /// A string literal from bytes that need no escaping.
    mutating func plainString(_ text: [UInt8]) {
        byte(UInt8(ascii: "\""))
        bytes.append(contentsOf: text)
        byte(UInt8(ascii: "\""))
    }

    mutating func plainString(_ text: StaticString) {
        byte(UInt8(ascii: "\""))
        raw(text)
        byte(UInt8(ascii: "\""))
    }

    mutating func integer(_ value: Int) {
        if value < 0 {
            byte(UInt8(ascii: "-"))
            integer(-value)
            return
        }
        if value >= 10 { integer(value / 10) }
        byte(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// `2024-02-22T15:48:45.474Z` for a number of milliseconds since 2024-01-01T00:00:00Z.
    mutating func timestamp(milliseconds: Int) {
        var days = milliseconds / 86_400_000
        var rest = milliseconds % 86_400_000
        var year = 2024
        while true {
            let length = year % 4 == 0 ? 366 : 365
            if days < length { break }
            days -= length
            year += 1
        }
        let months =
            year % 4 == 0
            ? [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var month = 0
        while days >= months[month] {
            days -= months[month]
            month += 1
        }
        byte(UInt8(ascii: "\""))
        digits(year, 4)
        byte(UInt8(ascii: "-"))
        digits(month + 1, 2)
        byte(UInt8(ascii: "-"))
        digits(days + 1, 2)
        byte(UInt8(ascii: "T"))
        digits(rest / 3_600_000, 2)
        rest %= 3_600_000
        byte(UInt8(ascii: ":"))
        digits(rest / 60_000, 2)
        rest %= 60_000
        byte(UInt8(ascii: ":"))
        digits(rest / 1000, 2)
        byte(UInt8(ascii: "."))
        digits(rest % 1000, 3)
        raw("Z\"")
    }

    private mutating func digits(_ value: Int, _ count: Int) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var value = value
        while divisor > 0 {
            byte(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            value %= max(divisor, 1)
            divisor /= 10
        }
    }
}
