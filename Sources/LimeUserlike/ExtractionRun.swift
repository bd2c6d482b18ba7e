import LimeJSON

/// Why an extraction run stopped early.
enum ExtractionInterrupt: Error {
    /// The bytes break JSON.
    case syntax(JSONError)
    /// The window ended inside the conversation and the run has no ``ExtractionInput`` to move it
    /// on; the caller retries with more bytes.
    case needMoreInput
    /// Reading more input failed.
    case input(ExportError)
}

/// Where an ``ExtractionRun`` gets more bytes when its window ends inside the value, so that a
/// conversation larger than the window is read once, in bounded memory (issue #16): the run copies
/// each wanted value out as it passes, so only the bytes from ``ExtractionRun/retainedOffset`` on
/// must stay.
protocol ExtractionInput: AnyObject {
    /// Drops the window's bytes before absolute offset `offset`, reads more, and points
    /// `tokenizer` at the new window (``JSONTokenizer/resume(with:baseOffset:isFinal:)``).
    func refill(_ tokenizer: inout JSONTokenizer, keepingFrom offset: Int) throws(ExtractionInterrupt)
}

/// What one value at the top of a run turned out to be.
enum ExtractionOutcome {
    /// An object: the conversation.
    case conversation(Conversation)
    /// A valid value that is not an object (skipped and validated).
    case notAnObject(JSONToken.Kind)
    /// An object with a `results` array: a page of Userlike's API v3. The tokenizer stands right
    /// after the array's `[`; the page's members before `results` were read and validated.
    case pageResults
    /// An object that is a page of Userlike's API v3 without a `results` array (skipped whole).
    case pageWithoutResults(String)
}

/// One forward pass over one conversation object: wanted fields are copied into a
/// ``FieldStorage``, everything else is skipped (and validated) by the tokenizer.
///
/// The schema is fixed and shallow, and declared as one enum of wanted keys per kind of object
/// (`ExtractionSchema.swift`); one walk (``walkMembers(_:_:)``) reads any object by its enum, and
/// each object the mapping reaches into has a function that says what becomes of its wanted keys.
/// No recursion on the input's depth.
struct ExtractionRun {
    var tokenizer: JSONTokenizer
    var storage: FieldStorage
    var slots: [FieldSlot]
    var messageSlots: MessageSlots
    /// The `body` string of the current message, while it is not copied (see `deferredBody()`).
    var deferredBodyToken = JSONToken(kind: .null, start: 0, end: 0)
    /// Whether `deferredBodyToken`'s bytes are still needed (the window must keep them).
    var holdsDeferredBody = false
    /// Moves the window on when it ends inside the value; nil when the window is all the input.
    let input: (any ExtractionInput)?

    /// - Parameters:
    ///   - tokenizer: positioned before the value.
    ///   - byteCapacity: room to reserve for field bytes, so that a long transcript does not
    ///     regrow (and recopy) the storage a dozen times; the previous conversation's size is a
    ///     good guess.
    ///   - messageCapacity: the same for messages.
    ///   - input: where more bytes come from when the window ends inside the value.
    ///   - segmentSize: the storage's first segment (``FieldStorage/segmentSize``; small in tests).
    ///   - messagesPerChunk: the messages a chunk of slots holds (``MessageSlots``; small in tests).
    init(
        tokenizer: JSONTokenizer, byteCapacity: Int = 0, messageCapacity: Int = 0, input: (any ExtractionInput)? = nil,
        segmentSize: Int = FieldStorage.defaultSegmentSize, messagesPerChunk: Int = MessageSlots.defaultMessagesPerChunk
    ) {
        self.tokenizer = tokenizer
        self.input = input
        slots = Array(repeating: .null, count: Self.contactBase + Contact.Field.allCases.count)
        storage = FieldStorage(capacity: byteCapacity, segmentSize: segmentSize)
        messageSlots = MessageSlots(capacity: messageCapacity, messagesPerChunk: messagesPerChunk)
    }

    // MARK: - Tokens

    // The hot paths stay as small as before streaming: the window ending is a call out of line.

    @inline(__always)
    mutating func next() throws(ExtractionInterrupt) -> JSONToken {
        let token: JSONToken
        do { token = try tokenizer.next() } catch { throw .syntax(error) }
        if token.kind == .needMoreInput { return try nextAfterRefills() }
        return token
    }

