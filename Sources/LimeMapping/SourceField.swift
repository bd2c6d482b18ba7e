import LimeUserlike

/// The fixed vocabulary of Userlike fields a mapping may name: every field `extract` writes, by
/// the name it writes it under (`created_at`, `contact.email`), plus the derived
/// `contact.firstname`, `contact.lastname`, `transcript` (the note), `topic` and `link`.
///
/// The extracted fields are the extractor's own (``Conversation/Field``, ``Contact/Field``), not a
/// second list of them: a field the extractor gains is a name mappings may use.
public enum SourceField: Hashable, CaseIterable, RawRepresentable, Sendable {
    /// A conversation field, named by its output key (`created_at`; `topics` is compact JSON,
    /// `[{"text":"lead"}]`).
    case conversation(Conversation.Field)
    /// A contact field, named `contact.` and its key (`contact.email`).
    case contact(Contact.Field)
    /// `contact.firstname`: the first name, split from `contact.name` (``PersonName``).
    case contactFirstName
    /// `contact.lastname`: the last name, split from `contact.name`.
    case contactLastName
    /// The readable transcript built by ``TranscriptNote``.
    case transcript
    /// The topic text that chose the topic instance (null in the fallback).
    case topic
    /// The conversation's link in Userlike: `conversation.baseUrl` + `id`.
    case link

    /// Every field, in the order `extract` writes them, with the two derived names after
    /// `contact.name` and the three built ones last (the order an unknown name's error lists).
    public static let allCases: [SourceField] =
        Conversation.Field.allCases.map(SourceField.conversation)
        + Contact.Field.allCases.flatMap { field -> [SourceField] in
            field == .name ? [.contact(field), .contactFirstName, .contactLastName] : [.contact(field)]
        }
        + [.transcript, .topic, .link]

    /// The name a mapping gives the field by.
    public var rawValue: String {
        switch self {
        case .conversation(let field): return field.outputKey
        case .contact(let field): return "contact." + field.key
        case .contactFirstName: return "contact.firstname"
        case .contactLastName: return "contact.lastname"
        case .transcript: return "transcript"
        case .topic: return "topic"
        case .link: return "link"
        }
    }

    /// The field called `rawValue`, or nil for a name outside the vocabulary.
    public init?(rawValue: String) {
        guard let field = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = field
    }

    /// The field's value in a conversation (`transcript`, `topic` and `link` are built by the
    /// caller).
    func value(in conversation: Conversation, name: PersonName) -> FieldValue {
        switch self {
        case .conversation(let field): return conversation[field]
        case .contact(let field): return conversation.contact[field]
        case .contactFirstName: return name.first.map(FieldValue.string) ?? .null
        case .contactLastName: return name.last.map(FieldValue.string) ?? .null
        case .transcript, .topic, .link: return .null
        }
    }
}
