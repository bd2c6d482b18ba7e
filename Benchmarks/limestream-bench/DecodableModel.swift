// The properties are named as the payload's keys, so that JSONDecoder runs with its defaults
// (no key-decoding strategy): the baseline as an app would first write it.
// swift-format-ignore-file: AlwaysUseLowerCamelCase

import Foundation

/// The Foundation baseline: a `Decodable` type holding exactly the fields LimeStream extracts.
/// Optional everywhere, as the payloads allow nulls; realistic generated data is well-typed.
struct DecodedConversation: Decodable {
    struct Contact: Decodable {
        var id: Int?
        var name: String?
        var email: String?
        var phone_number: String?
        var mobile_number: String?
        var company: String?
        var position: String?
        var street: String?
        var city: String?
        var country: String?
        var external_customer_id: String?
    }
    struct Named: Decodable { var name: String? }
    struct Routing: Decodable { var operator_group: Named? }
    struct Sender: Decodable { var type: String? }
    struct Message: Decodable {
        var sent_at: String?
        var type: String?
        var event: String?
        var name: String?
        var body: String?
        var body_plain: String?
        var sender: Sender?
    }

    var id: Int?
    var status: String?
    var created_at: String?
    var ended_at: String?
    var language_name: String?
    var subject: String?
    var operator_assigned_to_email: String?
    var routing_info: Routing?
    var um_widget: Named?
    var rate: Int?
    var feedback_message: String?
    var contact: Contact?
    var transcript: [Message]?
}

/// The `extract` line, for the whole-process JSONDecoder contender (written with JSONEncoder).
struct EncodedLine: Encodable {
    struct Message: Encodable {
        var sent_at: String?
        var type: String?
        var event: String?
        var sender_type: String?
        var sender_name: String?
        var body: String?
    }
    var id: Int?
    var status: String?
    var created_at: String?
    var ended_at: String?
    var language: String?
    var subject: String?
    var operator_email: String?
    var operator_group: String?
    var widget: String?
    var rate: Int?
    var feedback: String?
    var contact: DecodedConversation.Contact?
    var messages: [Message]

    init(_ conversation: DecodedConversation) {
        id = conversation.id
        status = conversation.status
        created_at = conversation.created_at
        ended_at = conversation.ended_at
        language = conversation.language_name
        subject = conversation.subject
        operator_email = conversation.operator_assigned_to_email
        operator_group = conversation.routing_info?.operator_group?.name
        widget = conversation.um_widget?.name
        rate = conversation.rate
        feedback = conversation.feedback_message
        contact = conversation.contact
        messages = (conversation.transcript ?? []).map {
            Message(
                sent_at: $0.sent_at, type: $0.type, event: $0.event, sender_type: $0.sender?.type, sender_name: $0.name,
                body: $0.body_plain ?? $0.body)
        }
    }
}

extension DecodedConversation.Contact: Encodable {}
