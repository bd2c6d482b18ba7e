// MARK: - The `extract` output line

extension Conversation {
    /// Appends this conversation as one compact JSON object (the `limestream extract` shape), without
    /// a trailing newline.
    ///
    /// Keys: `id, status, created_at, ended_at, language, subject, operator_email, operator_group,
    /// widget, rate, feedback, contact{...}, messages[...]`. Strings that had no escapes in the input
    /// are copied as they are; the others are re-escaped from their decoded text.
    public func writeJSONLine(into out: inout [UInt8]) {
        writeJSONLine(into: &out, spillingAt: .max) { _ in }
    }

    /// Appends this conversation's line (see ``writeJSONLine(into:)``), handing `out` to `spill`
    /// between messages whenever it holds `threshold` bytes or more, so that a conversation of
    /// hundreds of megabytes is written out in pieces instead of built whole first (issue #16).
    ///
    /// - Parameters:
    ///   - out: where the line is appended.
    ///   - threshold: how many bytes `out` may hold before it is spilled. A line whose fields
    ///     are not larger is written whole, as ``writeJSONLine(into:)`` writes it.
    ///   - spill: takes what `out` holds so far (earlier lines and the line's start), writes it
    ///     out, and empties `out` (or keeps it: the line then goes on after it).
    public func writeJSONLine(
        into out: inout [UInt8], spillingAt threshold: Int = 1 << 20, spill: (inout [UInt8]) -> Void
    ) {
        // Everything through buffer pointers taken once, and each piece written in two passes: one
        // that only counts its bytes, one that writes them into room of exactly that size made at
        // the end of `out`. Appending each piece to the array instead cost a uniqueness and
        // capacity check per piece, some twenty pieces per message: 6% of an `extract` run. The
        // room is made in `out` itself, not in memory of its own copied over: for a conversation
        // of hundreds of megabytes that copy was as large as the line.
        let storage = self.storage
        if storage.segmentCount == 1 {
            storage.bytes.withUnsafeBufferPointer { values in
                writeJSONLine(OneSegment(values: values), into: &out, threshold: threshold, spill: spill)
            }
        } else {
            storage.withSegments { segments in
                writeJSONLine(ManySegments(segments: segments), into: &out, threshold: threshold, spill: spill)
            }
        }
    }

