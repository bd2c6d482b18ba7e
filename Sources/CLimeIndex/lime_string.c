// Long string contents, 32 or 64 bytes a step; see include/lime_string.h. The rules are
// StringBlock's (Sources/LimeJSON/StringBlock.swift), whose comments say why they are the whole of
// Unicode's table of well-formed UTF-8; here each is a compare of whole registers:
//  1. a byte is a continuation (10xxxxxx) exactly when one of the three before it starts a
//     sequence long enough to reach it (C0+ one back, E0+ two back, F0+ three back);
//  2. C0, C1 and F5 to FF never occur;
//  3. after E0 the next byte is A0 or more, after ED below A0;
//  4. after F0 the next byte is 90 or more, after F4 below 90.
// (Rules 3 and 4 need only look at the byte after the lead as a whole: rule 1 has made it a
// continuation byte, 80 to BF.) The bytes one, two and three before each byte are loaded from
// memory, so nothing carries from step to step.
#include "lime_string.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define LIME_STRING_AVX2 __attribute__((target("avx2,popcnt,bmi")))
#define LIME_STRING_AVX512 __attribute__((target("avx512f,avx512bw,avx2,popcnt,bmi")))

// Unsigned `a >= b` in every byte, as all ones.
LIME_STRING_AVX2 static inline __attribute__((always_inline)) __m256i at_least(__m256i a, uint8_t b) {
    return _mm256_cmpeq_epi8(_mm256_max_epu8(a, _mm256_set1_epi8((char)b)), a);
}

LIME_STRING_AVX2 static inline __attribute__((always_inline)) __m256i equal(__m256i a, uint8_t b) {
    return _mm256_cmpeq_epi8(a, _mm256_set1_epi8((char)b));
}

// The lanes at or below `stop` (a lane number, 32 or 64 for none), for masks of `width` lanes.
static inline __attribute__((always_inline)) uint64_t through(int stop, int width) {
    return stop >= width - 1 ? (width == 64 ? ~0ULL : (1ULL << width) - 1) : (2ULL << stop) - 1;
}

LIME_STRING_AVX2 int64_t lime_scan_string_avx2(const uint8_t *base, int64_t count, int64_t start,
                                               int64_t *continuations, int32_t *stopped) {
    int64_t index = start;
    int64_t passed = 0;
    *stopped = 0;
    while (index + 32 <= count) {
        const uint8_t *p = base + index;
        __m256i x = _mm256_loadu_si256((const __m256i *)p);
        __m256i back1 = _mm256_loadu_si256((const __m256i *)(p - 1));
        __m256i back2 = _mm256_loadu_si256((const __m256i *)(p - 2));
        __m256i back3 = _mm256_loadu_si256((const __m256i *)(p - 3));
        __m256i specials = _mm256_or_si256(_mm256_or_si256(equal(x, '"'), equal(x, '\\')),
                                           _mm256_cmpeq_epi8(_mm256_min_epu8(x, _mm256_set1_epi8(0x1F)), x));
        __m256i continuation = equal(_mm256_and_si256(x, _mm256_set1_epi8((char)0xC0)), 0x80);
        __m256i expected = _mm256_or_si256(_mm256_or_si256(at_least(back1, 0xC0), at_least(back2, 0xE0)),
                                           at_least(back3, 0xF0));
        __m256i errors = _mm256_xor_si256(expected, continuation);
        errors = _mm256_or_si256(errors, equal(_mm256_and_si256(x, _mm256_set1_epi8((char)0xFE)), 0xC0));
        errors = _mm256_or_si256(errors, at_least(x, 0xF5));
        __m256i a0 = at_least(x, 0xA0), n90 = at_least(x, 0x90);
        errors = _mm256_or_si256(errors, _mm256_andnot_si256(a0, equal(back1, 0xE0)));
        errors = _mm256_or_si256(errors, _mm256_and_si256(a0, equal(back1, 0xED)));
        errors = _mm256_or_si256(errors, _mm256_andnot_si256(n90, equal(back1, 0xF0)));
        errors = _mm256_or_si256(errors, _mm256_and_si256(n90, equal(back1, 0xF4)));
        uint32_t special_bits = (uint32_t)_mm256_movemask_epi8(specials);
        uint32_t error_bits = (uint32_t)_mm256_movemask_epi8(errors);
        uint32_t continuation_bits = (uint32_t)_mm256_movemask_epi8(continuation);
        if ((special_bits | error_bits) == 0) {
            passed += __builtin_popcount(continuation_bits);
            index += 32;
            continue;
        }
        int stop = special_bits ? (int)_tzcnt_u32(special_bits) : 32;
        if (error_bits & (uint32_t)through(stop, 32)) {
            *continuations += passed;
            return -1;
        }
        // A stop byte with no error through it: a special is there.
        passed += __builtin_popcount(continuation_bits & ((1U << stop) - 1));
        *continuations += passed;
        *stopped = 1;
        return index + stop;
    }
    *continuations += passed;
    return index;
}

