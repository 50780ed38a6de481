/*
 * user/lib/ntfn_mirror.c - the task's poll mirror (include/parley/ipc.h, docs/ipc.md).
 *
 * Linked into a task only if it polls (pl_ntfn_poll names it). Its own section, which the
 * image's link script places at the start of the task's .data, so that the kernel finds it
 * from the link's symbols and checks it at boot. Until the kernel writes it, it names no
 * notification, and every poll traps.
 */
#include "parley.h"

__attribute__((section(PL_NTFN_MIRROR_SECTION),
               aligned(4))) volatile uint32_t pl_ntfn_mirror[PL_NTFN_MIRROR_WORDS] = {
    PL_NTFN_MIRROR_NONE, 0, 0};
