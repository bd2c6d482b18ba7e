import LimeJSON
import LimeUserlike

/// The fields LimeUserlike's `ExtractionRun` takes from a conversation, read through LimeJSON's
/// On-Demand cursors and copied into one byte buffer per conversation, as the extractor stores
/// them: the conversation's scalars, the contact's fields, `routing_info.operator_group.name`,
/// `um_widget.name`, and per message `sent_at`, `type`, `event`, `sender.type`, `name` and
/// `body_plain` (or `body` when that is not a string). The same work as the tokenizer-based
/// extraction, for an honest ratio; the checksum is over the decoded message bodies, as the other
/// contenders'.
struct OnDemandExtraction {
    /// Where one copied value sits in ``bytes``.
    struct Slot {
        enum Kind: UInt8 { case null, `true`, `false`, number, string, json }
        var kind: Kind
        var hasEscapes: Bool
        var start: Int
        var count: Int
        static let null = Slot(kind: .null, hasEscapes: false, start: 0, count: 0)
    }

    static let conversationKeys = JSONKeySet([
        "id", "status", "created_at", "ended_at", "language_name", "subject", "operator_assigned_to_email",
        "routing_info", "um_widget", "rate", "feedback_message", "contact", "transcript",
        "results", "next", "previous", "count", "topics", "contact_first_message_sent_at",
    ])
    /// Key index -> conversation slot for the fields captured as they are (-1: handled apart).
    static let directSlot: [Int] = [0, 1, 2, 3, 4, 5, 6, -1, -1, 9, 10, -1, -1, -1, -1, -1, -1, 11, 12]
    static let operatorGroupSlot = 7
    static let widgetSlot = 8
    static let conversationWidth = 13
    static let routingKeys = JSONKeySet(["operator_group"])
    static let nameKeys = JSONKeySet(["name"])
    /// The contact's keys are the extractor's own list (``Contact/Field``), in its order.
    static let contactKeys = JSONKeySet(Contact.Field.allCases.map(\.key))
    static let messageKeys = JSONKeySet(["sent_at", "type", "event", "name", "sender", "body_plain", "body"])
    static let senderKeys = JSONKeySet(["type"])
    static let messageWidth = 6

    var bytes: [UInt8] = []
    var slots: [Slot] = []
    var messageSlots: [Slot] = []
    var scratch: [UInt8] = []

    /// Extracts every conversation of `input` (one object, or an array of them) into `checksum`.
    static func run(_ input: [UInt8], validate: Bool, into checksum: inout Checksum) throws {
        let document = validate ? try JSONDocument(bytes: input) : JSONDocument(unvalidatedBytes: input)
        var extraction = OnDemandExtraction()
        let root = try document.root()
        if root.kind == .array {
            let array = try root.array()
            while let element = try array.nextElement() {
                guard element.kind == .object else { continue }
                try extraction.conversation(try element.object())
                extraction.addBodies(to: &checksum)
            }
        } else if root.kind == .object {
            try extraction.conversation(try root.object())
            extraction.addBodies(to: &checksum)
        }
    }

    mutating func addBodies(to checksum: inout Checksum) {
        var index = Self.messageWidth - 1
        while index < messageSlots.count {
            let slot = messageSlots[index]
            if slot.kind != .string {
                checksum.add(bytes: nil)
            } else if !slot.hasEscapes {
                bytes.withUnsafeBufferPointer {
                    checksum.add(bytes: UnsafeBufferPointer(rebasing: $0[slot.start..<(slot.start + slot.count)]))
                }
            } else {
                scratch.removeAll(keepingCapacity: true)
                bytes.withUnsafeBufferPointer {
                    JSONStringDecoder.decode(
                        UnsafeBufferPointer(rebasing: $0[slot.start..<(slot.start + slot.count)]), into: &scratch)
                }
                scratch.withUnsafeBufferPointer { checksum.add(bytes: $0) }
            }
            index += Self.messageWidth
        }
    }

