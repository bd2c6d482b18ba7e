import LimeJSON

extension ReadBuffer {
    /// Reads at least `atLeast` more bytes from `source`, or up to its end; never more than
    /// `atMost` (default: as much as fits).
    mutating func read(from source: ByteSource, atLeast: Int, atMost: Int = .max) throws(ExportError) {
        try read(atLeast: atLeast, atMost: atMost) { (room) throws(ExportError) -> Int in try source.read(into: room) }
    }
}
