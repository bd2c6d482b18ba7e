// MARK: - The `extract` output line

extension Conversation {
    /// Appends this conversation as one compact JSON object (the `limestream extract` shape), without
    /// a trailing newline.
    ///
    /// Keys: `id, status, created_at, ended_at, language, subject, operator_email, operator_group,
    /// widget, rate, feedback, contact{...}, messages[...]`. Strings that had no escapes in the input
    /// are copied as they are; the others are re-escaped from their decoded text.
    public func writeJSONLine(into out: inout [UInt8]) {
        // Everything through buffer pointers taken once: per field, only `memcpy`s, no reference
        // counting (this runs once per conversation of a multi-gigabyte export).
        let keys = Self.lineKeys
        keys.bytes.withUnsafeBufferPointer { keyBytes in
            keys.offsets.withUnsafeBufferPointer { offsets in
                storage.bytes.withUnsafeBufferPointer { values in
                    slots.withUnsafeBufferPointer { slots in
                        messageSlots.withUnsafeBufferPointer { messageSlots in
                            func key(_ index: Int) {
                                out.append(contentsOf: UnsafeBufferPointer(rebasing: keyBytes[offsets[index]..<offsets[index + 1]]))
                            }
                            func value(_ slot: FieldSlot) {
                                switch slot.kind {
                                case .null: out.append(contentsOf: "null".utf8)
                                case .true: out.append(contentsOf: "true".utf8)
                                case .false: out.append(contentsOf: "false".utf8)
                                case .number, .json:
                                    out.append(contentsOf: UnsafeBufferPointer(rebasing: values[slot.start..<(slot.start + slot.count)]))
                                case .string:
                                    out.append(UInt8(ascii: "\""))
                                    out.append(contentsOf: UnsafeBufferPointer(rebasing: values[slot.start..<(slot.start + slot.count)]))
                                    out.append(UInt8(ascii: "\""))
                                }
                            }
                            let fields = Field.allCases.count
                            let contactFields = Contact.Field.allCases.count
                            out.append(UInt8(ascii: "{"))
                            for index in 0..<fields {
                                key(index)
                                value(slots[index])
                                out.append(UInt8(ascii: ","))
                            }
                            key(fields)  // "contact":
                            out.append(UInt8(ascii: "{"))
                            for index in 0..<contactFields {
                                if index > 0 { out.append(UInt8(ascii: ",")) }
                                key(fields + 1 + index)
                                value(slots[fields + index])
                            }
                            out.append(contentsOf: "},".utf8)
                            let messageKeys = fields + 1 + contactFields
                            key(messageKeys)  // "messages":
                            out.append(UInt8(ascii: "["))
                            let width = Message.Field.allCases.count
                            var base = 0
                            while base < messageSlots.count {
                                if base > 0 { out.append(UInt8(ascii: ",")) }
                                out.append(UInt8(ascii: "{"))
                                for index in 0..<width {
                                    if index > 0 { out.append(UInt8(ascii: ",")) }
                                    key(messageKeys + 1 + index)
                                    value(messageSlots[base + index])
                                }
                                out.append(UInt8(ascii: "}"))
                                base += width
                            }
                            out.append(contentsOf: "]}".utf8)
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
}
