/// The Lime objects that Lime's own Userlike integration (limepkg-userlike, "Lime Connect") makes,
/// as mapping-file sections: a topic instance (one limeobject of the topic's limetype per
/// conversation, the history note linked to it), the conversation record (`ulconversation`), and
/// what happens when a conversation is sent again. See `Fixtures/lime-mapping.md`.
extension MappingConfiguration {
    /// One topic instance: conversations whose topic is `topic` get one limeobject of `object`'s
    /// limetype, related to the person, company, coworker and conversation record, and their
    /// history note is related to it.
    public struct TopicInstance: Sendable, Equatable {
        /// The topic text an operator sets in Userlike (`topics[].text`), matched exactly.
        public var topic: String
        /// The limetype and the properties it is created with (`match` is not used: the object
        /// belongs to one conversation and is found by ``conversationRelation`` or
        /// ``conversationIDProperty``).
        public var object: ObjectMapping
        /// Relation properties of the object -> roles (`person`, `company`, `coworker`,
        /// `conversation`).
        public var relations: [LimeRelation]
        /// The object's property holding the Userlike conversation id, by which it is found again.
        public var conversationIDProperty: String?
        /// The object's relation to the conversation record, by which it is found again.
        public var conversationRelation: String?
        /// The history's relation property that points at this object.
        public var historyRelation: String
        /// Notifications in the note for this topic (nil: as `history.note` has it).
        public var includeNotifications: Bool?
    }

    /// The conversation record (`ulconversation` in Lime's integration): one per conversation,
    /// found by its conversation id, holding the link to the conversation in Userlike.
    public struct ConversationRecordMapping: Sendable, Equatable {
        /// The limetype and the properties it is created with.
        public var object: ObjectMapping
        /// The property holding the Userlike conversation id (`conversationid`).
        public var conversationIDProperty: String
        /// What the `link` source puts before the conversation id
        /// (`https://userlike.com/en/umc#/conversation/`).
        public var baseURL: String
    }

    /// What a conversation that Lime has already gets when it is sent again (never a second
    /// object: the topic instance and the record are found again).
    public enum ResendRule: String, Sendable, Equatable, CaseIterable {
        /// Nothing: the history found by its conversation id is left as it is (the default, and
        /// LimeStream's behaviour before topic instances).
        case keep
        /// A new, complete history note (Lime's integration does this), unless one of the
        /// conversation's histories already holds exactly this note.
        case newNote = "new-note"
        /// The note of the conversation's history is replaced (PUT) when the transcript grew.
        case updateNote = "update-note"
    }
}
