import LimeJSON

// Shared by the LimeJSON tests and the fuzz harness (Fuzz/LimeFuzz.swift compiles this file into
// itself: keep it to LimeJSON and the standard library).

/// How many members a pass with ``JSONTokenizer/nextMember(wantedKeyLengths:)`` passed over, when
/// it read what a pass with `next()` alone read but for members it may pass over: a key whose
/// length's bit in `wantedKeyLengths` is clear, with a string, number or literal value; and but
/// for the key before an error in its value, which a member read does not hand out.
///
/// - Parameters:
///   - passing: the tokens the member pass read (keys and values' first tokens, as handed out).
///   - reference: the tokens `next()` read.
///   - referenceFailed: whether the reference pass stopped at an error (the same error as the
///     member pass's: the caller compares them).
/// - Returns: the number of members passed over; nil when `passing` read anything else.
public func membersPassedOver(
    _ passing: [JSONToken], _ reference: [JSONToken], referenceFailed: Bool, wantedKeyLengths: UInt64
) -> Int? {
    let scalars: Set<JSONToken.Kind> = [.string, .number, .true, .false, .null]
    var at = 0
    var passed = 0
    var index = 0
    while index < reference.count {
        let token = reference[index]
        if at < passing.count && passing[at] == token {
            at += 1
            index += 1
            continue
        }
        // A member missing: one that may be passed over, or the key before an error.
        guard token.kind == .key else { return nil }
        guard index + 1 < reference.count else { return referenceFailed && at == passing.count ? passed : nil }
        let length = token.end - token.start
        guard length < 64, (wantedKeyLengths >> UInt64(length)) & 1 == 0, scalars.contains(reference[index + 1].kind)
        else { return nil }
        passed += 1
        index += 2
    }
    return at == passing.count ? passed : nil
}