    @inline(never)
    mutating func nextAfterRefills() throws(ExtractionInterrupt) -> JSONToken {
        while true {
            try refill()
            let token: JSONToken
            do { token = try tokenizer.next() } catch { throw .syntax(error) }
            if token.kind != .needMoreInput { return token }
        }
    }

    @inline(__always)
    mutating func skipValue() throws(ExtractionInterrupt) {
        let token: JSONToken
        do { token = try tokenizer.skipValue() } catch { throw .syntax(error) }
        if token.kind == .needMoreInput { try skipAfterRefills(nil) }
    }

    @inline(__always)
    mutating func skipRest(of first: JSONToken) throws(ExtractionInterrupt) {
        // A scalar is read whole already: no call (the tokenizer would return it as it is).
        guard first.isContainerStart else { return }
        let token: JSONToken
        do { token = try tokenizer.skipRest(of: first) } catch { throw .syntax(error) }
        if token.kind == .needMoreInput { try skipAfterRefills(first) }
    }

    /// Goes on with a skip the window cut: the tokenizer keeps its state, so calling it again
    /// with more input continues the same skip.
    @inline(never)
    mutating func skipAfterRefills(_ first: JSONToken?) throws(ExtractionInterrupt) {
        while true {
            try refill()
            let token: JSONToken
            do throws(JSONError) {
                if let first { token = try tokenizer.skipRest(of: first) } else { token = try tokenizer.skipValue() }
            } catch {
                throw .syntax(error)
            }
            if token.kind != .needMoreInput { return }
        }
    }

    /// The absolute offset from which the run still needs input bytes: the tokenizer's, or the
    /// deferred `body` string's start while it may still be copied.
    var retainedOffset: Int {
        holdsDeferredBody ? min(deferredBodyToken.start, tokenizer.retainedOffset) : tokenizer.retainedOffset
    }

    /// The window ended inside the value: more input, or `.needMoreInput` for the caller.
    @inline(never)
    mutating func refill() throws(ExtractionInterrupt) {
        guard let input else { throw .needMoreInput }
        try input.refill(&tokenizer, keepingFrom: retainedOffset)
    }

    // `mutating` though they change nothing, so that the run is passed in place: called on a
    // copy, they copied the whole run (240 bytes, a `memcpy`) at every key, 3% of an `extract`.
    @inline(__always)
    mutating func keyID(_ key: JSONToken, _ table: KeyTable) -> UInt8 {
        if key.hasEscapes { return escapedKeyID(key, table) }
        // Most keys are rejected by their length alone, told by the token: no window slice for them.
        guard table.mayMatch(length: key.count) else { return 0 }
        return table.match(tokenizer.unsafeBytes(of: key))
    }

    /// A key with escapes (rare), matched by its decoded bytes: out of line, so that `keyID` stays
    /// small enough to be inlined into every object loop.
    @inline(never)
    mutating func escapedKeyID(_ key: JSONToken, _ table: KeyTable) -> UInt8 {
        var decoded: [UInt8] = []
        tokenizer.appendDecoded(key, into: &decoded)
        return decoded.withUnsafeBufferPointer { table.match($0) }
    }

    /// Given a value's first token: true when it opens a container of `kind` (the run then reads
    /// on inside it); any other value is skipped whole, validated, and false returned.
    @inline(__always)
    mutating func enters(_ kind: JSONToken.Kind, _ first: JSONToken) throws(ExtractionInterrupt) -> Bool {
        guard first.kind == kind else {
            try skipRest(of: first)
            return false
        }
        return true
    }

    /// Copies the value after a key into storage.
    mutating func capture() throws(ExtractionInterrupt) -> FieldSlot {
        let token = try next()
        return try capture(startingWith: token)
    }

    mutating func capture(startingWith token: JSONToken) throws(ExtractionInterrupt) -> FieldSlot {
        switch token.kind {
        case .string:
            // Kept escaped: writing it out is then a copy; decoding waits until someone reads it.
            let contents = tokenizer.unsafeBytes(of: token)
            let start = storage.append(contents)
            return FieldSlot(kind: .string, hasEscapes: token.hasEscapes, start: start, count: contents.count)
        case .number:
            let text = tokenizer.unsafeBytes(of: token)
            let start = storage.append(text)
            return FieldSlot(kind: .number, hasEscapes: false, start: start, count: text.count)
        case .true: return FieldSlot(kind: .true, hasEscapes: false, start: 0, count: 0)
        case .false: return FieldSlot(kind: .false, hasEscapes: false, start: 0, count: 0)
        case .objectStart, .arrayStart:
            return try captureContainer(startingWith: token)
        default:
            return .null
        }
    }

