// MARK: - The `extract` output line

extension Conversation {
    /// Appends this conversation as one compact JSON object (the `limestream extract` shape), without
    /// a trailing newline.
    ///
    /// Keys: `id, status, created_at, ended_at, language, subject, operator_email, operator_group,
    /// widget, rate, feedback, contact{...}, messages[...]`. Strings that had no escapes in the input
    /// are copied as they are; the others are re-escaped from their decoded text.
    public func writeJSONLine(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for field in Field.allCases {
            Self.writeKey(field.outputKey, into: &out)
            storage.writeJSON(slots[field.rawValue], into: &out)
            out.append(UInt8(ascii: ","))
        }
        Self.writeKey("contact", into: &out)
        out.append(UInt8(ascii: "{"))
        let contactBase = Field.allCases.count
        for field in Contact.Field.allCases {
            if field.rawValue > 0 { out.append(UInt8(ascii: ",")) }
            Self.writeKey(field.key, into: &out)
            storage.writeJSON(slots[contactBase + field.rawValue], into: &out)
        }
        out.append(contentsOf: "},".utf8)
        Self.writeKey("messages", into: &out)
        out.append(UInt8(ascii: "["))
        let width = Message.Field.allCases.count
        var base = 0
        while base < messageSlots.count {
            if base > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "{"))
            for field in Message.Field.allCases {
                if field.rawValue > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeKey(field.outputKey, into: &out)
                storage.writeJSON(messageSlots[base + field.rawValue], into: &out)
            }
            out.append(UInt8(ascii: "}"))
            base += width
        }
        out.append(contentsOf: "]}".utf8)
    }

    /// This conversation as one compact JSON object (see ``writeJSONLine(into:)``).
    public var jsonLine: String {
        var out: [UInt8] = []
        writeJSONLine(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func writeKey(_ key: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: key.utf8)
        out.append(contentsOf: "\":".utf8)
    }
}
