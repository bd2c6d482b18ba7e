import LimeUserlike

/// What the sender must do in Lime CRM for one conversation: find or create each object, then the
/// history that ties them together. Built by the mapping, pure data, carried out by `LimeSender`.
///
/// One plan is one line of `limestream convert`'s output (see ``jsonLine``).
public struct LimePlan: Sendable, Equatable {
    /// The Userlike conversation id, as text (`"63741936"`); it also keys the journal.
    public var conversationID: String
    /// The objects, in the order they must be resolved: the history, which relates to the others,
    /// comes last.
    public var objects: [LimeObjectPlan]
    /// What the history gets when Lime has the conversation already (``MappingConfiguration/ResendRule``).
    public var resend: MappingConfiguration.ResendRule
    /// The history's note properties (compared, and replaced by `update-note`); set with a
    /// re-send rule other than `keep`.
    public var noteProperties: [String]

    /// Creates a plan.
    public init(
        conversationID: String, objects: [LimeObjectPlan], resend: MappingConfiguration.ResendRule = .keep,
        noteProperties: [String] = []
    ) {
        self.conversationID = conversationID
        self.objects = objects
        self.resend = resend
        self.noteProperties = noteProperties
    }
}

/// One limeobject to find (and maybe create).
public struct LimeObjectPlan: Sendable, Equatable {
    /// Why the object is there; relations name other objects by role.
    public enum Role: String, Sendable, CaseIterable {
        /// The contact, as a Lime person (`person`), and the contact's company (`company`).
        case person, company
        /// The operator, a Lime user; looked up, never created.
        case coworker
        /// The conversation record (`ulconversation`), one per conversation.
        case conversation
        /// The topic instance: the limeobject made for the conversation's topic (`helpdesk`).
        case instance
        /// The conversation itself, as a history entry.
        case history
    }

    /// The object's role in the plan.
    public var role: Role
    /// The Lime limetype (`"person"`, or whatever the customer's application calls it).
    public var limetype: String
    /// How to find an existing object: tried in order, the first lookup that finds one wins
    /// (email, else mobile number, else phone number for a person). Empty: never looked up.
    public var lookups: [LimeLookup]
    /// The properties to create the object with when no lookup finds one; `nil`: never created.
    public var create: [LimeProperty]?
    /// Relation properties filled with the ids of other objects of this plan, when those were found
    /// or created (`history.person` <- the person's id).
    public var relations: [LimeRelation]
    /// Relations of the object as Lime has it that give the ids of other roles, when the plan has
    /// none yet: a person found in Lime brings the company it relates to (`company` <- the found
    /// person's `company`).
    public var adopts: [LimeRelation]

    /// Creates an object plan.
    public init(
        role: Role, limetype: String, lookups: [LimeLookup], create: [LimeProperty]?, relations: [LimeRelation] = [],
        adopts: [LimeRelation] = []
    ) {
        self.role = role
        self.limetype = limetype
        self.lookups = lookups
        self.create = create
        // The two relation lists: what the plan fills, and what a found object brings.
        (self.relations, self.adopts) = (relations, adopts)
    }
}

/// A query for existing objects: `GET limeobject/LIMETYPE/?PROPERTY=VALUE`.
public struct LimeLookup: Sendable, Equatable {
    /// The property to match.
    public var property: String
    /// The value it must equal (empty when ``target`` gives it).
    public var value: String
    /// When set, the value is the id of the plan's object with this role, known only once that
    /// object is found or created (a topic instance looked up by its relation to the record).
    public var target: LimeObjectPlan.Role?

    /// Creates a lookup.
    public init(property: String, value: String) {
        self.property = property
        self.value = value
        target = nil
    }

    /// Creates a lookup by the id of another object of the plan.
    public init(property: String, target: LimeObjectPlan.Role) {
        self.property = property
        value = ""
        self.target = target
    }
}

/// A property to set on a created object.
public struct LimeProperty: Sendable, Equatable {
    /// The property name in the customer's limetype.
    public var name: String
    /// The value, as it goes into the JSON body.
    public var value: FieldValue

    /// Creates a property.
    public init(name: String, value: FieldValue) {
        self.name = name
        self.value = value
    }
}

/// A relation property whose value is the id of another object of the same plan.
public struct LimeRelation: Sendable, Equatable {
    /// The relation property on this object (`"person"` on history).
    public var property: String
    /// The role of the object whose id fills it.
    public var target: LimeObjectPlan.Role

    /// Creates a relation.
    public init(property: String, target: LimeObjectPlan.Role) {
        self.property = property
        self.target = target
    }
}
