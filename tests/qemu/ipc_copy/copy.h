/*
 * tests/qemu/ipc_copy/copy.h - what the judge and echo agree on (system.ini).
 */
#ifndef TESTS_QEMU_IPC_COPY_H
#define TESTS_QEMU_IPC_COPY_H

#define MAX_COPY 40u /* lengths 0..MAX_COPY */
#define GUARD    8u  /* guard bytes before and after each buffer's widest use */
#define AREA     (GUARD + 3u + MAX_COPY + GUARD)
#define CAP      48u   /* every receive's capacity: more than any length */
#define SRV_FILL 0xa5u /* echo's guard byte */
#define CLI_FILL 0x5au /* the judge's guard byte */

/* Call i (0..CALLS-1 in each pass) takes its offsets and its length from its number, so that
 * echo's receive offset (its own count of requests, mod 4) is known to the judge too. */
#define CALLS         (64u * (MAX_COPY + 1u))
#define SRV_OFFSET(i) ((i) % 4u)
#define SRC_OFFSET(i) ((i) / 4u % 4u)
#define DST_OFFSET(i) ((i) / 16u % 4u)
#define LENGTH(i)     ((i) / 64u)

#endif
