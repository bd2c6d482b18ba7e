/// Where a ``JSONDocument``'s one forward-only walk stands: the state every cursor of the
/// document shares (simdjson's "one iterator per document").
///
/// It lives in memory the document allocates, not in a stored `var` of the class, so that the hot
/// path pays no dynamic exclusivity check for it.
@usableFromInline
struct OnDemandState {
    /// The next entry of the index to read.
    @usableFromInline var position: Int = 0
    /// Containers opened by the walk and not closed yet.
    @usableFromInline var depth: Int = 0
    /// The entry of the value last handed out (a field's value, an array element, the root) while
    /// it is not read: the next move of its parent skips it. -1 when there is none.
    @usableFromInline var pending: Int = -1
    /// The entry of the `{` or `[` of the container closed last by its own cursor, and the
    /// position right after its close: asking that cursor again, before anything else moved, says
    /// "no more" instead of "out of order".
    @usableFromInline var closedStart: Int = -1
    @usableFromInline var closedEnd: Int = -1
    /// The last position an error's line was counted for (offset, its line, its line's start):
    /// the next error, usually further on, counts from there, so that a reader that tries
    /// `int64()` before `double()` on every number does not count lines from the start each time.
    @usableFromInline var countedOffset = 0
    @usableFromInline var countedLine = 1
    @usableFromInline var countedLineStart = 0
    /// Unicode scalars from `countedLineStart` to `countedOffset`.
    @usableFromInline var countedScalars = 0
    /// False once the borrowed bytes of ``JSONDocument/withDocument(over:options:_:)`` are gone.
    @usableFromInline var isOpen = true

    @inlinable init() {}
}
