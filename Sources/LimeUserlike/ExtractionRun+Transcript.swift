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
        let keys = ExtractionKeys.messageKeys
        while true {
            let member = try member(keys)
            // Most keys are not wanted: tested first, before the jump on the id (and the end of the
            // object, which has id 0 too, only there).
            if member.id == 0 {
                if member.value.kind == .objectEnd { break }
                try skipRest(of: member.value)
                continue
            }
            switch member.id {
            case 1: sentAt = try capture(startingWith: member.value)
            case 2: type = try capture(startingWith: member.value)
            case 3: event = try capture(startingWith: member.value)
            case 4: name = try capture(startingWith: member.value)
            case 5: senderType = try sender(member.value)
            case 6: bodyPlain = try capture(startingWith: member.value)
            default: body = try deferredBody(member.value)
            }
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
        guard try enters(.objectStart, first) else { return .null }
        var type = FieldSlot.null
        while true {
            let member = try member(ExtractionKeys.senderKeys)
            if member.value.kind == .objectEnd { return type }
            if member.id == 0 {
                try skipRest(of: member.value)
            } else {
                type = try capture(startingWith: member.value)
            }
        }
    }
}
