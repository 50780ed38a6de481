/*
 * tests/qemu/ipc_copy/judge.c - calls echo with every length and alignment (copy.h) and
 * checks every byte that came back and every guard byte around it.
 */
#include <string.h>

#include "../harness/qtest.h"
#include "copy.h"
#include "system.h"

int main(void);

/* The byte j of call i's message. */
static uint8_t pattern(uint32_t i, uint32_t j)
{
    return (uint8_t)(i * 7u + j * 13u + 1u);
}

/* A source in the judge's code region (read-only): its bytes do not change with the call. */
#define CONST_BYTE(j) ((uint8_t)(0x30u + (j)))
static const uint8_t const_src[3u + MAX_COPY + 1u] __attribute__((aligned(4))) = {
#define B4(j) CONST_BYTE(j), CONST_BYTE(j + 1u), CONST_BYTE(j + 2u), CONST_BYTE(j + 3u)
    B4(0u), B4(4u), B4(8u), B4(12u), B4(16u), B4(20u), B4(24u), B4(28u), B4(32u), B4(36u), B4(40u)};

static uint8_t src[AREA + 3u] __attribute__((aligned(4)));
static uint8_t dst[AREA + 3u] __attribute__((aligned(4)));

static const char *one_call(uint32_t i, int from_code, uint32_t *bad_request)
{
    uint32_t so = SRC_OFFSET(i), dof = DST_OFFSET(i), len = LENGTH(i);
    const uint8_t *from;
    uint8_t want[MAX_COPY];
    if (from_code) {
        from = &const_src[so];
        for (uint32_t j = 0; j < len; j++) {
            want[j] = CONST_BYTE(so + j);
        }
    } else {
        for (uint32_t j = 0; j < len; j++) {
            want[j] = src[GUARD + so + j] = pattern(i, j);
        }
        from = &src[GUARD + so];
    }
    memset(dst, CLI_FILL, sizeof(dst));
    struct pl_msg m = {.label = i, .data = from, .len = len};
    struct pl_recvd rep;
    int err = pl_call(EP_ECHO, &m, &dst[GUARD + dof], CAP, &rep, PL_WAIT_FOREVER);
    if (err != PL_OK || rep.label != i || rep.len != len || rep.w1 != SRV_OFFSET(i)) {
        return qt_why("call %lu (len %lu, offsets %lu -> %lu -> %lu): status %d, label %lu, "
                      "len %lu, echo offset %lu",
                      (unsigned long)i, (unsigned long)len, (unsigned long)so,
                      (unsigned long)SRV_OFFSET(i), (unsigned long)dof, err,
                      (unsigned long)rep.label, (unsigned long)rep.len, (unsigned long)rep.w1);
    }
    *bad_request += rep.w0;
    for (uint32_t j = 0; j < sizeof(dst); j++) {
        int inside = j >= GUARD + dof && j < GUARD + dof + len;
        uint8_t expect = inside ? want[j - GUARD - dof] : CLI_FILL;
        if (dst[j] != expect) {
            return qt_why("call %lu (len %lu, offsets %lu -> %lu -> %lu): byte %lu of the "
                          "reply area is 0x%02x, not 0x%02x (%s)",
                          (unsigned long)i, (unsigned long)len, (unsigned long)so,
                          (unsigned long)SRV_OFFSET(i), (unsigned long)dof, (unsigned long)j,
                          dst[j], expect, inside ? "a copied byte" : "a guard byte");
        }
    }
    return NULL;
}

/* Every call of one pass; guard bytes echo saw changed are counted in *bad_request. */
static const char *pass(int from_code, uint32_t *bad_request)
{
    memset(src, CLI_FILL, sizeof(src));
    for (uint32_t i = 0; i < CALLS; i++) {
        QT_STEP(one_call(i, from_code, bad_request));
    }
    return NULL;
}

static const char *guards(uint32_t bad)
{
    return bad ? qt_why("%lu guard bytes around echo's landing areas changed", (unsigned long)bad)
               : NULL;
}

int main(void)
{
    uint32_t bad_ram = 0, bad_code = 0;
    qt_begin(SYSTEM_NAME);
    qt_report("bytes_from_ram_arrive_whole_at_every_alignment_and_length_0_to_40",
              pass(0, &bad_ram));
    qt_report("a_request_from_ram_changes_no_byte_around_its_landing_area", guards(bad_ram));
    qt_report("bytes_from_code_arrive_whole_at_every_alignment_and_length_0_to_40",
              pass(1, &bad_code));
    qt_report("a_request_from_code_changes_no_byte_around_its_landing_area", guards(bad_code));
    qt_finish();
}