LIME_STRING_AVX512 int64_t lime_scan_string_avx512(const uint8_t *base, int64_t count, int64_t start,
                                                   int64_t *continuations, int32_t *stopped) {
    int64_t index = start;
    int64_t passed = 0;
    *stopped = 0;
    while (index + 64 <= count) {
        const uint8_t *p = base + index;
        __m512i x = _mm512_loadu_si512((const void *)p);
        __m512i back1 = _mm512_loadu_si512((const void *)(p - 1));
        __m512i back2 = _mm512_loadu_si512((const void *)(p - 2));
        __m512i back3 = _mm512_loadu_si512((const void *)(p - 3));
        uint64_t specials = _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('"'))
            | _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('\\')) | _mm512_cmple_epu8_mask(x, _mm512_set1_epi8(0x1F));
        uint64_t continuation =
            _mm512_cmpeq_epi8_mask(_mm512_and_si512(x, _mm512_set1_epi8((char)0xC0)), _mm512_set1_epi8((char)0x80));
        uint64_t expected = _mm512_cmpge_epu8_mask(back1, _mm512_set1_epi8((char)0xC0))
            | _mm512_cmpge_epu8_mask(back2, _mm512_set1_epi8((char)0xE0))
            | _mm512_cmpge_epu8_mask(back3, _mm512_set1_epi8((char)0xF0));
        uint64_t errors = (expected ^ continuation)
            | _mm512_cmpeq_epi8_mask(_mm512_and_si512(x, _mm512_set1_epi8((char)0xFE)), _mm512_set1_epi8((char)0xC0))
            | _mm512_cmpge_epu8_mask(x, _mm512_set1_epi8((char)0xF5));
        uint64_t a0 = _mm512_cmpge_epu8_mask(x, _mm512_set1_epi8((char)0xA0));
        uint64_t n90 = _mm512_cmpge_epu8_mask(x, _mm512_set1_epi8((char)0x90));
        errors |= (_mm512_cmpeq_epi8_mask(back1, _mm512_set1_epi8((char)0xE0)) & ~a0)
            | (_mm512_cmpeq_epi8_mask(back1, _mm512_set1_epi8((char)0xED)) & a0)
            | (_mm512_cmpeq_epi8_mask(back1, _mm512_set1_epi8((char)0xF0)) & ~n90)
            | (_mm512_cmpeq_epi8_mask(back1, _mm512_set1_epi8((char)0xF4)) & n90);
        if ((specials | errors) == 0) {
            passed += __builtin_popcountll(continuation);
            index += 64;
            continue;
        }
        int stop = specials ? (int)_tzcnt_u64(specials) : 64;
        if (errors & through(stop, 64)) {
            *continuations += passed;
            return -1;
        }
        passed += __builtin_popcountll(continuation & ((1ULL << stop) - 1));
        *continuations += passed;
        *stopped = 1;
        return index + stop;
    }
    *continuations += passed;
    return index;
}

#else

int64_t lime_scan_string_avx2(const uint8_t *base, int64_t count, int64_t start, int64_t *continuations,
                              int32_t *stopped) {
    (void)base; (void)count; (void)continuations;
    *stopped = 0;
    return start;
}

int64_t lime_scan_string_avx512(const uint8_t *base, int64_t count, int64_t start, int64_t *continuations,
                                int32_t *stopped) {
    (void)base; (void)count; (void)continuations;
    *stopped = 0;
    return start;
}

#endif
