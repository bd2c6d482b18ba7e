/// A place in an input: byte offset, line and column, the one position type of every layer
/// (``JSONError``, an export's reported issues, the command line's diagnostics).
///
/// Line and column are 1-based; the column counts Unicode scalars (characters as an editor shows
/// them for most text) from the start of the line. The offset counts bytes from the start of the
/// input.
public struct JSONPosition: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Byte offset from the start of the input.
    public var offset: Int
    /// 1-based line.
    public var line: Int
    /// 1-based column, in Unicode scalars.
    public var column: Int

    /// The start of an input: byte 0, line 1, column 1.
    public static let start = JSONPosition(offset: 0, line: 1, column: 1)

    /// Creates a position.
    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// `line L, column C (byte N)`.
    public var description: String { "line \(line), column \(column) (byte \(offset))" }

    /// This position, counted from `start` (which was its byte 0, line 1, column 1), as a position
    /// of the whole input: the one rule for every reader that hands part of its text to another.
    package func rebased(onto start: JSONPosition) -> JSONPosition {
        let (line, column) = JSONLineTracker.rebase(line: line, column: column, onto: (start.line, start.column))
        return JSONPosition(offset: start.offset + offset, line: line, column: column)
    }
}
