// MARK: - Re-escaping without decoding first

extension JSONStringDecoder {
    /// Rewrites a validated JSON string's raw contents (`raw`, escapes and all) into exactly what
    /// ``JSONWriter/writeStringContents(_:into:)`` writes for its decoded text, in one pass and
    /// without building the decoded text: runs without a backslash are copied whole (they are
    /// valid as they are), each escape is decoded and written again the writer's way (`\/` and
    /// `\u00e9` become `/` and `é`, `\u000a` becomes `\n`, a lone surrogate U+FFFD, as ``decode(_:into:)``
    /// has them). With `lineBreaksAsSpaces` every line break of the decoded text (CR LF, LF, CR)
    /// becomes one space, as if the decoded text had been changed so before it was written.
    ///
    /// - Returns: the UTF-8 size of the decoded text (after the line breaks were made spaces).
    public static func reescape(_ raw: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], lineBreaksAsSpaces: Bool)
        -> Int
    {
        var size = 0
        var index = 0
        let count = raw.count
        // A CR written as a space: an LF right after it belongs to the same line break.
        var afterCR = false
        while index < count {
            let end = nextBackslash(raw, from: index)
            if end > index {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: raw[index..<end]))
                size += end - index
                afterCR = false
            }
            guard end < count, let (scalar, next) = escape(raw, at: end) else { break }
            index = next
            if lineBreaksAsSpaces && (scalar == 0x0A || scalar == 0x0D) {
                if scalar == 0x0A && afterCR {
                    afterCR = false
                    continue
                }
                out.append(UInt8(ascii: " "))
                size += 1
                afterCR = scalar == 0x0D
                continue
            }
            afterCR = false
            if scalar < 0x20 || scalar == 0x22 || scalar == 0x5C {
                JSONWriter.appendEscape(UInt8(scalar), into: &out)
                size += 1
            } else {
                let before = out.count
                appendUTF8(scalar, into: &out)
                size += out.count - before
            }
        }
        return size
    }
}
