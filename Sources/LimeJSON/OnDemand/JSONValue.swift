/// A value of a ``JSONDocument``, not read yet: a position in the document's forward-only walk.
///
/// Look at its ``kind`` as often as you like; read it once, with one of the getters (which
/// consume it): ``int64()``, ``double()``, ``bool()``, ``string()``, ``withRawString(_:)``,
/// ``appendRawString(to:)``, ``object()``, ``array()``, or ``skip()``. A value that is not read
/// is skipped by its parent's next move. See ``JSONDocument`` for the rules.
public struct JSONValue {
    /// What a value is, from its first byte.
    public enum Kind: Sendable, Equatable, Hashable, CustomStringConvertible {
        /// `{ ... }`
        case object
        /// `[ ... ]`
        case array
        /// `"..."`
        case string
        /// A number.
        case number
        /// `true` or `false`.
        case bool
        /// `null`
        case null

        /// The kind of the value whose first byte is `byte` (in a validated text).
        @inlinable
        init(firstByte byte: UInt8) {
            switch byte {
            case UInt8(ascii: "{"): self = .object
            case UInt8(ascii: "["): self = .array
            case UInt8(ascii: "\""): self = .string
            case UInt8(ascii: "t"), UInt8(ascii: "f"): self = .bool
            case UInt8(ascii: "n"): self = .null
            default: self = .number
            }
        }

        /// "an object", "a string"...
        public var description: String {
            switch self {
            case .object: return "an object"
            case .array: return "an array"
            case .string: return "a string"
            case .number: return "a number"
            case .bool: return "a boolean"
            case .null: return "null"
            }
        }
    }

    @usableFromInline let document: JSONDocument
    /// The entry of the value's first byte.
    @usableFromInline let entry: Int
    /// The depth of the walk where the value stands (its parent's).
    @usableFromInline let depth: Int
    @usableFromInline let firstByte: UInt8

    @inlinable
    init(document: JSONDocument, entry: Int, depth: Int, firstByte: UInt8) {
        self.document = document
        self.entry = entry
        self.depth = depth
        self.firstByte = firstByte
    }

    /// What the value is (it stays unread).
    @inlinable public var kind: Kind { Kind(firstByte: firstByte) }

    /// Whether the value is `null` (it stays unread).
    @inlinable public var isNull: Bool { firstByte == UInt8(ascii: "n") }

    /// Byte offset of the value's first byte in the document.
    @inlinable public var offset: Int { document.offset(entry) }

    // MARK: - Reading

    /// Checks that the walk stands at this value, then takes it: `body` gets the bytes' address.
    @inlinable @inline(__always)
    func consume<Result>(_ body: (UnsafePointer<UInt8>, JSONDocument) throws(JSONError) -> Result) throws(JSONError)
        -> Result
    {
        let document = self.document
        return try document.withBase { (base) throws(JSONError) -> Result in
            let state = document.state
            guard state.pointee.position == entry && state.pointee.depth == depth else {
                throw document.outOfOrder(
                    atEntry: entry, base, "this value was read already, or the walk has moved past it")
            }
            // A getter that throws leaves the value unread (and still to be skipped).
            let result = try body(base, document)
            state.pointee.pending = -1
            return result
        }
    }

    /// The value as an object cursor.
    /// - Throws: ``JSONError/Code/typeMismatch`` when it is not an object;
    ///   ``JSONError/Code/outOfOrderAccess`` when it was read already or passed.
    @inlinable
    public func object() throws(JSONError) -> JSONObject {
        let (document, depth) = try open(UInt8(ascii: "{"), expected: "an object")
        return JSONObject(document: document, depth: depth, start: entry)
    }

    /// The value as an array cursor.
    /// - Throws: ``JSONError/Code/typeMismatch`` when it is not an array;
    ///   ``JSONError/Code/outOfOrderAccess`` when it was read already or passed.
    @inlinable
    public func array() throws(JSONError) -> JSONArray {
        let (document, depth) = try open(UInt8(ascii: "["), expected: "an array")
        return JSONArray(document: document, depth: depth, start: entry)
    }

