/// Host, body framing, `Connection` and `Expect`: the fields whose misreading lets a request be
/// read two ways (RFC 9112 sections 3.2, 6.1, 6.3, 9.3; RFC 9110 section 10.1.1).
extension HTTPRequestHead {
    /// Longest Content-Length accepted, in digits: 18 digits cannot overflow an `Int`.
    static let maximumLengthDigits = 18

    mutating func decideFraming(offsets: [Int]) throws(HTTPRequestError) {
        var hosts = 0
        var length: Int?
        var codings: [(coding: String, offset: Int)] = []
        for (index, field) in fields.enumerated() {
            let offset = offsets[index]
            switch field.name {
            case "host": hosts += 1
            case "content-length":
                let elements = Self.listElements(field.value)
                if elements.isEmpty { throw Self.bad("Content-Length is not a run of digits", offset) }
                for element in elements {
                    let value = try Self.parseLength(element, offset: offset)
                    if let length, length != value { throw Self.bad("Content-Length fields that differ", offset) }
                    length = value
                }
            case "transfer-encoding":
                for element in Self.listElements(field.value) {
                    codings.append((String(decoding: element, as: UTF8.self).lowercased(), offset))
                }
            case "connection":
                for element in Self.listElements(field.value) {
                    switch String(decoding: element, as: UTF8.self).lowercased() {
                    case "close": keepAlive = false
                    case "keep-alive": if minorVersion == 0 { keepAlive = true }
                    default: break
                    }
                }
            case "expect":
                guard String(decoding: field.value, as: UTF8.self).lowercased() == "100-continue" else {
                    throw HTTPRequestError(
                        status: 417, message: "only 'Expect: 100-continue' is understood", offset: offset)
                }
                expectsContinue = minorVersion == 1
            default: break
            }
        }
        if minorVersion == 1 && hosts != 1 {
            throw Self.bad(
                hosts == 0 ? "an HTTP/1.1 request without Host" : "more than one Host field", offsets.first ?? 0)
        }
        if let last = codings.last {
            guard length == nil else { throw Self.bad("both Content-Length and Transfer-Encoding", last.offset) }
            guard minorVersion == 1 else { throw Self.bad("Transfer-Encoding in an HTTP/1.0 request", last.offset) }
            guard last.coding == "chunked" else {
                throw Self.bad("chunked is not the final transfer coding", last.offset)
            }
            if let repeated = codings.dropLast().first(where: { $0.coding == "chunked" }) {
                throw Self.bad("chunked applied more than once", repeated.offset)
            }
            if let other = codings.first, codings.count > 1 {
                throw HTTPRequestError(
                    status: 501, message: "transfer coding '\(other.coding)' is not supported", offset: other.offset)
            }
            framing = .chunked
        } else if let length {
            framing = length > 0 ? .length(length) : .none
        }
    }

    /// The elements of a comma-separated list field, without surrounding whitespace; empty
    /// elements (`a, , b`) are dropped as RFC 9110 section 5.6.1 asks.
    static func listElements(_ value: [UInt8]) -> [ArraySlice<UInt8>] {
        value.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).compactMap { element in
            var low = element.startIndex
            var high = element.endIndex
            while low < high && (element[low] == 0x20 || element[low] == 0x09) { low += 1 }
            while high > low && (element[high - 1] == 0x20 || element[high - 1] == 0x09) { high -= 1 }
            return low < high ? element[low..<high] : nil
        }
    }

    /// A Content-Length value: ASCII digits only, parsed by hand (`Int("+5")` is 5, and a
    /// sign, space or hex digit that one reader takes and another does not is how bodies get
    /// smuggled). More than 18 digits is refused rather than risk an overflow.
    static func parseLength(_ digits: ArraySlice<UInt8>, offset: Int) throws(HTTPRequestError) -> Int {
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw bad("Content-Length is not a run of digits", offset)
        }
        guard digits.count <= maximumLengthDigits else {
            throw HTTPRequestError(status: 413, message: "Content-Length too large", offset: offset)
        }
        var value = 0
        for digit in digits { value = value * 10 + Int(digit - 0x30) }
        return value
    }
}
