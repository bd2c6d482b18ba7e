// MARK: - What the `extract` line is written from

/// Where a line's values are: the bytes of one ``FieldSlot``, as a buffer.
protocol LineValues {
    /// The stored bytes of a slot that holds some (a number, a string's contents, JSON text).
    func bytes(of slot: FieldSlot) -> UnsafeBufferPointer<UInt8>
    /// All the stored bytes.
    var byteCount: Int { get }
}

/// A storage of one segment (every usual conversation): a slot's start is its offset.
struct OneSegment: LineValues {
    let values: UnsafeBufferPointer<UInt8>

    @inline(__always)
    func bytes(of slot: FieldSlot) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: values[slot.start..<(slot.start + slot.count)])
    }

    var byteCount: Int { values.count }
}

/// A storage of several segments (a huge conversation): a slot names its segment.
struct ManySegments: LineValues {
    let segments: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>

    @inline(__always)
    func bytes(of slot: FieldSlot) -> UnsafeBufferPointer<UInt8> {
        let offset = slot.offset
        return UnsafeBufferPointer(rebasing: segments[slot.segment][offset..<(offset + slot.count)])
    }

    var byteCount: Int { segments.reduce(0) { $0 + $1.count } }
}

extension Conversation {
    /// `"key":` for every key of the line, in the order written (conversation fields, `contact`,
    /// contact fields, `messages`, message fields), made once: key `i` is
    /// `bytes[offsets[i]..<offsets[i + 1]]`.
    struct LineKeys: Sendable {
        var bytes: [UInt8] = []
        var offsets: [Int] = [0]
        mutating func add(_ key: String) {
            bytes += Array("\"\(key)\":".utf8)
            offsets.append(bytes.count)
        }
    }

    static let lineKeys: LineKeys = {
        var keys = LineKeys()
        for field in Field.allCases { keys.add(field.outputKey) }
        keys.add("contact")
        for field in Contact.Field.allCases { keys.add(field.key) }
        keys.add("messages")
        for field in Message.Field.allCases { keys.add(field.outputKey) }
        return keys
    }()

    /// Where a line's pieces come from, as buffer pointers.
    struct LineParts<Values: LineValues> {
        let keyBytes: UnsafeBufferPointer<UInt8>
        let offsets: UnsafeBufferPointer<Int>
        let values: Values
        let slots: UnsafeBufferPointer<FieldSlot>
        /// One chunk's message slots (see ``MessageSlots``).
        let messageSlots: UnsafeBufferPointer<FieldSlot>
        /// The number of the chunk's first message in the transcript.
        let firstMessage: Int

        @inline(__always)
        func key(_ index: Int, _ out: inout LineWriter) {
            out.write(UnsafeBufferPointer(rebasing: keyBytes[offsets[index]..<offsets[index + 1]]))
        }

        @inline(__always)
        func value(_ slot: FieldSlot, _ out: inout LineWriter) {
            switch slot.kind {
            case .null: out.write(0x6C6C_756E, count: 4)  // null
            case .true: out.write(0x6575_7274, count: 4)  // true
            case .false:
                out.write(0x736C_6166, count: 4)  // fals
                out.write(UInt8(ascii: "e"))
            case .number, .json:
                out.write(values.bytes(of: slot))
            case .string:
                out.write(UInt8(ascii: "\""))
                out.write(values.bytes(of: slot))
                out.write(UInt8(ascii: "\""))
            }
        }

        /// `{"key":value,...}` of the `count` slots from `start`, whose keys are `count` keys from `firstKey`.
        @inline(__always)
        func object(
            keys firstKey: Int, _ slots: UnsafeBufferPointer<FieldSlot>, from start: Int, count: Int,
            _ out: inout LineWriter
        ) {
            out.write(UInt8(ascii: "{"))
            for index in 0..<count {
                if index > 0 { out.write(UInt8(ascii: ",")) }
                key(firstKey + index, &out)
                value(slots[start + index], &out)
            }
            out.write(UInt8(ascii: "}"))
        }

        /// The line up to the messages: `{` the conversation's fields, `"contact":{...}`, `"messages":[`.
        @inline(__always)
        func head(_ out: inout LineWriter) {
            let fields = Field.allCases.count
            let contactFields = Contact.Field.allCases.count
            out.write(UInt8(ascii: "{"))
            for index in 0..<fields {
                key(index, &out)
                value(slots[index], &out)
                out.write(UInt8(ascii: ","))
            }
            key(fields, &out)  // "contact":
            object(keys: fields + 1, slots, from: fields, count: contactFields, &out)
            out.write(UInt8(ascii: ","))
            key(fields + 1 + contactFields, &out)  // "messages":
            out.write(UInt8(ascii: "["))
        }

        /// The chunk's message `index`, after a `,` unless it is the transcript's first.
        @inline(__always)
        func message(_ index: Int, _ out: inout LineWriter) {
            let messageKeys = Field.allCases.count + 1 + Contact.Field.allCases.count
            let width = Message.Field.allCases.count
            if firstMessage + index > 0 { out.write(UInt8(ascii: ",")) }
            object(keys: messageKeys + 1, messageSlots, from: index * width, count: width, &out)
        }

        /// The line's end: `]}`.
        @inline(__always)
        func tail(_ out: inout LineWriter) {
            out.write(UInt8(ascii: "]"))
            out.write(UInt8(ascii: "}"))
        }
    }

    /// Writes a line into memory of a known size, or only counts its bytes. Every write checks that
    /// it stays inside the memory.
    struct LineWriter {
        let memory: UnsafeMutablePointer<UInt8>?
        let capacity: Int
        var count = 0

        init(counting: ()) {
            memory = nil
            capacity = .max
        }

        init(into memory: UnsafeMutablePointer<UInt8>, capacity: Int) {
            self.memory = memory
            self.capacity = capacity
        }

        @inline(__always)
        mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
            if let memory, let source = bytes.baseAddress {
                precondition(bytes.count <= capacity &- count)
                FieldStorage.copy(source, bytes.count, to: memory + count)
            }
            count &+= bytes.count
        }

        @inline(__always)
        mutating func write(_ byte: UInt8) {
            if let memory {
                precondition(count < capacity)
                memory[count] = byte
            }
            count &+= 1
        }

        /// The low `count` bytes of `word`, little-endian first (a literal).
        @inline(__always)
        mutating func write(_ word: UInt32, count length: Int) {
            var word = word
            for _ in 0..<length {
                write(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
    }
}
