import LimeJSON
import LimeUserlike

/// `validate --sequence`: checks that an input is a sequence of JSON texts separated by
/// whitespace (NDJSON, or pretty-printed texts one after another), and reports every bad one.
///
/// Each text is validated by a ``JSONTokenizer`` of its own over a window that holds the text
/// from its first byte, so memory is bounded by the largest text plus a chunk; a text that runs
/// past the window is validated again from its start once more is read (the window at least
/// doubles, so that stays linear). After an error, validation resumes as the export readers do:
/// at the first line, after the bad text's start and at or after the error, that begins in its
/// first column with a byte that can start a JSON value.
struct SequenceValidator {
    private let source: InputSource
    private let chunkSize: Int
    private let allowsByteOrderMark: Bool
    private var window: [UInt8] = []
    /// Absolute offset of `window[0]`.
    private var windowBase = 0
    private var isAtEnd = false
    /// Index in `window` of the next byte to look at, and its line and column.
    private var cursor = 0
    private var line = 1
    private var column = 1
    /// Texts begun so far (good and bad), and the bad ones.
    private(set) var texts = 0
    private(set) var bad = 0

    init(source: InputSource, chunkSize: Int = 1 << 20, allowsByteOrderMark: Bool) {
        self.source = source
        self.chunkSize = chunkSize
        self.allowsByteOrderMark = allowsByteOrderMark
    }

    /// Validates the whole input, handing each error (and the text's number) to `report`.
    mutating func run(report: (JSONError, Int) -> Void) throws(ExportError) {
        if allowsByteOrderMark {
            try fill(atLeast: 3)
            if window.starts(with: ByteOrderMark.bytes) { cursor = 3 }
        }
        while true {
            // Whitespace before the next text.
            while true {
                while cursor < window.count, let byte = Optional(window[cursor]),
                    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
                {
                    if byte == 0x0A { (line, column) = (line + 1, 1) } else { column += 1 }
                    cursor += 1
                }
                if cursor < window.count || isAtEnd { break }
                try fill(atLeast: 1)
            }
            guard cursor < window.count else { return }
            switch try validateText() {
            case .complete(let end):
                texts += 1
                advance(to: end)
            case .failed(let error):
                texts += 1
                bad += 1
                report(error, texts)
                try resume(after: error)
            }
        }
    }

    private enum Outcome {
        case complete(end: Int)
        case failed(JSONError)
    }

    /// Validates the text at `cursor`, reading more while it runs past the window.
    private mutating func validateText() throws(ExportError) -> Outcome {
        while true {
            let start = cursor
            let base = windowBase + start
            let result = Result { () throws(JSONError) in
                try JSONTokenizer.withTokenizer(over: window[start...], baseOffset: base, isFinal: isAtEnd) {
                    (tokenizer: inout JSONTokenizer) throws(JSONError) in
                    let token = try tokenizer.skipValue()
                    return token.kind == .needMoreInput
                        ? token : JSONToken(kind: token.kind, start: token.start, end: tokenizer.offset)
                }
            }
            switch result {
            case .success(let token) where token.kind == .needMoreInput:
                // At least double what the text has so far: each retry reads it again from its start.
                try fill(atLeast: max(1, window.count - cursor))
            case .success(let token):
                return .complete(end: token.end - windowBase)
            case .failure(var error):
                // The tokenizer counted lines from the text's first byte.
                if error.line == 1 { error.column += column - 1 }
                error.line += line - 1
                return .failed(error)
            }
        }
    }

    /// Moves `cursor` to `end`, counting lines and columns over the bytes passed.
    private mutating func advance(to end: Int) {
        for byte in window[cursor..<end] {
            if byte == 0x0A {
                (line, column) = (line + 1, 1)
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        cursor = end
    }

    /// Goes on at the first line start after the bad text's start, at or after the error, whose
    /// first byte can start a value; or at the end.
    private mutating func resume(after error: JSONError) throws(ExportError) {
        var textStart = cursor
        var errorIndex = max(error.offset - windowBase, textStart + 1)
        var index = textStart
        while true {
            while index < window.count {
                let atLineStart = index > textStart && window[index - 1] == 0x0A
                if atLineStart && index >= errorIndex && Self.canStartValue(window[index]) {
                    advance(to: index)
                    return
                }
                index += 1
            }
            if isAtEnd {
                advance(to: window.count)
                return
            }
            // Keep the text's bytes (the line count walks them); read on.
            let dropped = try fill(atLeast: 1)
            (textStart, errorIndex, index) = (textStart - dropped, errorIndex - dropped, index - dropped)
        }
    }

    /// `{ [ " - 0-9 t f n`.
    static func canStartValue(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return true
        default: return false
        }
    }

    /// Drops what is before `cursor` and reads until at least `count` bytes more are there, or
    /// the input ends; returns how many bytes were dropped from the front.
    @discardableResult
    private mutating func fill(atLeast count: Int) throws(ExportError) -> Int {
        let dropped = cursor
        if cursor > 0 {
            window.removeFirst(cursor)
            windowBase += cursor
            cursor = 0
        }
        let target = window.count + count
        var chunk = [UInt8](repeating: 0, count: max(count, chunkSize))
        while window.count < target && !isAtEnd {
            let got = try source.read(into: &chunk)
            if got == 0 { isAtEnd = true } else { window += chunk[0..<got] }
        }
        return dropped
    }
}
