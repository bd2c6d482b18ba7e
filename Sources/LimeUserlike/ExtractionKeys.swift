/// The keys an ``ExtractionRun`` wants, object by object, and where their values go: one table per
/// object of the payload that the mapping reaches into.
enum ExtractionKeys {
    /// Where the contact's slots start: after the conversation's.
    static let contactBase = Conversation.Field.allCases.count

    /// Slots per message.
    static let messageWidth = Message.Field.allCases.count

    /// The conversation object's wanted keys (id `i + 1` for `keys[i]`).
    static let conversationKeys = KeyTable([
        "id", "status", "created_at", "ended_at", "language_name", "subject", "operator_assigned_to_email",
        "routing_info", "um_widget", "rate", "feedback_message", "contact", "transcript",
        // A page of Userlike's API v3 (`{"count":..,"next":..,"previous":..,"results":[...]}`).
        "results", "next", "previous", "count",
        // Wanted by the topic routing and the conversation record (issue #19).
        "topics", "contact_first_message_sent_at",
    ])

    /// Key id -> ``Conversation/Field`` index for the fields captured as they are.
    static let directField: [Int] = [-1, 0, 1, 2, 3, 4, 5, 6, -1, -1, 9, 10, -1, -1, -1, -1, -1, -1, 11, 12]

    /// `routing_info`'s wanted key.
    static let routingKeys = KeyTable(["operator_group"])

    /// `operator_group` and `um_widget`: their `name`.
    static let nameKeys = KeyTable(["name"])

    /// The contact's wanted keys, in ``Contact/Field`` order.
    static let contactKeys = KeyTable([
        "id", "name", "email", "phone_number", "mobile_number", "company", "position", "street", "city", "country",
        "external_customer_id",
    ])

    /// A message's wanted keys.
    static let messageKeys = KeyTable(["sent_at", "type", "event", "name", "sender", "body_plain", "body"])

    /// `sender`'s wanted key.
    static let senderKeys = KeyTable(["type"])
}
