/// The fields of one Userlike conversation that the Lime mapping needs, and nothing else.
///
/// Built by ``ConversationExtractor`` in one forward pass over a payload. All field bytes live in
/// one buffer owned by the value (one allocation per conversation, none per message); the
/// ``FieldValue`` accessors decode on demand.
public struct Conversation: Sendable, Equatable {
    /// The conversation-level fields, in the order `extract` writes them.
    public enum Field: Int, CaseIterable, Sendable {
        /// The conversation's own: `id`, `status`, `created_at`, `ended_at`, `language_name`, `subject`.
        case id, status, createdAt, endedAt, language, subject
        /// Who handled it: `operator_assigned_to_email`, `routing_info.operator_group.name`, and the
        /// chat widget it came through, `um_widget.name`.
        case operatorEmail, operatorGroup, widget
        /// What the contact thought of it: `rate`, `feedback_message`.
        case rate, feedback
        /// The topics the operator set, as compact JSON (`[{"text":"lead"}]`): `topics`.
        case topics
        /// When the contact first wrote: `contact_first_message_sent_at`.
        case contactFirstMessageSentAt

        /// The key `extract` writes for this field.
        public var outputKey: String { Self.outputKeys[rawValue] }
        static let outputKeys = [
            "id", "status", "created_at", "ended_at", "language", "subject", "operator_email",
            "operator_group", "widget", "rate", "feedback", "topics", "contact_first_message_sent_at",
        ]
    }

    /// A conversation's three arrays in one immutable object, so that a ``Message`` or ``Contact``
    /// (which hold their conversation) costs one reference count, not three, when made and dropped:
    /// reading a long transcript makes one per message.
    final class Parts: Sendable {
        let storage: FieldStorage
        /// Slots: `Field.allCases.count` conversation fields, then `Contact.Field.allCases.count` contact fields.
        let slots: [FieldSlot]
        /// `Message.Field.allCases.count` slots per message.
        let messageSlots: MessageSlots

        init(storage: FieldStorage, slots: [FieldSlot], messageSlots: MessageSlots) {
            self.storage = storage
            self.slots = slots
            self.messageSlots = messageSlots
        }
    }

    let parts: Parts
    var storage: FieldStorage { parts.storage }
    var slots: [FieldSlot] { parts.slots }
    var messageSlots: MessageSlots { parts.messageSlots }

    init(storage: FieldStorage, slots: [FieldSlot], messageSlots: MessageSlots) {
        parts = Parts(storage: storage, slots: slots, messageSlots: messageSlots)
    }

    /// Builds a conversation from values (for tests and for callers that have their data elsewhere).
    /// Fields not named are ``FieldValue/null``.
    public init(
        fields: [Field: FieldValue] = [:],
        contact: [Contact.Field: FieldValue] = [:],
        messages: [[Message.Field: FieldValue]] = []
    ) {
        var storage = FieldStorage()
        let slots =
            Field.allCases.map { storage.append(fields[$0] ?? .null) }
            + Contact.Field.allCases.map { storage.append(contact[$0] ?? .null) }
        var messageSlots = MessageSlots()
        for message in messages {
            let values = Message.Field.allCases.map { storage.append(message[$0] ?? .null) }
            messageSlots.appendMessage(values[0], values[1], values[2], values[3], values[4], values[5])
        }
        self.init(storage: storage, slots: slots, messageSlots: messageSlots)
    }

    /// The value of a conversation-level field: `conversation[.subject]`.
    ///
    /// One subscript per kind of record, keyed by its `Field` enum, is the only way to read a field:
    /// the enum is the one list of what is extracted, so a field added to it can be read at once.
    public subscript(field: Field) -> FieldValue { storage.value(slots[field.rawValue]) }

    /// The contact's fields (`contact.X`).
    public var contact: Contact { Contact(conversation: self) }

    /// The transcript, one ``Message`` per element, in order; empty when `transcript` is missing or
    /// not an array.
    public var messages: Messages { Messages(conversation: self) }

    public static func == (lhs: Conversation, rhs: Conversation) -> Bool {
        guard lhs.slots.count == rhs.slots.count, lhs.messageSlots.count == rhs.messageSlots.count else {
            return false
        }
        for index in lhs.slots.indices where !lhs.storage.same(lhs.slots[index], rhs.storage, rhs.slots[index]) {
            return false
        }
        for index in 0..<lhs.messageSlots.count
        where !lhs.storage.same(lhs.messageSlots[index], rhs.storage, rhs.messageSlots[index]) {
            return false
        }
        return true
    }
}

// MARK: - Contact

/// The contact of a conversation (`contact.X`); every field is ``FieldValue/null`` when `contact`
/// is missing, null or not an object.
public struct Contact: Sendable {
    /// The contact fields, in the order `extract` writes them.
    public enum Field: Int, CaseIterable, Sendable {
        /// Who the contact is: `id`, `name`, `email`.
        case id, name, email
        /// How to reach them by phone: `phone_number`, `mobile_number`.
        case phoneNumber, mobileNumber
        /// Where they work: `company`, `position`.
        case company, position
        /// Where they are: `street`, `city`, `country`.
        case street, city, country
        /// Their id in the customer's own systems: `external_customer_id`.
        case externalCustomerID