    /// Consumes the value as a container that opens with `bracket`: the walk goes in, and the
    /// container's cursor gets the document and the depth inside it.
    @inlinable
    func open(_ bracket: UInt8, expected: String) throws(JSONError) -> (JSONDocument, depth: Int) {
        try consume { (base, document) throws(JSONError) in
            guard firstByte == bracket else { throw document.typeMismatch(atEntry: entry, base, expected: expected) }
            return (document, document.open(at: entry))
        }
    }

    /// The value as an `Int64`.
    /// - Throws: ``JSONError/Code/typeMismatch`` when it is not a number or has a fraction or an
    ///   exponent; ``JSONError/Code/numberOutOfRange`` when it does not fit;
    ///   ``JSONError/Code/outOfOrderAccess`` when it was read already or passed.
    @inlinable
    public func int64() throws(JSONError) -> Int64 {
        try consume { (base, document) throws(JSONError) in
            let start = document.offset(entry)
            var index = start
            let negative = base[index] == UInt8(ascii: "-")
            if negative { index &+= 1 }
            guard index < document.count && base[index] &- UInt8(ascii: "0") < 10 else {
                throw document.typeMismatch(atEntry: entry, base, expected: "an integer")
            }
            // Digits into a UInt64 (at most 20 fit before overflow is possible); validated text,
            // so the digits run up to the number's end.
            var magnitude: UInt64 = 0
            var overflow = false
            while index < document.count {
                let digit = base[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times.addingReportingOverflow(UInt64(digit))
                overflow = overflow || o1 || o2
                magnitude = sum
                index &+= 1
            }
            if index < document.count && (base[index] == UInt8(ascii: ".") || base[index] | 0x20 == UInt8(ascii: "e")) {
                throw document.error(
                    .typeMismatch, atEntry: entry, base,
                    "expected an integer, found the number \(Self.text(base, start, document))")
            }
            let limit = negative ? UInt64(1) << 63 : UInt64(Int64.max)
            guard !overflow && magnitude <= limit else {
                throw document.error(
                    .numberOutOfRange, atEntry: entry, base,
                    "the number \(Self.text(base, start, document)) does not fit in Int64")
            }
            document.state.pointee.position = entry &+ 1
            return negative ? Int64(bitPattern: 0 &- magnitude) : Int64(magnitude)
        }
    }

    /// The value as the nearest `Double` (correctly rounded).
    /// - Throws: ``JSONError/Code/typeMismatch`` when it is not a number;
    ///   ``JSONError/Code/numberOutOfRange`` when it is beyond `Double`'s range;
    ///   ``JSONError/Code/outOfOrderAccess`` when it was read already or passed.
    public func double() throws(JSONError) -> Double {
        try consume { (base, document) throws(JSONError) in
            guard kind == .number else { throw document.typeMismatch(atEntry: entry, base, expected: "a number") }
            let start = document.offset(entry)
            let end = ScalarGrammar.numberEnd(base, document.count, start)
            guard let value = JSONNumber.double(UnsafeBufferPointer(start: base + start, count: end - start)) else {
                throw document.error(
                    .numberOutOfRange, atEntry: entry, base,
                    "the number \(Self.text(base, start, document)) is beyond Double's range")
            }
            document.state.pointee.position = entry &+ 1
            return value
        }
    }

    /// The value as a `Bool`.
    /// - Throws: ``JSONError/Code/typeMismatch`` when it is not `true` or `false`;
    ///   ``JSONError/Code/outOfOrderAccess`` when it was read already or passed.
    @inlinable
    public func bool() throws(JSONError) -> Bool {
        try consume { (base, document) throws(JSONError) in
            guard kind == .bool else { throw document.typeMismatch(atEntry: entry, base, expected: "a boolean") }
            document.state.pointee.position = entry &+ 1
            return firstByte == UInt8(ascii: "t")
        }
    }

    /// The value as a `String`, escapes resolved (a lone surrogate escape becomes U+FFFD).
    /// - Throws: ``JSONError/Code/typeMismatch`` when it is not a string;
    ///   ``JSONError/Code/outOfOrderAccess`` when it was read already or passed.
    public func string() throws(JSONError) -> String { try rawString().decoded() }

    /// The string as a ``JSONRawString``: its raw bytes, not copied, readable later.
    /// - Throws: ``JSONError/Code/typeMismatch`` when it is not a string;
    ///   ``JSONError/Code/outOfOrderAccess`` when it was read already or passed.
    @inlinable
    public func rawString() throws(JSONError) -> JSONRawString {
        try readString { raw, start, hasEscapes, document in
            JSONRawString(document: document, start: start, end: start &+ raw.count, hasEscapes: hasEscapes)
        }
    }

    /// Runs `body` with the string's raw contents (the bytes between the quotes, escapes as in
    /// the input, not copied) and whether they hold escapes.
    /// - Throws: ``JSONError/Code/typeMismatch`` when it is not a string;
    ///   ``JSONError/Code/outOfOrderAccess`` when it was read already or passed.
    @inlinable
    public func withRawString<Result>(_ body: (Span<UInt8>, _ hasEscapes: Bool) -> Result) throws(JSONError) -> Result {
        try readString { raw, _, hasEscapes, _ in body(raw.span, hasEscapes) }
    }

    /// Appends the string's raw contents (escapes as in the input, valid JSON string contents)
    /// to `buffer`.
    /// - Returns: whether they hold escapes.
    /// - Throws: ``JSONError/Code/typeMismatch`` when it is not a string;
    ///   ``JSONError/Code/outOfOrderAccess`` when it was read already or passed.
    @inlinable
    public func appendRawString(to buffer: inout [UInt8]) throws(JSONError) -> Bool {
        try readString { raw, _, hasEscapes, _ in
            buffer.append(contentsOf: raw)
            return hasEscapes
        }
    }

    /// Consumes the value as a string: the walk moves past its closing quote, and `body` gets its
    /// raw contents, their offset, whether they hold escapes, and the document. The one place the
    /// string getters find a string's bounds.
    @inlinable
    func readString<Result>(
        _ body: (UnsafeBufferPointer<UInt8>, _ start: Int, _ hasEscapes: Bool, JSONDocument) -> Result
    ) throws(JSONError) -> Result {
        try consume { (base, document) throws(JSONError) in
            guard firstByte == UInt8(ascii: "\"") else {
                throw document.typeMismatch(atEntry: entry, base, expected: "a string")
            }
            let close = document.closingQuote(of: entry, base)
            document.state.pointee.position = close &+ 1
            let start = document.offset(entry) &+ 1
            let raw = UnsafeBufferPointer(start: base + start, count: document.offset(close) &- start)
            return body(raw, start, close != entry &+ 1, document)
        }
    }

    /// Appends the value's JSON text as it stands in the input (a number's digits, `true`, an
    /// object with its inner whitespace) to `buffer`, and skips it.
    /// - Throws: ``JSONError/Code/outOfOrderAccess`` when it was read already or passed.
    @inlinable
    public func appendRawJSON(to buffer: inout [UInt8]) throws(JSONError) {
        try consume { (base, document) throws(JSONError) in
            let start = document.offset(entry)
            let next = document.end(ofValueAt: entry, base)
            let end: Int
            switch firstByte {
            case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["): end = document.offset(next &- 1) &+ 1
            case UInt8(ascii: "t"), UInt8(ascii: "n"): end = start &+ 4
            case UInt8(ascii: "f"): end = start &+ 5
            default: end = ScalarGrammar.numberEnd(base, document.count, start)
            }
            document.state.pointee.position = next
            buffer.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end &- start))
        }
    }

    /// Skips the value (an object or array whole, by its entries: nothing is read again).
    /// - Throws: ``JSONError/Code/outOfOrderAccess`` when it was read already or passed.
    @inlinable
    public func skip() throws(JSONError) {
        try consume { (base, document) throws(JSONError) in
            document.state.pointee.position = document.end(ofValueAt: entry, base)
        }
    }

    /// A number's text, for messages.
    @usableFromInline
    static func text(_ base: UnsafePointer<UInt8>, _ start: Int, _ document: JSONDocument) -> String {
        let end = ScalarGrammar.numberEnd(base, document.count, start)
        return String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
    }
}
