// AVX2 stage 1; see include/lime_index.h. Each step mirrors a function of the Swift path, whose
// comments say why it works; the names match.
#include "lime_index.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define LIME_TARGET __attribute__((target("avx2,pclmul,popcnt,bmi")))

int lime_index_avx2_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("popcnt")
        && __builtin_cpu_supports("bmi");
}

// The empty asm hides where the bits came from: without it clang turns later shifts and ORs of
// the masks into operations on vectors of booleans, then takes those apart bit by bit.
LIME_TARGET static inline __attribute__((always_inline)) uint64_t mask64(__m256i low, __m256i high) {
    uint32_t a = (uint32_t)_mm256_movemask_epi8(low);
    uint32_t b = (uint32_t)_mm256_movemask_epi8(high);
    uint64_t bits = (uint64_t)a | ((uint64_t)b << 32);
    __asm__("" : "+r"(bits));
    return bits;
}

LIME_TARGET static inline __attribute__((always_inline)) __m256i eq(__m256i v, char c) { return _mm256_cmpeq_epi8(v, _mm256_set1_epi8(c)); }

// StructuralIndexer.escapedBytes
LIME_TARGET static inline __attribute__((always_inline)) uint64_t escaped_bytes(uint64_t backslash, uint64_t *carry) {
    const uint64_t even = 0x5555555555555555ULL;
    uint64_t starts = backslash & ~(backslash << 1);
    uint64_t even_start_mask = even ^ *carry;
    uint64_t even_starts = starts & even_start_mask;
    uint64_t odd_starts = starts & ~even_start_mask;
    uint64_t even_carries = backslash + even_starts;
    uint64_t odd_sum;
    int overflow = __builtin_add_overflow(backslash, odd_starts, &odd_sum);
    uint64_t odd_carries = odd_sum | *carry;
    *carry = overflow ? 1 : 0;
    uint64_t even_ends = even_carries & ~backslash;
    uint64_t odd_ends = odd_carries & ~backslash;
    return (even_ends & ~even) | (odd_ends & even);
}

// StructuralIndexer.escapeStarts
LIME_TARGET static inline __attribute__((always_inline)) uint64_t escape_starts(uint64_t backslash, uint64_t carry) {
    const uint64_t even = 0x5555555555555555ULL;
    uint64_t unescaped = backslash & ~carry;
    uint64_t starts = unescaped & ~(unescaped << 1);
    uint64_t even_runs = unescaped & ~(unescaped + (starts & even));
    uint64_t odd_runs = unescaped & ~even_runs;
    return (even_runs & even) | (odd_runs & ~even);
}

// StructuralIndexer.prefixXOR, as one carry-less multiplication by all ones.
LIME_TARGET static inline __attribute__((always_inline)) uint64_t prefix_xor(uint64_t bits) {
    __m128i product = _mm_clmulepi64_si128(_mm_set_epi64x(0, (long long)bits), _mm_set1_epi8((char)0xFF), 0);
    return (uint64_t)_mm_cvtsi128_si64(product);
}

// The masks of one block, as ByteClasses and UTF8Check.Masks hold them.
typedef struct {
    uint64_t quote, backslash, operators, whitespace, line_feed, control, non_ascii;
    uint64_t bit6, bit5, bit4, never, e0, ed, f0, f4;  // only filled in when non_ascii != 0
} lime_masks;

// UTF8Check.check on the masks; returns the bytes that break a rule.
LIME_TARGET static inline __attribute__((always_inline)) uint64_t utf8_rules(lime_index_state *s, const lime_masks *m, uint64_t *continuations_out) {
    uint64_t continuations = m->non_ascii & ~m->bit6;
    uint64_t lead2 = m->non_ascii & m->bit6, lead3 = lead2 & m->bit5, lead4 = lead3 & m->bit4;
    uint64_t reached = (lead2 << 1) | (lead3 << 2) | (lead4 << 3) | s->utf8_expected;
    s->utf8_expected = (lead2 >> 63) | (lead3 >> 62) | (lead4 >> 61);
    uint64_t errors = (reached ^ continuations) | m->never;
    uint64_t special = s->utf8_special;
    uint64_t after_e0 = (m->e0 << 1) | (special & 1);
    uint64_t after_ed = (m->ed << 1) | ((special >> 1) & 1);
    uint64_t after_f0 = (m->f0 << 1) | ((special >> 2) & 1);
    uint64_t after_f4 = (m->f4 << 1) | ((special >> 3) & 1);
    uint64_t high_bits = m->bit5 | m->bit4;
    errors |= (after_e0 & ~m->bit5) | (after_ed & m->bit5) | (after_f0 & ~high_bits) | (after_f4 & high_bits);
    s->utf8_special = (m->e0 >> 63) | ((m->ed >> 63) << 1) | ((m->f0 >> 63) << 2) | ((m->f4 >> 63) << 3);
    *continuations_out = continuations;
    return errors;
}

static inline __attribute__((always_inline)) void suspect(lime_index_state *s, int64_t at) {
    if (at < s->first_suspect) s->first_suspect = at;
}

