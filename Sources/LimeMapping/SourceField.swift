import LimeUserlike

/// The fixed vocabulary of Userlike fields a mapping may name (the names `extract` writes), plus
/// the derived `contact.firstname`, `contact.lastname`, `transcript` (the note), `topic` and `link`.
public enum SourceField: String, CaseIterable, Sendable {
    case id, status
    case createdAt = "created_at"
    case endedAt = "ended_at"
    case language, subject
    case operatorEmail = "operator_email"
    case operatorGroup = "operator_group"
    case widget, rate, feedback
    /// The topics as compact JSON (`[{"text":"lead"}]`).
    case topics
    case contactFirstMessageSentAt = "contact_first_message_sent_at"
    case contactID = "contact.id"
    case contactName = "contact.name"
    case contactFirstName = "contact.firstname"
    case contactLastName = "contact.lastname"
    case contactEmail = "contact.email"
    case contactPhone = "contact.phone_number"
    case contactMobile = "contact.mobile_number"
    case contactCompany = "contact.company"
    case contactPosition = "contact.position"
    case contactStreet = "contact.street"
    case contactCity = "contact.city"
    case contactCountry = "contact.country"
    case contactExternalID = "contact.external_customer_id"
    /// The readable transcript built by ``TranscriptNote``.
    case transcript
    /// The topic text that chose the topic instance (null in the fallback).
    case topic
    /// The conversation's link in Userlike: `conversation.baseUrl` + `id`.
    case link

    /// The field's value in a conversation (`transcript` is built by the caller).
    func value(in conversation: Conversation, name: PersonName) -> FieldValue {
        switch self {
        case .id: return conversation.id
        case .status: return conversation.status
        case .createdAt: return conversation.createdAt
        case .endedAt: return conversation.endedAt
        case .language: return conversation.language
        case .subject: return conversation.subject
        case .operatorEmail: return conversation.operatorEmail
        case .operatorGroup: return conversation.operatorGroup
        case .widget: return conversation.widget
        case .rate: return conversation.rate
        case .feedback: return conversation.feedback
        case .topics: return conversation.topics
        case .contactFirstMessageSentAt: return conversation.contactFirstMessageSentAt
        case .contactID: return conversation.contact.id
        case .contactName: return conversation.contact.name
        case .contactFirstName: return name.first.map(FieldValue.string) ?? .null
        case .contactLastName: return name.last.map(FieldValue.string) ?? .null
        case .contactEmail: return conversation.contact.email
        case .contactPhone: return conversation.contact.phoneNumber
        case .contactMobile: return conversation.contact.mobileNumber
        case .contactCompany: return conversation.contact.company
        case .contactPosition: return conversation.contact.position
        case .contactStreet: return conversation.contact.street
        case .contactCity: return conversation.contact.city
        case .contactCountry: return conversation.contact.country
        case .contactExternalID: return conversation.contact.externalCustomerID
        case .transcript, .topic, .link: return .null
        }
    }
}
