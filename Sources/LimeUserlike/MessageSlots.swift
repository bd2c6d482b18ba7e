/// The slots of a transcript's messages, ``Message/Field/allCases``-count a message, in chunks:
/// the first grows like an array up to ``chunkCapacity`` slots (a usual transcript has one chunk,
/// as fast as one array); after that each chunk is reserved at that size once and never copied,
/// so that a transcript of a million messages neither doubles its slots nor leaves the arrays it
/// outgrew behind in the allocator (issue #16). A message's slots are always in one chunk.
struct MessageSlots: Sendable {
    /// The chunk being filled (the only one, for a usual transcript).
    private(set) var current: [FieldSlot] = []
    /// The full chunks before ``current``, each of ``chunkCapacity`` slots.
    private(set) var full: [[FieldSlot]] = []
    /// Slots a chunk holds: a whole number of messages.
    let chunkCapacity: Int

    /// Slots a message takes.
    static let width = Message.Field.allCases.count
    /// About 1 MiB of slots.
    static let defaultMessagesPerChunk = (1 << 20) / (16 * 6)

    /// - Parameters:
    ///   - capacity: messages to reserve room for in the first chunk (at most a chunk's worth).
    ///   - messagesPerChunk: the messages a chunk holds (small in tests, to cross chunks).
    init(capacity: Int = 0, messagesPerChunk: Int = MessageSlots.defaultMessagesPerChunk) {
        chunkCapacity = max(1, messagesPerChunk) * Self.width
        current.reserveCapacity(min(capacity * Self.width, chunkCapacity))
    }

    /// All the slots.
    var count: Int { full.count * chunkCapacity + current.count }
    /// How many chunks there are.
    var chunkCount: Int { full.count + 1 }

    /// Appends one message's slots, in ``Message/Field`` order.
    @inline(__always)
    mutating func appendMessage(
        _ sentAt: FieldSlot, _ type: FieldSlot, _ event: FieldSlot, _ senderType: FieldSlot, _ name: FieldSlot,
        _ body: FieldSlot
    ) {
        if current.count == chunkCapacity { startChunk() }
        current.append(sentAt)
        current.append(type)
        current.append(event)
        current.append(senderType)
        current.append(name)
        current.append(body)
    }

    /// Seals the full chunk and begins the next.
    @inline(never)
    private mutating func startChunk() {
        full.append(current)
        current = []
        current.reserveCapacity(chunkCapacity)
    }

    /// Drops every message (a later duplicate `transcript` replaces an earlier one), keeping the
    /// first chunk's memory.
    mutating func removeAll() {
        if let first = full.first {
            current = first
            full = []
        }
        current.removeAll(keepingCapacity: true)
    }

    /// The slot at `index`.
    subscript(index: Int) -> FieldSlot {
        if full.isEmpty { return current[index] }
        let chunk = index / chunkCapacity
        return chunk == full.count ? current[index - chunk * chunkCapacity] : full[chunk][index % chunkCapacity]
    }

    /// The chunk at `index` (``chunkCount`` of them, in order).
    func chunk(_ index: Int) -> [FieldSlot] { index == full.count ? current : full[index] }
}