        /// The JSON key, both in Userlike's payload and in `extract`'s output.
        public var key: String { Self.keys[rawValue] }
        // The payload's keys (``payloadKey``, with the extraction's schema): one list of them.
        static let keys = allCases.map { $0.payloadKey.description }
    }

    let conversation: Conversation

    /// The value of a contact field: `conversation.contact[.email]`.
    public subscript(field: Field) -> FieldValue {
        conversation.storage.value(conversation.slots[Conversation.Field.allCases.count + field.rawValue])
    }

}

// MARK: - Messages

/// One transcript element. A transcript element that is not an object gives a message of nulls.
public struct Message: Sendable {
    /// The message fields, in the order `extract` writes them.
    public enum Field: Int, CaseIterable, Sendable {
        /// `sent_at`
        case sentAt
        /// `type` (`"message"`, `"notification"`, ...)
        case type
        /// `event`
        case event
        /// `sender.type` (`"operator"`, `"contact"`, `"system"`, ...)
        case senderType
        /// `name`: the sender's display name
        case senderName
        /// `body_plain` when that is a string, otherwise `body`
        case body

        /// The key `extract` writes for this field.
        public var outputKey: String { Self.outputKeys[rawValue] }
        static let outputKeys = ["sent_at", "type", "event", "sender_type", "sender_name", "body"]
    }

    let conversation: Conversation
    let base: Int

    /// The value of a message field: `message[.body]`.
    public subscript(field: Field) -> FieldValue {
        conversation.storage.value(conversation.messageSlots[base + field.rawValue])
    }

    /// Calls `body` with the decoded UTF-8 bytes of a string field, without making a `String`
    /// (and without any copy when the string had no escapes).
    ///
    /// - Returns: what `body` returns, or `nil` when the field is not a string.
    /// - Warning: the buffer is valid only inside `body`.
    public func withUTF8<R>(_ field: Field, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try conversation.storage.withDecodedUTF8(conversation.messageSlots[base + field.rawValue], body)
    }

    /// Calls `body` with the UTF-8 of a field's ``FieldValue/text`` (a string's decoded contents,
    /// a number's text, `true`/`false`, compact JSON), without making a `String`.
    ///
    /// - Returns: what `body` returns, or `nil` when the field is null.
    /// - Warning: the buffer is valid only inside `body`.
    public func withText<R>(_ field: Field, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try conversation.storage.withText(conversation.messageSlots[base + field.rawValue], body)
    }

    /// Calls `body` with a field's text as it is stored, and how it stands there (``JSONTextForm``),
    /// for writing it into a JSON string without decoding it first.
    ///
    /// - Returns: what `body` returns, or `nil` when the field is null.
    /// - Warning: the buffer is valid only inside `body`.
    public func withJSONText<R>(_ field: Field, _ body: (UnsafeBufferPointer<UInt8>, JSONTextForm) throws -> R) rethrows
        -> R?
    {
        let slot = conversation.messageSlots[base + field.rawValue]
        switch slot.kind {
        case .null: return nil
        case .string:
            return try conversation.storage.withRawBytes(slot) {
                try body($0, slot.hasEscapes ? .escapedString : .ready)
            }
        case .json: return try conversation.storage.withRawBytes(slot) { try body($0, .json) }
        case .number, .true, .false: return try conversation.storage.withText(slot) { try body($0, .ready) }
        }
    }

    /// Whether a field is a string (before decoding it).
    public func isString(_ field: Field) -> Bool { conversation.messageSlots[base + field.rawValue].kind == .string }

}

/// How a field's text stands in a conversation's storage (see ``Message/withJSONText(_:_:)``).
public enum JSONTextForm: Sendable {
    /// Bytes that may stand in a JSON string as they are, and that are the field's text: a string
    /// that had no escapes (no quote, backslash or control character in it), a number, `true` or
    /// `false`.
    case ready
    /// A string's contents as they stood between the quotes, escapes and all (valid JSON string
    /// contents; ``LimeJSON/JSONStringDecoder`` decodes or re-escapes them).
    case escapedString
    /// Compact JSON text (an object or array), which must be escaped to stand in a string.
    case json
}

/// The transcript of a ``Conversation``: a random-access collection of ``Message``.
public struct Messages: RandomAccessCollection, Sendable {
    let conversation: Conversation

    /// Always 0.
    public var startIndex: Int { 0 }
    /// The number of messages.
    public var endIndex: Int { conversation.messageSlots.count / Message.Field.allCases.count }
    /// The message at `position`.
    public subscript(position: Int) -> Message {
        Message(conversation: conversation, base: position * Message.Field.allCases.count)
    }
}
