import LimeJSON

/// Looks at the first bytes of an input for what is clearly not JSON text: a compressed file, an
/// archive, an executable, UTF-16, or binary data (a NUL byte). Such an input gets one fatal error
/// that names what it looks like, instead of a report per "conversation" of garbage.
///
/// None of the magic numbers can begin JSON text (their first bytes are neither whitespace nor
/// a byte a value starts with), so valid JSON is never rejected; a NUL byte cannot stand in valid
/// JSON text at all. NUL bytes are looked for in the first 8000 bytes only, as git and diff do
/// to call a file binary: a stray NUL later is one broken conversation, reported as such.
///
/// It also notes whether any byte that is not whitespace came (the empty-input rule) and, while
/// none has, the line and column reached.
struct InputSniffer {
    /// What an input looks like, with where.
    struct Finding: Equatable {
        var message: String
        var position: JSONPosition
    }

    /// How far NUL bytes are looked for.
    static let binaryWindow = 8000

    private var head: [UInt8] = []
    private(set) var sawText = false
    /// Line and column of the next byte (for the NUL byte's position, and the end of whitespace).
    private(set) var line = 1
    private(set) var column = 1
    private var offset = 0

    /// Whether more bytes need a look.
    var isWatching: Bool { offset < Self.binaryWindow || !sawText }

    /// Looks at the next bytes, which start at `offset` of the input.
    mutating func look(at bytes: UnsafeBufferPointer<UInt8>, offset start: Int) -> Finding? {
        if head.count < 8 {
            head += bytes.prefix(8 - head.count)
            if let what = Self.magic(head) {
                return Finding(message: what, position: .start)
            }
        }
        for index in bytes.indices {
            let byte = bytes[index]
            let at = start + index
            offset = at + 1
            if byte == 0 && at < Self.binaryWindow {
                return Finding(
                    message: "binary data (a NUL byte), not JSON text",
                    position: JSONPosition(offset: at, line: line, column: column))
            }
            if at >= Self.binaryWindow && sawText { break }
            // A byte order mark at the start is not text either (the readers skip it).
            if at < 3 && byte == [0xEF, 0xBB, 0xBF][at]
                && head.starts(with: [0xEF, 0xBB, 0xBF].prefix(min(3, head.count)))
            {
                continue
            }
            switch byte {
            case 0x0A:
                line += 1
                column = 1
            case 0x20, 0x09, 0x0D:
                column += 1
            default:
                sawText = true
                // UTF-8 continuation bytes are no column of their own.
                if byte & 0xC0 != 0x80 { column += 1 }
            }
        }
        return nil
    }

    /// What the first bytes say the input is, when a format's magic number begins it.
    static func magic(_ head: [UInt8]) -> String? {
        func starts(_ magic: [UInt8]) -> Bool { head.starts(with: magic) }
        if starts([0x1F, 0x8B]) { return "gzip-compressed data, not JSON text (decompress it first: gunzip -c)" }
        if starts([0x28, 0xB5, 0x2F, 0xFD]) {
            return "zstd-compressed data, not JSON text (decompress it first: zstd -dc)"
        }
        if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) {
            return "xz-compressed data, not JSON text (decompress it first: xz -dc)"
        }
        if starts(Array("BZh".utf8)) && head.count >= 4 && (0x31...0x39).contains(head[3]) {
            return "bzip2-compressed data, not JSON text (decompress it first: bzip2 -dc)"
        }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return "a zip archive, not JSON text (unpack it first: unzip -p)" }
        if starts([0x7F, 0x45, 0x4C, 0x46]) { return "an ELF executable, not JSON text" }
        if starts([0xCF, 0xFA, 0xED, 0xFE]) || starts([0xFE, 0xED, 0xFA, 0xCF]) {
            return "a Mach-O executable, not JSON text"
        }
        if starts(Array("%PDF-".utf8)) { return "a PDF document, not JSON text" }
        if starts([0xFF, 0xFE]) || starts([0xFE, 0xFF]) || isUTF16WithoutMark(head) {
            return "UTF-16 text, not UTF-8 (convert it first: iconv -f UTF-16 -t UTF-8)"
        }
        return nil
    }

    /// ASCII in UTF-16 has a NUL byte beside every character: `{\0"\0` or `\0{\0"`.
    private static func isUTF16WithoutMark(_ head: [UInt8]) -> Bool {
        guard head.count >= 4 else { return false }
        let little = head[0] != 0 && head[1] == 0 && head[2] != 0 && head[3] == 0
        let big = head[0] == 0 && head[1] != 0 && head[2] == 0 && head[3] != 0
        return little || big
    }
}
