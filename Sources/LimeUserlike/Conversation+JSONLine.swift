// MARK: - The `extract` output line

extension Conversation {
    /// Appends this conversation as one compact JSON object (the `limestream extract` shape), without
    /// a trailing newline.
    ///
    /// Keys: `id, status, created_at, ended_at, language, subject, operator_email, operator_group,
    /// widget, rate, feedback, contact{...}, messages[...]`. Strings that had no escapes in the input
    /// are copied as they are; the others are re-escaped from their decoded text.
    public func writeJSONLine(into out: inout [UInt8]) {
        // Everything through buffer pointers taken once, and the line written in two passes: one
        // that only counts its bytes, one that writes them into room of exactly that size made at
        // the end of `out`. Appending each piece to the array instead cost a uniqueness and
        // capacity check per piece, some twenty pieces per message: 6% of an `extract` run. The
        // room is made in `out` itself, not in memory of its own copied over: for a conversation
        // of hundreds of megabytes that copy was as large as the line.
        let keys = Self.lineKeys
        keys.bytes.withUnsafeBufferPointer { keyBytes in
            keys.offsets.withUnsafeBufferPointer { offsets in
                storage.bytes.withUnsafeBufferPointer { values in
                    slots.withUnsafeBufferPointer { slots in
                        messageSlots.withUnsafeBufferPointer { messageSlots in
                            let parts = LineParts(
                                keyBytes: keyBytes, offsets: offsets, values: values, slots: slots,
                                messageSlots: messageSlots)
                            var counter = LineWriter(counting: ())
                            parts.write(&counter)
                            let start = out.count
                            out.append(contentsOf: repeatElement(0, count: counter.count))
                            out.withUnsafeMutableBufferPointer { line in
                                guard let memory = line.baseAddress else { return }
                                var writer = LineWriter(into: memory + start, capacity: counter.count)
                                parts.write(&writer)
                                precondition(writer.count == counter.count)
                            }
                        }
                    }
                }
            }
        }
    }

    /// This conversation as one compact JSON object (see ``writeJSONLine(into:)``).
    public var jsonLine: String {
        var out: [UInt8] = []
        writeJSONLine(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `"key":` for every key of the line, in the order written (conversation fields, `contact`,
    /// contact fields, `messages`, message fields), made once: key `i` is
    /// `bytes[offsets[i]..<offsets[i + 1]]`.
    private struct LineKeys: Sendable {
        var bytes: [UInt8] = []
        var offsets: [Int] = [0]
        mutating func add(_ key: String) {
            bytes += Conversation.quoted(key)
            offsets.append(bytes.count)
        }
    }

    private static let lineKeys: LineKeys = {
        var keys = LineKeys()
        for field in Field.allCases { keys.add(field.outputKey) }
        keys.add("contact")
        for field in Contact.Field.allCases { keys.add(field.key) }
        keys.add("messages")
        for field in Message.Field.allCases { keys.add(field.outputKey) }
        return keys
    }()

    private static func quoted(_ key: String) -> [UInt8] { Array("\"\(key)\":".utf8) }

    /// Where a line's pieces come from, as buffer pointers.
    private struct LineParts {
        let keyBytes: UnsafeBufferPointer<UInt8>
        let offsets: UnsafeBufferPointer<Int>
        let values: UnsafeBufferPointer<UInt8>
        let slots: UnsafeBufferPointer<FieldSlot>
        let messageSlots: UnsafeBufferPointer<FieldSlot>

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
                out.write(UnsafeBufferPointer(rebasing: values[slot.start..<(slot.start + slot.count)]))
            case .string:
                out.write(UInt8(ascii: "\""))
                out.write(UnsafeBufferPointer(rebasing: values[slot.start..<(slot.start + slot.count)]))
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

        func write(_ out: inout LineWriter) {
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
            let messageKeys = fields + 1 + contactFields
            key(messageKeys, &out)  // "messages":
            out.write(UInt8(ascii: "["))
            let width = Message.Field.allCases.count
            var base = 0
            while base < messageSlots.count {
                if base > 0 { out.write(UInt8(ascii: ",")) }
                object(keys: messageKeys + 1, messageSlots, from: base, count: width, &out)
                base += width
            }
            out.write(UInt8(ascii: "]"))
            out.write(UInt8(ascii: "}"))
        }
    }

    /// Writes a line into memory of a known size, or only counts its bytes. Every write checks that
    /// it stays inside the memory.
    private struct LineWriter {
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
                (memory + count).update(from: source, count: bytes.count)
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
