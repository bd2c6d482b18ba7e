// The tokenizer's scan of long string contents (JSONTokenizer.scanBlocks in LimeJSON) for
// processors with AVX2 or AVX-512: the same four UTF-8 rules and the same stop bytes as the Swift
// blocks of sixteen (StringBlock), 32 or 64 bytes a step. LimeJSON calls them only where
// lime_index_avx2_available() / lime_index_avx512_available() say the processor can; its tests
// check them against the Swift path.
#ifndef LIME_STRING_H
#define LIME_STRING_H

#include <stdint.h>

/// Scans string contents from `start` (a character boundary at least three bytes into the window,
/// whose bytes before it are valid) while a whole step fits before `count`:
/// - at a '"', '\' or control byte with well-formed UTF-8 before it: returns its offset, sets
///   `*stopped` to 1;
/// - at a step that is not well-formed UTF-8 up to its stop byte: returns -1;
/// - with less than a step left: returns where it is (a step boundary, perhaps inside a
///   character: the caller's sixteen-byte blocks read the bytes before them again), `*stopped` 0.
/// Adds the UTF-8 continuation bytes it passed (before the returned offset) to `*continuations`.
int64_t lime_scan_string_avx2(const uint8_t *base, int64_t count, int64_t start, int64_t *continuations,
                              int32_t *stopped);

/// The same, 64 bytes a step with AVX-512BW.
int64_t lime_scan_string_avx512(const uint8_t *base, int64_t count, int64_t start, int64_t *continuations,
                                int32_t *stopped);

#endif
