// Stage 1 of LimeJSON's structural index, for processors with AVX2 or AVX-512: the same computation as the
// Swift path in Sources/LimeJSON/Index (StructuralIndexer, ByteClasses, UTF8Check), 64 bytes at a
// time, 32 bytes an instruction. LimeJSON calls it only when lime_index_avx2_available() says the
// processor has AVX2, PCLMULQDQ, POPCNT and BMI1; its tests check both paths give the same index.
#ifndef LIME_INDEX_H
#define LIME_INDEX_H

#include <stddef.h>
#include <stdint.h>

/// What carries from one block to the next, and what stage 1 counts (see StructuralIndexer).
typedef struct {
    uint64_t escape_carry;      ///< 1: the previous block ended in an odd run of backslashes
    uint64_t in_string_carry;   ///< all ones: the previous block ended inside a string
    uint64_t scalar_carry;      ///< 1: the previous block ended inside a number or literal
    uint64_t utf8_expected;     ///< continuation bytes expected at the start of this block
    uint64_t utf8_special;      ///< bits 0-3: the previous block ended with E0, ED, F0, F4
    int64_t first_suspect;      ///< absolute offset of the first suspicious byte (INT64_MAX: none)
    int64_t line_feeds;         ///< line feeds outside strings so far
    int64_t line_start;         ///< absolute offset of the current line's first byte
    int64_t continuation_bytes; ///< UTF-8 continuation bytes so far
    int64_t continuation_bytes_before_line;
} lime_index_state;

/// 1 when this processor can run lime_index_blocks_avx2.
int lime_index_avx2_available(void);

/// Indexes `blocks` blocks of 64 bytes at `bytes`, whose first byte is at absolute offset
/// `absolute` and at offset `local` from the positions' origin. Appends the structural offsets
/// to `positions` from `*count` on (room for 64 a block is needed: groups of eight are written
/// whole).
void lime_index_blocks_avx2(lime_index_state *state, const uint8_t *bytes, size_t blocks, int64_t absolute,
                            uint32_t local, uint32_t *positions, size_t *count);

/// 1 when this processor can also run lime_index_blocks_avx512 (AVX-512F and BW).
int lime_index_avx512_available(void);

/// The same as lime_index_blocks_avx2, a whole block in one AVX-512 register.
void lime_index_blocks_avx512(lime_index_state *state, const uint8_t *bytes, size_t blocks, int64_t absolute,
                              uint32_t local, uint32_t *positions, size_t *count);

#endif
