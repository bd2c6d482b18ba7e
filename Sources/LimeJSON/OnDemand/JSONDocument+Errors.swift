// MARK: - Errors of reading, with the value's position

extension JSONDocument {
    /// Line and column (1-based, the column in Unicode scalars) of byte `offset`, counted from the
    /// start: only when an error is reported. Raw line feeds stand only in whitespace of a valid
    /// text, so every one of them ends a line.
    func location(of offset: Int, _ base: UnsafePointer<UInt8>) -> (line: Int, column: Int) {
        let offset = min(offset, count)
        var from = 0
        var line = 1
        var lineStart = 0
        var scalars = 0
        if state.pointee.countedOffset <= offset {
            from = state.pointee.countedOffset
            line = state.pointee.countedLine
            lineStart = state.pointee.countedLineStart
            scalars = state.pointee.countedScalars
        }
        var scalarsFrom = from
        for index in from..<offset where base[index] == 0x0A {
            line += 1
            lineStart = index + 1
            scalarsFrom = lineStart
            scalars = 0
        }
        scalars += JSONLineTracker.scalarCount(
            UnsafeBufferPointer(start: base + scalarsFrom, count: offset - scalarsFrom))
        state.pointee.countedOffset = offset
        state.pointee.countedLine = line
        state.pointee.countedLineStart = lineStart
        state.pointee.countedScalars = scalars
        return (line, scalars + 1)
    }

    /// An error at the value that starts at entry `entry`.
    @usableFromInline
    func error(_ code: JSONError.Code, atEntry entry: Int, _ base: UnsafePointer<UInt8>, _ message: String)
        -> JSONError
    {
        let offset = entry < entryCount ? offset(entry) : count
        let (line, column) = location(of: offset, base)
        return JSONError(code: code, message: message, offset: offset, line: line, column: column)
    }

    /// A cursor used out of order, at its value.
    @usableFromInline
    func outOfOrder(atEntry entry: Int, _ base: UnsafePointer<UInt8>, _ message: String) -> JSONError {
        error(.outOfOrderAccess, atEntry: entry, base, message)
    }

    /// A value read as `expected` that is something else.
    @usableFromInline
    func typeMismatch(atEntry entry: Int, _ base: UnsafePointer<UInt8>, expected: String) -> JSONError {
        let found = JSONValue.Kind(firstByte: byte(entry, base))
        return error(.typeMismatch, atEntry: entry, base, "expected \(expected), found \(found.description)")
    }
}