    /// This conversation as one compact JSON object (see ``writeJSONLine(into:)``).
    public var jsonLine: String {
        var out: [UInt8] = []
        writeJSONLine(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes the line whole when its fields are not larger than `threshold` and its messages are
    /// in one chunk (the usual case: one count and one write), in pieces otherwise.
    private func writeJSONLine<Values: LineValues>(
        _ values: Values, into out: inout [UInt8], threshold: Int, spill: (inout [UInt8]) -> Void
    ) {
        let messageSlots = self.messageSlots
        if messageSlots.chunkCount == 1 && values.byteCount <= threshold {
            withLineParts(values, messageSlots.current, firstMessage: 0) { parts in
                let messageCount = parts.messageSlots.count / Message.Field.allCases.count
                parts.write(into: &out) { writer in
                    parts.head(&writer)
                    for index in 0..<messageCount { parts.message(index, &writer) }
                    parts.tail(&writer)
                }
            }
            return
        }
        var firstMessage = 0
        for chunk in 0..<messageSlots.chunkCount {
            withLineParts(values, messageSlots.chunk(chunk), firstMessage: firstMessage) { parts in
                if chunk == 0 { parts.write(into: &out) { parts.head(&$0) } }
                parts.writeMessages(into: &out, threshold: threshold, spill: spill)
                if chunk == messageSlots.chunkCount - 1 { parts.write(into: &out) { parts.tail(&$0) } }
                firstMessage += parts.messageSlots.count / Message.Field.allCases.count
            }
        }
    }

    private func withLineParts<Values: LineValues>(
        _ values: Values, _ messageSlots: [FieldSlot], firstMessage: Int, _ body: (LineParts<Values>) -> Void
    ) {
        let keys = Self.lineKeys
        keys.bytes.withUnsafeBufferPointer { keyBytes in
            keys.offsets.withUnsafeBufferPointer { offsets in
                slots.withUnsafeBufferPointer { slots in
                    messageSlots.withUnsafeBufferPointer { messageSlots in
                        body(
                            LineParts(
                                keyBytes: keyBytes, offsets: offsets, values: values, slots: slots,
                                messageSlots: messageSlots, firstMessage: firstMessage))
                    }
                }
            }
        }
    }
}

extension Conversation.LineParts {
    /// How many bytes of messages are counted and written at a time when the line is spilled.
    static var messageRun: Int { 1 << 18 }

    /// Writes this chunk's messages in runs of about ``messageRun`` bytes (or `threshold`, when
    /// smaller), spilling `out` whenever it holds `threshold` bytes or more.
    func writeMessages(into out: inout [UInt8], threshold: Int, spill: (inout [UInt8]) -> Void) {
        let messageCount = messageSlots.count / Message.Field.allCases.count
        let runLength = min(Self.messageRun, threshold)
        var next = 0
        while next < messageCount {
            // Messages up to about `runLength` bytes, counted once to find where the run ends.
            var counter = Conversation.LineWriter(counting: ())
            var end = next
            while end < messageCount && counter.count < runLength {
                message(end, &counter)
                end += 1
            }
            let run = next..<end
            // The count is the run's: no second counting pass.
            write(into: &out, count: counter.count) { writer in
                for index in run { message(index, &writer) }
            }
            if out.count >= threshold { spill(&out) }
            next = end
        }
    }

    /// Counts what `piece` writes, makes exactly that much room at the end of `out`, and writes it there.
    @inline(__always)
    func write(into out: inout [UInt8], _ piece: (inout Conversation.LineWriter) -> Void) {
        var counter = Conversation.LineWriter(counting: ())
        piece(&counter)
        write(into: &out, count: counter.count, piece)
    }

    /// Appends what `piece` writes, exactly `count` bytes, to `out`: written once, straight into
    /// the array's new room (``Conversation/LinePiece``).
    @inline(__always)
    func write(into out: inout [UInt8], count: Int, _ piece: (inout Conversation.LineWriter) -> Void) {
        withoutActuallyEscaping(piece) { piece in
            out.append(contentsOf: Conversation.LinePiece(count: count, piece: piece))
        }
    }
}

extension Conversation {
    /// A piece of a line, `count` bytes that `piece` writes, as a sequence for
    /// `Array.append(contentsOf:)`: the array hands its new room to ``_copyContents(initializing:)``,
    /// which writes the piece there. Zero-filling the room first (`repeatElement(0, ...)`) and then
    /// writing it touched the whole line twice: 2% of an `extract` of a big export.
    struct LinePiece: Sequence {
        /// The bytes `piece` writes.
        let count: Int
        /// Writes the piece; it must write exactly `count` bytes.
        let piece: (inout LineWriter) -> Void

        var underestimatedCount: Int { count }

        /// Writes the piece into `memory`, which has room for `count` bytes.
        func write(into memory: UnsafeMutablePointer<UInt8>) {
            var writer = LineWriter(into: memory, capacity: count)
            piece(&writer)
            precondition(writer.count == count, "a line piece wrote other than it counted")
        }

        /// The bytes one by one, for a reader other than `Array.append(contentsOf:)`.
        func makeIterator() -> [UInt8].Iterator {
            var bytes = [UInt8](repeating: 0, count: count)
            bytes.withUnsafeMutableBufferPointer { buffer in
                if let memory = buffer.baseAddress { write(into: memory) }
            }
            return bytes.makeIterator()
        }

        func _copyContents(initializing buffer: UnsafeMutableBufferPointer<UInt8>) -> ([UInt8].Iterator, Int) {
            guard count > 0 else { return ([UInt8]().makeIterator(), 0) }
            guard buffer.count >= count, let memory = buffer.baseAddress else {
                // Less room than the piece (not how an array appends): as many bytes as fit.
                var bytes = makeIterator()
                var written = 0
                while written < buffer.count, let byte = bytes.next() {
                    buffer[written] = byte
                    written += 1
                }
                return (bytes, written)
            }
            write(into: memory)
            return ([UInt8]().makeIterator(), count)
        }
    }
}
