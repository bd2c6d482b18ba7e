// Long string contents, 32 or 64 bytes a step; see include/lime_string.h. Included by lime_index.c
// (one translation unit for the C kernels), not compiled on its own. The rules are
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

// The lanes at or below `stop` (a lane number, or `width` for none), for masks of `width` lanes.
static inline __attribute__((always_inline)) uint64_t through(int stop, int width) {
    return stop >= width - 1 ? (width == 64 ? ~0ULL : (1ULL << width) - 1) : (2ULL << stop) - 1;
}

// One step's answers, a bit per byte: the stop bytes ('"', '\', control), the bytes that break a
// rule, the continuation bytes.
typedef struct {
    uint64_t specials, errors, continuations;
} lime_string_step;

LIME_STRING_AVX2 static inline __attribute__((always_inline)) lime_string_step step_avx2(const uint8_t *p) {
    __m256i x = _mm256_loadu_si256((const __m256i *)p);
    __m256i back1 = _mm256_loadu_si256((const __m256i *)(p - 1));
    __m256i back2 = _mm256_loadu_si256((const __m256i *)(p - 2));
    __m256i back3 = _mm256_loadu_si256((const __m256i *)(p - 3));
    __m256i specials = _mm256_or_si256(_mm256_or_si256(equal(x, '"'), equal(x, '\\')),
                                       _mm256_cmpeq_epi8(_mm256_min_epu8(x, _mm256_set1_epi8(0x1F)), x));
    __m256i continuation = equal(_mm256_and_si256(x, _mm256_set1_epi8((char)0xC0)), 0x80);
    __m256i expected =
        _mm256_or_si256(_mm256_or_si256(at_least(back1, 0xC0), at_least(back2, 0xE0)), at_least(back3, 0xF0));
    __m256i errors = _mm256_xor_si256(expected, continuation);
    errors = _mm256_or_si256(errors, equal(_mm256_and_si256(x, _mm256_set1_epi8((char)0xFE)), 0xC0));
    errors = _mm256_or_si256(errors, at_least(x, 0xF5));
    __m256i a0 = at_least(x, 0xA0), n90 = at_least(x, 0x90);
    errors = _mm256_or_si256(errors, _mm256_andnot_si256(a0, equal(back1, 0xE0)));
    errors = _mm256_or_si256(errors, _mm256_and_si256(a0, equal(back1, 0xED)));
    errors = _mm256_or_si256(errors, _mm256_andnot_si256(n90, equal(back1, 0xF0)));
    errors = _mm256_or_si256(errors, _mm256_and_si256(n90, equal(back1, 0xF4)));
    lime_string_step step = {(uint32_t)_mm256_movemask_epi8(specials), (uint32_t)_mm256_movemask_epi8(errors),
                             (uint32_t)_mm256_movemask_epi8(continuation)};
    return step;
}

LIME_STRING_AVX512 static inline __attribute__((always_inline)) lime_string_step step_avx512(const uint8_t *p) {
    __m512i x = _mm512_loadu_si512((const void *)p);
    __m512i back1 = _mm512_loadu_si512((const void *)(p - 1));
    __m512i back2 = _mm512_loadu_si512((const void *)(p - 2));
    __m512i back3 = _mm512_loadu_si512((const void *)(p - 3));
#define LIME_AT_LEAST(v, b) _mm512_cmpge_epu8_mask((v), _mm512_set1_epi8((char)(b)))
#define LIME_EQUAL(v, b) _mm512_cmpeq_epi8_mask((v), _mm512_set1_epi8((char)(b)))
    uint64_t specials = LIME_EQUAL(x, '"') | LIME_EQUAL(x, '\\') | _mm512_cmple_epu8_mask(x, _mm512_set1_epi8(0x1F));
    uint64_t continuation = LIME_EQUAL(_mm512_and_si512(x, _mm512_set1_epi8((char)0xC0)), 0x80);
    uint64_t expected = LIME_AT_LEAST(back1, 0xC0) | LIME_AT_LEAST(back2, 0xE0) | LIME_AT_LEAST(back3, 0xF0);
    uint64_t a0 = LIME_AT_LEAST(x, 0xA0), n90 = LIME_AT_LEAST(x, 0x90);
    uint64_t errors = (expected ^ continuation) | LIME_EQUAL(_mm512_and_si512(x, _mm512_set1_epi8((char)0xFE)), 0xC0)
        | LIME_AT_LEAST(x, 0xF5) | (LIME_EQUAL(back1, 0xE0) & ~a0) | (LIME_EQUAL(back1, 0xED) & a0)
        | (LIME_EQUAL(back1, 0xF0) & ~n90) | (LIME_EQUAL(back1, 0xF4) & n90);
#undef LIME_AT_LEAST
#undef LIME_EQUAL
    lime_string_step step = {specials, errors, continuation};
    return step;
}

// The loop over whole steps, the same for every instruction set: only a step's masks are made
// differently, by `STEP`, inlined into it.
#define LIME_SCAN_STRING(NAME, TARGET, WIDTH, STEP)                                                               \
    TARGET int64_t NAME(const uint8_t *base, int64_t count, int64_t start, int64_t *continuations,              \
                        int32_t *stopped) {                                                                      \
        int64_t index = start, passed = 0;                                                                       \
        *stopped = 0;                                                                                            \
        for (; index + (WIDTH) <= count; index += (WIDTH)) {                                                     \
            lime_string_step step = STEP(base + index);                                                          \
            if ((step.specials | step.errors) == 0) {                                                            \
                passed += __builtin_popcountll(step.continuations);                                              \
                continue;                                                                                        \
            }                                                                                                    \
            int stop = step.specials ? __builtin_ctzll(step.specials) : (WIDTH);                                 \
            if (step.errors & through(stop, (WIDTH))) {                                                          \
                *continuations += passed;                                                                        \
                return -1;                                                                                       \
            }                                                                                                    \
            /* A stop byte with well-formed text through it. */                                                  \
            passed += __builtin_popcountll(step.continuations & ((1ULL << stop) - 1));                           \
            *continuations += passed;                                                                            \
            *stopped = 1;                                                                                        \
            return index + stop;                                                                                 \
        }                                                                                                        \
        *continuations += passed;                                                                                \
        return index;                                                                                            \
    }

LIME_SCAN_STRING(lime_scan_string_avx2, LIME_STRING_AVX2, 32, step_avx2)
LIME_SCAN_STRING(lime_scan_string_avx512, LIME_STRING_AVX512, 64, step_avx512)

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
