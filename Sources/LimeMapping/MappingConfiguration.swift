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
            lhs.limetype == rhs.limetype && lhs.match == rhs.match && lhs.properties.map(\.name) == rhs.properties.map(\.name)
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
        /// Relation property -> role of the related object (`person`, `company`, `coworker`).
        public var relations: [(property: String, role: String)]
        /// Note settings.
        public var note: TranscriptNote.Settings

        public static func == (lhs: HistoryMapping, rhs: HistoryMapping) -> Bool {
            lhs.object == rhs.object && lhs.typeProperty == rhs.typeProperty && lhs.typeOption == rhs.typeOption
                && lhs.conversationIDProperty == rhs.conversationIDProperty
                && lhs.relations.map(\.property) == rhs.relations.map(\.property)
                && lhs.relations.map(\.role) == rhs.relations.map(\.role) && lhs.note == rhs.note
        }
    }

    /// The contact as a person.
    public var person: ObjectMapping
    /// The contact's company.
    public var company: ObjectMapping
    /// The operator as a coworker (looked up only).
    public var coworker: ObjectMapping
    /// The conversation as a history entry.
    public var history: HistoryMapping

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
        try reader.allowOnly(["person", "company", "coworker", "history"], in: root, path: "")
        person = try reader.object(root, "person")
        company = try reader.object(root, "company")
        coworker = try reader.object(root, "coworker")
        history = try reader.history(root, "history")
    }
}