    /// Copies an object or array value into storage, compact: out of line, so that the scalars'
    /// ``capture(startingWith:)`` keeps a small frame (the copy's state took 768 bytes of it).
    @inline(never)
    mutating func captureContainer(startingWith token: JSONToken) throws(ExtractionInterrupt) -> FieldSlot {
        // The size is known only at the end: room for a small value, and a large one grows its
        // segment (see ``FieldStorage``).
        storage.makeRoom(for: 4096)
        let start = storage.nextStart
        // The tokenizer appends to the array itself: no room past the values then.
        storage.trim()
        var copy = tokenizer.beginCopy(of: token, into: &storage.bytes)
        while true {
            let complete: Bool
            do { complete = try tokenizer.continueCopy(&copy, into: &storage.bytes) } catch { throw .syntax(error) }
            if complete { break }
            try refill()
        }
        storage.adoptAppendedBytes()
        return FieldSlot(kind: .json, hasEscapes: false, start: start, count: storage.nextStart - start)
    }

    // MARK: - The conversation

    /// Reads one value; when it is an object, extracts the conversation from it.
    mutating func run() throws(ExtractionInterrupt) -> ExtractionOutcome {
        let first = try next()
        guard first.kind == .objectStart else {
            try skipRest(of: first)
            return .notAnObject(first.kind)
        }
        var pageKeys = 0
        var resultsKind: JSONToken.Kind?
        var hasID = false
        let ended = try walkMembers(ConversationKey.self) { (run, key, value) throws(ExtractionInterrupt) -> Bool in
            switch key.role {
            case .field(let field):
                if key == .id { hasID = true }
                run.slots[field.rawValue] = try run.capture(startingWith: value)
            case .routingInfo:
                try run.followName(value, at: .operatorGroup, through: RoutingInfoKey.self)
            case .widget:
                try run.followName(value, at: .widget)
            case .contact:
                try run.contact(value)
            case .transcript:
                try run.transcript(value)
            case .pageResults:
                // A page, when it is an array: its conversations are read from here on.
                if value.kind == .arrayStart { return false }
                try run.skipRest(of: value)
                resultsKind = value.kind
            case .pageKey:
                pageKeys += 1
                try run.skipRest(of: value)
            }
            return true
        }
        if !ended { return .pageResults }
        if let resultsKind {
            return .pageWithoutResults("page has no results array (results is \(resultsKind.valueDescription))")
        }
        if !hasID && pageKeys >= 2 {
            return .pageWithoutResults("page has no results array")
        }
        storage.trim()
        return .conversation(Conversation(storage: storage, slots: slots, messageSlots: messageSlots))
    }

    /// The `name` one object further down: `routing_info.operator_group.name`, with `Outer`
    /// (``RoutingInfoKey``) the object on the way. Captured into `field`; null when an object on
    /// the way is not there or not an object. Every level met resets the field, so a later
    /// duplicate key wins whole, as in JSONSerialization.
    mutating func followName<Outer: WantedKey>(
        _ first: JSONToken, at field: Conversation.Field, through _: Outer.Type
    ) throws(ExtractionInterrupt) {
        slots[field.rawValue] = .null
        try walkObject(first, Outer.self) { (run, _, value) throws(ExtractionInterrupt) in
            try run.followName(value, at: field)
        }
    }

    /// `um_widget.name`, or `operator_group.name` (from ``followName(_:at:through:)``): captured
    /// into `field`, null when `first` is not an object or has no `name`.
    mutating func followName(_ first: JSONToken, at field: Conversation.Field) throws(ExtractionInterrupt) {
        slots[field.rawValue] = .null
        try walkObject(first, NameKey.self) { (run, _, value) throws(ExtractionInterrupt) in
            run.slots[field.rawValue] = try run.capture(startingWith: value)
        }
    }

    // MARK: - The contact

    /// Where the contact's slots start: after the conversation's.
    static let contactBase = Conversation.Field.allCases.count

    /// `contact`: its wanted fields; all null when it is not an object. A later duplicate
    /// `contact` replaces an earlier one whole.
    mutating func contact(_ first: JSONToken) throws(ExtractionInterrupt) {
        for index in Self.contactBase..<slots.count { slots[index] = .null }
        try walkObject(first, Contact.Field.self) { (run, field, value) throws(ExtractionInterrupt) in
            run.slots[Self.contactBase + field.rawValue] = try run.capture(startingWith: value)
        }
    }
}
