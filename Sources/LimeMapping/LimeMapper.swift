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

    /// Why a conversation has no plan: a cause a caller can act on, and the message the CLI reports.
    public struct MappingError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What kept the conversation from a plan.
        public enum Reason: Sendable, Equatable {
            /// The conversation's `id` is missing, null, empty, or neither a string nor a number;
            /// without it nothing could keep the conversation from being sent twice. `found` is
            /// what stood there, as JSON text (`null` when there was nothing).
            case noConversationID(found: String)
        }

        /// What kept the conversation from a plan.
        public var reason: Reason

        /// Creates an error.
        public init(_ reason: Reason) { self.reason = reason }

        /// What is wrong, in one line (`conversation has no id (found null)`).
        public var message: String {
            switch reason {
            case .noConversationID(let found): return "conversation has no id (found \(found))"
            }
        }

        /// The message.
        public var description: String { message }
    }

    /// The plan for one conversation.
    ///
    /// - Throws: ``MappingError`` when the conversation has no usable id (nothing could keep it
    ///   from being sent twice).
    public func plan(for conversation: Conversation) throws(MappingError) -> LimePlan {
        try plan(for: conversation, note: { TranscriptNote.build($0, settings: $1) }).plan
    }

    /// Appends the plan of `conversation` as its JSON line, byte for byte
    /// `plan(for: conversation).writeJSONLine(into:)`, but with the transcript note written
    /// straight from the extracted bytes (``TranscriptNote/writeJSONContents(_:settings:into:)``)
    /// instead of made a `String` and escaped again: what `convert` writes.
    ///
    /// - Throws: ``MappingError`` as ``plan(for:)`` does.
    public func writePlanLine(for conversation: Conversation, into out: inout [UInt8]) throws(MappingError) {
        let lazy = try lazyPlan(for: conversation)
        lazy.plan.writeJSONLine(into: &out, writingValue: lazy.writeValue)
    }

    /// The plan of `conversation` with its transcript note not made yet (see ``LazyNotePlan``).
    ///
    /// - Throws: ``MappingError`` as ``plan(for:)`` does.
    public func lazyPlan(for conversation: Conversation) throws(MappingError) -> LazyNotePlan {
        // The note's place is held by an empty string, and the writers fill it in.
        let (plan, settings) = try plan(for: conversation, note: { _, _ in "" })
        return LazyNotePlan(plan: plan, conversation: conversation, noteProperties: noteProperties, settings: settings)
    }

    /// The history properties that hold the transcript note.
    var noteProperties: Set<String> {
        Set(configuration.history.object.properties.filter { $0.source == .field(.transcript) }.map(\.name))
    }

    /// The plan, and the note settings it was made with (a topic instance may change them).
    func plan(
        for conversation: Conversation, note makeNote: (Conversation, TranscriptNote.Settings) -> String
    ) throws(MappingError) -> (plan: LimePlan, settings: TranscriptNote.Settings) {
        guard let id = conversation[.id].text, !id.isEmpty,
            conversation[.id].string != nil || conversation[.id].number != nil
        else {
            throw MappingError(.noConversationID(found: conversation[.id].jsonText))
        }
        let name = PersonName(conversation.contact[.name].string)
        let instance = configuration.routesByTopic ? self.instance(for: conversation) : nil
        var derived = Derived(topic: instance?.topic, link: configuration.conversationRecord.map { $0.baseURL + id })
        var objects: [LimeObjectPlan] = []
        for (role, mapping, creates) in [
            (LimeObjectPlan.Role.person, configuration.person, true), (.company, configuration.company, true),
            (.coworker, configuration.coworker, false),
        ] {
            let values = properties(mapping, conversation, name, derived)
            let lookups = mapping.match.compactMap { property -> LimeLookup? in
                guard let value = values.first(where: { $0.name == property })?.value, let text = value.text,
                    !value.isJSON, !Self.isBlank(text)
                else { return nil }
                return LimeLookup(property: property, value: text)
            }
            guard !lookups.isEmpty else { continue }
            var adopts: [LimeRelation] = []
            if role == .person, let relation = configuration.personCompanyRelation {
                adopts = [LimeRelation(property: relation, target: .company)]
            }
            objects.append(
                LimeObjectPlan(
                    role: role, limetype: mapping.limetype, lookups: lookups, create: creates ? values : nil,
                    adopts: adopts))
        }
        if let record = configuration.conversationRecord {
            var create = [LimeProperty(name: record.conversationIDProperty, value: conversation[.id])]
            create += properties(record.object, conversation, name, derived)
            objects.append(
                LimeObjectPlan(
                    role: .conversation, limetype: record.object.limetype,
                    lookups: [LimeLookup(property: record.conversationIDProperty, value: id)], create: create))
        }
        // A person present lets its adopted company stand in for one looked up by name.
        var present = Set(objects.map(\.role))
        if objects.contains(where: { !$0.adopts.isEmpty }) { present.insert(.company) }
        if let instance {
            var lookups: [LimeLookup] = []
            var create = properties(instance.object, conversation, name, derived)
            var relations = instance.relations.filter { present.contains($0.target) }
            if let property = instance.conversationRelation {
                lookups.append(LimeLookup(property: property, target: .conversation))
                relations.append(LimeRelation(property: property, target: .conversation))
            }
            if let property = instance.conversationIDProperty {
                lookups.append(LimeLookup(property: property, value: id))
                create.append(LimeProperty(name: property, value: .string(id)))
            }
            objects.append(
                LimeObjectPlan(
                    role: .instance, limetype: instance.object.limetype, lookups: lookups, create: create,
                    relations: relations))
        }
        let history = configuration.history
        var settings = history.note
        if let include = instance?.includeNotifications {
            settings.messageTypes = ConfigurationReader.messageTypes(
                settings.messageTypes, includingNotifications: include)
        }
        let needsNote = history.object.properties.contains { $0.source == .field(.transcript) }
        derived.note = needsNote ? makeNote(conversation, settings) : nil
        var create = properties(history.object, conversation, name, derived)
        create.append(LimeProperty(name: history.typeProperty, value: .string(history.typeOption)))
        create.append(LimeProperty(name: history.conversationIDProperty, value: .string(id)))
        var relations = history.relations.filter { present.contains($0.target) }
        if let instance { relations.append(LimeRelation(property: instance.historyRelation, target: .instance)) }
        objects.append(
            LimeObjectPlan(
                role: .history, limetype: history.object.limetype,
                lookups: [LimeLookup(property: history.conversationIDProperty, value: id)], create: create,
                relations: relations))
        let notes =
            configuration.resend == .keep
            ? [] : history.object.properties.filter { $0.source == .field(.transcript) }.map(\.name)
        return (
            LimePlan(conversationID: id, objects: objects, resend: configuration.resend, noteProperties: notes),
            settings
        )
    }

    /// Whether `text` is empty after Foundation's `trimmingCharacters(in: .whitespaces)`: made
    /// only of tabs, space separators (Unicode category Zs) and U+200B ZERO WIDTH SPACE, which is
    /// that set here (a test compares the two on every scalar). Asked per lookup value, where
    /// Foundation's trimming was a measurable part of `convert`.
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy {
            $0 == "\t" || $0 == "\u{200B}" || $0.properties.generalCategory == .spaceSeparator
        }
    }

    /// The values of the sources that are not fields of the conversation.
    struct Derived {
        /// The topic that chose the instance.
        var topic: String?
        /// `conversation.baseUrl` + the id.
        var link: String?
        /// The transcript note.
        var note: String?
    }

    /// The properties of an object that have a value.
    func properties(
        _ mapping: MappingConfiguration.ObjectMapping, _ conversation: Conversation, _ name: PersonName,
        _ derived: Derived
    ) -> [LimeProperty] {
        mapping.properties.compactMap { property in
            let value: FieldValue
            switch property.source {
            case .constant(let text): value = .string(text)
            case .field(.transcript): value = derived.note.map(FieldValue.string) ?? .null
            case .field(.topic): value = derived.topic.map(FieldValue.string) ?? .null
            case .field(.link): value = derived.link.map(FieldValue.string) ?? .null
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

/// A plan whose transcript note is written only where JSON is written (a `convert` line, a dry
/// run's request), straight from the conversation's bytes, and made a `String` only when the
/// whole plan is asked for (``materialized``): the note is most of a plan's bytes, and building
/// it as a `String` and escaping it again was most of `convert`'s time.
public struct LazyNotePlan: Sendable {
    /// The plan, with an empty string where the note goes.
    public let plan: LimePlan
    let conversation: Conversation?
    let noteProperties: Set<String>
    let settings: TranscriptNote.Settings

    /// A plan that is complete already (one read back from a dead letter, say).
    public init(complete plan: LimePlan) {
        self.plan = plan
        conversation = nil
        noteProperties = []
        settings = TranscriptNote.Settings()
    }

    init(plan: LimePlan, conversation: Conversation, noteProperties: Set<String>, settings: TranscriptNote.Settings) {
        self.plan = plan
        self.conversation = conversation
        self.noteProperties = noteProperties
        self.settings = settings
    }

    /// The plan with the note in place: ``LimeMapper/plan(for:)``'s result.
    public var materialized: LimePlan {
        guard let conversation, !noteProperties.isEmpty else { return plan }
        let note = TranscriptNote.build(conversation, settings: settings)
        var plan = plan
        for index in plan.objects.indices where plan.objects[index].role == .history {
            plan.objects[index].create = plan.objects[index].create?.map { property in
                noteProperties.contains(property.name)
                    ? LimeProperty(name: property.name, value: .string(note)) : property
            }
        }
        return plan
    }

    /// Writes the JSON value of `property` of the object with `role` when it is the note (and
    /// returns true); false for every other property, which the caller writes itself.
    public func writeValue(_ role: LimeObjectPlan.Role, _ property: LimeProperty, into out: inout [UInt8]) -> Bool {
        guard let conversation, role == .history, noteProperties.contains(property.name) else { return false }
        out.append(UInt8(ascii: "\""))
        TranscriptNote.writeJSONContents(conversation, settings: settings, into: &out)
        out.append(UInt8(ascii: "\""))
        return true
    }
}
