/// Re-spaces compact JSON: pretty printing, and odd whitespace for adversarial inputs. Both walk
/// the bytes once, following strings (and their escapes) so that nothing inside one is touched.
enum Whitespace {
    /// Indents compact JSON by two spaces per level, one member or element per line.
    static func prettyPrint(_ bytes: [UInt8], into out: inout [UInt8]) {
        var depth = 0
        var inString = false
        var escaped = false
        var index = 0
        func newline(_ out: inout [UInt8], _ depth: Int) {
            out.append(0x0A)
            for _ in 0..<(depth * 2) { out.append(0x20) }
        }
        func isCloser(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") }
        while index < bytes.count {
            let byte = bytes[index]
            out.append(byte)
            index += 1
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                if inString { continue }
            } else {
                switch byte {
                case UInt8(ascii: "\""):
                    inString = true
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    if index < bytes.count && isCloser(bytes[index]) {
                        // An empty container stays on one line.
                        out.append(bytes[index])
                        index += 1
                    } else {
                        depth += 1
                        newline(&out, depth)
                        continue
                    }
                case UInt8(ascii: ","): newline(&out, depth)
                case UInt8(ascii: ":"): out.append(0x20)
                default: break
                }
            }
            // A closing bracket goes on a line of its own, one level out.
            if index < bytes.count && isCloser(bytes[index]) {
                depth -= 1
                newline(&out, depth)
            }
        }
    }

    /// Puts random JSON whitespace (spaces, tabs, carriage returns) around structural characters;
    /// no line feeds, so that NDJSON stays one conversation per line.
    static func scatter(_ bytes: [UInt8], random: inout SplitMix64) -> [UInt8] {
        let spaces: [[UInt8]] = [[0x20], [0x09], [0x0D], [0x20, 0x20, 0x09], [0x0D, 0x20], [], []]
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                out.append(byte)
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ","),
                UInt8(ascii: ":"):
                out.append(contentsOf: spaces[random.below(spaces.count)])
                out.append(byte)
                out.append(contentsOf: spaces[random.below(spaces.count)])
            case UInt8(ascii: "\""):
                inString = true
                out.append(byte)
            default:
                out.append(byte)
            }
        }
        return out
    }
}
