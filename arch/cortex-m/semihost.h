/* arch/cortex-m/semihost.h - ARM semihosting, used to end a simulator run with a status. */
#ifndef ARCH_CORTEX_M_SEMIHOST_H
#define ARCH_CORTEX_M_SEMIHOST_H

/* Ask the host to exit with `code` (SYS_EXIT_EXTENDED). Only valid under a simulator or a
 * debugger with semihosting on; on a bare board the BKPT would fault, so callers decide. */
void semihost_exit(int code);

#endif