// StructuralIndexer.block on a block's masks: entries out, state carried. Returns the new count.
LIME_TARGET static inline __attribute__((always_inline)) size_t index_block(lime_index_state *s, const lime_masks *m, int64_t absolute, uint32_t local,
                                             uint32_t *positions, size_t n) {
    uint64_t escapes = escape_starts(m->backslash, s->escape_carry);
    uint64_t escaped = escaped_bytes(m->backslash, &s->escape_carry);
    uint64_t quotes = m->quote & ~escaped;
    uint64_t in_string = prefix_xor(quotes) ^ s->in_string_carry;
    s->in_string_carry = (uint64_t)((int64_t)in_string >> 63);
    uint64_t scalar = ~(m->operators | m->whitespace | quotes | in_string);
    uint64_t scalar_starts = scalar & ~((scalar << 1) | s->scalar_carry);
    s->scalar_carry = scalar >> 63;
    uint64_t structurals = (m->operators & ~in_string) | quotes | (escapes & in_string) | scalar_starts;

    // StructuralPositions.append(bits:at:), eight at a time without a branch per entry.
    int found = __builtin_popcountll(structurals);
    uint32_t *out = positions + n;
    uint64_t bits = structurals;
    for (int group = 0; group < found; group += 8) {
        for (int k = 0; k < 8; k++) {
            out[group + k] = local + (uint32_t)_tzcnt_u64(bits);
            bits = _blsr_u64(bits);
        }
    }
    n += (size_t)found;

    uint64_t control_in_string = m->control & in_string;
    if (control_in_string) suspect(s, absolute + (int64_t)_tzcnt_u64(control_in_string));
    uint64_t continuations = 0;
    if (m->non_ascii) {
        uint64_t errors = utf8_rules(s, m, &continuations);
        if (errors) suspect(s, absolute + (int64_t)_tzcnt_u64(errors));
    } else if (s->utf8_expected | s->utf8_special) {
        uint64_t errors = s->utf8_expected;
        s->utf8_expected = 0;
        s->utf8_special = 0;
        if (errors) suspect(s, absolute + (int64_t)_tzcnt_u64(errors));
    }
    uint64_t feeds = m->line_feed & ~in_string;
    if (feeds) {
        int last = 63 - __builtin_clzll(feeds);
        s->line_feeds += __builtin_popcountll(feeds);
        s->line_start = absolute + last + 1;
        uint64_t before = continuations & ((1ULL << last) - 1);
        s->continuation_bytes_before_line = s->continuation_bytes + __builtin_popcountll(before);
    }
    s->continuation_bytes += __builtin_popcountll(continuations);
    return n;
}

// ByteClasses.vector and UTF8Check.vectorMasks, 32 bytes an instruction.
LIME_TARGET static inline __attribute__((always_inline)) void masks_avx2(const uint8_t *bytes, lime_masks *m) {
    __m256i low = _mm256_loadu_si256((const __m256i *)bytes);
    __m256i high = _mm256_loadu_si256((const __m256i *)(bytes + 32));
    m->quote = mask64(eq(low, '"'), eq(high, '"'));
    m->backslash = mask64(eq(low, '\\'), eq(high, '\\'));
    __m256i case_bit = _mm256_set1_epi8(0x20);
    __m256i folded_low = _mm256_or_si256(low, case_bit), folded_high = _mm256_or_si256(high, case_bit);
    m->operators = mask64(
        _mm256_or_si256(_mm256_or_si256(eq(folded_low, '{'), eq(folded_low, '}')), _mm256_or_si256(eq(low, ','), eq(low, ':'))),
        _mm256_or_si256(_mm256_or_si256(eq(folded_high, '{'), eq(folded_high, '}')), _mm256_or_si256(eq(high, ','), eq(high, ':'))));
    __m256i last_control = _mm256_set1_epi8(0x1F);
    m->control = mask64(_mm256_cmpeq_epi8(_mm256_min_epu8(low, last_control), low),
                        _mm256_cmpeq_epi8(_mm256_min_epu8(high, last_control), high));
    m->whitespace = mask64(eq(low, ' '), eq(high, ' '));
    m->line_feed = 0;
    if (m->control) {
        m->line_feed = mask64(eq(low, '\n'), eq(high, '\n'));
        m->whitespace |= m->line_feed
            | mask64(_mm256_or_si256(eq(low, '\t'), eq(low, '\r')), _mm256_or_si256(eq(high, '\t'), eq(high, '\r')));
    }
    m->non_ascii = mask64(low, high);
    if (!m->non_ascii) return;
    __m256i low2 = _mm256_add_epi8(low, low), high2 = _mm256_add_epi8(high, high);
    __m256i low4 = _mm256_add_epi8(low2, low2), high4 = _mm256_add_epi8(high2, high2);
    m->bit6 = mask64(low2, high2);
    m->bit5 = mask64(low4, high4);
    m->bit4 = mask64(_mm256_add_epi8(low4, low4), _mm256_add_epi8(high4, high4));
    __m256i fe = _mm256_set1_epi8((char)0xFE), c0 = _mm256_set1_epi8((char)0xC0), f5 = _mm256_set1_epi8((char)0xF5);
    m->never = mask64(
        _mm256_or_si256(_mm256_cmpeq_epi8(_mm256_and_si256(low, fe), c0), _mm256_cmpeq_epi8(_mm256_max_epu8(low, f5), low)),
        _mm256_or_si256(_mm256_cmpeq_epi8(_mm256_and_si256(high, fe), c0), _mm256_cmpeq_epi8(_mm256_max_epu8(high, f5), high)));
    m->e0 = mask64(eq(low, (char)0xE0), eq(high, (char)0xE0));
    m->ed = mask64(eq(low, (char)0xED), eq(high, (char)0xED));
    m->f0 = mask64(eq(low, (char)0xF0), eq(high, (char)0xF0));
    m->f4 = mask64(eq(low, (char)0xF4), eq(high, (char)0xF4));
}

