import LimeUserlike

/// Turns a ``Conversation`` into a ``LimePlan`` by a ``MappingConfiguration``. Pure: no I/O.
///
/// - person: looked up by the `match` properties in order (by default email, then mobile, then
///   phone) among those that have a value; created with the properties that have a value. A
///   contact with none of the match values gets no person.
/// - company: looked up by name when the contact has a company; created when not found.
/// - coworker: looked up by the operator's email; never created.
/// - history: one per conversation, looked up by the conversation id property (so a conversation
///   sent twice is recognised), created with its properties, its type option, the conversation id
///   and relations to the objects above that the plan has.
public struct LimeMapper: Sendable {
    /// The mapping in use.
    public let configuration: MappingConfiguration

    /// Creates a mapper.
    public init(configuration: MappingConfiguration = .standard) {
        self.configuration = configuration
    }

    /// Why a conversation has no plan.
    public struct MappingError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong.
        public var message: String
        /// The message.
        public var description: String { message }
    }

    /// The plan for one conversation.
    ///
    /// - Throws: ``MappingError`` when the conversation has no usable id (nothing could keep it
    ///   from being sent twice).
    public func plan(for conversation: Conversation) throws(MappingError) -> LimePlan {
        guard let id = conversation.id.text, !id.isEmpty, conversation.id.string != nil || conversation.id.number != nil else {
            throw MappingError(message: "conversation has no id (found \(conversation.id.jsonText))")
        }
        let name = PersonName(conversation.contact.name.string)
        var objects: [LimeObjectPlan] = []
        for (role, mapping, creates) in [
            (LimeObjectPlan.Role.person, configuration.person, true), (.company, configuration.company, true),
            (.coworker, configuration.coworker, false),
        ] {
            let values = properties(mapping, conversation, name, note: nil)
            let lookups = mapping.match.compactMap { property -> LimeLookup? in
                guard let value = values.first(where: { $0.name == property })?.value, let text = value.text,
                    !value.isJSON, !text.trimmingCharacters(in: .whitespaces).isEmpty
                else { return nil }
                return LimeLookup(property: property, value: text)
            }
            guard !lookups.isEmpty else { continue }
            objects.append(
                LimeObjectPlan(role: role, limetype: mapping.limetype, lookups: lookups, create: creates ? values : nil))
        }
        let history = configuration.history
        let needsNote = history.object.properties.contains { $0.source == .field(.transcript) }
        let note = needsNote ? TranscriptNote.build(conversation, settings: history.note) : nil
        var create = properties(history.object, conversation, name, note: note)
        create.append(LimeProperty(name: history.typeProperty, value: .string(history.typeOption)))
        create.append(LimeProperty(name: history.conversationIDProperty, value: .string(id)))
        let present = Set(objects.map(\.role.rawValue))
        let relations = history.relations.filter { present.contains($0.role) }.map {
            LimeRelation(property: $0.property, target: LimeObjectPlan.Role(rawValue: $0.role)!)
        }
        objects.append(
            LimeObjectPlan(
                role: .history, limetype: history.object.limetype,
                lookups: [LimeLookup(property: history.conversationIDProperty, value: id)], create: create,
                relations: relations))
        return LimePlan(conversationID: id, objects: objects)
    }

    /// The properties of an object that have a value.
    func properties(
        _ mapping: MappingConfiguration.ObjectMapping, _ conversation: Conversation, _ name: PersonName, note: String?
    ) -> [LimeProperty] {
        mapping.properties.compactMap { property in
            let value: FieldValue
            switch property.source {
            case .constant(let text): value = .string(text)
            case .field(.transcript): value = note.map(FieldValue.string) ?? .null
            case .field(let field): value = field.value(in: conversation, name: name)
            }
            return value.isNull ? nil : LimeProperty(name: property.name, value: value)
        }
    }
}

extension FieldValue {
    var number: String? {
        if case .number(let text) = self { return text }
        return nil
    }

    var isJSON: Bool {
        if case .json = self { return true }
        return false
    }
}
