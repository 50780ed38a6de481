/*
 * parley/ipc.h - the IPC ABI: objects, flags, register layout, reserved labels.
 *
 * Objects (endpoints, notifications, shared pages) are named by small indices that the
 * system description fixes (system.h has EP_<NAME>, NTFN_<NAME>, PAGE_<NAME>_<n>). Whether a
 * task may use one is decided by the rights the description (or a grant) gave it.
 *
 * Every IPC system call uses the same registers, so a server loop moves from one call to the
 * next without shuffling:
 *   in   r0 = object index | flags          r1 = label (opcode)   r2, r3 = data words
 *        r4 = out buffer   r5 = out length  r6 = in buffer        r7 = in capacity
 *        r8 = reply target (task id) or notification mask          r9 = timeout in ticks
 *   out  r0 = status (0 or a negative enum pl_err)                 r1 = label
 *        r2, r3 = data words   r4 = sender task id   r5 = sender badge   r6 = byte length
 * A byte length larger than the in capacity means the message was cut (status PL_ETRUNC).
 * ntfn_wait is the exception: it returns r0-r2 only (status, PL_LABEL_NOTIFICATION, the bits)
 * and keeps every other register. The sender "task id" is a reply handle: the task's index in
 * bits 0-7 and the number of its call above, so a reply answers that call and no other.
 */
#ifndef PARLEY_IPC_H
#define PARLEY_IPC_H

#include <stdint.h>

#define PL_IPC_MAX_BYTES 256u /* largest buffer part of one message */

/* Flags, or-ed into r0 with the object index (bits 0-7). */
#define PL_IPC_INDEX_MASK 0xffu
#define PL_IPC_NONBLOCK   (1u << 8)  /* fail with PL_EAGAIN instead of blocking */
#define PL_IPC_TIMED      (1u << 9)  /* give up with PL_ETIMEDOUT after r9 ticks */
#define PL_IPC_NTFN       (1u << 10) /* recv: also wake for the caller's notification (mask r8) */
#define PL_IPC_GRANT      (1u << 11) /* send/call: pass the right named in r8 (see below) */
#define PL_IPC_ACK        (1u << 12) /* ntfn_wait: first acknowledge the interrupt bits in r3 */

/* A grant (PL_IPC_GRANT) passes one right the sender holds with grant permission to the
 * receiver: r8 = PL_GRANT(endpoint index, PL_RIGHT_SEND or PL_RIGHT_RECV). */
#define PL_RIGHT_SEND       1u
#define PL_RIGHT_RECV       2u
#define PL_RIGHT_GRANT      4u
#define PL_GRANT(ep, right) (((uint32_t)(right) << 8) | (uint32_t)(ep))

/* Label of a receive that was woken by the notification instead of a message; data word 0
 * carries the notification bits (now cleared). No sender, no badge. */
#define PL_LABEL_NOTIFICATION 0xffffffffu

/* A task's poll mirror (docs/ipc.md, "Polling without a trap"): three words in its own .data
 * (user/lib ntfn_mirror.c, section PL_NTFN_MIRROR_SECTION, placed by the image's link) that
 * the kernel writes and never reads: word 0 the index of the notification the task waits on
 * (PL_NTFN_MIRROR_NONE if none, or until the kernel wrote it), word 1 its pending bits, word 2
 * (PL_NTFN_MIRROR_LOST) 0, or a value that changes each time a page the task holds loses its
 * owner (docs/ipc.md, "Kept grants"). */
#define PL_NTFN_MIRROR_WORDS   3u
#define PL_NTFN_MIRROR_LOST    2u
#define PL_NTFN_MIRROR_NONE    0xffffffffu
#define PL_NTFN_MIRROR_SECTION ".pl_ntfn_mirror"

/* Shared page access for pl_shm_grant. */
#define PL_SHM_READ  1u
#define PL_SHM_WRITE 2u
#define PL_SHM_KEEP  4u /* the grantee keeps its mapping when the owner stops (docs/ipc.md) */

/* A message as it arrived (what a receive or a call gives back: r1-r6 above). */
struct pl_recvd {
    uint32_t label, w0, w1;
    uint32_t sender; /* reply handle: task index in bits 0-7, the call's number above
                      * (0 when a notification woke a receive) */
    uint32_t badge;  /* the sender's badge from the system description: who is asking */
    uint32_t len;    /* bytes sent; above the buffer's capacity means it was cut (PL_ETRUNC) */
};

#endif
