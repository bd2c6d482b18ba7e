// MARK: - What the extraction reads: one enum of wanted keys a kind of object
//
// The payload's objects that the mapping reaches into, and their wanted keys:
//
//     conversation  ConversationKey   (the conversation's fields, and the objects below)
//       routing_info  RoutingInfoKey  -> operator_group  NameKey
//       um_widget     NameKey
//       contact       Contact.Field   (its cases are the contact's keys, in the output's order)
//       transcript    an array of messages:
//         message     MessageKey      -> sender  SenderKey
//
// Every other key is skipped, and validated, by the tokenizer.

/// A conversation's wanted keys, in Userlike's payload (and those of a page of Userlike's API v3).
enum ConversationKey: Int, WantedKey {
    /// Captured as they are into the conversation field of ``role``.
    case id, status, createdAt, endedAt, languageName, subject, operatorAssignedToEmail
    /// `routing_info.operator_group.name` and `um_widget.name`, the objects followed to them.
    case routingInfo, umWidget
    /// Captured as they are.
    case rate, feedbackMessage
    /// The contact object and the transcript array.
    case contact, transcript
    /// A page of Userlike's API v3 (`{"count":..,"next":..,"previous":..,"results":[...]}`).
    case results, next, previous, count
    /// Wanted by the topic routing and the conversation record (issue #19).
    case topics, contactFirstMessageSentAt

    var payloadKey: StaticString {
        switch self {
        case .id: "id"
        case .status: "status"
        case .createdAt: "created_at"
        case .endedAt: "ended_at"
        case .languageName: "language_name"
        case .subject: "subject"
        case .operatorAssignedToEmail: "operator_assigned_to_email"
        case .routingInfo: "routing_info"
        case .umWidget: "um_widget"
        case .rate: "rate"
        case .feedbackMessage: "feedback_message"
        case .contact: "contact"
        case .transcript: "transcript"
        case .results: "results"
        case .next: "next"
        case .previous: "previous"
        case .count: "count"
        case .topics: "topics"
        case .contactFirstMessageSentAt: "contact_first_message_sent_at"
        }
    }

    static let keyTable = KeyTable(wanted: Self.self)

    /// What the run does with a value of a conversation key.
    enum Role {
        /// Copies it as it is into a conversation field.
        case field(Conversation.Field)
        /// Follows it, an object, to the `name` of its `operator_group` (the field `operatorGroup`).
        case routingInfo
        /// Follows it, an object, to its `name` (the field `widget`).
        case widget
        /// Reads the contact, an object, or the transcript, an array.
        case contact, transcript
        /// The page's array of conversations, and the page's other keys, which tell a page without
        /// one from a conversation.
        case pageResults, pageKey
    }

    var role: Role {
        switch self {
        case .id: .field(.id)
        case .status: .field(.status)
        case .createdAt: .field(.createdAt)
        case .endedAt: .field(.endedAt)
        case .languageName: .field(.language)
        case .subject: .field(.subject)
        case .operatorAssignedToEmail: .field(.operatorEmail)
        case .routingInfo: .routingInfo
        case .umWidget: .widget
        case .rate: .field(.rate)
        case .feedbackMessage: .field(.feedback)
        case .contact: .contact
        case .transcript: .transcript
        case .results: .pageResults
        case .next, .previous, .count: .pageKey
        case .topics: .field(.topics)
        case .contactFirstMessageSentAt: .field(.contactFirstMessageSentAt)
        }
    }
}

/// `routing_info`'s wanted key.
enum RoutingInfoKey: Int, WantedKey {
    /// `operator_group`, followed to its `name`.
    case operatorGroup

    var payloadKey: StaticString { "operator_group" }
    static let keyTable = KeyTable(wanted: Self.self)
}

/// The wanted key of `operator_group` and `um_widget`.
enum NameKey: Int, WantedKey {
    /// `name`
    case name

    var payloadKey: StaticString { "name" }
    static let keyTable = KeyTable(wanted: Self.self)
}

/// The contact's wanted keys are its fields: each key is captured into the field of the same name.
extension Contact.Field: WantedKey {
    var payloadKey: StaticString {
        switch self {
        case .id: "id"
        case .name: "name"
        case .email: "email"
        case .phoneNumber: "phone_number"
        case .mobileNumber: "mobile_number"
        case .company: "company"
        case .position: "position"
        case .street: "street"
        case .city: "city"
        case .country: "country"
        case .externalCustomerID: "external_customer_id"
        }
    }

    static let keyTable = KeyTable(wanted: Self.self)
}

/// A message's wanted keys (see ``Message/Field`` for what becomes of them).
enum MessageKey: Int, WantedKey {
    /// Captured as they are: `sent_at`, `type`, `event`, and the sender's display name `name`.
    case sentAt, type, event, name
    /// `sender`, followed to its `type`.
    case sender
    /// The body: `body_plain` when that is a string, otherwise `body`.
    case bodyPlain, body

    var payloadKey: StaticString {
        switch self {
        case .sentAt: "sent_at"
        case .type: "type"
        case .event: "event"
        case .name: "name"
        case .sender: "sender"
        case .bodyPlain: "body_plain"
        case .body: "body"
        }
    }

    static let keyTable = KeyTable(wanted: Self.self)
}

/// `sender`'s wanted key.
enum SenderKey: Int, WantedKey {
    /// `type` (`"operator"`, `"contact"`, `"system"`, ...)
    case type

    var payloadKey: StaticString { "type" }
    static let keyTable = KeyTable(wanted: Self.self)
}
