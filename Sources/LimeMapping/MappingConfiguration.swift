import Foundation

/// A customer's mapping from Userlike fields to their Lime CRM application: limetypes, property
/// names, which field feeds each property, how existing objects are matched, and the history note.
/// Data, not code: see `Fixtures/lime-mapping.json` (the built-in default) and
/// `Fixtures/lime-mapping.md` (the format).
public struct MappingConfiguration: Sendable, Equatable {
    /// How one limeobject is found and created.
    public struct ObjectMapping: Sendable, Equatable {
        /// The limetype (`person`).
        public var limetype: String
        /// Property -> value source, in file order.
        public var properties: [(name: String, source: ValueSource)]
        /// The properties to look existing objects up by, tried in order; each must be in `properties`.
        public var match: [String]

        public static func == (lhs: ObjectMapping, rhs: ObjectMapping) -> Bool {
            lhs.limetype == rhs.limetype && lhs.match == rhs.match
                && lhs.properties.map(\.name) == rhs.properties.map(\.name)
                && lhs.properties.map(\.source) == rhs.properties.map(\.source)
        }
    }

    /// Where a property's value comes from.
    public enum ValueSource: Sendable, Equatable {
        /// A Userlike field.
        case field(SourceField)
        /// A fixed text.
        case constant(String)
    }

    /// The history entry: the object plus its type option, relations and note settings.
    public struct HistoryMapping: Sendable, Equatable {
        /// The history object's limetype, properties and match (by the conversation id).
        public var object: ObjectMapping
        /// The option property for the history type, and the option key.
        public var typeProperty: String
        public var typeOption: String
        /// The property that holds the Userlike conversation id (also how a re-sent conversation
        /// is recognised).
        public var conversationIDProperty: String
        /// Relation property -> role of the related object (`person`, `company`, `coworker`,
        /// `conversation`), as the plan's history carries them.
        public var relations: [LimeRelation]
        /// Note settings.
        public var note: TranscriptNote.Settings
    }

    /// The contact as a person.
    public var person: ObjectMapping
    /// The contact's company.
    public var company: ObjectMapping
    /// The operator as a coworker (looked up only).
    public var coworker: ObjectMapping
    /// The conversation as a history entry.
    public var history: HistoryMapping
    /// The person's relation to their company (`person.companyRelation`): when a person is found,
    /// the company it relates to is the one attached (nil: the company is looked up by name only).
    public var personCompanyRelation: String?
    /// Topic instances (`topics`), tried in the order of the conversation's topics; empty, or no
    /// topic matching: the four objects above only (the fallback).
    public var topics: [TopicInstance] = []
    /// The conversation record (`conversation`), when the application has one.
    public var conversationRecord: ConversationRecordMapping?
    /// What a conversation sent again gets (`resend`, default ``ResendRule/keep``).
    public var resend: ResendRule = .keep

    /// The built-in mapping (the same text as `Fixtures/lime-mapping.json`).
    public static let standard: MappingConfiguration = {
        do {
            return try MappingConfiguration(json: Array(defaultMappingJSON.utf8))
        } catch {
            preconditionFailure("the built-in mapping is invalid: \(error)")
        }
    }()

    /// Parses and checks a mapping file.
    ///
    /// - Throws: ``MappingConfigurationError`` naming the key path of the first mistake.
    public init(json bytes: [UInt8]) throws(MappingConfigurationError) {
        let root: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                throw MappingConfigurationError(.invalidJSON, path: "", "the mapping file must hold a JSON object")
            }
            root = object
        } catch let error as MappingConfigurationError {
            throw error
        } catch {
            throw MappingConfigurationError(.invalidJSON, path: "", "not valid JSON (\(error.localizedDescription))")
        }
        let reader = ConfigurationReader()
        try reader.allowOnly(
            ["person", "company", "coworker", "history", "topics", "conversation", "resend"], in: root, path: "")
        let personObject: [String: Any] = try reader.required(root, "person", "", as: [String: Any].self, "an object")
        try reader.allowOnly(["limetype", "match", "properties", "companyRelation"], in: personObject, path: "person")
        person = try reader.objectMapping(personObject, "person")
        if personObject["companyRelation"] != nil {
            personCompanyRelation = try reader.text(personObject, "companyRelation", "person")
        }
        company = try reader.object(root, "company")
        coworker = try reader.object(root, "coworker")
        conversationRecord = try reader.conversationRecord(root)
        history = try reader.history(root, "history", hasRecord: conversationRecord != nil)
        topics = try reader.topics(root, hasRecord: conversationRecord != nil)
        resend = try reader.resend(root)
        try reader.checkLinks(self)
    }

    /// Whether any part of the mapping needs the conversation's topics read.
    var routesByTopic: Bool { !topics.isEmpty }
}