    /// Copies a value into ``bytes``.
    mutating func capture(_ value: JSONValue) throws(JSONError) -> Slot {
        let start = bytes.count
        switch value.kind {
        case .string:
            let escaped = try value.appendRawString(to: &bytes)
            return Slot(kind: .string, hasEscapes: escaped, start: start, count: bytes.count - start)
        case .number:
            try value.appendRawJSON(to: &bytes)
            return Slot(kind: .number, hasEscapes: false, start: start, count: bytes.count - start)
        case .bool:
            return try value.bool()
                ? Slot(kind: .true, hasEscapes: false, start: 0, count: 0)
                : Slot(kind: .false, hasEscapes: false, start: 0, count: 0)
        case .null:
            return .null
        case .object, .array:
            try value.appendRawJSON(to: &bytes)
            return Slot(kind: .json, hasEscapes: false, start: start, count: bytes.count - start)
        }
    }

    mutating func conversation(_ object: JSONObject) throws(JSONError) {
        bytes.removeAll(keepingCapacity: true)
        slots = Array(repeating: .null, count: Self.conversationWidth + 11)
        messageSlots.removeAll(keepingCapacity: true)
        while let field = try object.nextField(in: Self.conversationKeys) {
            let value = field.value
            switch field.index {
            case 7:  // routing_info.operator_group.name
                slots[Self.operatorGroupSlot] = .null
                guard value.kind == .object else { continue }
                let routing = try value.object()
                while let group = try routing.nextField(in: Self.routingKeys) {
                    slots[Self.operatorGroupSlot] = try name(of: group.value)
                }
            case 8:  // um_widget.name
                slots[Self.widgetSlot] = try name(of: value)
            case 11:
                try contact(value)
            case 12:
                try transcript(value)
            case 13, 14, 15, 16:  // a page's members: not a conversation's
                continue
            default:
                slots[Self.directSlot[field.index]] = try capture(value)
            }
        }
    }

    /// `name` of an object value; null when it is not an object or has none.
    mutating func name(of value: JSONValue) throws(JSONError) -> Slot {
        guard value.kind == .object else { return .null }
        let object = try value.object()
        var slot = Slot.null
        while let name = try object.nextField(in: Self.nameKeys) { slot = try capture(name.value) }
        return slot
    }

    mutating func contact(_ value: JSONValue) throws(JSONError) {
        for index in Self.conversationWidth..<slots.count { slots[index] = .null }
        guard value.kind == .object else { return }
        let object = try value.object()
        while let field = try object.nextField(in: Self.contactKeys) {
            slots[Self.conversationWidth + field.index] = try capture(field.value)
        }
    }

    mutating func transcript(_ value: JSONValue) throws(JSONError) {
        messageSlots.removeAll(keepingCapacity: true)
        guard value.kind == .array else { return }
        let array = try value.array()
        while let element = try array.nextElement() {
            if element.kind == .object {
                try message(try element.object())
            } else {
                for _ in 0..<Self.messageWidth { messageSlots.append(.null) }
            }
        }
    }

    mutating func message(_ object: JSONObject) throws(JSONError) {
        var sentAt = Slot.null
        var type = Slot.null
        var event = Slot.null
        var senderType = Slot.null
        var name = Slot.null
        var bodyPlain = Slot.null
        var body = Slot.null
        // `body` comes before `body_plain` and is only wanted when that is not a string: kept as
        // a raw string (not copied) until the message's end.
        var deferredBody: JSONRawString?
        while let field = try object.nextField(in: Self.messageKeys) {
            let value = field.value
            switch field.index {
            case 0: sentAt = try capture(value)
            case 1: type = try capture(value)
            case 2: event = try capture(value)
            case 3: name = try capture(value)
            case 4:
                senderType = .null
                guard value.kind == .object else { continue }
                let sender = try value.object()
                while let type = try sender.nextField(in: Self.senderKeys) { senderType = try capture(type.value) }
            case 5: bodyPlain = try capture(value)
            default:
                if value.kind == .string {
                    deferredBody = try value.rawString()
                    body = .null
                } else {
                    deferredBody = nil
                    body = try capture(value)
                }
            }
        }
        if bodyPlain.kind != .string, let deferredBody {
            let start = bytes.count
            deferredBody.append(to: &bytes)
            body = Slot(kind: .string, hasEscapes: deferredBody.hasEscapes, start: start, count: bytes.count - start)
        }
        messageSlots.append(sentAt)
        messageSlots.append(type)
        messageSlots.append(event)
        messageSlots.append(senderType)
        messageSlots.append(name)
        messageSlots.append(bodyPlain.kind == .string ? bodyPlain : body)
    }
}
