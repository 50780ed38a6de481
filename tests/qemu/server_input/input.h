/* tests/qemu/server_input/input.h - the judge's orders to the client. */
#ifndef TESTS_QEMU_SERVER_INPUT_H
#define TESTS_QEMU_SERVER_INPUT_H

enum input_op {
    OP_WRITE = 1,  /* CONSOLE_WRITE of b bytes from address a */
    OP_STATS_INTO, /* CONSOLE_STATS with its reply going to address a */
    OP_UNKNOWN,    /* opcode a, which the console does not have */
    OP_GRANT,      /* a CONSOLE_WRITE carrying a grant of the client's send right on console */
    OP_LINE,       /* a good CONSOLE_WRITE: one line; reports the bytes taken in a */
};

#endif
