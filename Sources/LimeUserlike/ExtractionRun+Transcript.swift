import LimeJSON

// MARK: - The transcript: most of the bytes, so the tightest loop

extension ExtractionRun {

    /// `transcript`: one message per element when it is an array; no messages otherwise. A later
    /// duplicate `transcript` replaces an earlier one.
    mutating func transcript(_ first: JSONToken) throws(ExtractionInterrupt) {
        messageSlots.removeAll()
        guard try enters(.arrayStart, first) else { return }
        while true {
            let element = try next()
            if element.kind == .arrayEnd { return }
            if element.kind == .objectStart {
                try message()
            } else {
                try skipRest(of: element)
                messageSlots.appendMessage(.null, .null, .null, .null, .null, .null)
            }
        }
    }

    /// One transcript element that is an object.
    mutating func message() throws(ExtractionInterrupt) {
        var sentAt = FieldSlot.null
        var type = FieldSlot.null
        var event = FieldSlot.null
        var senderType = FieldSlot.null
        var name = FieldSlot.null
        var bodyPlain = FieldSlot.null
        var body = FieldSlot.null
        try walkMembers(MessageKey.self) { (run, key, value) throws(ExtractionInterrupt) -> Bool in
            switch key {
            case .sentAt: sentAt = try run.capture(startingWith: value)
            case .type: type = try run.capture(startingWith: value)
            case .event: event = try run.capture(startingWith: value)
            case .name: name = try run.capture(startingWith: value)
            case .sender: senderType = try run.sender(value)
            case .bodyPlain: bodyPlain = try run.capture(startingWith: value)
            case .body: body = try run.deferredBody(value)
            }
            return true
        }
        if bodyPlain.kind != .string && body.start < 0 { body = try capture(startingWith: deferredBodyToken) }
        holdsDeferredBody = false
        // body_plain when that is a string, otherwise body.
        messageSlots.appendMessage(sentAt, type, event, senderType, name, bodyPlain.kind == .string ? bodyPlain : body)
    }

    /// `body`, which is only wanted when `body_plain` is not a string (rare): a string is not
    /// copied yet, only its token kept (the window holds the whole conversation), and ``message()``
    /// copies it at the end if it is needed after all. A streaming window keeps its bytes until then
    /// (``retainedOffset``).
    @inline(never)
    mutating func deferredBody(_ token: JSONToken) throws(ExtractionInterrupt) -> FieldSlot {
        guard token.kind == .string else { return try capture(startingWith: token) }
        deferredBodyToken = token
        holdsDeferredBody = true
        return FieldSlot.deferred
    }

    /// `sender.type`, or null when `sender` is not an object or has no `type`.
    mutating func sender(_ first: JSONToken) throws(ExtractionInterrupt) -> FieldSlot {
        var type = FieldSlot.null
        try walkObject(first, SenderKey.self) { (run, _, value) throws(ExtractionInterrupt) in
            type = try run.capture(startingWith: value)
        }
        return type
    }
}