// The loop over whole blocks, the same for every instruction set: only the masks of a block are
// made differently, by `MASKS`, inlined into it (each kernel is one function with no call per block).
#define LIME_INDEX_BLOCKS(NAME, TARGET, MASKS)                                                                      \
    TARGET void NAME(lime_index_state *s, const uint8_t *bytes, size_t blocks, int64_t absolute, uint32_t local,    \
                     uint32_t *positions, size_t *count) {                                                          \
        size_t n = *count;                                                                                          \
        for (size_t block = 0; block < blocks; block++, bytes += 64, absolute += 64, local += 64) {                 \
            lime_masks m;                                                                                           \
            MASKS(bytes, &m);                                                                                       \
            n = index_block(s, &m, absolute, local, positions, n);                                                  \
        }                                                                                                           \
        *count = n;                                                                                                 \
    }

LIME_INDEX_BLOCKS(lime_index_blocks_avx2, LIME_TARGET, masks_avx2)

#define LIME_TARGET_512 __attribute__((target("avx512f,avx512bw,avx2,pclmul,popcnt,bmi")))

int lime_index_avx512_available(void) {
    __builtin_cpu_init();
    return lime_index_avx2_available() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
}

// The same masks with AVX-512BW: a whole block in one register, each class one compare straight
// into a 64-bit mask register.
LIME_TARGET_512 static inline __attribute__((always_inline)) void masks_avx512(const uint8_t *bytes, lime_masks *m) {
    __m512i x = _mm512_loadu_si512((const void *)bytes);
    m->quote = _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('"'));
    m->backslash = _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('\\'));
    __m512i folded = _mm512_or_si512(x, _mm512_set1_epi8(0x20));
    m->operators = _mm512_cmpeq_epi8_mask(folded, _mm512_set1_epi8('{')) | _mm512_cmpeq_epi8_mask(folded, _mm512_set1_epi8('}'))
        | _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8(',')) | _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8(':'));
    m->control = _mm512_cmple_epu8_mask(x, _mm512_set1_epi8(0x1F));
    m->whitespace = _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8(' '));
    m->line_feed = 0;
    if (m->control) {
        m->line_feed = _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('\n'));
        m->whitespace |= m->line_feed | _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('\t'))
            | _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('\r'));
    }
    m->non_ascii = _mm512_movepi8_mask(x);
    if (!m->non_ascii) return;
    __m512i x2 = _mm512_add_epi8(x, x), x4 = _mm512_add_epi8(x2, x2);
    m->bit6 = _mm512_movepi8_mask(x2);
    m->bit5 = _mm512_movepi8_mask(x4);
    m->bit4 = _mm512_movepi8_mask(_mm512_add_epi8(x4, x4));
    m->never = _mm512_cmpeq_epi8_mask(_mm512_and_si512(x, _mm512_set1_epi8((char)0xFE)), _mm512_set1_epi8((char)0xC0))
        | _mm512_cmpge_epu8_mask(x, _mm512_set1_epi8((char)0xF5));
    m->e0 = _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8((char)0xE0));
    m->ed = _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8((char)0xED));
    m->f0 = _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8((char)0xF0));
    m->f4 = _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8((char)0xF4));
}

LIME_INDEX_BLOCKS(lime_index_blocks_avx512, LIME_TARGET_512, masks_avx512)

#else

int lime_index_avx2_available(void) { return 0; }

int lime_index_avx512_available(void) { return 0; }

void lime_index_blocks_avx512(lime_index_state *state, const uint8_t *bytes, size_t blocks, int64_t absolute,
                              uint32_t local, uint32_t *positions, size_t *count) {
    (void)state; (void)bytes; (void)blocks; (void)absolute; (void)local; (void)positions; (void)count;
}

void lime_index_blocks_avx2(lime_index_state *state, const uint8_t *bytes, size_t blocks, int64_t absolute,
                            uint32_t local, uint32_t *positions, size_t *count) {
    (void)state; (void)bytes; (void)blocks; (void)absolute; (void)local; (void)positions; (void)count;
}

#endif

// The long-string kernels, in this same translation unit: valgrind 3.19 (Debian 12's) cannot read a
// binary with two DWARF 5 units from C, and callgrind's instruction counts are how this package
// measures (see lime_string_kernels.h).
#include "lime_string_kernels.h"
