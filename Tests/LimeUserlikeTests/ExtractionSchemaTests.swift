import Testing

@testable import LimeUserlike

/// The extraction's schema (``WantedKey``): each enum's table finds each of its keys as its own
/// case and nothing else as any case, and the conversation's keys fill every conversation field.
@Suite struct ExtractionSchemaTests {
    /// Every key of `Key` matched through its table, and every other key of the payload not.
    static func checkRoundTrip<Key: WantedKey & Equatable>(_: Key.Type, others: [StaticString]) {
        for key in Key.allCases {
            let id = KeyTableHashTests.match(Key.keyTable, KeyTableHashTests.bytes(key.payloadKey))
            #expect(Key(keyID: id) == key, "\(key.payloadKey)")
        }
        let own = Set(Key.allCases.map { "\($0.payloadKey)" })
        for other in others where !own.contains("\(other)") {
            #expect(Key(keyID: KeyTableHashTests.match(Key.keyTable, KeyTableHashTests.bytes(other))) == nil)
        }
        #expect(Key(keyID: 0) == nil)
        #expect(Key(keyID: UInt8(Key.allCases.count + 1)) == nil)
    }

    /// All keys of every enum: each table must refuse the others' keys.
    static let everyKey: [StaticString] =
        ConversationKey.allCases.map(\.payloadKey) + Contact.Field.allCases.map(\.payloadKey)
        + MessageKey.allCases.map(\.payloadKey) + ["operator_group", "name", "type", "body_plaintext", "i", ""]

    @Test func everyTableFindsItsOwnCases() {
        Self.checkRoundTrip(ConversationKey.self, others: Self.everyKey)
        Self.checkRoundTrip(RoutingInfoKey.self, others: Self.everyKey)
        Self.checkRoundTrip(NameKey.self, others: Self.everyKey)
        Self.checkRoundTrip(Contact.Field.self, others: Self.everyKey)
        Self.checkRoundTrip(MessageKey.self, others: Self.everyKey)
        Self.checkRoundTrip(SenderKey.self, others: Self.everyKey)
    }

    /// Each conversation field is filled by exactly one key: a field added without a key to fill
    /// it, or two keys filling one, fails here.
    @Test func conversationKeysFillEveryFieldOnce() {
        var filled: [Conversation.Field: [ConversationKey]] = [:]
        for key in ConversationKey.allCases {
            switch key.role {
            case .field(let field): filled[field, default: []].append(key)
            case .routingInfo: filled[.operatorGroup, default: []].append(key)
            case .widget: filled[.widget, default: []].append(key)
            case .contact, .transcript, .pageResults, .pageKey: break
            }
        }
        for field in Conversation.Field.allCases { #expect(filled[field]?.count == 1, "\(field)") }
    }

    /// The contact's keys are the output's keys too (`extract` writes them as Userlike names them).
    @Test func contactKeysAreUserlikes() {
        #expect(
            Contact.Field.allCases.map(\.key) == [
                "id", "name", "email", "phone_number", "mobile_number", "company", "position", "street", "city",
                "country", "external_customer_id",
            ])
    }
}
